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
from linkedin_triage.ledger.store import Ledger
from linkedin_triage.ledger.times import times
from linkedin_triage.sources.linkedin_export.network_files import (
    CONNECTION_COLUMNS,
    INVITATION_COLUMNS,
)
from linkedin_triage.sources.linkedin_export.network_inputs import NetworkInputs

NOT_KEPT = (
    "the ledger does not keep this; give the export itself (the .zip or its folder) as "
    "SOURCE for {what}"
)


def inputs_from_ledger(ledger: Ledger, grace_days: int | None = None) -> NetworkInputs:
    """NetworkInputs from what the ledger holds, as of its newest ingested export."""
    newest = newest_export_date(ledger)
    if newest is None:
        as_of = datetime.now(UTC).date()
        as_of_source = "today: no export was ingested into the ledger"
    else:
        as_of, as_of_source = newest.date(), "the newest export ingested into the ledger"
    # The network as the newest export showed it (a connection removed since is not in it).
    stored = ledger.frame(
        "SELECT name_key, profile_key, connected_on FROM connections WHERE last_source_id = "
        "(SELECT source_id FROM sources WHERE kind = 'export' "
        "ORDER BY export_date DESC, source_id DESC LIMIT 1)"
    )
    connections = pd.DataFrame(
        {
            # Connections are kept as folded names (no display name): enough to count them.
            "name": stored["name_key"].astype(str),
            "profile_url": [public_profile_url(k or None) or "" for k in stored["profile_key"]],
            "email": "",
            "connected_on": times(stored["connected_on"]),
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
            "sent_at": times(history["received_at"]),
            "message": history["message"].fillna(""),
        },
        columns=list(INVITATION_COLUMNS),
    ).assign(connected_on=times(history["decided_at"].where(accepted)))
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
            "outgoing": NOT_KEPT.format(what="the invitations you sent"),
            "messages": NOT_KEPT.format(what="the people you wrote to"),
        },
        notices=[
            "from the ledger: the connections of the newest ingested export, without Company "
            "or Position"
        ],
        mix_missing=NOT_KEPT.format(what="the mix of your connections by company and role"),
    )
