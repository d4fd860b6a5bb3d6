"""Writing outputs: atomic file replacement, chunked CSV/Parquet tables and the rejects file."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.sources.rejects import Reject

# RFC 4180 rows: with "\n" rows Python's csv writer leaves a bare CR in a cell unquoted,
# and a stranger's name holding one would split the row in every reader.
CSV_LINE_END = "\r\n"
REJECT_COLUMNS = ("row", "request_id", "column", "value", "reason")


def rejects_path(output: Path) -> Path:
    """`out.csv` -> `out.rejects.csv` (always CSV, so a person can open it)."""
    return output.with_name(f"{output.stem}.rejects.csv")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number (`-42`, `+3.5`, `1e-6`) is a number in every spreadsheet, never a formula;
# prefixing it would turn request_id `-42` into `'-42` and break every join on the id.
PLAIN_NUMBER = r"[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?"


def neutralise_formulas(values: pd.Series) -> pd.Series:
    """Prefix `'` to text a spreadsheet would run as a formula (CSV injection).

    Every cell starting with a formula character is prefixed, as OWASP advises, except a
    plain number (PLAIN_NUMBER), which no spreadsheet runs as a formula.
    """
    text = values.astype("string")
    risky = text.str.startswith(FORMULA_START) & ~text.str.fullmatch(PLAIN_NUMBER)
    risky = risky.fillna(False).astype(bool)
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
    In CSV every text cell is neutralised (see neutralise_formulas) except in `own_text`,
    the columns holding only the tool's own phrases; Parquet keeps every value raw.
    Neutralising by default, not by a list of risky columns, means a column nobody thought
    of (an extra column carried through, renamed `input_reasons`...) is never missed.
    """

    def __init__(self, path: Path, own_text: Sequence[str] = (), keep_empty: bool = True):
        """`keep_empty=False`: a table that got no rows (a header at most) is not written,
        and a file left at `path` by an earlier run is removed (a rejects file of a clean
        run would otherwise be an empty file, or worse, an old run's rejects)."""
        self.path = Path(path)
        self.keep_empty = keep_empty
        suffix = self.path.suffix.lower()
        if suffix not in {".csv", ".parquet", ".pq"}:
            raise TriageError(f"{self.path}: output must end in .csv or .parquet")
        self.is_csv = suffix == ".csv"
        self.own_text = frozenset(own_text)
        self.rows = 0
        self._parquet_writer = None
        self._schema = None
        self._header_written = False
        self._started = False

    def __enter__(self) -> TableWriter:
        self._atomic = atomic_path(self.path)
        self._temporary = self._atomic.__enter__()
        return self

    def write(self, frame: pd.DataFrame, own_text: Sequence[str] = ()) -> None:
        """Append `frame`; `own_text` adds columns of the tool's own text for this chunk only."""
        frame = frame.copy()
        text_columns = []
        for name in frame.columns:
            if frame[name].dtype == object or str(frame[name].dtype) in {"str", "string"}:
                frame[name] = frame[name].astype("string")
                text_columns.append(name)
        try:
            if self.is_csv:
                trusted = self.own_text | set(own_text)
                for name in text_columns:
                    if name not in trusted:
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
        if kind is None and not self.keep_empty and self.rows == 0:
            self._atomic.__exit__(_Discard, _Discard(), None)  # removes the temporary file
            self.path.unlink(missing_ok=True)
            return
        self._atomic.__exit__(kind, error, trace)  # type: ignore[arg-type]


class _Discard(Exception):
    """Raised into atomic_path's block to drop its temporary file without an error."""


def rejects_frame(rejects: Sequence[Reject]) -> pd.DataFrame:
    return pd.DataFrame([r.__dict__ for r in rejects], columns=list(REJECT_COLUMNS))


def write_rejects(output: Path, rejects: Sequence[Reject]) -> Path | None:
    """Write the rejects file beside `output`; None, and no file, when nothing was rejected.

    Call it once the run has succeeded: a run that fails as a whole writes no file at all.
    A rejects file an earlier run left beside `output` is removed when this one has none.
    """
    target = rejects_path(output)
    with TableWriter(target, keep_empty=False) as writer:
        writer.write(rejects_frame(rejects))
    return target if rejects else None
