"""Terminal output of `review` and `status`: plain words first, numbers after."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.text import Text

from linkedin_triage.commands.ledger_views import label_words
from linkedin_triage.console import out, visible
from linkedin_triage.review.model_status import LedgerStatus, drift_sentence
from linkedin_triage.review.overview import Snapshot


def _say(text: str, style: str = "") -> None:
    out.print(Text(visible(text), style=style), soft_wrap=True)


def show_link(url: str, first: Snapshot, ledger: Path, model_dir: Path) -> None:
    """What the page holds, then the link alone on its own line (scripts read that line)."""
    queue = first.queue
    _say(
        f"Review page for {ledger} with the model {model_dir}: {len(queue.items)} pending "
        f"({len(queue.review)} to review, {len(queue.automatic)} decided by the model). "
        "Open this link in your browser (Ctrl-C stops the page):",
        "bold",
    )
    _say(url)
    _say(first.status.verdict())
    sys.stdout.flush()  # the link must reach a pipe now, not when the server stops


def show_stopped(signal_name: str | None) -> None:
    why = f" ({signal_name})" if signal_name else ""
    _say(f"Review page stopped{why}. Every decision was saved to the ledger as you made it.")


def review_hint(ledger: Path, model_dir: Path) -> list[str]:
    """How to open the review page on a ledger and a model (the demo ends with this)."""
    return [
        "review the pending requests in your browser, beside LinkedIn:",
        f"    .venv/bin/linkedin-triage review --ledger {ledger} --model-dir {model_dir}",
        "  (it prints a link to http://127.0.0.1:...; Ctrl-C stops it; "
        f"`linkedin-triage status --ledger {ledger} --model-dir {model_dir}` says when to retrain)",
    ]


def show_review_hint(ledger: Path, model_dir: Path) -> None:
    for line in review_hint(ledger, model_dir):
        _say(line)


def show_status(status: LedgerStatus) -> None:
    _say(status.verdict(), "bold red" if status.retrain else "bold")
    _say(
        f"{status.ledger}: {status.pending} pending, {status.labelled} labelled "
        f"({status.labels_by_decision['accept']} accepted, "
        f"{status.labels_by_decision['ignore']} ignored)"
    )
    for source, count in status.labels_by_source.items():
        _say(f"    {count:>6}  {label_words(source, status.grace_days)}")
    if status.conflicts:
        _say(f"    {status.conflicts} decision(s) of yours contradicted by a later connection")
    age = status.model
    if age is None:
        _say(f"model: none ({status.model_problem})")
        return
    days = "unknown age" if age.days is None else f"{age.days:.1f} days old"
    mode = "the hand-written rules" if age.mode == "rules" else "a learned model"
    _say(
        f"model {age.path}: {mode}, {days}, trained on {age.n_labels} labels; "
        f"{age.new_decisions} decision(s) since"
    )
    _say(f"drift: {drift_sentence(status.drift)}")
    if status.unreadable_new:
        _say(
            f"    {status.unreadable_new} new decision(s) could not be read by the model (not tested)"
        )
