"""Opening the ledger file safely, and the transactions every change runs in.

One SQLite file through the standard library: no server to start. The file is checked before
anything trusts it (SQLite header, application id, integrity, schema version), so a corrupt
file or another program's database is refused, never replaced by a new empty ledger. Every
change runs inside `Ledger.writing()`: one `BEGIN IMMEDIATE` transaction, so a second writer
waits for the first (up to `wait_seconds`) or is refused, and a killed process leaves the
ledger as the last committed transaction left it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.ledger.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

DEFAULT_LEDGER = Path("data/ledger.sqlite")
SQLITE_HEADER = b"SQLite format 3\x00"
# Long enough for another ingest of a large export to finish; then a clear refusal.
WAIT_SECONDS = 60.0


class Ledger:
    """An open, verified ledger at the current schema version."""

    def __init__(self, path: Path, connection: sqlite3.Connection):
        self.path = path
        self.db = connection

    @classmethod
    def open(
        cls, path: Path = DEFAULT_LEDGER, create: bool = False, wait_seconds: float = WAIT_SECONDS
    ) -> Ledger:
        """Open (or with `create`, start) a ledger; TriageError for anything not a usable ledger."""
        path = Path(path)
        if path.is_dir():
            raise TriageError(f"{path}: is a folder, expected a ledger file (.sqlite)")
        existed = path.exists() and path.stat().st_size > 0
        if not existed and not create:
            raise TriageError(
                f"{path}: no ledger here yet; `linkedin-triage ingest SOURCE --ledger {path}` "
                "starts one"
            )
        if existed:
            _check_header(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE below), never
            # opened behind our back by the sqlite3 module.
            connection = sqlite3.connect(path, timeout=wait_seconds, isolation_level=None)
        except sqlite3.Error as error:
            raise TriageError(f"{path}: cannot open the ledger ({error})") from None
        ledger = cls(path, connection)
        try:
            ledger._configure()
            if existed:
                ledger._check_file()
            ledger._migrate()
        except sqlite3.DatabaseError as error:
            connection.close()
            raise _unusable(path, error) from None
        except BaseException:
            connection.close()
            raise
        return ledger

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ------------------------------------------------------------------------
    @contextlib.contextmanager
    def writing(self, commit: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside is committed together or not at all.

        With `commit=False` the work is rolled back at the end (a dry run): whatever it read
        inside the transaction saw its own changes, so its report is what a real run does.
        """
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise TriageError(
                    f"{self.path}: another linkedin-triage command is writing to this ledger; "
                    "run this again when it has finished"
                ) from None
            raise
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT" if commit else "ROLLBACK")

    # -- reading -------------------------------------------------------------------------------
    def frame(self, sql: str, params: tuple[object, ...] = ()) -> pd.DataFrame:
        """A query's rows as a DataFrame of Python objects (text stays text)."""
        cursor = self.db.execute(sql, params)
        columns = [d[0] for d in cursor.description]
        return pd.DataFrame(cursor.fetchall(), columns=columns, dtype=object)

    def scalar(self, sql: str, params: tuple[object, ...] = ()) -> object:
        row = self.db.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def setting(self, key: str) -> str | None:
        value = self.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return None if value is None else str(value)

    # -- opening checks ---------------------------------------------------------------------------
    def _configure(self) -> None:
        self.db.execute("PRAGMA foreign_keys = ON")
        # Deleted rows are overwritten with zeros, so `forget` leaves no trace in the file.
        self.db.execute("PRAGMA secure_delete = ON")
        # A rollback journal beside the file only while a transaction runs: the ledger stays
        # one file, and a write-ahead log never keeps old pages of an erased person.
        self.db.execute("PRAGMA journal_mode = DELETE")
        self.db.execute("PRAGMA synchronous = FULL")

    def _check_file(self) -> None:
        application = self.scalar("PRAGMA application_id")
        if application != APPLICATION_ID:
            raise TriageError(
                f"{self.path}: a SQLite database, but not a linkedin-triage ledger; "
                "left untouched (give another --ledger path)"
            )
        verdict = str(self.scalar("PRAGMA quick_check"))
        if verdict != "ok":
            lines = verdict.splitlines()
            shown = "; ".join(lines[:2]) + (f" and {len(lines) - 2} more" if len(lines) > 2 else "")
            raise TriageError(
                f"{self.path}: the ledger is damaged ({shown}); left untouched. Restore it "
                "from a backup, or move it away and ingest your sources again"
            )
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise TriageError(
                f"{self.path}: written by a newer linkedin-triage (ledger schema {version}; "
                f"this version reads up to {SCHEMA_VERSION}); upgrade linkedin-triage"
            )

    def _migrate(self) -> None:
        """Bring the schema forward one version at a time, each step in its own transaction."""
        while (version := self.schema_version()) < SCHEMA_VERSION:
            with self.writing() as db:
                # Read again under the write lock: another process may have migrated meanwhile.
                if int(db.execute("PRAGMA user_version").fetchone()[0]) != version:
                    continue
                if version == 0:
                    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                for statement in _statements(MIGRATIONS[version]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")


def _statements(script: str) -> list[str]:
    """A migration script split into statements (executescript would commit on its own)."""
    return [s.strip() for s in script.split(";") if s.strip()]


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise TriageError(f"{path}: cannot read the ledger ({error})") from None
    if header != SQLITE_HEADER:
        raise TriageError(
            f"{path}: not a ledger (not a SQLite file, or its start is damaged); left untouched"
        )


def _unusable(path: Path, error: sqlite3.DatabaseError) -> TriageError:
    return TriageError(
        f"{path}: the ledger cannot be read ({error}); left untouched. Restore it from a "
        "backup, or move it away and ingest your sources again"
    )


def is_ledger_file(path: Path) -> bool:
    """Whether `path` is a SQLite file (so a command given it reads it as a ledger)."""
    path = Path(path)
    if path.suffix.lower() in {".sqlite", ".sqlite3", ".db"}:
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False
