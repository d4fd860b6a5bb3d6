"""The fake guard: no automatic accept, by the rules or the model, on thin evidence.

The article's first "no": an empty profile with a `CTO` headline, no company, no experience,
no skills, no mutual connections, a photo and 500+ connections, in a market and industry of
interest. Only a personal tie (a shared employer or school, a personal note, many mutual
connections) lets such a request be accepted. Everything here is invented.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from frames import CONTRACT_POLICY_DATA, write_rows
from linkedin_triage.learning.thresholds import Thresholds
from linkedin_triage.learning.triage_model import TriageModel, model_matrix
from linkedin_triage.policy import policy_from_dict
from linkedin_triage.signals.rules import BANDS
from linkedin_triage.sources.requests_reader import read_requests

POLICY = policy_from_dict(CONTRACT_POLICY_DATA)  # interests: Retail, markets IT, CH, DE, FR

EMPTY_CTO = {
    "name": "Mark Weber",
    "received_at": "2026-03-01T10:00:00",
    "headline": "CTO",
    "title": "CTO",
    "industry": "Retail",
    "location": "Munich, Bavaria, Germany",
    "country": "DE",
    "mutual_connections": "0",
    "connections": "500+",
    "has_photo": "true",
    "experience_count": "0",
    "skills_count": "0",
}
# The same profile, with what would vouch for it.
TIES: dict[str, dict[str, object]] = {
    "shared employer": {"past_companies": "Accenture"},
    "shared school": {"schools": "Università Bocconi"},
    "personal note": {"message": "Hi Giulia, great meeting you at the Retail Tech Day in Milan!"},
    "many mutual connections": {"mutual_connections": "25"},
}
NO_TIES: dict[str, dict[str, object]] = {
    "as it is": {},
    "lower-case one-word name": {"name": "mark"},
    "a recruiter's template greeting by name": {
        "message": "Hi Giulia, I have an exciting role for you. Please send me your CV."
    },
    "a generic note": {"message": "I'd like to add you to my professional network."},
    "a few mutual connections": {"mutual_connections": "3"},
}
# A real person: a title with an employer, a filled profile, a few mutual connections.
GENUINE = {
    **EMPTY_CTO,
    "headline": "CTO at Kaufhaus Lindner GmbH",
    "company": "Kaufhaus Lindner GmbH",
    "experience_count": "7",
    "skills_count": "30",
    "education_count": "2",
    "about": "Twenty years building store systems for German retail.",
    "followers": "900",
    "mutual_connections": "2",
}


def _read(tmp_path: Path, rows: list[Mapping[str, object]]) -> pd.DataFrame:
    table = read_requests(write_rows(tmp_path, list(rows)))
    assert not table.rejects, table.rejects
    return table.frame


def _rules(tmp_path: Path, row: Mapping[str, object]) -> tuple[str, float, pd.Series]:
    _, rules = model_matrix(_read(tmp_path, [row]), POLICY)
    return rules.decision.iloc[0], float(rules.score.iloc[0]), rules.fired.iloc[0]


@pytest.mark.parametrize("case", list(NO_TIES))
def test_rules_never_accept_an_empty_executive_without_a_personal_tie(
    tmp_path: Path, case: str
) -> None:
    decision, score, fired = _rules(tmp_path, {**EMPTY_CTO, **NO_TIES[case]})
    assert decision != "accept", case
    assert score <= BANDS["review"][1], case
    assert fired["relevant_in_my_markets"], "the profile imitates relevance"
    assert fired["unproven_profile"] or fired["looks_fake"], case


@pytest.mark.parametrize("case", list(TIES))
def test_a_personal_tie_lets_the_same_profile_be_accepted(tmp_path: Path, case: str) -> None:
    decision, _, fired = _rules(tmp_path, {**EMPTY_CTO, **TIES[case]})
    assert decision == "accept", case
    assert not fired["unproven_profile"], case


def test_a_genuine_relevant_profile_is_still_accepted(tmp_path: Path) -> None:
    decision, score, fired = _rules(tmp_path, GENUINE)
    assert decision == "accept"
    assert score > BANDS["accept"][0]
    assert not fired["unproven_profile"]


def test_a_recruiters_cv_request_is_no_personal_note(tmp_path: Path) -> None:
    matrix, _ = model_matrix(_read(tmp_path, [{**EMPTY_CTO, **NO_TIES[
        "a recruiter's template greeting by name"]}]), POLICY)  # fmt: skip
    assert matrix["note_is_recruiter_template"].iloc[0] == 1.0
    assert matrix["note_is_personal"].iloc[0] == 0.0


def test_the_models_three_way_decision_keeps_the_guard(tmp_path: Path) -> None:
    """A model sure of an accept still sends an unproven profile to review, and only it."""
    rows = [
        EMPTY_CTO,
        {**EMPTY_CTO, "name": "mark"},
        *({**EMPTY_CTO, **tie} for tie in TIES.values()),
        GENUINE,
    ]
    _, rules = model_matrix(_read(tmp_path, rows), POLICY)
    model = TriageModel(POLICY, "model", "logistic_guided", None, Thresholds(0.5, 0.1), None)
    sure = np.full(len(rows), 0.99)
    decisions = model.decide(sure, rules).tolist()
    assert decisions == ["review", "review"] + ["accept"] * len(TIES) + ["accept"]
    # ignores are untouched: the guard only ever withholds an accept
    assert model.decide(np.full(len(rows), 0.01), rules).tolist() == ["ignore"] * len(rows)
