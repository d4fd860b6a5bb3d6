"""Which kind of source a path is, for `ingest` (`--kind` overrides the guess).

| kind     | what                                                       |
|----------|------------------------------------------------------------|
| `export` | LinkedIn's data export, zip or folder                      |
| `table`  | a requests table with `name` and `received_at`             |
| `enrich` | a table keyed by profile URL, without `received_at`        |
| `emails` | `.eml` files, a folder of them, or an `.mbox`              |
| `page`   | the invitations page saved as text (`.txt`) or `.html`     |
"""

from __future__ import annotations

from pathlib import Path

from linkedin_triage.errors import TriageError
from linkedin_triage.sources.linkedin_export.discovery import discover_files
from linkedin_triage.sources.requests_reader import RequestsReader

KINDS = ("export", "table", "enrich", "emails", "page")
TABLE_SUFFIXES = {".csv", ".parquet", ".pq", ".jsonl", ".ndjson", ".json"}
MAIL_SUFFIXES = {".eml", ".mbox", ".mbx"}
PAGE_SUFFIXES = {".html", ".htm"}


def detect_kind(path: Path) -> str:
    """The kind of source at `path`; TriageError when it is none the tool reads."""
    path = Path(path)
    if not path.exists():
        raise TriageError(f"{path}: not found")
    suffix = path.suffix.lower()
    if path.is_dir():
        return _folder_kind(path)
    if suffix == ".zip":
        return "export"
    if suffix in MAIL_SUFFIXES:
        return "emails"
    if suffix in PAGE_SUFFIXES:
        return "page"
    if suffix in TABLE_SUFFIXES or suffix == ".txt":
        kind = _table_kind(path)
        if kind is not None:
            return kind
        if suffix == ".txt":
            return "page"
        raise TriageError(
            f"{path}: a table with neither `name` and `received_at` (a requests table) nor a "
            "profile URL column (an enrichment table); see docs/data-contract.md"
        )
    raise TriageError(f"{path}: cannot tell what this is; give --kind (one of {', '.join(KINDS)})")


def _folder_kind(path: Path) -> str:
    found = discover_files(path)
    if {"invitations", "connections"} & set(found.files):
        return "export"
    from linkedin_triage.sources.invitation_emails import mail_files

    try:
        mail_files(path)  # .eml and .mbox files, Apple Mail's Inbox.mbox/mbox too
        return "emails"
    except TriageError:
        pass
    raise TriageError(
        f"{path}: a folder with neither LinkedIn's export (Invitations.csv, Connections.csv) "
        "nor emails (.eml, .mbox)"
    )


def _table_kind(path: Path) -> str | None:
    """`table` or `enrich` by the header, None when the header names neither."""
    try:
        reader = RequestsReader(path, strict_columns=False)
    except TriageError:
        if path.suffix.lower() == ".txt":
            return None  # a pasted page, not a table
        raise
    mapped = set(reader.columns.canonical)
    if {"name", "received_at"} <= mapped:
        return "table"
    if "profile_url" in mapped and "received_at" not in mapped:
        return "enrich"
    return None
