"""Signals: a normalised requests frame + the policy -> readable numeric features.

`RequestFeatures` is an sklearn transformer (stateless: everything it needs is in the
policy), so it sits in a Pipeline or GridSearchCV. Every feature is a float; NaN means
"unknown" and is kept so the model can use missingness. Only request-time facts are used:
the profile and note as they were when the request arrived, and the policy. A row's
features depend on that row and the policy alone (never on `decision`; the one signal that
reads other rows is named below).

Text signals run in RE2 through pyarrow (see re2_words.py): linear time, no per-row Python.
The fake-profile signs live in fake_signals.py, the shared vectorised helpers in
signal_helpers.py, the policy prepared for matching in policy_view.py; this module holds the
feature list, the other signal families and the transformer that runs them all.

fake_score (shown to users) is a documented weighted sum of the fake indicators, capped at 1;
an unknown indicator adds nothing:
    no_photo 0.20, few_connections 0.20, recently_joined 0.15, thin_profile 0.15 (scaled 0..1),
    suspicious_text 0.30 (scam words, links, phones, emails or messaging apps in note/headline,
    or scam words in About), odd_name 0.10, few_followers 0.05, not_verified 0.05,
    empty_profile 0.25 (every known section empty), followers_below_connections 0.10
    (followers under half the connections), title_without_employer 0.05 (a role named, no
    employer anywhere).

Where the structured columns are unknown (rows from invitation emails and the invitations
page), the headline stands in for them (headline_signals.py): my companies, schools and
competitors named in it, and industry words in it or in the company name.

One signal reads other rows: text_repeated_in_batch, the same About or note as an earlier
request of the same batch (their text only, never their decisions; batch_signals.py says
what a batch is). Every other feature of a row depends on that row and the policy alone.

note_is_personal: the note names a shared context (my company or school, an event, a
meeting, a referral), or greets me by name (or my city) in a note of at least four words
that is not a generic line; and it is not a sales pitch, a recruiter template or a scam.
Templates fill in the first name, so a name alone proves nothing when the note also asks
you to call, click or write elsewhere, or says nothing else ("Hi Marta").
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from linkedin_triage.policy import Policy
from linkedin_triage.signals import word_lists
from linkedin_triage.signals.batch_signals import repeated_text
from linkedin_triage.signals.fake_signals import fake_profile_signals
from linkedin_triage.signals.headline_signals import headline_signals, optional_match
from linkedin_triage.signals.prepared_policy import PolicyView, industry_key, names_functions
from linkedin_triage.signals.regions import continent
from linkedin_triage.signals.text_matching import (
    Signals,
    as_float,
    contains_any,
    matches,
    names_match,
    number_column,
    starts_with_any,
    text_column,
    without,
    word_counts,
)
from linkedin_triage.sources.parsing import map_unique

FEW_MUTUALS = 5

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
    "is_engineer": "tech role",
    **{f"function_{name}": "job function" for name in word_lists.JOB_FUNCTIONS},
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
    "empty_profile": "fake-profile signs",
    "followers_below_connections": "fake-profile signs",
    "title_without_employer": "fake-profile signs",
    "text_repeated_in_batch": "fake-profile signs",
    "about_length": "profile completeness",
    "account_age_days": "fake-profile signs",
    "fake_score": "fake-profile signs",
    "looks_fake": "fake-profile signs",
    "connections_log": "network size",
    "followers_log": "network size",
    "connections_500_plus": "network size",
    "big_network_few_mutuals": "network size",
    "open_networker": "network size",
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
# The job functions `is_engineer` stands for (word_lists.JOB_FUNCTIONS names).
TECH_FUNCTIONS = ("engineering", "data", "it")

# The normalised-frame columns the transformer reads (io.read_requests provides them all).
INPUT_COLUMNS: tuple[str, ...] = (
    "name", "received_at", "message", "headline", "title", "company", "industry", "location",
    "country", "mutual_connections", "connections", "connections_is_lower_bound", "followers",
    "has_photo", "verified", "joined_on", "about", "experience_count", "education_count",
    "skills_count", "recommendations_count", "past_companies", "schools",
)  # fmt: skip


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
        view = PolicyView.of(self.policy)
        columns: Signals = {}
        families = (
            _headline, _social, _relevance, _geography, _fake, _network, _competitor, _note,
            _batch,
        )  # fmt: skip
        for family in families:
            columns.update(family(X, view, columns))
        result = pd.DataFrame({name: columns[name] for name in FEATURE_NAMES}, index=X.index)
        return result.astype(float)


def _headline(frame: pd.DataFrame, view: PolicyView, done: Signals) -> Signals:
    return headline_signals(frame, view)


def _or_text(listed: pd.Series, named: pd.Series) -> pd.Series:
    """A listed match, or the headline (or a personal note) naming it; unknown only when
    the list is unknown and no text says yes."""
    return listed.where(~named, 1.0)


def _social(frame: pd.DataFrame, view: PolicyView, done: Signals) -> Signals:
    mutuals = number_column(frame, "mutual_connections")
    employer = names_match(
        [frame["company"], frame["past_companies"]], view.my_companies, starts_with_any
    )
    school = names_match([frame["schools"]], view.my_schools, contains_any)
    return {
        "mutual_connections": mutuals,
        "mutual_connections_log": np.log1p(mutuals),
        # Emails and the invitations page show no employers or schools: their headline may.
        "shares_employer": _or_text(employer, done["_headline_names_my_company"]),
        "shares_school": _or_text(school, done["_headline_names_my_school"]),
        "my_network_below_critical_mass": pd.Series(
            view.below_critical_mass, index=frame.index, dtype=float
        ),
    }


def _seniority(text: pd.Series) -> pd.Series:
    level = pd.Series(1.0, index=text.index)
    level[matches(text, word_lists.SENIORITY_ENTRY)] = 0.0
    level[matches(text, word_lists.SENIORITY_MID)] = 2.0
    level[matches(without(text, word_lists.PARTNER_ROLES), word_lists.SENIORITY_TOP)] = 3.0
    return level.where(text.notna(), np.nan)


def _industry_matches(
    industry: pd.Series, view: PolicyView, done: Signals
) -> tuple[pd.Series, pd.Series]:
    """(industry is mine, industry in my interests); the column decides, else headline words."""
    known = industry.notna()
    words_known = done["_sector_words_known"] & ~known
    mine = as_float(industry.eq(view.my_industry), known)
    interest = as_float(industry.isin(view.interest_industries), known)
    mine = mine.where(~words_known, done["_sector_words_mine"].astype(float))
    interest = interest.where(~words_known, done["_sector_words_interest"].astype(float))
    return mine, interest


def _relevance(frame: pd.DataFrame, view: PolicyView, done: Signals) -> Signals:
    industry = map_unique(frame["industry"].astype("str"), industry_key)
    known = industry.notna()
    industry_is_mine, industry_in_interests = _industry_matches(industry, view, done)
    title = text_column(frame, "title")
    # Whom someone hires or serves is not their own job: "Recruiter @ X | Hiring engineers".
    headline = without(text_column(frame, "headline"), word_lists.OTHER_PEOPLE_CLAUSE)
    role = title.fillna(headline)
    role_and_headline = title.fillna("") + " | " + headline.fillna("")
    role_known = title.notna() | headline.notna()
    if view.title_pattern is None:
        title_match = pd.Series(np.nan, index=frame.index)
    else:
        # `Developer` is not found in `Business Developer`, unless the user asks for those.
        searched = (
            role_and_headline
            if view.titles_name_false_friends
            else without(role_and_headline, word_lists.FALSE_FRIEND_TITLES)
        )
        title_match = as_float(matches(searched, view.title_pattern, ignore_case=False), role_known)
    recruiter_profile = matches(role_and_headline, word_lists.RECRUITER_PROFILE)
    recruiter = recruiter_profile | industry.eq("staffing and recruiting").fillna(False).astype(
        bool
    )
    seniority = _seniority(role)
    if view.wanted_functions:
        # The title says the function; a headline only when there is no title (it is noisier).
        function = names_functions(role, view.wanted_functions)
        function_match = as_float(function, role.notna())
    else:
        function_match = pd.Series(np.nan, index=frame.index)
    # A student says so in the title or the headline ("CEO | Student at X" is a student).
    student = matches(role_and_headline, word_lists.SENIORITY_ENTRY)
    senior = seniority.ge(2) | matches(role, word_lists.SENIORITY_SENIOR)
    wanted = title_match.eq(1) | function_match.eq(1)
    wanted_known = title_match.notna() | function_match.notna()
    return {
        "industry_is_mine": industry_is_mine,
        "industry_in_interests": industry_in_interests,
        "title_matches_interests": title_match,
        "function_matches_interests": function_match,
        "seniority": seniority,
        "is_student": as_float(student, role_known),
        "is_executive": as_float(seniority.eq(3) & ~student, role_known),
        "is_senior": as_float(senior, role.notna()),
        # Someone experienced in a role (or function) I want: titles alone mix interns and heads.
        "senior_in_role_i_want": as_float(wanted & senior, wanted_known),
        "is_recruiter": as_float(recruiter, role_known | known),
        # A recruiter who hires salespeople is a recruiter ("Sales Recruiter"); a sales
        # manager at a staffing firm still sells.
        "is_sales": as_float(
            matches(role_and_headline, word_lists.SALES_PROFILE) & ~recruiter_profile, role_known
        ),
        # Whatever the policy's titles say: some users want engineers, some never do, and
        # without this column a learner could only see it through the titles they listed.
        "is_engineer": as_float(
            names_functions(role, TECH_FUNCTIONS) & ~recruiter_profile, role.notna()
        ),
        # Every job function on its own: what a user wants (or never wants) need not be
        # among the titles they wrote in the policy.
        **{
            f"function_{name}": as_float(names_functions(role, (name,)), role.notna())
            for name in word_lists.JOB_FUNCTIONS
        },
    }


def _geography(frame: pd.DataFrame, view: PolicyView, done: Signals) -> Signals:
    country = frame["country"].astype(object)
    known = country.notna()
    in_markets = country.isin(view.markets) | (country == view.my_country)
    related = (done["industry_is_mine"] == 1) | (done["industry_in_interests"] == 1)
    industry_known = done["industry_is_mine"].notna()
    remote = known & ~in_markets & ~related
    location = text_column(frame, "location")
    if view.city_pattern:
        same_city = as_float(
            matches(location, view.city_pattern, ignore_case=False), location.notna()
        )
    else:
        same_city = pd.Series(np.nan, index=frame.index)
    # Another continent is the plainest sign of "remote" that needs no coordinates.
    their_continent = country.map(continent)
    continent_known = their_continent.notna() & (view.my_continent is not None)
    return {
        "same_country": as_float(country == view.my_country, known),
        "other_continent": as_float(their_continent.ne(view.my_continent), continent_known),
        "country_in_markets": as_float(in_markets, known),
        "same_city": same_city,
        # remote AND unrelated: only decidable when both country and industry are known,
        # or when the country alone already puts them out of every market and relation.
        "remote_and_unrelated": as_float(remote, known & (industry_known | in_markets)),
    }


def _fake(frame: pd.DataFrame, view: PolicyView, done: Signals) -> Signals:
    return fake_profile_signals(frame, view.fake_score_ignore, done["_headline_names_employer"])


def _network(frame: pd.DataFrame, view: PolicyView, done: Signals) -> Signals:
    """Network size, profile completeness and the reach a connection would bring."""
    connections = number_column(frame, "connections")
    followers = number_column(frame, "followers")
    mutuals = done["mutual_connections"]
    lower_bound = frame["connections_is_lower_bound"].fillna(False).astype(bool)
    return {
        "connections_log": np.log1p(connections),
        "followers_log": np.log1p(followers),
        "connections_500_plus": as_float(lower_bound, connections.notna()),
        # The networker (LION): a big network that barely overlaps mine.
        "big_network_few_mutuals": as_float(
            lower_bound & mutuals.lt(FEW_MUTUALS).fillna(False),
            connections.notna() & mutuals.notna(),
        ),
        "open_networker": as_float(
            matches(text_column(frame, "headline"), word_lists.OPEN_NETWORKER),
            frame["headline"].notna(),
        ),
        "experience_count": number_column(frame, "experience_count"),
        "skills_count": number_column(frame, "skills_count"),
        "recommendations_count": number_column(frame, "recommendations_count"),
        # Their network minus what we already share: the new 2nd-degree reach they bring.
        # With `500+` this is a lower bound, which connections_500_plus tells the model.
        "bridge_reach_log": np.log1p((connections - mutuals.fillna(0)).clip(lower=0)),
    }


def _competitor(frame: pd.DataFrame, view: PolicyView, done: Signals) -> Signals:
    current = names_match([frame["company"]], view.competitors, starts_with_any)
    # No company column: a competitor named in the headline is where they work.
    in_headline = done["_headline_names_competitor"] & frame["company"].isna()
    current = current.where(~in_headline, 1.0)
    past = names_match([frame["past_companies"]], view.competitors, starts_with_any)
    mutuals = done["mutual_connections"]
    return {
        "is_competitor": current,
        "was_competitor": past,
        "competitor_with_many_mutuals": as_float(
            (current == 1) & (mutuals >= view.many_mutuals), current.notna() & mutuals.notna()
        ),
    }


MIN_WORDS_NAMING_ME = 4


def _note(frame: pd.DataFrame, view: PolicyView, done: Signals) -> Signals:
    message = text_column(frame, "message")
    has_note = message.notna()
    # No note is a fact (LinkedIn shows none), not an unknown: the flags below are 0 then.
    always = pd.Series(True, index=frame.index)
    generic = matches(message, word_lists.GENERIC_NOTE)
    pitch = matches(message, word_lists.SALES_PITCH)
    recruiter = matches(message, word_lists.RECRUITER_NOTE)
    my_company = optional_match(message, view.my_companies_pattern)
    my_school = optional_match(message, view.my_schools_pattern)
    shared = matches(message, word_lists.SHARED_CONTEXT_NOTE) | my_company | my_school
    # "Hi Marta" alone is what any stranger (or script) writes: greeting me by name counts
    # only in a note that goes on to say something.
    says_something = word_counts(message) >= MIN_WORDS_NAMING_ME
    names_me = (
        optional_match(message, view.me_pattern)
        & says_something
        & ~generic
        & ~done["_note_contact"]
    )
    template = pitch | recruiter | done["_note_scam"]
    personal = has_note & ~template & (shared | names_me)
    return {
        # "Great working with you at Reply": a personal note naming my company (or school)
        # tells what emails and the invitations page do not list. Refines _social's signals.
        "shares_employer": _or_text(done["shares_employer"], personal & my_company),
        "shares_school": _or_text(done["shares_school"], personal & my_school),
        "has_note": has_note.astype(float),
        "note_length": frame["message"].astype("str").str.len().fillna(0).astype(float),
        "note_is_personal": as_float(personal, always),
        "note_is_generic": as_float(generic, always),
        "note_is_sales_pitch": as_float(pitch, always),
        "note_is_recruiter_template": as_float(recruiter, always),
        # Scam words or contact details in the note itself (suspicious_text also reads the
        # headline and About, which fakes and honest open networkers share).
        "note_is_scam": as_float(done["_note_scam"] | done["_note_contact"], always),
    }


def _batch(frame: pd.DataFrame, view: PolicyView, done: Signals) -> Signals:
    """The same About or note in several requests of one batch (see batch_signals.py)."""
    return {"text_repeated_in_batch": repeated_text(frame, done["note_is_generic"].eq(1))}


def build_features(frame: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Features of a normalised frame (convenience for one-off use)."""
    return RequestFeatures(policy).fit(frame).transform(frame)
