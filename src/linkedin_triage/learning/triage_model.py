"""Training, the trained model and the three-way decision.

The model sees the readable signals of features.py plus the hand-written baseline's score
(`rules_score`), so with few labels it can lean on the common-sense policy and with many it
learns the user's own weights. With too few labels of a class the hand-written rules decide,
as written or recalibrated to the user's accept rate. The rest lives beside it:

- candidates.py: the candidate estimators, simplest first, and the default;
- selection.py: choosing among them by time-ordered cross-validation on log-loss;
- calibration.py: the monotone calibration map on top of one base model, and the floor that
  keeps every probability off 0 and 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.learning.calibration import (
    fit_calibrated,
    probability_floor,
    rate_shift,
    shifted,
)
from linkedin_triage.learning.candidates import (
    CANDIDATES_BY_NAME,
    MODEL_COLUMNS,  # defined there (the boosting candidates need it); imported from here too
    rules_order_dropped,
)
from linkedin_triage.learning.one_sided import (
    CALIBRATE_FROM,
    accepted_by_the_rules,
    is_one_sided,
    one_sided_notes,
)
from linkedin_triage.learning.selection import Selection, cross_fitted_p, select_candidate
from linkedin_triage.learning.thresholds import (
    NEVER,
    Thresholds,
    choose_thresholds,
    trusted_verdicts,
)
from linkedin_triage.policy import Policy
from linkedin_triage.signals.features import RequestFeatures
from linkedin_triage.signals.rules import RulesResult, apply_rules

BACKGROUND_ROWS = 200
# Between this many labels of each class and decisions.min_labels_per_class, only the rules'
# score is calibrated (2 parameters); below it the rules decide as written.
CALIBRATE_RULES_FROM = CALIBRATE_FROM


def model_matrix(frame: pd.DataFrame, policy: Policy) -> tuple[pd.DataFrame, RulesResult]:
    """Features + the baseline's score for a normalised frame; also the rules' verdicts."""
    features = RequestFeatures(policy).fit(frame).transform(frame)
    rules = apply_rules(features, policy)
    matrix = features.assign(rules_score=rules.score)
    return matrix[list(MODEL_COLUMNS)], rules


# -- the trained model ----------------------------------------------------------------------------
@dataclass
class TriageModel:
    """What `train` saves: the policy, the calibrated estimator (or the rules), thresholds."""

    policy: Policy
    mode: str  # "model" or "rules" (too few labels: the hand-written policy decides)
    candidate: str | None
    estimator: Any | None
    thresholds: Thresholds
    background: pd.DataFrame | None  # feature-level sample of the training data, for explanations
    notes: list[str] = field(default_factory=list)
    n_labels: int = 0
    columns: tuple[str, ...] = MODEL_COLUMNS  # the signals it was trained on
    # Rules mode: the rules' verdicts that reached the target precision on the labelled
    # history; the others go to review. The default is how models saved before it behaved.
    rules_acting_alone: tuple[str, ...] = ("accept", "ignore")
    # Rules mode: log-odds shift of the rules' score to the user's accept rate (0 = as
    # written, which is also how models saved before it behave).
    rules_shift: float = 0.0
    # Accepts only (fewer ignores than min_labels_per_class): rules as written, all review.
    one_sided: bool = False

    @property
    def feature_names(self) -> list[str]:
        return list(self.columns)

    def matrix(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, RulesResult]:
        if tuple(self.columns) != MODEL_COLUMNS:
            changed = sorted(set(self.columns) ^ set(MODEL_COLUMNS))
            raise TriageError(
                "this model was trained on another set of signals than this version computes "
                f"({', '.join(changed)}): train it again with this version"
            )
        return model_matrix(frame, self.policy)

    def p_accept(self, matrix: pd.DataFrame) -> np.ndarray:
        if self.mode == "rules" or self.estimator is None:
            score = matrix["rules_score"].to_numpy(float)
            return shifted(score, self.rules_shift) if self.rules_shift else score
        p = self.estimator.predict_proba(matrix)[:, 1]
        floor = probability_floor(self.n_labels)
        return np.clip(p, floor, 1.0 - floor)

    def base_estimator(self) -> Any:
        """The base model under the calibration map (what explanations decompose)."""
        assert self.estimator is not None, "a rules-mode model has no estimator"
        if not hasattr(self.estimator, "calibrated_classifiers_"):
            return self.estimator  # self-calibrated, or its calibration was dropped
        return self.estimator.calibrated_classifiers_[0].estimator

    def log_odds(self, matrix: pd.DataFrame) -> np.ndarray:
        """The base model's log-odds (before calibration)."""
        return self.base_estimator().decision_function(matrix)

    def decide(self, p: np.ndarray, rules: RulesResult) -> np.ndarray:
        """accept / review / ignore. An unproven profile (rules.py) is never auto-accepted."""
        if self.mode == "rules":
            verdicts = rules.decision.to_numpy(object)
            acting = np.isin(verdicts, list(self.rules_acting_alone))
            return np.where(acting, verdicts, "review").astype(object)
        decisions = self.thresholds.decide(p).astype(object)
        # The model learns from labels how much relevance weighs; a fake made to look
        # relevant can score high on it, and nothing but a personal tie proves it real.
        unproven = rules.fired["unproven_profile"].to_numpy(bool)
        decisions[unproven & (decisions == "accept")] = "review"
        return decisions


# -- training --------------------------------------------------------------------------------
def labelled_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with a decision, oldest first (ties broken by input order, deterministically)."""
    labelled = frame[frame["decision"].notna()]
    return labelled.sort_values("received_at", kind="stable").reset_index(drop=True)


def fit_model(
    frame: pd.DataFrame, policy: Policy, seed: int = 0, candidates: tuple[str, ...] | None = None
) -> tuple[TriageModel, Selection | None]:
    """Train on the labelled rows; with too few labels, fall back to the rules.

    One BLAS/OpenMP thread per fit: many small fits gain nothing from threads, and on a
    busy machine (or pytest on two workers) oversubscribed threads made them 5-20x slower.
    """
    import warnings

    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1), warnings.catch_warnings():
        # A column the user's file lacks is all-NaN; the imputer's median of it warns,
        # and keep_empty_features already handles it.
        warnings.filterwarnings("ignore", "All-NaN slice encountered", RuntimeWarning)
        return _fit_model(frame, policy, seed, candidates)


def _one_sided_model(labelled: pd.DataFrame, policy: Policy, y: np.ndarray) -> TriageModel:
    """Accepts only: the rules rank as written, nothing is decided alone (one_sided.py)."""
    _, rules = model_matrix(labelled, policy)
    counts = np.bincount(y, minlength=2)
    shares = accepted_by_the_rules(rules.decision.to_numpy(object), y)
    notes = one_sided_notes(int(counts[1]), int(counts[0]), policy.decisions.min_labels_per_class)
    return TriageModel(
        policy,
        "rules",
        None,
        None,
        Thresholds(1.0, 0.0),
        None,
        [*notes, shares.line()],
        len(y),
        rules_acting_alone=(),
        one_sided=True,
    )


def _fit_model(
    frame: pd.DataFrame, policy: Policy, seed: int = 0, candidates: tuple[str, ...] | None = None
) -> tuple[TriageModel, Selection | None]:
    labelled = labelled_rows(frame)
    y = (labelled["decision"] == "accept").to_numpy(int)
    counts = np.bincount(y, minlength=2)
    minimum = policy.decisions.min_labels_per_class
    if len(labelled) == 0:
        raise TriageError(
            "no labelled rows: the history needs a `decision` column with accept/ignore values"
        )
    one_sided = is_one_sided(int(counts[1]), int(counts[0]), minimum)
    if one_sided and counts[0] < CALIBRATE_RULES_FROM:
        return _one_sided_model(labelled, policy, y), None
    if counts.min() < min(minimum, CALIBRATE_RULES_FROM):
        note = (
            f"only {counts[1]} accepted and {counts[0]} ignored requests: below "
            f"{min(minimum, CALIBRATE_RULES_FROM)} of each, the hand-written rules decide "
            "(label more history to train a model)"
        )
        _, rules = model_matrix(labelled, policy)
        acting, verdict_notes = trusted_verdicts(
            rules.decision.to_numpy(object), y, policy.decisions.target_precision
        )
        shift = rate_shift(rules.score.to_numpy(float), y)
        rate_note = (
            f"p_accept is the rules' score moved to your accept rate ({counts[1]} of {len(y)}); "
            "the rules' verdicts decide"
        )
        rules_model = TriageModel(
            policy,
            "rules",
            None,
            None,
            Thresholds(1.0, 0.0),
            None,
            [note, rate_note, *verdict_notes],
            len(y),
            rules_acting_alone=acting,
            rules_shift=shift,
        )
        return rules_model, None
    notes = []
    if counts.min() < minimum:
        # Too few to learn weights, enough to learn how often this user says yes: the rules
        # still decide, through their own score recalibrated to the user's accept rate.
        candidates = ("rules_prior",)
        notes.append(
            f"only {counts[1]} accepted and {counts[0]} ignored requests: below {minimum} of "
            "each, the hand-written rules decide, calibrated to your accept rate "
            "(label more history to learn your own weights)"
        )
        if one_sided:
            _, rules = model_matrix(labelled, policy)
            shares = accepted_by_the_rules(rules.decision.to_numpy(object), y)
            notes = [*one_sided_notes(int(counts[1]), int(counts[0]), minimum), shares.line()]
    X, _ = model_matrix(labelled, policy)
    selection = select_candidate(X, y, seed, candidates, min_per_class=minimum)
    candidate = CANDIDATES_BY_NAME[selection.chosen]
    estimator, calibration_note = fit_calibrated(candidate, X, y, seed)
    if calibration_note:
        notes.append(calibration_note)
    if rules_order_dropped(estimator):
        notes.append(
            "your labels so far run against the rules' order (requests the rules rank higher "
            "were accepted less often): the rules' score is not used, every request gets your "
            "accept rate and goes to review; check the policy, or label more history"
        )
    # With a handful of ignores no gate's precision can be measured (a region "95% right"
    # on 8 ignores is luck): a one-sided history ranks, and every request goes to review.
    thresholds = (
        Thresholds(NEVER, -1.0)
        if one_sided
        else choose_thresholds(
            cross_fitted_p(candidate, X, y, seed, fitted=estimator),
            y,
            policy.decisions.target_precision,
        )
    )
    background = X.sample(n=min(BACKGROUND_ROWS, len(X)), random_state=seed).reset_index(drop=True)
    model = TriageModel(
        policy,
        "model",
        candidate.name,
        estimator,
        thresholds,
        background,
        # A refit of a candidate chosen before compares nothing: nothing to tell.
        [*notes, selection.why] if selection.scores else notes,
        len(y),
        one_sided=one_sided,
    )
    return model, selection
