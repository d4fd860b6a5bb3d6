"""The user's own decisions: recorded at once, the latest one counts, the last can be undone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from linkedin_triage.errors import TriageError
from linkedin_triage.ledger.recording import Recorder
from linkedin_triage.ledger.store import Ledger
from linkedin_triage.ledger.times import iso

DECISIONS = ("accept", "ignore")


@dataclass(frozen=True)
class RecordedDecision:
    request_id: str
    name: str
    decision: str
    decided_at: str
    previous: str | None  # what the user had recorded before, if anything


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def record_decision(
    ledger: Ledger,
    request_id: str,
    decision: str,
    via: str = "decide",
    at: datetime | None = None,
) -> RecordedDecision:
    """Record `decision` for a known request (TriageError for an unknown id or decision)."""
    if decision not in DECISIONS:
        raise TriageError(f"decision {decision!r}: expected accept or ignore")
    with ledger.writing() as db:
        row = db.execute("SELECT name FROM requests WHERE request_id = ?", (request_id,)).fetchone()
        if row is None:
            raise TriageError(
                f"{ledger.path}: no request with id {request_id!r} "
                "(`linkedin-triage history --pending` lists the ids)"
            )
        previous = db.execute(
            "SELECT decision FROM decisions WHERE request_id = ? ORDER BY decision_id DESC LIMIT 1",
            (request_id,),
        ).fetchone()
        when = at or _utc_now()
        Recorder(db, when).decision(request_id, decision, when, via=via)
    return RecordedDecision(
        request_id, row[0], decision, iso(when), None if previous is None else previous[0]
    )


def undo_last_decision(ledger: Ledger, via: str) -> RecordedDecision | None:
    """Remove the newest decision recorded `via` this channel (the review page's undo)."""
    with ledger.writing() as db:
        row = db.execute(
            "SELECT d.decision_id, d.request_id, r.name, d.decision, d.decided_at "
            "FROM decisions AS d JOIN requests AS r USING (request_id) "
            "WHERE d.via = ? ORDER BY d.decision_id DESC LIMIT 1",
            (via,),
        ).fetchone()
        if row is None:
            return None
        db.execute("DELETE FROM decisions WHERE decision_id = ?", (row[0],))
        earlier = db.execute(
            "SELECT decision FROM decisions WHERE request_id = ? ORDER BY decision_id DESC LIMIT 1",
            (row[1],),
        ).fetchone()
    return RecordedDecision(row[1], row[2], row[3], row[4], None if earlier is None else earlier[0])
