"""Batch scoring: features, calibrated probability, three-way decision and reasons, in chunks."""

from __future__ import annotations

import pandas as pd

from linkedin_triage.explaining.contributions import Contributions, contributions, long_format
from linkedin_triage.explaining.reasons import reasons
from linkedin_triage.learning.triage_model import TriageModel

OUTPUT_COLUMNS = (
    "request_id",
    "name",
    "p_accept",
    "decision",
    "rules_decision",
    "fake_score",
    "reasons",
)
# Profile columns the reasons quote (industry name, country, title, company).
CONTEXT_COLUMNS = ("industry", "country", "title", "headline", "company")


class ScoredFrame:
    """Everything computed for a normalised frame: matrix, rules, probability, decision, contributions."""

    def __init__(self, model: TriageModel, frame: pd.DataFrame, explain: bool = True):
        self.frame = frame
        self.matrix, self.rules = model.matrix(frame)
        self.p_accept = model.p_accept(self.matrix)
        self.decision = model.decide(self.p_accept, self.rules)
        # Contributions are most of the cost: skip them when nobody reads reasons.
        self.contributions: Contributions | None = (
            contributions(model, self.matrix, self.rules.fired) if explain else None
        )

    def context(self) -> pd.DataFrame:
        """What the reason phrases read: feature values, a few profile columns, the rules' verdict."""
        return self.matrix.join(self.frame[list(CONTEXT_COLUMNS)]).assign(
            rules_decision=self.rules.decision, fired_rules=self.rules.fired_rules()
        )

    def reasons(self) -> pd.Series:
        if self.contributions is None:
            return pd.Series("", index=self.frame.index, dtype="str")
        return reasons(self.contributions, self.context(), self.rules.fired)

    def rows(self, extras: pd.DataFrame | None = None) -> pd.DataFrame:
        """The contract's predictions columns, plus the input's extra columns at the end."""
        out = pd.DataFrame(
            {
                "request_id": self.frame["request_id"].to_numpy(object),
                "name": self.frame["name"].to_numpy(object),
                "p_accept": self.p_accept.round(6),
                "decision": self.decision,
                "rules_decision": self.rules.decision.to_numpy(object),
                "fake_score": self.matrix["fake_score"].round(4).to_numpy(float),
                "reasons": self.reasons().to_numpy(object),
            }
        )
        if extras is not None and len(extras.columns):
            clashing = [c for c in extras.columns if c in out.columns]
            extras = extras.rename(columns={c: f"input_{c}" for c in clashing})
            out = pd.concat([out, extras.reset_index(drop=True)], axis=1)
        return out

    def explanations(self) -> pd.DataFrame:
        assert self.contributions is not None, "built with explain=False"
        return long_format(self.frame["request_id"], self.matrix, self.contributions, self.p_accept)


def predict_frame(model: TriageModel, frame: pd.DataFrame) -> pd.DataFrame:
    """Predictions for a whole normalised frame in memory (library use and tests)."""
    return ScoredFrame(model, frame).rows()
