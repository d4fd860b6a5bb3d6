"""Estimator choice, training, calibration and the three-way decision.

The model sees the readable signals of features.py plus the hand-written baseline's score
(`rules_score`), so with few labels it can lean on the common-sense policy and with many it
learns the user's own weights. Candidates are compared by time-ordered cross-validation
(train on older decisions, validate on newer) on log-loss. Calibration is a monotone map
fitted on cross-validated predictions on top of ONE base model (CalibratedClassifierCV with
ensemble=False), so explanations of the base model's log-odds stay exact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.features import FEATURE_NAMES, RequestFeatures
from linkedin_triage.policy import Policy
from linkedin_triage.rules import RulesResult, apply_rules
from linkedin_triage.thresholds import Thresholds, choose_thresholds

MODEL_COLUMNS: tuple[str, ...] = (*FEATURE_NAMES, "rules_score")
# A simpler candidate wins unless a more complex one is better by more than this log-loss.
SIMPLER_WINS_WITHIN = 0.005
BACKGROUND_ROWS = 200
MAX_TIME_SPLITS = 3
ISOTONIC_FROM_LABELS = 5000
# Between this many labels of each class and decisions.min_labels_per_class, only the rules'
# score is calibrated (2 parameters); below it the rules decide as written.
CALIBRATE_RULES_FROM = 5
# Nobody's decisions are certain: probabilities stay inside [floor, 1 - floor], where the
# floor is P_FLOOR or, with few labels, Laplace's 1 / (n + 2): fifty past decisions cannot
# justify a 0.998.
P_FLOOR = 0.002


def probability_floor(n_labels: int) -> float:
    return max(P_FLOOR, 1.0 / (n_labels + 2))


CALIBRATION_FOLDS = 3


def model_matrix(frame: pd.DataFrame, policy: Policy) -> tuple[pd.DataFrame, RulesResult]:
    """Features + the baseline's score for a normalised frame; also the rules' verdicts."""
    features = RequestFeatures(policy).fit(frame).transform(frame)
    rules = apply_rules(features, policy)
    matrix = features.assign(rules_score=rules.score)
    return matrix[list(MODEL_COLUMNS)], rules


# -- candidates ----------------------------------------------------------------------------------
def _logistic(c: float, l1_ratio: float = 0.0) -> Callable[[int, int], Any]:
    def build(seed: int, n: int) -> Any:
        from sklearn.impute import SimpleImputer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        # An L1 share lets a strongly regularised model drop the many signals a given
        # user ignores (people weigh a handful); saga is the solver that supports it.
        penalty: dict[str, Any] = (
            {"l1_ratio": l1_ratio, "solver": "saga", "random_state": seed} if l1_ratio else {}
        )
        # Missing indicators let "unknown" carry its own weight instead of a guessed value.
        return make_pipeline(
            SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True),
            StandardScaler(),
            LogisticRegression(C=c, max_iter=5000, **penalty),
        )

    return build


def _rules_prior(seed: int, n: int) -> Any:
    """Logistic regression on the baseline's score alone: the calibrated baseline."""
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    only_rules = ColumnTransformer([("rules", "passthrough", ["rules_score"])])
    return make_pipeline(only_rules, LogisticRegression(C=1.0))


class FillEmptyColumns:
    """Replaces columns that are missing in every training row with 0.

    A user's file may lack a column altogether (no followers, say); HistGradientBoosting in
    scikit-learn 1.9 fails to bin an all-NaN column, and such a column carries nothing anyway.
    """

    def fit(self, X: pd.DataFrame, y: object = None) -> FillEmptyColumns:
        self.empty_ = [c for c in X.columns if X[c].isna().all()]
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        return X.assign(**{c: 0.0 for c in self.empty_}) if self.empty_ else X

    def fit_transform(self, X: pd.DataFrame, y: object = None) -> pd.DataFrame:
        return self.fit(X, y).transform(X)

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {}

    def set_params(self, **params: Any) -> FillEmptyColumns:
        return self


def _boosting(additive: bool) -> Callable[[int, int], Any]:
    def build(seed: int, n: int) -> Any:
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.pipeline import make_pipeline

        monotone = {
            "mutual_connections": 1,
            "mutual_connections_log": 1,
            "fake_score": -1,
            "shares_employer": 1,
            "shares_school": 1,
        }
        cst = [monotone.get(name, 0) for name in MODEL_COLUMNS]
        # Stumps (depth 1) make the model additive in its columns: exact, cheap explanations.
        shape = (
            {"max_depth": 1, "max_iter": 150}
            if additive
            else {"max_leaf_nodes": 8, "max_depth": 3, "max_iter": 150}
        )
        booster = HistGradientBoostingClassifier(
            learning_rate=0.1,
            min_samples_leaf=max(5, n // 60),
            l2_regularization=1.0,
            monotonic_cst=cst,
            early_stopping=False,
            random_state=seed,
            **shape,
        )
        return make_pipeline(FillEmptyColumns(), booster)

    return build


@dataclass(frozen=True)
class Candidate:
    name: str
    build: Callable[[int, int], Any]
    additive: bool  # additive in the input columns: explanations are exact and cheap
    min_labels: int = 0  # below this many labels the candidate is not tried (too flexible)


# In order of simplicity: ties go to the earlier one.
CANDIDATES: tuple[Candidate, ...] = (
    Candidate("rules_prior", _rules_prior, True),
    Candidate("logistic_strong", _logistic(0.05, l1_ratio=0.5), True),
    Candidate("logistic", _logistic(0.5), True),
    # Boosted models rarely beat a regularised linear model on a few hundred labels, and
    # they cost most of the training time: try them only where they can pay off.
    Candidate("additive_boosting", _boosting(additive=True), True, min_labels=400),
    Candidate("boosting", _boosting(additive=False), False, min_labels=400),
)
CANDIDATES_BY_NAME = {c.name: c for c in CANDIDATES}


def calibrated(candidate: Candidate, n_labels: int, seed: int, min_class: int) -> Any:
    """The candidate wrapped in a cross-validated monotone calibration (one base model)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.model_selection import StratifiedKFold

    # Isotonic needs many labels not to overfit its steps (and it says 0 or 1 at the
    # extremes, which one surprise makes very costly); sigmoid is safe on small data.
    method = "isotonic" if n_labels >= ISOTONIC_FROM_LABELS else "sigmoid"
    folds = StratifiedKFold(
        n_splits=max(2, min(CALIBRATION_FOLDS, min_class)), shuffle=True, random_state=seed
    )
    return CalibratedClassifierCV(
        candidate.build(seed, n_labels), method=method, cv=folds, ensemble=False
    )


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
            return matrix["rules_score"].to_numpy(float)
        p = self.estimator.predict_proba(matrix)[:, 1]
        floor = probability_floor(self.n_labels)
        return np.clip(p, floor, 1.0 - floor)

    def base_estimator(self) -> Any:
        """The base model under the calibration map (what explanations decompose)."""
        assert self.estimator is not None, "a rules-mode model has no estimator"
        return self.estimator.calibrated_classifiers_[0].estimator

    def log_odds(self, matrix: pd.DataFrame) -> np.ndarray:
        """The base model's log-odds (before calibration)."""
        return self.base_estimator().decision_function(matrix)

    def decide(self, p: np.ndarray, rules: RulesResult) -> np.ndarray:
        if self.mode == "rules":
            return rules.decision.to_numpy(object)
        return self.thresholds.decide(p)


# -- training --------------------------------------------------------------------------------
@dataclass
class Selection:
    """How the candidate was chosen, for the run log and the report."""

    scores: dict[str, float]  # mean time-ordered CV log-loss per candidate
    chosen: str
    why: str
    oof_p: np.ndarray  # out-of-fold calibrated probabilities of the chosen candidate
    oof_y: np.ndarray


def labelled_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with a decision, oldest first (ties broken by input order, deterministically)."""
    labelled = frame[frame["decision"].notna()]
    return labelled.sort_values("received_at", kind="stable").reset_index(drop=True)


def time_splits(n: int, min_class: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Train on older rows, validate on the next newer block; never the other way round."""
    from sklearn.model_selection import TimeSeriesSplit

    splits = int(np.clip(n // 60, 2, MAX_TIME_SPLITS))
    return list(TimeSeriesSplit(n_splits=splits).split(np.arange(n)))


def _fold_predictions(
    candidate: Candidate, X: pd.DataFrame, y: np.ndarray, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold probabilities over the time-ordered validation blocks (and their labels)."""
    ps, ys = [], []
    for train_idx, valid_idx in time_splits(len(y), int(min(np.bincount(y, minlength=2)))):
        y_train = y[train_idx]
        counts = np.bincount(y_train, minlength=2)
        if counts.min() < 2:
            continue  # an early block with one class teaches nothing; skip it
        estimator = calibrated(candidate, len(train_idx), seed, int(counts.min()))
        estimator.fit(X.iloc[train_idx], y_train)
        floor = probability_floor(len(train_idx))
        ps.append(np.clip(estimator.predict_proba(X.iloc[valid_idx])[:, 1], floor, 1 - floor))
        ys.append(y[valid_idx])
    if not ps:
        return np.array([]), np.array([], dtype=int)
    return np.concatenate(ps), np.concatenate(ys)


def _log_loss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def select_candidate(
    X: pd.DataFrame, y: np.ndarray, seed: int, names: tuple[str, ...] | None = None
) -> Selection:
    """Compare candidates by time-ordered CV log-loss; the simplest near the best wins."""
    if names:
        pool = [CANDIDATES_BY_NAME[n] for n in names]
    else:
        pool = [c for c in CANDIDATES if len(y) >= c.min_labels]
    results = {c.name: _fold_predictions(c, X, y, seed) for c in pool}
    scores = {
        name: _log_loss(p, yy) if len(p) else float("inf") for name, (p, yy) in results.items()
    }
    best = min(scores.values())
    chosen = next(c.name for c in pool if scores[c.name] <= best + SIMPLER_WINS_WITHIN)
    ranked = ", ".join(f"{n} {s:.4f}" for n, s in sorted(scores.items(), key=lambda kv: kv[1]))
    why = (
        f"time-ordered CV log-loss: {ranked}; "
        f"chose {chosen} (simplest within {SIMPLER_WINS_WITHIN} of the best)"
    )
    p, yy = results[chosen]
    return Selection(scores=scores, chosen=chosen, why=why, oof_p=p, oof_y=yy)


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
    if counts.min() < min(minimum, CALIBRATE_RULES_FROM):
        note = (
            f"only {counts[1]} accepted and {counts[0]} ignored requests: below "
            f"{min(minimum, CALIBRATE_RULES_FROM)} of each, the hand-written rules decide "
            "(label more history to train a model)"
        )
        rules_model = TriageModel(
            policy, "rules", None, None, Thresholds(1.0, 0.0), None, [note], len(y)
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
    X, _ = model_matrix(labelled, policy)
    selection = select_candidate(X, y, seed, candidates)
    candidate = CANDIDATES_BY_NAME[selection.chosen]
    estimator = calibrated(candidate, len(y), seed, int(counts.min())).fit(X, y)
    if len(selection.oof_p):
        thresholds = choose_thresholds(
            selection.oof_p, selection.oof_y, policy.decisions.target_precision
        )
    else:
        thresholds = Thresholds(1.0 + 1e-9, -1.0)
    background = X.sample(n=min(BACKGROUND_ROWS, len(X)), random_state=seed).reset_index(drop=True)
    model = TriageModel(
        policy,
        "model",
        candidate.name,
        estimator,
        thresholds,
        background,
        [*notes, selection.why],
        len(y),
    )
    return model, selection
