"""The network report's facts from the ledger: connections and incoming requests over time.

The ledger keeps who is connected and since when (never Company or Position, which would leak
labels into training) and every incoming request with what became of it; it keeps no outgoing
invitations and no messages. Those parts are None, and `missing` says to give the export.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from linkedin_triage.ledger.history import build_history, newest_export_date
from linkedin_triage.ledger.identity import public_profile_url
from linkedin_triage.ledger.labels import DEFAULT_GRACE_DAYS
from linkedin_triage.ledger.store import Ledger
from linkedin_triage.sources.linkedin_export.network_files import (
    CONNECTION_COLUMNS,
    INVITATION_COLUMNS,
)
from linkedin_triage.sources.linkedin_export.network_inputs import NetworkInputs

NOT_KEPT = (
    "the ledger keeps incoming requests only; give the export itself (the .zip or its "
    "folder) as SOURCE for {what}"
)


def inputs_from_ledger(ledger: Ledger, grace_days: int = DEFAULT_GRACE_DAYS) -> NetworkInputs:
    """NetworkInputs from what the ledger holds, as of its newest ingested export."""
    newest = newest_export_date(ledger)
    if newest is None:
        as_of = datetime.now(UTC).date()
        as_of_source = "today: no export was ingested into the ledger"
    else:
        as_of, as_of_source = newest.date(), "the newest export ingested into the ledger"
    stored = ledger.frame("SELECT name_key, profile_key, connected_on FROM connections")
    connections = pd.DataFrame(
        {
            # Connections are kept as folded names (no display name): enough to count them.
            "name": stored["name_key"].astype(str),
            "profile_url": [public_profile_url(k or None) or "" for k in stored["profile_key"]],
            "email": "",
            "connected_on": pd.to_datetime(stored["connected_on"]),
            "company": "",
            "position": "",
        },
        columns=list(CONNECTION_COLUMNS),
    )
    history = build_history(ledger, grace_days=grace_days).frame
    accepted = history["label_source"] == "connections"
    incoming = pd.DataFrame(
        {
            "row": range(1, len(history) + 1),
            "name": history["name"].astype(str),
            "profile_url": history["profile_url"].fillna(""),
            "email": "",
            "sent_at": pd.to_datetime(history["received_at"]),
            "message": history["message"].fillna(""),
        },
        columns=list(INVITATION_COLUMNS),
    ).assign(connected_on=pd.to_datetime(history["decided_at"].where(accepted)))
    return NetworkInputs(
        source=Path(ledger.path),
        source_kind="ledger",
        as_of=as_of,
        as_of_source=as_of_source,
        connections=connections,
        incoming=incoming,
        outgoing=None,
        message_partners=None,
        missing={
            "invitations": NOT_KEPT.format(what="the invitations you sent"),
            "messages": NOT_KEPT.format(what="the people you wrote to"),
        },
        notices=[
            "from the ledger: every connection any ingested export listed, without Company "
            "or Position (the mix by companies needs the export)"
        ],
    )
