"""The demo's closing summary: the files it wrote and the MLflow store it really used."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from linkedin_triage.commands.demo import where_things_are


def _outcome(run_id: str | None, uri: str | None) -> SimpleNamespace:
    return SimpleNamespace(
        report=SimpleNamespace(html=Path("models/demo-train-report/report.html")),
        model_dir=Path("models/demo"),
        run_id=run_id,
        tracking_uri=uri,
    )


def _summary(outcome: SimpleNamespace) -> str:
    lines = where_things_are(
        outcome,  # type: ignore[arg-type]
        Path("data/demo/explanation.html"),
        Path("data/demo/predictions.csv"),
        Path("data/demo/explanations.csv"),
    )
    return "\n".join(lines)


def test_demo_names_the_tracking_store_that_was_set() -> None:
    summary = _summary(_outcome("abc", "http://127.0.0.1:5000"))
    assert "MLflow runs:               http://127.0.0.1:5000" in summary
    assert "experiments/mlflow.db" not in summary


def test_demo_names_the_default_store_by_its_full_uri() -> None:
    uri = "sqlite:////home/me/project/experiments/mlflow.db"
    summary = _summary(_outcome("abc", uri))
    assert f"mlflow ui --backend-store-uri {uri}" in summary


def test_demo_without_a_run_says_so() -> None:
    summary = _summary(_outcome(None, None))
    assert "MLflow runs:               none recorded" in summary
    assert "mlflow.db" not in summary


def test_demo_lists_the_model_folder_it_used() -> None:
    assert "model folder:              models/demo" in _summary(_outcome(None, None))
