"""Raw text records from a requests file (CSV, Parquet or JSON Lines), before any parsing.

Everything here is about the file formats: which format a path is, its encoding, its
headers, and its records as chunks of text frames. What the cells mean is io.py's job.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.sources.rejects import Reject, shorten

if TYPE_CHECKING:
    import pyarrow as pa

# A note is capped at 300 characters by LinkedIn, but hostile files can hold anything:
# allow large fields rather than dying on them (they are cut for display, not for parsing).
csv.field_size_limit(64 * 1024 * 1024)


def file_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt"}:
        return "csv"
    if suffix in {".parquet", ".pq"}:
        return "parquet"
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    raise TriageError(f"{path}: unsupported file type {suffix!r} (use .csv, .parquet or .jsonl)")


# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
# The `utf-16` and `utf-32` codecs read the mark, pick the byte order and drop it.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Enough text for a header line and a few rows: the byte order shows from the first line on.
_SNIFF_BYTES = 4096


def detect_text_encoding(path: Path) -> str:
    """The codec to read a text file with: by its byte-order mark, else by its bytes.

    UTF-16 and UTF-32 with a mark are what Excel's "Unicode text" and some exporters write;
    UTF-16 without one is recognised by its NUL bytes. Otherwise `utf-8-sig` for UTF-8, and
    `cp1252` for a file that is not UTF-8: Excel on Windows saves Western European text as
    Windows-1252 (a superset of Latin-1 for printable characters); we decode it rather than
    refuse, and say so (see encoding_notice).
    """
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    for mark, codec in _BYTE_ORDER_MARKS:
        if head.startswith(mark):
            return codec
    utf16 = _utf16_without_mark(head)
    if utf16:
        return utf16
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while block := handle.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def _utf16_without_mark(head: bytes) -> str | None:
    """`utf-16-le` / `utf-16-be` when every other byte is mostly NUL, as in UTF-16 text.

    A CSV header is ASCII, which UTF-16 stores as its byte and a NUL. UTF-8 text holds a
    NUL only where a cell does (a stray NUL or two must not turn a UTF-8 file into UTF-16),
    so one side must be mostly NUL and the other almost never.
    """
    even, odd = head[0::2], head[1::2]
    if len(odd) < 8:
        return None
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.5 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.5 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def encoding_notice(encoding: str) -> str | None:
    """What to tell the user about a CSV's encoding; None for UTF-8, the contract's."""
    if encoding == "cp1252":
        return "not UTF-8; decoded as Windows-1252/Latin-1"
    if encoding in {"utf-16", "utf-32"}:
        return (
            f"not UTF-8; decoded as {encoding.upper()} (the file starts with its byte-order mark)"
        )
    if encoding.startswith("utf-16-"):
        order = "little" if encoding.endswith("le") else "big"
        return f"not UTF-8; decoded as UTF-16 {order}-endian (no byte-order mark; NUL bytes)"
    return None


# Excel writes `;` between cells where the decimal separator is a comma (much of Europe),
# and a tab in its "Unicode text". Other tools may write anything, hence only these two.
OTHER_DELIMITERS = (";", "\t")


def delimiter_name(delimiter: str) -> str:
    return "a tab" if delimiter == "\t" else repr(delimiter)


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


def read_headers(path: Path, format: str, encoding: str, delimiter: str = ",") -> list[str]:
    """The file's column names as written (not yet unique); unreadable is a TriageError."""
    try:
        if format == "csv":
            with path.open(encoding=encoding, newline="", errors="replace") as handle:
                header = next(csv.reader(handle, delimiter=delimiter), [])
            return [h.strip() for h in header]
        if format == "parquet":
            import pyarrow.parquet as pq

            return [str(n) for n in pq.ParquetFile(path).schema_arrow.names]
        return _json_keys(path)
    except TriageError:
        raise
    except Exception as error:  # any parser's own failure is a file-level problem
        raise TriageError(f"{path}: cannot read the header ({error})") from None


def _json_keys(path: Path) -> list[str]:
    """Every key of every record, in order of first appearance.

    Scrapers leave out keys a record has no value for, so the first record alone
    would lose columns. Lines that are not JSON objects become rejects later.
    """
    keys: dict[str, None] = {}
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        for line in handle:
            text = line.strip()
            if not keys and text.startswith("["):
                raise TriageError(
                    f"{path}: this is a JSON array; use JSON Lines (one object per line)"
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


@dataclass(frozen=True)
class RawRecords:
    """A requests file's records as raw text frames, `chunk_rows` records at a time.

    `headers` are the unique headers (see unique_headers); every frame has exactly these
    columns, whatever a record holds.
    """

    path: Path
    format: str  # as file_format gives it
    headers: list[str]
    encoding: str
    chunk_rows: int
    delimiter: str = ","

    def chunks(self) -> Generator[tuple[pd.DataFrame, list[Reject]], None, None]:
        """Raw text frames (index = 1-based row number) and records too broken to parse.

        Each call reads the file from its start (a generator: close it to stop early).
        """
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
            reader = csv.reader(handle, strict=True, delimiter=self.delimiter)
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
                n,
                "",
                "*",
                shorten(self.delimiter.join(r)),
                f"has {len(r)} fields, the header has {width}",
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
                        Reject(number, "", "*", shorten(line), f"not valid JSON ({error.msg})")
                    )
                    record = None
                if record is not None and not isinstance(record, dict):
                    broken.append(Reject(number, "", "*", shorten(line), "not a JSON object"))
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
