"""The export as the ledger reads it: invitations as sightings, connections, the export date.

Unlike `import-linkedin`, nothing is labelled here: the ledger labels requests from all the
exports and decisions it has seen. Every INCOMING invitation is a sighting (repeated ones
too: the ledger tells a repeat of one invitation from a new one); unreadable rows are
reported as unparsed items, never dropped.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.sources.date_order import DateOrder
from linkedin_triage.sources.linkedin_export.discovery import ExportFiles, discover_files
from linkedin_triage.sources.linkedin_export.labels import read_connections, read_invitations
from linkedin_triage.sources.linkedin_export.requests_table import resolve_export_date
from linkedin_triage.sources.sightings import Sighting, Unparsed

READ_FILES = ("invitations", "connections")


@dataclass
class ExportSightings:
    """What one export tells the ledger."""

    export: Path
    sha256: str  # of the files read, so the zip and its unzipped folder are one source
    export_date: date
    export_date_source: str
    sightings: list[Sighting]
    connections: pd.DataFrame  # name, profile_url (decoded or None), connected_on
    unparsed: list[Unparsed]
    outgoing: int
    other_direction: int  # rows neither INCOMING nor OUTGOING: not requests, reported
    notices: list[str] = field(default_factory=list)


def export_content_sha256(found: ExportFiles) -> str:
    digest = hashlib.sha256()
    for key in READ_FILES:
        digest.update(key.encode())
        digest.update(hashlib.sha256(found.files[key].data).digest())
    return digest.hexdigest()


def read_export_sightings(
    export: Path, date_order: DateOrder = DateOrder.DETECT
) -> ExportSightings:
    """Read an export's Invitations.csv and Connections.csv for the ledger.

    Dates are read day-first or month-first as each column (or `date_order`) says.
    """
    found = discover_files(Path(export))
    for key in READ_FILES:
        if key not in found.files:
            raise TriageError(
                f"{export}: no {key.capitalize()}.csv found; expected LinkedIn's data export "
                "(Settings > Data privacy > Get a copy of your data) holding Invitations.csv "
                "and Connections.csv"
            )
    invitations, notices = read_invitations(found.files["invitations"], date_order)
    connections, more = read_connections(found.files["connections"], date_order)
    export_date, date_source = resolve_export_date(found, invitations, connections)
    label = found.files["invitations"].label
    requests = invitations.requests
    # Python datetimes for the whole column at once (one Timestamp per row is slow).
    received = list(pd.to_datetime(requests["received_at"]).dt.to_pydatetime())
    sightings = [
        Sighting(
            name=name,
            received_at=when,
            observed_at=when,
            profile_url=url,
            columns={"message": message} if message else {},
            origin=f"{label}, row {row}",
        )
        for row, name, when, message, url in zip(
            requests["row"], requests["name"], received, requests["message"],
            requests["profile_url"], strict=True,
        )
    ]  # fmt: skip
    unparsed = [
        Unparsed(f"{label}, row {r.row}", f"{r.column}: {r.reason} ({r.value!r})")
        for r in invitations.rejects
    ]
    return ExportSightings(
        export=Path(export),
        sha256=export_content_sha256(found),
        export_date=export_date,
        export_date_source=date_source,
        sightings=sightings,
        connections=connections,
        unparsed=unparsed,
        outgoing=invitations.outgoing,
        other_direction=invitations.other_direction,
        notices=[*found.notices, *notices, *more],
    )
