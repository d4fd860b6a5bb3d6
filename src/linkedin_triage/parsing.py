"""Vectorised parsers for the contract's value kinds.

Each parser takes a Series of raw cells (already stripped, missing as <NA>/None) and
returns the parsed Series plus a Series of error reasons (None where the cell is fine).
Empty cells are unknown: they stay missing and are never an error here.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import unquote

import numpy as np
import pandas as pd

from linkedin_triage.countries import country_from_location, to_iso2

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "t"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "f"})
ACCEPT_WORDS = frozenset({"accept", "accepted", "yes", "true", "1", "y", "connected"})
IGNORE_WORDS = frozenset(
    {"ignore", "ignored", "reject", "rejected", "decline", "declined", "no", "false", "0", "n"}
)

# ISO 8601 first, then LinkedIn's own "6/27/26, 7:35 AM" and the forms exports gain in Excel.
DATETIME_FORMATS = (
    "ISO8601",
    "%m/%d/%y, %I:%M %p",
    "%m/%d/%Y, %I:%M %p",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%Y %H:%M",
    "%m/%d/%y",
    "%m/%d/%Y",
    "%d %b %Y",
    "%d-%b-%y",
    "%b %Y",
    "%B %Y",
    "%Y-%m",
)

_COUNT = re.compile(r"^(\d{1,3}(?:[,\s.']\d{3})+|\d+(?:\.\d+)?)\s*([km])?(\+)?$", re.IGNORECASE)
_SLUGLESS = re.compile(r"^https?://(www\.)?linkedin\.com/in/?$", re.IGNORECASE)


def _missing(values: pd.Series) -> pd.Series:
    return values.isna()


def no_errors(values: pd.Series) -> pd.Series:
    return pd.Series(None, index=values.index, dtype=object)


def parse_text(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    return values.astype(object), no_errors(values)


def parse_url(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Percent-decode and drop a trailing slash, so export URLs and enrichment URLs join."""

    def clean(url: object) -> object:
        if url is None or url is pd.NA or (isinstance(url, float) and np.isnan(url)):
            return None
        text = unquote(str(url)).strip().rstrip("/")
        if not text or _SLUGLESS.match(text + "/"):
            return None  # LinkedIn sometimes writes the URL with no slug at all
        return text

    return values.map(clean).astype(object), no_errors(values)


def parse_count(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Counts like `42`, `1,234`, `1.2K`, `500+`. Returns (value, is_lower_bound, errors)."""
    text = values.astype("string")
    parts = text.str.extract(_COUNT)
    present = ~_missing(values)
    matched = parts[0].notna()
    number = pd.to_numeric(parts[0].str.replace(r"[,\s']", "", regex=True), errors="coerce")
    # `1.234` is a thousands separator, `1.2K` a decimal: only a suffix makes the dot decimal.
    dotted_thousands = parts[0].str.fullmatch(r"\d{1,3}(?:\.\d{3})+", na=False) & parts[1].isna()
    number = number.where(~dotted_thousands, pd.to_numeric(parts[0].str.replace(".", "", regex=False), errors="coerce"))
    scale = parts[1].str.lower().map({"k": 1_000, "m": 1_000_000}).fillna(1).astype(float)
    value = (number.astype(float) * scale).round()
    fractional = matched & parts[1].isna() & (number.astype(float) % 1 != 0)
    errors = no_errors(values)
    errors[present & ~matched] = "not a whole number >= 0"
    errors[fractional] = "not a whole number"
    value[present & (~matched | fractional)] = np.nan
    lower_bound = parts[2].notna() & matched
    return value.astype(float), lower_bound.astype(bool), errors


def parse_bool(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """true/false, yes/no, 1/0 in any case -> 1.0/0.0; empty stays NaN."""
    lowered = values.astype("string").str.lower()
    result = pd.Series(np.nan, index=values.index, dtype=float)
    result[lowered.isin(TRUE_WORDS).fillna(False).astype(bool)] = 1.0
    result[lowered.isin(FALSE_WORDS).fillna(False).astype(bool)] = 0.0
    errors = no_errors(values)
    errors[~_missing(values) & result.isna()] = "not a boolean (true/false, yes/no, 1/0)"
    return result, errors


def parse_photo_url(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A profile-image URL column: a URL means a photo; empty stays unknown (scrapers differ)."""
    result = pd.Series(np.nan, index=values.index, dtype=float)
    result[~_missing(values)] = 1.0
    return result, no_errors(values)


def parse_datetime(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ISO 8601 or LinkedIn's formats -> naive UTC timestamps."""
    text = values.astype("string")
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    todo = text.notna()
    for fmt in DATETIME_FORMATS:
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce", utc=True)
        ok = parsed.notna()
        if ok.any():
            hit = ok[ok].index
            result.loc[hit] = parsed[ok].dt.tz_convert(None).astype("datetime64[ns]")
            todo.loc[hit] = False
    errors = no_errors(values)
    errors[todo] = "not a date (use ISO 8601 or M/D/YY, h:mm AM)"
    return result, errors


def parse_list(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """`;`-separated names -> tuple of trimmed names; empty stays missing."""

    def split(cell: object) -> object:
        if cell is None or cell is pd.NA or (isinstance(cell, float) and np.isnan(cell)):
            return None
        items = tuple(p.strip() for p in str(cell).split(";") if p.strip())
        return items or None

    return values.map(split).astype(object), no_errors(values)


def parse_country(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    codes = values.map(lambda v: None if pd.isna(v) else to_iso2(str(v))).astype(object)
    errors = no_errors(values)
    errors[~_missing(values) & codes.isna()] = "unknown country (use ISO alpha-2 or an English name)"
    return codes, errors


def countries_from_locations(locations: pd.Series) -> pd.Series:
    return locations.map(lambda v: None if pd.isna(v) else country_from_location(str(v))).astype(object)


def parse_decision(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    lowered = values.astype("string").str.lower()
    result = pd.Series(None, index=values.index, dtype=object)
    result[lowered.isin(ACCEPT_WORDS).fillna(False).astype(bool)] = "accept"
    result[lowered.isin(IGNORE_WORDS).fillna(False).astype(bool)] = "ignore"
    errors = no_errors(values)
    errors[~_missing(values) & result.isna()] = "not a decision (accept or ignore)"
    return result, errors


def stable_request_id(name: str, received_at: object) -> str:
    """An id that is the same every time for the same person and arrival time."""
    digest = hashlib.sha256(f"{name}\x1f{received_at}".encode()).hexdigest()
    return f"h-{digest[:16]}"
