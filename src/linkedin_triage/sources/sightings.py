"""What a source reader gives the ledger: invitations as seen, items it could not read, skips.

Every reader of a source (the export's Invitations.csv, a requests table, invitation emails,
the invitations page) turns its file into a stream of these three records. The ledger
matches sightings to requests, keeps each as an observation and reports the rest; a reader
never decides what is the same request, and never drops an item without a record of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Sighting:
    """One invitation as one source showed it, on the day the source saw it.

    Times are naive UTC. `columns` holds data-contract columns as the source's text
    (`headline`, `location`, `message`, `mutual_connections`, ...), parsed later by the
    contract's own parsers; a column the source does not show is absent, never empty.
    """

    name: str
    received_at: datetime
    observed_at: datetime
    # How approximate received_at is: 0 for a timestamp, a week for "2 weeks ago" on a page.
    received_within: timedelta = timedelta(0)
    invitation_id: str | None = None  # LinkedIn's id where the source shows one (emails)
    profile_url: str | None = None  # as shown; the ledger normalises it for matching
    columns: Mapping[str, str] = field(default_factory=dict)
    origin: str = ""  # where in the source, for messages: "inbox.mbox, message 12"
    user_id: str | None = None  # a request_id the user's own table gave this row
    # What the user decided, where the source says so (a requests table's `decision`).
    decision: str | None = None
    decided_at: datetime | None = None


@dataclass(frozen=True)
class Unparsed:
    """An item that looked like an invitation but could not be read: shown, never dropped."""

    where: str  # the subject, or the first line of the block, as the user would find it
    why: str


@dataclass(frozen=True)
class Skipped:
    """An item that is not an invitation (a LinkedIn newsletter, page chrome): counted."""

    what: str  # the kind, e.g. "LinkedIn email that is not an invitation"


SourceItem = Sighting | Unparsed | Skipped
