"""A requests table that is already in memory (the ledger's rows), read like any file.

The ledger gives its requests as contract text; running them through the same reader as a
file means every value is parsed, checked and rejected exactly as `validate` would, and
messages name the ledger instead of a temporary file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.sources import contract
from linkedin_triage.sources.date_order import DateOrder
from linkedin_triage.sources.rejects import Reject
from linkedin_triage.sources.request_ids import SeenRequestIds
from linkedin_triage.sources.requests_reader import DEFAULT_CHUNK_ROWS, RequestsReader


@dataclass(frozen=True)
class FrameRecords:
    """Raw text frames from an in-memory table, `chunk_rows` rows at a time, rows from 1."""

    frame: pd.DataFrame
    chunk_rows: int

    def chunks(self) -> Iterator[tuple[pd.DataFrame, list[Reject]]]:
        for start in range(0, len(self.frame), self.chunk_rows):
            chunk = self.frame.iloc[start : start + self.chunk_rows].astype("string")
            chunk.index = pd.RangeIndex(start + 1, start + 1 + len(chunk))
            yield chunk, []


class FrameRequestsReader(RequestsReader):
    """`RequestsReader` over a DataFrame of text cells; `label` names it in messages."""

    def __init__(self, frame: pd.DataFrame, label: str, chunk_rows: int = DEFAULT_CHUNK_ROWS):
        # Not RequestsReader.__init__: there is no file to find, sniff or decode.
        if chunk_rows < 1:
            raise TriageError(f"chunk size must be at least 1 (got {chunk_rows})")
        self.path = Path(label)
        self.chunk_rows = chunk_rows
        self.notices = []
        self.format = "frame"
        self.encoding = "utf-8"
        self.delimiter = ","
        self.headers = [str(c) for c in frame.columns]
        self.columns = contract.map_columns(self.headers)
        self.missing_required = [c for c in contract.REQUIRED if c not in self.columns.canonical]
        if self.missing_required:
            raise TriageError(f"{label}: missing required column(s): {self.missing_required}")
        self._raw = FrameRecords(frame.set_axis(self.headers, axis=1), chunk_rows)  # type: ignore[assignment]
        self._set_up_dates(DateOrder.DETECT)  # the ledger writes ISO 8601: nothing to decide
        self._seen_ids = SeenRequestIds()
        self.n_read = 0
        self.n_rejected_rows = 0
