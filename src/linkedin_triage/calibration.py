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

from linkedin_triage.candidates import Candidate

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
