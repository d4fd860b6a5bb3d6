"""The ledger as a requests table: one row per request, labelled or pending.

Each column takes the earliest value any source showed for the request (the profile as it
was when the request arrived). For a decided request, values first observed after the
decision are withheld and counted: mutual connections grow after an accept, and enrichment
scraped today describes people as they are now, so using them would teach the model from
the future.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.ledger.labels import DEFAULT_GRACE_DAYS, Conflict, resolve_labels
from linkedin_triage.ledger.store import Ledger
from linkedin_triage.ledger.times import times
from linkedin_triage.sources import contract

Which = Literal["all", "labelled", "pending"]
# Columns a request row carries from the requests table itself, not from observations.
IDENTITY_COLUMNS = ("request_id", "name", "received_at", "profile_url")
LABEL_COLUMNS = ("decision", "decided_at")
OBSERVED_COLUMNS = tuple(
    c.name for c in contract.COLUMNS if c.name not in IDENTITY_COLUMNS + LABEL_COLUMNS
)
# What history adds to the data contract's columns.
LEDGER_COLUMNS = ("label_source", "first_seen_at", "sources")
HISTORY_COLUMNS = (
    *IDENTITY_COLUMNS,
    *OBSERVED_COLUMNS,
    *LABEL_COLUMNS,
    *LEDGER_COLUMNS,
)


@dataclass
class History:
    """The requests table the ledger gives, and what a person should know about it."""

    frame: pd.DataFrame  # HISTORY_COLUMNS as contract text, one row per request
    grace_days: int
    labels: Counter[str] = field(default_factory=Counter)  # label_source -> count
    pending: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    withheld: Counter[str] = field(default_factory=Counter)  # column -> values held back

    @property
    def n_labelled(self) -> int:
        return sum(self.labels.values())


def _latest_decisions(ledger: Ledger) -> pd.DataFrame:
    return ledger.frame(
        "SELECT request_id, decision, decided_at FROM decisions AS d WHERE decision_id = "
        "(SELECT MAX(decision_id) FROM decisions WHERE request_id = d.request_id)"
    )


def newest_export_date(ledger: Ledger) -> pd.Timestamp | None:
    value = ledger.scalar("SELECT MAX(export_date) FROM sources WHERE kind = 'export'")
    return None if value is None else pd.Timestamp(str(value))


GRACE_SETTING = "grace_days"


def grace_days_of(ledger: Ledger, given: int | None = None) -> int:
    """The grace period to use: the one given, else the one `ingest` was last given, else 21."""
    if given is not None:
        if given < 0:
            raise TriageError(f"--grace-days must be 0 or more (got {given})")
        return given
    stored = ledger.setting(GRACE_SETTING)
    return int(stored) if stored is not None else DEFAULT_GRACE_DAYS


def labelled_requests(ledger: Ledger, grace_days: int) -> tuple[pd.DataFrame, list[Conflict]]:
    """Every request with its label columns (`decision`, `decided_at`, `label_source`, `cutoff`)."""
    requests = ledger.frame(
        "SELECT request_id, name, name_key, profile_url, profile_key, received_at "
        "FROM requests ORDER BY received_at, request_id"
    )
    requests["received_at"] = times(requests["received_at"])
    connections = ledger.frame("SELECT name_key, profile_key, connected_on FROM connections")
    connections["connected_on"] = times(connections["connected_on"])
    decisions = _latest_decisions(ledger)
    newest = newest_export_date(ledger)
    labels, conflicts = resolve_labels(
        requests, connections, decisions, None if newest is None else newest.date(), grace_days
    )
    return requests.join(labels), conflicts


def build_history(ledger: Ledger, grace_days: int | None = None, which: Which = "all") -> History:
    """The ledger's requests as a data-contract table (plus label_source, first_seen_at, sources).

    `grace_days` None: the ledger's own setting (see grace_days_of).
    """
    grace_days = grace_days_of(ledger, grace_days)
    requests, conflicts = labelled_requests(ledger, grace_days)
    observations = ledger.frame(
        "SELECT o.request_id, o.column_name, o.value, o.observed_at, s.kind "
        "FROM observations AS o JOIN sources AS s USING (source_id) "
        "ORDER BY o.observed_at, o.rowid"
    )
    observations["observed_at"] = times(observations["observed_at"])
    cutoff = observations["request_id"].map(requests.set_index("request_id")["cutoff"])
    late = observations["observed_at"] > cutoff  # NaT cutoff (pending) compares False
    usable = observations[~late & (observations["column_name"] != "name")]
    earliest = usable.drop_duplicates(["request_id", "column_name"], keep="first")
    values = earliest.pivot(index="request_id", columns="column_name", values="value")
    # Counted per column: a request's column is withheld when every value came too late.
    late_only = observations[late].drop_duplicates(["request_id", "column_name"])
    late_only = late_only[late_only["column_name"] != "name"]
    kept = set(zip(earliest["request_id"], earliest["column_name"], strict=True))
    withheld = Counter(
        column
        for rid, column in zip(late_only["request_id"], late_only["column_name"], strict=True)
        if (rid, column) not in kept
    )
    first_seen = observations.groupby("request_id")["observed_at"].min()

    frame = requests.set_index("request_id", drop=False)
    table = pd.DataFrame(index=frame.index)
    table["request_id"] = frame["request_id"]
    table["name"] = frame["name"]
    table["received_at"] = _iso(frame["received_at"])
    table["profile_url"] = frame["profile_url"]
    for column in OBSERVED_COLUMNS:
        table[column] = values[column].reindex(frame.index) if column in values else None
    table["decision"] = frame["decision"]
    table["decided_at"] = _iso(frame["decided_at"])
    table["label_source"] = frame["label_source"]
    table["first_seen_at"] = _iso(first_seen.reindex(frame.index))
    table["sources"] = _kinds(observations, frame.index)
    table = table.astype(object).where(table.notna(), None).reset_index(drop=True)

    labelled = table["decision"].notna()
    if which == "labelled":
        table = table[labelled]
    elif which == "pending":
        table = table[~labelled]
    return History(
        frame=table.reset_index(drop=True),
        grace_days=grace_days,
        labels=Counter(frame["label_source"].dropna()),
        pending=int((~labelled).sum()),
        conflicts=conflicts,
        withheld=withheld,
    )


def _kinds(observations: pd.DataFrame, request_ids: pd.Index) -> pd.Series:
    """`emails;export` per request: the kinds of source that showed it, sorted.

    Built one kind at a time (there are five), not one request at a time (there may be
    tens of thousands).
    """
    joined = pd.Series("", index=request_ids, dtype=object)
    for kind in sorted(set(observations["kind"])):
        showed = request_ids.isin(observations.loc[observations["kind"] == kind, "request_id"])
        joined = joined.where(~showed, joined + np.where(joined == "", "", ";") + kind)
    return joined.where(joined != "", None)


def _iso(values: pd.Series) -> pd.Series:
    """Times as the ISO 8601 text they were stored in (`2026-06-27T07:35:00`); None for NaT."""
    moments = times(values).to_numpy("datetime64[us]")
    text = pd.Series(np.datetime_as_string(moments, unit="us"), index=values.index)
    text = text.str.removesuffix(".000000")
    return text.where(~np.isnat(moments), None).astype(object)
