"""Date cells in every accepted form, read both ways where day and month could swap.

One parse gives what the convention rule of sources/date_order.py needs and the values
themselves: for each cell, its one reading when it has only one (ISO 8601, month names,
month precision), else its day-first and its month-first reading (`04/12/2026`). Which of
the two counts is decided per column, never per cell (`DateCells.evidence` / `resolve`).

Numeric dates may be separated by `/`, `.` or `-` (`27.06.2026` is how a German spreadsheet
re-saves `27/06/2026`). Cells are stranger text: every pattern here runs in RE2 through
pyarrow, linear in the length of the text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from linkedin_triage.sources.date_order import (
    KEPT_WITNESSES,
    DateEvidence,
    DateOrder,
    Witness,
)

# Forms with a single reading: ISO 8601 first (the contract's), then what exports and
# spreadsheets write with month names, then month precision (`joined_on`: `Mar 2019`, `03/2019`).
SINGLE_READING_FORMATS = (
    "ISO8601",
    "%Y-%m-%d %H:%M:%S UTC",  # messages.csv
    "%d %b %Y",  # Connected On since 2020
    "%d %B %Y",
    "%d-%b-%y",  # Excel re-saves
    "%d-%b-%Y",
    "%b %Y",
    "%B %Y",
    "%Y-%m",
    "%m/%Y",
)
_TIMES = ("%I:%M %p", "%I:%M:%S %p", "%H:%M", "%H:%M:%S")


def day_month_formats(order: DateOrder) -> tuple[str, ...]:
    """Numeric forms read one way, LinkedIn's `%m/%d/%y, %I:%M %p` (or its mirror) first.

    Also what spreadsheets write on re-save: a four-digit year, a 24-hour clock, seconds, no
    comma (`27/06/2026 07:35`, `06/27/2026 7:35:00 AM`), or no time at all.
    """
    day_month = "%d/%m" if order is DateOrder.DAY_FIRST else "%m/%d"
    forms: list[str] = []
    for year in ("%y", "%Y"):
        for joiner in (", ", " "):
            forms += [f"{day_month}/{year}{joiner}{time}" for time in _TIMES]
        forms.append(f"{day_month}/{year}")
    return tuple(forms)


NOT_A_DATE = "not a date (use ISO 8601, e.g. 2026-06-27, or LinkedIn's M/D/YY, h:mm AM)"
OUT_OF_RANGE = "date out of range"

_ODD_SPACES = "\u00a0\u202f\u2009"  # exports put these inside times ("7:35\u202fAM", macOS/ICU)
_DAY_MONTH_SHAPE = r"^[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-][0-9]{2,4}"
_OTHER_SEPARATORS = r"^([0-9]{1,2})[.\-]([0-9]{1,2})[.\-]"
_LINKEDIN_FORM = r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{2}, [0-9]{1,2}:[0-9]{2} [AP]M$"

# datetime64[ns] spans 1677..2262; anything outside is junk for a LinkedIn request anyway.
_FIRST_DAY = pd.Timestamp.min.ceil("D")
_LAST_DAY = pd.Timestamp.max.floor("D")
_NAT = np.datetime64("NaT", "ns")


def within_timestamp_range(parsed: pd.Series) -> np.ndarray:
    """Which parsed (naive) timestamps datetime64[ns] can hold; the rest are junk dates."""
    return (parsed >= _FIRST_DAY).to_numpy() & (parsed <= _LAST_DAY).to_numpy()


@dataclass
class DateCells:
    """One column's date cells, parsed every way they can be (see the module docstring)."""

    text: pd.Series  # trimmed text, spaces made plain; <NA> where missing
    single: np.ndarray  # datetime64[ns]: the one reading of ISO 8601 and month-name forms
    day_first: np.ndarray  # datetime64[ns]: numeric forms read day-first
    month_first: np.ndarray
    linkedin_form: np.ndarray  # bool: LinkedIn's own `M/D/YY, h:mm AM`, month-first
    out_of_range: dict[str, np.ndarray]  # "single" / "day-first" / "month-first" -> bool

    def evidence(self) -> DateEvidence:
        """What these cells say about the convention: the rows readable one way only."""
        day, month = ~np.isnat(self.day_first), ~np.isnat(self.month_first)
        by_form = self.linkedin_form & month
        day_only = day & ~month
        month_only = (month & ~day) | by_form
        two_way = day & month & (self.day_first != self.month_first) & ~by_form
        return DateEvidence(
            day_first=self._witnesses(day_only),
            month_first=self._witnesses(month_only),
            two_way=self._witnesses(two_way),
            n_day_first=int(day_only.sum()),
            n_month_first=int(month_only.sum()),
            n_two_way=int(two_way.sum()),
        )

    def resolve(self, order: DateOrder | None) -> tuple[pd.Series, pd.Series]:
        """The values read in one convention, and a reason for each unreadable cell.

        `order` None reads only what is the same either way; a column that needs more
        has been decided before (DateOrders.order_for).
        """
        if order is DateOrder.DAY_FIRST or order is DateOrder.MONTH_FIRST:
            numeric, other = self._reading(order), self._reading(order.other)
            numeric_out_of_range = self.out_of_range[order.value]
        else:
            same = self.day_first == self.month_first
            numeric, other = np.where(same, self.day_first, _NAT), np.full(len(same), _NAT)
            numeric_out_of_range = self.out_of_range["day-first"] & self.out_of_range["month-first"]
        values = np.where(np.isnat(self.single), numeric, self.single)
        unread = self.text.notna().to_numpy(bool) & np.isnat(values)  # blank text included
        reasons = np.full(len(values), None, dtype=object)
        reasons[unread] = NOT_A_DATE
        if order is not None and order is not DateOrder.DETECT:
            other_way = unread & ~np.isnat(other)
            reasons[other_way] = (
                f"not a date read {order.value} ({order.shape}); only {order.other.value} reads it"
            )
        reasons[unread & (self.out_of_range["single"] | numeric_out_of_range)] = OUT_OF_RANGE
        index = self.text.index
        return (
            pd.Series(values, index=index, dtype="datetime64[ns]"),
            pd.Series(reasons, index=index, dtype=object),
        )

    def _reading(self, order: DateOrder) -> np.ndarray:
        return self.day_first if order is DateOrder.DAY_FIRST else self.month_first

    def _witnesses(self, mask: np.ndarray) -> list[Witness]:
        found = []
        for position in np.flatnonzero(mask)[:KEPT_WITNESSES]:
            day, month = self.day_first[position], self.month_first[position]
            found.append(
                Witness(
                    row=int(self.text.index[position]),
                    value=str(self.text.iloc[position]),
                    day_first=None if np.isnat(day) else pd.Timestamp(day),
                    month_first=None if np.isnat(month) else pd.Timestamp(month),
                    linkedin_form=bool(self.linkedin_form[position]),
                )
            )
        return found


def read_date_cells(values: pd.Series) -> DateCells:
    """Parse a column of date cells every way it can be read.

    Missing cells (None, NaN, <NA>) stay NaT with no reason; blank text is a cell that is no
    date (readers turn blank cells into missing ones before they get here).
    """
    text = _plain_text(values)
    array = pa.array(text.array)
    present = text.notna().to_numpy(bool)
    numeric = _matches(array, _DAY_MONTH_SHAPE)
    slashed = pd.Series(
        pd.arrays.ArrowStringArray(
            pc.replace_substring_regex(array, _OTHER_SEPARATORS, r"\1/\2/", max_replacements=1)
        ),
        index=text.index,
    )
    single, single_out = _read(text, SINGLE_READING_FORMATS, present & ~numeric)
    day, day_out = _read(slashed, day_month_formats(DateOrder.DAY_FIRST), numeric)
    month, month_out = _read(slashed, day_month_formats(DateOrder.MONTH_FIRST), numeric)
    return DateCells(
        text=text,
        single=single,
        day_first=day,
        month_first=month,
        linkedin_form=_matches(array, _LINKEDIN_FORM),
        out_of_range={"single": single_out, "day-first": day_out, "month-first": month_out},
    )


def _plain_text(values: pd.Series) -> pd.Series:
    """Cells as Arrow strings: runs of spaces (odd ones included) made one, and trimmed."""
    if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"):
        values = values.astype("string[pyarrow]")
    array = pa.array(values.array)
    array = pc.utf8_trim_whitespace(pc.replace_substring_regex(array, f"[\\s{_ODD_SPACES}]+", " "))
    return pd.Series(pd.arrays.ArrowStringArray(array), index=values.index)


def _matches(array: pa.Array, pattern: str) -> np.ndarray:
    hits = pc.match_substring_regex(array, pattern)
    return pc.fill_null(hits, False).to_numpy(zero_copy_only=False).astype(bool)


def _read(
    text: pd.Series, formats: tuple[str, ...], todo: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each cell in `todo` read with the first of `formats` that fits, and which fit out of range."""
    result = np.full(len(text), _NAT)
    out_of_range = np.zeros(len(text), dtype=bool)
    todo = todo.copy()
    for fmt in formats:
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce", utc=True)
        parsed = parsed.dt.tz_convert(None)
        fits = parsed.notna().to_numpy()
        in_range = within_timestamp_range(parsed)
        positions = np.flatnonzero(todo)
        result[positions[fits & in_range]] = parsed[fits & in_range].to_numpy("datetime64[ns]")
        out_of_range[positions[fits & ~in_range]] = True
        todo[positions[fits]] = False
    return result, out_of_range
