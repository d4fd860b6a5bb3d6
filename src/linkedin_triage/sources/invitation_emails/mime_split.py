"""The fast path for the common shape of a LinkedIn email: one multipart of text parts.

The standard library's parser (`email.feedparser`) reads a message line by line in Python:
about 1.6 ms for a 40 KB invitation email, most of the budget of 500 emails per second. A
LinkedIn email is a `multipart/alternative` of a text and an HTML part, so here the
boundaries are found with `bytes.find` and each part's headers are still parsed by the
`email` package, its body decoded by `binascii` (quoted-printable, base64). Anything else
(nested multiparts, a missing boundary parameter, an undecodable body) returns None, and
the caller falls back to the full parser: this module only ever makes the common case
faster, never decides differently.
"""

from __future__ import annotations

import binascii
from dataclasses import dataclass
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32


@dataclass(frozen=True)
class SplitMessage:
    """A message's headers and the raw (decoded, still bytes) text and HTML bodies."""

    headers: Message
    text: str | None
    html: str | None
    cut_short: bool  # the closing boundary never came (a truncated mbox)


def header_end(data: bytes) -> int:
    """Where the headers end: just after the blank line, or the end of the data."""
    ends = [i for i in (data.find(b"\n\n"), data.find(b"\r\n\r\n")) if i >= 0]
    if not ends:
        return len(data)
    first = min(ends)
    return first + (2 if data[first : first + 2] == b"\n\n" else 4)


def split_message(data: bytes, headers: Message | None = None) -> SplitMessage | None:
    """The text and HTML bodies of a single-part or flat multipart message, else None.

    `headers` are the message's headers when the caller parsed them already.
    """
    end = header_end(data)
    if headers is None:
        headers = BytesHeaderParser(policy=compat32).parsebytes(data[:end])
    body = data[end:]
    maintype = headers.get_content_maintype()
    if maintype == "text":
        decoded = _decoded(headers, body)
        if decoded is None:
            return None
        text, html = _as_text_or_html(headers, decoded)
        return SplitMessage(headers, text, html, False)
    if maintype != "multipart":
        return None
    boundary = headers.get_boundary()
    if not boundary or not boundary.isascii():
        return None
    parts, closed = _split(body, b"--" + boundary.encode("ascii"))
    text = html = None
    for part in parts:
        part_end = header_end(part)
        part_headers = BytesHeaderParser(policy=compat32).parsebytes(part[:part_end])
        if part_headers.get_content_maintype() == "multipart":
            return None  # nested: the full parser's job
        if part_headers.get_content_maintype() != "text" or _is_attachment(part_headers):
            continue
        decoded = _decoded(part_headers, part[part_end:])
        if decoded is None:
            return None
        found_text, found_html = _as_text_or_html(part_headers, decoded)
        text = text if text is not None else found_text
        html = html if html is not None else found_html
    return SplitMessage(headers, text, html, not closed)


def _split(body: bytes, marker: bytes) -> tuple[list[bytes], bool]:
    """The parts between delimiter lines (`--boundary`), and whether the closing one came."""
    parts: list[bytes] = []
    start: int | None = None  # where the current part's bytes begin
    position = 0
    while True:
        found = body.find(marker, position)
        if found < 0:
            break
        position = found + len(marker)
        if found and body[found - 1 : found] != b"\n":
            continue  # not at the start of a line
        after = body[position : position + 2]
        closing = after == b"--"
        if not closing and after[:1] not in (b"", b"\r", b"\n", b" ", b"\t"):
            continue  # a longer string that starts with the boundary
        if start is not None:
            stop = found - 1 if found else 0
            if stop and body[stop - 1 : stop] == b"\r":
                stop -= 1
            parts.append(body[start:stop])
        if closing:
            return parts, True
        line_end = body.find(b"\n", position)
        start = len(body) if line_end < 0 else line_end + 1
    if start is not None:
        parts.append(body[start:])  # a part the file ends inside
    return parts, False


def _decoded(headers: Message, body: bytes) -> bytes | None:
    encoding = (headers.get("Content-Transfer-Encoding") or "7bit").strip().casefold()
    try:
        if encoding == "quoted-printable":
            return binascii.a2b_qp(body)
        if encoding == "base64":
            return binascii.a2b_base64(body)
    except (binascii.Error, ValueError):
        return None  # the full parser is more forgiving of broken encodings
    if encoding in ("7bit", "8bit", "binary"):
        return body
    return None


def decode_text(data: bytes, charset: str | None) -> str:
    """A body in the charset it declares (UTF-8 when none, or one Python cannot decode
    text with), undecodable bytes shown as replacement characters."""
    try:
        return data.decode(charset or "utf-8", errors="replace")
    except (LookupError, UnicodeError, ValueError):
        return data.decode("utf-8", errors="replace")


def _as_text_or_html(headers: Message, data: bytes) -> tuple[str | None, str | None]:
    text = decode_text(data, headers.get_content_charset())
    subtype = headers.get_content_subtype()
    return (
        (text, None) if subtype == "plain" else (None, text) if subtype == "html" else (None, None)
    )


def _is_attachment(headers: Message) -> bool:
    return (headers.get("Content-Disposition") or "").strip().casefold().startswith("attachment")
