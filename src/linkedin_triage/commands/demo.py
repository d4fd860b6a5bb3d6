"""`linkedin-triage demo`: the whole loop on the bundled sample, narrated."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rich.markup import escape
from rich.rule import Rule

from linkedin_triage.commands import review_views, terminal_views, workflows
from linkedin_triage.console import out

DEMO_PERSONA = "consultant"


def run_demo(
    workdir: Path, seed: int = 7, model_dir: Path = Path("models/demo"), track: bool = True
) -> None:
    """Sample -> validate -> train -> predict -> explain, printing each step.

    The sample, predictions and explanation page go to `workdir`; the model folder and its
    report to `model_dir` (and beside it), as `train` would put them.
    """
    from linkedin_triage.commands.validation import validate_table
    from linkedin_triage.explaining.request_explanation import (
        explain_request,
        write_explanation_html,
    )
    from linkedin_triage.sample import write_sample

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
    outcome = workflows.train(policy, history, model_dir, seed=seed, track=track)
    terminal_views.show_train(outcome)

    out.print(Rule("3. sort the pending requests"))
    predictions_path = Path(workdir) / "predictions.csv"
    explanations_path = Path(workdir) / "explanations.csv"
    summary = workflows.predict(
        model_dir, pending, predictions_path, explanations=explanations_path
    )
    terminal_views.show_batch(summary)
    predictions = pd.read_csv(predictions_path)
    out.print(terminal_views.predictions_table(predictions))

    out.print(Rule("4. one request, fully explained"))
    review = predictions[predictions["decision"] == "review"]
    chosen = (review if len(review) else predictions).iloc[0]["request_id"]
    row = workflows.find_request(pending, str(chosen)).frame
    explanation = explain_request(outcome.model, row)
    terminal_views.show_explanation(
        explanation, target=outcome.model.policy.decisions.target_precision
    )
    page = write_explanation_html(explanation, Path(workdir) / "explanation.html")

    out.print(Rule("where things are"))
    for line in where_things_are(outcome, page, predictions_path, explanations_path):
        out.print(escape(line), soft_wrap=True)
    review_views.show_review_hint(Path(workdir) / "ledger.sqlite", model_dir)


def where_things_are(
    outcome: workflows.TrainOutcome, page: Path, predictions: Path, explanations: Path
) -> list[str]:
    """The closing lines of the demo: every file it wrote, and the MLflow store really used."""
    from linkedin_triage.storage.mlflow_runs import browse_hint

    lines = []
    if outcome.report is not None:
        lines.append(f"evaluation report (HTML): {outcome.report.html}")
    lines.append(f"explanation page (HTML):   {page}")
    lines.append(f"predictions:               {predictions} (+ {explanations})")
    lines.append(f"model folder:              {outcome.model_dir}")
    if outcome.run_id and outcome.tracking_uri:
        uri = outcome.tracking_uri
        lines.append(f"MLflow runs:               {uri}  ({browse_hint(uri)})")
    else:
        lines.append("MLflow runs:               none recorded (tracking off or unavailable)")
    return lines
