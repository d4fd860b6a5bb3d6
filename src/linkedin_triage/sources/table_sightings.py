"""A requests table as the ledger reads it: every valid row a sighting, every bad row reported.

Rows are read and checked by the same reader as every other command (so a value is accepted
here exactly when `validate` accepts it), then kept as contract text. A row's `decision`
becomes the user's own label; its `request_id`, when the file has that column, stays the
request's id so `decide` and the review page can use the ids the user knows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.sources import contract
from linkedin_triage.sources.content_hash import file_sha256
from linkedin_triage.sources.date_order import DateOrder
from linkedin_triage.sources.requests_reader import RequestsReader
from linkedin_triage.sources.sightings import Sighting, Unparsed
from linkedin_triage.sources.value_text import as_contract_text

# Not observations: who and when (the request itself) and what became of it (the label).
_NOT_OBSERVED = {"request_id", "name", "received_at", "profile_url", "decision", "decided_at"}
OBSERVED_COLUMNS = tuple(
    c.name for c in contract.COLUMNS if c.name not in _NOT_OBSERVED and c.kind != "photo_url"
)
OBSERVED_AT_COLUMN = "observed_at"


@dataclass
class TableSightings:
    path: Path
    sha256: str
    sightings: list[Sighting]
    unparsed: list[Unparsed]
    n_read: int
    extras: tuple[str, ...]  # columns the ledger does not keep
    notices: list[str] = field(default_factory=list)


def read_table_sightings(path: Path, date_order: DateOrder = DateOrder.DETECT) -> TableSightings:
    """Every row of a requests table as a sighting (bad rows as unparsed items).

    `observed_at` is read like the contract's date columns, day-first or month-first as the
    whole column (or `date_order`) says.
    """
    reader = RequestsReader(Path(path), date_order=date_order)
    has_ids = "request_id" in reader.columns.canonical
    observed_header = next(
        (h for h in reader.columns.extras if h.strip().lower() == OBSERVED_AT_COLUMN), None
    )
    sightings: list[Sighting] = []
    unparsed: list[Unparsed] = []
    for chunk in reader.chunks():
        unparsed += [
            Unparsed(f"{path}, row {r.row}", f"{r.column}: {r.reason} ({r.value!r})")
            for r in chunk.rejects
        ]
        frame = chunk.frame
        observed = frame["received_at"]
        if observed_header is not None:
            parsed, problems = reader.parse_dates(observed_header, chunk.extras[observed_header])
            parsed.index = frame.index
            for row, problem in zip(frame["row"], problems, strict=True):
                if problem is not None:
                    unparsed.append(Unparsed(f"{path}, row {row}", f"{observed_header}: {problem}"))
            observed = parsed.fillna(frame["received_at"])
            keep = problems.isna().to_numpy()
            frame, observed = frame[keep], observed[keep]
        text = pd.DataFrame({c: as_contract_text(frame, c) for c in OBSERVED_COLUMNS})
        for position, (index, row) in enumerate(frame.iterrows()):
            columns = {c: v for c, v in text.loc[index].items() if v is not None}
            sightings.append(
                Sighting(
                    name=str(row["name"]),
                    received_at=pd.Timestamp(row["received_at"]).to_pydatetime(),
                    observed_at=pd.Timestamp(observed.iloc[position]).to_pydatetime(),
                    profile_url=row["profile_url"],
                    columns=columns,
                    origin=f"{path}, row {row['row']}",
                    user_id=str(row["request_id"]) if has_ids else None,
                    decision=row["decision"],
                    decided_at=None
                    if pd.isna(row["decided_at"])
                    else pd.Timestamp(row["decided_at"]).to_pydatetime(),
                )
            )
    if reader.n_read == 0:
        raise TriageError(f"{path}: the table has a header but no rows")
    return TableSightings(
        path=Path(path),
        sha256=file_sha256(path),
        sightings=sightings,
        unparsed=unparsed,
        n_read=reader.n_read,
        extras=tuple(h for h in reader.columns.extras if h != observed_header),
        notices=list(reader.notices),
    )
