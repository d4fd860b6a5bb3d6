"""`ingest`: what the sources show, added to the ledger in one transaction.

Every source is read and matched inside one write transaction: a source that cannot be read
stops the run with the ledger unchanged, a killed run leaves it as it was, and `--dry-run`
does all the work and rolls it back, so its summary is exactly what a real run would do.
A source already ingested (same content, by SHA-256) is skipped.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from linkedin_triage.errors import TriageError
from linkedin_triage.ledger.history import GRACE_SETTING, grace_days_of, labelled_requests
from linkedin_triage.ledger.labels import DEFAULT_GRACE_DAYS, Conflict
from linkedin_triage.ledger.recording import Recorder
from linkedin_triage.ledger.reports import IngestSummary, ReadOptions, SourceReport
from linkedin_triage.ledger.source_readers import SourceReaders
from linkedin_triage.ledger.store import DEFAULT_LEDGER, WAIT_SECONDS, Ledger
from linkedin_triage.sources.date_order import DateOrder
from linkedin_triage.sources.source_kinds import KINDS, detect_kind


def ingest(
    sources: list[Path],
    ledger_path: Path = DEFAULT_LEDGER,
    kind: str | None = None,
    dry_run: bool = False,
    observed_at: datetime | None = None,
    grace_days: int | None = None,
    date_order: DateOrder = DateOrder.DETECT,
    now: datetime | None = None,
    wait_seconds: float = WAIT_SECONDS,
) -> IngestSummary:
    """Add what `sources` show to the ledger (created if needed); one transaction for all.

    `grace_days`, when given, is remembered by the ledger: later commands reading it (history,
    train, predict...) use it unless given another.
    """
    if kind is not None and kind not in KINDS:
        raise TriageError(f"--kind {kind!r}: expected one of {', '.join(KINDS)}")
    if not sources:
        raise TriageError("ingest: give at least one source (an export, a table, emails, a page)")
    kinds = [(Path(p), kind or detect_kind(Path(p))) for p in sources]
    now = now or datetime.now(UTC).replace(tzinfo=None)
    if grace_days is not None and grace_days < 0:
        raise TriageError(f"--grace-days must be 0 or more (got {grace_days})")
    summary = IngestSummary(
        ledger=Path(ledger_path),
        dry_run=dry_run,
        grace_days=DEFAULT_GRACE_DAYS if grace_days is None else grace_days,
    )
    options = ReadOptions(observed_at, date_order)
    if dry_run and not Path(ledger_path).exists():
        # Nothing to preview against: a throwaway ledger shows what a first run would do.
        with tempfile.TemporaryDirectory() as folder:
            preview = Path(folder) / "preview.sqlite"
            _ingest_into(preview, kinds, summary, options, now, wait_seconds, grace_days)
        return summary
    existed = Path(ledger_path).exists()
    try:
        _ingest_into(Path(ledger_path), kinds, summary, options, now, wait_seconds, grace_days)
    except BaseException:
        if not existed:  # a first ingest that failed leaves no (empty) ledger behind
            _remove_if_empty(Path(ledger_path))
        raise
    return summary


def _remove_if_empty(path: Path) -> None:
    """Remove a ledger this run created, unless something (another run) has since filled it."""
    try:
        with Ledger.open(path, wait_seconds=0) as ledger:
            filled = ledger.scalar("SELECT COUNT(*) FROM sources")
    except TriageError:
        return  # locked or not ours: leave it
    if not filled:
        path.unlink(missing_ok=True)


def _ingest_into(
    ledger_path: Path,
    kinds: list[tuple[Path, str]],
    summary: IngestSummary,
    options: ReadOptions,
    now: datetime,
    wait_seconds: float,
    given_grace: int | None,
) -> None:
    with (
        Ledger.open(ledger_path, create=True, wait_seconds=wait_seconds) as ledger,
        ledger.writing(commit=not summary.dry_run) as db,
    ):
        # Labels before this run, as the ledger's own grace period gave them.
        summary.labels_before, pending_before, _ = _label_state(ledger, grace_days_of(ledger))
        if given_grace is not None:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (GRACE_SETTING, str(given_grace)),
            )
        summary.grace_days = grace_days = grace_days_of(ledger, given_grace)
        summary.pending_before = len(pending_before)
        recorder = Recorder(db, now)
        readers = SourceReaders(recorder, summary, options)
        for path, source_kind in kinds:
            report = SourceReport(path, source_kind, "read")
            summary.sources.append(report)
            readers.read(source_kind, path, report)
        summary.counts = recorder.counts
        summary.labels_after, pending_after, summary.conflicts = _label_state(ledger, grace_days)
        summary.pending_after = len(pending_after)
        summary.newly_labelled = len(pending_before - pending_after)


def _label_state(ledger: Ledger, grace_days: int) -> tuple[Counter[str], set[str], list[Conflict]]:
    """Labels by source, the ids of the pending requests, and the conflicts."""
    requests, conflicts = labelled_requests(ledger, grace_days)
    pending = requests["label_source"].isna()
    return (
        Counter(requests["label_source"].dropna()),
        set(requests.loc[pending, "request_id"]),
        conflicts,
    )
