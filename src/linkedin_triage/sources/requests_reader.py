"""Reading requests tables in chunks and normalising them to the contract, with rejects.

The file formats themselves are raw_formats.py's job, request-id bookkeeping is
request_ids.py's, and writing outputs is writing.py's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from linkedin_triage.console import visible
from linkedin_triage.errors import TriageError
from linkedin_triage.sources import contract, parsing
from linkedin_triage.sources.date_cells import read_date_cells
from linkedin_triage.sources.date_order import DateEvidence, DateOrder, DateOrders
from linkedin_triage.sources.raw_formats import (
    OTHER_DELIMITERS,
    RawRecords,
    delimiter_name,
    detect_text_encoding,
    encoding_notice,
    file_format,
    read_headers,
    unique_headers,
)
from linkedin_triage.sources.rejects import Reject, cell_text, shorten
from linkedin_triage.sources.request_ids import SeenRequestIds, request_ids

# 20k rows: as fast as larger chunks on a million-row file, with a third less peak memory.
DEFAULT_CHUNK_ROWS = 20_000
DATE_KINDS = ("datetime", "date")


@dataclass
class Chunk:
    """A normalised slice of the input, in input order."""

    frame: pd.DataFrame  # contract.FRAME_COLUMNS, one row per accepted input row
    extras: pd.DataFrame  # the file's extra columns for the same rows, raw text
    rejects: list[Reject]
    n_read: int
    n_rejected_rows: int


def _clean_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as trimmed text; empty becomes <NA> (unknown).

    Vectorised with Arrow kernels on purpose: list values were already `;`-joined by the
    format readers, so no per-cell Python runs here (it dominated the time on large files),
    and direct Arrow calls keep the fixed cost per chunk small.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    out = {}
    for name in frame.columns:
        column = frame[name]
        if not (isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"):
            column = column.astype("string[pyarrow]")
        trimmed = pc.utf8_trim_whitespace(pa.array(column))
        empty = pc.equal(pc.utf8_length(trimmed), 0)
        cleaned = pc.if_else(empty, pa.scalar(None, type=trimmed.type), trimmed)
        out[name] = pd.arrays.ArrowStringArray(cleaned)
    return pd.DataFrame(out, index=frame.index)


class RequestsReader:
    """Streams a requests table (CSV, Parquet or JSON Lines) as normalised chunks.

    File-level problems (unreadable, missing required column) raise TriageError before
    any row is yielded; row-level problems become Rejects and the row is left out.

    Day-first or month-first is decided per date column from the whole column
    (sources/date_order.py): `date_order` DETECT decides on the first chunk that shows it
    (reading ahead through the file when a chunk cannot tell), and a column that mixes both
    conventions, or that nothing decides, is a TriageError raised while chunks are read.
    `dates.decisions` says how each column was read.
    """

    def __init__(
        self,
        path: Path,
        chunk_rows: int = DEFAULT_CHUNK_ROWS,
        strict_columns: bool = True,
        date_order: DateOrder = DateOrder.DETECT,
    ):
        self.path = Path(path)
        if chunk_rows < 1:  # zero would read nothing, silently
            raise TriageError(f"chunk size must be at least 1 (got {chunk_rows})")
        self.chunk_rows = chunk_rows
        self.notices: list[str] = []
        if not self.path.exists():
            raise TriageError(f"{self.path}: file not found")
        if self.path.is_dir():
            raise TriageError(f"{self.path}: is a folder, expected a requests table file")
        self.format = file_format(self.path)
        if self.path.stat().st_size == 0:
            raise TriageError(f"{self.path}: the file is empty")
        self.encoding = "utf-8-sig"
        if self.format == "csv":
            self.encoding = detect_text_encoding(self.path)
            notice = encoding_notice(self.encoding)
            if notice:
                self.notices.append(f"{self.path}: {notice}")
        raw_headers = read_headers(self.path, self.format, self.encoding)
        self.delimiter = ","
        if self.format == "csv":
            self.delimiter, raw_headers = self._delimiter_and_headers(raw_headers)
        # Duplicate headers (two `notes` columns) would make `frame[header]` ambiguous.
        self.headers = unique_headers(raw_headers)
        for raw, unique in zip(raw_headers, self.headers, strict=True):
            if raw != unique:
                self.notices.append(
                    f"{self.path}: column {raw!r} repeats a column; kept as an extra, {unique!r}"
                )
        self.columns = contract.map_columns(self.headers)
        self.missing_required = [c for c in contract.REQUIRED if c not in self.columns.canonical]
        if self.missing_required and strict_columns:
            names = ", ".join(self.missing_required)
            raise TriageError(
                f"{self.path}: missing required column(s): {names} "
                # headers are the file's own text: escaped, a line break in one stays visible
                f"(found: {', '.join(map(visible, self.headers)) or 'no columns'})"
                f"{self._delimiter_hint()}"
            )
        for header in self.columns.shadowed:
            self.notices.append(
                f"{self.path}: column {header!r} repeats a column already read; kept as an extra"
            )
        # `nb_mutual` is carried through and never used: a user who meant mutual connections
        # must hear it from train and predict too, not only from validate.
        self.lookalike_notes = [
            f"{self.path}: column {extra!r} looks like {meant} but is not read as it; rename "
            f"the column to {meant} to use it"
            for extra in self.columns.extras
            if (meant := contract.likely_meant(extra)) is not None
        ]
        self.notices.extend(self.lookalike_notes)
        self._raw = RawRecords(
            self.path, self.format, self.headers, self.encoding, chunk_rows, self.delimiter
        )
        self._set_up_dates(date_order)
        self._seen_ids = SeenRequestIds()
        self.n_read = 0
        self.n_rejected_rows = 0

    def _delimiter_and_headers(self, comma_headers: list[str]) -> tuple[str, list[str]]:
        """The delimiter and the headers: `;` or a tab when the comma finds one column only.

        Excel saves CSV with `;` in many locales, and its "Unicode text" with tabs. Another
        delimiter is taken when the header splits on it into contract columns. A one-column
        header can never hold both required columns, so this only ever turns a certain
        failure into a readable file.
        """
        if len(comma_headers) != 1:
            return ",", comma_headers
        for delimiter in OTHER_DELIMITERS:
            if delimiter not in comma_headers[0]:
                continue
            headers = read_headers(self.path, "csv", self.encoding, delimiter)
            if contract.map_columns(headers).canonical:
                self.notices.append(
                    f"{self.path}: columns separated by {delimiter_name(delimiter)}, "
                    "not commas; read that way"
                )
                return delimiter, headers
        return ",", comma_headers

    def _delimiter_hint(self) -> str:
        """A hint for a one-column header holding `;` or a tab (another delimiter than `,`)."""
        if self.format != "csv" or len(self.headers) != 1:
            return ""
        found = [d for d in OTHER_DELIMITERS if d in self.headers[0]]
        if not found:
            return ""
        return (
            f"; the header has no comma but {delimiter_name(found[0])}: save the file "
            "as comma-separated CSV"
        )

    def chunks(self) -> Iterator[Chunk]:
        for raw, broken in self._raw.chunks():
            chunk = self._normalise(raw, broken)
            self.n_read += chunk.n_read
            self.n_rejected_rows += chunk.n_rejected_rows
            yield chunk
        self.notices.extend(self.dates.notes())

    def _set_up_dates(self, date_order: DateOrder) -> None:
        """The file's date columns and the DateOrders that decides how each is read."""
        self._date_headers = [
            header
            for name, header in self.columns.canonical.items()
            if contract.BY_NAME[name].kind in DATE_KINDS
        ]
        self.dates = DateOrders(str(self.path), date_order, scan=self._date_evidence_of_the_file)

    def parse_dates(self, header: str, values: pd.Series) -> tuple[pd.Series, pd.Series]:
        """A chunk of one date column read as the whole column is (values, reasons).

        For date columns the contract does not know too (the ledger's `observed_at`): they
        follow the same rule, and the file's other date columns when they cannot tell.
        """
        dates = read_date_cells(values)
        return dates.resolve(self.dates.order_for(header, dates.evidence()))

    def _date_evidence_of_the_file(self) -> dict[str, DateEvidence]:
        """What every date column shows over the whole file, read until each one tells.

        Called only when a chunk holds dates that read both ways and nothing in it decides:
        a separate pass over the raw records, so the decision is the whole column's.
        """
        found = {header: DateEvidence() for header in self._date_headers}
        with contextlib.closing(self._raw.chunks()) as records:
            for raw, _ in records:
                cells = _clean_cells(raw[list(found)])
                for header, evidence in found.items():
                    evidence.add(read_date_cells(cells[header]).evidence())
                if all(evidence.settled for evidence in found.values()):
                    break
        return found

    def _normalise(self, raw: pd.DataFrame, broken: list[Reject]) -> Chunk:
        """Parse one raw chunk; rows with any bad cell (or a repeated id) become rejects."""
        cells = _clean_cells(raw)
        frame, errors = self._parse_columns(cells)
        # photo: an explicit has_photo wins over a profile-image URL column
        frame["has_photo"] = frame["has_photo"].fillna(frame.pop("photo_url"))
        missing_country = frame["country"].isna() & frame["location"].notna()
        if missing_country.any():
            frame.loc[missing_country, "country"] = parsing.countries_from_locations(
                frame.loc[missing_country, "location"]
            )
        frame["request_id"] = request_ids(frame)
        frame["row"] = frame.index.to_numpy(np.int64)

        rejects = list(broken)
        bad = np.zeros(len(frame), dtype=bool)
        for name, problem in errors:
            flagged = problem.notna().to_numpy()
            if flagged.any():
                header = self.columns.canonical[name]
                rejects.extend(_cell_rejects(frame, cells[header], problem, header, flagged))
                bad |= flagged
        # Every row with an id takes part, bad or not: a repeated id is a problem of its own,
        # and it must not surface only after the user fixes the first row.
        duplicate, first_rows = self._seen_ids.duplicates(frame["request_id"], frame["row"])
        for row, rid, first in zip(
            frame["row"][duplicate], frame["request_id"][duplicate], first_rows, strict=True
        ):
            reason = f"duplicate request_id (first at row {first})"
            rejects.append(Reject(int(row), str(rid), "request_id", shorten(rid), reason))
        bad |= duplicate
        rejects.sort(key=lambda r: r.row)

        keep = ~bad
        frame = frame.loc[keep, list(contract.FRAME_COLUMNS)].reset_index(drop=True)
        extras = raw.loc[keep, list(self.columns.extras)].reset_index(drop=True)
        n_broken_rows = len({r.row for r in broken})
        return Chunk(
            frame=frame,
            extras=extras,
            rejects=rejects,
            n_read=len(raw) + n_broken_rows,
            n_rejected_rows=int(bad.sum()) + n_broken_rows,
        )

    def _parse_columns(
        self, cells: pd.DataFrame
    ) -> tuple[pd.DataFrame, list[tuple[str, pd.Series]]]:
        """Every contract column parsed (missing columns all unknown) and its error reasons."""
        mapping = self.columns.canonical
        columns: dict[str, pd.Series] = {}
        errors: list[tuple[str, pd.Series]] = []
        for column in contract.COLUMNS:
            header = mapping.get(column.name)
            values = cells[header] if header else None
            if values is None or not values.notna().any():
                # Absent or empty column: all unknown, no parser needed (saves time per chunk).
                columns[column.name] = _unknown(column.kind, cells.index)
                if column.name == "connections":
                    columns["connections_is_lower_bound"] = pd.Series(False, index=cells.index)
            elif column.kind in DATE_KINDS:
                columns[column.name], problem = self.parse_dates(str(header), values)
                errors.append((column.name, problem))
            elif column.kind == "count":
                parsed, lower_bound, problem = parsing.parse_count(values)
                columns[column.name] = parsed
                if column.name == "connections":
                    columns["connections_is_lower_bound"] = lower_bound
                errors.append((column.name, problem))
            else:
                columns[column.name], problem = _PARSERS[column.kind](values)
                errors.append((column.name, problem))
            if values is not None and column.required:
                errors.append((column.name, _required(values)))
        return pd.DataFrame(columns, index=cells.index), errors


def _cell_rejects(
    frame: pd.DataFrame, raw: pd.Series, problem: pd.Series, header: str, flagged: np.ndarray
) -> list[Reject]:
    """One Reject per flagged cell of one column."""
    return [
        Reject(int(row), cell_text(rid), header, shorten(value), str(reason))
        for row, rid, value, reason in zip(
            frame["row"][flagged],
            frame["request_id"][flagged],
            raw[flagged],
            problem[flagged],
            strict=True,
        )
    ]


def _unknown(kind: str, index: pd.Index) -> pd.Series:
    """A column of unknowns in the dtype its parser would give."""
    if kind in {"count", "bool", "photo_url"}:
        return pd.Series(np.nan, index=index, dtype=float)
    if kind in {"datetime", "date"}:
        return pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    return pd.Series(np.full(len(index), None, dtype=object), index=index)


def _required(values: pd.Series) -> pd.Series:
    errors = parsing.no_errors(values)
    errors[values.isna()] = "required value is empty"
    return errors


_PARSERS = {
    "id": parsing.parse_text,
    "text": parsing.parse_text,
    "url": parsing.parse_url,
    "bool": parsing.parse_bool,
    "photo_url": parsing.parse_photo_url,
    "list": parsing.parse_list,
    "country": parsing.parse_country,
    "decision": parsing.parse_decision,
}


# -- whole-table convenience -------------------------------------------------------------------
@dataclass
class Table:
    """A whole normalised table in memory (history files are small)."""

    frame: pd.DataFrame
    extras: pd.DataFrame
    rejects: list[Reject]
    n_read: int
    notices: list[str] = field(default_factory=list)


def read_requests(
    path: Path, chunk_rows: int = DEFAULT_CHUNK_ROWS, date_order: DateOrder = DateOrder.DETECT
) -> Table:
    """Read and normalise a whole table; raises TriageError if no row is usable."""
    return read_all(RequestsReader(path, chunk_rows=chunk_rows, date_order=date_order))


def read_all(reader: RequestsReader) -> Table:
    """Every chunk of `reader` in one Table; raises TriageError for a table without rows."""
    frames, extras, rejects = [], [], []
    for chunk in reader.chunks():
        frames.append(chunk.frame)
        extras.append(chunk.extras)
        rejects.extend(chunk.rejects)
    if reader.n_read == 0:
        raise TriageError(f"{reader.path}: the table has a header but no rows")
    frame = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=list(contract.FRAME_COLUMNS))
    )
    extra = pd.concat(extras, ignore_index=True) if extras else pd.DataFrame()
    return Table(
        frame=frame, extras=extra, rejects=rejects, n_read=reader.n_read, notices=reader.notices
    )
