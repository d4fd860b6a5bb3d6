"""Writing what sources showed into the ledger, inside the caller's transaction.

A sighting becomes a new request or an observation of a known one (matching.py decides);
every value it showed is kept with when it was observed. Inserting the same observation
twice changes nothing (a unique key), which is what makes ingesting a source again a no-op.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import pandas as pd

from linkedin_triage.ledger.identity import fold_names, profile_key, public_profile_url
from linkedin_triage.ledger.matching import KnownRequest, RequestIndex
from linkedin_triage.ledger.times import iso
from linkedin_triage.sources.sightings import Sighting

FORGET_SALT = "forget_salt"


def load_index(db: sqlite3.Connection) -> RequestIndex:
    first_seen = dict(
        db.execute("SELECT request_id, MIN(observed_at) FROM observations GROUP BY request_id")
    )
    rows = db.execute(
        "SELECT request_id, name_key, profile_key, invitation_id, user_id, received_at, "
        "received_within_s FROM requests"
    ).fetchall()
    known = []
    for rid, name, key, invitation, user, received, within in rows:
        arrived = pd.Timestamp(received).to_pydatetime()
        seen = first_seen.get(rid)
        known.append(
            KnownRequest(
                rid, name, key, invitation, user, arrived, timedelta(seconds=within),
                pd.Timestamp(seen).to_pydatetime() if seen else arrived,
            )
        )  # fmt: skip
    return RequestIndex(known)


class Forgotten:
    """People erased with `forget`, known only by salted hashes of their link or name."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        row = db.execute("SELECT value FROM settings WHERE key = ?", (FORGET_SALT,)).fetchone()
        self.salt = row[0] if row else None
        self.hashes = {h for (h,) in db.execute("SELECT key_hash FROM forgotten")}

    def _hash(self, kind: str, value: str) -> str:
        if self.salt is None:
            self.salt = secrets.token_hex(16)
            self.db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)", (FORGET_SALT, self.salt)
            )
        return hashlib.sha256(f"{self.salt}\x1f{kind}\x1f{value}".encode()).hexdigest()

    def remember(self, key: str | None, name_key: str | None) -> None:
        for kind, value in (("profile", key), ("name", name_key)):
            if value:
                digest = self._hash(kind, value)
                self.hashes.add(digest)
                self.db.execute("INSERT OR IGNORE INTO forgotten VALUES (?)", (digest,))

    def covers(self, key: str | None, name_key: str) -> bool:
        if not self.hashes:
            return False
        return any(
            self._hash(kind, value) in self.hashes
            for kind, value in (("profile", key), ("name", name_key))
            if value
        )


class Recorder:
    """Records one run's sightings, connections and decisions; counts what changed."""

    def __init__(self, db: sqlite3.Connection, now: datetime):
        self.db = db
        self.now = now
        self.index = load_index(db)
        self.forgotten = Forgotten(db)
        self.counts: Counter[str] = Counter()
        # A batch's new requests (request, name, link as shown), written once it is matched,
        # with whatever the rest of the batch taught about them.
        self._new: dict[str, tuple[KnownRequest, str, str | None]] = {}

    def add_source(
        self, kind: str, sha256: str, file_name: str, export_date: str | None = None
    ) -> int:
        cursor = self.db.execute(
            "INSERT INTO sources (kind, sha256, file_name, ingested_at, export_date) "
            "VALUES (?, ?, ?, ?, ?)",
            (kind, sha256, file_name, iso(self.now), export_date),
        )
        return int(cursor.lastrowid or 0)

    def known_source(self, sha256: str) -> tuple[str, str] | None:
        row = self.db.execute(
            "SELECT file_name, ingested_at FROM sources WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return None if row is None else (row[0], row[1])

    # -- sightings -------------------------------------------------------------------------------
    def sightings(self, source_id: int, sightings: Sequence[Sighting]) -> list[str | None]:
        """Record a batch of sightings; the request_id of each (None: a forgotten person).

        Names are folded for the whole batch at once and rows are written in bulk: an export
        holds tens of thousands of invitations. Matching stays one sighting at a time, in
        order, so an invitation repeated in the same batch is matched to the first.
        """
        names = fold_names([s.name for s in sightings])
        self._new = {}
        observation_rows: list[tuple[object, ...]] = []
        request_ids: list[str | None] = []
        for sighting, name_key in zip(sightings, names, strict=True):
            key = profile_key(sighting.profile_url)
            if self.forgotten.covers(key, name_key):
                self.counts["forgotten"] += 1
                request_ids.append(None)
                continue
            request = self.index.match(sighting, key, name_key)
            if request is None:
                request = self._new_request(sighting, key, name_key)
                self.counts["new_requests"] += 1
            else:
                self._learn(request, sighting, key)
                self.counts["matched"] += 1
            observed = iso(sighting.observed_at)
            observation_rows += [
                (request.request_id, source_id, observed, column, value)
                for column, value in (("name", sighting.name), *sighting.columns.items())
                if value is not None and str(value).strip()
            ]
            request_ids.append(request.request_id)
        self.db.executemany(
            "INSERT INTO requests (request_id, name, name_key, profile_url, profile_key, "
            "invitation_id, user_id, received_at, received_within_s) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    r.request_id, name, r.name_key, public_profile_url(r.profile_key) or shown,
                    r.profile_key, r.invitation_id, r.user_id, iso(r.received_at),
                    int(r.received_within.total_seconds()),
                )
                # In id order: B-tree inserts in key order are much faster than at random.
                for r, name, shown in sorted(self._new.values(), key=lambda n: n[0].request_id)
            ],
        )  # fmt: skip
        self._insert_observations(observation_rows)
        for sighting, request_id in zip(sightings, request_ids, strict=True):
            if request_id is not None and sighting.decision in {"accept", "ignore"}:
                decided = sighting.decided_at or sighting.observed_at
                self.decision(request_id, sighting.decision, decided, via="table")
        return request_ids

    def _new_request(self, sighting: Sighting, key: str | None, name_key: str) -> KnownRequest:
        request = KnownRequest(
            request_id=self._new_id(sighting, key, name_key),
            name_key=name_key,
            profile_key=key,
            invitation_id=sighting.invitation_id,
            user_id=sighting.user_id,
            received_at=min(sighting.received_at, sighting.observed_at),
            received_within=sighting.received_within,
            first_seen=sighting.observed_at,
        )
        self._new[request.request_id] = (request, sighting.name, sighting.profile_url)
        self.index.add(request)
        return request

    def _new_id(self, sighting: Sighting, key: str | None, name_key: str) -> str:
        """The user's own id where their table gave one, else a stable hash of who and when."""
        if sighting.user_id and sighting.user_id not in self.index.by_id:
            return sighting.user_id
        seed = f"{key or ''}\x1f{name_key}\x1f{iso(sighting.received_at)}"
        for attempt in range(100):
            digest = hashlib.sha256(f"{seed}\x1f{attempt}".encode()).hexdigest()
            if (candidate := f"r-{digest[:12]}") not in self.index.by_id:
                return candidate
        raise RuntimeError("no free request id after 100 attempts")  # 2^48 ids: a bug

    def _learn(self, request: KnownRequest, sighting: Sighting, key: str | None) -> None:
        before = (
            request.invitation_id,
            request.user_id,
            request.profile_key,
            request.received_at,
            request.received_within,
        )  # first_seen is not stored: it is the earliest observation
        self.index.learn(request, sighting, key)
        if request.request_id in self._new:
            return  # not written yet: it is written with what it learnt
        after = (
            request.invitation_id,
            request.user_id,
            request.profile_key,
            request.received_at,
            request.received_within,
        )
        if after == before:
            return
        self.db.execute(
            "UPDATE requests SET invitation_id = ?, user_id = ?, profile_key = ?, "
            "profile_url = COALESCE(?, profile_url), received_at = ?, received_within_s = ? "
            "WHERE request_id = ?",
            (
                request.invitation_id,
                request.user_id,
                request.profile_key,
                public_profile_url(request.profile_key),
                iso(request.received_at),
                int(request.received_within.total_seconds()),
                request.request_id,
            ),
        )

    def observations(
        self,
        source_id: int,
        request_id: str,
        observed_at: datetime,
        values: Iterable[tuple[str, str]],
    ) -> None:
        self._insert_observations(
            [
                (request_id, source_id, iso(observed_at), column, value)
                for column, value in values
                if value is not None and str(value).strip()
            ]
        )

    def _insert_observations(self, rows: list[tuple[object, ...]]) -> None:
        rows.sort(key=lambda row: str(row[0]))  # in request_id order, as the index is
        before = self.db.total_changes
        self.db.executemany(
            "INSERT OR IGNORE INTO observations "
            "(request_id, source_id, observed_at, column_name, value) VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        self.counts["new_observations"] += self.db.total_changes - before

    # -- labels ------------------------------------------------------------------------------------
    def decision(self, request_id: str, decision: str, decided_at: datetime, via: str) -> None:
        """Record a decision unless the very same one is already recorded (re-ingested table)."""
        same = self.db.execute(
            "SELECT 1 FROM decisions WHERE request_id = ? AND decision = ? AND decided_at = ? "
            "AND via = ?",
            (request_id, decision, iso(decided_at), via),
        ).fetchone()
        if same is None:
            self.db.execute(
                "INSERT INTO decisions (request_id, decision, decided_at, via) VALUES (?, ?, ?, ?)",
                (request_id, decision, iso(decided_at), via),
            )
            self.counts["new_decisions"] += 1

    def connections(self, source_id: int, connections: pd.DataFrame) -> None:
        """Who is connected and since when; blank rows (hidden accounts) are counted, not kept."""
        rows = []
        names = fold_names(connections["name"].to_list())
        dates = [iso(d) if not pd.isna(d) else None for d in connections["connected_on"]]
        for name_key, url, on in zip(names, connections["profile_url"], dates, strict=True):
            key = profile_key(url)
            if on is None or not (name_key or key):
                self.counts["connections_unusable"] += 1
                continue
            if self.forgotten.covers(key, name_key):
                self.counts["forgotten"] += 1
                continue
            rows.append((source_id, name_key, key or "", on, source_id))
        known = self.db.execute("SELECT COUNT(*) FROM connections").fetchone()[0]
        # A connection listed again stays as first recorded, and notes the latest export.
        self.db.executemany(
            "INSERT INTO connections "
            "(source_id, name_key, profile_key, connected_on, last_source_id) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name_key, profile_key, connected_on) "
            "DO UPDATE SET last_source_id = excluded.last_source_id",
            rows,
        )
        now_known = self.db.execute("SELECT COUNT(*) FROM connections").fetchone()[0]
        self.counts["new_connections"] += now_known - known
