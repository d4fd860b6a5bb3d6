"""Reading each kind of source into the ledger, inside `ingest`'s one transaction.

One method per kind; each reads a path, writes what it shows through the Recorder and notes
in the run's summary what it read, skipped and could not read.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path

from linkedin_triage.errors import TriageError
from linkedin_triage.ledger.recording import Recorder
from linkedin_triage.ledger.reports import IngestSummary, ReadOptions, SourceReport
from linkedin_triage.ledger.times import iso
from linkedin_triage.sources.content_hash import file_sha256
from linkedin_triage.sources.sightings import Sighting, Skipped, SourceItem, Unparsed

# Sightings written per batch: bulk inserts, with memory bounded on a large mailbox.
SIGHTING_BATCH = 5_000


class SourceReaders:
    """The readers of one ingest run, sharing its recorder, summary and reading options."""

    def __init__(self, recorder: Recorder, summary: IngestSummary, options: ReadOptions):
        self.recorder = recorder
        self.summary = summary
        self.options = options

    def read(self, kind: str, path: Path, report: SourceReport) -> None:
        """Read `path` as a source of `kind` (one of source_kinds.KINDS)."""
        readers = {
            "export": self.export,
            "table": self.table,
            "enrich": self.enrich,
            "emails": self.emails,
            "page": self.page,
        }
        readers[kind](path, report)

    def already(self, sha256: str, report: SourceReport) -> bool:
        """Whether a source of this content was ingested before (then it is skipped)."""
        known = self.recorder.known_source(sha256)
        if known is not None:
            report.status = f"already ingested on {known[1][:10]} (same content): skipped"
        return known is not None

    def export(self, path: Path, report: SourceReport) -> None:
        from linkedin_triage.sources.linkedin_export.sightings import read_export_sightings

        export = read_export_sightings(path, self.options.date_order)
        if self.already(export.sha256, report):
            return
        source_id = self.recorder.add_source(
            "export", export.sha256, path.name, export.export_date.isoformat()
        )
        self.recorder.sightings(source_id, export.sightings)
        self.recorder.connections(source_id, export.connections)
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
        self.summary.unparsed += export.unparsed
        self.summary.notices += export.notices

    def table(self, path: Path, report: SourceReport) -> None:
        from linkedin_triage.sources.table_sightings import read_table_sightings

        if self.already(file_sha256(path), report):
            return
        table = read_table_sightings(path, self.options.date_order)
        source_id = self.recorder.add_source("table", table.sha256, path.name)
        self.recorder.sightings(source_id, table.sightings)
        report.sightings = len(table.sightings)
        report.details.append(f"{table.n_read} rows: {len(table.sightings)} read")
        if table.extras:
            report.details.append(
                f"columns not kept in the ledger (not in the data contract): {', '.join(table.extras)}"
            )
        self.summary.unparsed += table.unparsed
        self.summary.notices += table.notices

    def enrich(self, path: Path, report: SourceReport) -> None:
        """Profile attributes for known requests, by profile link, observed now (at ingest)."""
        from linkedin_triage.sources.linkedin_export.enrichment import read_enrichment

        sha256 = file_sha256(path)
        if self.already(sha256, report):
            return
        enrichment = read_enrichment(path, self.options.date_order)
        source_id = self.recorder.add_source("enrich", sha256, path.name)
        by_key: dict[str, list[str]] = {}
        for request in self.recorder.index.by_id.values():
            if request.profile_key:
                by_key.setdefault(request.profile_key, []).append(request.request_id)
        matched = 0
        for key, values in enrichment.values.iterrows():
            request_ids = by_key.get(str(key), [])
            matched += bool(request_ids)
            cells = [(c, v) for c, v in values.items() if v is not None]
            for request_id in request_ids:
                self.recorder.observations(source_id, request_id, self.recorder.now, cells)
        report.sightings = matched
        report.details.append(
            f"{enrichment.rows} rows: {matched} matched a known request by profile URL, "
            f"{len(enrichment.values) - matched} matched none, {enrichment.without_url} had no "
            f"profile URL, {enrichment.rejected_rows} had bad values; observed {iso(self.recorder.now)}"
            " (enrichment describes people as they are now: never used for requests decided before)"
        )
        self.summary.notices += enrichment.notices

    def record_items(self, source_id: int, items: Iterable[SourceItem]) -> int:
        """Stream a reader's items into the ledger in batches; returns the sightings recorded.

        Batches keep memory bounded on a large mailbox while still writing rows in bulk.
        """
        batch: list[Sighting] = []
        recorded = 0
        for item in items:
            if isinstance(item, Sighting):
                batch.append(item)
                if len(batch) >= SIGHTING_BATCH:
                    self.recorder.sightings(source_id, batch)
                    recorded, batch = recorded + len(batch), []
            elif isinstance(item, Skipped):
                self.summary.skipped[item.what] += 1
            else:
                self.summary.unparsed.append(item)
        if batch:
            self.recorder.sightings(source_id, batch)
            recorded += len(batch)
        return recorded

    def emails(self, path: Path, report: SourceReport) -> None:
        """Every mail file (a folder holds many): each one a source, skipped if seen before."""
        from linkedin_triage.sources.invitation_emails import mail_files, read_mail_file

        files = mail_files(path)
        seen_before = refused = 0
        for file in files:
            sha256 = file_sha256(file)
            if self.recorder.known_source(sha256) is not None:
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
                self.summary.unparsed.append(
                    Unparsed(str(file), str(error).removeprefix(f"{file}: "))
                )
                refused += 1
                continue
            source_id = self.recorder.add_source("emails", sha256, file.name)
            stream = itertools.chain([first] if first is not None else [], items)
            report.sightings += self.record_items(source_id, stream)
        report.details.append(
            f"{len(files)} mail file(s), {seen_before} already ingested"
            + (f", {refused} not readable as mail (listed below)" if refused else "")
            + f"; {report.sightings} invitation(s) read"
        )
        if files and seen_before == len(files):
            report.status = "already ingested (same content): skipped"

    def page(self, path: Path, report: SourceReport) -> None:
        from linkedin_triage.sources.invitations_page import read_invitations_page

        sha256 = file_sha256(path)
        if self.already(sha256, report):
            return
        items = list(
            read_invitations_page(path, self.options.observed_at)
        )  # refuses a wrong page up front
        source_id = self.recorder.add_source("page", sha256, path.name)
        report.sightings = self.record_items(source_id, items)
        seen = next((i.observed_at for i in items if isinstance(i, Sighting)), None)
        when = (
            "the time given with --observed-at"
            if self.options.observed_at
            else "the file's modification time"
        )
        report.details.append(
            f"{report.sightings} invitation(s) on the page, looked at "
            f"{iso(seen) if seen else '?'} ({when}); received times are approximate "
            "('2 days ago')"
        )
