"""The one signal that reads other rows: the same About or note text in several requests.

A farm of fake profiles sends requests from many accounts within days, each with the same
About text or the same note. No single row shows it; the batch does.

What "one batch" is, so that training and predicting mean the same thing:
- the requests of one table as the transformer sees it: the whole history in `train`, one
  chunk of `--chunk-rows` (20,000 by default) in `predict` and `rules`;
- received at most REPEAT_WINDOW_DAYS before the request (or at the same minute). Only
  earlier requests count: a feature may use only what was knowable when its request
  arrived, so a request is never flagged because of one that came later;
- only their text is read, never their decisions (the leakage rule: labels never feed
  features).
The window, not the table, bounds the batch: a ten-year history and a week of pending
requests flag the same pairs. What it cannot see: a repeat whose first copy sits in another
file (the history, when predicting pending requests) or across a chunk boundary.

Generic lines are not repeats worth flagging: LinkedIn's default "I'd like to add you to my
professional network" and "Let's connect!" are sent by everyone, so notes the note signals
call generic, and texts under MIN_REPEATED_CHARS characters, are left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

REPEAT_WINDOW_DAYS = 7
MIN_REPEATED_CHARS = 40


def _normalised(column: pd.Series) -> pd.Series:
    """Lower case, every run of spaces one space, trimmed: what copy-paste keeps the same."""
    array = pa.array(column.astype("str"), from_pandas=True)
    array = pc.utf8_trim_whitespace(pc.replace_substring_regex(pc.utf8_lower(array), r"\s+", " "))
    return pd.Series(array, index=column.index, dtype="str")


def _repeated(text: pd.Series, minutes: np.ndarray, dated: np.ndarray) -> np.ndarray:
    """Rows whose text appeared in an earlier row (or the same minute) within the window."""
    codes, _ = pd.factorize(text, use_na_sentinel=True)
    flagged = np.zeros(len(text), dtype=bool)
    usable = (codes >= 0) & dated
    rows = np.flatnonzero(usable)
    if len(rows) < 2:
        return flagged
    order = rows[np.lexsort((minutes[rows], codes[rows]))]
    same = codes[order][1:] == codes[order][:-1]
    gap = minutes[order][1:] - minutes[order][:-1]
    window = REPEAT_WINDOW_DAYS * 24 * 60
    # The later of two close copies is a repeat; so is the earlier one when both came at once.
    flagged[order[1:][same & (gap <= window)]] = True
    flagged[order[:-1][same & (gap == 0)]] = True
    return flagged


def repeated_text(frame: pd.DataFrame, generic_note: pd.Series) -> pd.Series:
    """1.0 where the About or the (non-generic) note repeats an earlier request's, else 0.0.

    Args:
        frame: the normalised requests of one batch (see the module docstring).
        generic_note: rows whose note is a generic line (left out).
    """
    received = pd.to_datetime(frame["received_at"], errors="coerce")
    minutes = received.to_numpy("datetime64[m]").astype("int64")
    dated = received.notna().to_numpy()
    hit = np.zeros(len(frame), dtype=bool)
    for column, leave_out in (("about", None), ("message", generic_note)):
        text = _normalised(frame[column])
        short = text.str.len().fillna(0).to_numpy() < MIN_REPEATED_CHARS
        if leave_out is not None:
            short |= leave_out.to_numpy(bool)
        hit |= _repeated(text.where(~short), minutes, dated)
    return pd.Series(hit.astype(float), index=frame.index)
