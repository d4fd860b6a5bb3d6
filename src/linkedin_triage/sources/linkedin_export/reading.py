"""Reading one export CSV: bytes to text, header row by content, cells; dates, URLs, names."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from urllib.parse import unquote

import numpy as np
import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.sources import contract
from linkedin_triage.sources.date_cells import read_date_cells
from linkedin_triage.sources.date_order import DateOrder, DateOrders
from linkedin_triage.sources.linkedin_export.discovery import ExportFile

# Headers (compacted) that identify each file's header row; other columns are optional.
REQUIRED_HEADERS = {
    "invitations": ("from", "to", "sentat", "direction"),
    "connections": ("firstname", "lastname", "connectedon"),
    "profile": ("firstname", "lastname"),
    "positions": ("companyname",),
    "education": ("schoolname",),
    "messages": ("from", "to", "date"),
}
HEADER_SEARCH_ROWS = 40


# -- reading one CSV -----------------------------------------------------------------------------
def decode_export_bytes(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-16 (BOM), UTF-8 (BOM or not), else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if data[1:2000:2].count(0) > len(data[1:2000:2]) // 2:
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"  # BOM lost on the way
    # Excel on Windows re-saves Western European text as Windows-1252.
    return data.decode("cp1252", errors="replace"), "cp1252"


def find_header_row(records: Sequence[Sequence[str]], required: Iterable[str]) -> int | None:
    """Index of the first record holding every required header (compared compacted), else None."""
    wanted = {contract.compact(r) for r in required}
    for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        if wanted <= {contract.compact(cell) for cell in record}:
            return index
    return None


def _records(text: str, delimiter: str, limit: int | None = None) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    if limit is None:
        return list(reader)
    out = []
    for record in reader:
        out.append(record)
        if len(out) >= limit:
            break
    return out


def read_export_csv(file: ExportFile, required: Sequence[str]) -> tuple[pd.DataFrame, list[str]]:
    """One export CSV as text cells under compacted headers, found by content.

    Returns the frame (index = 1-based data row, column `_extra` holds surplus fields
    of rows wider than the header) and notices. Raises TriageError when no header matches.
    """
    text, encoding = decode_export_bytes(file.data)
    notices = [f"{file.label}: not UTF-8; decoded as Windows-1252"] if encoding == "cp1252" else []
    for delimiter in (",", ";", "\t"):  # Excel in some locales re-saves with `;`
        try:
            head = _records(text, delimiter, HEADER_SEARCH_ROWS)
        except csv.Error:
            continue
        start = find_header_row(head, required)
        if start is not None:
            break
    else:
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        raise TriageError(
            f"{file.label}: no header row with the columns {', '.join(required)} "
            f"(first line: {first[:120]!r}); is this LinkedIn's {file.key} file?"
        )
    try:
        records = _records(text, delimiter)
    except csv.Error as error:
        raise TriageError(f"{file.label}: broken CSV ({error})") from None
    header = [contract.compact(h) for h in records[start]]
    return _cells_frame(header, records[start + 1 :]), notices


def read_optional_csv(
    file: ExportFile, required: Sequence[str], context: str
) -> tuple[pd.DataFrame | None, list[str]]:
    """`read_export_csv` for a file the import can do without: None and a notice when unreadable."""
    try:
        return read_export_csv(file, required)
    except TriageError as error:
        return None, [f"{context}: {error}"]


def column_or_empty(cells: pd.DataFrame, column: str) -> pd.Series:
    """An optional column of export cells; empty text where the file has no such column."""
    return cells.get(column, pd.Series("", index=cells.index))


def _cells_frame(header: list[str], records: list[list[str]]) -> pd.DataFrame:
    width = len(header)
    rows, extras = [], []
    for record in records:
        cells = [c.strip() for c in record]
        if not any(cells):
            continue  # blank lines carry nothing
        surplus = [c for c in cells[width:] if c]  # Excel sometimes adds empty trailing fields
        rows.append((cells + [""] * width)[:width])
        extras.append(",".join(surplus))
    unique = list(dict.fromkeys(header))  # a repeated header: the first one wins
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame = frame.loc[:, ~frame.columns.duplicated()].reindex(columns=unique)
    frame["_extra"] = extras
    frame.index = range(1, len(frame) + 1)
    return frame


# -- values --------------------------------------------------------------------------------------
def export_dates(values: pd.Series, dates: DateOrders, column: str) -> tuple[pd.Series, pd.Series]:
    """A whole export column of dates -> naive timestamps (NaT where unreadable or empty).

    Every form exports have shown (LinkedIn's `6/27/26, 7:35 AM`, `09 Sep 2022`,
    `2024-12-16 18:24:37 UTC`, and what spreadsheets re-save: `9-Sep-22`, `27/06/2026 07:35`).
    Day-first or month-first is decided from the whole column by `dates` (one per file),
    which raises TriageError on a column that mixes both or cannot tell. Returns the values
    and, per cell, why it could not be read (None where it could, or where it is empty).
    """
    text = values.astype("string").str.strip()
    cells = read_date_cells(text.mask(text == ""))  # export cells are "" where empty
    return cells.resolve(dates.order_for(column, cells.evidence()))


def parse_export_dates(
    values: pd.Series,
    order: DateOrder = DateOrder.DETECT,
    source: str = "export",
    column: str = "dates",
) -> pd.Series:
    """`export_dates` for one column on its own: the timestamps only."""
    return export_dates(values, DateOrders(source, order), column)[0]


def parse_export_date(value: str, order: DateOrder = DateOrder.DETECT) -> pd.Timestamp | None:
    """One export date (any form) or None; a lone `04/05/2026` needs `order` to be read."""
    parsed = parse_export_dates(pd.Series([value], dtype=object), order).iloc[0]
    return None if pd.isna(parsed) else pd.Timestamp(parsed)


def decode_profile_url(url: object) -> str | None:
    """A profile URL percent-decoded and trimmed; None when empty or slug-less (`.../in`)."""
    if url is None or (isinstance(url, float) and np.isnan(url)) or url is pd.NA:
        return None
    text = unicodedata.normalize("NFC", unquote(str(url)).strip()).rstrip("/")
    if not text or not profile_url_key(text):
        return None
    return text


@lru_cache(maxsize=1 << 16)  # message files repeat the same few URLs many times
def profile_url_key(url: str) -> str | None:
    """The part that identifies a person (`in/<slug>`, lower case); scheme, host, query ignored."""
    text = unicodedata.normalize("NFC", unquote(url).strip())
    # By hand, not urlsplit: that raises on stray brackets, and any cell can hold anything.
    text = re.split(r"[?#]", re.sub(r"^[a-z]+://", "", text, flags=re.IGNORECASE), maxsplit=1)[0]
    parts = [p for p in text.split("/")[1:] if p]  # the first part is the host
    if len(parts) < 2 or parts[0].lower() not in {"in", "pub"}:
        return None
    return "/".join(parts[:2]).casefold()


def url_key_or_none(url: object) -> str | None:
    """`profile_url_key` of any cell: None for empty, missing or non-text values."""
    return profile_url_key(url) if isinstance(url, str) and url else None


def name_key(name: object) -> str:
    """A name compared exactly, up to spacing, case and Unicode form."""
    if name is None or (not isinstance(name, str) and pd.isna(name)):
        return ""
    return " ".join(unicodedata.normalize("NFC", str(name)).split()).casefold()
