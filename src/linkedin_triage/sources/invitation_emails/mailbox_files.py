"""Finding mail files and streaming their messages as bytes: `.eml`, a folder, an `.mbox`.

An mbox (a mail provider's takeout) can hold years of mail: it is read message by message
through the standard library's `mailbox`, each message's bytes read only when its turn
comes and at most `MAX_MESSAGE_BYTES` of them (a LinkedIn email is tens of kilobytes; a
larger message is some other mail with attachments, and only its headers are needed to
say so). Memory stays bounded whatever the file's size.

A file that is not mail at all (binary data, an HTML page, an empty file) is refused with a
`TriageError` naming it before any message is read.
"""

from __future__ import annotations

import mailbox
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from linkedin_triage.console import visible
from linkedin_triage.errors import TriageError

MAIL_SUFFIXES = (".eml", ".mbox")
MAX_MESSAGE_BYTES = 16 * 1024 * 1024
_HEADER_BYTES = 256 * 1024  # enough for any message's headers
_SNIFF_BYTES = 4096
# Header fields of which at least one opens every real message.
_KNOWN_FIELDS = frozenset(
    {
        "from",
        "to",
        "date",
        "subject",
        "received",
        "return-path",
        "delivered-to",
        "message-id",
        "mime-version",
        "content-type",
        "reply-to",
        "sender",
        "x-gm-thrid",
        "x-gmail-labels",
        "arc-seal",
        "dkim-signature",
        "authentication-results",
    }
)


class ChunkedMbox(mailbox.mbox):
    """The standard library's mbox, with its table of contents found faster.

    `mailbox.mbox` finds where messages start with a `readline()` and a `tell()` per line, in
    Python: about half a millisecond per 40 KB message before the first one is read. This
    finds the same `From ` lines with `bytes.find` over 1 MiB chunks (memory stays bounded)
    and builds the same table: same starts, same stops (a blank line before `From ` belongs
    to neither message), so every other method of `mailbox.mbox` works unchanged.
    tests/test_invitation_emails.py compares the two tables on awkward files.
    """

    CHUNK_BYTES = 1024 * 1024
    _SEPARATOR = b"\nFrom "

    def __init__(self, path: str) -> None:
        super().__init__(path, factory=None, create=False)
        # mailbox opens the file for writing when it may; this reader never writes to the
        # user's mail, so it reads through a read-only handle instead.
        self._file.close()  # type: ignore[has-type]
        self._file = open(path, "rb")  # noqa: SIM115  # closed by mailbox's close()

    def _generate_toc(self) -> None:
        starts: list[int] = []
        stops: list[int] = []
        handle = self._file
        handle.seek(0)
        buffer = handle.read(self.CHUNK_BYTES)
        offset = 0  # where buffer[0] is in the file
        seen = 0  # buffer positions before this were searched already
        if buffer.startswith(b"From "):
            starts.append(0)
        while buffer:
            position = seen
            while (found := buffer.find(self._SEPARATOR, position)) >= 0:
                position = found + 1
                start = offset + found + 1
                if starts:
                    empty_line_before = found > 0 and buffer[found - 1 : found] == b"\n"
                    stops.append(start - 1 if empty_line_before else start)
                starts.append(start)
            keep = buffer[-len(self._SEPARATOR) :]
            more = handle.read(self.CHUNK_BYTES)
            if not more:
                break
            offset += len(buffer) - len(keep)
            # A separator lying wholly in `keep` was found in this pass; skip it next time.
            seen = max(0, len(keep) - len(self._SEPARATOR) + 1)
            buffer = keep + more
        length = handle.seek(0, 2)
        if starts:
            handle.seek(max(0, length - 2))
            ends_with_empty_line = handle.read(2) == b"\n\n" and length - 2 >= starts[-1]
            stops.append(length - 1 if ends_with_empty_line else length)
        self._toc = dict(enumerate(zip(starts, stops, strict=True)))
        self._next_key = len(self._toc)
        self._file_length = length


@dataclass(frozen=True)
class RawMessage:
    """One message's bytes and where it is ("inbox.mbox, message 12")."""

    origin: str
    data: bytes
    oversized: bool  # only the first part of a very large message was read (its headers)


def mail_files(path: Path) -> list[Path]:
    """The mail files at `path`: itself (`.eml`, `.mbox`), or a folder's, recursively, sorted."""
    path = Path(path)
    if not path.exists():
        raise TriageError(f"{_shown(path)}: not found")
    if path.is_dir():
        found = sorted(
            Path(root) / name
            for root, dirs, names in os.walk(path)
            for name in names
            if _is_mail_name(name) and not name.startswith(".")
            if not any(part.startswith(".") for part in Path(root).relative_to(path).parts)
        )
        if not found:
            raise TriageError(f"{_shown(path)}: no .eml or .mbox files in this folder")
        return found
    if _is_mail_name(path.name):
        return [path]
    raise TriageError(f"{_shown(path)}: expected an .eml file, an .mbox file or a folder of them")


def _is_mail_name(name: str) -> bool:
    # Apple Mail exports a mailbox as a folder `Inbox.mbox/` holding a file named `mbox`.
    return name.lower().endswith(MAIL_SUFFIXES) or name == "mbox"


def looks_like_mail(path: Path) -> bool:
    """True when the file starts like mail (an mbox `From ` line or RFC 5322 headers)."""
    try:
        return _kind(_first_bytes(Path(path))) is not None
    except OSError:
        return False


def mail_kind(path: Path) -> str:
    """`mbox` or `message`; a `TriageError` naming the file when it is not mail at all."""
    try:
        start = _first_bytes(path)
    except FileNotFoundError:
        raise TriageError(f"{_shown(path)}: not found") from None
    except IsADirectoryError:
        raise TriageError(f"{_shown(path)}: a folder, expected an .eml or .mbox file") from None
    except OSError as error:
        raise TriageError(f"{_shown(path)}: cannot read ({error.strerror or error})") from None
    if not start.strip():
        raise TriageError(f"{_shown(path)}: empty file, no email in it")
    kind = _kind(start)
    if kind is None:
        what = "binary data" if b"\x00" in start else "text that does not start like an email"
        if start.lstrip().startswith(b"<"):
            what = "an HTML or XML document"
        raise TriageError(
            f"{_shown(path)}: {what}, not an email (expected an .eml message or an .mbox file)"
        )
    return kind


def raw_messages(path: Path, kind: str) -> Iterator[RawMessage]:
    """Each message of a mail file, in file order, as bytes (bounded per message)."""
    if kind == "message":
        yield _single(path)
        return
    box = ChunkedMbox(str(path))
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            with box.get_file(key) as handle:
                data = handle.read(MAX_MESSAGE_BYTES + 1)
            oversized = len(data) > MAX_MESSAGE_BYTES
            yield RawMessage(
                f"{path.name}, message {number}",
                data[:_HEADER_BYTES] if oversized else data,
                oversized,
            )
    finally:
        box.close()


def _single(path: Path) -> RawMessage:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_MESSAGE_BYTES + 1)
    except OSError as error:
        raise TriageError(f"{_shown(path)}: cannot read ({error.strerror or error})") from None
    oversized = len(data) > MAX_MESSAGE_BYTES
    return RawMessage(path.name, data[:_HEADER_BYTES] if oversized else data, oversized)


def _first_bytes(path: Path) -> bytes:
    with Path(path).open("rb") as handle:
        return handle.read(_SNIFF_BYTES)


def _kind(start: bytes) -> str | None:
    if b"\x00" in start:
        return None
    text = start.lstrip(b"\r\n").decode("latin-1")
    if text.startswith("From "):
        return "mbox"
    # Split on line feeds only: str.splitlines would also cut at bytes such as 0x85.
    lines = [line.rstrip("\r") for line in text.split("\n")]
    if not lines:
        return None
    known = False
    for line in lines[:-1] if len(lines) > 1 else lines:  # the last may be cut mid-line
        if not line:
            break  # end of the headers
        if line[0] in " \t":
            continue  # a folded header line
        field, colon, _ = line.partition(":")
        if not colon or not field or any(c <= " " or c > "~" for c in field):
            return None
        known = known or field.casefold() in _KNOWN_FIELDS
    return "message" if known else None


def _shown(path: Path) -> str:
    return visible(str(path))
