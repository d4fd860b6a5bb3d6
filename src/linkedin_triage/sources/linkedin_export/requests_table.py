"""The import as a whole: export files -> one requests table with labels, a summary, a policy draft.

Nothing here writes a file: `commands.linkedin_import` writes what this builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.sources import contract, parsing
from linkedin_triage.sources.date_order import DateOrder
from linkedin_triage.sources.linkedin_export.discovery import (
    ExportFiles,
    discover_files,
    export_date_from_name,
)
from linkedin_triage.sources.linkedin_export.enrichment import merge_enrichment, read_enrichment
from linkedin_triage.sources.linkedin_export.labels import (
    Invitations,
    count_prior_messages,
    derive_labels,
    read_connections,
    read_invitations,
    read_messages,
)
from linkedin_triage.sources.linkedin_export.reading import (
    REQUIRED_HEADERS,
    name_key,
    profile_url_key,
    read_optional_csv,
)
from linkedin_triage.sources.linkedin_export.starting_policy import PolicyDraft, derive_policy
from linkedin_triage.sources.rejects import Reject


@dataclass
class ImportSummary:
    """What an import read, derived and wrote; `.lines()` for the terminal."""

    export: Path
    out_file: Path
    export_date: date
    export_date_source: str
    grace_days: int
    incoming: int = 0
    outgoing: int = 0
    other_direction: int = 0
    written: int = 0
    rejected: int = 0
    repeated: int = 0
    accepted_by_url: int = 0
    accepted_by_name: int = 0
    ignored: int = 0
    pending: int = 0
    connections: int = 0
    without_url: int = 0
    with_prior_messages: int | None = None
    enrich_file: Path | None = None
    enriched: int = 0
    enrich_rows: int = 0
    enrich_unmatched: int = 0
    enrich_rejected: int = 0
    rejects_file: Path | None = None
    policy_file: Path | None = None
    policy_todo: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return self.accepted_by_url + self.accepted_by_name

    def lines(self) -> list[str]:
        """Plain sentences for the terminal (rich markup in paths escaped)."""
        from rich.markup import escape

        other = f", {self.other_direction} with another Direction" if self.other_direction else ""
        lines = [
            f"read {escape(str(self.export))}: exported {self.export_date.isoformat()} "
            f"(from {escape(self.export_date_source)})",
            f"invitations: {self.incoming} INCOMING, {self.outgoing} OUTGOING{other} "
            "(only INCOMING are requests to you; the rest skipped)",
            f"accept: {self.accepted} (in Connections.csv: {self.accepted_by_url} by profile URL, "
            f"{self.accepted_by_name} by name)",
            f"ignore: {self.ignored} (inferred: not connected more than {self.grace_days} days "
            "before the export; LinkedIn keeps no record of ignoring, see --grace-days)",
            f"pending: {self.pending} (newer, not connected: candidates for predict)",
        ]
        if self.rejected or self.repeated:
            lines.append(
                f"{self.incoming} INCOMING = {self.written} written + {self.rejected} rejected"
                + (f" (see {escape(str(self.rejects_file))})" if self.rejects_file else "")
                + f" + {self.repeated} repeated invitations "
                "from the same person (the newest kept)"
            )
        if self.with_prior_messages is not None:
            lines.append(
                f"prior_messages: {self.with_prior_messages} requesters messaged with you before"
            )
        if self.enrich_file is not None:
            lines.append(self._enrichment_line(escape(str(self.enrich_file))))
        lines.append(f"wrote {escape(str(self.out_file))} ({self.written} requests)")
        if self.policy_file is not None:
            todo = ", ".join(self.policy_todo)
            needs = f"required: {todo}, not found in Profile.csv" if todo else "[interests]"
            lines.append(
                f"wrote {escape(str(self.policy_file))}; fill its TODO values before training "
                f"({escape(needs)})"
            )
        lines.extend(escape(n) for n in self.notices)
        return lines

    def _enrichment_line(self, path: str) -> str:
        rejected = (
            f", {self.enrich_rejected} rejected for bad values" if self.enrich_rejected else ""
        )
        return (
            f"enrichment {path}: {self.enriched} of {self.written} requests matched, "
            f"{self.written - self.enriched} without enrichment ({self.without_url} have no "
            f"profile URL); {self.enrich_unmatched} of {self.enrich_rows} enrichment rows matched "
            f"no request{rejected}"
        )


@dataclass
class ExportImport:
    """What one export gives: the requests table, its rejected rows, the summary, a policy draft."""

    table: pd.DataFrame
    rejects: list[Reject]
    summary: ImportSummary
    policy_draft: PolicyDraft | None


def build_import(
    export: Path,
    out_file: Path,
    enrich: Path | None = None,
    grace_days: int = 21,
    draft_policy: bool = False,
    date_order: DateOrder = DateOrder.DETECT,
) -> ExportImport:
    """Read and check the whole export (and enrichment); build what `import-linkedin` writes.

    `out_file` is only named in the summary: nothing is written here. Each date column
    (Sent At, Connected On, DATE, the enrichment's) is read day-first or month-first as its
    own values say, or as `date_order` asks (sources/date_order.py); the export date guessed
    from the files comes from those readings.
    """
    export, out_file = Path(export), Path(out_file)
    if grace_days < 0:
        raise TriageError(f"--grace-days must be 0 or more (got {grace_days})")
    found = discover_files(export)
    notices = list(found.notices)
    for key in ("invitations", "connections"):
        if key not in found.files:
            raise TriageError(
                f"{export}: no {key.capitalize()}.csv found; expected LinkedIn's data export "
                "(Settings > Data privacy > Get a copy of your data) holding Invitations.csv "
                "and Connections.csv"
            )
    invitations, more = read_invitations(found.files["invitations"], date_order)
    connections, more2 = read_connections(found.files["connections"], date_order)
    notices += more + more2
    export_date, source = resolve_export_date(found, invitations, connections)
    requests, repeated = _newest_per_person(invitations.requests)
    if requests.empty:
        raise TriageError(
            f"{found.files['invitations'].label}: no usable INCOMING invitations "
            f"({invitations.outgoing} OUTGOING, {len(invitations.rejects)} unreadable): "
            "nothing to import"
        )
    labels = derive_labels(requests, connections, export_date, grace_days)
    summary = ImportSummary(
        export=export,
        out_file=out_file,
        export_date=export_date,
        export_date_source=source,
        grace_days=grace_days,
        incoming=len(invitations.requests) + len(invitations.rejects),
        outgoing=invitations.outgoing,
        other_direction=invitations.other_direction,
        rejected=len(invitations.rejects),
        repeated=repeated,
        accepted_by_url=int((labels["matched_by"] == "url").sum()),
        accepted_by_name=int((labels["matched_by"] == "name").sum()),
        ignored=int((labels["decision"] == "ignore").sum()),
        pending=int(labels["decision"].isna().sum()),
        connections=len(connections),
        without_url=int(requests["profile_url"].isna().sum()),
        notices=notices,
    )
    table = _requests_table(requests, labels)
    if "messages" in found.files:
        messages, more = read_messages(found.files["messages"], date_order)
        notices += more
        if messages is not None:
            table["prior_messages"] = count_prior_messages(requests, messages).astype(str)
            summary.with_prior_messages = int((table["prior_messages"] != "0").sum())
    if enrich is not None:
        table = _enrich(table, Path(enrich), summary, date_order)
    draft = None
    if draft_policy:
        draft = derive_policy(*_owner_files(found, notices), connections=len(connections))
    return ExportImport(table, invitations.rejects, summary, draft)


def resolve_export_date(
    found: ExportFiles, invitations: Invitations, connections: pd.DataFrame
) -> tuple[date, str]:
    """The export date from the archive or folder name, else the newest date in the files."""
    folders = found.files["invitations"].folders
    for name in [*reversed(folders), found.export.name]:
        when = export_date_from_name(name)
        if when:
            return when, f"the name {name!r}"
    candidates = (invitations.newest, connections["connected_on"].max())
    newest = [pd.Timestamp(d) for d in candidates if d is not None and not pd.isna(d)]
    if not newest:
        raise TriageError(
            f"{found.export}: cannot tell the export date (no date in its name or files)"
        )
    return max(newest).date(), "the newest date in the files (no MM-DD-YYYY in the export's name)"


def _newest_per_person(requests: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """One request per requester (by URL, else name + time): the newest invitation wins."""
    identity = [
        profile_url_key(u) if isinstance(u, str) else f"{name_key(n)}\x1f{t.isoformat()}"
        for u, n, t in requests[["profile_url", "name", "received_at"]].itertuples(index=False)
    ]
    order = requests.assign(_identity=identity).sort_values(
        "received_at", ascending=False, kind="stable"
    )
    kept = order[~order["_identity"].duplicated(keep="first")].sort_index()
    return kept.drop(columns="_identity"), len(requests) - len(kept)


def _requests_table(requests: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    received = requests["received_at"].map(lambda t: pd.Timestamp(t).isoformat())
    ids = [
        url if isinstance(url, str) else parsing.stable_request_id(name, when)
        for url, name, when in zip(requests["profile_url"], requests["name"], received, strict=True)
    ]
    return pd.DataFrame(
        {
            "request_id": ids,
            "name": requests["name"],
            "received_at": received,
            "message": requests["message"].mask(requests["message"] == ""),
            "profile_url": requests["profile_url"],
            "decision": labels["decision"],
            "decided_at": labels["decided_at"].map(lambda t: None if pd.isna(t) else t.isoformat()),
        },
        index=requests.index,
    ).astype(object)


def _enrich(
    table: pd.DataFrame, path: Path, summary: ImportSummary, date_order: DateOrder
) -> pd.DataFrame:
    enrichment = read_enrichment(path, date_order)
    merged, matched, unmatched = merge_enrichment(table, enrichment)
    summary.enrich_file, summary.enriched = path, matched
    summary.enrich_rows, summary.enrich_rejected = enrichment.rows, enrichment.rejected_rows
    summary.enrich_unmatched = unmatched + enrichment.without_url + enrichment.repeated
    summary.notices += enrichment.notices
    if enrichment.repeated:
        summary.notices.append(
            f"{path}: {enrichment.repeated} rows repeat a profile URL (first kept)"
        )
    ordered = [c for c in contract.BY_NAME if c in merged.columns]
    return merged[ordered + [c for c in merged.columns if c not in ordered]]


def _owner_files(
    found: ExportFiles, notices: list[str]
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, pd.DataFrame | None]:
    """Profile, Positions and Education cells; a missing or odd file is a notice, not an error."""
    frames: list[pd.DataFrame | None] = []
    for key in ("profile", "positions", "education"):
        file = found.files.get(key)
        if file is None:
            notices.append(f"policy: no {key.capitalize()}.csv in the export")
            frames.append(None)
            continue
        frame, more = read_optional_csv(file, REQUIRED_HEADERS[key], "policy")
        notices += more
        frames.append(frame)
    return frames[0], frames[1], frames[2]
