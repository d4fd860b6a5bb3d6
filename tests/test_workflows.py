"""workflows: every row accounted for, the MLflow store named, duplicate ids reported."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import tomli_w
from typer.testing import CliRunner

from frames import POLICY, requests_table, write_table
from linkedin_triage.commands import terminal_views, workflows
from linkedin_triage.commands.cli import app
from linkedin_triage.errors import TriageError

runner = CliRunner()
STEPS: list[str] = []  # what the `trained` fixture's run said it was doing


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """120 labelled requests; row 6 has no decision, row 10 an unreadable one."""
    root = tmp_path_factory.mktemp("history")
    table = requests_table(120, seed=3)
    table.loc[5, "decision"] = ""
    table.loc[9, "decision"] = "maybe"
    return write_table(table, root / "history.csv")


@pytest.fixture(scope="module")
def trained(
    history: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[workflows.TrainOutcome, str]:
    """A tracked training run, with MLFLOW_TRACKING_URI pointing away from ./experiments."""
    root = tmp_path_factory.mktemp("trained")
    (root / "policy.toml").write_text(tomli_w.dumps(POLICY))
    uri = f"sqlite:///{root.resolve()}/elsewhere/mlflow.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MLFLOW_TRACKING_URI", uri)
        patch.chdir(root)
        outcome = workflows.train(
            root / "policy.toml", history, root / "models" / "m", step=STEPS.append
        )
    return outcome, uri


def test_train_counts_rows_without_a_decision(trained, capsys: pytest.CaptureFixture[str]) -> None:
    outcome, _ = trained
    assert (outcome.n_read, outcome.n_rejected, outcome.n_unlabelled) == (120, 1, 1)
    assert outcome.n_labels == 118  # 120 = 118 used + 1 rejected + 1 without a decision
    terminal_views.show_train(outcome)
    printed = " ".join(capsys.readouterr().out.split())
    assert "120 rows read, 1 rejected ->" in printed
    assert "1 without a decision (not used)" in printed


def test_train_names_the_tracking_store_it_used(
    trained, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome, uri = trained
    assert outcome.run_id and outcome.tracking_uri == uri
    terminal_views.show_train(outcome)
    printed = capsys.readouterr().out.replace("\n", "")
    assert f"mlflow ui --backend-store-uri {uri}" in printed
    assert "sqlite:///experiments/mlflow.db" not in printed


def test_evaluate_counts_rows_without_a_decision(
    trained, history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome, _ = trained
    evaluation = workflows.evaluate(
        outcome.model_dir, history, report_dir=tmp_path / "report", track=False
    )
    assert (evaluation.n_read, evaluation.n_rejected, evaluation.n_unlabelled) == (120, 1, 1)
    assert evaluation.evaluation.n == 118
    terminal_views.show_evaluate(evaluation)
    printed = " ".join(capsys.readouterr().out.split())
    assert "120 rows read, 1 rejected ->" in printed
    assert "1 without a decision (not used)" in printed


def test_train_without_labels_says_where_the_rows_went(tmp_path: Path) -> None:
    (tmp_path / "policy.toml").write_text(tomli_w.dumps(POLICY))
    pending = write_table(requests_table(4, seed=1, labelled=False), tmp_path / "pending.csv")
    with pytest.raises(TriageError) as error:
        workflows.train(tmp_path / "policy.toml", pending, tmp_path / "m", track=False)
    assert str(error.value).startswith(f"{pending}: no labelled rows to train on")
    assert "4 without a decision" in str(error.value)


# --- a request_id on several rows --------------------------------------------------------------


@pytest.fixture
def duplicated(tmp_path: Path) -> Path:
    """ids d0..d5; d2 again on rows 5 and 6 (rows counted from 1 under the header)."""
    table = requests_table(6, seed=4, labelled=False)
    table["request_id"] = ["d0", "d1", "d2", "d3", "d2", "d2"]
    return write_table(table, tmp_path / "dup.csv")


def test_find_request_reports_the_rows_that_repeat_an_id(duplicated: Path) -> None:
    found = workflows.find_request(duplicated, "d2")
    assert found.row == 3 and found.repeated_on == [5, 6]
    assert list(found.frame["request_id"]) == ["d2"] and len(found.frame) == 1
    single = workflows.find_request(duplicated, "d1")
    assert single.row == 2 and single.repeated_on == []


def test_a_rejected_first_row_is_named_with_the_repeats(tmp_path: Path) -> None:
    table = requests_table(4, seed=5, labelled=False)
    table["request_id"] = ["a", "b", "a", "c"]
    table.loc[1, "mutual_connections"] = "lots"  # row 2 is refused
    table.loc[3, "request_id"] = "b"  # and row 4 repeats its id
    path = write_table(table, tmp_path / "t.csv")
    with pytest.raises(TriageError) as error:
        workflows.find_request(path, "b")
    message = str(error.value)
    assert "(row 2) was rejected: mutual_connections" in message
    assert "also on row(s) 4" in message


def test_explain_warns_which_rows_share_the_id(model_dir: Path, duplicated: Path) -> None:
    args = ["explain", "-m", str(model_dir), "-i", str(duplicated), "--id", "d2"]
    result = runner.invoke(app, args, terminal_width=200)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "request_id 'd2' is on row 3 and also on row(s) 5, 6; explaining row 3" in flat
    assert "p_accept" in result.output


def test_explain_of_a_unique_id_warns_nothing(model_dir: Path, duplicated: Path) -> None:
    args = ["explain", "-m", str(model_dir), "-i", str(duplicated), "--id", "d1"]
    result = runner.invoke(app, args, terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output


def test_evaluate_on_the_training_file_warns_in_the_terminal_and_the_report(
    trained, history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome, _ = trained
    evaluation = workflows.evaluate(
        outcome.model_dir, history, report_dir=tmp_path / "report", track=False
    )
    assert len(evaluation.warnings) == 1
    assert "the very file this model was trained on" in evaluation.warnings[0]
    terminal_views.show_evaluate(evaluation)
    assert "the very file this model was trained on" in " ".join(capsys.readouterr().err.split())
    page = (tmp_path / "report" / "report.html").read_text()
    assert '<p class="warning">' in page and "the very file" in page


def test_evaluate_warns_about_training_rows_copied_into_another_file(
    trained, tmp_path: Path
) -> None:
    outcome, _ = trained
    table = requests_table(120, seed=3).iloc[:30]  # the same request_ids as training rows
    fresh = requests_table(40, seed=99)  # ids the model never saw
    mixed = write_table(pd.concat([table, fresh]), tmp_path / "mixed.csv")
    evaluation = workflows.evaluate(
        outcome.model_dir, mixed, report_dir=tmp_path / "r1", track=False
    )
    # 28, not 30: the history fixture left two of those rows out of training (no decision,
    # an unreadable one)
    assert evaluation.warnings and evaluation.warnings[0].startswith("28 of 70 labelled requests")
    unseen = write_table(fresh, tmp_path / "fresh.csv")
    clean = workflows.evaluate(outcome.model_dir, unseen, report_dir=tmp_path / "r2", track=False)
    assert clean.warnings == []
    assert '<p class="warning">' not in (tmp_path / "r2" / "report.html").read_text()


def test_train_report_shows_the_saved_models_own_gates(trained) -> None:
    """The held-out model's gates differ from the saved model's; the report says both."""
    outcome, _ = trained
    metrics = json.loads(outcome.report.metrics_json.read_text())
    saved = metrics["saved_model_thresholds"]
    thresholds = outcome.model.thresholds
    expected_accept = thresholds.accept if thresholds.accept <= 1 else None
    assert saved["accept_at_or_above"] == expected_accept
    if outcome.model.mode == "model":
        page = outcome.report.html.read_text()
        assert "The model saved by this run was refitted on every label" in page


def test_train_says_each_stage_as_it_starts(trained) -> None:
    """No silent wait: every slow stage of train is announced in words."""
    assert STEPS[0] == "reading your decisions"
    for words in ("choosing a model on your older", "testing it on your newest",
                  "learning curve", "fitting on all 118 decisions", "writing the report",
                  "recording the run with MLflow"):  # fmt: skip
        assert any(words in step for step in STEPS), (words, STEPS)


def test_evaluate_warns_on_a_table_of_almost_one_kind() -> None:
    """'Right on 100%' of a table of accepts is a model that accepts everyone."""
    from linkedin_triage.commands.workflows import one_kind_warning

    accepts_only = pd.DataFrame({"decision": ["accept"] * 40 + ["ignore"] * 3})
    warning = one_kind_warning(accepts_only, minimum=15)
    assert warning is not None and "40 accepted and 3 ignored" in warning
    both = pd.DataFrame({"decision": ["accept"] * 40 + ["ignore"] * 15})
    assert one_kind_warning(both, minimum=15) is None
