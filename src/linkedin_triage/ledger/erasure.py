"""`forget`: erase a person from the ledger, leaving no byte of their name, link or note.

Deleting rows is not enough: SQLite leaves deleted content in free pages. The ledger runs
with `secure_delete` on (deleted content is overwritten with zeros) and `forget` ends with a
VACUUM, which rebuilds the file from the live rows only. A later export still lists the
person; the ledger remembers a salted hash of their link and folded name, never the text, so
they are skipped instead of coming back.
"""

from __future__ import annotations

from dataclasses import dataclass

from linkedin_triage.errors import TriageError
from linkedin_triage.ledger.identity import fold_name, profile_key
from linkedin_triage.ledger.recording import Forgotten
from linkedin_triage.ledger.store import Ledger

ERASED_FILE_NAME = "(name erased)"


@dataclass(frozen=True)
class Erasure:
    requests: int
    connections: int
    source_names: int  # file names that held the person's name, replaced


def forget(
    ledger: Ledger,
    request_id: str | None = None,
    profile_url: str | None = None,
    name: str | None = None,
) -> Erasure:
    """Erase one person, named by one of a request id, a profile URL or a name."""
    given = [v for v in (request_id, profile_url, name) if v]
    if len(given) != 1:
        raise TriageError("forget: give exactly one of --request-id, --profile-url, --name")
    with ledger.writing() as db:
        key, name_key = _identity(ledger, request_id, profile_url, name)
        # Same link, or the same name where a side has no link (emails with opaque links).
        person = (
            "(profile_key = :key) OR "
            "(:name != '' AND name_key = :name AND (profile_key IS NULL OR :key IS NULL))"
        )
        requests = db.execute(
            f"DELETE FROM requests WHERE {person}", {"key": key, "name": name_key}
        ).rowcount
        connections = db.execute(
            "DELETE FROM connections WHERE (:key != '' AND profile_key = :key) OR "
            "(:name != '' AND name_key = :name AND (profile_key = '' OR :key = ''))",
            {"key": key or "", "name": name_key},
        ).rowcount
        renamed = 0
        traces = _name_traces(name_key, key)
        for source_id, file_name in db.execute("SELECT source_id, file_name FROM sources"):
            folded = fold_name(file_name.replace("_", " ").replace("-", " ").replace(".", " "))
            if any(trace in folded for trace in traces):
                renamed += 1
                db.execute(
                    "UPDATE sources SET file_name = ? WHERE source_id = ?",
                    (ERASED_FILE_NAME, source_id),
                )
        Forgotten(db).remember(key, name_key)
    ledger.db.execute("VACUUM")
    return Erasure(requests, connections, renamed)


def _name_traces(name_key: str, key: str | None) -> set[str]:
    """What of a person a file name may hold: each part of their name, their link's slug.

    Erring wide on purpose (`fabio.eml` goes for Fabio Gallo): a file name is only a label
    in a report, and a person asked to be erased.
    """
    parts = {part for part in name_key.split() if len(part) >= 3}
    if key:
        slug = key.split("/", 1)[-1]
        parts |= {p for p in fold_name(slug.replace("-", " ")).split() if len(p) >= 3}
    return parts


def _identity(
    ledger: Ledger, request_id: str | None, profile_url: str | None, name: str | None
) -> tuple[str | None, str]:
    """The profile key and folded name that stand for the person."""
    if request_id:
        row = ledger.db.execute(
            "SELECT profile_key, name_key FROM requests WHERE request_id = ?", (request_id,)
        ).fetchone()
        if row is None:
            raise TriageError(f"{ledger.path}: no request with id {request_id!r}")
        return row[0], row[1]
    if profile_url:
        key = profile_key(profile_url)
        if key is None:
            raise TriageError(
                f"--profile-url {profile_url!r}: not a LinkedIn profile link "
                "(https://www.linkedin.com/in/...)"
            )
        row = ledger.db.execute(
            "SELECT name_key FROM requests WHERE profile_key = ? LIMIT 1", (key,)
        ).fetchone()
        return key, row[0] if row else ""
    folded = fold_name(name)
    if not folded:
        raise TriageError("--name: give the person's name")
    return None, folded
