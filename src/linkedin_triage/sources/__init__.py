"""Files in: reading what the user has into the requests-table contract.

Owns the contract (`contract`), raw CSV / Parquet / JSON Lines records (`raw_formats`), cell
parsers (`parsing`), the normalising reader with its rejects (`requests_reader`, `rejects`),
request ids (`request_ids`), LinkedIn's own data export (`linkedin_export/`), and the
invitation emails (`invitation_emails/`) and invitations page (`invitations_page/`) read as
sightings (`sightings`).

May import: only the shared modules at the package root (errors, console, policy, countries).
It is the lowest stage: it knows nothing of what is done with the rows it reads.
"""
