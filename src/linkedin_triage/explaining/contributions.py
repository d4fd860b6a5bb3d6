"""SHAP contributions of the base model's log-odds, per feature.

Additive candidates (logistic regressions, boosting without interactions) have a closed form:
the interventional SHAP value of feature j is g_j(x_j) - E_background[g_j], where g_j is
the model's own term for that feature. We read g_j off the model on a small grid (the unique
values of each column), which is exact and far cheaper than a generic explainer. Boosting
with interactions goes through shap.TreeExplainer. Either way: contributions + base value =
the base model's log-odds, and calibration is a monotone map on top.

The explanations file closes the sum with one more row per request, CLOSING_TERM: what
calibration (or, in rules mode, the verdict bands of `rules_score`) adds on top. Every row
of a request then adds up to the log-odds of the p_accept the user sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from linkedin_triage.learning.candidates import CANDIDATES_BY_NAME
from linkedin_triage.learning.triage_model import TriageModel
from linkedin_triage.signals.features import FEATURE_NAMES
from linkedin_triage.signals.rules import RULES, apply_rules

RULE_PREFIX = "rule: "
BASE_TERM = "(base value)"
# The step from the explained score to p_accept: calibration, or the rules' verdict bands.
CLOSING_TERM = "(calibration)"
# p_accept is never exactly 0 or 1 in model mode (probability floor); rules_score can be.
LOG_ODDS_CLIP = 1e-6


@dataclass
class Contributions:
    """Per-row, per-feature contributions to the log-odds, and the shared base value."""

    values: pd.DataFrame
    base: float
    # How often each hand-written rule fired on the background the values are measured
    # against: a rule that usually fires and did not is part of why rules_score pushed down.
    rule_rates: pd.Series | None = None

    def total(self) -> np.ndarray:
        return self.values.to_numpy(float).sum(axis=1) + self.base


def additive_contributions(
    estimator: Any, matrix: pd.DataFrame, background: pd.DataFrame
) -> Contributions:
    """Exact interventional SHAP values of a model that is additive in its input columns."""
    columns = list(matrix.columns)
    reference = background.iloc[[0]][columns]
    grids, pieces = [], []
    for column in columns:
        values = pd.Index(
            pd.unique(pd.concat([matrix[column], background[column]], ignore_index=True))
        )
        grid = pd.DataFrame(
            np.repeat(reference.to_numpy(float), len(values), axis=0), columns=columns
        )
        grid[column] = values.to_numpy(float)
        grids.append(values)
        pieces.append(grid)
    stacked = pd.concat(pieces, ignore_index=True)
    terms = estimator.decision_function(stacked) - estimator.decision_function(reference)[0]
    out = {}
    start = 0
    for column, values in zip(columns, grids, strict=True):
        term = terms[start : start + len(values)]
        start += len(values)
        at_rows = term[values.get_indexer(matrix[column])]
        at_background = term[values.get_indexer(background[column])]
        out[column] = at_rows - at_background.mean()
    base = float(np.mean(estimator.decision_function(background[columns])))
    return Contributions(values=pd.DataFrame(out, index=matrix.index), base=base)


def tree_contributions(estimator: Any, matrix: pd.DataFrame) -> Contributions:
    """TreeSHAP (path-dependent) values of a gradient-boosted model's raw log-odds."""
    import shap

    # The boosting candidates are Pipeline(FillEmptyColumns, HGB): explain the last step on
    # the matrix as the earlier steps left it (they only fill all-missing columns).
    if hasattr(estimator, "steps"):
        for _, step in estimator.steps[:-1]:
            matrix = step.transform(matrix)
        estimator = estimator.steps[-1][1]
    explainer = shap.TreeExplainer(estimator)
    values = np.asarray(explainer.shap_values(matrix.to_numpy(float)))
    base = float(np.ravel(explainer.expected_value)[0])
    return Contributions(
        values=pd.DataFrame(values, index=matrix.index, columns=matrix.columns), base=base
    )


def rules_contributions(
    model: TriageModel, matrix: pd.DataFrame, fired: pd.DataFrame
) -> Contributions:
    """With too few labels the rules decide: each fired rule contributes its weight."""
    weights = pd.Series({rule.name: rule.weight for rule in RULES})
    values = fired[list(weights.index)].astype(float).mul(weights)
    values.columns = [RULE_PREFIX + name for name in values.columns]
    return Contributions(values=values.set_axis(matrix.index), base=0.0)


def contributions(
    model: TriageModel, matrix: pd.DataFrame, fired: pd.DataFrame | None = None
) -> Contributions:
    """Contributions of every feature to the base model's log-odds, for each row."""
    if model.mode == "rules":
        assert fired is not None, "rules mode explains with the fired rules"
        return rules_contributions(model, matrix, fired)
    assert model.candidate is not None and model.background is not None
    if CANDIDATES_BY_NAME[model.candidate].additive:
        explained = additive_contributions(model.base_estimator(), matrix, model.background)
    else:
        explained = tree_contributions(model.base_estimator(), matrix)
    explained.rule_rates = rule_rates(model)
    return explained


def rule_rates(model: TriageModel) -> pd.Series | None:
    """How often each rule fires on the model's background rows (None if they lack features)."""
    background = model.background
    if background is None or not set(FEATURE_NAMES) <= set(background.columns):
        return None
    fired = apply_rules(background[list(FEATURE_NAMES)], model.policy).fired
    return fired.astype(float).mean()


def long_format(
    request_ids: pd.Series, matrix: pd.DataFrame, contrib: Contributions, p_accept: np.ndarray
) -> pd.DataFrame:
    """`request_id, feature, value, contribution` rows, per request adding up to logit(p_accept).

    After the features come BASE_TERM and CLOSING_TERM, the part of p_accept's log-odds that
    the explained score does not carry (calibration's monotone map, or the rules' bands).
    """
    features = list(contrib.values.columns)
    n = len(matrix)
    values = (
        matrix.reindex(columns=features).to_numpy(float)
        if set(features) <= set(matrix.columns)
        else np.full((n, len(features)), np.nan)
    )
    p = np.clip(np.asarray(p_accept, dtype=float), LOG_ODDS_CLIP, 1.0 - LOG_ODDS_CLIP)
    explained = contrib.total()
    closing = np.log(p / (1.0 - p)) - explained
    ids = np.repeat(request_ids.to_numpy(object), len(features) + 2)
    names = np.tile(np.array([*features, BASE_TERM, CLOSING_TERM], dtype=object), n)
    vals = np.column_stack([values, np.full(n, np.nan), np.full(n, np.nan)]).ravel()
    contribs = np.column_stack(
        [contrib.values.to_numpy(float), np.full(n, contrib.base), closing]
    ).ravel()
    return pd.DataFrame(
        {"request_id": ids, "feature": names, "value": vals, "contribution": contribs}
    )
