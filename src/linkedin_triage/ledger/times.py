"""How the ledger writes and reads times: ISO 8601 text in naive UTC, which sorts as time does.

A ledger holds times with and without fractional seconds side by side (an export's `7:35 AM`,
`decide`'s clock, a file's modification time), so reading them back must not assume one
format for a whole column.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd


def iso(moment: datetime | pd.Timestamp) -> str:
    """`2026-06-27T07:35:00` (with `.250000` when there are fractions of a second)."""
    # datetime.isoformat is the same text as pd.Timestamp's, without building a Timestamp.
    return moment.isoformat() if isinstance(moment, datetime) else pd.Timestamp(moment).isoformat()


def times(values: pd.Series) -> pd.Series:
    """Stored ISO text (or datetimes already) as datetime64; None and NaT stay missing."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    return pd.to_datetime(values, format="ISO8601")
