"""Relative times on the invitations page (`2 days ago`, `hace 1 semana`, `ieri`) as durations.

A page says how long ago an invitation came, to the nearest unit it chooses. We read the
amount and the unit and give back both: how long ago (amount x unit) and how approximate
that is (one unit): `2 weeks ago` is 14 days ago, give or take a week. Months are 30 days and
years 365, the same rounding LinkedIn's own labels make.

Plain token matching, no regular expressions: the line may be a stranger's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from linkedin_triage.sources.invitations_page.localised_words import fold

_MINUTE = timedelta(minutes=1)
_HOUR = timedelta(hours=1)
_DAY = timedelta(days=1)
_WEEK = timedelta(weeks=1)
_MONTH = timedelta(days=30)
_YEAR = timedelta(days=365)

# Every spelling of every unit (singular and plural, six languages) -> its length.
_UNITS: dict[str, timedelta] = {
    **dict.fromkeys(
        ["minute", "minutes", "min", "mins", "minuto", "minutos", "minuti", "minuten"], _MINUTE
    ),
    **dict.fromkeys(
        ["hour", "hours", "hora", "horas", "heure", "heures", "stunde", "stunden", "ora", "ore"],
        _HOUR,
    ),
    **dict.fromkeys(
        [
            "day",
            "days",
            "día",
            "días",
            "jour",
            "jours",
            "tag",
            "tage",
            "tagen",
            "giorno",
            "giorni",
            "dia",
            "dias",
        ],
        _DAY,
    ),
    **dict.fromkeys(
        [
            "week",
            "weeks",
            "semana",
            "semanas",
            "semaine",
            "semaines",
            "woche",
            "wochen",
            "settimana",
            "settimane",
        ],
        _WEEK,
    ),
    **dict.fromkeys(
        [
            "month",
            "months",
            "mes",
            "meses",
            "mois",
            "monat",
            "monate",
            "monaten",
            "mese",
            "mesi",
            "mês",
        ],
        _MONTH,
    ),
    **dict.fromkeys(
        [
            "year",
            "years",
            "año",
            "años",
            "an",
            "ans",
            "année",
            "années",
            "jahr",
            "jahre",
            "jahren",
            "anno",
            "anni",
            "ano",
            "anos",
        ],
        _YEAR,
    ),
}
# LinkedIn's compact labels: `2d`, `1w`, `3mo`, `1yr`, `5h`, `10m`.
_COMPACT = {"m": _MINUTE, "h": _HOUR, "d": _DAY, "w": _WEEK, "mo": _MONTH, "y": _YEAR, "yr": _YEAR}
# "a week ago", "hace una semana", "vor einer Woche", "un mese fa", "há um mês".
_ONE = frozenset({"a", "an", "one", "un", "una", "une", "uno", "ein", "eine", "einer", "einem"})
_ONE |= frozenset({"einen", "um", "uma"})
# Words that introduce (before) or close (after) the amount and unit.
_BEFORE = (("hace",), ("il", "y", "a"), ("vor",), ("há",), ("ha",))
_AFTER = (("ago",), ("fa",), ("atrás",))
# Whole lines with a fixed meaning: (how long ago, give or take).
_FIXED: dict[str, tuple[timedelta, timedelta]] = {
    **dict.fromkeys(
        (
            "just now",
            "now",
            "justo ahora",
            "ahora",
            "à l'instant",
            "gerade eben",
            "adesso",
            "proprio ora",
            "agora",
            "agora mesmo",
        ),
        (timedelta(0), _HOUR),
    ),
    **dict.fromkeys(["today", "hoy", "aujourd'hui", "heute", "oggi", "hoje"], (timedelta(0), _DAY)),
    **dict.fromkeys(["yesterday", "ayer", "hier", "gestern", "ieri", "ontem"], (_DAY, _DAY)),
}


@dataclass(frozen=True)
class RelativeTime:
    """How long before the page was seen an invitation came, and how approximate that is."""

    ago: timedelta
    within: timedelta


def parse_relative_time(line: str) -> RelativeTime | None:
    """`2 days ago` -> 2 days ago give or take a day; None when the line is not a time."""
    folded = fold(line)
    if folded in _FIXED:
        ago, within = _FIXED[folded]
        return RelativeTime(ago, within)
    tokens = folded.split()
    if len(tokens) == 1:
        return _compact(tokens[0])
    for words in _BEFORE:
        if tuple(tokens[: len(words)]) == words:
            return _amount_and_unit(tokens[len(words) :])
    for words in _AFTER:
        if tuple(tokens[-len(words) :]) == words:
            return _amount_and_unit(tokens[: -len(words)])
    return None


def _amount_and_unit(tokens: list[str]) -> RelativeTime | None:
    if len(tokens) != 2 or tokens[1] not in _UNITS:
        return None
    amount = 1 if tokens[0] in _ONE else _whole_number(tokens[0])
    if amount is None:
        return None
    unit = _UNITS[tokens[1]]
    return RelativeTime(unit * amount, unit)


def _compact(token: str) -> RelativeTime | None:
    digits = len(token) - len(token.lstrip("0123456789"))
    amount = _whole_number(token[:digits])
    unit = _COMPACT.get(token[digits:])
    if amount is None or unit is None:
        return None
    return RelativeTime(unit * amount, unit)


def _whole_number(token: str) -> int | None:
    # A page never says more than a few hundred of a unit; a longer number is not a time
    # (and would overflow a timedelta).
    return int(token) if token.isascii() and token.isdigit() and len(token) <= 4 else None
