"""`linkedin-triage demo`: the whole loop on the bundled sample, narrated."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rich.rule import Rule

from linkedin_triage import views, workflows
from linkedin_triage.console import out

DEMO_PERSONA = "consultant"


def run_demo(workdir: Path, seed: int = 7, model_dir: Path = Path("models/demo")) -> None:
    """Sample -> validate -> train -> predict -> explain, printing each step."""
    from linkedin_triage.request_view import explain_request, write_explanation_html
    from linkedin_triage.sample import write_sample
    from linkedin_triage.validate import validate_table

    sample_dir = Path(workdir) / "sample"
    out.print(Rule(f"1. synthetic sample ({DEMO_PERSONA}, seed {seed})"))
    for path in write_sample(sample_dir, seed=seed, persona=DEMO_PERSONA):
        out.print(f"wrote {path}")
    history, pending, policy = (
        sample_dir / "history.csv",
        sample_dir / "pending.csv",
        sample_dir / "policy.toml",
    )
    for table in (history, pending):
        report = validate_table(table)
        out.print(
            f"validate {table.name}: {report.n_read} rows, {'clean' if report.clean else 'NOT clean'}"
        )

    out.print(Rule("2. train on the labelled history (newest 20% held out)"))
    outcome = workflows.train(policy, history, model_dir, seed=seed)
    views.show_train(outcome)

    out.print(Rule("3. sort the pending requests"))
    predictions_path = Path(workdir) / "predictions.csv"
    explanations_path = Path(workdir) / "explanations.csv"
    summary = workflows.predict(
        model_dir, pending, predictions_path, explanations=explanations_path
    )
    views.show_batch(summary)
    predictions = pd.read_csv(predictions_path)
    out.print(views.predictions_table(predictions))

    out.print(Rule("4. one request, fully explained"))
    review = predictions[predictions["decision"] == "review"]
    chosen = (review if len(review) else predictions).iloc[0]["request_id"]
    row = workflows.find_request(pending, str(chosen))
    explanation = explain_request(outcome.model, row)
    views.show_explanation(explanation)
    page = write_explanation_html(explanation, Path(workdir) / "explanation.html")

    out.print(Rule("where things are"))
    if outcome.report is not None:
        out.print(f"evaluation report (HTML): {outcome.report.html}")
    out.print(f"explanation page (HTML):   {page}")
    out.print(f"predictions:               {predictions_path} (+ {explanations_path})")
    out.print(f"model folder:              {model_dir}")
    out.print(
        "MLflow runs:               experiments/mlflow.db  "
        "(.venv/bin/mlflow ui --backend-store-uri sqlite:///experiments/mlflow.db)"
    )
