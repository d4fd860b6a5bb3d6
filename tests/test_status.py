"""`status`: counts, label sources, model age, the drift test on new decisions, retrain advice."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from linkedin_triage.commands.cli import app
from linkedin_triage.ledger.decisions import record_decision
from linkedin_triage.ledger.history import build_history
from linkedin_triage.ledger.store import Ledger
from linkedin_triage.review.ledger_rows import read_rows
from linkedin_triage.review.model_status import ledger_status, new_decision_mask
from linkedin_triage.review.overview import ModelFolder
from review_fixtures import model_folder, write_ledger

runner = CliRunner()


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return model_folder(tmp_path_factory.mktemp("status-model"))


def _status(ledger: Path, model: Path) -> str:
    result = runner.invoke(app, ["status", "--ledger", str(ledger), "--model-dir", str(model)])
    assert result.exit_code == 0, result.output
    return result.output


def _pending_p(ledger: Path, model: Path) -> pd.Series:
    """The model's p_accept for each pending request of the ledger."""
    folder = ModelFolder.load(model, required=True)
    with Ledger.open(ledger) as opened:
        pending = build_history(opened, which="pending").frame
    frame = read_rows(pending, "pending").frame
    matrix, _ = folder.model.matrix(frame)
    return pd.Series(folder.model.p_accept(matrix), index=frame["request_id"])


def test_counts_and_label_sources(tmp_path, model):
    ledger = write_ledger(tmp_path, pending=24, labelled=40)
    output = _status(ledger, model)
    assert "26 pending, 40 labelled" in output  # 24 invented + 2 hostile rows
    assert "40  decided by you" in output
    assert "0  accepted (in your connections)" in output
    assert "trained on 400 labels; 0 decision(s) since" in output
    assert "No need to retrain yet: no decisions since the model was trained" in output


def test_without_a_model_it_still_counts_and_says_to_train(tmp_path):
    ledger = write_ledger(tmp_path)
    output = _status(ledger, tmp_path / "no-model")
    assert output.startswith("No model yet")
    assert "26 pending, 40 labelled" in output


def test_a_missing_ledger_is_exit_2(tmp_path, model):
    result = runner.invoke(app, ["status", "--ledger", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2
    assert "no ledger here yet" in result.output


def _decide(tmp_path: Path, model: Path, n: int, agree: bool) -> str:
    """`status` after the user decided `n` pending requests, as the model guesses or against."""
    ledger = write_ledger(tmp_path, pending=60)
    p = _pending_p(ledger, model)
    with Ledger.open(ledger) as opened:
        for rid in p.index[:n]:
            guess = "accept" if p[rid] >= 0.5 else "ignore"
            against = "ignore" if guess == "accept" else "accept"
            record_decision(opened, rid, guess if agree else against)
    return _status(ledger, model)


def test_too_few_new_decisions_say_so(tmp_path, model):
    output = _decide(tmp_path, model, 5, agree=True)
    assert "5 decision(s) since" in output
    assert "not enough new decisions to tell" in output
    assert "the check needs 30" in output


def test_decisions_as_the_model_predicts_raise_no_alarm(tmp_path, model):
    output = _decide(tmp_path, model, 40, agree=True)
    assert "No need to retrain yet: the model predicts your recent decisions as well" in output
    assert "on 40 decisions since training" in output


def test_a_user_who_now_decides_against_the_model_is_told_to_retrain(tmp_path, model):
    output = _decide(tmp_path, model, 40, agree=False)
    assert output.startswith("Retrain: your recent decisions are predicted worse")
    assert "false-alarm rate" in output


def test_new_decisions_are_those_received_after_training_or_decided_after_it():
    table = pd.DataFrame(
        {
            "decision": ["accept", "ignore", "accept", None, "ignore"],
            "received_at": ["2026-01-01", "2026-03-01", "2026-01-02", "2026-03-05", "2026-01-03"],
            "decided_at": [
                "2026-01-02", None, "2026-04-02T10:00:00.123456", None, "2026-01-04T00:00:00",
            ],
        }
    )  # fmt: skip
    mask = new_decision_mask(table, pd.Timestamp("2026-02-01"), datetime(2026, 4, 1))
    # received after training; decided (microseconds and all) after the model was made;
    # a pending request is never a decision.
    assert mask.tolist() == [False, True, True, False, False]


def test_a_rules_mode_model_with_enough_labels_now_is_told_to_retrain(tmp_path):
    from frames import POLICY, normalised, requests_table
    from linkedin_triage.learning.triage_model import fit_model
    from linkedin_triage.policy import policy_from_dict
    from linkedin_triage.storage.model_saving import save_bundle

    policy = policy_from_dict(POLICY)
    few = normalised(requests_table(12, seed=3), tmp_path)
    rules_model, _ = fit_model(few, policy)
    assert rules_model.mode == "rules"
    folder = save_bundle(tmp_path / "rules", rules_model, policy, {"mode": "rules"})
    ledger = write_ledger(tmp_path, labelled=60)
    loaded = ModelFolder.load(folder, required=True)
    with Ledger.open(ledger) as opened:
        status = ledger_status(
            ledger, build_history(opened), loaded.model, loaded.info, loaded.manifest, folder
        )
    accepted, ignored = status.labels_by_decision["accept"], status.labels_by_decision["ignore"]
    assert min(accepted, ignored) >= 15, (accepted, ignored)
    assert any("enough to learn your own weights" in reason for reason in status.retrain)
    assert np.isfinite(status.model.days)  # type: ignore[union-attr]


def test_the_demo_ends_by_saying_how_to_open_the_review_page():
    from linkedin_triage.commands.review_views import review_hint

    lines = review_hint(Path("data/demo/ledger.sqlite"), Path("models/demo"))
    assert (
        "    .venv/bin/linkedin-triage review --ledger data/demo/ledger.sqlite "
        "--model-dir models/demo" in lines
    )
