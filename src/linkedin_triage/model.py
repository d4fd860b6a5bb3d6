"""Estimator choice, training, calibration and the three-way decision.

The model sees the readable signals of features.py plus the hand-written baseline's score
(`rules_score`), so with few labels it can lean on the common-sense policy and with many it
learns the user's own weights. Candidates are compared by time-ordered cross-validation
(train on older decisions, validate on newer) on log-loss; the default (an elastic net with
a prior leaning on the rules) stays unless another candidate is clearly better. Calibration
is a monotone map fitted on cross-validated predictions on top of ONE base model
(CalibratedClassifierCV with ensemble=False), so explanations of the base model's log-odds
stay exact; the calibrated rules (`rules_prior`) are a Platt scaling already and get no
second map.
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
# The default candidate is kept unless another one's time-ordered CV log-loss is lower by
# more than this AND by more than SWITCH_STANDARD_ERRORS standard errors of the paired
# per-row difference. On a few hundred labels the CV rests on a few dozen validation rows;
# picking whichever candidate scored best there cost accuracy on average (100 labels, 12
# windows per persona: 0.765/0.744/0.857 with picking, 0.779/0.769/0.864 with the default).
MIN_CLEAR_GAIN = 0.005
SWITCH_STANDARD_ERRORS = 2.0
DEFAULT_CANDIDATE = "logistic_guided"
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
# The rules' score is a probability-like 0..1 with most of its spread crowded near 0 and 1;
# on the log-odds scale a linear model can place a user's own line anywhere along it.
RULES_SCORE_CLIP = 1e-3


def rules_score_as_log_odds(X: pd.DataFrame) -> pd.DataFrame:
    """The matrix with `rules_score` replaced by its log-odds (one column, monotone)."""
    score = X["rules_score"].to_numpy(float).clip(RULES_SCORE_CLIP, 1.0 - RULES_SCORE_CLIP)
    return X.assign(rules_score=np.log(score / (1.0 - score)))


def _rules_log_odds_step() -> Any:
    from sklearn.preprocessing import FunctionTransformer

    return FunctionTransformer(rules_score_as_log_odds, feature_names_out="one-to-one")


def _scale_rules_column(X: pd.DataFrame, factor: float) -> pd.DataFrame:
    return X.assign(rules_score=X["rules_score"] * factor)


def shrinking_with_labels(n: int) -> float:
    """C = 0.1 at 100 labels, 0.05 at 1,000: the penalty per label, 1/(C n), falls as n^-0.7.

    A fixed C makes the penalty per label fall as 1/n. Measured on five synthetic users
    (three sample personas and two held-out ones), 4 windows each: C=0.1 beat 0.05 by about
    one accuracy point at 100 labels, and 0.05 beat 0.1 (and 0.03) on log-loss at 1,000.
    """
    return 0.1 * (100.0 / max(n, 1)) ** 0.3


def _logistic(
    c: float | Callable[[int], float], l1_ratio: float = 0.0, rules_weight: float = 1.0
) -> Callable[[int, int], Any]:
    """Scaled logistic regression with missing indicators.

    `c` is sklearn's C, or a function of the number of training labels that gives it.
    `rules_weight` multiplies the standardised rules log-odds before the fit: its weight then
    costs rules_weight**2 times less penalty than any other signal's, so with few labels the
    model stays near the calibrated rules and departs from them only where the labels insist
    (a prior centred on the hand-written policy rather than on "nothing matters").
    """

    def build(seed: int, n: int) -> Any:
        from sklearn.impute import SimpleImputer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import FunctionTransformer, StandardScaler

        # An L1 share lets a strongly regularised model drop the many signals a given
        # user ignores (people weigh a handful); saga is the solver that supports it.
        penalty: dict[str, Any] = (
            {"l1_ratio": l1_ratio, "solver": "saga", "random_state": seed} if l1_ratio else {}
        )
        # Missing indicators let "unknown" carry its own weight instead of a guessed value.
        steps = [
            _rules_log_odds_step(),
            SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True),
            StandardScaler(),
        ]
        if rules_weight != 1.0:
            for step in steps[1:]:
                step.set_output(transform="pandas")  # the next step finds rules_score by name
            steps.append(
                FunctionTransformer(
                    _scale_rules_column,
                    kw_args={"factor": rules_weight},
                    feature_names_out="one-to-one",
                )
            )
        strength = c(n) if callable(c) else c
        return make_pipeline(*steps, LogisticRegression(C=strength, max_iter=5000, **penalty))

    return build


def _rules_prior(seed: int, n: int) -> Any:
    """Logistic regression on the rules' log-odds alone: Platt scaling of the baseline.

    It is its own calibration (two parameters fitted on the labels); wrapping it in a second,
    cross-validated sigmoid only added noise: on 100 labels of the private persona accuracy
    fell from 0.861 to 0.848.
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    only_rules = ColumnTransformer([("rules", "passthrough", ["rules_score"])])
    return make_pipeline(_rules_log_odds_step(), only_rules, LogisticRegression(C=1.0))


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
    self_calibrated: bool = False  # a Platt scaling already: no calibration map on top


# In order of simplicity; DEFAULT_CANDIDATE is kept unless another one is clearly better, and
# between two equally clear challengers the earlier one wins.
CANDIDATES: tuple[Candidate, ...] = (
    Candidate("rules_prior", _rules_prior, True, self_calibrated=True),
    Candidate("logistic_strong", _logistic(0.05, l1_ratio=0.5), True),
    # The elastic net with the rules' log-odds penalised 4x less: a prior leaning on the
    # hand-written policy, which pays off with few labels where the rules rank well.
    Candidate(
        "logistic_guided",
        _logistic(shrinking_with_labels, l1_ratio=0.5, rules_weight=2.0),
        True,
    ),
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
        if not hasattr(self.estimator, "calibrated_classifiers_"):
            return self.estimator  # self-calibrated, or its calibration was dropped
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
    if len(pool) == 1:
        reason = f"{chosen} was the only candidate tried"
    elif chosen == default:
        reason = (
            f"kept the default {default}: no candidate beat it by more than "
            f"{MIN_CLEAR_GAIN} and {SWITCH_STANDARD_ERRORS:g} standard errors"
        )
    else:
        reason = f"chose {chosen}: it beat the default {default} clearly"
    why = f"time-ordered CV log-loss: {ranked}; {reason}"
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
    selection = select_candidate(X, y, seed, candidates, min_per_class=minimum)
    candidate = CANDIDATES_BY_NAME[selection.chosen]
    estimator, calibration_note = fit_calibrated(candidate, X, y, seed)
    if calibration_note:
        notes.append(calibration_note)
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
