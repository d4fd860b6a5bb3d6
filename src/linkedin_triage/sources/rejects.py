"""The reject record: one refused cell or row, shared by the readers and the rejects file."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Reject:
    """One bad cell (or bad record): where it is and why it was refused."""

    row: int
    request_id: str
    column: str
    value: str
    reason: str


def cell_text(value: object) -> str:
    """A cell as text; missing (None, NaN, NA) becomes the empty string."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def shorten(value: object, limit: int = 200) -> str:
    """A cell's text cut for the rejects file: a hostile cell can be megabytes long."""
    text = cell_text(value)
    return text if len(text) <= limit else text[:limit] + "…"
