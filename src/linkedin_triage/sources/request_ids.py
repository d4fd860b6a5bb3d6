"""Request ids: deriving one for every row, and remembering which ids a file already had."""

from __future__ import annotations

import numpy as np
import pandas as pd

from linkedin_triage.sources import parsing


def request_ids(frame: pd.DataFrame) -> pd.Series:
    """Given id, else the profile URL, else a stable hash of name + received_at."""
    ids = frame["request_id"].astype(object)
    ids = ids.where(ids.notna(), frame["profile_url"])
    # Only from a valid name and time: a row whose time is unreadable is rejected anyway,
    # and a hash of "no time" would make unrelated bad rows look like duplicates.
    need = ids.isna() & frame["name"].notna() & frame["received_at"].notna()
    if need.any():
        hashed = [
            parsing.stable_request_id(str(n), t.isoformat())
            for n, t in zip(frame.loc[need, "name"], frame.loc[need, "received_at"], strict=True)
        ]
        ids.loc[need] = hashed
    return ids.where(ids.notna(), None).astype(object)


class SeenRequestIds:
    """The request ids met so far in one file, each with the row it first appeared on.

    Seen ids are kept as sorted 64-bit hashes with their first row: 16 bytes per id
    instead of a dict of strings, so a million-row file stays small in memory. A false
    duplicate needs a 64-bit collision (about 3 in 10^8 for 10^6 distinct ids) and even
    then it is reported, never merged silently.
    """

    def __init__(self) -> None:
        self._hashes = np.empty(0, dtype=np.uint64)
        self._rows = np.empty(0, dtype=np.int64)

    def duplicates(self, ids: pd.Series, rows: pd.Series) -> tuple[np.ndarray, list[int]]:
        """Which rows repeat an id seen earlier (this chunk or before), and where first."""
        candidate = ids.notna().to_numpy()
        duplicate = np.zeros(len(ids), dtype=bool)
        if not candidate.any():
            return duplicate, []
        hashes = pd.util.hash_array(ids[candidate].to_numpy(object))
        candidate_rows = rows[candidate].to_numpy(np.int64)
        seen_before, first_row = self._lookup(hashes)
        # this chunk: the first occurrence wins
        new_hashes = pd.Index(hashes[~seen_before])
        first_here = ~new_hashes.duplicated(keep="first")
        owners = pd.Index(new_hashes[first_here])
        owner_rows = candidate_rows[~seen_before][first_here]
        within = np.zeros(len(hashes), dtype=bool)
        within[~seen_before] = ~first_here
        first_row[within] = owner_rows[owners.get_indexer(hashes[within])]
        self._remember(owners.to_numpy(np.uint64), owner_rows)
        repeated = seen_before | within
        duplicate[np.flatnonzero(candidate)[repeated]] = True
        return duplicate, [int(r) for r in first_row[repeated]]

    def _lookup(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each hash: was it seen in an earlier chunk, and at which row."""
        if not len(self._hashes):
            return np.zeros(len(hashes), dtype=bool), np.zeros(len(hashes), dtype=np.int64)
        position = np.searchsorted(self._hashes, hashes).clip(max=len(self._hashes) - 1)
        found = self._hashes[position] == hashes
        return found, np.where(found, self._rows[position], 0)

    def _remember(self, hashes: np.ndarray, rows: np.ndarray) -> None:
        merged = np.concatenate([self._hashes, hashes])
        order = np.argsort(merged, kind="stable")
        self._hashes = merged[order]
        self._rows = np.concatenate([self._rows, rows])[order]
