"""Vectorised building blocks shared by the signal families (features.py, fake_signals.py).

Text runs in RE2 through pyarrow (see re2_words.py): linear time, no per-row Python. Names are
compared once per distinct value, not once per row. Nothing here knows about the policy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from linkedin_triage.signals.company_names import company_tokens
from linkedin_triage.signals.word_patterns import SPACE_CHARS

# Features by name; names starting with `_` are intermediate signals shared between families.
Signals = dict[str, pd.Series]

Targets = tuple[tuple[str, ...], ...]
TokenMatcher = Callable[[tuple[str, ...], Targets], bool]


def as_float(mask: pd.Series, known: pd.Series) -> pd.Series:
    """A 0/1 signal that is NaN wherever its input was unknown."""
    return mask.astype(float).where(known, np.nan)


def text_column(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as Arrow-backed strings in NFD form, as vocab's patterns expect (NaN if missing).

    NFD, not NFC: pyarrow's `utf8_normalize` does not compose, so NFC is not to be had cheaply.
    """
    array = pc.utf8_normalize(pa.array(frame[column].astype("str"), from_pandas=True), form="NFD")
    return pd.Series(array, index=frame.index, dtype="str")


def number_column(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_numeric(frame[column], errors="coerce").astype(float)


def matches(text: pd.Series, pattern: str, ignore_case: bool = True) -> pd.Series:
    """Rows whose text contains `pattern`, run in RE2 (linear time); missing text is False."""
    hits = pc.match_substring_regex(
        pa.array(text, from_pandas=True), pattern, ignore_case=ignore_case
    )
    flags = pc.fill_null(hits, False).to_numpy(zero_copy_only=False)
    return pd.Series(flags.astype(bool), index=text.index)


def without(text: pd.Series, pattern: str) -> pd.Series:
    """The text with every match of `pattern` (any case) replaced by a space; NaN stays NaN."""
    array = pc.replace_substring_regex(pa.array(text, from_pandas=True), f"(?i){pattern}", " ")
    return pd.Series(array, index=text.index, dtype="str")


def any_matches(text: pd.Series, patterns: Iterable[str]) -> pd.Series:
    hit = pd.Series(False, index=text.index)
    for pattern in patterns:
        hit |= matches(text, pattern)
    return hit


def starts_with_any(tokens: tuple[str, ...], targets: Targets) -> bool:
    """`Capgemini Italia S.p.A.` matches `Capgemini`: same leading tokens once normalised."""
    return any(tokens[: len(t)] == t for t in targets)


def contains_any(tokens: tuple[str, ...], targets: Targets) -> bool:
    """`Università Bocconi` matches target `Bocconi`: the target's tokens appear in a row."""
    return any(
        tokens[i : i + len(t)] == t for t in targets for i in range(len(tokens) - len(t) + 1)
    )


def names_match(columns: Sequence[pd.Series], targets: Targets, matcher: TokenMatcher) -> pd.Series:
    """1 if any name in the columns (a name, or a tuple of names) matches a target.

    NaN when every column is unknown. Each distinct name is normalised and compared once;
    rows are handled by numpy (company names repeat a lot, rows are many).
    """
    index = columns[0].index
    known = np.zeros(len(index), dtype=bool)
    positions, names = [], []
    for column in columns:
        values = pd.Series(column.to_numpy(object), index=np.arange(len(index)))
        known |= values.notna().to_numpy()
        exploded = values.explode().dropna()  # tuples -> one row per name, strings stay
        positions.append(exploded.index.to_numpy(np.int64))
        names.append(exploded.to_numpy(object))
    hit = np.zeros(len(index), dtype=bool)
    all_names = np.concatenate(names)
    if targets and len(all_names):
        codes, uniques = pd.factorize(all_names)
        unique_hit = np.array(
            [isinstance(u, str) and matcher(company_tokens(u), targets) for u in uniques],
            dtype=bool,
        )
        hit[np.concatenate(positions)[unique_hit[codes]]] = True
    return pd.Series(np.where(known, hit.astype(float), np.nan), index=index)


def word_counts(text: pd.Series) -> pd.Series:
    """Words (runs of non-space, any Unicode space) per row, counted in RE2 through Arrow: no
    Python loop per row, linear in the text. 0 when the text is missing."""
    counts = pc.count_substring_regex(pa.array(text, from_pandas=True), rf"[^{SPACE_CHARS}]+")
    return pd.Series(pc.fill_null(counts, 0).to_numpy(zero_copy_only=False), index=text.index)
