"""The ledger's SQLite schema, its versions and the forward migrations between them.

`PRAGMA user_version` holds the schema version and `PRAGMA application_id` marks the file as
a linkedin-triage ledger, so another SQLite file (or a corrupt one) is refused with a clear
message instead of being taken for an empty ledger. Migrations only ever run forward, each in
the same transaction as the version bump: a ledger is at one version or the next, never between.
"""

from __future__ import annotations

# "LTLG" (linkedin-triage ledger) as a 32-bit integer.
APPLICATION_ID = 0x4C544C47

MIGRATIONS: tuple[str, ...] = (
    # 1: requests, every sighting as observations, connections, the user's decisions.
    """
    CREATE TABLE sources (
        source_id    INTEGER PRIMARY KEY,
        kind         TEXT NOT NULL,
        sha256       TEXT NOT NULL UNIQUE,
        file_name    TEXT NOT NULL,
        ingested_at  TEXT NOT NULL,
        export_date  TEXT
    );
    CREATE TABLE requests (
        request_id     TEXT PRIMARY KEY,
        name           TEXT NOT NULL,
        name_key       TEXT NOT NULL,
        profile_url    TEXT,
        profile_key    TEXT,
        invitation_id  TEXT,
        user_id        TEXT,
        received_at    TEXT NOT NULL
    );
    CREATE INDEX requests_by_name ON requests (name_key);
    CREATE INDEX requests_by_profile ON requests (profile_key);
    CREATE UNIQUE INDEX requests_by_invitation ON requests (invitation_id);
    CREATE UNIQUE INDEX requests_by_user_id ON requests (user_id);
    CREATE TABLE observations (
        request_id   TEXT NOT NULL REFERENCES requests (request_id) ON DELETE CASCADE,
        source_id    INTEGER NOT NULL REFERENCES sources (source_id),
        observed_at  TEXT NOT NULL,
        column_name  TEXT NOT NULL,
        value        TEXT NOT NULL,
        UNIQUE (request_id, column_name, observed_at, value)
    );
    CREATE TABLE connections (
        source_id     INTEGER NOT NULL REFERENCES sources (source_id),
        name_key      TEXT NOT NULL,
        profile_key   TEXT NOT NULL,
        connected_on  TEXT NOT NULL,
        UNIQUE (name_key, profile_key, connected_on)
    );
    CREATE INDEX connections_by_profile ON connections (profile_key);
    CREATE TABLE decisions (
        decision_id  INTEGER PRIMARY KEY,
        request_id   TEXT NOT NULL REFERENCES requests (request_id) ON DELETE CASCADE,
        decision     TEXT NOT NULL CHECK (decision IN ('accept', 'ignore')),
        decided_at   TEXT NOT NULL
    );
    CREATE INDEX decisions_by_request ON decisions (request_id);
    """,
    # 2: sources that only know roughly when a request arrived ("2 weeks ago" on the
    # invitations page), where each decision came from (decide, review page, a table), the
    # last export that listed each connection (the network as it is now), and people erased
    # with `forget`, remembered only as salted hashes so a later export does not bring them
    # back.
    """
    ALTER TABLE requests ADD COLUMN received_within_s INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE connections ADD COLUMN last_source_id INTEGER REFERENCES sources (source_id);
    UPDATE connections SET last_source_id = source_id;
    ALTER TABLE decisions ADD COLUMN via TEXT NOT NULL DEFAULT 'decide';
    CREATE TABLE forgotten (
        key_hash  TEXT PRIMARY KEY
    );
    CREATE TABLE settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
    );
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
