"""Consistent options: one default model folder, --out and --output alike, old spellings kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from frames import requests_table
from linkedin_triage.commands.cli import app

runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path, model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user's project folder with a model where `train` puts one by default."""
    shutil.copytree(model_dir, tmp_path / "models" / "latest")
    requests_table(12, seed=2).drop(columns=["decision", "decided_at"], errors="ignore").to_csv(
        tmp_path / "pending.csv", index=False
    )
    requests_table(40, seed=3).to_csv(tmp_path / "history.csv", index=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_predict_evaluate_explain_find_the_default_model_folder(project: Path) -> None:
    result = runner.invoke(app, ["predict", "--input", "pending.csv", "--out", "p.csv"])
    assert result.exit_code == 0, result.output
    first = pd.read_csv(project / "p.csv")["request_id"][0]
    result = runner.invoke(app, ["explain", "--input", "pending.csv", "--id", first])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["evaluate", "--data", "history.csv", "--no-track"])
    assert result.exit_code == 0, result.output


def test_without_a_model_the_default_folder_is_named(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.csv").write_text("name,received_at\nAda,2026-01-01\n")
    result = runner.invoke(app, ["predict", "--input", "p.csv", "--output", "o.csv"])
    assert result.exit_code == 2
    assert "models/latest" in result.output and "train" in result.output


@pytest.mark.parametrize("spelling", ["--out", "--output", "-o"])
def test_out_and_output_are_the_same_option_everywhere(tmp_path, spelling) -> None:
    target = tmp_path / "s"
    result = runner.invoke(app, ["sample", spelling, str(target), "--seed", "3"])
    assert result.exit_code == 0, result.output
    rules = tmp_path / f"rules{spelling.strip('-')}.csv"
    result = runner.invoke(
        app,
        ["rules", "--policy", str(target / "policy.toml"), "--input",
         str(target / "pending.csv"), spelling, str(rules)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert rules.exists()
