"""Labels from what happened next, in the contract's order of precedence.

1. `connections`: the requester is in Connections.csv of an ingested export, connected on or
   after the request arrived (one day of slack: Connected On is a date, Sent At a time).
2. `user`: the user recorded a decision (decide, the review page, a table's `decision`).
3. `not_connected`: received more than the grace period before the newest ingested export,
   and not connected.
Otherwise the request is pending. A user's "ignore" contradicted by a later connection is a
conflict: the connection wins, and the conflict is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from linkedin_triage.ledger.times import times

DEFAULT_GRACE_DAYS = 21
CONNECTION_SLACK = pd.Timedelta(days=1)
SIGHTING_SLACK = pd.Timedelta(hours=1)
LABEL_SOURCES = ("connections", "user", "not_connected")


@dataclass(frozen=True)
class Conflict:
    request_id: str
    recorded: str  # what the user recorded
    decided_at: pd.Timestamp  # when the connection says it was accepted


def connection_dates(requests: pd.DataFrame, connections: pd.DataFrame) -> pd.Series:
    """For each request, the day its requester connected, if a connection belongs to it.

    A connection belongs to the newest request of that person received before it (with the
    slack): after an ignored request and a new one, only the new one was accepted. People are
    matched by profile key, else by folded name when the two sides do not both have a link.

    Args:
        requests: `request_id`, `name_key`, `profile_key` (or None), `received_at`.
        connections: `name_key`, `profile_key` ('' when the export had no link), `connected_on`.
    Returns:
        `connected_on` per request_id (NaT where none), indexed like `requests`.
    """
    # Vectorised as joins: a ledger holds tens of thousands of requests and connections.
    positions = pd.RangeIndex(len(requests))
    req = pd.DataFrame(
        {
            "position": positions,
            "name_key": requests["name_key"].to_numpy(object),
            "profile_key": requests["profile_key"].to_numpy(object),
            "day": times(requests["received_at"]).dt.normalize().to_numpy(),
            "received_at": times(requests["received_at"]).to_numpy(),
        }
    )
    conn = connections.dropna(subset=["connected_on"])
    conn = pd.DataFrame(
        {
            "connection": range(len(conn)),
            "name_key": conn["name_key"].to_numpy(object),
            "profile_key": conn["profile_key"].to_numpy(object),
            "connected_on": times(conn["connected_on"]).to_numpy(),
        }
    )
    linked, unlinked = conn[conn["profile_key"] != ""], conn[conn["profile_key"] == ""]
    has_key = req["profile_key"].notna()
    pairs = pd.concat(
        [
            linked.drop(columns="name_key").merge(req[has_key].drop(columns="name_key"), on="profile_key"),
            linked.drop(columns="profile_key").merge(req[~has_key].drop(columns="profile_key"), on="name_key"),
            unlinked.drop(columns="profile_key").merge(req.drop(columns="profile_key"), on="name_key"),
        ]
    )  # fmt: skip
    # Days, not times: Connected On is a date, and a day of slack for time zones.
    pairs = pairs[pairs["day"] <= pairs["connected_on"] + CONNECTION_SLACK]
    newest = pairs.sort_values(["connection", "received_at", "position"]).drop_duplicates(
        "connection", keep="last"
    )
    first = newest.groupby("position")["connected_on"].min()
    connected = pd.Series(pd.NaT, index=positions, dtype="datetime64[ns]")
    connected.loc[first.index] = first.to_numpy()
    return pd.Series(connected.to_numpy(), index=requests.index, dtype="datetime64[ns]")


def resolve_labels(
    requests: pd.DataFrame,
    connections: pd.DataFrame,
    decisions: pd.DataFrame,
    newest_export: date | None,
    grace_days: int = DEFAULT_GRACE_DAYS,
) -> tuple[pd.DataFrame, list[Conflict]]:
    """`decision`, `decided_at`, `label_source` and `cutoff` for every request.

    `cutoff` is the moment after which nothing observed about the request may feed its
    training row: when it was decided (a connection: the end of its day; an inferred ignore:
    when the grace period ran out), never before an hour after the request arrived.

    Args:
        decisions: the user's latest decision per request: `request_id`, `decision`, `decided_at`.
    """
    received = times(requests["received_at"])
    connected = connection_dates(requests, connections)
    # decided_at is Connected On, a date: an accept on the day of the request would read
    # as before it (midnight), so on that day it takes the request's time. A connection
    # the day before (the contract's day of slack: time zones) stays as LinkedIn dates it.
    same_day = connected.dt.normalize() == received.dt.normalize()
    connected = connected.mask(same_day & (connected < received), received)
    user = decisions.set_index("request_id") if len(decisions) else None
    recorded = requests["request_id"].map(user["decision"]) if user is not None else None
    recorded_at = (
        times(requests["request_id"].map(user["decided_at"])) if user is not None else None
    )
    out = pd.DataFrame(
        {
            "decision": pd.Series(None, index=requests.index, dtype=object),
            "decided_at": pd.Series(pd.NaT, index=requests.index, dtype="datetime64[ns]"),
            "label_source": pd.Series(None, index=requests.index, dtype=object),
            "cutoff": pd.Series(pd.NaT, index=requests.index, dtype="datetime64[ns]"),
        }
    )
    conflicts: list[Conflict] = []
    by_connection = connected.notna()
    out.loc[by_connection, ["decision", "label_source"]] = ["accept", "connections"]
    out.loc[by_connection, "decided_at"] = connected[by_connection]
    if recorded is not None and recorded_at is not None:
        by_user = recorded.notna() & ~by_connection
        out.loc[by_user, "decision"] = recorded[by_user]
        out.loc[by_user, "label_source"] = "user"
        out.loc[by_user, "decided_at"] = recorded_at[by_user]
        contradicted = by_connection & (recorded == "ignore")
        conflicts = [
            Conflict(str(rid), "ignore", when)
            for rid, when in zip(
                requests["request_id"][contradicted], connected[contradicted], strict=True
            )
        ]
    if newest_export is not None:
        grace = timedelta(days=grace_days)
        old_enough = (pd.Timestamp(newest_export) - received.dt.normalize()) > pd.Timedelta(grace)
        inferred = old_enough & out["label_source"].isna()
        out.loc[inferred, ["decision", "label_source"]] = ["ignore", "not_connected"]
        out.loc[inferred, "cutoff"] = received[inferred] + pd.Timedelta(grace)
    # Nothing seen after the decision is used. Sources give the same moment at different
    # precision (an export's Sent At has minutes, the email's Date seconds), so the request's
    # own sightings get SIGHTING_SLACK; and Connected On is a date: that whole day counts.
    told = out["label_source"].isin(["connections", "user"])
    decided = out.loc[told, "decided_at"]
    by_day = out.loc[told, "label_source"].eq("connections")
    decided = decided.where(~by_day, decided.dt.normalize() + pd.Timedelta(days=1))
    out.loc[told, "cutoff"] = np.maximum(decided, received[told] + SIGHTING_SLACK)
    for column in ("decision", "label_source"):
        out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out, conflicts
