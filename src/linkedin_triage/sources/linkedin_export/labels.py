"""Requests and labels from Invitations.csv and Connections.csv; prior messages.

Leakage: Connections.csv lists accepted people only, so from it we take who and when, never
what (Company, Position): those columns are not even kept after reading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from linkedin_triage.sources.date_order import DateOrder, DateOrders
from linkedin_triage.sources.linkedin_export.discovery import ExportFile
from linkedin_triage.sources.linkedin_export.reading import (
    REQUIRED_HEADERS,
    column_or_empty,
    decode_profile_url,
    export_dates,
    name_key,
    read_export_csv,
    read_optional_csv,
    url_key_or_none,
)
from linkedin_triage.sources.rejects import Reject, shorten

_DRAFT_WORDS = frozenset({"yes", "true", "1"})


# -- labels --------------------------------------------------------------------------------------
def derive_labels(
    requests: pd.DataFrame, connections: pd.DataFrame, export_date: date, grace_days: int
) -> pd.DataFrame:
    """accept / ignore / pending for incoming requests.

    Args:
        requests: `name`, `received_at` (Timestamp), `profile_url` (decoded or None).
        connections: `name`, `profile_url`, `connected_on` (Timestamp or NaT).
        export_date: when the export was made.
        grace_days: a request unanswered more than this many whole days before the export
            date counts as ignored (LinkedIn keeps no record of ignoring).
    Returns:
        Same index: `decision` ("accept", "ignore" or None), `decided_at`, `matched_by`
        ("url", "name" or None). A name match is refused when both sides have different URLs.
    """
    by_url: dict[str, pd.Timestamp] = {}
    by_name: dict[str, list[tuple[str | None, pd.Timestamp]]] = {}
    for url, name, when in connections[["profile_url", "name", "connected_on"]].itertuples(
        index=False
    ):
        key = url_key_or_none(url)
        if key:
            by_url.setdefault(key, when)
        if name_key(name):
            by_name.setdefault(name_key(name), []).append((key, when))
    rows: list[tuple[str | None, object, str | None]] = []
    for url, name, received in requests[["profile_url", "name", "received_at"]].itertuples(
        index=False
    ):
        key = url_key_or_none(url)
        if key and key in by_url:
            rows.append(("accept", by_url[key], "url"))
            continue
        dates = [when for other, when in by_name.get(name_key(name), []) if not (key and other)]
        if dates:
            rows.append(("accept", _connection_date(dates, received), "name"))
        elif (export_date - received.date()).days > grace_days:
            rows.append(("ignore", pd.NaT, None))
        else:
            rows.append((None, pd.NaT, None))
    columns = ["decision", "decided_at", "matched_by"]
    labels = pd.DataFrame(rows, index=requests.index, columns=columns, dtype=object)
    labels["decided_at"] = _not_before(pd.to_datetime(labels["decided_at"]), requests)
    return labels


def _not_before(decided: pd.Series, requests: pd.DataFrame) -> pd.Series:
    """Each decision moved up to its request's arrival when it reads as earlier.

    Connected On is a date without a time (`09 Sep 2022` reads as midnight), so a request
    accepted the day it arrived at 02:37 would seem decided at 00:00, before it existed.
    A decision cannot precede its request: the arrival time is the earliest moment that
    fits both files. (Only the 2018 form of Connected On has a time.) An earlier day is
    moved up too: the two files' dates can differ by a time zone, and a later step that
    measures time to decide must never see a negative one.
    """
    received = pd.to_datetime(requests["received_at"])
    return decided.mask(decided < received, received)


def _connection_date(dates: list[pd.Timestamp], received: pd.Timestamp) -> pd.Timestamp:
    """Of several same-name connections, the first connected on or after the request's day."""
    known = sorted(d for d in dates if not pd.isna(d))
    after = [d for d in known if d.normalize() >= received.normalize()]
    if after:
        return after[0]
    return known[-1] if known else pd.NaT


# -- invitations and connections -----------------------------------------------------------------
@dataclass
class Invitations:
    """INCOMING requests read from Invitations.csv, with the rows that could not be used."""

    requests: pd.DataFrame  # row, name, received_at, message, profile_url
    outgoing: int
    other_direction: int
    rejects: list[Reject]
    newest: pd.Timestamp | None


def read_invitations(
    file: ExportFile, date_order: DateOrder = DateOrder.DETECT
) -> tuple[Invitations, list[str]]:
    """INCOMING rows of Invitations.csv (requester = `From`); bad rows become rejects.

    Sent At is read day-first or month-first as its whole column says (every direction's
    rows count), or as `date_order` asks.
    """
    cells, notices = read_export_csv(file, REQUIRED_HEADERS["invitations"])
    direction = cells["direction"].str.upper()
    dates = DateOrders(file.label, date_order)
    sent, unreadable = export_dates(cells["sentat"], dates, "Sent At")
    notices += dates.notes()
    incoming = cells[direction == "INCOMING"]
    url_column = column_or_empty(cells, "inviterprofileurl")
    message = column_or_empty(cells, "message")
    # Vectorised: an export can hold tens of thousands of invitations.
    extra = incoming["_extra"] != ""
    no_name = ~extra & (incoming["from"] == "")
    no_date = ~extra & ~no_name & sent.loc[incoming.index].isna()
    rejects = [
        *(Reject(int(r), "", "*", v[:200], "more fields than the header")
          for r, v in incoming.loc[extra, "_extra"].items()),
        *(Reject(int(r), "", "From", "", "required value is empty") for r in incoming.index[no_name]),
        *(Reject(int(r), "", "Sent At", v[:200], unreadable.loc[r] or "required value is empty")
          for r, v in incoming.loc[no_date, "sentat"].items()),
    ]  # fmt: skip
    rejects.sort(key=lambda reject: reject.row)
    keep = incoming.index[~(extra | no_name | no_date)]
    frame = pd.DataFrame(
        {
            "row": keep.to_list(),
            "name": [" ".join(name.split()) for name in cells.loc[keep, "from"]],
            "received_at": sent.loc[keep].to_list(),
            "message": message.loc[keep].to_list(),
            "profile_url": [decode_profile_url(u) for u in url_column.loc[keep]],
        }
    )
    newest = sent.max()
    return (
        Invitations(
            requests=frame,
            outgoing=int((direction == "OUTGOING").sum()),
            other_direction=int((~direction.isin(["INCOMING", "OUTGOING"])).sum()),
            rejects=rejects,
            newest=None if pd.isna(newest) else newest,
        ),
        notices,
    )


def read_connections(
    file: ExportFile, date_order: DateOrder = DateOrder.DETECT
) -> tuple[pd.DataFrame, list[str]]:
    """Who is connected and since when: name, profile_url, connected_on. Nothing else is kept.

    A Connected On that cannot be read leaves that connection without a date, and a notice
    says which rows: the person still counts as connected.
    """
    cells, notices = read_export_csv(file, REQUIRED_HEADERS["connections"])
    urls = column_or_empty(cells, "url")
    dates = DateOrders(file.label, date_order)
    connected_on, unreadable = export_dates(cells["connectedon"], dates, "Connected On")
    notices += dates.notes()
    frame = pd.DataFrame(
        {
            "name": (cells["firstname"] + " " + cells["lastname"]).str.strip(),
            "profile_url": urls.map(decode_profile_url),
            "connected_on": connected_on,
        }
    )
    broken = int((cells["_extra"] != "").sum())
    if broken:
        notices.append(f"{file.label}: {broken} row(s) have more fields than the header")
    bad = unreadable.dropna()
    if len(bad):
        rows = ", ".join(
            f"row {row} ({shorten(cells.at[row, 'connectedon'], 40)})" for row in bad.index[:3]
        )
        notices.append(
            f"{file.label}: {len(bad)} Connected On value(s) unreadable, e.g. {rows}: "
            f"{bad.iloc[0]}; those connections count as accepted, without a date"
        )
    return frame, notices


# -- messages (optional) -------------------------------------------------------------------------
def count_prior_messages(requests: pd.DataFrame, messages: pd.DataFrame) -> pd.Series:
    """Messages exchanged with each requester strictly before their request arrived.

    Matched by profile URL when the request has one, else by exact name. Drafts are skipped.
    Args:
        requests: `name`, `received_at`, `profile_url`.
        messages: compacted messages.csv cells (`from`, `to`, optional `senderprofileurl`,
            `recipientprofileurls`, `ismessagedraft`) and `sent_at`, the parsed `date`
            (see read_messages).
    """
    dates = messages["sent_at"]
    draft = column_or_empty(messages, "ismessagedraft").str.lower()
    sent = dates.notna() & ~draft.isin(_DRAFT_WORDS)  # a draft was never sent
    urls = (
        column_or_empty(messages, "senderprofileurl")
        + ","
        + column_or_empty(messages, "recipientprofileurls")
    )
    wanted_urls = {url_key_or_none(u) for u in requests["profile_url"]} - {None}
    url_keys = _participants(urls[sent], dates[sent], url_key_or_none, wanted_urls)
    wanted_names: set[str | None] = {
        name_key(n) for n, u in requests[["name", "profile_url"]].to_numpy() if not u
    }
    names = messages["from"] + "," + messages["to"]
    name_keys = _participants(names[sent], dates[sent], name_key, wanted_names)
    counts = []
    nothing = np.array([], dtype="datetime64[ns]")
    for url, name, received in requests[["profile_url", "name", "received_at"]].to_numpy():
        key = url_key_or_none(url)
        times = url_keys.get(key, nothing) if key else name_keys.get(name_key(name), nothing)
        counts.append(int(np.searchsorted(times, received.to_datetime64(), side="left")))
    return pd.Series(counts, index=requests.index, dtype="int64")


def _participants(
    lists: pd.Series, dates: pd.Series, key: Callable[[object], str | None], wanted: set[str | None]
) -> dict[str, np.ndarray]:
    """Comma-separated participants per message -> sorted message times of the wanted ones."""
    if not wanted:
        return {}
    pairs = pd.DataFrame({"who": lists.str.split(","), "when": dates}).explode("who")
    pairs["who"] = pairs["who"].str.strip().map(key)
    pairs = pairs[pairs["who"].isin(wanted)]
    pairs = pairs.reset_index().drop_duplicates(["index", "who"])  # once per message
    return {
        str(who): np.sort(group.to_numpy(dtype="datetime64[ns]"))
        for who, group in pairs.groupby("who")["when"]
    }


def read_messages(
    file: ExportFile, date_order: DateOrder = DateOrder.DETECT
) -> tuple[pd.DataFrame | None, list[str]]:
    """messages.csv cells with `sent_at` (DATE read), or None and a notice for another header.

    A DATE column that mixes day-first and month-first, or cannot tell, is an error like in
    the other files: prior messages are never counted on a guessed date.
    """
    cells, notices = read_optional_csv(
        file, REQUIRED_HEADERS["messages"], "prior_messages left out"
    )
    if cells is None:
        return None, notices
    dates = DateOrders(file.label, date_order)
    cells["sent_at"] = export_dates(cells["date"], dates, "DATE")[0]
    return cells, notices + dates.notes()
