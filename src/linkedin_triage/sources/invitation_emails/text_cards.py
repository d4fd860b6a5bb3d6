"""The text part of an invitation email -> cards (one per Accept link).

The text part is a run of lines with links on lines of their own (`Accept: https://...`,
`View profile: https://...`). Links come in groups; a group that holds an invitation link
closes a card whose lines are those written since the group before. Within a card's lines
the inviter's name has a line of its own, the headline follows it, a `... mutual
connections` line may follow; what comes before the name is LinkedIn's greeting and default
opening line, or the inviter's note.

Layouts read (docs/sources.md has an invented example of each): 2015 (`I'd like to connect
with you on LinkedIn.`, Accept then `View <name>'s profile`), 2016 on (`I'd like to join
your LinkedIn network.`, View profile then Accept), the 2016 reminder (`<name> would like
to connect on LinkedIn. How would you like to respond?`, the note after the links), and
digests listing several invitations (names and headlines only; no notes are read there).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from linkedin_triage.sources.invitation_emails.email_phrases import (
    inviter_in_sentence,
    is_default_opening,
    is_footer,
    is_greeting,
    name_in_profile_label,
    note_from_opening,
)
from linkedin_triage.sources.invitation_emails.invitation_card import Card
from linkedin_triage.sources.invitation_emails.links import Link, link_in_line
from linkedin_triage.sources.invitations_page.localised_words import fold, mutual_count


@dataclass
class _LinkGroup:
    before: list[str]  # the lines written since the previous group (blank lines kept as "")
    links: list[Link] = field(default_factory=list)
    after: list[str] = field(default_factory=list)  # lines up to the next group


def text_cards(text: str | None, inviter: str | None, subject: str = "") -> list[Card]:
    """Cards of a text part; `inviter` is the From header's person, when there is one."""
    if not text:
        return []
    groups = _link_groups(text)
    invitation_groups = [g for g in groups if any(link.invitation_id for link in g.links)]
    single = len({_group_id(g) for g in invitation_groups}) == 1
    cards: dict[str, Card] = {}
    for group in invitation_groups:
        invitation = _group_id(group)
        if invitation in cards:
            continue
        cards[invitation] = _card(group, invitation, inviter if single else None, single, subject)
    return list(cards.values())


def _group_id(group: _LinkGroup) -> str:
    """The invitation a group stands for: its Accept link's id, else any link's."""
    ids = [(link.is_accept, i) for link in group.links if (i := link.invitation_id)]
    return max(ids, key=lambda pair: pair[0])[1]


def _lines(text: str) -> list[str]:
    # Some text parts carry HTML entities (`View Ada&#39;s profile`); html.unescape's pattern
    # is bounded ({1,32} characters per entity), so it stays linear on hostile text.
    return [
        (html.unescape(line) if "&" in line and ";" in line else line).strip()
        for line in text.splitlines()
    ]


def _link_groups(text: str) -> list[_LinkGroup]:
    groups: list[_LinkGroup] = []
    written: list[str] = []
    current: _LinkGroup | None = None
    for line in _lines(text):
        link = link_in_line(line)
        if link is None:
            if current is not None and line:
                groups.append(current)
                current = None
            written.append(line)
            continue
        if current is None:
            if groups:
                groups[-1].after = list(written)
            current = _LinkGroup(before=written)
            written = []
        current.links.append(link)
    if current is not None:
        groups.append(current)
    if groups and written:
        groups[-1].after = written
    return groups


def _card(
    group: _LinkGroup, invitation: str, inviter: str | None, single: bool, subject: str
) -> Card:
    lines = group.before
    profile = next((link for link in group.links if link.is_profile), None)
    labelled = name_in_profile_label(profile.label) if profile else None
    wanted = [fold(n) for n in (inviter, labelled) if n]
    name_at = next(
        (i for i in range(len(lines) - 1, -1, -1) if lines[i] and fold(lines[i]) in wanted), None
    )
    named_in_sentence = (
        next((n for n in map(inviter_in_sentence, lines) if n), None) if name_at is None else None
    )
    if named_in_sentence:
        # The reminder layout: no name line; the note, if any, follows the links.
        name = inviter or labelled or named_in_sentence
        note = _note_after_links(group.after, name, subject) if single else None
        return Card(invitation, name, note=note, profile_link=_url(profile))
    if name_at is None:
        name_at = _unnamed_name_at(lines)
    if name_at is None:
        return Card(invitation, inviter or labelled, profile_link=_url(profile))
    after = [line for line in lines[name_at + 1 :] if line]
    mutuals = next((c for c in map(mutual_count, after) if c is not None), None)
    described = [line for line in after if mutual_count(line) is None]
    return Card(
        invitation,
        name=lines[name_at],
        headline=described[0] if described else None,
        location=described[1] if len(described) > 1 else None,
        note=note_from_opening(lines[:name_at], inviter, subject) if single else None,
        mutual_connections=mutuals,
        profile_link=_url(profile),
    )


def _unnamed_name_at(lines: list[str]) -> int | None:
    """Where no name is known (a digest, LinkedIn's own name as sender): the name is the
    line before the headline, the last line before the links that is neither a
    mutual-connections line nor LinkedIn's greeting or default line."""
    written = [
        i
        for i, line in enumerate(lines)
        if line
        and mutual_count(line) is None
        and not is_greeting(line)
        and not is_default_opening(line)
    ]
    if len(written) >= 2:
        return written[-2]
    return written[-1] if written else None


def _note_after_links(after: list[str], inviter: str | None, subject: str) -> str | None:
    paragraph: list[str] = []
    for line in after:
        if not line:
            if paragraph:
                break
            continue
        if is_footer(line) or link_in_line(line):
            break
        paragraph.append(line)
    return note_from_opening(paragraph, inviter, subject) if paragraph else None


def _url(link: Link | None) -> str | None:
    return link.url if link is not None else None
