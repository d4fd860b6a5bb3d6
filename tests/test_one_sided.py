"""Histories of accepts only (LinkedIn's export forgets ignores): what train says and does."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import tomli_w
from typer.testing import CliRunner

from frames import POLICY, normalised, policy, requests_table, write_table
from linkedin_triage.commands.cli import app
from linkedin_triage.commands.terminal_views import SHOWN_METRICS
from linkedin_triage.learning.one_sided import (
    accepted_by_the_rules,
    headline,
    is_one_sided,
)
from linkedin_triage.learning.triage_model import fit_model

runner = CliRunner()
# Every metric the train view can show needs both classes: none may appear.
TWO_CLASS_LABELS = tuple(label for _, label in SHOWN_METRICS)


def _all_accepted(n: int, seed: int, ignores: int = 0):
    table = requests_table(n, seed=seed)
    table["decision"] = ["ignore"] * ignores + ["accept"] * (n - ignores)
    return table


def test_one_sided_means_too_few_ignores_but_enough_accepts() -> None:
    assert is_one_sided(400, 0, 15)
    assert is_one_sided(400, 14, 15)
    assert not is_one_sided(400, 15, 15)
    assert not is_one_sided(10, 0, 15)  # too few of both: the rules decide as before


@pytest.mark.parametrize("ignores", [0, 4])
def test_an_accepts_only_history_ranks_with_the_rules_as_written_and_decides_nothing(
    tmp_path: Path, ignores: int
) -> None:
    frame = normalised(_all_accepted(120, seed=5, ignores=ignores), tmp_path)
    model, selection = fit_model(frame, policy())
    assert selection is None
    assert model.mode == "rules" and model.one_sided
    matrix, rules = model.matrix(frame)
    p = model.p_accept(matrix)
    # the rules' own score, not moved to a 0.99 accept rate the export made up
    np.testing.assert_allclose(p, rules.score.to_numpy(float))
    assert p.mean() < 0.9
    assert set(model.decide(p, rules)) == {"review"}
    text = " ".join(model.notes)
    assert "cannot learn what you ignore" in text
    assert "export forgets the requests you ignore" in text
    assert "linkedin-triage review" in text and "ledger" in text
    assert "accepted requests the rules would have accepted" in text


def test_from_five_ignores_the_rules_are_calibrated_to_the_accept_rate(tmp_path: Path) -> None:
    frame = normalised(_all_accepted(120, seed=5, ignores=8), tmp_path)
    model, _ = fit_model(frame, policy())
    assert model.one_sided and model.candidate == "rules_prior"
    matrix, rules = model.matrix(frame)
    p = model.p_accept(matrix)
    assert abs(p.mean() - 112 / 120) < 0.03  # what 8 ignores can estimate: the accept rate
    # ...but not the precision of a gate: every request goes to review.
    assert set(model.decide(p, rules)) == {"review"}
    order = np.argsort(rules.score.to_numpy(float), kind="stable")
    assert (np.diff(p[order]) >= -1e-12).all()  # never against the rules' order
    assert "cannot learn what you ignore" in " ".join(model.notes)


def test_a_few_ignores_that_the_rules_explain_still_open_no_gate(tmp_path: Path) -> None:
    """8 ignores, all where the rules score lowest: the calibrated rules separate them well,
    and a region looks 100% right; on 8 ignores that is luck, so nothing is decided alone."""
    table = requests_table(160, seed=6)
    table["decision"] = "accept"
    frame = normalised(table, tmp_path)
    _, rules = fit_model(frame, policy())[0].matrix(frame)
    lowest = np.argsort(rules.score.to_numpy(float), kind="stable")[:8]
    table.loc[table.index[lowest], "decision"] = "ignore"
    frame = normalised(table, tmp_path)
    model, _ = fit_model(frame, policy())
    assert model.one_sided and model.candidate == "rules_prior"
    matrix, rules = model.matrix(frame)
    p = model.p_accept(matrix)
    assert p[lowest].mean() < p.mean() - 0.1  # it did learn the ranking
    assert set(model.decide(p, rules)) == {"review"}
    assert "every request goes to review" in " ".join(model.notes)


def test_what_the_rules_did_with_the_accepts_needs_no_ignores() -> None:
    shares = accepted_by_the_rules(
        np.array(["accept", "accept", "review", "ignore", "ignore"], dtype=object),
        np.array([1, 1, 1, 1, 0]),
    )
    assert (shares.n_accept, shares.accept, shares.review, shares.ignore) == (4, 0.5, 0.25, 0.25)
    assert "of your 4 accepted requests" in shares.line()


def test_train_on_an_accepts_only_history_says_so_and_shows_no_two_class_metric(
    tmp_path: Path,
) -> None:
    (tmp_path / "policy.toml").write_text(tomli_w.dumps(POLICY))
    write_table(_all_accepted(150, seed=9), tmp_path / "history.csv")
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = runner.invoke(
            app,
            ["train", "--policy", "policy.toml", "--history", "history.csv",
             "--model-dir", "models/m"],
        )  # fmt: skip
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())  # rich wraps long lines
    assert headline(0).lower() in output.lower()
    assert "Read 150 of your decisions" in output  # nothing was learnt but a rate
    assert "cannot learn what you ignore or why" in output
    assert "every request goes to review" in output
    for label in TWO_CLASS_LABELS:
        assert label not in output, label
    assert "held-out" not in output and "learning curve" not in output
    assert not (tmp_path / "models" / "m-train-report").exists()
