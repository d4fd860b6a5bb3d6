"""Vectorised parsers for the contract's value kinds.

Each parser takes a Series of raw cells (already stripped, missing as <NA>/None) and
returns the parsed Series plus a Series of error reasons (None where the cell is fine).
Empty cells are unknown: they stay missing and are never an error here.
Text-like results are object Series with None for missing (never pd.NA, which breaks `if`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
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
    "%m/%Y",
)

# Spaces that exports put inside numbers and times ("1 234", "7:35\u202fAM" from macOS/ICU).
_ODD_SPACES = "\u00a0\u202f\u2009"
# Written for both regex engines pandas may use (Python's re and Arrow's RE2): ASCII digits
# only, explicit space classes, so `١٢٣` or `²` are refused the same way everywhere.
_SEP = f"[,. '{_ODD_SPACES}]"
_COUNT = (
    f"(?i)^([0-9]{{1,3}}(?:{_SEP}[0-9]{{3}})+|[0-9]+(?:\\.[0-9]+)?)"
    f"[ {_ODD_SPACES}]?([km])?[ {_ODD_SPACES}]?(\\+)?$"
)
_DOTTED_THOUSANDS = r"^[0-9]{1,3}(?:\.[0-9]{3})+$"
_SLUGLESS = r"(?i)^https?://(?:www\.)?linkedin\.com/in$"
_NOT_A_COUNT = "not a whole number >= 0"

# datetime64[ns] spans 1677..2262; anything outside is junk for a LinkedIn request anyway.
_FIRST_DAY = pd.Timestamp.min.ceil("D")
_LAST_DAY = pd.Timestamp.max.floor("D")


def _missing(values: pd.Series) -> pd.Series:
    return values.isna()


def nones(values: pd.Series) -> pd.Series:
    """An all-None object Series aligned with `values`."""
    # (pd.Series(None, dtype=object) would hold NaN, not None)
    return pd.Series(np.full(len(values), None, dtype=object), index=values.index)


def no_errors(values: pd.Series) -> pd.Series:
    """An all-None reasons Series aligned with `values`."""
    return nones(values)


def _as_text(values: pd.Series) -> pd.Series:
    return values if isinstance(values.dtype, pd.StringDtype) else values.astype("string")


def _objects(values: pd.Series) -> pd.Series:
    """An object Series with None (not pd.NA / NaN) for missing cells."""
    result = values.astype(object)
    return result.where(values.notna(), None)


def map_unique(values: pd.Series, function: Callable[[str], object]) -> pd.Series:
    """Apply a per-value Python function once per distinct value (object Series, None if missing).

    Real columns repeat a lot (countries, locations, companies), so this is the
    cheap way to run a function that has no vectorised form.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = np.empty(len(uniques) + 1, dtype=object)  # the extra last slot is the NA result
    for i, value in enumerate(uniques):
        mapped[i] = function(str(value))
    mapped[-1] = None
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def parse_text(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Text kept as is; missing becomes None."""
    return _objects(values), no_errors(values)


def parse_url(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Percent-decode and drop a trailing slash, so export URLs and enrichment URLs join."""
    text = _as_text(values)
    encoded = text.str.contains("%", regex=False).fillna(False).astype(bool)
    if encoded.any():
        text = text.copy()
        text[encoded] = map_unique(text[encoded], unquote).astype("string")
    text = text.str.strip().str.rstrip("/")
    # LinkedIn sometimes writes the URL with no slug at all: that is no URL.
    unusable = (text == "") | text.str.fullmatch(_SLUGLESS)
    return _objects(text.mask(unusable.fillna(False).astype(bool))), no_errors(values)


def parse_count(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Counts like `42`, `1,234`, `1.2K`, `500+`. Returns (value, is_lower_bound, errors)."""
    text = _as_text(values)
    index = values.index
    value = np.full(len(text), np.nan)
    plus = np.zeros(len(text), dtype=bool)
    errors = no_errors(values)
    # Fast path: most cells are plain digits and need no regex work at all.
    plain = text.str.fullmatch("[0-9]{1,15}").fillna(False).to_numpy(bool)
    value[plain] = text[plain].astype("int64").to_numpy(float)
    other = text.notna().to_numpy(bool) & ~plain
    if other.any():
        value[other], plus[other], reasons = _parse_count_forms(text[other])
        errors[other] = reasons
    return (
        pd.Series(value, index=index, dtype=float),
        pd.Series(plus, index=index, dtype=bool),
        errors,
    )


def _parse_count_forms(text: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Non-plain counts (`1,234`, `1.2K`, `500+`): values, lower-bound flags, reasons or None."""
    matched = text.str.fullmatch(_COUNT).fillna(False).to_numpy(bool)
    number_text = text.where(matched).str.replace(_COUNT, r"\1", regex=True)
    suffix_text = text.where(matched).str.replace(_COUNT, r"\2", regex=True).str.lower()
    suffix = suffix_text.fillna("").to_numpy(str)
    has_suffix = suffix != ""
    # `1.234` is a thousands separator, `1.2K` a decimal: only a suffix makes the dot decimal.
    dotted = number_text.str.fullmatch(_DOTTED_THOUSANDS).fillna(False).to_numpy(bool)
    digits = number_text.str.replace(f"[, '{_ODD_SPACES}]", "", regex=True)
    digits = digits.mask(dotted & ~has_suffix, digits.str.replace(".", "", regex=False))
    number = pd.to_numeric(digits, errors="coerce")
    number = number.astype("Float64").to_numpy(float, na_value=np.nan)
    scale = np.where(suffix == "k", 1_000.0, np.where(suffix == "m", 1_000_000.0, 1.0))
    value = np.round(number * scale)
    fractional = matched & ~has_suffix & (np.nan_to_num(number) % 1 != 0)
    bad = ~matched | fractional | np.isnan(value)
    reasons = np.full(len(text), None, dtype=object)
    reasons[bad] = _NOT_A_COUNT
    reasons[fractional] = "not a whole number"
    value[bad] = np.nan
    plus = text.str.endswith("+").fillna(False).to_numpy(bool) & ~bad
    return value, plus, reasons


def parse_bool(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """true/false, yes/no, 1/0 in any case -> 1.0/0.0; empty stays NaN."""
    lowered = _as_text(values).str.lower()
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


def within_timestamp_range(parsed: pd.Series) -> np.ndarray:
    """Which parsed (naive) timestamps datetime64[ns] can hold; the rest are junk dates."""
    return (parsed >= _FIRST_DAY).to_numpy() & (parsed <= _LAST_DAY).to_numpy()


def parse_datetime(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ISO 8601 or LinkedIn's formats -> naive UTC timestamps (datetime64[ns])."""
    text = _as_text(values).str.replace(f"[{_ODD_SPACES}]", " ", regex=True)
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    todo = text.notna().to_numpy(bool).copy()
    out_of_range = np.zeros(len(text), dtype=bool)
    for fmt in DATETIME_FORMATS:
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce", utc=True)
        parsed = parsed.dt.tz_convert(None)
        ok = parsed.notna().to_numpy()
        in_range = within_timestamp_range(parsed)
        positions = np.flatnonzero(todo)
        good = positions[ok & in_range]
        result.iloc[good] = parsed[ok & in_range].astype("datetime64[ns]").to_numpy()
        out_of_range[positions[ok & ~in_range]] = True
        todo[positions[ok]] = False
    errors = no_errors(values)
    errors[todo] = "not a date (use ISO 8601 or M/D/YY, h:mm AM)"
    errors[out_of_range] = "date out of range"
    return result, errors


def _split_list(cell: str) -> tuple[str, ...] | None:
    items = tuple(part.strip() for part in cell.split(";") if part.strip())
    return items or None


def parse_list(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """`;`-separated names -> tuple of trimmed names; empty stays missing (None)."""
    return map_unique(values, _split_list), no_errors(values)


def parse_country(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ISO alpha-2/alpha-3 codes or country names -> ISO alpha-2; unknown text is an error."""
    codes = map_unique(values, to_iso2)
    errors = no_errors(values)
    errors[~_missing(values) & codes.isna()] = (
        "unknown country (use ISO alpha-2 or the country's name)"
    )
    return codes, errors


def countries_from_locations(locations: pd.Series) -> pd.Series:
    """Country codes guessed from LinkedIn location strings (None where no guess)."""
    return map_unique(locations, country_from_location)


def parse_decision(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """`accept` / `ignore` and their aliases (accepted, rejected, declined, yes/no, 1/0...)."""
    lowered = _as_text(values).str.lower()
    result = nones(values)  # unlabelled until a word says otherwise
    result[lowered.isin(ACCEPT_WORDS).fillna(False).astype(bool)] = "accept"
    result[lowered.isin(IGNORE_WORDS).fillna(False).astype(bool)] = "ignore"
    errors = no_errors(values)
    errors[~_missing(values) & result.isna()] = "not a decision (accept or ignore)"
    return result, errors


def stable_request_id(name: str, received_at: object) -> str:
    """An id that is the same every time for the same person and arrival time."""
    digest = hashlib.sha256(f"{name}\x1f{received_at}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"h-{digest[:16]}"
