"""LinkedIn's invitations page, copied as text or saved as HTML -> one sighting per invitation.

The package: `page_files` reads a `.txt` or `.html` file into lines (`html_blocks` walks the
HTML), `page_blocks` cuts the lines into invitation blocks, `relative_times` reads `2 days
ago` in six languages, and `localised_words` holds the page's words (buttons, chrome,
mutual-connections lines), which the email reader shares.

A page shows no dates, only times relative to when it was seen: each sighting says how
approximate its received time is, and the ledger matches the same invitation seen on
several pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from linkedin_triage.console import visible
from linkedin_triage.errors import TriageError
from linkedin_triage.sources.invitations_page.localised_words import fold, is_page_marker
from linkedin_triage.sources.invitations_page.page_blocks import button_pairs, read_blocks
from linkedin_triage.sources.invitations_page.page_files import (
    PageText,
    read_page_file,
    sniff_page,
)
from linkedin_triage.sources.sightings import SourceItem

__all__ = ["looks_like_page", "read_invitations_page"]

# Words of the invitations page's <title> in the six languages.
_TITLE_WORDS = ("invitation", "invitaci", "einladung", "invit", "convite")


def read_invitations_page(path: Path, observed_at: datetime | None = None) -> Iterator[SourceItem]:
    """The invitations on one saved page, as sightings seen at `observed_at`.

    `observed_at` is naive UTC (an aware time is converted); None means the file's
    modification time. A file that is not the invitations page raises `TriageError` naming
    it, before anything is yielded.
    """
    path = Path(path)
    page = read_page_file(path)
    if not _is_invitations_page(page):
        raise TriageError(
            f"{visible(str(path))}: not LinkedIn's invitations page (no Ignore / Accept buttons "
            "and no 'Manage invitations' heading); save the page at "
            "linkedin.com/mynetwork/invitation-manager"
        )
    seen = _naive_utc(observed_at) if observed_at is not None else _modified_at(path)
    return iter(read_blocks(page.lines, seen, path.name))


def looks_like_page(path: Path) -> bool:
    """True when a file reads as the invitations page (text or HTML); never raises."""
    page = sniff_page(Path(path))
    return page is not None and _is_invitations_page(page)


def _is_invitations_page(page: PageText) -> bool:
    if button_pairs(page.lines):
        return True
    if any(is_page_marker(line.text) for line in page.lines):
        return True
    title = fold(page.title)
    return page.is_html and "linkedin" in title and any(w in title for w in _TITLE_WORDS)


def _naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _modified_at(path: Path) -> datetime:
    try:
        stamp = path.stat().st_mtime
    except OSError as error:
        raise TriageError(
            f"{visible(str(path))}: cannot read ({error.strerror or error})"
        ) from None
    return datetime.fromtimestamp(stamp, tz=UTC).replace(tzinfo=None)
