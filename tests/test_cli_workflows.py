"""End to end through the CLI on tmp_path: train, predict, explain, evaluate."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import tomli_w
from typer.testing import CliRunner, Result

from frames import POLICY, requests_table, write_table
from linkedin_triage.commands.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's folder with a policy, a labelled history and a trained model."""
    root = tmp_path_factory.mktemp("project")
    (root / "policy.toml").write_text(tomli_w.dumps(POLICY))
    write_table(requests_table(240, seed=21), root / "history.csv")
    pending = requests_table(60, seed=22, start="2026-10-01", labelled=False)
    pending["source"] = "weekly export"  # an extra column, carried through
    pending.loc[7, "mutual_connections"] = "lots"  # one bad row
    write_table(pending, root / "pending.csv")
    with _inside(root):
        result = runner.invoke(
            app,
            [
                "train",
                "--policy",
                "policy.toml",
                "--history",
                "history.csv",
                "--model-dir",
                "models/m",
            ],
        )
    assert result.exit_code == 0, result.output
    return root


class _inside:
    def __init__(self, folder: Path):
        self.folder = folder

    def __enter__(self) -> None:
        import os

        self.previous = Path.cwd()
        os.chdir(self.folder)

    def __exit__(self, *exc: object) -> None:
        import os

        os.chdir(self.previous)


def _predict(project: Path, output: str, *extra: str) -> pd.DataFrame:
    with _inside(project):
        result = runner.invoke(
            app,
            [
                "predict",
                "--model-dir",
                "models/m",
                "--input",
                "pending.csv",
                "--output",
                output,
                *extra,
            ],
        )
    assert result.exit_code == 0, result.output
    return (
        pd.read_csv(project / output)
        if output.endswith(".csv")
        else pd.read_parquet(project / output)
    )


def test_train_writes_a_verified_model_folder_and_a_report(project: Path):
    folder = project / "models" / "m"
    assert {"model.joblib", "manifest.json", "policy.toml", "info.json"} <= {
        p.name for p in folder.iterdir()
    }
    report = project / "models" / "m-train-report" / "report.html"
    assert report.exists() and "ROC" in report.read_text()
    assert (project / "experiments" / "mlflow.db").exists()


def test_predict_writes_one_row_per_scored_input_row_in_order(project: Path):
    predictions = _predict(project, "out.csv")
    rejects = pd.read_csv(project / "out.rejects.csv")
    assert list(predictions.columns[:7]) == [
        "request_id",
        "name",
        "p_accept",
        "decision",
        "rules_decision",
        "fake_score",
        "reasons",
    ]
    assert "source" in predictions.columns  # extra input columns at the end
    assert len(predictions) + rejects["row"].nunique() == 60
    assert list(rejects["column"]) == ["mutual_connections"] and list(rejects["row"]) == [8]
    expected_ids = [
        rid
        for i, rid in enumerate(
            requests_table(60, seed=22, start="2026-10-01", labelled=False)["request_id"]
        )
        if i != 7
    ]
    assert list(predictions["request_id"]) == expected_ids
    assert predictions["p_accept"].between(0, 1).all()
    assert set(predictions["decision"]) <= {"accept", "review", "ignore"}
    assert predictions["reasons"].str.match(r"^[+-] ").all()


def test_chunked_and_whole_predictions_are_identical(project: Path):
    whole = _predict(project, "whole.csv")
    chunked = _predict(project, "chunked.csv", "--chunk-rows", "7")
    pd.testing.assert_frame_equal(whole, chunked)


def test_parquet_output_matches_csv(project: Path):
    csv = _predict(project, "same.csv")
    parquet = _predict(project, "same.parquet")
    assert list(parquet["request_id"]) == list(csv["request_id"])
    assert np.allclose(parquet["p_accept"], csv["p_accept"])


def test_explanations_add_up_to_the_log_odds(project: Path):
    from linkedin_triage.sources.requests_reader import read_requests
    from linkedin_triage.storage.model_loading import load_bundle

    _predict(project, "with_expl.csv", "--explanations", "expl.csv")
    explanations = pd.read_csv(project / "expl.csv")
    assert list(explanations.columns) == ["request_id", "feature", "value", "contribution"]
    totals = explanations.groupby("request_id", sort=False)["contribution"].sum()
    model = load_bundle(project / "models" / "m").model
    frame = read_requests(project / "pending.csv").frame
    matrix, _ = model.matrix(frame)
    assert model.mode == "model"
    # every row of a request: the log-odds of the p_accept in the predictions file
    predictions = pd.read_csv(project / "with_expl.csv").set_index("request_id")
    p = predictions.loc[frame["request_id"], "p_accept"].to_numpy(float)
    assert np.allclose(totals.loc[frame["request_id"]].to_numpy(), np.log(p / (1 - p)), atol=1e-4)
    # without the calibration row: the base model's log-odds, which SHAP decomposes
    features = explanations[explanations["feature"] != "(calibration)"]
    explained = features.groupby("request_id", sort=False)["contribution"].sum()
    assert np.allclose(explained.loc[frame["request_id"]].to_numpy(), model.log_odds(matrix))


def test_explain_one_request_and_its_html_page(project: Path):
    with _inside(project):
        result = runner.invoke(
            app,
            [
                "explain",
                "--model-dir",
                "models/m",
                "--input",
                "pending.csv",
                "--id",
                "s22-00003",
                "--html",
                "why.html",
            ],
        )
    assert result.exit_code == 0, result.output
    assert "p_accept" in result.output and "rules baseline" in result.output
    page = (project / "why.html").read_text()

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []

        def handle_starttag(self, tag: str, attrs: list) -> None:
            self.tags.append(tag)

    parser = Tags()
    parser.feed(page)
    assert {"html", "img", "table"} <= set(parser.tags)
    assert "data:image/png;base64," in page and "<script" not in page


def test_explain_unknown_or_rejected_id_exits_2(project: Path):
    with _inside(project):
        unknown = runner.invoke(
            app, ["explain", "--model-dir", "models/m", "--input", "pending.csv", "--id", "nobody"]
        )
        rejected = runner.invoke(
            app,
            ["explain", "--model-dir", "models/m", "--input", "pending.csv", "--id", "s22-00007"],
        )
    assert unknown.exit_code == 2 and "nobody" in unknown.output
    assert rejected.exit_code == 2 and "rejected" in rejected.output


def test_evaluate_reports_model_and_baseline(project: Path):
    write_table(requests_table(150, seed=23, start="2026-09-01"), project / "later.csv")
    with _inside(project):
        result = runner.invoke(
            app,
            ["evaluate", "--model-dir", "models/m", "--data", "later.csv", "--report-dir", "eval"],
        )
    assert result.exit_code == 0, result.output
    assert "ROC-AUC" in result.output and "baseline" in result.output
    text = " ".join(result.output.split())
    # In words first, as train does; the metrics after.
    assert text.index("On these 150 labelled requests: it would have decided") < text.index(
        "ROC-AUC"
    )
    assert (project / "eval" / "report.html").exists() and (
        project / "eval" / "metrics.json"
    ).exists()


def test_a_tampered_model_is_refused_with_exit_2(project: Path, tmp_path: Path):
    import shutil

    copy = tmp_path / "m"
    shutil.copytree(project / "models" / "m", copy)
    blob = bytearray((copy / "model.joblib").read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    (copy / "model.joblib").write_bytes(bytes(blob))
    result = runner.invoke(
        app,
        [
            "predict",
            "--model-dir",
            str(copy),
            "--input",
            str(project / "pending.csv"),
            "--output",
            str(tmp_path / "o.csv"),
        ],
    )
    assert result.exit_code == 2
    assert not (tmp_path / "o.csv").exists()


def test_no_personal_string_reaches_the_experiments_folder(project: Path):
    history = pd.read_csv(project / "history.csv")
    secrets = (
        set(history["name"])
        | set(history["profile_url"])
        | {m for m in history["message"].dropna() if len(m) > 8}
    )
    leaked = []
    for path in (project / "experiments").rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            leaked.extend(f"{path.name}: {s}" for s in secrets if s.encode() in blob)
    assert not leaked, leaked[:5]


def test_bad_usage_and_bad_input_exit_2(project: Path, tmp_path: Path):
    def predict_with(model_dir: Path, source: Path) -> Result:
        output = tmp_path / "o.csv"
        args = ["predict", "--model-dir", str(model_dir), "--input", str(source)]
        return runner.invoke(app, [*args, "--output", str(output)])

    model_dir = project / "models" / "m"
    assert predict_with(tmp_path / "none", tmp_path / "x.csv").exit_code == 2
    empty = tmp_path / "empty.csv"
    empty.write_text("name,received_at\n")
    result = predict_with(model_dir, empty)
    assert result.exit_code == 2 and "no rows" in result.output
    assert not (tmp_path / "o.csv").exists()
    no_name = tmp_path / "no_name.csv"
    no_name.write_text("received_at,company\n2026-01-01,Acme\n")
    result = predict_with(model_dir, no_name)
    assert result.exit_code == 2 and "name" in result.output
    assert (
        runner.invoke(app, ["train", "--policy", "nope.toml", "--history", "h.csv"]).exit_code == 2
    )


def test_no_reasons_mode_keeps_the_columns_and_the_probabilities(project: Path):
    full = _predict(project, "full.csv")
    fast = _predict(project, "fast.csv", "--no-reasons")
    assert list(fast.columns) == list(full.columns)
    assert fast["reasons"].isna().all()
    assert np.allclose(fast["p_accept"], full["p_accept"])
    assert list(fast["decision"]) == list(full["decision"])
