"""The request ledger: every request seen in any source, labelled from what happens next.

One SQLite file (`data/ledger.sqlite` by default). `store` opens and verifies it and runs
every change in one transaction; `schema` holds the versions and forward migrations;
`identity` and `matching` tell which known request a sighting is; `recording` writes
sightings, connections and decisions; `labels` resolves labels in the contract's order;
`history` gives the ledger back as a requests table (values as first observed, nothing
observed after a decision); `ingest` reads sources into it; `decisions` records the user's
own; `erasure` forgets a person.

May import: storage, sources and the shared root modules.
"""
