"""Signals: a normalised requests frame + the policy -> readable numeric features.

`RequestFeatures` is an sklearn transformer (stateless: everything it needs is in the
policy), so it sits in a Pipeline or GridSearchCV. Every feature is a float; NaN means
"unknown" and is kept so the model can use missingness. Only request-time facts are used:
the profile and note as they were when the request arrived, and the policy.

fake_score (shown to users) is a documented weighted sum of the fake indicators, capped at 1;
an unknown indicator adds nothing:
    no_photo 0.20, few_connections 0.20, recently_joined 0.15, thin_profile 0.15 (scaled 0..1),
    suspicious_text 0.30 (scam words, links, phones, emails or messaging apps in note/headline),
    odd_name 0.10, few_followers 0.05, not_verified 0.05.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from linkedin_triage import vocab
from linkedin_triage.policy import Policy

FEW_CONNECTIONS = 30
FEW_FOLLOWERS = 15
RECENTLY_JOINED_DAYS = 120

FAKE_WEIGHTS = {
    "no_photo": 0.20,
    "few_connections": 0.20,
    "recently_joined": 0.15,
    "thin_profile": 0.15,
    "suspicious_text": 0.30,
    "odd_name": 0.10,
    "few_followers": 0.05,
    "not_verified": 0.05,
}

# Feature -> the signal family it belongs to; explanations group contributions by family.
FEATURE_GROUPS: dict[str, str] = {
    "mutual_connections": "mutual connections",
    "mutual_connections_log": "mutual connections",
    "shares_employer": "shared employer",
    "shares_school": "shared school",
    "my_network_below_critical_mass": "your network size",
    "industry_is_mine": "industry",
    "industry_in_interests": "industry",
    "title_matches_interests": "title",
    "seniority": "seniority",
    "is_recruiter": "recruiter",
    "is_sales": "sales role",
    "same_country": "geography",
    "country_in_markets": "geography",
    "same_city": "geography",
    "remote_and_unrelated": "geography",
    "no_photo": "fake-profile signs",
    "few_connections": "fake-profile signs",
    "few_followers": "fake-profile signs",
    "recently_joined": "fake-profile signs",
    "not_verified": "fake-profile signs",
    "thin_profile": "fake-profile signs",
    "suspicious_text": "fake-profile signs",
    "odd_name": "fake-profile signs",
    "account_age_days": "fake-profile signs",
    "fake_score": "fake-profile signs",
    "connections_log": "network size",
    "followers_log": "network size",
    "connections_500_plus": "network size",
    "experience_count": "profile completeness",
    "skills_count": "profile completeness",
    "recommendations_count": "profile completeness",
    "is_competitor": "competitor",
    "was_competitor": "competitor",
    "competitor_with_many_mutuals": "competitor",
    "bridge_reach_log": "bridge to a wider network",
    "has_note": "note",
    "note_length": "note",
    "note_is_personal": "note",
    "note_is_generic": "note",
    "note_is_sales_pitch": "note",
    "note_is_recruiter_template": "note",
}
FEATURE_NAMES: tuple[str, ...] = tuple(FEATURE_GROUPS)


def _as_float(mask: pd.Series, known: pd.Series) -> pd.Series:
    """A 0/1 signal that is NaN wherever its input was unknown."""
    return mask.astype(float).where(known, np.nan)


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    # pyarrow-backed strings: regexes run in RE2 (fast, linear time).
    return frame[column].astype("str")


def _contains(text: pd.Series, pattern: str) -> pd.Series:
    return text.str.contains(pattern, case=False, regex=True).fillna(False).astype(bool)


@dataclass(frozen=True)
class _PolicyView:
    """What the transformer needs from the policy, prepared once per transform."""

    my_companies: tuple[tuple[str, ...], ...]
    my_schools: tuple[tuple[str, ...], ...]
    competitors: tuple[tuple[str, ...], ...]
    my_industry: str
    interest_industries: frozenset[str]
    title_pattern: str | None
    my_country: str
    markets: frozenset[str]
    city: str
    personal_pattern: str | None
    many_mutuals: int
    below_critical_mass: float

    @classmethod
    def of(cls, policy: Policy) -> _PolicyView:
        me, interests = policy.me, policy.interests
        name_parts = [p for p in me.name.split() if len(p) >= 3]
        personal_words = [*name_parts, *me.companies, *me.schools, *([me.city] if me.city else [])]
        below = (
            np.nan if me.connections is None else float(me.connections < policy.rules.critical_mass)
        )
        return cls(
            my_companies=_token_set(me.companies),
            my_schools=_token_set(me.schools),
            competitors=_token_set(interests.competitors),
            my_industry=vocab.fold(me.industry).strip(),
            interest_industries=frozenset(vocab.fold(i).strip() for i in interests.industries),
            title_pattern=vocab.keyword_pattern(interests.titles),
            my_country=me.country,
            # With no markets configured, the user's own country is their market.
            markets=frozenset(interests.markets) or frozenset({me.country}),
            city=me.city.strip().lower(),
            personal_pattern=vocab.keyword_pattern(personal_words),
            many_mutuals=policy.rules.many_mutuals,
            below_critical_mass=below,
        )


def _token_set(names: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(t for t in (vocab.company_tokens(n) for n in names) if t)


def _starts_with_any(
    name: str, targets: tuple[tuple[str, ...], ...], cache: dict[str, bool]
) -> bool:
    """`Capgemini Italia S.p.A.` matches `Capgemini`: same leading tokens once normalised."""
    hit = cache.get(name)
    if hit is None:
        tokens = vocab.company_tokens(name)
        hit = any(tokens[: len(t)] == t for t in targets)
        cache[name] = hit
    return hit


def _contains_any(name: str, targets: tuple[tuple[str, ...], ...], cache: dict[str, bool]) -> bool:
    """`Università Bocconi` matches target `Bocconi`: the target's tokens appear in a row."""
    hit = cache.get(name)
    if hit is None:
        tokens = vocab.company_tokens(name)
        hit = any(
            tokens[i : i + len(t)] == t for t in targets for i in range(len(tokens) - len(t) + 1)
        )
        cache[name] = hit
    return hit


def _names_match(
    current: pd.Series, past: pd.Series, targets: tuple[tuple[str, ...], ...], matcher: object
) -> pd.Series:
    """1 if the current name or any past name matches a target; NaN if nothing is known."""
    known = current.notna() | past.notna()
    if not targets:
        return pd.Series(np.where(known, 0.0, np.nan), index=current.index)
    cache: dict[str, bool] = {}
    match = matcher  # type: ignore[assignment]

    def row_hit(name: object, names: object) -> bool:
        candidates = [name] if isinstance(name, str) else []
        if isinstance(names, list | tuple):
            candidates.extend(n for n in names if isinstance(n, str))
        return any(match(c, targets, cache) for c in candidates)  # type: ignore[operator]

    hits = [
        row_hit(a, b) for a, b in zip(current.to_numpy(object), past.to_numpy(object), strict=True)
    ]
    return _as_float(pd.Series(hits, index=current.index), known)


class RequestFeatures(TransformerMixin, BaseEstimator):
    """Turns a normalised requests frame into the readable signals of data-contract section 3."""

    def __init__(self, policy: Policy | None = None):
        self.policy = policy

    def fit(self, X: pd.DataFrame, y: object = None) -> RequestFeatures:
        if self.policy is None:
            raise ValueError("RequestFeatures needs a policy")
        self.feature_names_out_ = np.array(FEATURE_NAMES, dtype=object)
        return self

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array(FEATURE_NAMES, dtype=object)

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        assert self.policy is not None
        view = _PolicyView.of(self.policy)
        columns: dict[str, pd.Series] = {}
        for family in (_social, _relevance, _geography, _fake, _competitor, _note):
            columns.update(family(X, view, columns))
        result = pd.DataFrame({name: columns[name] for name in FEATURE_NAMES}, index=X.index)
        return result.astype(float)


Signals = dict[str, pd.Series]


def _social(frame: pd.DataFrame, view: _PolicyView, done: Signals) -> Signals:
    mutuals = frame["mutual_connections"].astype(float)
    return {
        "mutual_connections": mutuals,
        "mutual_connections_log": np.log1p(mutuals),
        "shares_employer": _names_match(
            frame["company"], frame["past_companies"], view.my_companies, _starts_with_any
        ),
        "shares_school": _names_match(
            _unknown(frame), frame["schools"], view.my_schools, _contains_any
        ),
        "my_network_below_critical_mass": pd.Series(
            view.below_critical_mass, index=frame.index, dtype=float
        ),
    }


def _unknown(frame: pd.DataFrame) -> pd.Series:
    return pd.Series(None, index=frame.index, dtype=object)


def _seniority(text: pd.Series) -> pd.Series:
    level = pd.Series(1.0, index=text.index)
    level[_contains(text, vocab.SENIORITY_ENTRY)] = 0.0
    level[_contains(text, vocab.SENIORITY_MID)] = 2.0
    level[_contains(text, vocab.SENIORITY_TOP)] = 3.0
    return level.where(text.notna(), np.nan)


def _relevance(frame: pd.DataFrame, view: _PolicyView, done: Signals) -> Signals:
    industry = frame["industry"].astype("str")
    folded = industry.map(lambda v: vocab.fold(v).strip() if isinstance(v, str) else v)
    known = industry.notna()
    role = _text(frame, "title").fillna(_text(frame, "headline"))
    role_and_headline = (
        _text(frame, "title").fillna("") + " | " + _text(frame, "headline").fillna("")
    )
    role_known = frame["title"].notna() | frame["headline"].notna()
    if view.title_pattern is None:
        title_match = pd.Series(np.nan, index=frame.index)
    else:
        title_match = _as_float(_contains(role_and_headline, view.title_pattern), role_known)
    recruiter = _contains(role_and_headline, vocab.RECRUITER_PROFILE) | folded.eq(
        "staffing and recruiting"
    ).fillna(False)
    return {
        "industry_is_mine": _as_float(folded == view.my_industry, known),
        "industry_in_interests": _as_float(folded.isin(view.interest_industries), known),
        "title_matches_interests": title_match,
        "seniority": _seniority(role),
        "is_recruiter": _as_float(recruiter, role_known | known),
        "is_sales": _as_float(_contains(role_and_headline, vocab.SALES_PROFILE), role_known),
    }


def _geography(frame: pd.DataFrame, view: _PolicyView, done: Signals) -> Signals:
    country = frame["country"].astype(object)
    known = country.notna()
    in_markets = country.isin(view.markets) | (country == view.my_country)
    related = (done["industry_is_mine"] == 1) | (done["industry_in_interests"] == 1)
    industry_known = done["industry_is_mine"].notna()
    remote = known & ~in_markets & ~related
    location = _text(frame, "location")
    if view.city:
        same_city = _as_float(
            location.str.lower().str.contains(view.city, regex=False).fillna(False),
            location.notna(),
        )
    else:
        same_city = pd.Series(np.nan, index=frame.index)
    return {
        "same_country": _as_float(country == view.my_country, known),
        "country_in_markets": _as_float(in_markets, known),
        "same_city": same_city,
        # remote AND unrelated: only decidable when both country and industry are known,
        # or when the country alone already puts them out of every market and relation.
        "remote_and_unrelated": _as_float(remote, known & (industry_known | in_markets)),
    }


def _suspicious_text(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    text = _text(frame, "message").fillna("") + " \n " + _text(frame, "headline").fillna("")
    known = frame["message"].notna() | frame["headline"].notna()
    suspicious = pd.Series(False, index=frame.index)
    for pattern in (
        vocab.SCAM_WORDS,
        vocab.LINK,
        vocab.EMAIL,
        vocab.PHONE,
        vocab.SPELLED_PHONE,
        vocab.MESSAGING_APPS,
    ):
        suspicious |= _contains(text, pattern)
    # A scam can hide in the About section too; a link there is normal, so only scam words count.
    suspicious |= _contains(_text(frame, "about").fillna(""), vocab.SCAM_WORDS)
    return suspicious, known | frame["about"].notna()


def _odd_name(frame: pd.DataFrame) -> pd.Series:
    name = _text(frame, "name")
    letters = name.str.contains(r"[^\W\d_]", regex=True).fillna(False)
    lower_only = letters & (name == name.str.lower()).fillna(False)
    upper_only = (
        letters & (name == name.str.upper()).fillna(False) & (name.str.len() > 3).fillna(False)
    )
    digits = name.str.contains(r"\d", regex=True).fillna(False)
    one_word = ~name.str.strip().str.contains(r"\s", regex=True).fillna(True)
    symbols = name.str.contains(r"[$€£@#*!?=_/\\|<>{}\[\]~^]", regex=True).fillna(False)
    return _as_float(lower_only | upper_only | digits | one_word | symbols, name.notna())


def _fake(frame: pd.DataFrame, view: _PolicyView, done: Signals) -> Signals:
    connections = frame["connections"].astype(float)
    followers = frame["followers"].astype(float)
    age = (frame["received_at"] - frame["joined_on"]).dt.days.astype(float).clip(lower=0)
    thin_parts = pd.DataFrame(
        {
            "no_about": _as_float(frame["about"].isna(), pd.Series(True, index=frame.index)),
            "few_experiences": _as_float(
                frame["experience_count"] <= 1, frame["experience_count"].notna()
            ),
            "few_skills": _as_float(frame["skills_count"] < 3, frame["skills_count"].notna()),
            "no_education": _as_float(
                frame["education_count"] == 0, frame["education_count"].notna()
            ),
        }
    )
    # An absent About is only evidence when the profile was enriched at all.
    enriched = (
        frame[["experience_count", "skills_count", "education_count", "connections"]]
        .notna()
        .any(axis=1)
    )
    thin_parts.loc[~enriched, "no_about"] = np.nan
    thin = thin_parts.mean(axis=1, skipna=True)
    suspicious, text_known = _suspicious_text(frame)
    indicators = {
        "no_photo": _as_float(frame["has_photo"] == 0, frame["has_photo"].notna()),
        "few_connections": _as_float(connections < FEW_CONNECTIONS, connections.notna()),
        "few_followers": _as_float(followers < FEW_FOLLOWERS, followers.notna()),
        "recently_joined": _as_float(age < RECENTLY_JOINED_DAYS, age.notna()),
        "not_verified": _as_float(frame["verified"] == 0, frame["verified"].notna()),
        "thin_profile": thin,
        "suspicious_text": _as_float(suspicious, text_known),
        "odd_name": _odd_name(frame),
    }
    fake_score = sum(indicators[k].fillna(0.0) * w for k, w in FAKE_WEIGHTS.items())
    mutuals = frame["mutual_connections"].astype(float)
    lower_bound = frame["connections_is_lower_bound"].fillna(False).astype(bool)
    return {
        **indicators,
        "account_age_days": age,
        "fake_score": pd.Series(fake_score, index=frame.index).clip(0.0, 1.0),
        "connections_log": np.log1p(connections),
        "followers_log": np.log1p(followers),
        "connections_500_plus": _as_float(lower_bound, connections.notna()),
        "experience_count": frame["experience_count"].astype(float),
        "skills_count": frame["skills_count"].astype(float),
        "recommendations_count": frame["recommendations_count"].astype(float),
        # Their network minus what we already share: the new 2nd-degree reach they bring.
        # With `500+` this is a lower bound, which connections_500_plus tells the model.
        "bridge_reach_log": np.log1p((connections - mutuals.fillna(0)).clip(lower=0)),
    }


def _competitor(frame: pd.DataFrame, view: _PolicyView, done: Signals) -> Signals:
    empty = _unknown(frame)
    current = _names_match(frame["company"], empty, view.competitors, _starts_with_any)
    past_only = _names_match(empty, frame["past_companies"], view.competitors, _starts_with_any)
    many = done["mutual_connections"] >= view.many_mutuals
    return {
        "is_competitor": current,
        "was_competitor": past_only,
        "competitor_with_many_mutuals": _as_float(
            (current == 1) & many, current.notna() & done["mutual_connections"].notna()
        ),
    }


def _note(frame: pd.DataFrame, view: _PolicyView, done: Signals) -> Signals:
    message = _text(frame, "message")
    has_note = message.notna()
    # No note is a fact (LinkedIn shows none), not an unknown: the flags below are 0 then.
    present = pd.Series(True, index=frame.index)
    personal = (
        _contains(message, view.personal_pattern)
        if view.personal_pattern
        else pd.Series(False, index=frame.index)
    )
    personal |= _contains(message, vocab.SHARED_CONTEXT_NOTE)
    return {
        "has_note": has_note.astype(float),
        "note_length": message.str.len().fillna(0).astype(float),
        "note_is_personal": _as_float(personal & has_note, present),
        "note_is_generic": _as_float(_contains(message, vocab.GENERIC_NOTE), present),
        "note_is_sales_pitch": _as_float(_contains(message, vocab.SALES_PITCH), present),
        "note_is_recruiter_template": _as_float(_contains(message, vocab.RECRUITER_NOTE), present),
    }


def build_features(frame: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Features of a normalised frame (convenience for one-off use)."""
    return RequestFeatures(policy).fit(frame).transform(frame)
