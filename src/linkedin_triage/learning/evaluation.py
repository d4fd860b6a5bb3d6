"""The model and the rules scored side by side, the learning curve and the time split.

Model and rules are scored on the same labelled rows with the same bootstrap seed, so their
intervals are paired; the metrics themselves are computed in metrics.py. Time order is kept
throughout: the newest labelled rows are held out for testing, and the learning curve trains
on the most recent rows, which stand for the user's current taste.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.learning.candidates import CANDIDATES_BY_NAME, DEFAULT_CANDIDATE
from linkedin_triage.learning.metrics import CONFIDENCE, METRIC_NAMES, Metric, metrics_with_ci
from linkedin_triage.learning.triage_model import (
    TriageModel,
    fit_model,
    labelled_rows,
    model_matrix,
)
from linkedin_triage.policy import Policy

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


def _usable(candidates: tuple[str, ...] | None, n: int) -> tuple[str, ...] | None:
    """The candidates a fit on `n` labels may use: one too flexible for n falls back to the
    default, as selection would never have tried it there."""
    if candidates is None:
        return None
    kept = tuple(c for c in candidates if CANDIDATES_BY_NAME[c].min_labels <= n)
    return kept or (DEFAULT_CANDIDATE,)


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
            history.iloc[len(history) - n :], policy, seed=seed, candidates=_usable(candidates, n)
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
