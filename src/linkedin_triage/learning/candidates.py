"""The candidate estimators `train` chooses among, simplest first.

Every candidate is fitted on MODEL_COLUMNS: the readable signals plus the rules' score, which
the linear candidates see as log-odds. The default (an elastic net with a prior leaning on the
rules) stays unless another candidate is clearly better (selection.py); the calibrated rules
(`rules_prior`) are a Platt scaling already and get no second calibration map (calibration.py).

Saved models refer to `rules_score_as_log_odds`, `_scale_rules_column`, `FillEmptyColumns`
and `IncreasingLogistic` by module path: renaming or moving them breaks loading models saved before the change
(model.py keeps aliases for models saved when they lived there).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from linkedin_triage.signals.features import FEATURE_NAMES

# The columns every candidate is fitted on. Defined here rather than in model.py because
# the boosting candidates constrain columns by name and model.py imports this module.
MODEL_COLUMNS: tuple[str, ...] = (*FEATURE_NAMES, "rules_score")
DEFAULT_CANDIDATE = "logistic_guided"

# saga's stopping tolerance. At sklearn's 1e-4 it took ~900 passes on 1,600 labels and the
# elastic nets were 90% of `train`'s time; at 1e-3 (~150 passes) the fits were 2.5x faster
# with the same quality on 24 random design users (median ROC-AUC gap 0.0241 both at 1,000
# labels; 0.0538 vs 0.0537 at 100).
SAGA_TOL = 1e-3

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


# Columns that name what a user might want without the policy saying so (every job
# function): with few labels they mostly add noise, so they cost more penalty.
GENERIC_PREFIX = "function_"
GENERIC_WEIGHT = 0.5


def scale_generic_columns(X: pd.DataFrame, factor: float) -> pd.DataFrame:
    """The standardised generic columns times `factor`: factor**-2 times their penalty."""
    generic = [c for c in X.columns if c.startswith(GENERIC_PREFIX) and c in FEATURE_NAMES]
    return X.assign(**{c: X[c] * factor for c in generic})


def shrinking_with_labels(n: int) -> float:
    """C = 0.1 at 100 labels, 0.05 at 1,000: the penalty per label, 1/(C n), falls as n^-0.7.

    A fixed C makes the penalty per label fall as 1/n. Measured on five synthetic users
    (three sample personas and two held-out ones), 4 windows each: C=0.1 beat 0.05 by about
    one accuracy point at 100 labels, and 0.05 beat 0.1 (and 0.03) on log-loss at 1,000.
    """
    return 0.1 * (100.0 / max(n, 1)) ** 0.3


def rules_weight_with_labels(n: int) -> float:
    """The rules' prior fades as labels come: 2 up to 100 labels, 1 at 1,000 (n^-0.3).

    Its penalty is rules_weight**-2 times any other signal's. On 24 random design users a
    weight of 1 instead of 2 at 1,000 labels cut the ROC-AUC gap to the truth for 20 of them
    (mean -0.0011, median 0.0241 -> 0.0228; log-loss gap median 0.0291 -> 0.0287) but
    raised it at 100 labels (0.0537 -> 0.0605); 3 was worse at 1,000. Held at 2 up to 100.
    """
    return 2.0 * (100.0 / max(n, 100)) ** 0.3


def _logistic(
    c: float | Callable[[int], float],
    l1_ratio: float = 0.0,
    rules_weight: float | Callable[[int], float] = 1.0,
    generic_weight: float = 1.0,
) -> Callable[[int, int], Any]:
    """Scaled logistic regression with missing indicators.

    `c` is sklearn's C, or a function of the number of training labels that gives it.
    `rules_weight` multiplies the standardised rules log-odds before the fit: its weight then
    costs rules_weight**2 times less penalty than any other signal's, so with few labels the
    model stays near the calibrated rules and departs from them only where the labels insist
    (a prior centred on the hand-written policy rather than on "nothing matters").
    `generic_weight` does the opposite for the generic columns (every job function): on 24
    random design users it cut the median ROC-AUC gap at 100 labels from 0.059 to 0.054 (as
    much as leaving them out) and kept their gain at 1,000 (0.0248 -> 0.0241).
    """

    def build(seed: int, n: int) -> Any:
        from sklearn.impute import SimpleImputer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import FunctionTransformer, StandardScaler

        # An L1 share lets a strongly regularised model drop the many signals a given
        # user ignores (people weigh a handful); saga is the solver that supports it.
        penalty: dict[str, Any] = (
            {"l1_ratio": l1_ratio, "solver": "saga", "random_state": seed, "tol": SAGA_TOL}
            if l1_ratio
            else {}
        )
        # Missing indicators let "unknown" carry its own weight instead of a guessed value.
        steps = [
            _rules_log_odds_step(),
            SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True),
            StandardScaler(),
        ]
        # Penalty factors, applied after scaling: the rules' log-odds cost less (a prior
        # leaning on the policy), the generic columns more (noise with few labels).
        factors = [
            (_scale_rules_column, rules_weight(n) if callable(rules_weight) else rules_weight),
            (scale_generic_columns, generic_weight),
        ]
        for function, factor in factors:
            if factor != 1.0:
                for step in steps[1:]:
                    step.set_output(transform="pandas")  # the next step finds columns by name
                steps.append(
                    FunctionTransformer(
                        function, kw_args={"factor": factor}, feature_names_out="one-to-one"
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
    from sklearn.pipeline import make_pipeline

    only_rules = ColumnTransformer([("rules", "passthrough", ["rules_score"])])
    return make_pipeline(_rules_log_odds_step(), only_rules, IncreasingLogistic(C=1.0))


class IncreasingLogistic:
    """Logistic regression on one input whose slope may not go negative.

    It recalibrates the rules' score without turning its order upside down. On a handful
    of labels that happened to run against the rules (13 accepts, 6 ignores), a free slope
    went negative and ranked the rules' surest ignores as likely accepts, with reasons that
    said so ("+ your rules say ignore"). The likelihood is concave, so with the slope held
    at >= 0 its maximum is at slope 0: every request gets the user's accept rate, and the
    gates send them all to review. A plain class (not a LogisticRegression subclass) so the
    module imports without scikit-learn, which costs a second on every command.
    """

    def __init__(self, C: float = 1.0):
        self.C = C

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> IncreasingLogistic:
        from sklearn.linear_model import LogisticRegression

        fitted = LogisticRegression(C=self.C).fit(X, y, sample_weight=sample_weight)
        self.classes_ = fitted.classes_
        self.coef_, self.intercept_ = fitted.coef_.copy(), fitted.intercept_.copy()
        if self.coef_[0, 0] < 0:
            positive = np.asarray(y) == self.classes_[1]
            rate = float(np.average(positive, weights=sample_weight))
            self.coef_[:] = 0.0
            self.intercept_[:] = np.log(rate / (1.0 - rate))
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        return np.asarray(X, dtype=float) @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, X: Any) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1.0 - p, p])

    def predict(self, X: Any) -> np.ndarray:
        return self.classes_[(self.decision_function(X) > 0).astype(int)]

    def __sklearn_tags__(self) -> Any:
        """What BaseEstimator would say of a binary classifier (sklearn asks every step)."""
        from sklearn.utils import ClassifierTags, Tags, TargetTags

        return Tags(
            estimator_type="classifier",
            target_tags=TargetTags(required=True),
            classifier_tags=ClassifierTags(multi_class=False),
        )

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {"C": self.C}

    def set_params(self, **params: Any) -> IncreasingLogistic:
        self.C = params.get("C", self.C)
        return self


def rules_order_dropped(estimator: Any) -> bool:
    """True if the calibrated rules found the labels against the rules' order (slope held at 0)."""
    last = estimator[-1] if hasattr(estimator, "steps") else estimator
    return isinstance(last, IncreasingLogistic) and bool(last.coef_[0, 0] == 0.0)


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
    # The elastic net with the rules' log-odds penalised 4x less (up to 100 labels; 1x at
    # 1,000): a prior leaning on the hand-written policy, which pays off with few labels
    # where the rules rank well, and fades as the labels grow.
    Candidate(
        "logistic_guided",
        _logistic(
            shrinking_with_labels,
            l1_ratio=0.5,
            rules_weight=rules_weight_with_labels,
            generic_weight=0.5,
        ),
        True,
    ),
    Candidate("logistic", _logistic(0.5), True),
    # Boosted models rarely beat a regularised linear model on a few hundred labels, and
    # they cost most of the training time: try them only where they can pay off.
    Candidate("additive_boosting", _boosting(additive=True), True, min_labels=400),
    Candidate("boosting", _boosting(additive=False), False, min_labels=400),
)
CANDIDATES_BY_NAME = {c.name: c for c in CANDIDATES}
