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
from linkedin_triage.sources.date_cells import read_date_cells
from linkedin_triage.sources.date_order import DateOrder, DateOrders

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "t"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "f"})
ACCEPT_WORDS = frozenset({"accept", "accepted", "yes", "true", "1", "y", "connected"})
IGNORE_WORDS = frozenset(
    {"ignore", "ignored", "reject", "rejected", "decline", "declined", "no", "false", "0", "n"}
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


def parse_datetime(
    values: pd.Series,
    order: DateOrder = DateOrder.DETECT,
    source: str = "dates",
    column: str = "dates",
) -> tuple[pd.Series, pd.Series]:
    """ISO 8601, LinkedIn's and spreadsheets' forms -> naive UTC timestamps (datetime64[ns]).

    `values` are a whole column: with DETECT, day-first or month-first is decided from them
    (sources/date_order.py), and a column that mixes both or cannot tell raises TriageError
    naming `source` and `column`. Chunked readers decide across chunks instead (requests_reader).
    """
    cells = read_date_cells(values)
    return cells.resolve(DateOrders(source, order).order_for(column, cells.evidence()))


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
