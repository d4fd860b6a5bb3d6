"""Reading requests tables in chunks, normalising them to the contract, rejects, atomic writes."""

from __future__ import annotations

import codecs
import contextlib
import csv
import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from linkedin_triage import contract, parsing
from linkedin_triage.errors import TriageError

DEFAULT_CHUNK_ROWS = 50_000
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
    """Every cell as trimmed text; empty becomes <NA> (unknown), lists are `;`-joined."""
    out = {}
    for name in frame.columns:
        column = frame[name]
        if column.dtype == object:
            column = column.map(
                lambda v: "; ".join(map(str, v)) if isinstance(v, list | tuple | np.ndarray) else v
            )
        text = column.astype("string").str.strip()
        out[name] = text.mask(text == "")
    return pd.DataFrame(out, index=frame.index)


class RequestsReader:
    """Streams a requests table (CSV, Parquet or JSON Lines) as normalised chunks.

    File-level problems (unreadable, missing required column) raise TriageError before
    any row is yielded; row-level problems become Rejects and the row is left out.
    """

    def __init__(self, path: Path, chunk_rows: int = DEFAULT_CHUNK_ROWS, strict_columns: bool = True):
        self.path = Path(path)
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
        self.headers = self._read_headers()
        self.columns = contract.map_columns(self.headers)
        self.missing_required = [c for c in contract.REQUIRED if c not in self.columns.canonical]
        if self.missing_required and strict_columns:
            names = ", ".join(self.missing_required)
            raise TriageError(
                f"{self.path}: missing required column(s): {names} "
                f"(found: {', '.join(self.headers) or 'no columns'})"
            )
        for header in self.columns.shadowed:
            self.notices.append(f"{self.path}: column {header!r} repeats a column already read; kept as an extra")
        self._seen_ids: dict[str, int] = {}
        self.n_read = 0
        self.n_rejected_rows = 0

    # -- raw reading -------------------------------------------------------------------------
    def _read_headers(self) -> list[str]:
        try:
            if self.format == "csv":
                with self.path.open(encoding=self.encoding, newline="") as handle:
                    header = next(csv.reader(handle), [])
                return [h.strip() for h in header]
            if self.format == "parquet":
                import pyarrow.parquet as pq

                return [str(n) for n in pq.ParquetFile(self.path).schema_arrow.names]
            with self.path.open(encoding="utf-8-sig") as handle:
                for line in handle:
                    if line.strip():
                        record = json.loads(line)
                        if not isinstance(record, dict):
                            raise TriageError(f"{self.path}: line 1 is not a JSON object")
                        return [str(k) for k in record]
                return []
        except TriageError:
            raise
        except Exception as error:  # any parser's own failure is a file-level problem
            raise TriageError(f"{self.path}: cannot read the header ({error})") from None

    def _raw_chunks(self) -> Iterator[tuple[pd.DataFrame, list[Reject]]]:
        """Raw text frames (index = 1-based row number) and records too broken to parse."""
        if self.format == "csv":
            yield from self._raw_csv()
        elif self.format == "parquet":
            yield from self._raw_parquet()
        else:
            yield from self._raw_jsonl()

    def _raw_csv(self) -> Iterator[tuple[pd.DataFrame, list[Reject]]]:
        width = len(self.headers)
        rows: list[list[str]] = []
        numbers: list[int] = []
        broken: list[Reject] = []
        with self.path.open(encoding=self.encoding, newline="", errors="replace") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            number = 0
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    break
                except csv.Error as error:
                    raise TriageError(f"{self.path}: line {reader.line_num}: broken CSV ({error})") from None
                if not record or (len(record) == 1 and not record[0].strip()):
                    continue  # blank lines carry nothing
                number += 1
                if len(record) != width:
                    broken.append(
                        Reject(number, "", "*", _shorten(",".join(record)), f"has {len(record)} fields, the header has {width}")
                    )
                else:
                    rows.append(record)
                    numbers.append(number)
                if len(rows) + len(broken) >= self.chunk_rows:
                    yield pd.DataFrame(rows, columns=self.headers, index=numbers, dtype=object), broken
                    rows, numbers, broken = [], [], []
        if rows or broken:
            yield pd.DataFrame(rows, columns=self.headers, index=numbers, dtype=object), broken

    def _raw_parquet(self) -> Iterator[tuple[pd.DataFrame, list[Reject]]]:
        import pyarrow.parquet as pq

        start = 1
        try:
            for batch in pq.ParquetFile(self.path).iter_batches(batch_size=self.chunk_rows):
                frame = batch.to_pandas()
                frame.index = range(start, start + len(frame))
                start += len(frame)
                yield frame, []
        except Exception as error:
            raise TriageError(f"{self.path}: cannot read Parquet ({error})") from None

    def _raw_jsonl(self) -> Iterator[tuple[pd.DataFrame, list[Reject]]]:
        records: list[dict[str, object]] = []
        numbers: list[int] = []
        broken: list[Reject] = []
        known = set(self.headers)
        unknown_keys: set[str] = set()
        with self.path.open(encoding="utf-8-sig", errors="replace") as handle:
            number = 0
            for line in handle:
                if not line.strip():
                    continue
                number += 1
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    broken.append(Reject(number, "", "*", _shorten(line), f"not valid JSON ({error.msg})"))
                    record = None
                if record is not None and not isinstance(record, dict):
                    broken.append(Reject(number, "", "*", _shorten(line), "not a JSON object"))
                    record = None
                if record is not None:
                    unknown_keys.update(k for k in record if k not in known)
                    records.append({k: _json_cell(record.get(k)) for k in self.headers})
                    numbers.append(number)
                if len(records) + len(broken) >= self.chunk_rows:
                    yield pd.DataFrame(records, columns=self.headers, index=numbers, dtype=object), broken
                    records, numbers, broken = [], [], []
        if records or broken:
            yield pd.DataFrame(records, columns=self.headers, index=numbers, dtype=object), broken
        if unknown_keys:
            self.notices.append(
                f"{self.path}: keys not in the first record were not read: {', '.join(sorted(unknown_keys))}"
            )

    # -- normalisation -------------------------------------------------------------------------
    def chunks(self) -> Iterator[Chunk]:
        for raw, broken in self._raw_chunks():
            chunk = self._normalise(raw, broken)
            self.n_read += chunk.n_read
            self.n_rejected_rows += chunk.n_rejected_rows
            yield chunk

    def _normalise(self, raw: pd.DataFrame, broken: list[Reject]) -> Chunk:
        cells = _clean_cells(raw)
        mapping = self.columns.canonical
        frame = pd.DataFrame(index=cells.index)
        errors: list[tuple[str, pd.Series]] = []
        for column in contract.COLUMNS:
            header = mapping.get(column.name)
            values = cells[header] if header else pd.Series(pd.NA, index=cells.index, dtype="string")
            if column.kind == "count":
                parsed, lower_bound, problem = parsing.parse_count(values)
                if column.name == "connections":
                    frame["connections_is_lower_bound"] = lower_bound
            else:
                parsed, problem = _PARSERS[column.kind](values)
            frame[column.name] = parsed
            if header:
                errors.append((column.name, problem))
                if column.required:
                    errors.append((column.name, _required(values)))

        # photo: an explicit has_photo wins over a profile-image URL column
        frame["has_photo"] = frame["has_photo"].fillna(frame.pop("photo_url"))
        missing_country = frame["country"].isna() & frame["location"].notna()
        if missing_country.any():
            frame.loc[missing_country, "country"] = parsing.countries_from_locations(
                frame.loc[missing_country, "location"]
            )
        frame["request_id"] = self._request_ids(frame)
        frame["row"] = frame.index.astype(np.int64)

        rejects = list(broken)
        bad_rows: set[int] = set()
        for name, problem in errors:
            flagged = problem.dropna()
            for row, reason in flagged.items():
                header = mapping[name]
                rejects.append(Reject(int(row), _text(frame.at[row, "request_id"]), header, _shorten(cells.at[row, header]), str(reason)))
                bad_rows.add(int(row))
        for row in frame.index:
            if row in bad_rows:
                continue
            rid = frame.at[row, "request_id"]
            if rid is None or pd.isna(rid):
                continue
            first = self._seen_ids.setdefault(rid, int(row))
            if first != row:
                rejects.append(Reject(int(row), str(rid), "request_id", _shorten(rid), f"duplicate request_id (first at row {first})"))
                bad_rows.add(int(row))
        rejects.sort(key=lambda r: r.row)

        keep = ~frame.index.isin(list(bad_rows))
        frame = frame.loc[keep, list(contract.FRAME_COLUMNS)].reset_index(drop=True)
        extras = raw.loc[keep, list(self.columns.extras)].reset_index(drop=True)
        n_broken_rows = len({r.row for r in broken})
        return Chunk(
            frame=frame,
            extras=extras,
            rejects=rejects,
            n_read=len(raw) + n_broken_rows,
            n_rejected_rows=len(bad_rows) + n_broken_rows,
        )

    def _request_ids(self, frame: pd.DataFrame) -> pd.Series:
        """Given id, else the profile URL, else a stable hash of name + received_at."""
        ids = frame["request_id"].astype(object)
        ids = ids.where(ids.notna(), frame["profile_url"])
        need = ids.isna() & frame["name"].notna()
        if need.any():
            hashed = [
                parsing.stable_request_id(str(n), t.isoformat() if not pd.isna(t) else "")
                for n, t in zip(frame.loc[need, "name"], frame.loc[need, "received_at"], strict=True)
            ]
            ids.loc[need] = hashed
        return ids.astype(object)


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
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


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
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(contract.FRAME_COLUMNS))
    extra = pd.concat(extras, ignore_index=True) if extras else pd.DataFrame()
    return Table(frame=frame, extras=extra, rejects=rejects, n_read=reader.n_read, notices=reader.notices)


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
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        os.close(handle)
    except OSError as error:
        raise TriageError(f"{path}: cannot write here ({error.strerror or error})") from None
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, path)
    except OSError as error:
        raise TriageError(f"{path}: write failed ({error.strerror or error})") from None
    finally:
        temporary.unlink(missing_ok=True)


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
                frame.to_csv(self._temporary, mode="a" if self._header_written else "w", header=not self._header_written, index=False, lineterminator="\n")
                self._header_written = True
            else:
                self._write_parquet(frame)
        except OSError as error:
            raise TriageError(f"{self.path}: write failed ({error.strerror or error})") from None
        self.rows += len(frame)

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
        if self.is_csv and not self._header_written and kind is None:
            raise TriageError(f"{self.path}: nothing to write")
        self._atomic.__exit__(kind, error, trace)  # type: ignore[arg-type]


def rejects_frame(rejects: Sequence[Reject]) -> pd.DataFrame:
    return pd.DataFrame([r.__dict__ for r in rejects], columns=list(REJECT_COLUMNS))


def write_rejects(output: Path, rejects: Sequence[Reject]) -> Path:
    """Write the rejects file beside `output` (always, so a clean run leaves an empty one)."""
    target = rejects_path(output)
    frame = rejects_frame(rejects)
    with atomic_path(target) as temporary:
        for name in ("request_id", "value"):
            frame[name] = neutralise_formulas(frame[name]) if len(frame) else frame[name]
        frame.to_csv(temporary, index=False, lineterminator="\n")
    return target
