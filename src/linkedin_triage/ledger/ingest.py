"""`ingest`: what the sources show, added to the ledger in one transaction.

Every source is read and matched inside one write transaction: a source that cannot be read
stops the run with the ledger unchanged, a killed run leaves it as it was, and `--dry-run`
does all the work and rolls it back, so its summary is exactly what a real run would do.
A source already ingested (same content, by SHA-256) is skipped.
"""

from __future__ import annotations

import itertools
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from linkedin_triage.errors import TriageError
from linkedin_triage.ledger.history import GRACE_SETTING, grace_days_of, labelled_requests
from linkedin_triage.ledger.labels import DEFAULT_GRACE_DAYS, Conflict
from linkedin_triage.ledger.recording import Recorder
from linkedin_triage.ledger.store import DEFAULT_LEDGER, WAIT_SECONDS, Ledger
from linkedin_triage.ledger.times import iso
from linkedin_triage.sources.sightings import Sighting, Skipped, SourceItem, Unparsed
from linkedin_triage.sources.source_kinds import KINDS, detect_kind

# Sightings written per batch: bulk inserts, with memory bounded on a large mailbox.
SIGHTING_BATCH = 5_000


@dataclass
class SourceReport:
    """One source of the run: what it was and what came of it."""

    path: Path
    kind: str
    status: str  # "read", or why it was skipped ("already ingested on ...")
    sightings: int = 0
    details: list[str] = field(default_factory=list)


@dataclass
class IngestSummary:
    ledger: Path
    dry_run: bool
    grace_days: int
    sources: list[SourceReport] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    labels_before: Counter[str] = field(default_factory=Counter)
    labels_after: Counter[str] = field(default_factory=Counter)
    pending_before: int = 0
    pending_after: int = 0
    newly_labelled: int = 0  # requests pending before this run that now have a label
    conflicts: list[Conflict] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    notices: list[str] = field(default_factory=list)

    @property
    def new_labels(self) -> Counter[str]:
        """Labels this run added, by label_source (a label can also move between sources)."""
        return Counter({k: self.labels_after[k] - self.labels_before[k] for k in self.labels_after})


def ingest(
    sources: list[Path],
    ledger_path: Path = DEFAULT_LEDGER,
    kind: str | None = None,
    dry_run: bool = False,
    observed_at: datetime | None = None,
    grace_days: int | None = None,
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
        ledger=Path(ledger_path), dry_run=dry_run, grace_days=grace_days or DEFAULT_GRACE_DAYS
    )
    given_grace = grace_days
    if dry_run and not Path(ledger_path).exists():
        # Nothing to preview against: a throwaway ledger shows what a first run would do.
        with tempfile.TemporaryDirectory() as folder:
            preview = Path(folder) / "preview.sqlite"
            _ingest_into(preview, kinds, summary, observed_at, now, wait_seconds, given_grace)
    else:
        _ingest_into(Path(ledger_path), kinds, summary, observed_at, now, wait_seconds, given_grace)
    return summary


def _ingest_into(
    ledger_path: Path,
    kinds: list[tuple[Path, str]],
    summary: IngestSummary,
    observed_at: datetime | None,
    now: datetime,
    wait_seconds: float,
    given_grace: int | None,
) -> None:
    with (
        Ledger.open(ledger_path, create=True, wait_seconds=wait_seconds) as ledger,
        ledger.writing(commit=not summary.dry_run) as db,
    ):
        if given_grace is not None:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (GRACE_SETTING, str(given_grace)),
            )
        summary.grace_days = grace_days = grace_days_of(ledger, given_grace)
        summary.labels_before, pending_before, _ = _label_state(ledger, grace_days)
        summary.pending_before = len(pending_before)
        recorder = Recorder(db, now)
        for path, source_kind in kinds:
            report = SourceReport(path, source_kind, "read")
            summary.sources.append(report)
            _READERS[source_kind](recorder, path, report, summary, observed_at)
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


def _already(recorder: Recorder, sha256: str, report: SourceReport) -> bool:
    known = recorder.known_source(sha256)
    if known is not None:
        report.status = f"already ingested on {known[1][:10]} (same content): skipped"
    return known is not None


def _read_export(
    recorder: Recorder,
    path: Path,
    report: SourceReport,
    summary: IngestSummary,
    observed_at: datetime | None,
) -> None:
    from linkedin_triage.sources.linkedin_export.sightings import read_export_sightings

    export = read_export_sightings(path)
    if _already(recorder, export.sha256, report):
        return
    source_id = recorder.add_source(
        "export", export.sha256, path.name, export.export_date.isoformat()
    )
    recorder.sightings(source_id, export.sightings)
    recorder.connections(source_id, export.connections)
    report.sightings = len(export.sightings)
    report.details.append(
        f"exported {export.export_date.isoformat()} ({export.export_date_source}); "
        f"{len(export.sightings)} incoming invitations, {len(export.connections)} connections, "
        f"{export.outgoing} outgoing invitations (not requests to you)"
        + (
            f", {export.other_direction} row(s) with a Direction neither INCOMING nor OUTGOING "
            "(skipped)"
            if export.other_direction
            else ""
        )
    )
    summary.unparsed += export.unparsed
    summary.notices += export.notices


def _read_table(
    recorder: Recorder,
    path: Path,
    report: SourceReport,
    summary: IngestSummary,
    observed_at: datetime | None,
) -> None:
    from linkedin_triage.sources.table_sightings import file_sha256, read_table_sightings

    if _already(recorder, file_sha256(path), report):
        return
    table = read_table_sightings(path)
    source_id = recorder.add_source("table", table.sha256, path.name)
    recorder.sightings(source_id, table.sightings)
    report.sightings = len(table.sightings)
    report.details.append(f"{table.n_read} rows: {len(table.sightings)} read")
    if table.extras:
        report.details.append(
            f"columns not kept in the ledger (not in the data contract): {', '.join(table.extras)}"
        )
    summary.unparsed += table.unparsed
    summary.notices += table.notices


def _read_enrichment(
    recorder: Recorder,
    path: Path,
    report: SourceReport,
    summary: IngestSummary,
    observed_at: datetime | None,
) -> None:
    """Profile attributes for known requests, by profile link, observed now (at ingest)."""
    from linkedin_triage.sources.linkedin_export.enrichment import read_enrichment
    from linkedin_triage.sources.table_sightings import file_sha256

    sha256 = file_sha256(path)
    if _already(recorder, sha256, report):
        return
    enrichment = read_enrichment(path)
    source_id = recorder.add_source("enrich", sha256, path.name)
    by_key: dict[str, list[str]] = {}
    for request in recorder.index.by_id.values():
        if request.profile_key:
            by_key.setdefault(request.profile_key, []).append(request.request_id)
    matched = 0
    for key, values in enrichment.values.iterrows():
        request_ids = by_key.get(str(key), [])
        matched += bool(request_ids)
        cells = [(c, v) for c, v in values.items() if v is not None]
        for request_id in request_ids:
            recorder.observations(source_id, request_id, recorder.now, cells)
    report.sightings = matched
    report.details.append(
        f"{enrichment.rows} rows: {matched} matched a known request by profile URL, "
        f"{len(enrichment.values) - matched} matched none, {enrichment.without_url} had no "
        f"profile URL, {enrichment.rejected_rows} had bad values; observed {iso(recorder.now)}"
        " (enrichment describes people as they are now: never used for requests decided before)"
    )
    summary.notices += enrichment.notices


def _record_items(
    recorder: Recorder, source_id: int, items: Iterable[SourceItem], summary: IngestSummary
) -> int:
    """Stream a reader's items into the ledger in batches; returns the sightings recorded.

    Batches keep memory bounded on a large mailbox while still writing rows in bulk.
    """
    batch: list[Sighting] = []
    recorded = 0
    for item in items:
        if isinstance(item, Sighting):
            batch.append(item)
            if len(batch) >= SIGHTING_BATCH:
                recorder.sightings(source_id, batch)
                recorded, batch = recorded + len(batch), []
        elif isinstance(item, Skipped):
            summary.skipped[item.what] += 1
        else:
            summary.unparsed.append(item)
    if batch:
        recorder.sightings(source_id, batch)
        recorded += len(batch)
    return recorded


def _read_emails(
    recorder: Recorder,
    path: Path,
    report: SourceReport,
    summary: IngestSummary,
    observed_at: datetime | None,
) -> None:
    """Every mail file (a folder holds many): each one a source, skipped if seen before."""
    from linkedin_triage.sources.invitation_emails import mail_files, read_mail_file
    from linkedin_triage.sources.table_sightings import file_sha256

    files = mail_files(path)
    seen_before = refused = 0
    for file in files:
        sha256 = file_sha256(file)
        if recorder.known_source(sha256) is not None:
            seen_before += 1
            continue
        try:
            items = read_mail_file(file)
            first = next(items, None)  # a file that is not mail is refused here, up front
        except TriageError as error:
            if not path.is_dir():
                raise  # the one file given cannot be read: the whole run stops
            # One bad file in a folder (a failed save, a picture named .eml) is reported;
            # the folder's other files are still read.
            summary.unparsed.append(Unparsed(str(file), str(error).removeprefix(f"{file}: ")))
            refused += 1
            continue
        source_id = recorder.add_source("emails", sha256, file.name)
        stream = itertools.chain([first] if first is not None else [], items)
        report.sightings += _record_items(recorder, source_id, stream, summary)
    report.details.append(
        f"{len(files)} mail file(s), {seen_before} already ingested"
        + (f", {refused} not readable as mail (listed below)" if refused else "")
        + f"; {report.sightings} invitation(s) read"
    )
    if files and seen_before == len(files):
        report.status = "already ingested (same content): skipped"


def _read_page(
    recorder: Recorder,
    path: Path,
    report: SourceReport,
    summary: IngestSummary,
    observed_at: datetime | None,
) -> None:
    from linkedin_triage.sources.invitations_page import read_invitations_page
    from linkedin_triage.sources.table_sightings import file_sha256

    sha256 = file_sha256(path)
    if _already(recorder, sha256, report):
        return
    items = list(read_invitations_page(path, observed_at))  # refuses a wrong page up front
    source_id = recorder.add_source("page", sha256, path.name)
    report.sightings = _record_items(recorder, source_id, items, summary)
    seen = next((i.observed_at for i in items if isinstance(i, Sighting)), None)
    when = "the time given with --observed-at" if observed_at else "the file's modification time"
    report.details.append(
        f"{report.sightings} invitation(s) on the page, looked at "
        f"{iso(seen) if seen else '?'} ({when}); received times are approximate "
        "('2 days ago')"
    )


_READERS = {
    "export": _read_export,
    "table": _read_table,
    "enrich": _read_enrichment,
    "emails": _read_emails,
    "page": _read_page,
}
