"""messages.csv -> the people the user exchanged messages with: the article's "address book".

A partner is anyone else in a conversation where the user wrote at least one (sent, not
draft) message: a conversation the user never answered is an inbox, not an acquaintance
(recruiters' and salespeople's InMails end up there). Which participant is the user comes
from Profile.csv, Invitations.csv and the policy's name; failing those, the one person in
every conversation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from linkedin_triage.sources.linkedin_export.discovery import ExportFile
from linkedin_triage.sources.linkedin_export.reading import (
    REQUIRED_HEADERS,
    column_or_empty,
    decode_profile_url,
    name_key,
    parse_export_dates,
    read_optional_csv,
    url_key_or_none,
)

PARTNER_COLUMNS = ("name", "profile_url", "messages", "last_message_at")
_DRAFT_WORDS = frozenset({"yes", "true", "1"})


@dataclass(frozen=True, eq=False)
class Participant:
    """One person as messages.csv shows them: a name, and a URL where the file gives one.

    Made once per distinct (name, URL) by `_Participants`, so identity is equality.
    """

    name: str
    url: str | None  # decoded
    url_key: str | None
    name_key: str

    @property
    def known(self) -> bool:
        """False for an empty cell: nobody to count."""
        return bool(self.url_key or self.name_key)


class _Participants:
    """Participants made once per distinct cell: a file repeats the same few people."""

    def __init__(self) -> None:
        self.people: dict[tuple[str, str | None], Participant] = {}
        self._cells: dict[tuple[str, str], Participant] = {}
        self._groups: dict[tuple[str, str], tuple[Participant, ...]] = {}

    def person(self, name_cell: str, url_cell: str) -> Participant:
        if (name_cell, url_cell) not in self._cells:
            name = " ".join(name_cell.split())
            url = decode_profile_url(url_cell) if url_cell else None
            if (name, url) not in self.people:
                self.people[name, url] = Participant(
                    name, url, url_key_or_none(url), name_key(name)
                )
            self._cells[name_cell, url_cell] = self.people[name, url]
        return self._cells[name_cell, url_cell]

    def recipients(self, names: str, urls: str) -> tuple[Participant, ...]:
        """`TO` and `RECIPIENT PROFILE URLS`, both comma-separated, paired when they line up.

        One URL for several comma-separated names means one name with a comma in it.
        """
        if (names, urls) not in self._groups:
            url_list = [u for u in (part.strip() for part in urls.split(",")) if u]
            name_list = [n for n in names.split(",") if n.strip()]
            if len(url_list) == 1 and len(name_list) > 1:
                name_list = [names]
            if len(url_list) != len(name_list):
                url_list = [""] * len(name_list)
            self._groups[names, urls] = tuple(
                self.person(n, u) for n, u in zip(name_list, url_list, strict=True)
            )
        return self._groups[names, urls]


@dataclass
class PartnersRead:
    """The partners (PARTNER_COLUMNS), or None with the reason; notices about the file."""

    partners: pd.DataFrame | None
    reason: str | None
    notices: list[str]


def read_message_partners(
    file: ExportFile, owner_names: set[str], owner_urls: set[str]
) -> PartnersRead:
    """The people the user exchanged messages with, from messages.csv.

    Args:
        owner_names: the user's names as `name_key`s; owner_urls: as `profile_url_key`s.
    """
    cells, notices = read_optional_csv(file, REQUIRED_HEADERS["messages"], "messages")
    if cells is None:
        return PartnersRead(None, f"{file.label}: not readable as messages.csv", notices)
    draft = column_or_empty(cells, "ismessagedraft").str.strip().str.lower().isin(_DRAFT_WORDS)
    cells = cells[~draft]
    dates = parse_export_dates(cells["date"], source=file.label, column="DATE")
    undated = int((dates.isna() & (cells["date"] != "")).sum())
    if undated:
        notices.append(f"{file.label}: {undated} message(s) with a DATE that is not a date")
    conversation = column_or_empty(cells, "conversationid")
    # A message without a conversation id is a conversation of its own.
    conversation = conversation.where(conversation != "", "row " + cells.index.astype(str))
    made = _Participants()
    senders = [
        made.person(n, u)
        for n, u in zip(cells["from"], column_or_empty(cells, "senderprofileurl"), strict=True)
    ]
    recipients = [
        made.recipients(n, u)
        for n, u in zip(cells["to"], column_or_empty(cells, "recipientprofileurls"), strict=True)
    ]
    everyone = [p for p in made.people.values() if p.known]
    canonical = _identities(everyone)
    owner = {
        canonical[p]
        for p in everyone
        if (p.url_key or "") in owner_urls or p.name_key in owner_names
    }
    if not owner:
        inferred = _in_every_conversation(conversation.tolist(), senders, recipients, canonical)
        if inferred is None:
            return PartnersRead(
                None,
                f"{file.label}: cannot tell which participant is you (no Profile.csv or "
                "Invitations.csv naming you): add Profile.csv to the export or set your name "
                "in the policy's [me] name",
                notices,
            )
        owner = {inferred}

    def is_owner(person: Participant) -> bool:
        return canonical.get(person) in owner

    wrote = {c for c, s in zip(conversation, senders, strict=True) if is_owner(s)}
    counts: Counter[str] = Counter()
    last: dict[str, pd.Timestamp] = {}
    shown: dict[str, Participant] = {}
    for talk, sender, group, when in zip(conversation, senders, recipients, dates, strict=True):
        if talk not in wrote:
            continue
        others = {canonical[p]: p for p in (sender, *group) if p.known and not is_owner(p)}
        for key, seen in others.items():
            counts[key] += 1
            if not pd.isna(when) and (key not in last or when >= last[key]):
                last[key] = when
            if key not in shown or (seen.url and not shown[key].url):
                shown[key] = seen
    partners = pd.DataFrame(
        {
            "name": [shown[k].name for k in counts],
            "profile_url": [shown[k].url for k in counts],
            "messages": [counts[k] for k in counts],
            "last_message_at": pd.to_datetime([last.get(k, pd.NaT) for k in counts]),
        },
        columns=list(PARTNER_COLUMNS),
    )
    return PartnersRead(partners, None, notices)


def _identities(people: list[Participant]) -> dict[Participant, str]:
    """One key per person: the profile URL, else the name; a name seen with exactly one URL
    elsewhere in the file is that URL's person (2021-22 files give URLs only for senders)."""
    urls_of_name: dict[str, set[str]] = {}
    for person in people:
        if person.url_key:
            urls_of_name.setdefault(person.name_key, set()).add(person.url_key)
    canonical: dict[Participant, str] = {}
    for person in people:
        if person.url_key:
            canonical[person] = person.url_key
            continue
        urls = urls_of_name.get(person.name_key, set())
        canonical[person] = next(iter(urls)) if len(urls) == 1 else f"name:{person.name_key}"
    return canonical


def _in_every_conversation(
    conversation: list[str],
    senders: list[Participant],
    recipients: list[tuple[Participant, ...]],
    canonical: dict[Participant, str],
) -> str | None:
    """The one identity present in every conversation (at least two of them), else None."""
    members: dict[str, set[str]] = {}
    for talk, sender, group in zip(conversation, senders, recipients, strict=True):
        members.setdefault(talk, set()).update(canonical[p] for p in (sender, *group) if p.known)
    if len(members) < 2:
        return None
    common = set.intersection(*members.values())
    return next(iter(common)) if len(common) == 1 else None
