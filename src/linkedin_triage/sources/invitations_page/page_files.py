"""A saved invitations page as lines: text pasted into a `.txt`, or the page saved as `.html`.

The two forms meet here: both become a list of `Block`s (a line of text and, for HTML, the
link it sits in), which `page_blocks` turns into invitations. A file that is neither text
nor HTML (binary, too large, undecodable) is refused with a `TriageError` naming it.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from linkedin_triage.console import visible
from linkedin_triage.errors import TriageError
from linkedin_triage.sources.invitations_page.html_blocks import Block, html_blocks, parse_html

# A saved invitations page is a few megabytes; anything far larger is something else, and
# reading it whole would be the only unbounded step.
MAX_PAGE_BYTES = 64 * 1024 * 1024
_SNIFF_BYTES = 2048
_HTML_STARTS = ("<!doctype html", "<html", "<head", "<body", "<meta", "<!--")


@dataclass(frozen=True)
class PageText:
    """The visible lines of one page file, and what it said about itself."""

    lines: list[Block]
    is_html: bool
    title: str  # the HTML <title>, empty for text


def read_page_file(path: Path) -> PageText:
    """The lines of a `.txt` or `.html` page file; a `TriageError` naming it when unreadable."""
    data = _read_bytes(path)
    text = decode_page_bytes(data, path)
    if _looks_like_html(path, text):
        root = parse_html(text)
        title = ""
        if root is not None:
            found = root.find(".//title")
            title = " ".join((found.text or "").split()) if found is not None else ""
        return PageText(html_blocks(root), True, title)
    lines = [Block(" ".join(line.split())) for line in text.splitlines()]
    return PageText([line for line in lines if line.text], False, "")


def decode_page_bytes(data: bytes, path: Path) -> str:
    """Text of a page file: UTF-8 or UTF-16 with a BOM, UTF-8, else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if b"\x00" in data:
        raise TriageError(f"{visible(str(path))}: binary data, not a page saved as text or HTML")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TriageError(f"{visible(str(path))}: not text in UTF-8 or Windows-1252")


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise TriageError(
                f"{visible(str(path))}: {size // (1024 * 1024)} MB is far larger than a saved "
                "invitations page"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise TriageError(f"{visible(str(path))}: not found") from None
    except IsADirectoryError:
        raise TriageError(
            f"{visible(str(path))}: a folder, expected a .txt or .html file"
        ) from None
    except OSError as error:
        raise TriageError(
            f"{visible(str(path))}: cannot read ({error.strerror or error})"
        ) from None


def _looks_like_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".html", ".htm"):
        return True
    start = text[:_SNIFF_BYTES].lstrip("\ufeff \t\r\n").casefold()
    return start.startswith(_HTML_STARTS)


def sniff_page(path: Path) -> PageText | None:
    """The page's lines when the file reads as a page file at all, else None (no error)."""
    try:
        return read_page_file(path)
    except TriageError:
        return None
