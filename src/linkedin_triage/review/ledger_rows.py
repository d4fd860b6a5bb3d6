"""The ledger's requests, normalised and ready for a model: what the page and `status` score.

The ledger gives its requests as contract text (`build_history`); they go through the same
reader as any file (`FrameRequestsReader`), so a value the model cannot read is a reject
with its column and reason, never a crash and never a silent gap: the caller shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from linkedin_triage.ledger.history import History, build_history
from linkedin_triage.ledger.store import Ledger
from linkedin_triage.sources.frame_reader import FrameRequestsReader
from linkedin_triage.sources.requests_reader import read_all


@dataclass
class ReadRows:
    """Rows of the ledger's table through the reader: the readable ones, and why not the rest."""

    frame: pd.DataFrame  # contract.FRAME_COLUMNS; empty when no row was given
    problems: dict[str, str] = field(default_factory=dict)  # request_id -> column: reason


def read_ledger(ledger: Ledger) -> History:
    """Every request of the ledger, labelled and pending, as one requests table."""
    return build_history(ledger, which="all")


def read_rows(text_rows: pd.DataFrame, label: str) -> ReadRows:
    """`text_rows` (rows of a history table, contract text) normalised by the requests reader."""
    if text_rows.empty:
        return ReadRows(pd.DataFrame())
    table = read_all(FrameRequestsReader(text_rows.reset_index(drop=True), label=label))
    problems: dict[str, str] = {}
    for reject in table.rejects:
        this = f"{reject.column}: {reject.reason}"
        earlier = problems.get(reject.request_id)
        problems[reject.request_id] = this if earlier is None else f"{earlier}; {this}"
    return ReadRows(table.frame, problems)
