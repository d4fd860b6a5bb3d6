"""The export's files as the network report needs them: all of Connections and Invitations.

The import (`labels.py`) keeps only who and when from Connections.csv and only INCOMING rows
of Invitations.csv, because it builds training rows. The network report describes the network
as it is now, so here Company and Position are kept, OUTGOING invitations too, and people are
found in other files by `PeopleIndex`. Nothing here is used to train anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from linkedin_triage.console import visible
from linkedin_triage.sources.linkedin_export.discovery import ExportFile
from linkedin_triage.sources.linkedin_export.reading import (
    REQUIRED_HEADERS,
    column_or_empty,
    decode_profile_url,
    name_key,
    parse_export_dates,
    read_export_csv,
    url_key_or_none,
)
from linkedin_triage.sources.rejects import shorten

CONNECTION_COLUMNS = ("name", "profile_url", "email", "connected_on", "company", "position")
INVITATION_COLUMNS = ("row", "name", "profile_url", "email", "sent_at", "message")


@dataclass
class ReadProblems:
    """What a file could not give: one line per problem, rows named, stranger text visible."""

    lines: list[str] = field(default_factory=list)

    def add(self, label: str, row: int, column: str, value: str, reason: str) -> None:
        self.lines.append(
            f"{label}: row {row}, column {column}: {reason} ({visible(shorten(value, 80))!r})"
        )


# -- Connections.csv ------------------------------------------------------------------------------
def read_connection_list(file: ExportFile) -> tuple[pd.DataFrame, list[str]]:
    """Every row of Connections.csv: CONNECTION_COLUMNS, `name` "" for hidden accounts.

    Hidden or closed accounts are rows blank except the date: they stay (they are counted)
    with an empty name, and `PeopleIndex` never matches them.
    """
    cells, notices = read_export_csv(file, REQUIRED_HEADERS["connections"])
    name = (cells["firstname"] + " " + cells["lastname"]).map(lambda n: " ".join(n.split()))
    frame = pd.DataFrame(
        {
            "name": name,
            "profile_url": column_or_empty(cells, "url").map(decode_profile_url),
            "email": column_or_empty(cells, "emailaddress"),
            "connected_on": parse_export_dates(
                cells["connectedon"], source=file.label, column="Connected On"
            ),
            "company": column_or_empty(cells, "company"),
            "position": column_or_empty(cells, "position"),
        }
    )
    undated = int((frame["connected_on"].isna() & (cells["connectedon"] != "")).sum())
    if undated:
        notices.append(
            f"{file.label}: {undated} row(s) have a Connected On that is not a date: they count "
            "as connections, with no date (left out of the growth plot)"
        )
    broken = int((cells["_extra"] != "").sum())
    if broken:
        notices.append(f"{file.label}: {broken} row(s) have more fields than the header")
    return frame, notices


# -- Invitations.csv ------------------------------------------------------------------------------
@dataclass
class InvitationLists:
    """Both directions of Invitations.csv, from the other person's side, and what was refused.

    `incoming`: the requester (`From`); `outgoing`: the invitee (`To`, which may be an email
    address). Both have INVITATION_COLUMNS. `owner_names` and `owner_urls` are the user as the
    file shows them (`To` of incoming, `From` of outgoing), to find them in messages.csv.
    """

    incoming: pd.DataFrame
    outgoing: pd.DataFrame
    unreadable: int
    other_direction: int
    owner_names: set[str]
    owner_urls: set[str]
    problems: list[str]


def read_invitation_lists(file: ExportFile) -> tuple[InvitationLists, list[str]]:
    """INCOMING and OUTGOING rows of Invitations.csv; a row without a date or a person is refused."""
    cells, notices = read_export_csv(file, REQUIRED_HEADERS["invitations"])
    direction = cells["direction"].str.strip().str.upper()
    sent = parse_export_dates(cells["sentat"], source=file.label, column="Sent At")
    problems = ReadProblems()
    sides = {"INCOMING": ("from", "inviterprofileurl"), "OUTGOING": ("to", "inviteeprofileurl")}
    frames: dict[str, pd.DataFrame] = {}
    unreadable = 0
    messages = column_or_empty(cells, "message")
    for which, (person, url) in sides.items():
        urls = column_or_empty(cells, url)  # computed once: a missing column is a new Series
        rows = []
        for row in cells.index[direction == which]:
            problem = _invitation_problem(cells.loc[row], person, sent.loc[row])
            if problem:
                problems.add(file.label, int(row), *problem)
                unreadable += 1
                continue
            who = " ".join(cells.at[row, person].split())
            rows.append(
                {
                    "row": int(row),
                    "name": who,
                    "profile_url": decode_profile_url(urls.at[row]),
                    "email": who if _is_email(who) else "",
                    "sent_at": sent.loc[row],
                    "message": messages.at[row].strip(),
                }
            )
        frames[which] = pd.DataFrame(rows, columns=list(INVITATION_COLUMNS))
        frames[which]["sent_at"] = pd.to_datetime(frames[which]["sent_at"])
    incoming, outgoing = direction == "INCOMING", direction == "OUTGOING"
    owner_urls = {
        key
        for key in [
            *column_or_empty(cells, "inviteeprofileurl")[incoming].map(url_key_or_none),
            *column_or_empty(cells, "inviterprofileurl")[outgoing].map(url_key_or_none),
        ]
        if key
    }
    owner_names = {
        name_key(n) for n in [*cells["to"][incoming], *cells["from"][outgoing]] if name_key(n)
    }
    other = int((~(incoming | outgoing)).sum())
    if other:
        notices.append(
            f"{file.label}: {other} row(s) with a Direction other than INCOMING or OUTGOING "
            "left out"
        )
    lists = InvitationLists(
        incoming=frames["INCOMING"],
        outgoing=frames["OUTGOING"],
        unreadable=unreadable,
        other_direction=other,
        owner_names=owner_names,
        owner_urls=owner_urls,
        problems=problems.lines,
    )
    return lists, notices


def _invitation_problem(
    cells: pd.Series, person: str, sent: pd.Timestamp
) -> tuple[str, str, str] | None:
    if cells["_extra"]:
        return "*", cells["_extra"], "more fields than the header"
    if not cells[person].strip():
        return person.capitalize(), "", "required value is empty"
    if pd.isna(sent):
        return "Sent At", cells["sentat"], "not a date (expected M/D/YY, h:mm AM)"
    return None


def _is_email(text: str) -> bool:
    return "@" in text and " " not in text


# -- finding people across files --------------------------------------------------------------------
class PeopleIndex:
    """People of one file, found by profile URL, else by email, else by exact name.

    As in the import (`derive_labels`): a name match is refused when both sides have a
    profile URL and the URLs differ, since two people can share a name. Rows with no name,
    URL or email (hidden accounts) are never found.
    """

    def __init__(self, names: Iterable[object], urls: Iterable[object], emails: Iterable[object]):
        self.by_url: dict[str, list[int]] = {}
        self.by_email: dict[str, list[int]] = {}
        self.by_name: dict[str, list[tuple[str | None, int]]] = {}
        for position, (name, url, email) in enumerate(zip(names, urls, emails, strict=True)):
            key = url_key_or_none(url)
            if key:
                self.by_url.setdefault(key, []).append(position)
            if isinstance(email, str) and email.strip():
                self.by_email.setdefault(email.strip().casefold(), []).append(position)
            if name_key(name):
                self.by_name.setdefault(name_key(name), []).append((key, position))

    @classmethod
    def of(cls, frame: pd.DataFrame) -> PeopleIndex:
        """An index of a frame with `name`, `profile_url` and (optional) `email` columns."""
        emails = frame["email"] if "email" in frame else [""] * len(frame)
        return cls(frame["name"], frame["profile_url"], emails)

    def find(self, name: object, url: object, email: object = "") -> list[int]:
        """Positions (0-based, in the order given) of the rows that are this person."""
        key = url_key_or_none(url)
        if key and key in self.by_url:
            return self.by_url[key]
        if isinstance(email, str) and email.strip().casefold() in self.by_email:
            return self.by_email[email.strip().casefold()]
        return [p for other, p in self.by_name.get(name_key(name), []) if not (key and other)]

    def repeated_names(self) -> int:
        """How many names belong to more than one row (matched by name, they are ambiguous)."""
        return sum(1 for rows in self.by_name.values() if len(rows) > 1)


def connected_on_or_after_sent(
    invitations: pd.DataFrame, connections: pd.DataFrame, index: PeopleIndex | None = None
) -> pd.Series:
    """When each invitation was accepted: the other person's Connected On, else NaT.

    Accepted means the person is in Connections.csv, connected on or after the day the
    invitation was sent (an earlier connection is someone else of the same name, or an older
    link). A matching connection with an unreadable date counts as accepted on an unknown
    day: its date is then the sending time (the earliest that fits). `index`: of `connections`,
    when the caller already has one.
    """
    index = index if index is not None else PeopleIndex.of(connections)
    dates = connections["connected_on"].to_numpy()
    accepted = []
    for name, url, email, sent in invitations[
        ["name", "profile_url", "email", "sent_at"]
    ].itertuples(index=False):
        found = [pd.Timestamp(dates[p]) for p in index.find(name, url, email)]
        known = sorted(d for d in found if not pd.isna(d) and d.normalize() >= sent.normalize())
        if known:
            accepted.append(known[0])
        elif any(pd.isna(d) for d in found):
            accepted.append(sent)
        else:
            accepted.append(pd.NaT)
    return pd.Series(pd.to_datetime(accepted), index=invitations.index, dtype="datetime64[ns]")
