"""Where the user stands on the article's three pieces of advice besides yes/no, in numbers.

1. Critical mass: 200-300 first-degree connections.
2. Each connection is a bridge to a second-degree network: its breadth is not in the export,
   so the report shows what is, the mix of connections by the policy's companies and roles.
3. Invite colleagues, clients, suppliers and acquaintances, always with a short note:
   outgoing invitations with and without a note, and the people the user talks to but is
   not connected with.

Every number carries the sentence saying how it was computed (`Number.how`); a number the
source cannot give is None, and its sentence says what to add. Plots: `network_plots.py`;
the page: `network_page.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.explaining.network_mix import connection_mix
from linkedin_triage.explaining.network_numbers import (
    IncomingNumbers,
    NetworkNumbers,
    Number,
    OutgoingNumbers,
    flatten,
    nest,
)
from linkedin_triage.policy import Policy
from linkedin_triage.sources.linkedin_export.network_files import PeopleIndex
from linkedin_triage.sources.linkedin_export.network_inputs import (
    MISSING_CONNECTIONS,
    MISSING_INVITATIONS,
    MISSING_MESSAGES,
    NetworkInputs,
)

CRITICAL_MASS_LOW = 200  # the article: "at least 200/300 first-degree connections"


@dataclass
class NetworkReport:
    """The numbers, and the rows behind the plots and lists of the page."""

    source: str
    source_kind: str
    as_of: date
    as_of_source: str
    grace_days: int
    numbers: NetworkNumbers
    missing: dict[str, str]
    notices: list[str]
    connection_dates: pd.Series  # Connected On of every named connection with a date
    incoming: pd.DataFrame | None  # + `outcome`: accepted / not accepted / pending
    outgoing: pd.DataFrame | None  # + `outcome`, `has_note`
    candidates: pd.DataFrame | None  # message partners to invite, most talked-to first
    to_withdraw: pd.DataFrame | None  # outgoing, older than the grace period, not accepted

    def to_json(self) -> dict[str, object]:
        """The JSON document: the numbers nested, `how` by dotted key, what is missing."""
        values, how = flatten(self.numbers)
        document: dict[str, object] = {
            "source": self.source,
            "source_kind": self.source_kind,
            "as_of": self.as_of.isoformat(),
            "as_of_source": self.as_of_source,
            "grace_days": self.grace_days,
            **nest(values),
        }
        document["how"] = how
        document["missing"] = dict(self.missing)
        document["notices"] = list(self.notices)
        return document

    def rows(self) -> list[tuple[str, Any, str]]:
        """(dotted key, value, how computed) for every number, in the JSON's order."""
        values, how = flatten(self.numbers)
        return [(key, values[key], how[key]) for key in values]


def _rate(hits: int, total: int) -> float | None:
    return None if total == 0 else hits / total


def _share(hits: int, total: int) -> str:
    return f"{hits} of {total}" if total else "none"


# -- computing ----------------------------------------------------------------------------------
def compute_report(inputs: NetworkInputs, policy: Policy, grace_days: int = 21) -> NetworkReport:
    """Every number of the report from the inputs and the policy."""
    if grace_days < 0:
        raise TriageError(f"--grace-days must be 0 or more (got {grace_days})")
    connections = inputs.connections
    named = None if connections is None else connections[connections["name"] != ""]
    incoming = _with_outcome(inputs.incoming, inputs.as_of, grace_days)
    outgoing = _with_outcome(inputs.outgoing, inputs.as_of, grace_days)
    if outgoing is not None:
        outgoing["has_note"] = outgoing["message"].fillna("").str.strip() != ""
    candidates, candidates_number = _invite_candidates(inputs, named)
    numbers = NetworkNumbers(
        *_connection_numbers(connections, policy),
        incoming=_incoming_numbers(incoming, grace_days, inputs.source_kind),
        outgoing=_outgoing_numbers(
            outgoing, grace_days, inputs.missing.get("outgoing", MISSING_INVITATIONS)
        ),
        invite_candidates=candidates_number,
        mix=(
            connection_mix(None, policy, inputs.mix_missing)
            if inputs.mix_missing
            else connection_mix(named, policy, MISSING_CONNECTIONS)
        ),
    )
    withdraw = None
    if outgoing is not None and "connected_on" in outgoing:
        withdraw = outgoing[outgoing["outcome"] == "not accepted"].sort_values("sent_at")
    dates = (
        pd.Series([], dtype="datetime64[ns]")
        if named is None
        else named["connected_on"].dropna().sort_values().reset_index(drop=True)
    )
    return NetworkReport(
        source=str(inputs.source),
        source_kind=inputs.source_kind,
        as_of=inputs.as_of,
        as_of_source=inputs.as_of_source,
        grace_days=grace_days,
        numbers=numbers,
        missing=dict(inputs.missing),
        notices=list(inputs.notices),
        connection_dates=dates,
        incoming=incoming,
        outgoing=outgoing,
        candidates=candidates,
        to_withdraw=withdraw,
    )


def _with_outcome(
    invitations: pd.DataFrame | None, as_of: date, grace_days: int
) -> pd.DataFrame | None:
    """`outcome` per invitation: accepted; not accepted (older than the grace period); pending.

    Without `connected_on` (no Connections.csv) every outcome is unknown (None).
    """
    if invitations is None:
        return None
    frame = invitations.copy()
    days = pd.Series([(as_of - t.date()).days for t in frame["sent_at"]], index=frame.index)
    frame["older_than_grace"] = days > grace_days
    if "connected_on" not in frame:
        frame["outcome"] = None
        return frame
    accepted = frame["connected_on"].notna()
    frame["outcome"] = "pending"
    frame.loc[frame["older_than_grace"], "outcome"] = "not accepted"
    frame.loc[accepted, "outcome"] = "accepted"
    return frame


def critical_mass_band(policy: Policy) -> tuple[int, int]:
    """[low, high]: the article's 200-300, the top set by the policy's `rules.critical_mass`."""
    high = policy.rules.critical_mass
    return min(CRITICAL_MASS_LOW, high), high


def _connection_numbers(
    connections: pd.DataFrame | None, policy: Policy
) -> tuple[Number, Number, Number, Number]:
    low, high = critical_mass_band(policy)
    band = Number(
        [low, high],
        f"the article's 200-300 first-degree connections; the top is the policy's "
        f"rules.critical_mass ({high}), the bottom {CRITICAL_MASS_LOW} or that top if lower",
    )
    if connections is None:
        missing = f"not computed: {MISSING_CONNECTIONS}"
        return Number(None, missing), Number(None, missing), band, Number(None, missing)
    hidden = int((connections["name"] == "").sum())
    count = len(connections) - hidden
    return (
        Number(
            count,
            f"rows of Connections.csv with a name ({len(connections)} rows, less {hidden} "
            "blank but for the date)",
        ),
        Number(
            hidden,
            "rows of Connections.csv blank but for the date: hidden or closed accounts, "
            "counted here and never matched to anyone",
        ),
        band,
        Number(count >= low, f"connections ({count}) >= {low}, the bottom of the band"),
    )


def _incoming_numbers(
    incoming: pd.DataFrame | None, grace_days: int, source_kind: str
) -> IncomingNumbers:
    if incoming is None:
        missing = Number(None, f"not computed: {MISSING_INVITATIONS}")
        return IncomingNumbers(missing, missing, missing, missing, missing)
    received = Number(
        len(incoming), "INCOMING rows of Invitations.csv with a sender and a readable Sent At"
    )
    if "connected_on" not in incoming:
        missing = Number(None, f"not computed: {MISSING_CONNECTIONS}")
        return IncomingNumbers(received, missing, missing, missing, missing)
    counts = incoming["outcome"].value_counts()
    accepted, refused = int(counts.get("accepted", 0)), int(counts.get("not accepted", 0))
    pending = int(counts.get("pending", 0))
    caveat = (
        " LinkedIn drops an ignored invitation from the export, so this is an upper bound."
        if source_kind == "export"
        else ""
    )
    return IncomingNumbers(
        received,
        Number(
            accepted,
            "received invitations whose sender is in Connections.csv, connected on or after "
            "the day it was sent (matched by profile URL, else by exact name)",
        ),
        Number(
            refused,
            f"received more than {grace_days} days before the export and not accepted "
            "(inferred ignored)",
        ),
        Number(pending, f"received in the last {grace_days} days and not accepted yet"),
        Number(
            _rate(accepted, accepted + refused),
            f"accepted / (accepted + not accepted older than {grace_days} days) = "
            f"{_share(accepted, accepted + refused)}; pending ones left out.{caveat}",
        ),
    )


def _outgoing_numbers(
    outgoing: pd.DataFrame | None, grace_days: int, missing_line: str = MISSING_INVITATIONS
) -> OutgoingNumbers:
    if outgoing is None:
        missing = Number(None, f"not computed: {missing_line}")
        return OutgoingNumbers(missing, missing, missing, missing, missing, missing, missing)
    note = outgoing["has_note"]
    sent = Number(
        len(outgoing), "OUTGOING rows of Invitations.csv with an invitee and a readable Sent At"
    )
    with_note = Number(int(note.sum()), "sent invitations whose Message is not empty")
    young = Number(
        int((~outgoing["older_than_grace"]).sum()),
        f"sent in the last {grace_days} days: too recent to count as answered or not",
    )
    if "connected_on" not in outgoing:
        missing = Number(None, f"not computed: {MISSING_CONNECTIONS}")
        return OutgoingNumbers(sent, with_note, missing, young, missing, missing, missing)
    accepted = outgoing["outcome"] == "accepted"
    old = outgoing["older_than_grace"]
    with_note_rate, without_note_rate = (
        _accept_rate(old & (note == wanted), accepted, words, grace_days)
        for wanted, words in ((True, "with a note"), (False, "without a note"))
    )
    return OutgoingNumbers(
        sent,
        with_note,
        Number(
            int(accepted.sum()),
            "sent invitations whose invitee is in Connections.csv, connected on or after the "
            "day it was sent (matched by profile URL, email, else by exact name)",
        ),
        young,
        with_note_rate,
        without_note_rate,
        Number(
            int((old & ~accepted).sum()),
            f"sent more than {grace_days} days before the export and not accepted: worth "
            "withdrawing (LinkedIn limits how many invitations can wait)",
        ),
    )


def _accept_rate(group: pd.Series, accepted: pd.Series, words: str, grace_days: int) -> Number:
    hits, total = int((group & accepted).sum()), int(group.sum())
    return Number(
        _rate(hits, total),
        f"invitations {words} sent more than {grace_days} days before the export that were "
        f"accepted = {_share(hits, total)}; null when there are none",
    )


def _invite_candidates(
    inputs: NetworkInputs, named: pd.DataFrame | None
) -> tuple[pd.DataFrame | None, Number]:
    """Message partners who are neither connections nor waiting on an invitation."""
    partners = inputs.message_partners
    if partners is None:
        reason = inputs.missing.get("messages", MISSING_MESSAGES)
        return None, Number(None, f"not computed: {reason}")
    if named is None:
        return None, Number(None, f"not computed: {MISSING_CONNECTIONS}")
    connected = PeopleIndex.of(named)
    waiting = []
    for invitations in (inputs.incoming, inputs.outgoing):
        if invitations is not None:
            unanswered = (
                invitations[invitations["connected_on"].isna()]
                if "connected_on" in invitations
                else invitations
            )
            waiting.append(unanswered)
    pending = PeopleIndex.of(pd.concat(waiting)) if waiting else None
    keep = [
        not connected.find(name, url) and not (pending is not None and pending.find(name, url))
        for name, url in partners[["name", "profile_url"]].itertuples(index=False)
    ]
    chosen = partners[keep].sort_values(
        ["messages", "last_message_at", "name"], ascending=[False, False, True], kind="stable"
    )
    caveat = (
        ""
        if inputs.incoming is not None
        else f" (Invitations.csv is missing, so invitations waiting could not be left out: "
        f"{MISSING_INVITATIONS})"
    )
    how = (
        f"people you exchanged messages with (in a conversation where you wrote; "
        f"{len(partners)} in messages.csv) who are not in Connections.csv and have no "
        f"invitation waiting from or to them{caveat}"
    )
    return chosen.reset_index(drop=True), Number(len(chosen), how)
