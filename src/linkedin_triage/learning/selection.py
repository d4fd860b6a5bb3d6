"""Choosing a candidate by time-ordered cross-validation, and the predictions thresholds need.

Candidates are compared by time-ordered cross-validation (train on older decisions, validate
on newer) on log-loss; the default (an elastic net with a prior leaning on the rules) stays
unless another candidate is clearly better. The decision thresholds are chosen on the chosen
candidate's cross-fitted predictions (`cross_fitted_p`), which resemble the final model's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from linkedin_triage.learning.calibration import fit_calibrated, probability_floor
from linkedin_triage.learning.candidates import (
    CANDIDATES,
    CANDIDATES_BY_NAME,
    DEFAULT_CANDIDATE,
    Candidate,
)

# The default candidate is kept unless another one's time-ordered CV log-loss is lower by
# more than this AND by more than SWITCH_STANDARD_ERRORS standard errors of the paired
# per-row difference. On a few hundred labels the CV rests on a few dozen validation rows;
# picking whichever candidate scored best there cost accuracy on average (100 labels, 12
# windows per persona: 0.765/0.744/0.857 with picking, 0.779/0.769/0.864 with the default).
MIN_CLEAR_GAIN = 0.005
SWITCH_STANDARD_ERRORS = 2.0
MAX_TIME_SPLITS = 3
# Folds of the cross-fitted predictions the thresholds are chosen on: each fold model trains
# on 80% of the labels, close to what the final model sees.
THRESHOLD_FOLDS = 5


@dataclass
class Selection:
    """How the candidate was chosen, for the run log and the report."""

    scores: dict[str, float]  # mean time-ordered CV log-loss per candidate
    chosen: str
    why: str


def time_splits(n: int, min_class: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Train on older rows, validate on the next newer block; never the other way round.

    The validation blocks cover the newest third, so every fold trains on at least two thirds
    of the history. Folds trained on a third of it (plain TimeSeriesSplit) judged models on
    far fewer labels than the final fit gets: on 100 recruiter labels they picked the
    calibrated rules over an elastic net that was 0.08 AUC better when trained on all 100.
    """
    from sklearn.model_selection import TimeSeriesSplit

    splits = int(np.clip(n // 60, 2, MAX_TIME_SPLITS))
    block = max(1, n // (3 * splits))
    return list(TimeSeriesSplit(n_splits=splits, test_size=block).split(np.arange(n)))


def _fold_predictions(
    candidate: Candidate, X: pd.DataFrame, y: np.ndarray, seed: int, min_per_class: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold probabilities over the time-ordered validation blocks (and their labels).

    A fold is trained the way `train` would train on that many labels: below
    `min_per_class` of a class that is the calibrated rules, whatever the candidate. A
    candidate is judged on what it would do, not on fits `train` would never make (an
    elastic net on 9 accepts shrinks to a constant and made the rules look clearly better).
    """
    ps, ys = [], []
    for train_idx, valid_idx in time_splits(len(y), int(min(np.bincount(y, minlength=2)))):
        y_train = y[train_idx]
        counts = np.bincount(y_train, minlength=2)
        if counts.min() < 2:
            continue  # an early block with one class teaches nothing; skip it
        in_fold = candidate if counts.min() >= min_per_class else CANDIDATES_BY_NAME["rules_prior"]
        estimator, _ = fit_calibrated(in_fold, X.iloc[train_idx], y_train, seed)
        floor = probability_floor(len(train_idx))
        ps.append(np.clip(estimator.predict_proba(X.iloc[valid_idx])[:, 1], floor, 1 - floor))
        ys.append(y[valid_idx])
    if not ps:
        return np.array([]), np.array([], dtype=int)
    return np.concatenate(ps), np.concatenate(ys)


def _row_log_loss(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def _log_loss(p: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(_row_log_loss(p, y)))


def _clear_gain(challenger: np.ndarray, default: np.ndarray, y: np.ndarray) -> float:
    """How much lower the challenger's log-loss is, or 0 unless the gain is clear.

    Both were validated on the same rows (the folds depend on the labels only), so the
    per-row differences are paired and their standard error measures the noise.
    """
    diff = _row_log_loss(default, y) - _row_log_loss(challenger, y)
    gain = float(diff.mean())
    noise = float(diff.std(ddof=1) / np.sqrt(len(diff))) if len(diff) > 1 else np.inf
    return gain if gain > max(MIN_CLEAR_GAIN, SWITCH_STANDARD_ERRORS * noise) else 0.0


def select_candidate(
    X: pd.DataFrame,
    y: np.ndarray,
    seed: int,
    names: tuple[str, ...] | None = None,
    min_per_class: int = 0,
) -> Selection:
    """Compare candidates by time-ordered CV log-loss; the default stays unless clearly beaten."""
    if names and len(names) == 1:
        # Nothing to compare: `train` refits its earlier choice, the learning curve the
        # candidate chosen on the older labels. The comparison would only cost time.
        return Selection(
            scores={}, chosen=names[0], why=f"{names[0]} was given as the only candidate"
        )
    if names:
        pool = [CANDIDATES_BY_NAME[n] for n in names]
    else:
        pool = [c for c in CANDIDATES if len(y) >= c.min_labels]
    results = {c.name: _fold_predictions(c, X, y, seed, min_per_class) for c in pool}
    scores = {
        name: _log_loss(p, yy) if len(p) else float("inf") for name, (p, yy) in results.items()
    }
    names_in_pool = [c.name for c in pool]
    default = DEFAULT_CANDIDATE if DEFAULT_CANDIDATE in names_in_pool else names_in_pool[0]
    chosen = default
    if np.isfinite(scores[default]):
        default_p, y_valid = results[default]
        gains = {n: _clear_gain(results[n][0], default_p, y_valid) for n in names_in_pool}
        best_gain = max(gains.values())
        if best_gain > 0:
            chosen = next(n for n in names_in_pool if gains[n] == best_gain)
    else:  # the default could not be validated (one class in every early block)
        finite = [n for n in names_in_pool if np.isfinite(scores[n])]
        chosen = min(finite, key=scores.__getitem__) if finite else default
    ranked = ", ".join(f"{n} {s:.4f}" for n, s in sorted(scores.items(), key=lambda kv: kv[1]))
    if chosen == default:
        reason = (
            f"kept the default {default}: no candidate beat it by more than "
            f"{MIN_CLEAR_GAIN} and {SWITCH_STANDARD_ERRORS:g} standard errors"
        )
    else:
        reason = f"chose {chosen}: it beat the default {default} clearly"
    why = f"time-ordered CV log-loss: {ranked}; {reason}"
    return Selection(scores=scores, chosen=chosen, why=why)


def cross_fitted_p(
    candidate: Candidate, X: pd.DataFrame, y: np.ndarray, seed: int, fitted: Any = None
) -> np.ndarray:
    """Each row's calibrated probability from the candidate fitted, as `train` fits it, without it.

    With `fitted` (the final model, calibrated on all the labels), each fold fits only the
    base model and its scores go through the final model's calibration map: one fit per
    fold instead of four (the map's own cross-validation), which was half of `train`'s
    time. The map saw each row's score among all the others (two parameters on every
    row): the fold's base model, which is what could memorise a row, never saw it.

    The thresholds are applied to the final model's probabilities, so they are chosen on
    predictions like them, one per labelled row. The time-ordered folds of the selection are
    not: they predict only the newest third of the rows (a few dozen with 100 labels), from
    models fitted on fewer labels (the calibrated rules, when a fold had too few of a class).
    Thresholds chosen on them let auto-accept and auto-ignore fall short of the target on
    later requests
    (100 labels, 12 windows per persona: auto-accept precision 0.883 / 0.861 / 0.708 against
    targets 0.95 / 0.90 / 0.97; with these folds 0.927 / 0.931 / 0.844, on less coverage).
    """
    from sklearn.model_selection import StratifiedKFold

    folds = StratifiedKFold(
        n_splits=int(min(THRESHOLD_FOLDS, np.bincount(y, minlength=2).min())),
        shuffle=True,
        random_state=seed,
    )
    calibration = _calibration_map(candidate, fitted)
    p = np.empty(len(y), dtype=float)
    for train_idx, valid_idx in folds.split(X, y):
        floor = probability_floor(len(train_idx))
        if calibration is None:
            estimator, _ = fit_calibrated(candidate, X.iloc[train_idx], y[train_idx], seed)
            fold_p = estimator.predict_proba(X.iloc[valid_idx])[:, 1]
        else:
            base = candidate.build(seed, len(train_idx)).fit(X.iloc[train_idx], y[train_idx])
            fold_p = calibration.predict(base.decision_function(X.iloc[valid_idx]))
        p[valid_idx] = np.clip(fold_p, floor, 1 - floor)
    return p


def _calibration_map(candidate: Candidate, fitted: Any) -> Any:
    """The fitted model's calibration map, or None when each fold must be fitted whole."""
    if fitted is None or candidate.self_calibrated:
        return None
    if not hasattr(fitted, "calibrated_classifiers_"):
        return _Identity()  # the map was dropped (it came out decreasing): raw probabilities
    return fitted.calibrated_classifiers_[0].calibrators[0]


class _Identity:
    """The base model's own probabilities, from its log-odds."""

    def predict(self, scores: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.asarray(scores, dtype=float)))
