"""HTML as the lines a person sees, in reading order, each with the link it sits in.

Both the invitation emails' HTML part and a saved invitations page are read this way: a
real parser (lxml's, recovering from broken markup, never fetching anything) gives the
element tree; we walk it once and cut the text at block elements, line breaks and links.
Nothing is matched with regular expressions, so a hostile page costs time linear in its size.

What a person does not see is left out: scripts, styles, the page's embedded data (`code`,
`template`), elements hidden with inline styles (an email's preheader) and text meant for
screen readers only (a second copy of a name).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

# Elements whose start and end break the line (a link is its own line: its text and its
# target travel together, which is how a name finds its profile link).
_BREAKS = frozenset(
    {
        "a",
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "button",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "ul",
    }
)
_UNSEEN = frozenset(
    {"script", "style", "head", "title", "noscript", "template", "code", "svg", "iframe", "object"}
)
_HIDING_STYLES = ("display:none", "visibility:hidden", "mso-hide:all")
# Classes of text written for screen readers only: a page repeats a name in one of these
# next to the visible copy, and a person sees it once.
_READER_ONLY = frozenset({"visually-hidden", "a11y-text", "sr-only", "screen-reader-text"})


@dataclass(frozen=True)
class Block:
    """One line of visible text and the link it is part of (None outside links)."""

    text: str
    href: str | None = None


def parse_html(markup: bytes | str) -> etree._Element | None:
    """The element tree of a document, or None when there is none (empty or not markup)."""
    parser = etree.HTMLParser(
        recover=True, no_network=True, remove_comments=True, remove_pis=True, default_doctype=False
    )
    try:
        return etree.fromstring(markup, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def html_blocks(root: etree._Element | None) -> list[Block]:
    """The visible lines of a parsed document, in reading order, empty ones left out."""
    if root is None:
        return []
    blocks: list[Block] = []
    pending: list[str] = []
    links: list[str | None] = [None]
    hidden_depth = 0  # > 0 while inside an element a person does not see

    def flush() -> None:
        text = " ".join("".join(pending).split())
        pending.clear()
        if text:
            blocks.append(Block(text, links[-1]))

    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if hidden_depth or tag in _UNSEEN or _is_hidden(element):
                hidden_depth += 1
                continue
            if tag in _BREAKS:
                flush()
            if tag == "a":
                links.append(element.get("href"))
            if element.text:
                pending.append(element.text)
            continue
        if hidden_depth:
            hidden_depth -= 1
            if hidden_depth:
                continue
        else:
            if tag in _BREAKS:
                flush()
            if tag == "a" and len(links) > 1:
                links.pop()
        if element.tail:
            pending.append(element.tail)
    flush()
    return blocks


def _is_hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None:
        return True
    classes = element.get("class")
    if classes and not _READER_ONLY.isdisjoint(classes.split()):
        return True
    style = element.get("style")
    if not style:
        return False
    compact = "".join(style.split()).casefold()
    return any(hiding in compact for hiding in _HIDING_STYLES)
