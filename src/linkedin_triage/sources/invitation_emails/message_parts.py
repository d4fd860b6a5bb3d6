"""One email's headers and bodies as text: subject, sender, date (naive UTC), text and HTML.

The standard library's `email` package does the MIME work (multipart, quoted-printable,
base64); this module decides what to make of what it finds: encoded-word headers in any
charset, bodies in the charset they declare (or UTF-8 when the declared one is unknown),
and the Date header as naive UTC, refusing a date without a time zone rather than guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email import errors as email_errors
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime

from linkedin_triage.sources.invitation_emails.mime_split import decode_text, split_message

# A LinkedIn email has two text parts; a message with hundreds is not one of them, and
# walking it all would only cost time.
_MAX_PARTS = 64
# Defects the parser records when a multipart message stops before its end.
_CUT_SHORT = (email_errors.CloseBoundaryNotFoundDefect, email_errors.StartBoundaryNotFoundDefect)


@dataclass(frozen=True)
class MailParts:
    """What the readers need of one message."""

    subject: str
    sender_name: str  # the display name of From, decoded
    sender_address: str  # lower case
    date: datetime | None  # naive UTC; None when missing or unreadable (see date_problem)
    date_problem: str | None
    text: str | None  # the first text/plain body
    html: str | None  # the first text/html body
    cut_short: bool  # a multipart whose end is missing (a truncated mbox)


def header_text(value: object) -> str:
    """A header as readable text: encoded words decoded, undecodable bytes replaced."""
    if value is None:
        return ""
    raw = _clean(str(value))
    if "=?" not in raw:  # no encoded words: nothing to decode (the common case, and fast)
        return " ".join(raw.split())
    try:
        decoded = str(make_header(decode_header(raw)))
    except (email_errors.HeaderParseError, LookupError, UnicodeError, ValueError):
        decoded = raw
    return " ".join(_clean(decoded).split())


def _clean(text: str) -> str:
    # Headers read from bytes keep undecodable bytes as surrogates; make them visible
    # replacement characters so the text can be printed and stored.
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_message_parts(data: bytes, headers: Message | None = None) -> MailParts:
    """Headers and the first text and HTML bodies of one message's bytes.

    The common shape (text parts, flat) takes `mime_split`'s fast path; everything else the
    standard library's full parser. `headers`: the message's headers, if already parsed.
    """
    split = split_message(data, headers)
    if split is not None:
        return _mail_parts(split.headers, split.text, split.html, split.cut_short)
    return read_parts(BytesParser(policy=compat32).parsebytes(data))


def read_parts(message: Message) -> MailParts:
    """Headers and the first text and HTML bodies of a parsed message."""
    text, html = _bodies(message)
    cut_short = any(isinstance(d, _CUT_SHORT) for part in _parts(message) for d in part.defects)
    return _mail_parts(message, text, html, cut_short)


def _mail_parts(message: Message, text: str | None, html: str | None, cut_short: bool) -> MailParts:
    name, address = sender(message)
    date, problem = header_date(message.get("Date"))
    return MailParts(
        subject=header_text(message.get("Subject")),
        sender_name=name,
        sender_address=address,
        date=date,
        date_problem=problem,
        text=text,
        html=html,
        cut_short=cut_short,
    )


def sender(message: Message) -> tuple[str, str]:
    """The From header's display name (decoded) and address (lower case)."""
    raw = message.get("From")
    if raw is None:
        return "", ""
    try:
        pairs = getaddresses([_clean(str(raw))])
    except (ValueError, IndexError, TypeError):
        return header_text(raw), ""
    name, address = pairs[0] if pairs else ("", "")
    return header_text(name), address.strip().casefold()


def header_date(value: object) -> tuple[datetime | None, str | None]:
    """The Date header as naive UTC, or None and why.

    RFC 5322's `-0000` means "UTC, local zone unknown": that is UTC. A date with no zone
    at all could be any of 24 hours: it is refused, not guessed.
    """
    if value is None:
        return None, "no Date header"
    text = header_text(value)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None, "the Date header is not a date"
    if moment.tzinfo is None:
        if "-0000" not in text:
            return None, "the Date header has no time zone"
        return moment, None
    try:
        return moment.astimezone(UTC).replace(tzinfo=None), None
    except (OverflowError, ValueError):
        return None, "the Date header is out of range"


def _parts(message: Message) -> list[Message]:
    found: list[Message] = []
    for part in message.walk():
        found.append(part)
        if len(found) >= _MAX_PARTS:
            break
    return found


def _bodies(message: Message) -> tuple[str | None, str | None]:
    text: str | None = None
    html: str | None = None
    for part in _parts(message):
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        if (part.get("Content-Disposition") or "").strip().casefold().startswith("attachment"):
            continue
        subtype = part.get_content_subtype()
        if subtype == "plain" and text is None:
            text = _decoded_body(part)
        elif subtype == "html" and html is None:
            html = _decoded_body(part)
        if text is not None and html is not None:
            break
    return text, html


def _decoded_body(part: Message) -> str:
    payload = part.get_payload(decode=True)
    return decode_text(payload if isinstance(payload, bytes) else b"", part.get_content_charset())
