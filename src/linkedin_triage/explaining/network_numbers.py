"""The numbers of the network report, each with the sentence saying how it was computed.

Nested as in the report's JSON file (`incoming.accept_rate` is `NetworkNumbers.incoming
.accept_rate`); `flatten` gives the dotted keys. Computed in network_report.py and
network_mix.py.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Number:
    """One number of the report (None when it cannot be computed) and how it was computed."""

    value: Any
    how: str


@dataclass(frozen=True)
class IncomingNumbers:
    """Invitations the user received."""

    received: Number
    accepted: Number
    not_accepted_older_than_grace: Number
    pending: Number
    accept_rate: Number


@dataclass(frozen=True)
class OutgoingNumbers:
    """Invitations the user sent."""

    sent: Number
    with_note: Number
    accepted: Number
    younger_than_grace: Number
    accept_rate_with_note: Number
    accept_rate_without_note: Number
    pending_older_than_grace: Number


@dataclass(frozen=True)
class MixNumbers:
    """Named connections by the policy's companies, competitors and titles."""

    connections_with_company: Number
    connections_with_position: Number
    own_companies: Number
    by_own_company: Number
    competitors: Number
    by_competitor: Number
    interest_titles: Number
    industries: Number
    markets: Number


@dataclass(frozen=True)
class NetworkNumbers:
    """Every number of the report."""

    connections: Number
    hidden_connections: Number
    critical_mass: Number
    critical_mass_reached: Number
    incoming: IncomingNumbers
    outgoing: OutgoingNumbers
    invite_candidates: Number
    mix: MixNumbers


def flatten(numbers: object, prefix: str = "") -> tuple[dict[str, Any], dict[str, str]]:
    """Values and how-sentences by dotted key (`outgoing.sent`), in declaration order."""
    values: dict[str, Any] = {}
    how: dict[str, str] = {}
    for item in dataclasses.fields(numbers):  # type: ignore[arg-type]
        value = getattr(numbers, item.name)
        key = f"{prefix}{item.name}"
        if isinstance(value, Number):
            values[key], how[key] = value.value, value.how
        else:
            more_values, more_how = flatten(value, f"{key}.")
            values.update(more_values)
            how.update(more_how)
    return values, how


def nest(values: dict[str, Any]) -> dict[str, Any]:
    """Dotted keys as nested objects: `{"incoming.received": 8}` -> `{"incoming": {"received": 8}}`."""
    document: dict[str, Any] = {}
    for dotted, value in values.items():
        *parents, last = dotted.split(".")
        place = document
        for part in parents:
            place = place.setdefault(part, {})
        place[last] = value
    return document
