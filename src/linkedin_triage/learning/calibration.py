"""Calibration: from a candidate's scores to probabilities a user can read as frequencies.

Calibration is a monotone map fitted on cross-validated predictions on top of ONE base model
(CalibratedClassifierCV with ensemble=False), so explanations of the base model's log-odds
stay exact; the calibrated rules (`rules_prior`) are a Platt scaling already and get no
second map. Every probability is kept off 0 and 1 by `probability_floor`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from linkedin_triage.learning.candidates import Candidate

ISOTONIC_FROM_LABELS = 5000
CALIBRATION_FOLDS = 3
# Nobody's decisions are certain: probabilities stay inside [floor, 1 - floor], where the
# floor is P_FLOOR or, with few labels, Laplace's 1 / (n + 2): fifty past decisions cannot
# justify a 0.998.
P_FLOOR = 0.002


def probability_floor(n_labels: int) -> float:
    return max(P_FLOOR, 1.0 / (n_labels + 2))


def calibrated(candidate: Candidate, n_labels: int, seed: int, min_class: int) -> Any:
    """The candidate wrapped in a cross-validated monotone calibration (one base model)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.model_selection import StratifiedKFold

    if candidate.self_calibrated:
        return candidate.build(seed, n_labels)
    # Isotonic needs many labels not to overfit its steps (and it says 0 or 1 at the
    # extremes, which one surprise makes very costly); sigmoid is safe on small data.
    method = "isotonic" if n_labels >= ISOTONIC_FROM_LABELS else "sigmoid"
    folds = StratifiedKFold(
        n_splits=max(2, min(CALIBRATION_FOLDS, min_class)), shuffle=True, random_state=seed
    )
    return CalibratedClassifierCV(
        candidate.build(seed, n_labels), method=method, cv=folds, ensemble=False
    )


def calibration_increases(estimator: Any, X: pd.DataFrame) -> bool:
    """Whether a fitted calibration map keeps the base model's order (higher score, higher p).

    A sigmoid fitted on the cross-validated scores of a few labels can come out decreasing,
    which would turn the model's ranking upside down; an isotonic map never does.
    """
    calibrated_one = estimator.calibrated_classifiers_[0]
    scores = calibrated_one.estimator.decision_function(X)
    low, high = float(np.min(scores)), float(np.max(scores))
    if high <= low:
        return True  # a constant base model: nothing to reorder
    ends = calibrated_one.calibrators[0].predict(np.array([low, high]))
    return bool(ends[1] > ends[0])


def fit_calibrated(
    candidate: Candidate, X: pd.DataFrame, y: np.ndarray, seed: int
) -> tuple[Any, str | None]:
    """The candidate fitted and calibrated; the base model alone if the map came out decreasing.

    Returns the estimator and, when the calibration was dropped, a note saying so.
    """
    counts = np.bincount(y, minlength=2)
    estimator = calibrated(candidate, len(y), seed, int(counts.min())).fit(X, y)
    if candidate.self_calibrated or calibration_increases(estimator, X):
        return estimator, None
    note = (
        f"the calibration map fitted on {len(y)} labels came out decreasing, which would "
        "reverse the ranking: the model's own probabilities are used uncalibrated"
    )
    return estimator.calibrated_classifiers_[0].estimator, note


# Rules mode: too few labels of a class to fit even a Platt slope, enough to count.
RATE_PRIOR = 0.5  # pseudo-labels of each class: 0 accepts of 40 is a low rate, not zero


def rate_shift(score: np.ndarray, y: np.ndarray) -> float:
    """The log-odds shift that moves the rules' score to the user's own accept rate.

    Below a handful of labels per class the rules decide, but their score knows nothing of
    how often this user says yes: a user who accepted 2 of 50 got a mean p_accept of 0.41.
    One parameter, fitted so the mean shifted score is the smoothed rate (k + 0.5) / (n + 1),
    keeps the rules' order and verdicts and makes p_accept a frequency again.
    """
    rate = (float(np.sum(y)) + RATE_PRIOR) / (len(y) + 2 * RATE_PRIOR)
    log_odds = _log_odds(score)
    low, high = -30.0, 30.0  # the mean below is increasing in the shift: bisect
    for _ in range(80):
        middle = (low + high) / 2
        if np.mean(1.0 / (1.0 + np.exp(-(log_odds + middle)))) < rate:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def shifted(score: np.ndarray, shift: float) -> np.ndarray:
    """The rules' score moved by `shift` on the log-odds scale."""
    return 1.0 / (1.0 + np.exp(-(_log_odds(score) + shift)))


def _log_odds(score: np.ndarray) -> np.ndarray:
    clipped = np.clip(np.asarray(score, dtype=float), 1e-6, 1 - 1e-6)
    return np.log(clipped / (1.0 - clipped))
