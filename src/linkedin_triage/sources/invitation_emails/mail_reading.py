"""One mail file -> source items: a sighting per invitation, a skip per other email.

Per message: the headers alone say whether it comes from LinkedIn (most of a mailbox does
not, and is skipped without parsing its body); a LinkedIn email with no invitation link and
no invitation subject is skipped as "not an invitation" (accepted invitations, newsletters,
job alerts); an invitation email becomes one sighting per invitation it shows (a digest
shows several), or one `Unparsed` with its subject and why.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from email import errors as email_errors
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path

from linkedin_triage.console import visible
from linkedin_triage.sources.invitation_emails.email_phrases import (
    inviter_from_display_name,
    is_invitation_subject,
)
from linkedin_triage.sources.invitation_emails.html_cards import html_cards
from linkedin_triage.sources.invitation_emails.invitation_card import Card, merge_cards
from linkedin_triage.sources.invitation_emails.mailbox_files import (
    RawMessage,
    mail_kind,
    raw_messages,
)
from linkedin_triage.sources.invitation_emails.message_parts import (
    MailParts,
    header_text,
    read_message_parts,
    sender,
)
from linkedin_triage.sources.invitation_emails.mime_split import header_end
from linkedin_triage.sources.invitation_emails.text_cards import text_cards
from linkedin_triage.sources.sightings import Sighting, Skipped, SourceItem, Unparsed

NOT_FROM_LINKEDIN = "email not from LinkedIn"
NOT_AN_INVITATION = "LinkedIn email that is not an invitation"
_WHERE_LIMIT = 160
# What the standard library's email package and lxml raise on input they cannot make sense
# of; any of these turns one message into an Unparsed item, never a stopped run.
_UNREADABLE = (email_errors.MessageError, LookupError, UnicodeError, ValueError, RecursionError)


def read_mail_file(path: Path) -> Iterator[SourceItem]:
    """Every message of a `.eml` or `.mbox` file as source items, streamed.

    A file that is not mail raises `TriageError` naming it here, before anything is yielded.
    """
    path = Path(path)
    kind = mail_kind(path)
    return _items(path, kind)


def _items(path: Path, kind: str) -> Iterator[SourceItem]:
    for raw in raw_messages(path, kind):
        yield from read_message(raw)


def read_message(raw: RawMessage) -> list[SourceItem]:
    """The items of one message's bytes; a message nothing can be made of is Unparsed."""
    try:
        return _message_items(raw)
    except _UNREADABLE as error:
        return [_unparsed("", raw, f"unreadable message ({type(error).__name__})")]


def _message_items(raw: RawMessage) -> list[SourceItem]:
    head = raw.data[: header_end(raw.data)]
    # Most of a mailbox is not LinkedIn's: a byte search rules it out before any parsing.
    if b"linkedin.com" not in head.lower():
        return [Skipped(NOT_FROM_LINKEDIN)]
    headers = BytesHeaderParser(policy=compat32).parsebytes(head)
    subject = header_text(headers.get("Subject"))
    _, address = sender(headers)
    if not _from_linkedin(address):
        return [Skipped(NOT_FROM_LINKEDIN)]
    if raw.oversized:
        if is_invitation_subject(subject):
            return [_unparsed(subject, raw, "far larger than an invitation email; not read")]
        return [Skipped(NOT_AN_INVITATION)]
    try:
        parts = read_message_parts(raw.data, headers)
        cards = _cards(parts)
    except _UNREADABLE as error:  # here the subject is known: show it
        return [_unparsed(subject, raw, f"unreadable message ({type(error).__name__})")]
    if not cards:
        if is_invitation_subject(subject):
            why = "no Accept link with an invitation id (an invitation layout not known here)"
            if parts.cut_short:
                why = "the message is cut short (a truncated mbox?) before its Accept link"
            return [_unparsed(subject, raw, why)]
        return [Skipped(NOT_AN_INVITATION)]
    if parts.date is None:
        return [_unparsed(subject, raw, parts.date_problem or "no usable Date header")]
    return [_item(card, parts, raw, number, len(cards)) for number, card in enumerate(cards, 1)]


DIGEST_RECEIVED_WITHIN = timedelta(days=30)


def _from_linkedin(address: str) -> bool:
    domain = address.rpartition("@")[2]
    return domain == "linkedin.com" or domain.endswith(".linkedin.com")


def _cards(parts: MailParts) -> list[Card]:
    inviter = inviter_from_display_name(parts.sender_name)
    from_text = text_cards(parts.text, inviter, parts.subject)
    from_html = html_cards(parts.html, inviter, parts.subject, want_note=not from_text)
    if from_text:
        # The text part is the plainer view: its note (or its lack of one) stands; the HTML
        # part only fills in fields such as the location.
        from_html = [replace(card, note=None) for card in from_html]
    cards = merge_cards(from_text, from_html)
    if len(cards) == 1 and inviter and not cards[0].name:
        cards = [replace(cards[0], name=inviter)]
    return cards


def _item(card: Card, parts: MailParts, raw: RawMessage, number: int, total: int) -> SourceItem:
    origin = raw.origin if total == 1 else f"{raw.origin}, invitation {number} of {total}"
    if not card.name:
        return _unparsed(parts.subject, raw, "no inviter name found", origin)
    assert parts.date is not None  # checked by the caller
    columns = {
        column: value
        for column, value in (
            ("headline", card.headline),
            ("location", card.location),
            ("message", card.note),
            (
                "mutual_connections",
                str(card.mutual_connections) if card.mutual_connections is not None else None,
            ),
        )
        if value
    }
    return Sighting(
        name=card.name,
        received_at=parts.date,
        observed_at=parts.date,
        # A digest lists invitations still pending when it was sent, some of them weeks old:
        # its date says only that they arrived before it.
        received_within=timedelta(0) if total == 1 else DIGEST_RECEIVED_WITHIN,
        invitation_id=card.invitation_id,
        profile_url=card.profile_link,
        columns=columns,
        origin=origin,
    )


def _unparsed(subject: str, raw: RawMessage, why: str, origin: str | None = None) -> Unparsed:
    where = subject or "(no subject)"
    if len(where) > _WHERE_LIMIT:
        where = where[:_WHERE_LIMIT] + "…"
    return Unparsed(visible(f"{where} ({origin or raw.origin})"), visible(why))
