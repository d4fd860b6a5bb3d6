"""Every metric with its 95% interval, and the reliability bins behind the ECE.

Intervals are percentile bootstrap intervals, except for the precision of the automatic
decisions: a proportion of a few decided rows gets its Wilson score interval (`_wilson`).

Every metric is computed from "how many times each row is drawn" (a count per row), so the
point estimate (every row once) and the bootstrap resamples (rows drawn with replacement)
go through the same vectorised code, a block of resamples at a time.

ECE (expected calibration error) uses 10 equal-mass bins: the rows are sorted by predicted
probability and the k-th of n sorted rows (k from 0) goes to bin floor(10 k / n);
ECE = sum over bins of (rows in bin / n) * |mean predicted - observed accept rate|.
Rows with tied probabilities count with their tie group's accept rate, so the result does
not depend on the order of ties (the rules' banded score has many).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

METRIC_NAMES: tuple[str, ...] = (
    "roc_auc",
    "pr_auc",
    "log_loss",
    "brier",
    "ece",
    "accuracy",
    "accept_precision",
    "accept_coverage",
    "ignore_precision",
    "ignore_coverage",
    "coverage",
)
ECE_BINS = 10
LOG_LOSS_EPS = 1e-15
CONFIDENCE = 0.95
# Resamples are processed in blocks of about this many (resample, row) cells: bounded memory.
BLOCK_CELLS = 2_000_000


@dataclass
class Metric:
    """A point estimate with its 95% interval (NaN where undefined)."""

    value: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float | None]:
        return {
            k: _json_float(v)
            for k, v in (("value", self.value), ("low", self.low), ("high", self.high))
        }


def _json_float(value: float) -> float | None:
    """NaN is not JSON: write it as null."""
    return None if not np.isfinite(value) else float(value)


# -- the metrics, on a matrix of draw counts (one row per resample) ------------------------------
@dataclass
class _Rows:
    """The evaluated rows, prepared once for all resamples."""

    y: np.ndarray  # 0/1
    p: np.ndarray
    order: np.ndarray  # row indices sorted by p ascending (stable)
    group_starts: np.ndarray  # where each distinct p value starts in `order`
    row_loss: np.ndarray
    row_brier: np.ndarray
    row_correct: np.ndarray
    accept: np.ndarray  # decided accept (bool)
    ignore: np.ndarray

    @classmethod
    def build(cls, y: np.ndarray, p: np.ndarray, decisions: np.ndarray) -> _Rows:
        order = np.argsort(p, kind="stable")
        sorted_p = p[order]
        starts = np.flatnonzero(np.r_[True, sorted_p[1:] != sorted_p[:-1]])
        clipped = np.clip(p, LOG_LOSS_EPS, 1 - LOG_LOSS_EPS)
        return cls(
            y=y,
            p=p,
            order=order,
            group_starts=starts,
            row_loss=-(y * np.log(clipped) + (1 - y) * np.log(1 - clipped)),
            row_brier=(p - y) ** 2,
            row_correct=((p >= 0.5) == (y == 1)).astype(float),
            accept=decisions == "accept",
            ignore=decisions == "ignore",
        )


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(
            denominator > 0, numerator / np.where(denominator > 0, denominator, 1), np.nan
        )


def _grouped(rows: _Rows, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drawn accepts and ignores per distinct probability (ascending), per resample."""
    sorted_counts = counts[:, rows.order].astype(float)
    y_sorted = rows.y[rows.order]
    pos = np.add.reduceat(sorted_counts * y_sorted, rows.group_starts, axis=1)
    neg = np.add.reduceat(sorted_counts * (1 - y_sorted), rows.group_starts, axis=1)
    return pos, neg


def _ranking_metrics(pos: np.ndarray, neg: np.ndarray) -> dict[str, np.ndarray]:
    """ROC AUC (ties count one half) and average precision, per resample; NaN with one class."""
    n_pos, n_neg = pos.sum(axis=1), neg.sum(axis=1)
    neg_below = np.cumsum(neg, axis=1) - neg
    auc = _ratio((pos * (neg_below + 0.5 * neg)).sum(axis=1), n_pos * n_neg)
    # Average precision as scikit-learn defines it: thresholds from the highest score down,
    # each step weighted by the recall it adds.
    tp = np.cumsum(pos[:, ::-1], axis=1)
    predicted = tp + np.cumsum(neg[:, ::-1], axis=1)
    precision = np.where(predicted > 0, tp / np.where(predicted > 0, predicted, 1), 0.0)
    ap = _ratio((pos[:, ::-1] * precision).sum(axis=1), n_pos)
    defined = (n_pos > 0) & (n_neg > 0)
    return {"roc_auc": np.where(defined, auc, np.nan), "pr_auc": np.where(defined, ap, np.nan)}


def _ece(rows: _Rows, counts: np.ndarray, pos: np.ndarray, neg: np.ndarray) -> np.ndarray:
    """Equal-mass-bin ECE per resample (see the module docstring)."""
    n_resamples, n = counts.shape
    rank_of_row = np.empty(n, dtype=np.int64)
    rank_of_row[rows.order] = np.arange(n)
    group_of_rank = np.cumsum(np.isin(np.arange(n), rows.group_starts)) - 1
    # Expand each resample to its drawn rows, in sorted-probability order.
    drawn = np.repeat(np.tile(rank_of_row, n_resamples), counts.ravel())
    drawn = np.sort(drawn.reshape(n_resamples, n), axis=1)
    # A row's observed outcome is its tie group's accept rate, so the order of ties is moot.
    group_rate = _ratio(pos, pos + neg)
    observed = np.take_along_axis(group_rate, group_of_rank[drawn], axis=1)
    starts = np.flatnonzero(np.r_[True, np.diff((ECE_BINS * np.arange(n)) // n) > 0])
    sum_p = np.add.reduceat(rows.p[rows.order[drawn]], starts, axis=1)
    sum_y = np.add.reduceat(observed, starts, axis=1)
    return np.abs(sum_p - sum_y).sum(axis=1) / n


def _mean_metrics(rows: _Rows, counts: np.ndarray) -> dict[str, np.ndarray]:
    """Metrics that are weighted means of per-row quantities."""
    weights = counts.astype(float)
    n = counts.shape[1]
    accepted = weights @ rows.accept.astype(float)
    ignored = weights @ rows.ignore.astype(float)
    return {
        "log_loss": weights @ rows.row_loss / n,
        "brier": weights @ rows.row_brier / n,
        "accuracy": weights @ rows.row_correct / n,
        "accept_precision": _ratio(weights @ (rows.accept * rows.y).astype(float), accepted),
        "accept_coverage": accepted / n,
        "ignore_precision": _ratio(weights @ (rows.ignore * (1 - rows.y)).astype(float), ignored),
        "ignore_coverage": ignored / n,
        "coverage": (accepted + ignored) / n,
    }


def _all_metrics(rows: _Rows, counts: np.ndarray) -> dict[str, np.ndarray]:
    pos, neg = _grouped(rows, counts)
    return {
        **_ranking_metrics(pos, neg),
        "ece": _ece(rows, counts, pos, neg),
        **_mean_metrics(rows, counts),
    }


def _bootstrap(
    rows: _Rows,
    n_boot: int,
    seed: int,
    compute: Callable[[_Rows, np.ndarray], dict[str, np.ndarray]],
) -> dict[str, np.ndarray]:
    """Every metric on `n_boot` seeded resamples, computed a block of resamples at a time."""
    n = len(rows.y)
    rng = np.random.default_rng(seed)
    block = max(1, BLOCK_CELLS // max(n, 1))
    pieces: list[dict[str, np.ndarray]] = []
    for start in range(0, n_boot, block):
        size = min(block, n_boot - start)
        draws = rng.integers(0, n, size=(size, n))
        offsets = (np.arange(size) * n)[:, None]
        counts = np.bincount((draws + offsets).ravel(), minlength=size * n).reshape(size, n)
        pieces.append(compute(rows, counts))
    return {name: np.concatenate([piece[name] for piece in pieces]) for name in METRIC_NAMES}


def _interval(samples: np.ndarray) -> tuple[float, float]:
    """Percentile interval over the resamples where the metric is defined."""
    defined = samples[np.isfinite(samples)]
    if len(defined) == 0:
        return float("nan"), float("nan")
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(defined, [tail, 100 - tail])
    return float(low), float(high)


def metrics_with_ci(
    y: np.ndarray, p: np.ndarray, decisions: np.ndarray, seed: int = 0, n_boot: int = 400
) -> dict[str, Metric]:
    """Point estimates and 95% bootstrap intervals of every metric in METRIC_NAMES.

    Args:
        y: 1 for accept, 0 for ignore.
        p: predicted probability of accept.
        decisions: "accept" / "review" / "ignore" per row.
        n_boot: resamples; 0 gives point estimates with NaN intervals.
    """
    y = np.asarray(y).astype(int)
    p = np.asarray(p, dtype=float)
    decisions = np.asarray(decisions, dtype=object)
    if not (len(y) == len(p) == len(decisions)) or len(y) == 0:
        raise ValueError(f"need equal, non-zero lengths (got {len(y)}, {len(p)}, {len(decisions)})")
    rows = _Rows.build(y, p, decisions)
    point = _all_metrics(rows, np.ones((1, len(y)), dtype=np.int64))
    samples = _bootstrap(rows, n_boot, seed, _all_metrics) if n_boot > 0 else None
    out = {}
    for name in METRIC_NAMES:
        low, high = _interval(samples[name]) if samples is not None else (np.nan, np.nan)
        out[name] = Metric(float(point[name][0]), low, high)
    if samples is not None:
        for name, (chosen, right) in _DECISION_OUTCOMES.items():
            decided = getattr(rows, chosen)
            hits = int((rows.y[decided] == right).sum())
            out[name] = Metric(out[name].value, *_wilson(hits, int(decided.sum())))
    return out


# The precision of each automatic decision: (which rows it decided, the label that is right).
_DECISION_OUTCOMES = {"accept_precision": ("accept", 1), "ignore_precision": ("ignore", 0)}


def _wilson(hits: int, n: int) -> tuple[float, float]:
    """Wilson score interval of a proportion; NaN when nothing was decided.

    Used for the precision of automatic decisions instead of the bootstrap: when every one
    of a few decided rows was right, every resample is right too and the percentile interval
    collapses to [1.000, 1.000] on 4 rows. Wilson's gives [0.51, 1.00] there.
    """
    if n == 0:
        return float("nan"), float("nan")
    z = NormalDist().inv_cdf(1 - (1 - CONFIDENCE) / 2)
    share = hits / n
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def reliability_bins(y: np.ndarray, p: np.ndarray, bins: int = ECE_BINS) -> pd.DataFrame:
    """The equal-mass bins behind ECE: `mean_predicted`, `observed_rate`, `count` per bin."""
    y = np.asarray(y).astype(float)
    p = np.asarray(p, dtype=float)
    order = np.argsort(p, kind="stable")
    # Ties share their group's accept rate, as in the ECE.
    observed = pd.Series(y).groupby(p).transform("mean").to_numpy()[order]
    bin_of_position = (bins * np.arange(len(p))) // max(len(p), 1)
    table = pd.DataFrame({"bin": bin_of_position, "p": p[order], "y": observed})
    grouped = table.groupby("bin")
    return pd.DataFrame(
        {
            "mean_predicted": grouped["p"].mean(),
            "observed_rate": grouped["y"].mean(),
            "count": grouped.size(),
        }
    ).reset_index(drop=True)
