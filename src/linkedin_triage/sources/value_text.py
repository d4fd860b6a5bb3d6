"""Normalised values back as the text the contract reads: `500+`, `true`, `a; b`, ISO dates.

The ledger keeps what sources showed as contract text, so every value is parsed again by the
same parsers when a table comes out of it.
"""

from __future__ import annotations

import pandas as pd

from linkedin_triage.sources import contract


def as_contract_text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A normalised column back as the text the contract reads (`500+`, `true`, `a; b`)."""
    kind = contract.BY_NAME[column].kind
    values = frame[column]

    def one(value: object, lower_bound: bool = False) -> str | None:
        if value is None or (not isinstance(value, tuple) and pd.isna(value)):
            return None
        if kind == "count":
            return f"{int(value)}{'+' if lower_bound else ''}"  # type: ignore[call-overload]
        if kind == "bool":
            return "true" if value else "false"
        if kind == "list":
            return "; ".join(value)  # type: ignore[arg-type]
        if kind in {"date", "datetime"}:
            return pd.Timestamp(value).isoformat()
        return str(value)

    if column == "connections":
        bound = frame["connections_is_lower_bound"]
        return pd.Series([one(v, b) for v, b in zip(values, bound, strict=True)], index=frame.index)
    return values.map(one).astype(object)
