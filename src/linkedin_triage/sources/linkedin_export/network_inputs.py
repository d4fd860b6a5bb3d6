"""What the network report is computed from (`NetworkInputs`), built from an export.

The report does not care where its facts come from: an export gives them here, and a ledger
can build the same dataclass. A part the source lacks is None, and `missing` says, in the
user's words, what to add to get it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.sources.linkedin_export.discovery import ExportFiles, discover_files
from linkedin_triage.sources.linkedin_export.labels import Invitations
from linkedin_triage.sources.linkedin_export.message_partners import (
    PARTNER_COLUMNS,
    read_message_partners,
)
from linkedin_triage.sources.linkedin_export.network_files import (
    CONNECTION_COLUMNS,
    INVITATION_COLUMNS,
    InvitationLists,
    PeopleIndex,
    connected_on_or_after_sent,
    read_connection_list,
    read_invitation_lists,
)
from linkedin_triage.sources.linkedin_export.reading import (
    REQUIRED_HEADERS,
    name_key,
    read_optional_csv,
)
from linkedin_triage.sources.linkedin_export.requests_table import resolve_export_date

# Where each part comes from, and what to ask LinkedIn for when it is missing.
ASK_FOR = "Settings > Data privacy > Get a copy of your data"
MISSING_CONNECTIONS = f"add Connections.csv to the export (ask for 'Connections' in {ASK_FOR})"
MISSING_INVITATIONS = f"add Invitations.csv to the export (ask for 'Invitations' in {ASK_FOR})"
MISSING_MESSAGES = f"add messages.csv to the export (ask for 'Messages' in {ASK_FOR})"


@dataclass
class NetworkInputs:
    """The facts behind the network report. Each part is None when the source lacks it.

    Attributes:
        connections: CONNECTION_COLUMNS, one row per first-degree connection; a hidden or
            closed account has the name "".
        incoming: INVITATION_COLUMNS + `connected_on` (NaT: not accepted), one row per
            invitation received; `name` etc. are the requester's.
        outgoing: the same for invitations sent; `name` etc. are the invitee's.
        message_partners: PARTNER_COLUMNS, the people the user exchanged messages with.
        missing: part name -> what the user can add to get it.
        notices: what the reading noticed (rows refused, odd files), one line each.
    """

    source: Path
    source_kind: str
    as_of: date
    as_of_source: str
    connections: pd.DataFrame | None
    incoming: pd.DataFrame | None
    outgoing: pd.DataFrame | None
    message_partners: pd.DataFrame | None
    missing: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    unreadable_invitations: int = 0
    # Why the mix by company and role cannot be computed although connections are known
    # (a ledger keeps no Company or Position); None when it can.
    mix_missing: str | None = None


def inputs_from_export(export: Path, owner_name: str = "") -> NetworkInputs:
    """Read LinkedIn's export (zip or folder) into NetworkInputs.

    Args:
        owner_name: the user's name (the policy's `[me] name`), to find them in messages.csv
            when neither Profile.csv nor Invitations.csv names them.
    """
    export = Path(export)
    found = discover_files(export)
    if not {"connections", "invitations", "messages"} & set(found.files):
        raise TriageError(
            f"{export}: no Connections.csv, Invitations.csv or messages.csv found; expected "
            f"LinkedIn's data export ({ASK_FOR})"
        )
    notices, missing = list(found.notices), {}
    connections = invitations = None
    if "connections" in found.files:
        connections, more = read_connection_list(found.files["connections"])
        notices += more + _namesakes(connections, found.files["connections"].label)
    else:
        missing["connections"] = MISSING_CONNECTIONS
    if "invitations" in found.files:
        invitations, more = read_invitation_lists(found.files["invitations"])
        notices += more + invitations.problems
    else:
        missing["invitations"] = MISSING_INVITATIONS
    as_of, as_of_source = _export_date(found, invitations, connections)
    incoming = outgoing = None
    if invitations is not None:
        incoming, outgoing = invitations.incoming, invitations.outgoing
        if connections is not None:
            named = connections[connections["name"] != ""]
            index = PeopleIndex.of(named)
            accepted = [connected_on_or_after_sent(i, named, index) for i in (incoming, outgoing)]
            incoming = incoming.assign(connected_on=accepted[0])
            outgoing = outgoing.assign(connected_on=accepted[1])
    partners = None
    if "messages" in found.files:
        names, urls = _owner(found, invitations, notices, owner_name)
        read = read_message_partners(found.files["messages"], names, urls)
        partners, notices = read.partners, notices + read.notices
        if read.reason:
            missing["messages"] = read.reason
    else:
        missing["messages"] = MISSING_MESSAGES
    return NetworkInputs(
        source=export,
        source_kind="export",
        as_of=as_of,
        as_of_source=as_of_source,
        connections=connections,
        incoming=incoming,
        outgoing=outgoing,
        message_partners=partners,
        missing=missing,
        notices=notices,
        unreadable_invitations=0 if invitations is None else invitations.unreadable,
    )


def _namesakes(connections: pd.DataFrame, label: str) -> list[str]:
    """A notice when several connections share a name: matching by name cannot tell them apart."""
    repeated = PeopleIndex.of(connections).repeated_names()
    if not repeated:
        return []
    return [
        f"{label}: {repeated} name(s) belong to more than one connection; a person matched by "
        "name alone (no profile URL) counts as connected if any of them is, from the day sent"
    ]


def _export_date(
    found: ExportFiles, invitations: InvitationLists | None, connections: pd.DataFrame | None
) -> tuple[date, str]:
    """The export date exactly as `import-linkedin` finds it (`resolve_export_date`).

    That function looks for the date in the folders above Invitations.csv and in the export's
    name, then at the newest date in Invitations.csv and Connections.csv; an export without
    Invitations.csv is looked at through whichever file it has.
    """
    probe = found.files.get("invitations") or next(iter(found.files.values()))
    newest = None
    if invitations is not None:
        sent = pd.concat([invitations.incoming["sent_at"], invitations.outgoing["sent_at"]])
        newest = None if sent.dropna().empty else pd.Timestamp(sent.max())
    view = ExportFiles(found.export, {"invitations": probe})
    dates = Invitations(pd.DataFrame(), 0, 0, [], newest)
    known = (
        connections
        if connections is not None
        else pd.DataFrame({"connected_on": pd.Series([], dtype="datetime64[ns]")})
    )
    return resolve_export_date(view, dates, known)


def _owner(
    found: ExportFiles, invitations: InvitationLists | None, notices: list[str], owner_name: str
) -> tuple[set[str], set[str]]:
    """The user's names and profile URLs (as keys), from every file that shows them."""
    names = {name_key(owner_name)} - {""}
    urls: set[str] = set()
    if invitations is not None:
        names |= invitations.owner_names
        urls |= invitations.owner_urls
    if "profile" in found.files:
        profile, more = read_optional_csv(
            found.files["profile"], REQUIRED_HEADERS["profile"], "messages"
        )
        notices += more
        if profile is not None and len(profile):
            first = profile.iloc[0]
            names.add(name_key(f"{first['firstname']} {first['lastname']}"))
    return names - {""}, urls


__all__ = [
    "CONNECTION_COLUMNS",
    "INVITATION_COLUMNS",
    "PARTNER_COLUMNS",
    "NetworkInputs",
    "inputs_from_export",
]
