"""Where a command reads requests: a requests table file, or the ledger in its place.

The contract lets a ledger be given wherever a requests table is read: `train` and
`evaluate` read its labelled requests, `predict`, `rules` and `explain` its pending ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from linkedin_triage.errors import TriageError
from linkedin_triage.ledger.history import build_history
from linkedin_triage.ledger.store import Ledger, is_ledger_file
from linkedin_triage.sources.date_order import DateOrder
from linkedin_triage.sources.frame_reader import FrameRequestsReader
from linkedin_triage.sources.requests_reader import (
    DEFAULT_CHUNK_ROWS,
    RequestsReader,
    Table,
    read_all,
)

Wanted = Literal["labelled", "pending"]


def open_requests(
    path: Path,
    wanted: Wanted,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    date_order: DateOrder = DateOrder.DETECT,
) -> RequestsReader:
    """A reader over the file, or over the ledger's `wanted` requests if `path` is a ledger.

    `date_order` says how the file's numeric dates are read (sources/date_order.py); the
    ledger's own dates are ISO 8601 and need none.
    """
    path = Path(path)
    if path.is_file() and is_ledger_file(path):
        with Ledger.open(path) as ledger:
            history = build_history(ledger, which=wanted)
        if history.frame.empty:
            raise TriageError(
                f"{path}: the ledger holds no {wanted} requests "
                f"({history.n_labelled} labelled, {history.pending} pending)"
            )
        return FrameRequestsReader(
            history.frame, label=f"{path} ({wanted} requests)", chunk_rows=chunk_rows
        )
    return RequestsReader(path, chunk_rows=chunk_rows, date_order=date_order)


def read_table(path: Path, wanted: Wanted, date_order: DateOrder = DateOrder.DETECT) -> Table:
    """The whole table (or the ledger's `wanted` requests) in memory."""
    return read_all(open_requests(path, wanted, date_order=date_order))
