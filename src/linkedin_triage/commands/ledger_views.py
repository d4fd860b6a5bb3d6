"""Terminal output of the ledger commands: what changed, in plain words first."""

from __future__ import annotations

from collections import Counter

from rich.text import Text

from linkedin_triage.console import out, visible
from linkedin_triage.ledger.decisions import RecordedDecision
from linkedin_triage.ledger.erasure import Erasure
from linkedin_triage.ledger.history import History
from linkedin_triage.ledger.labels import Conflict
from linkedin_triage.ledger.reports import IngestSummary

LABEL_WORDS = {
    "connections": "accepted (in your connections)",
    "user": "decided by you",
    "not_connected": "ignored (not connected {grace}+ days before your newest export)",
}
SHOWN_ITEMS = 10  # unparsed items and conflicts listed one by one; the rest counted


def _say(text: str, style: str = "") -> None:
    """Print one line; everything quoted from sources is made visible, never markup."""
    out.print(Text(visible(text), style=style), soft_wrap=True)


def label_words(source: str, grace_days: int) -> str:
    return LABEL_WORDS.get(source, source).format(grace=grace_days)


def show_ingest(summary: IngestSummary) -> None:
    counts = summary.counts
    prefix = "dry run, nothing written: " if summary.dry_run else ""
    new, again = counts["new_requests"], counts["matched"]
    _say(
        f"{prefix}{summary.ledger}: {new} new request(s), {again} sighting(s) of requests "
        f"already known; {summary.pending_after} pending now",
        "bold",
    )
    changes = [
        f"{change:+d} {label_words(source, summary.grace_days)}"
        for source, change in sorted(summary.new_labels.items())
        if change
    ]
    if changes:
        _say("labels: " + "; ".join(changes))
    if summary.newly_labelled:
        _say(f"{summary.newly_labelled} request(s) pending before this run now have a label")
    for report in summary.sources:
        _say(f"{report.kind} {report.path}: {report.status}")
        for detail in report.details:
            _say(f"    {detail}")
    detail_counts = []
    if counts["new_connections"]:
        detail_counts.append(f"{counts['new_connections']} new connection(s) recorded")
    if counts["new_decisions"]:
        detail_counts.append(f"{counts['new_decisions']} decision(s) of yours recorded")
    if counts["forgotten"]:
        detail_counts.append(f"{counts['forgotten']} row(s) of forgotten people skipped")
    if counts["connections_unusable"]:
        detail_counts.append(
            f"{counts['connections_unusable']} connection row(s) without a name (hidden or "
            "closed accounts) or without a date: counted, not matched"
        )
    if detail_counts:
        _say("; ".join(detail_counts))
    for what, count in sorted(summary.skipped.items()):
        _say(f"skipped {count}: {what}")
    _show_unparsed(summary)
    show_conflicts(summary.conflicts)
    for notice in summary.notices:
        _say(f"note: {notice}")


def _show_unparsed(summary: IngestSummary) -> None:
    if not summary.unparsed:
        return
    _say(f"could not read {len(summary.unparsed)} item(s):", "yellow")
    for item in summary.unparsed[:SHOWN_ITEMS]:
        _say(f"    {item.where}: {item.why}")
    if len(summary.unparsed) > SHOWN_ITEMS:
        _say(f"    ... and {len(summary.unparsed) - SHOWN_ITEMS} more")


def show_conflicts(conflicts: list[Conflict]) -> None:
    if not conflicts:
        return
    _say(
        f"{len(conflicts)} conflict(s): you recorded ignore, but the person is in your "
        "connections (the connection wins):",
        "yellow",
    )
    for conflict in conflicts[:SHOWN_ITEMS]:
        _say(f"    {conflict.request_id}: connected {conflict.decided_at.date().isoformat()}")
    if len(conflicts) > SHOWN_ITEMS:
        _say(f"    ... and {len(conflicts) - SHOWN_ITEMS} more")


def show_history(history: History, written: str) -> None:
    rows = len(history.frame)
    _say(f"wrote {written}: {rows} request(s)", "bold")
    parts = [
        f"{count} {label_words(source, history.grace_days)}"
        for source, count in sorted(history.labels.items())
    ]
    _say(
        f"in the ledger: {history.n_labelled} labelled"
        + (f" ({'; '.join(parts)})" if parts else "")
        + f", {history.pending} pending"
    )
    if history.withheld:
        total = sum(history.withheld.values())
        by_column = ", ".join(f"{c} {n}" for c, n in history.withheld.most_common())
        _say(
            f"{total} value(s) first seen after the request was decided were left out of "
            f"labelled rows ({by_column}): they describe the person after your decision"
        )
    show_conflicts(history.conflicts)


def show_decision(recorded: RecordedDecision) -> None:
    was = f" (was {recorded.previous})" if recorded.previous else ""
    _say(f"recorded: {recorded.decision} for {recorded.name} ({recorded.request_id}){was}")


def show_erasure(erasure: Erasure, ledger: str) -> None:
    if not (erasure.requests or erasure.connections):
        _say(f"{ledger}: nobody matched; nothing erased", "yellow")
        return
    _say(
        f"erased from {ledger}: {erasure.requests} request(s) and {erasure.connections} "
        "connection(s) of this person, with every note and value seen of them; the file was "
        "rebuilt so no byte of them remains in it",
        "bold",
    )
    if erasure.source_names:
        _say(f"{erasure.source_names} source file name(s) that held the name were replaced")
    _say(
        "later exports still list this person: the ledger keeps a salted hash (not the name) "
        "and skips them. Files you wrote earlier (history --out, predictions) still hold "
        "them: delete those yourself"
    )


def label_counts_line(counts: Counter[str], grace_days: int) -> str:
    return "; ".join(f"{n} {label_words(s, grace_days)}" for s, n in sorted(counts.items()))
