"""The HTML part of an invitation email -> cards (one per Accept link).

The HTML part is read as the lines a person sees (`html_blocks`), each with its link. For
each invitation (the id of its Accept button's link) the inviter's name is the last line
before the button that links to a profile; the lines between the name and the button are
the headline, then the location (which only the HTML part shows), and a mutual-connections
line where there is one. The lines before the name, when the email holds one invitation,
are LinkedIn's greeting and default line, or the inviter's note.

The recipient's own name sits in the header with a link to their profile; it comes before
the greeting, so the search backwards from the button never reaches it first.
"""

from __future__ import annotations

from lxml import etree

from linkedin_triage.sources.invitation_emails.email_phrases import note_from_opening
from linkedin_triage.sources.invitation_emails.invitation_card import Card
from linkedin_triage.sources.invitation_emails.links import Link, make_link
from linkedin_triage.sources.invitations_page.html_blocks import Block, html_blocks, parse_html
from linkedin_triage.sources.invitations_page.localised_words import (
    fold,
    is_block_chrome,
    mutual_count,
)

# A location is a short place name ("Milan, Lombardy, Italy"); a longer line, or one that
# ends a sentence, is something else (a note) and is not taken for one.
_LOCATION_LIMIT = 100
_SENTENCE_ENDS = (".", "!", "?", "…")
# Characters kept after the last invitation link: the rest of its button (the link's other
# parameters, the label, the closing tags), generously.
_AFTER_LAST_LINK = 4000


def html_cards(
    markup: str | None, inviter: str | None, subject: str = "", want_note: bool = True
) -> list[Card]:
    """Cards of an HTML part; `inviter` is the From header's person, when there is one.

    With `want_note` False (the text part already said whether there is a note) only the
    part of the document around each invitation is read, which is most of the time saved.
    """
    if not markup:
        return []
    root = parse_html(_up_to_the_last_invitation(markup))
    if root is None:
        return []
    anchors = [
        (a, make_link("".join(a.itertext()), href))
        for a in root.iter("a")
        if (href := a.get("href"))
    ]
    order = list(dict.fromkeys(i for _, link in anchors if (i := link.invitation_id)))
    single = len(order) == 1
    cards: list[Card] = []
    for invitation in order:
        button = next(a for a, link in anchors if link.invitation_id == invitation)
        region = root if want_note and single else _around(button, anchors, inviter)
        blocks = html_blocks(region)
        links = [make_link(b.text, b.href) if b.href else None for b in blocks]
        ids = [link.invitation_id if link else None for link in links]
        end = ids.index(invitation) if invitation in ids else len(blocks)
        start = max((i + 1 for i, found in enumerate(ids[:end]) if found), default=0)
        card = _card(blocks[start:end], links[start:end], invitation, inviter, subject)
        cards.append(card if want_note and single else _without_note(card))
    return cards


def _up_to_the_last_invitation(markup: str) -> str:
    """The markup up to a little after its last invitation link.

    Everything a card shows (name, headline, location, buttons) comes before or at its
    buttons; what follows the last one is the footer, often a third of the email. Not
    parsing it is the cheapest speed-up there is; lxml closes the elements left open.
    """
    last = markup.rfind("invitationId=")
    if last < 0:
        return markup
    return markup[: last + _AFTER_LAST_LINK]


def _around(
    button: etree._Element, anchors: list[tuple[etree._Element, Link]], inviter: str | None
) -> etree._Element:
    """The smallest element holding both the invitation's Accept button and, before it, the
    link on the inviter's name: the invitation's card in the email's layout."""
    before = []
    for anchor, link in anchors:
        if anchor is button:
            break
        if link.is_profile and link.label.strip() and not _is_button(Block(link.label.strip())):
            before.append((anchor, link))
    if not before:
        return button.getroottree().getroot()
    wanted = fold(inviter) if inviter else None
    named = [a for a, link in before if wanted and fold(link.label) == wanted]
    name = named[-1] if named else before[-1][0]
    ancestors = set(name.iterancestors())
    for ancestor in button.iterancestors():
        if ancestor in ancestors:
            return ancestor
    return button.getroottree().getroot()


def _card(
    blocks: list[Block],
    links: list[Link | None],
    invitation: str,
    inviter: str | None,
    subject: str,
) -> Card:
    name_at = _name_at(blocks, links, inviter)
    if name_at is None:
        return Card(invitation)
    headline: str | None = None
    location: str | None = None
    mutuals: int | None = None
    for block in blocks[name_at + 1 :]:
        if block.href or is_block_chrome(block.text):
            continue
        count = mutual_count(block.text)
        if count is not None:
            mutuals = count if mutuals is None else mutuals
        elif headline is None:
            headline = block.text
        elif location is None and _looks_like_place(block.text):
            location = block.text
    opening = [b.text for b in blocks[:name_at] if not b.href]
    name_link = links[name_at]
    return Card(
        invitation,
        name=blocks[name_at].text,
        headline=headline,
        location=location,
        note=note_from_opening(opening, inviter, subject),
        mutual_connections=mutuals,
        profile_link=name_link.url if name_link else None,
    )


def _name_at(blocks: list[Block], links: list[Link | None], inviter: str | None) -> int | None:
    """The inviter's name: the line equal to the From name, else the last profile link."""
    profile_lines = [
        i
        for i, link in enumerate(links)
        if link is not None and link.is_profile and blocks[i].text and not _is_button(blocks[i])
    ]
    if inviter:
        wanted = fold(inviter)
        named = [i for i in profile_lines if fold(blocks[i].text) == wanted]
        if named:
            return named[-1]
    return profile_lines[-1] if profile_lines else None


def _is_button(block: Block) -> bool:
    folded = fold(block.text)
    return is_block_chrome(block.text) or folded.startswith(("view ", "ver ", "voir ", "visualiz"))


def _looks_like_place(text: str) -> bool:
    return len(text) <= _LOCATION_LIMIT and not text.endswith(_SENTENCE_ENDS) and "://" not in text


def _without_note(card: Card) -> Card:
    # A digest's lines before a name are its own headings, never a note.
    return Card(
        card.invitation_id,
        card.name,
        card.headline,
        card.location,
        None,
        card.mutual_connections,
        card.profile_link,
    )
