"""The invitations page's lines cut into invitations: one block per pair of buttons.

Layout (data contract, section 3): each invitation ends with the buttons `Ignore` and
`Accept` (either order, any of the six languages). In a block the first line is the name and
the second the headline; a `... mutual connection(s)` line gives the count; a relative time
(`2 days ago`) gives the received time against the time the page was seen; the other lines
are the inviter's note. Tabs, menus and headings around the list are page chrome.

The first block is the hard one: when the whole page was selected, the site's menus come
before it. Known chrome is recognised by its words; unknown chrome before the first block is
cut off by the block's own structure (name and headline sit right before the first
mutual-connections or time line).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from linkedin_triage.console import visible
from linkedin_triage.sources.invitations_page.html_blocks import Block
from linkedin_triage.sources.invitations_page.localised_words import (
    is_accept,
    is_block_chrome,
    is_ignore,
    is_page_chrome,
    mutual_count,
)
from linkedin_triage.sources.invitations_page.relative_times import (
    RelativeTime,
    parse_relative_time,
)
from linkedin_triage.sources.sightings import Sighting, Skipped, SourceItem, Unparsed

CHROME = "invitations page text that is not an invitation (menus, tabs, headings)"
_WHERE_LIMIT = 120
_LINKEDIN = "https://www.linkedin.com"


def button_pairs(lines: Sequence[Block]) -> list[int]:
    """Indexes of the second button of each `Ignore` / `Accept` pair, in page order."""
    ends: list[int] = []
    index = 1
    while index < len(lines):
        first, second = lines[index - 1].text, lines[index].text
        if (is_ignore(first) and is_accept(second)) or (is_accept(first) and is_ignore(second)):
            ends.append(index)
            index += 2
        else:
            index += 1
    return ends


def read_blocks(lines: Sequence[Block], observed_at: datetime, source: str) -> list[SourceItem]:
    """One `Sighting` (or `Unparsed`) per invitation block; `Skipped` per run of chrome."""
    lines = _without_repeats(lines)
    items: list[SourceItem] = []
    start = 0
    for number, end in enumerate(button_pairs(lines), start=1):
        segment = [b for b in lines[start : end - 1] if not is_block_chrome(b.text)]
        chrome, block = _split_chrome(segment, first=number == 1)
        if chrome:
            items.append(Skipped(CHROME))
        items.append(_invitation(block, observed_at, f"{source}, invitation {number}", end))
        start = end + 1
    if any(not is_block_chrome(b.text) for b in lines[start:]):
        items.append(Skipped(CHROME))
    return items


def _without_repeats(lines: Sequence[Block]) -> list[Block]:
    """Drop a line that repeats the one before it (a name read twice: once for the eye, once
    for screen readers); keep the copy that carries a link."""
    kept: list[Block] = []
    for line in lines:
        if kept and kept[-1].text == line.text:
            if kept[-1].href is None and line.href is not None:
                kept[-1] = line
            continue
        kept.append(line)
    return kept


def _is_marker(line: Block) -> bool:
    return mutual_count(line.text) is not None or parse_relative_time(line.text) is not None


def _split_chrome(segment: list[Block], first: bool) -> tuple[list[Block], list[Block]]:
    """The page chrome before a block, and the block itself (name first)."""
    start = 0
    for index, line in enumerate(segment):
        if is_page_chrome(line.text):
            start = index + 1
    if first:
        markers = [i for i in range(start, len(segment)) if _is_marker(segment[i])]
        if markers and markers[0] - 2 > start:
            start = markers[0] - 2
    return segment[:start], segment[start:]


def _invitation(block: list[Block], observed_at: datetime, origin: str, end: int) -> SourceItem:
    if not block:
        return Unparsed(f"buttons at line {end}", "no name before the Ignore / Accept buttons")
    name = block[0]
    where = _shown(name.text)
    if _is_marker(name):
        return Unparsed(where, "the block starts with a count or a time, not a name")
    rest = block[1:]
    headline = None
    if rest and not _is_marker(rest[0]):
        headline, rest = rest[0], rest[1:]
    mutuals: int | None = None
    when: RelativeTime | None = None
    note: list[str] = []
    for line in rest:
        count = mutual_count(line.text) if mutuals is None else None
        if count is not None:
            mutuals = count
            continue
        relative = parse_relative_time(line.text) if when is None else None
        if relative is not None:
            when = relative
            continue
        note.append(line.text)
    if when is None:
        return Unparsed(where, "no received time in the block (like '2 days ago' or 'Yesterday')")
    columns: dict[str, str] = {}
    if headline is not None:
        columns["headline"] = headline.text
    if mutuals is not None:
        columns["mutual_connections"] = str(mutuals)
    if note:
        columns["message"] = "\n".join(note)
    return Sighting(
        name=name.text,
        received_at=observed_at - when.ago,
        observed_at=observed_at,
        received_within=when.within,
        profile_url=_profile_link([name] + ([headline] if headline else [])),
        columns=columns,
        origin=origin,
    )


def _profile_link(lines: list[Block]) -> str | None:
    """The block's link to a profile (`/in/...`), made absolute, as the page shows it."""
    for line in lines:
        href = line.href
        if href and "/in/" in href:
            return _LINKEDIN + href if href.startswith("/") else href
    return None


def _shown(text: str) -> str:
    """A stranger's line as it may appear in a message: code points for control characters,
    cut to a readable length."""
    cut = text if len(text) <= _WHERE_LIMIT else text[:_WHERE_LIMIT] + "…"
    return visible(cut)
