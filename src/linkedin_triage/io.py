"""Reading requests tables in chunks, normalising them to the contract, rejects, atomic writes."""

from __future__ import annotations

import codecs
import contextlib
import csv
import itertools
import json
import os
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from linkedin_triage import contract, parsing
from linkedin_triage.errors import TriageError

if TYPE_CHECKING:
    import pyarrow as pa

# 20k rows: as fast as larger chunks on a million-row file, with a third less peak memory.
DEFAULT_CHUNK_ROWS = 20_000
# RFC 4180 rows: with "\n" rows Python's csv writer leaves a bare CR in a cell unquoted,
# and a stranger's name holding one would split the row in every reader.
CSV_LINE_END = "\r\n"
REJECT_COLUMNS = ("row", "request_id", "column", "value", "reason")
# A note is capped at 300 characters by LinkedIn, but hostile files can hold anything:
# allow large fields rather than dying on them (they are cut for display, not for parsing).
csv.field_size_limit(64 * 1024 * 1024)


@dataclass(frozen=True)
class Reject:
    """One bad cell (or bad record): where it is and why it was refused."""

    row: int
    request_id: str
    column: str
    value: str
    reason: str


@dataclass
class Chunk:
    """A normalised slice of the input, in input order."""

    frame: pd.DataFrame  # contract.FRAME_COLUMNS, one row per accepted input row
    extras: pd.DataFrame  # the file's extra columns for the same rows, raw text
    rejects: list[Reject]
    n_read: int
    n_rejected_rows: int


def file_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt"}:
        return "csv"
    if suffix in {".parquet", ".pq"}:
        return "parquet"
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    raise TriageError(f"{path}: unsupported file type {suffix!r} (use .csv, .parquet or .jsonl)")


def detect_text_encoding(path: Path) -> str:
    """`utf-8-sig` for UTF-8 (with or without BOM); `cp1252` for a file that is not UTF-8.

    Excel on Windows saves Western European text as Windows-1252 (a superset of Latin-1
    for printable characters); we decode it rather than refuse, and say so.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while block := handle.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


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


def _is_blank(record: list[str]) -> bool:
    """A blank line (or one holding only spaces) carries nothing and is not a row."""
    return not record or (len(record) == 1 and not record[0].strip())


def unique_headers(headers: Sequence[str]) -> list[str]:
    """Headers made unique (`notes`, `notes.1`, ...) so every column can be addressed by name."""
    seen: set[str] = set()
    unique = []
    for header in headers:
        candidate, n = header, 0
        while candidate in seen:
            n += 1
            candidate = f"{header}.{n}"
        seen.add(candidate)
        unique.append(candidate)
    return unique


def _frame_from_rows(rows: list[list[str]], headers: list[str], numbers: list[int]) -> pd.DataFrame:
    """Row-major text records -> a column-major frame of strings (faster than DataFrame(rows))."""
    import pyarrow as pa

    columns = list(zip(*rows, strict=True)) if rows else [() for _ in headers]
    data = {
        header: pd.arrays.ArrowStringArray(pa.array(column, type=pa.string()))
        for header, column in zip(headers, columns, strict=True)
    }
    return pd.DataFrame(data, index=pd.Index(numbers, dtype=np.int64), columns=headers)


class RequestsReader:
    """Streams a requests table (CSV, Parquet or JSON Lines) as normalised chunks.

    File-level problems (unreadable, missing required column) raise TriageError before
    any row is yielded; row-level problems become Rejects and the row is left out.
    """

    def __init__(
        self, path: Path, chunk_rows: int = DEFAULT_CHUNK_ROWS, strict_columns: bool = True
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
            if self.encoding != "utf-8-sig":
                self.notices.append(f"{self.path}: not UTF-8; decoded as Windows-1252/Latin-1")
        # Duplicate headers (two `notes` columns) would make `frame[header]` ambiguous.
        raw_headers = self._read_headers()
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
                f"(found: {', '.join(self.headers) or 'no columns'})"
            )
        for header in self.columns.shadowed:
            self.notices.append(
                f"{self.path}: column {header!r} repeats a column already read; kept as an extra"
            )
        self._seen_hashes = np.empty(0, dtype=np.uint64)
        self._seen_rows = np.empty(0, dtype=np.int64)
        self.n_read = 0
        self.n_rejected_rows = 0

    # -- raw reading -------------------------------------------------------------------------
    def _read_headers(self) -> list[str]:
        try:
            if self.format == "csv":
                with self.path.open(encoding=self.encoding, newline="", errors="replace") as handle:
                    header = next(csv.reader(handle), [])
                return [h.strip() for h in header]
            if self.format == "parquet":
                import pyarrow.parquet as pq

                return [str(n) for n in pq.ParquetFile(self.path).schema_arrow.names]
            return self._json_keys()
        except TriageError:
            raise
        except Exception as error:  # any parser's own failure is a file-level problem
            raise TriageError(f"{self.path}: cannot read the header ({error})") from None

    def _json_keys(self) -> list[str]:
        """Every key of every record, in order of first appearance.

        Scrapers leave out keys a record has no value for, so the first record alone
        would lose columns. Lines that are not JSON objects become rejects later.
        """
        keys: dict[str, None] = {}
        with self.path.open(encoding="utf-8-sig", errors="replace") as handle:
            for line in handle:
                text = line.strip()
                if not keys and text.startswith("["):
                    raise TriageError(
                        f"{self.path}: this is a JSON array; use JSON Lines (one object per line)"
                    )
                if not text:
                    continue
                try:
                    record = json.loads(text)
                except json.JSONDecodeError:
                    continue
                if isinstance(record, dict):
                    keys.update(dict.fromkeys(map(str, record)))
        return list(keys)

    def _raw_chunks(self) -> Iterator[tuple[pd.DataFrame, list[Reject]]]:
        """Raw text frames (index = 1-based row number) and records too broken to parse."""
        if self.format == "csv":
            yield from self._raw_csv()
        elif self.format == "parquet":
            yield from self._raw_parquet()
        else:
            yield from self._raw_jsonl()

    def _raw_csv(self) -> Iterator[tuple[pd.DataFrame, list[Reject]]]:
        with self.path.open(encoding=self.encoding, newline="", errors="replace") as handle:
            # strict: a quote left open swallows every later row; better a clear error
            # naming the line than rows that silently vanish into one cell.
            reader = csv.reader(handle, strict=True)
            next(reader, None)
            number = 0
            while block := self._next_records(reader):
                records = [r for r in block if not _is_blank(r)]
                numbers = range(number + 1, number + 1 + len(records))
                number += len(records)
                if records:
                    yield self._split_by_width(records, numbers)

    def _next_records(self, reader: Iterator[list[str]]) -> list[list[str]]:
        """Up to chunk_rows records; a CSV the csv module cannot parse is a file-level error."""
        try:
            return list(itertools.islice(reader, self.chunk_rows))
        except csv.Error as error:
            line = getattr(reader, "line_num", "?")
            raise TriageError(f"{self.path}: line {line}: broken CSV ({error})") from None

    def _split_by_width(
        self, records: list[list[str]], numbers: range
    ) -> tuple[pd.DataFrame, list[Reject]]:
        """Records with the header's width become a frame; the others become rejects."""
        width = len(self.headers)
        broken = [
            Reject(
                n, "", "*", _shorten(",".join(r)), f"has {len(r)} fields, the header has {width}"
            )
            for n, r in zip(numbers, records, strict=True)
            if len(r) != width
        ]
        if broken:
            kept = [(n, r) for n, r in zip(numbers, records, strict=True) if len(r) == width]
            numbers_kept = [n for n, _ in kept]
            records = [r for _, r in kept]
        else:
            numbers_kept = list(numbers)
        return _frame_from_rows(records, self.headers, numbers_kept), broken

    def _raw_parquet(self) -> Iterator[tuple[pd.DataFrame, list[Reject]]]:
        import pyarrow.parquet as pq

        start = 1
        try:
            for batch in pq.ParquetFile(self.path).iter_batches(batch_size=self.chunk_rows):
                frame = _join_list_columns(batch).to_pandas()
                frame.columns = self.headers
                frame.index = pd.RangeIndex(start, start + len(frame))
                start += len(frame)
                yield frame, []
        except Exception as error:
            raise TriageError(f"{self.path}: cannot read Parquet ({error})") from None

    def _raw_jsonl(self) -> Iterator[tuple[pd.DataFrame, list[Reject]]]:
        records: list[dict[str, object]] = []
        numbers: list[int] = []
        broken: list[Reject] = []
        with self.path.open(encoding="utf-8-sig", errors="replace") as handle:
            number = 0
            for line in handle:
                if not line.strip():
                    continue
                number += 1
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    broken.append(
                        Reject(number, "", "*", _shorten(line), f"not valid JSON ({error.msg})")
                    )
                    record = None
                if record is not None and not isinstance(record, dict):
                    broken.append(Reject(number, "", "*", _shorten(line), "not a JSON object"))
                    record = None
                if record is not None:
                    records.append({k: _json_cell(record.get(k)) for k in self.headers})
                    numbers.append(number)
                if len(records) + len(broken) >= self.chunk_rows:
                    yield (
                        pd.DataFrame(records, columns=self.headers, index=numbers, dtype=object),
                        broken,
                    )
                    records, numbers, broken = [], [], []
        if records or broken:
            yield pd.DataFrame(records, columns=self.headers, index=numbers, dtype=object), broken

    # -- normalisation -------------------------------------------------------------------------
    def chunks(self) -> Iterator[Chunk]:
        for raw, broken in self._raw_chunks():
            chunk = self._normalise(raw, broken)
            self.n_read += chunk.n_read
            self.n_rejected_rows += chunk.n_rejected_rows
            yield chunk

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
        frame["request_id"] = self._request_ids(frame)
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
        duplicate, first_rows = self._duplicate_ids(frame["request_id"], frame["row"])
        for row, rid, first in zip(
            frame["row"][duplicate], frame["request_id"][duplicate], first_rows, strict=True
        ):
            reason = f"duplicate request_id (first at row {first})"
            rejects.append(Reject(int(row), str(rid), "request_id", _shorten(rid), reason))
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

    def _duplicate_ids(self, ids: pd.Series, rows: pd.Series) -> tuple[np.ndarray, list[int]]:
        """Which rows repeat an id seen earlier (this chunk or before), and where first.

        Seen ids are kept as sorted 64-bit hashes with their first row: 16 bytes per id
        instead of a dict of strings, so a million-row file stays small in memory. A false
        duplicate needs a 64-bit collision (about 3 in 10^8 for 10^6 distinct ids) and even
        then it is reported, never merged silently.
        """
        candidate = ids.notna().to_numpy()
        duplicate = np.zeros(len(ids), dtype=bool)
        if not candidate.any():
            return duplicate, []
        hashes = pd.util.hash_array(ids[candidate].to_numpy(object))
        candidate_rows = rows[candidate].to_numpy(np.int64)
        seen_before, first_row = self._lookup_seen(hashes)
        # this chunk: the first occurrence wins
        new_hashes = pd.Index(hashes[~seen_before])
        first_here = ~new_hashes.duplicated(keep="first")
        owners = pd.Index(new_hashes[first_here])
        owner_rows = candidate_rows[~seen_before][first_here]
        within = np.zeros(len(hashes), dtype=bool)
        within[~seen_before] = ~first_here
        first_row[within] = owner_rows[owners.get_indexer(hashes[within])]
        self._remember(owners.to_numpy(np.uint64), owner_rows)
        repeated = seen_before | within
        duplicate[np.flatnonzero(candidate)[repeated]] = True
        return duplicate, [int(r) for r in first_row[repeated]]

    def _lookup_seen(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each hash: was it seen in an earlier chunk, and at which row."""
        if not len(self._seen_hashes):
            return np.zeros(len(hashes), dtype=bool), np.zeros(len(hashes), dtype=np.int64)
        position = np.searchsorted(self._seen_hashes, hashes).clip(max=len(self._seen_hashes) - 1)
        found = self._seen_hashes[position] == hashes
        return found, np.where(found, self._seen_rows[position], 0)

    def _remember(self, hashes: np.ndarray, rows: np.ndarray) -> None:
        merged = np.concatenate([self._seen_hashes, hashes])
        order = np.argsort(merged, kind="stable")
        self._seen_hashes = merged[order]
        self._seen_rows = np.concatenate([self._seen_rows, rows])[order]

    def _request_ids(self, frame: pd.DataFrame) -> pd.Series:
        """Given id, else the profile URL, else a stable hash of name + received_at."""
        ids = frame["request_id"].astype(object)
        ids = ids.where(ids.notna(), frame["profile_url"])
        # Only from a valid name and time: a row whose time is unreadable is rejected anyway,
        # and a hash of "no time" would make unrelated bad rows look like duplicates.
        need = ids.isna() & frame["name"].notna() & frame["received_at"].notna()
        if need.any():
            hashed = [
                parsing.stable_request_id(str(n), t.isoformat())
                for n, t in zip(
                    frame.loc[need, "name"], frame.loc[need, "received_at"], strict=True
                )
            ]
            ids.loc[need] = hashed
        return ids.where(ids.notna(), None).astype(object)


def _cell_rejects(
    frame: pd.DataFrame, raw: pd.Series, problem: pd.Series, header: str, flagged: np.ndarray
) -> list[Reject]:
    """One Reject per flagged cell of one column."""
    return [
        Reject(int(row), _text(rid), header, _shorten(value), str(reason))
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
    "datetime": parsing.parse_datetime,
    "date": parsing.parse_datetime,
    "bool": parsing.parse_bool,
    "photo_url": parsing.parse_photo_url,
    "list": parsing.parse_list,
    "country": parsing.parse_country,
    "decision": parsing.parse_decision,
}


def _json_cell(value: object) -> object:
    """A JSON value as a cell: lists `;`-joined, objects as JSON text, text valid UTF-8."""
    if isinstance(value, str):
        return _valid_text(value)
    if isinstance(value, dict):
        return _valid_text(json.dumps(value, ensure_ascii=False))
    if isinstance(value, list):
        return "; ".join(_valid_text(str(_json_cell(v))) for v in value if v is not None)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _valid_text(text: str) -> str:
    """Replace lone surrogates (`"\\ud800"` is valid JSON) so Arrow strings accept the text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def _join_list_columns(batch: pa.RecordBatch) -> pa.RecordBatch:
    """A Parquet record batch with list columns turned into `;`-joined text (vectorised)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for column in batch.columns:
        if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
            column = pc.binary_join(column.cast(pa.list_(pa.string())), "; ")
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _shorten(value: object, limit: int = 200) -> str:
    text = _text(value)
    return text if len(text) <= limit else text[:limit] + "…"


# -- whole-table convenience -------------------------------------------------------------------
@dataclass
class Table:
    """A whole normalised table in memory (history files are small)."""

    frame: pd.DataFrame
    extras: pd.DataFrame
    rejects: list[Reject]
    n_read: int
    notices: list[str] = field(default_factory=list)


def read_requests(path: Path, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Table:
    """Read and normalise a whole table; raises TriageError if no row is usable."""
    reader = RequestsReader(path, chunk_rows=chunk_rows)
    frames, extras, rejects = [], [], []
    for chunk in reader.chunks():
        frames.append(chunk.frame)
        extras.append(chunk.extras)
        rejects.extend(chunk.rejects)
    if reader.n_read == 0:
        raise TriageError(f"{path}: the table has a header but no rows")
    frame = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=list(contract.FRAME_COLUMNS))
    )
    extra = pd.concat(extras, ignore_index=True) if extras else pd.DataFrame()
    return Table(
        frame=frame, extras=extra, rejects=rejects, n_read=reader.n_read, notices=reader.notices
    )


# -- writing -------------------------------------------------------------------------------------
def rejects_path(output: Path) -> Path:
    """`out.csv` -> `out.rejects.csv` (always CSV, so a person can open it)."""
    return output.with_name(f"{output.stem}.rejects.csv")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(values: pd.Series) -> pd.Series:
    """Prefix `'` to text a spreadsheet would run as a formula (CSV injection)."""
    text = values.astype("string")
    risky = text.str.startswith(FORMULA_START).fillna(False).astype(bool)
    return text.where(~risky, "'" + text)


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`; renamed onto it only if the block succeeds."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _create_temporary(path)
    except OSError as error:
        raise TriageError(f"{path}: cannot write here ({error.strerror or error})") from None
    try:
        try:
            yield temporary
        except OSError as error:  # a full disk or a vanished folder while writing
            raise TriageError(f"{path}: write failed ({error.strerror or error})") from None
        try:
            os.replace(temporary, path)
        except OSError as error:
            raise TriageError(f"{path}: write failed ({error.strerror or error})") from None
    finally:
        temporary.unlink(missing_ok=True)


def _create_temporary(path: Path) -> Path:
    """A new empty file beside `path`, created with the umask's permissions.

    (`tempfile.mkstemp` would make it 0600, and the rename would hand the user an
    output that nobody else in their group can read.)
    """
    for _ in range(100):
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            continue
        return temporary
    raise FileExistsError(f"no free temporary name beside {path}")


class TableWriter:
    """Writes a table chunk by chunk (CSV or Parquet by extension) and commits atomically.

    Use as a context manager: the output appears only when the block ends without error.
    """

    def __init__(self, path: Path, neutralise: Sequence[str] = ()):
        self.path = Path(path)
        suffix = self.path.suffix.lower()
        if suffix not in {".csv", ".parquet", ".pq"}:
            raise TriageError(f"{self.path}: output must end in .csv or .parquet")
        self.is_csv = suffix == ".csv"
        self.neutralise = tuple(neutralise)
        self.rows = 0
        self._parquet_writer = None
        self._schema = None
        self._header_written = False
        self._started = False

    def __enter__(self) -> TableWriter:
        self._atomic = atomic_path(self.path)
        self._temporary = self._atomic.__enter__()
        return self

    def write(self, frame: pd.DataFrame) -> None:
        frame = frame.copy()
        for name in frame.columns:
            if frame[name].dtype == object or str(frame[name].dtype) in {"str", "string"}:
                frame[name] = frame[name].astype("string")
        try:
            if self.is_csv:
                for name in self.neutralise:
                    if name in frame.columns:
                        frame[name] = neutralise_formulas(frame[name])
                frame.to_csv(
                    self._temporary,
                    mode="a" if self._header_written else "w",
                    header=not self._header_written,
                    index=False,
                    lineterminator=CSV_LINE_END,
                )
                self._header_written = True
            else:
                self._write_parquet(frame)
        except OSError as error:
            raise TriageError(f"{self.path}: write failed ({error.strerror or error})") from None
        self.rows += len(frame)
        self._started = True

    def _write_parquet(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._schema is None:
            self._schema = pa.Schema.from_pandas(frame, preserve_index=False)
            self._parquet_writer = pq.ParquetWriter(self._temporary, self._schema)
        table = pa.Table.from_pandas(frame, schema=self._schema, preserve_index=False)
        assert self._parquet_writer is not None
        self._parquet_writer.write_table(table)

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if self._parquet_writer is not None:
            self._parquet_writer.close()
        if kind is None and not self._started:
            # Not even a header: an empty file would look like a valid (broken) output.
            problem = TriageError(f"{self.path}: nothing to write")
            self._atomic.__exit__(TriageError, problem, None)  # removes the temporary file
            raise problem
        self._atomic.__exit__(kind, error, trace)  # type: ignore[arg-type]


def rejects_frame(rejects: Sequence[Reject]) -> pd.DataFrame:
    return pd.DataFrame([r.__dict__ for r in rejects], columns=list(REJECT_COLUMNS))


def write_rejects(output: Path, rejects: Sequence[Reject]) -> Path:
    """Write the rejects file beside `output` (always, so a clean run leaves an empty one)."""
    target = rejects_path(output)
    frame = rejects_frame(rejects)
    with atomic_path(target) as temporary:
        for name in ("request_id", "column", "value"):
            frame[name] = neutralise_formulas(frame[name]) if len(frame) else frame[name]
        frame.to_csv(temporary, index=False, lineterminator=CSV_LINE_END)
    return target
