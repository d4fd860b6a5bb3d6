"""How the ledger and the model stand: counts, label sources, model age, drift, retrain advice.

`status` prints it and the review page shows its one-line verdict. "New decisions" are the
labelled requests the model cannot have been trained on: received after the newest request
it learned from (`trained_until` in the model's info.json), or decided after the model was
made (its manifest's `created_at`). The drift test (`learning.drift`) runs on them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from linkedin_triage.learning.drift import FALSE_ALARM_RATE, DriftCheck, drift_check
from linkedin_triage.learning.triage_model import TriageModel
from linkedin_triage.ledger.history import History
from linkedin_triage.ledger.labels import LABEL_SOURCES
from linkedin_triage.review.ledger_rows import read_rows

# Retrain when this many new decisions exist and they are at least this share of the labels
# the model learned from: enough to change its weights, whatever the drift test says.
NEW_DECISIONS_WORTH_RETRAINING = 50
NEW_SHARE_WORTH_RETRAINING = 0.25


@dataclass
class ModelAge:
    """A model folder's age, in days and in the decisions made since it was trained."""

    path: Path
    mode: str
    n_labels: int  # the labels it was trained on
    created_at: datetime | None  # naive UTC
    trained_until: pd.Timestamp | None  # the newest request it learned from
    days: float | None
    new_decisions: int


@dataclass
class LedgerStatus:
    ledger: Path
    pending: int
    labelled: int
    labels_by_source: dict[str, int]
    labels_by_decision: dict[str, int]  # accept / ignore
    conflicts: int
    grace_days: int  # the ledger's grace period behind `not_connected` labels
    model: ModelAge | None = None
    model_problem: str | None = None  # why no model could be read
    drift: DriftCheck | None = None
    unreadable_new: int = 0  # new decisions the model could not read (not tested)
    retrain: list[str] = field(default_factory=list)  # reasons to retrain, in plain words

    def verdict(self) -> str:
        """One line for the page and the end of `status`: retrain or not, and why."""
        if self.model is None:
            return f"No model yet ({self.model_problem}): train one on this ledger."
        if self.retrain:
            return "Retrain: " + "; ".join(self.retrain) + "."
        return "No need to retrain yet: " + drift_sentence(self.drift) + "."


def drift_sentence(check: DriftCheck | None) -> str:
    """The drift test in words first, numbers after."""
    if check is None or check.n == 0:
        return "no decisions since the model was trained, so nothing to check it against"
    if not check.enough:
        return (
            f"not enough new decisions to tell whether your way of deciding changed "
            f"({check.n} since the model was trained; the check needs {check.min_decisions})"
        )
    numbers = (
        f"log-loss {check.log_loss:.3f} on {check.n} decisions since training, its calibration "
        f"predicts {check.expected:.3f} ± {check.sd:.3f}; p = {check.p_value:.3f} at a "
        f"{check.false_alarm_rate:.0%} false-alarm rate"
    )
    if check.alarm:
        return (
            "your recent decisions are predicted worse than the model's own calibration "
            f"promises, so the way you decide has likely changed ({numbers})"
        )
    return f"the model predicts your recent decisions as well as it promised ({numbers})"


def model_age(
    path: Path,
    model: TriageModel,
    info: dict[str, object],
    manifest: dict[str, object],
    new_decisions: int,
    now: datetime,
) -> ModelAge:
    created = _naive_utc(manifest.get("created_at"))
    return ModelAge(
        path=path,
        mode=model.mode,
        n_labels=int(model.n_labels),
        created_at=created,
        trained_until=trained_until(info),
        days=None if created is None else (now - created).total_seconds() / 86400,
        new_decisions=new_decisions,
    )


def trained_until(info: dict[str, object]) -> pd.Timestamp | None:
    value = info.get("trained_until")
    if value in (None, "", "NaT"):
        return None
    try:
        stamp = pd.Timestamp(str(value))
    except ValueError:
        return None
    if pd.isna(stamp):
        return None
    return stamp.tz_convert(None) if stamp.tzinfo is not None else stamp


def _naive_utc(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def new_decision_mask(
    table: pd.DataFrame, until: pd.Timestamp | None, created: datetime | None
) -> np.ndarray:
    """Labelled rows the model cannot have learned from (see the module's docstring)."""
    labelled = table["decision"].notna().to_numpy(bool)
    received = pd.to_datetime(table["received_at"], errors="coerce", format="ISO8601")
    decided = pd.to_datetime(table["decided_at"], errors="coerce", format="ISO8601")
    newer = np.zeros(len(table), dtype=bool)
    if until is not None:
        newer |= (received > until).fillna(False).to_numpy(bool)
    if created is not None:
        newer |= (decided > pd.Timestamp(created)).fillna(False).to_numpy(bool)
    return labelled & newer


def ledger_status(
    ledger_path: Path,
    history: History,
    model: TriageModel | None,
    info: dict[str, object] | None = None,
    manifest: dict[str, object] | None = None,
    model_path: Path | None = None,
    model_problem: str | None = None,
    now: datetime | None = None,
) -> LedgerStatus:
    """Counts from the ledger's history; with a model, its age, the drift test and advice."""
    table = history.frame
    sources = Counter(history.labels)
    status = LedgerStatus(
        ledger=ledger_path,
        pending=history.pending,
        labelled=history.n_labelled,
        labels_by_source={s: int(sources.get(s, 0)) for s in LABEL_SOURCES},
        labels_by_decision={d: int((table["decision"] == d).sum()) for d in ("accept", "ignore")},
        conflicts=len(history.conflicts),
        grace_days=history.grace_days,
        model_problem=model_problem,
    )
    if model is None or model_path is None:
        return status
    now = now or datetime.now(UTC).replace(tzinfo=None)
    age = model_age(model_path, model, info or {}, manifest or {}, 0, now)
    new = new_decision_mask(table, age.trained_until, age.created_at)
    age.new_decisions = int(new.sum())
    status.model = age
    rows = read_rows(table[new], f"{ledger_path} (decisions since the model was trained)")
    status.unreadable_new = len(rows.problems)
    if len(rows.frame):
        matrix, _ = model.matrix(rows.frame)
        p = model.p_accept(matrix)
        y = (rows.frame["decision"] == "accept").to_numpy(int)
        status.drift = drift_check(p, y, false_alarm_rate=FALSE_ALARM_RATE)
    else:
        status.drift = drift_check(np.array([]), np.array([]))
    status.retrain = retrain_reasons(status, model)
    return status


def retrain_reasons(status: LedgerStatus, model: TriageModel) -> list[str]:
    """Why to retrain now, in plain words; empty when the model is fine as it is."""
    reasons = []
    drift = status.drift
    if drift is not None and drift.alarm:
        reasons.append(drift_sentence(drift))
    age = status.model
    if age is not None and age.new_decisions >= max(
        NEW_DECISIONS_WORTH_RETRAINING, NEW_SHARE_WORTH_RETRAINING * age.n_labels
    ):
        reasons.append(
            f"you have made {age.new_decisions} decisions since it was trained on "
            f"{age.n_labels}: it can learn from them"
        )
    minimum = model.policy.decisions.min_labels_per_class
    if model.mode == "rules" and min(status.labels_by_decision.values()) >= minimum:
        reasons.append(
            f"it decides by the hand-written rules, and the ledger now holds {minimum}+ "
            "accepted and ignored requests: enough to learn your own weights"
        )
    return reasons
