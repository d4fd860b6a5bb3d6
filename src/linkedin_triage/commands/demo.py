"""`linkedin-triage demo`: the whole loop on the bundled sample, narrated.

The loop a real user runs: their invitation emails and two LinkedIn exports a month apart
(invented here) go into the ledger, which labels what happened to each request; a model is
trained from the ledger, sorts the pending requests and explains one; the network report
closes it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from rich.markup import escape
from rich.rule import Rule

from linkedin_triage.commands import ledger_views, review_views, terminal_views, workflows
from linkedin_triage.console import out

DEMO_PERSONA = "consultant"
# The sample's requests run to 2026-11-01: two exports a month apart at its end.
EXPORT_DATES = (date(2026, 9, 30), date(2026, 10, 31))


def run_demo(
    workdir: Path, seed: int = 7, model_dir: Path = Path("models/demo"), track: bool = True
) -> None:
    """Sample -> emails and exports -> ledger -> train -> predict -> explain -> network.

    Everything but the model goes to `workdir`; the model folder and its report to
    `model_dir` (and beside it), as `train` would put them.
    """
    from linkedin_triage.commands.network_workflow import demo_network_report
    from linkedin_triage.explaining.request_explanation import (
        explain_request,
        write_explanation_html,
    )

    workdir = Path(workdir)
    policy, mailbox, exports = _invented_data(workdir, seed)
    ledger = _ledger_loop(workdir, mailbox, exports)

    out.print(Rule("4. train on the ledger's labelled requests (the newest 20% held out)"))
    with terminal_views.steps("training") as step:
        outcome = workflows.train(policy, ledger, model_dir, seed=seed, track=track, step=step)
    terminal_views.show_train(outcome)

    out.print(Rule("5. sort the pending requests"))
    predictions_path = workdir / "predictions.csv"
    explanations_path = workdir / "explanations.csv"
    summary = workflows.predict(model_dir, ledger, predictions_path, explanations=explanations_path)
    terminal_views.show_batch(summary)
    predictions = pd.read_csv(predictions_path)
    out.print(terminal_views.predictions_table(predictions))

    out.print(Rule("6. one request, fully explained"))
    review = predictions[predictions["decision"] == "review"]
    chosen = (review if len(review) else predictions).iloc[0]["request_id"]
    row = workflows.find_request(ledger, str(chosen)).frame
    explanation = explain_request(outcome.model, row)
    terminal_views.show_explanation(
        explanation, target=outcome.model.policy.decisions.target_precision
    )
    page = write_explanation_html(explanation, workdir / "explanation.html")

    demo_network_report(
        workdir, policy, seed, DEMO_PERSONA, export=exports[-1],
        title="7. your network: the article's advice beyond yes / no",
    )  # fmt: skip

    out.print(Rule("where things are"))
    for line in where_things_are(outcome, page, predictions_path, explanations_path, ledger):
        out.print(escape(line), soft_wrap=True)
    review_views.show_review_hint(ledger, model_dir)


def _invented_data(workdir: Path, seed: int) -> tuple[Path, Path, list[Path]]:
    """The sample's policy and tables, its invitation emails and two exports."""
    from linkedin_triage.sample import write_sample
    from linkedin_triage.sample.export_files import write_export
    from linkedin_triage.sample.invitation_mailbox import write_invitation_mbox

    out.print(Rule(f"1. an invented user's data ({DEMO_PERSONA}, seed {seed})"))
    sample_dir = workdir / "sample"
    what = {
        "policy.toml": "the user's written policy",
        "history.csv": "a requests table of your own: `ingest` reads it the same way",
        "pending.csv": "a requests table of your own: `ingest` reads it the same way",
        "truth.csv": "the sample's hidden true probabilities, for the benchmarks",
    }
    for path in write_sample(sample_dir, seed=seed, persona=DEMO_PERSONA):
        note = what.get(path.name)
        out.print(f"wrote {path}" + (f"  ({note})" if note else ""))
    mailbox = write_invitation_mbox(
        workdir / "mail" / "invitations.mbox", DEMO_PERSONA, seed, until=EXPORT_DATES[-1]
    )
    out.print(f"wrote {mailbox}  (LinkedIn's invitation emails, as a mail program keeps them)")
    exports = [
        write_export(workdir / "exports", day, seed=seed, persona=DEMO_PERSONA)
        for day in EXPORT_DATES
    ]
    for export in exports:
        out.print(f"wrote {export}  (LinkedIn's data export of that day)")
    return sample_dir / "policy.toml", mailbox, exports


def _ledger_loop(workdir: Path, mailbox: Path, exports: list[Path]) -> Path:
    """Emails and the first export, then the next export; the history they give."""
    from linkedin_triage.ledger.history import build_history
    from linkedin_triage.ledger.ingest import ingest
    from linkedin_triage.ledger.store import Ledger
    from linkedin_triage.storage.output_files import TableWriter

    ledger = workdir / "ledger.sqlite"
    ledger.unlink(missing_ok=True)  # the demo tells its story from the start each time
    out.print(Rule("2. the ledger: your emails and your first export"))
    ledger_views.show_ingest(ingest([mailbox, exports[0]], ledger))
    out.print(Rule("3. a month later, the next export: what happened to the pending requests"))
    ledger_views.show_ingest(ingest(exports[1:], ledger))
    with Ledger.open(ledger) as opened:
        history = build_history(opened)
    written = workdir / "history.csv"
    with TableWriter(written) as writer:
        writer.write(history.frame)
    ledger_views.show_history(history, str(written))
    return ledger


def where_things_are(
    outcome: workflows.TrainOutcome,
    page: Path,
    predictions: Path,
    explanations: Path,
    ledger: Path | None = None,
) -> list[str]:
    """The closing lines of the demo: every file it wrote, and the MLflow store really used."""
    from linkedin_triage.storage.mlflow_runs import browse_hint

    lines = []
    if ledger is not None:
        lines.append(f"ledger:                    {ledger}")
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
