"""The hand-written policy: the baseline every model must beat, and the fallback with few labels.

Each rule is a named predicate on the features with a verdict and a plain-language reason.
The verdict follows the article's policy, in this order of precedence:
  1. looks fake or spam                            -> ignore
  2. I know them (employer, school, note, mutuals) -> accept (a competitor needs strong context)
  3. a competitor without strong shared context    -> review
  4. could matter to my work, in my markets        -> accept, unless the profile is unproven
  5. remote and unrelated, or irrelevant           -> ignore
  6. a bridge to a wider relevant network, or my network is below critical mass -> accept,
     unless the profile is unproven
  7. anything else                                 -> review
An unproven profile (`unproven_profile`: thin or fake-looking, and no personal tie: no shared
employer or school, no personal note, few mutual connections) is never accepted: relevance
alone is what a fake made for spam or phishing imitates (an empty profile with a `CTO`
headline, 500+ connections and a photo, in a market and industry you want). It goes to
review at best; the model's three-way decision keeps the same guard (triage_model.py).
`rules_score` (0..1) orders requests from surely-ignore to surely-accept: each verdict owns a
band (ignore < 0.35 <= review <= 0.65 < accept) and, inside it, the fired rules' weights and
the mutual connections place the request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from linkedin_triage.policy import Policy

Predicate = Callable[[pd.DataFrame, Policy], pd.Series]

BANDS = {"ignore": (0.0, 0.35), "review": (0.35, 0.65), "accept": (0.65, 1.0)}


def _is(features: pd.DataFrame, name: str) -> pd.Series:
    """1-valued feature as a boolean; unknown (NaN) counts as not fired."""
    return features[name].eq(1).fillna(False)


def _mutuals_at_least(features: pd.DataFrame, n: int) -> pd.Series:
    return features["mutual_connections"].ge(n).fillna(False)


def personal_tie(f: pd.DataFrame, p: Policy) -> pd.Series:
    """Something personal vouches for them: shared employer or school, a personal note (a
    recruiter's or seller's template is none), or many mutual connections."""
    return (
        _is(f, "shares_employer")
        | _is(f, "shares_school")
        | _is(f, "note_is_personal")
        | _mutuals_at_least(f, p.rules.many_mutuals)
    )


# fake_score at or above this share of the policy's ignore line makes a profile fake-looking.
FAKE_LOOKING_SHARE = 0.5


def thin_or_fake_looking(f: pd.DataFrame, p: Policy) -> pd.Series:
    """A profile that shows too little to be trusted as real.

    Fake-looking: fake_score at half the ignore line (no photo and a new account, say).
    Thin: every known section empty, or a title with no employer and no mutual connection.
    """
    fake_looking = f["fake_score"].ge(FAKE_LOOKING_SHARE * p.rules.fake_score_ignore).fillna(False)
    no_mutuals = ~_mutuals_at_least(f, 1)
    bare_title = _is(f, "title_without_employer") & no_mutuals
    return fake_looking | _is(f, "empty_profile") | bare_title


def _relevant(f: pd.DataFrame) -> pd.Series:
    return (
        _is(f, "industry_in_interests")
        | _is(f, "title_matches_interests")
        | _is(f, "industry_is_mine")
    )


@dataclass(frozen=True)
class Rule:
    """One named rule: when it fires, what it says, and how it moves the score."""

    name: str
    verdict: str  # accept / ignore / review
    weight: float  # log-odds push inside the score
    reason: str
    predicate: Predicate


RULES: tuple[Rule, ...] = (
    Rule(
        "looks_fake",
        "ignore",
        -3.0,
        "looks like a fake or spam profile",
        lambda f, p: f["fake_score"].ge(p.rules.fake_score_ignore).fillna(False),
    ),
    Rule(
        "scam_or_contact_in_note",
        "ignore",
        -2.0,
        "note or headline carries scam words, links or contact details",
        lambda f, p: _is(f, "suspicious_text") & ~_is(f, "note_is_personal"),
    ),
    Rule(
        "shares_employer",
        "accept",
        2.5,
        "worked at one of your companies",
        lambda f, p: _is(f, "shares_employer"),
    ),
    Rule(
        "shares_school",
        "accept",
        1.5,
        "studied at one of your schools",
        lambda f, p: _is(f, "shares_school"),
    ),
    Rule(
        "personal_note",
        "accept",
        1.5,
        "wrote a personal note",
        lambda f, p: _is(f, "note_is_personal"),
    ),
    Rule(
        "many_mutuals",
        "accept",
        2.0,
        "many mutual connections",
        lambda f, p: _mutuals_at_least(f, p.rules.many_mutuals),
    ),
    Rule(
        "competitor", "review", -1.0, "works for a competitor", lambda f, p: _is(f, "is_competitor")
    ),
    Rule(
        "relevant_in_my_markets",
        "accept",
        1.5,
        "works in an industry or role you want, in your markets",
        lambda f, p: _relevant(f) & _is(f, "country_in_markets"),
    ),
    Rule(
        "remote_and_unrelated",
        "ignore",
        -2.0,
        "far from your markets and unrelated to your work",
        lambda f, p: _is(f, "remote_and_unrelated"),
    ),
    Rule(
        "irrelevant_industry_and_role",
        "ignore",
        -1.5,
        "industry and role unrelated to your work",
        lambda f, p: (
            f["industry_is_mine"].eq(0).fillna(False)
            & f["industry_in_interests"].eq(0).fillna(False)
            & ~_is(f, "title_matches_interests")
            & ~_mutuals_at_least(f, p.rules.some_mutuals)
        ),
    ),
    Rule(
        "sales_pitch_note",
        "review",
        -1.0,
        "note pitches a service",
        lambda f, p: _is(f, "note_is_sales_pitch") & ~_is(f, "note_is_personal"),
    ),
    Rule(
        "unproven_profile",
        "review",
        -1.5,
        "thin or fake-looking profile, and nothing personal ties you",
        lambda f, p: thin_or_fake_looking(f, p) & ~personal_tie(f, p),
    ),
    Rule(
        "relevant_bridge",
        "accept",
        1.0,
        "a bridge to a wide network in your field",
        lambda f, p: (
            f["bridge_reach_log"].ge(np.log1p(p.rules.bridge_reach)).fillna(False)
            & (_relevant(f) | _is(f, "country_in_markets"))
        ),
    ),
    Rule(
        "below_critical_mass",
        "accept",
        0.5,
        "your network is still below critical mass",
        lambda f, p: (
            _is(f, "my_network_below_critical_mass") & _mutuals_at_least(f, p.rules.some_mutuals)
        ),
    ),
)
RULES_BY_NAME = {rule.name: rule for rule in RULES}


@dataclass
class RulesResult:
    """The baseline's verdict for every row."""

    decision: pd.Series  # accept / review / ignore
    score: pd.Series  # 0..1, orders surely-ignore .. surely-accept
    fired: pd.DataFrame  # one boolean column per rule

    def fired_rules(self) -> pd.Series:
        """`; `-separated names of the rules that fired, in rule order."""
        text = pd.Series("", index=self.fired.index, dtype="str")
        for rule in RULES:
            text = text + np.where(self.fired[rule.name], rule.name + "; ", "")
        return text.str.removesuffix("; ")


def apply_rules(features: pd.DataFrame, policy: Policy) -> RulesResult:
    """Run every rule on a feature frame and derive decision and score."""
    fired = pd.DataFrame(
        {rule.name: rule.predicate(features, policy).astype(bool) for rule in RULES},
        index=features.index,
    )
    fake = fired["looks_fake"] | fired["scam_or_contact_in_note"]
    knows = fired[["shares_employer", "shares_school", "personal_note", "many_mutuals"]].any(axis=1)
    competitor = fired["competitor"]
    competitor_ok = (
        _mutuals_at_least(features, policy.rules.competitor_needs_mutuals)
        | fired["shares_employer"]
        | fired["shares_school"]
    )
    matters = fired["relevant_in_my_markets"]
    unrelated = fired["remote_and_unrelated"] | fired["irrelevant_industry_and_role"]
    pitch = fired["sales_pitch_note"]
    weak_yes = fired["relevant_bridge"] | fired["below_critical_mass"]
    unproven = fired["unproven_profile"]

    conditions = [
        fake,
        competitor & ~competitor_ok,
        knows,
        matters & ~pitch & ~unproven,
        unrelated,
        weak_yes & ~pitch & ~unproven,
    ]
    choices = ["ignore", "review", "accept", "accept", "ignore", "accept"]
    decision = pd.Series(np.select(conditions, choices, default="review"), index=features.index)

    weights = np.array([rule.weight for rule in RULES])
    push = (
        fired.to_numpy(float) @ weights
        + 0.5 * features["mutual_connections_log"].fillna(0).to_numpy()
    )
    inside = 1.0 / (1.0 + np.exp(-push / 2.0))
    low = decision.map({d: band[0] for d, band in BANDS.items()}).to_numpy(float)
    high = decision.map({d: band[1] for d, band in BANDS.items()}).to_numpy(float)
    score = pd.Series(low + (high - low) * inside, index=features.index)
    return RulesResult(decision=decision, score=score, fired=fired)


RULES_OUTPUT_COLUMNS = (
    "request_id",
    "name",
    "rules_decision",
    "rules_score",
    "fake_score",
    "fired_rules",
)


def rules_frame(frame: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """The baseline's output columns for a normalised frame."""
    from linkedin_triage.signals.features import RequestFeatures

    features = RequestFeatures(policy).fit(frame).transform(frame)
    result = apply_rules(features, policy)
    return pd.DataFrame(
        {
            "request_id": frame["request_id"].to_numpy(object),
            "name": frame["name"].to_numpy(object),
            "rules_decision": result.decision.to_numpy(object),
            "rules_score": result.score.round(6).to_numpy(float),
            "fake_score": features["fake_score"].round(4).to_numpy(float),
            "fired_rules": result.fired_rules().to_numpy(object),
        }
    )
