"""Metrics with bootstrap intervals, the comparison with the rules, the learning curve.

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

import numpy as np
import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.model import TriageModel, fit_model, labelled_rows, model_matrix
from linkedin_triage.policy import Policy

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
MIN_SPLIT_ROWS = 10
CURVE_COLUMNS: tuple[str, ...] = (
    "n_labels",
    "mode",
    "candidate",
    "roc_auc",
    "log_loss",
    "accuracy",
    "coverage",
    "baseline_accuracy",
    "baseline_roc_auc",
)


@dataclass
class Metric:
    """A point estimate with its 95% bootstrap interval (NaN where undefined)."""

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
    return out


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


# -- model vs baseline ---------------------------------------------------------------------------
@dataclass
class Evaluation:
    """The model and the hand-written baseline scored on the same labelled rows."""

    n: int
    n_accept: int
    model: dict[str, Metric]
    baseline: dict[str, Metric]
    y: np.ndarray
    p_model: np.ndarray
    p_baseline: np.ndarray
    decisions_model: np.ndarray
    decisions_baseline: np.ndarray

    def to_dict(self) -> dict[str, object]:
        """JSON-able: counts and, per metric, model and baseline side by side (NaN -> null)."""
        return {
            "n": int(self.n),
            "n_accept": int(self.n_accept),
            "confidence": CONFIDENCE,
            "metrics": {
                name: {
                    "model": self.model[name].to_dict(),
                    "baseline": self.baseline[name].to_dict(),
                }
                for name in METRIC_NAMES
            },
        }


def _labels(labelled: pd.DataFrame) -> np.ndarray:
    return (labelled["decision"] == "accept").to_numpy(int)


def evaluate_model(model: TriageModel, frame: pd.DataFrame, seed: int = 0) -> Evaluation:
    """Score the model and the rules on the labelled rows of a normalised requests frame."""
    labelled = labelled_rows(frame)
    if len(labelled) == 0:
        raise TriageError(
            "no labelled rows to evaluate on: the data needs a `decision` column "
            "with accept/ignore values"
        )
    matrix, rules = model.matrix(labelled)
    y = _labels(labelled)
    p_model = np.asarray(model.p_accept(matrix), dtype=float)
    p_baseline = rules.score.to_numpy(float)
    decisions_model = np.asarray(model.decide(p_model, rules), dtype=object)
    decisions_baseline = rules.decision.to_numpy(object)
    # The same seed resamples the same rows for both: the intervals are paired.
    return Evaluation(
        n=len(y),
        n_accept=int(y.sum()),
        model=metrics_with_ci(y, p_model, decisions_model, seed=seed),
        baseline=metrics_with_ci(y, p_baseline, decisions_baseline, seed=seed),
        y=y,
        p_model=p_model,
        p_baseline=p_baseline,
        decisions_model=decisions_model,
        decisions_baseline=decisions_baseline,
    )


# -- learning curve and the time split ---------------------------------------------------------
def curve_sizes(n_available: int, sizes: tuple[int, ...]) -> list[int]:
    """The requested sizes that fit, plus the full size as the last point."""
    return sorted({s for s in sizes if 0 < s < n_available} | {n_available})


def _fit_single_threaded(
    frame: pd.DataFrame, policy: Policy, seed: int, candidates: tuple[str, ...] | None
) -> tuple[TriageModel, object]:
    """fit_model with BLAS/OpenMP pools at one thread.

    These fits are small: extra threads only add overhead, and on busy shared cores they
    oversubscribe badly (measured: 207 s -> 10 s for the default curve on 2,000 rows).
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return fit_model(frame, policy, seed=seed, candidates=candidates)


def learning_curve(
    train: pd.DataFrame,
    test: pd.DataFrame,
    policy: Policy,
    seed: int = 0,
    sizes: tuple[int, ...] = (50, 100, 200, 400, 800, 1600),
    candidates: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Fit on the n most recent labelled rows of `train` for each size; score on `test`.

    The most recent rows stand for the user's current taste, so a small n asks "how good is
    a model trained on only my latest decisions".
    """
    history = labelled_rows(train)
    held_out = labelled_rows(test)
    if len(history) == 0 or len(held_out) == 0:
        raise TriageError(
            "the learning curve needs labelled rows (a `decision` column) in both "
            f"training ({len(history)}) and test ({len(held_out)}) data"
        )
    y = _labels(held_out)
    # Features depend only on the policy, so the test matrix is shared by every model.
    matrix, rules = model_matrix(held_out, policy)
    baseline = metrics_with_ci(
        y, rules.score.to_numpy(float), rules.decision.to_numpy(object), n_boot=0
    )
    records = []
    for n in curve_sizes(len(history), sizes):
        model, _ = _fit_single_threaded(
            history.iloc[len(history) - n :], policy, seed=seed, candidates=candidates
        )
        p = np.asarray(model.p_accept(matrix), dtype=float)
        scored = metrics_with_ci(y, p, model.decide(p, rules), n_boot=0)
        records.append(
            {
                "n_labels": n,
                "mode": model.mode,
                "candidate": model.candidate or "rules",
                "roc_auc": scored["roc_auc"].value,
                "log_loss": scored["log_loss"].value,
                "accuracy": scored["accuracy"].value,
                "coverage": scored["coverage"].value,
                "baseline_accuracy": baseline["accuracy"].value,
                "baseline_roc_auc": baseline["roc_auc"].value,
            }
        )
    return pd.DataFrame.from_records(records, columns=list(CURVE_COLUMNS))


def time_split(frame: pd.DataFrame, test_share: float = 0.2) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Older labelled rows for training, the newest `test_share` held out (ties stay in order)."""
    if not 0 < test_share < 1:
        raise TriageError(f"test share must be between 0 and 1 (got {test_share})")
    labelled = labelled_rows(frame)
    if labelled["received_at"].isna().any():
        raise TriageError(
            "column `received_at`: labelled rows without a date cannot be split by time"
        )
    n = len(labelled)
    n_test = round(n * test_share)
    if n < MIN_SPLIT_ROWS or n_test < 1 or n_test >= n:
        raise TriageError(
            f"only {n} labelled rows: at least {MIN_SPLIT_ROWS} are needed to hold out "
            f"the newest {test_share:.0%} for testing"
        )
    cut = n - n_test
    return labelled.iloc[:cut].reset_index(drop=True), labelled.iloc[cut:].reset_index(drop=True)
