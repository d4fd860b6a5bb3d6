"""What the CLI prints around the commands: errors, --version, help texts, output paths."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from frames import requests_table, write_table
from linkedin_triage import __version__
from linkedin_triage.commands.cli import app

runner = CliRunner()
WIDE = 200  # no wrapping, so a message can be matched whole


def _flat(text: str) -> str:
    """Help text with rich's box drawing and wrapping removed."""
    return re.sub(r"\s+", " ", re.sub(r"[│╭╮╰╯─]", " ", text))


def _pending(tmp_path: Path) -> Path:
    return write_table(requests_table(5, seed=1, labelled=False), tmp_path / "pending.csv")


# --- errors ------------------------------------------------------------------------------------


def _rules_with(policy: Path, tmp_path: Path) -> Any:
    """`rules` run with this policy file on a small pending table."""
    args = [
        "rules",
        "-p",
        str(policy),
        "-i",
        str(_pending(tmp_path)),
        "-o",
        str(tmp_path / "x.csv"),
    ]
    return runner.invoke(app, args, terminal_width=WIDE)


def test_policy_errors_print_one_problem_per_line(tmp_path: Path) -> None:
    policy = tmp_path / "bad_policy.toml"
    policy.write_text(
        '[me]\nindustry = "R"\ncountry = "IT"\nfavourite_colour = "blue"\n[rules]\nbogus = 1\n'
    )
    result = _rules_with(policy, tmp_path)
    assert result.exit_code == 2, result.output
    assert "\\u000a" not in result.output
    assert (
        f"error: {policy}: invalid policy\n  me.favourite_colour: unknown key\n"
        "  rules.bogus: unknown key" in result.output
    )


def test_hostile_policy_keys_are_still_escaped(tmp_path: Path) -> None:
    # TOML's quoted keys can hold any character: a key must not drive the terminal, nor
    # add a line that looks like a message of the tool's own.
    policy = tmp_path / "hostile.toml"
    policy.write_text('[me]\nindustry = "R"\ncountry = "IT"\n"x\\u001b[2J\\nerror: y" = 1\n')
    result = _rules_with(policy, tmp_path)
    assert result.exit_code == 2
    assert "\x1b" not in result.output
    assert "me.x\\u001b[2J\\u000aerror: y: unknown key" in result.output


def test_evaluate_without_labels_names_the_file(model_dir: Path, tmp_path: Path) -> None:
    pending = _pending(tmp_path)
    args = ["evaluate", "-m", str(model_dir), "--data", str(pending), "--no-track"]
    result = runner.invoke(app, [*args, "--report-dir", str(tmp_path / "r")], terminal_width=WIDE)
    assert result.exit_code == 2, result.output
    assert f"error: {pending}: no labelled rows to evaluate on" in result.output
    assert "5 without a decision" in result.output
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("command", ["rules", "predict", "train", "evaluate"])
def test_an_output_under_a_file_is_named_as_given(
    command: str, model_dir: Path, policy_file: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "existing_file.toml"
    blocker.write_text("")
    pending = str(_pending(tmp_path))
    target = blocker / ("x.csv" if command in {"rules", "predict"} else "m")
    args = {
        "rules": ["rules", "-p", str(policy_file), "-i", pending, "-o", str(target)],
        "predict": ["predict", "-m", str(model_dir), "-i", pending, "-o", str(target)],
        "train": ["train", "-p", str(policy_file), "--history", pending, "-m", str(target)],
        "evaluate": ["evaluate", "-m", str(model_dir), "--data", pending],
    }[command]
    if command == "evaluate":
        args += ["--report-dir", str(target)]
    result = runner.invoke(
        app,
        [*args, "--no-track"] if command in {"train", "evaluate"} else args,
        terminal_width=WIDE,
    )
    assert result.exit_code == 2, result.output
    assert f"error: {target}: cannot write here ({blocker} is a file, not a folder)" in (
        result.output
    )
    assert "rejects" not in result.output


# --- version and help --------------------------------------------------------------------------


def test_version_prints_the_package_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"linkedin-triage {__version__}"


def test_help_says_where_things_are_written() -> None:
    def help_of(command: str) -> str:
        result = runner.invoke(app, [command, "--help"], terminal_width=WIDE)
        assert result.exit_code == 0, result.output
        return _flat(result.output)

    train = help_of("train")
    assert "A trained model folder" not in train
    assert "Where to write the trained model folder" in train
    assert "MLFLOW_TRACKING_URI" in train
    evaluate = help_of("evaluate")
    assert "<model-dir>-evaluation-report" in evaluate
    assert "MLFLOW_TRACKING_URI" in evaluate
    demo = help_of("demo")
    assert "sample, model and reports" not in demo
    assert "--model-dir" in demo and "models/demo" in demo
    validate = help_of("validate")
    assert "--all" in validate and "--rejects" in validate
