"""Signals: a normalised requests frame + the policy -> readable numeric features.

`RequestFeatures` is an sklearn transformer (stateless: everything it needs is in the
policy), so it sits in a Pipeline or GridSearchCV. Every feature is a float; NaN means
"unknown" and is kept so the model can use missingness. Only request-time facts are used:
the profile and note as they were when the request arrived, and the policy. A row's
features depend on that row and the policy alone (never on other rows, nor on `decision`).

Text signals run in RE2 through pyarrow (see vocab.py): linear time, no per-row Python.

fake_score (shown to users) is a documented weighted sum of the fake indicators, capped at 1;
an unknown indicator adds nothing:
    no_photo 0.20, few_connections 0.20, recently_joined 0.15, thin_profile 0.15 (scaled 0..1),
    suspicious_text 0.30 (scam words, links, phones, emails or messaging apps in note/headline,
    or scam words in About), odd_name 0.10, few_followers 0.05, not_verified 0.05.

note_is_personal: the note names a shared context (my company or school, an event, a
meeting, a referral), or greets me by name (or my city) without being a generic line; and it
is not a sales pitch, a recruiter template or a scam. Templates fill in the first name, so
a name alone proves nothing when the note also asks you to call, click or write elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sklearn.base import BaseEstimator, TransformerMixin

from linkedin_triage import vocab
from linkedin_triage.parsing import map_unique
from linkedin_triage.policy import Policy
from linkedin_triage.regions import continent

FEW_CONNECTIONS = 30
FEW_MUTUALS = 5
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
    "function_matches_interests": "title",
    "seniority": "seniority",
    "is_student": "seniority",
    "is_executive": "seniority",
    "is_senior": "seniority",
    "senior_in_role_i_want": "title",
    "is_recruiter": "recruiter",
    "is_sales": "sales role",
    "same_country": "geography",
    "country_in_markets": "geography",
    "same_city": "geography",
    "other_continent": "geography",
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
    "looks_fake": "fake-profile signs",
    "connections_log": "network size",
    "followers_log": "network size",
    "connections_500_plus": "network size",
    "big_network_few_mutuals": "network size",
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
    "note_is_scam": "note",
}
FEATURE_NAMES: tuple[str, ...] = tuple(FEATURE_GROUPS)

# The normalised-frame columns the transformer reads (io.read_requests provides them all).
INPUT_COLUMNS: tuple[str, ...] = (
    "name", "received_at", "message", "headline", "title", "company", "industry", "location",
    "country", "mutual_connections", "connections", "connections_is_lower_bound", "followers",
    "has_photo", "verified", "joined_on", "about", "experience_count", "education_count",
    "skills_count", "recommendations_count", "past_companies", "schools",
)  # fmt: skip


# -- vectorised helpers ------------------------------------------------------------------------
def _as_float(mask: pd.Series, known: pd.Series) -> pd.Series:
    """A 0/1 signal that is NaN wherever its input was unknown."""
    return mask.astype(float).where(known, np.nan)


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as Arrow-backed strings in NFD form, as vocab's patterns expect (NaN if missing).

    NFD, not NFC: pyarrow's `utf8_normalize` does not compose, so NFC is not to be had cheaply.
    """
    array = pc.utf8_normalize(pa.array(frame[column].astype("str"), from_pandas=True), form="NFD")
    return pd.Series(array, index=frame.index, dtype="str")


def _number(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_numeric(frame[column], errors="coerce").astype(float)


def _matches(text: pd.Series, pattern: str, ignore_case: bool = True) -> pd.Series:
    """Rows whose text contains `pattern`, run in RE2 (linear time); missing text is False."""
    hits = pc.match_substring_regex(
        pa.array(text, from_pandas=True), pattern, ignore_case=ignore_case
    )
    flags = pc.fill_null(hits, False).to_numpy(zero_copy_only=False)
    return pd.Series(flags.astype(bool), index=text.index)


def _any_matches(text: pd.Series, patterns: Iterable[str]) -> pd.Series:
    hit = pd.Series(False, index=text.index)
    for pattern in patterns:
        hit |= _matches(text, pattern)
    return hit


Targets = tuple[tuple[str, ...], ...]
TokenMatcher = Callable[[tuple[str, ...], Targets], bool]


def _starts_with_any(tokens: tuple[str, ...], targets: Targets) -> bool:
    """`Capgemini Italia S.p.A.` matches `Capgemini`: same leading tokens once normalised."""
    return any(tokens[: len(t)] == t for t in targets)


def _contains_any(tokens: tuple[str, ...], targets: Targets) -> bool:
    """`Università Bocconi` matches target `Bocconi`: the target's tokens appear in a row."""
    return any(
        tokens[i : i + len(t)] == t for t in targets for i in range(len(tokens) - len(t) + 1)
    )


def _names_match(
    columns: Sequence[pd.Series], targets: Targets, matcher: TokenMatcher
) -> pd.Series:
    """1 if any name in the columns (a name, or a tuple of names) matches a target.

    NaN when every column is unknown. Each distinct name is normalised and compared once;
    rows are handled by numpy (company names repeat a lot, rows are many).
    """
    index = columns[0].index
    known = np.zeros(len(index), dtype=bool)
    positions, names = [], []
    for column in columns:
        values = pd.Series(column.to_numpy(object), index=np.arange(len(index)))
        known |= values.notna().to_numpy()
        exploded = values.explode().dropna()  # tuples -> one row per name, strings stay
        positions.append(exploded.index.to_numpy(np.int64))
        names.append(exploded.to_numpy(object))
    hit = np.zeros(len(index), dtype=bool)
    all_names = np.concatenate(names)
    if targets and len(all_names):
        codes, uniques = pd.factorize(all_names)
        unique_hit = np.array(
            [isinstance(u, str) and matcher(vocab.company_tokens(u), targets) for u in uniques],
            dtype=bool,
        )
        hit[np.concatenate(positions)[unique_hit[codes]]] = True
    return pd.Series(np.where(known, hit.astype(float), np.nan), index=index)


# -- the policy, prepared once per transform ---------------------------------------------------
def _functions_of(keywords: list[str]) -> tuple[str, ...]:
    """The job functions the user's title keywords name (`Head of IT` -> it)."""
    if not keywords:
        return ()
    texts = _text(pd.DataFrame({"k": keywords}), "k")
    return tuple(f for f, pattern in vocab.JOB_FUNCTIONS.items() if _matches(texts, pattern).any())


def _token_set(names: Iterable[str]) -> Targets:
    return tuple(t for t in (vocab.company_tokens(n) for n in names) if t)


def _industry_key(value: str) -> str:
    return vocab.fold(value).strip()


@dataclass(frozen=True)
class _PolicyView:
    """What the transformer needs from the policy, prepared once per transform."""

    my_companies: Targets
    my_schools: Targets
    competitors: Targets
    my_industry: str
    interest_industries: frozenset[str]
    title_pattern: str | None
    wanted_functions: tuple[str, ...]
    my_country: str
    my_continent: str | None
    markets: frozenset[str]
    city_pattern: str | None
    me_pattern: str | None  # my name or city in a note: personal only if not a template
    mine_pattern: str | None  # my companies or schools in a note: a shared context
    many_mutuals: int
    fake_score_ignore: float
    below_critical_mass: float

    @classmethod
    def of(cls, policy: Policy) -> _PolicyView:
        me, interests = policy.me, policy.interests
        name_parts = [p for p in me.name.split() if len(p) >= 3]
        below = (
            np.nan if me.connections is None else float(me.connections < policy.rules.critical_mass)
        )
        return cls(
            my_companies=_token_set(me.companies),
            my_schools=_token_set(me.schools),
            competitors=_token_set(interests.competitors),
            my_industry=_industry_key(me.industry),
            interest_industries=frozenset(_industry_key(i) for i in interests.industries),
            title_pattern=vocab.keyword_pattern(interests.titles),
            wanted_functions=_functions_of(interests.titles),
            my_country=me.country,
            my_continent=continent(me.country),
            # With no markets configured, the user's own country is their market.
            markets=frozenset(interests.markets) or frozenset({me.country}),
            city_pattern=vocab.keyword_pattern([me.city], whole_word=False),
            me_pattern=vocab.keyword_pattern([*name_parts, me.city], proper_nouns=True),
            mine_pattern=vocab.keyword_pattern(
                [*(vocab.without_legal_form(c) for c in me.companies), *me.schools],
                proper_nouns=True,
            ),
            many_mutuals=policy.rules.many_mutuals,
            fake_score_ignore=policy.rules.fake_score_ignore,
            below_critical_mass=below,
        )


# -- the transformer ---------------------------------------------------------------------------
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
        if self.policy is None:
            raise ValueError("RequestFeatures needs a policy")
        missing = [c for c in INPUT_COLUMNS if c not in X.columns]
        if missing:
            raise ValueError(f"not a normalised requests frame: missing {', '.join(missing)}")
        view = _PolicyView.of(self.policy)
        columns: Signals = {}
        for family in (_social, _relevance, _geography, _fake, _competitor, _note):
            columns.update(family(X, view, columns))
        result = pd.DataFrame({name: columns[name] for name in FEATURE_NAMES}, index=X.index)
        return result.astype(float)


# Features by name; names starting with `_` are intermediate signals shared between families.
Signals = dict[str, pd.Series]


def _social(frame: pd.DataFrame, view: _PolicyView, done: Signals) -> Signals:
    mutuals = _number(frame, "mutual_connections")
    return {
        "mutual_connections": mutuals,
        "mutual_connections_log": np.log1p(mutuals),
        "shares_employer": _names_match(
            [frame["company"], frame["past_companies"]], view.my_companies, _starts_with_any
        ),
        "shares_school": _names_match([frame["schools"]], view.my_schools, _contains_any),
        "my_network_below_critical_mass": pd.Series(
            view.below_critical_mass, index=frame.index, dtype=float
        ),
    }


def _seniority(text: pd.Series) -> pd.Series:
    level = pd.Series(1.0, index=text.index)
    level[_matches(text, vocab.SENIORITY_ENTRY)] = 0.0
    level[_matches(text, vocab.SENIORITY_MID)] = 2.0
    level[_matches(text, vocab.SENIORITY_TOP)] = 3.0
    return level.where(text.notna(), np.nan)


def _relevance(frame: pd.DataFrame, view: _PolicyView, done: Signals) -> Signals:
    industry = map_unique(frame["industry"].astype("str"), _industry_key)
    known = industry.notna()
    title, headline = _text(frame, "title"), _text(frame, "headline")
    role = title.fillna(headline)
    role_and_headline = title.fillna("") + " | " + headline.fillna("")
    role_known = title.notna() | headline.notna()
    if view.title_pattern is None:
        title_match = pd.Series(np.nan, index=frame.index)
    else:
        title_match = _as_float(
            _matches(role_and_headline, view.title_pattern, ignore_case=False), role_known
        )
    recruiter = _matches(role_and_headline, vocab.RECRUITER_PROFILE) | industry.eq(
        "staffing and recruiting"
    ).fillna(False).astype(bool)
    seniority = _seniority(role)
    if view.wanted_functions:
        # The title says the function; a headline only when there is no title (it is noisier).
        function = _any_matches(role, (vocab.JOB_FUNCTIONS[f] for f in view.wanted_functions))
        function_match = _as_float(function, role.notna())
    else:
        function_match = pd.Series(np.nan, index=frame.index)
    # A student says so in the title or the headline ("CEO | Student at X" is a student).
    student = _matches(role_and_headline, vocab.SENIORITY_ENTRY)
    senior = seniority.ge(2) | _matches(role, vocab.SENIORITY_SENIOR)
    wanted = title_match.eq(1) | function_match.eq(1)
    wanted_known = title_match.notna() | function_match.notna()
    return {
        "industry_is_mine": _as_float(industry.eq(view.my_industry), known),
        "industry_in_interests": _as_float(industry.isin(view.interest_industries), known),
        "title_matches_interests": title_match,
        "function_matches_interests": function_match,
        "seniority": seniority,
        "is_student": _as_float(student, role_known),
        "is_executive": _as_float(seniority.eq(3) & ~student, role_known),
        "is_senior": _as_float(senior, role.notna()),
        # Someone experienced in a role (or function) I want: titles alone mix interns and heads.
        "senior_in_role_i_want": _as_float(wanted & senior, wanted_known),
        "is_recruiter": _as_float(recruiter, role_known | known),
        "is_sales": _as_float(_matches(role_and_headline, vocab.SALES_PROFILE), role_known),
    }


def _geography(frame: pd.DataFrame, view: _PolicyView, done: Signals) -> Signals:
    country = frame["country"].astype(object)
    known = country.notna()
    in_markets = country.isin(view.markets) | (country == view.my_country)
    related = (done["industry_is_mine"] == 1) | (done["industry_in_interests"] == 1)
    industry_known = done["industry_is_mine"].notna()
    remote = known & ~in_markets & ~related
    location = _text(frame, "location")
    if view.city_pattern:
        same_city = _as_float(
            _matches(location, view.city_pattern, ignore_case=False), location.notna()
        )
    else:
        same_city = pd.Series(np.nan, index=frame.index)
    # Another continent is the plainest sign of "remote" that needs no coordinates.
    their_continent = country.map(continent)
    continent_known = their_continent.notna() & (view.my_continent is not None)
    return {
        "same_country": _as_float(country == view.my_country, known),
        "other_continent": _as_float(their_continent.ne(view.my_continent), continent_known),
        "country_in_markets": _as_float(in_markets, known),
        "same_city": same_city,
        # remote AND unrelated: only decidable when both country and industry are known,
        # or when the country alone already puts them out of every market and relation.
        "remote_and_unrelated": _as_float(remote, known & (industry_known | in_markets)),
    }


_CONTACT_PATTERNS = (
    vocab.LINK,
    vocab.EMAIL,
    vocab.PHONE,
    vocab.SPELLED_PHONE,
    vocab.MESSAGING_APPS,
)


def _suspicious_text(frame: pd.DataFrame) -> Signals:
    """Scam words or contact details (links, emails, phones, apps) in note, headline or About."""
    message, headline = _text(frame, "message"), _text(frame, "headline")
    note_scam = _matches(message, vocab.SCAM_WORDS)
    note_contact = _any_matches(message, _CONTACT_PATTERNS)
    in_headline = _any_matches(headline, (vocab.SCAM_WORDS, *_CONTACT_PATTERNS))
    # A scam can hide in the About section too; a link there is normal, so only scam words count.
    in_about = _matches(_text(frame, "about"), vocab.SCAM_WORDS)
    known = message.notna() | headline.notna() | frame["about"].notna()
    suspicious = note_scam | note_contact | in_headline | in_about
    return {
        "suspicious_text": _as_float(suspicious, known),
        "_note_scam": note_scam,
        "_note_contact": note_contact,
    }


def _odd_name(frame: pd.DataFrame) -> pd.Series:
    """A name in an unusual form: all lower/upper case, digits, one word, or symbols.

    Case and word checks apply to scripts with letter case only: `王伟` is neither
    lower case nor an odd single word.
    """
    name = _text(frame, "name").str.strip()
    lower, upper = name.str.lower(), name.str.upper()
    cased = (name != upper) | (name != lower)
    lower_only = cased & (name == lower)
    upper_only = cased & (name == upper) & (name.str.len() > 3)
    digits = _matches(name, r"\p{Nd}")
    one_word = cased & ~_matches(name, vocab.SPACE)
    symbols = _matches(name, r"[$€£@#*!?=_/\\|<>{}\[\]~^]")
    odd = (lower_only | upper_only | one_word).fillna(False).astype(bool) | digits | symbols
    return _as_float(odd, name.notna())


def _fake(frame: pd.DataFrame, view: _PolicyView, done: Signals) -> Signals:
    connections = _number(frame, "connections")
    followers = _number(frame, "followers")
    age = (frame["received_at"] - frame["joined_on"]).dt.days.astype(float).clip(lower=0)
    experiences = _number(frame, "experience_count")
    skills = _number(frame, "skills_count")
    education = _number(frame, "education_count")
    thin_parts = pd.DataFrame(
        {
            "no_about": frame["about"].isna().astype(float),
            "few_experiences": _as_float(experiences <= 1, experiences.notna()),
            "few_skills": _as_float(skills < 3, skills.notna()),
            "no_education": _as_float(education == 0, education.notna()),
        }
    )
    # An absent About is only evidence when the profile was enriched at all.
    enriched = experiences.notna() | skills.notna() | education.notna() | connections.notna()
    thin_parts.loc[~enriched, "no_about"] = np.nan
    thin = thin_parts.mean(axis=1, skipna=True)
    text = _suspicious_text(frame)
    has_photo, verified = _number(frame, "has_photo"), _number(frame, "verified")
    indicators = {
        "no_photo": _as_float(has_photo == 0, has_photo.notna()),
        "few_connections": _as_float(connections < FEW_CONNECTIONS, connections.notna()),
        "few_followers": _as_float(followers < FEW_FOLLOWERS, followers.notna()),
        "recently_joined": _as_float(age < RECENTLY_JOINED_DAYS, age.notna()),
        "not_verified": _as_float(verified == 0, verified.notna()),
        "thin_profile": thin,
        "suspicious_text": text["suspicious_text"],
        "odd_name": _odd_name(frame),
    }
    fake_score = sum(indicators[k].fillna(0.0) * w for k, w in FAKE_WEIGHTS.items())
    mutuals = _number(frame, "mutual_connections")
    lower_bound = frame["connections_is_lower_bound"].fillna(False).astype(bool)
    return {
        **indicators,
        "_note_scam": text["_note_scam"],
        "_note_contact": text["_note_contact"],
        "account_age_days": age,
        "fake_score": pd.Series(fake_score, index=frame.index).clip(0.0, 1.0),
        # The score past the user's own line: a fake is a kind of profile, not a degree of
        # one, and a linear model cannot draw that step from the score alone.
        "looks_fake": (pd.Series(fake_score, index=frame.index) >= view.fake_score_ignore).astype(
            float
        ),
        "connections_log": np.log1p(connections),
        "followers_log": np.log1p(followers),
        "connections_500_plus": _as_float(lower_bound, connections.notna()),
        # The networker (LION): a big network that barely overlaps mine.
        "big_network_few_mutuals": _as_float(
            lower_bound & mutuals.lt(FEW_MUTUALS).fillna(False),
            connections.notna() & mutuals.notna(),
        ),
        "experience_count": experiences,
        "skills_count": skills,
        "recommendations_count": _number(frame, "recommendations_count"),
        # Their network minus what we already share: the new 2nd-degree reach they bring.
        # With `500+` this is a lower bound, which connections_500_plus tells the model.
        "bridge_reach_log": np.log1p((connections - mutuals.fillna(0)).clip(lower=0)),
    }


def _competitor(frame: pd.DataFrame, view: _PolicyView, done: Signals) -> Signals:
    current = _names_match([frame["company"]], view.competitors, _starts_with_any)
    past = _names_match([frame["past_companies"]], view.competitors, _starts_with_any)
    mutuals = done["mutual_connections"]
    return {
        "is_competitor": current,
        "was_competitor": past,
        "competitor_with_many_mutuals": _as_float(
            (current == 1) & (mutuals >= view.many_mutuals), current.notna() & mutuals.notna()
        ),
    }


def _optional_match(text: pd.Series, pattern: str | None) -> pd.Series:
    if pattern is None:
        return pd.Series(False, index=text.index)
    return _matches(text, pattern, ignore_case=False)


def _note(frame: pd.DataFrame, view: _PolicyView, done: Signals) -> Signals:
    message = _text(frame, "message")
    has_note = message.notna()
    # No note is a fact (LinkedIn shows none), not an unknown: the flags below are 0 then.
    always = pd.Series(True, index=frame.index)
    generic = _matches(message, vocab.GENERIC_NOTE)
    pitch = _matches(message, vocab.SALES_PITCH)
    recruiter = _matches(message, vocab.RECRUITER_NOTE)
    shared = _matches(message, vocab.SHARED_CONTEXT_NOTE) | _optional_match(
        message, view.mine_pattern
    )
    names_me = _optional_match(message, view.me_pattern) & ~generic & ~done["_note_contact"]
    template = pitch | recruiter | done["_note_scam"]
    personal = has_note & ~template & (shared | names_me)
    return {
        "has_note": has_note.astype(float),
        "note_length": frame["message"].astype("str").str.len().fillna(0).astype(float),
        "note_is_personal": _as_float(personal, always),
        "note_is_generic": _as_float(generic, always),
        "note_is_sales_pitch": _as_float(pitch, always),
        "note_is_recruiter_template": _as_float(recruiter, always),
        # Scam words or contact details in the note itself (suspicious_text also reads the
        # headline and About, which fakes and honest open networkers share).
        "note_is_scam": _as_float(done["_note_scam"] | done["_note_contact"], always),
    }


def build_features(frame: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Features of a normalised frame (convenience for one-off use)."""
    return RequestFeatures(policy).fit(frame).transform(frame)
