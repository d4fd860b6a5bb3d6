"""One invitation as an email shows it (a card), and how the text and HTML views combine.

LinkedIn sends each email twice over: a text part and an HTML part. Each reader makes cards
keyed by the invitation id of their Accept link; the two views of the same invitation are
merged field by field (the text part first, the HTML part filling what it lacks: the
location, typically).
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Card:
    """What one email shows of one invitation; a field the email does not show is None."""

    invitation_id: str
    name: str | None = None
    headline: str | None = None
    location: str | None = None
    note: str | None = None
    mutual_connections: int | None = None
    profile_link: str | None = None


def merge_cards(first: list[Card], second: list[Card]) -> list[Card]:
    """Cards of both views, one per invitation id, in the order the first view shows them."""
    merged: dict[str, Card] = {card.invitation_id: card for card in first}
    for card in second:
        known = merged.get(card.invitation_id)
        merged[card.invitation_id] = card if known is None else _fill(known, card)
    return list(merged.values())


def _fill(card: Card, other: Card) -> Card:
    return replace(
        card,
        name=card.name or other.name,
        headline=card.headline or other.headline,
        location=card.location or other.location,
        note=card.note or other.note,
        mutual_connections=(
            card.mutual_connections
            if card.mutual_connections is not None
            else other.mutual_connections
        ),
        profile_link=card.profile_link or other.profile_link,
    )
