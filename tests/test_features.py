"""The signals: each family on hand-made rows, the leakage rule, sklearn fit, and property tests.

Rows go through the real contract path: a small CSV in tmp_path, read by `read_requests`.
Everything here is invented.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frames import CONTRACT_POLICY_DATA, write_rows
from linkedin_triage.policy import Policy, policy_from_dict
from linkedin_triage.signals import features
from linkedin_triage.signals.fake_signals import FAKE_WEIGHTS
from linkedin_triage.signals.features import FEATURE_GROUPS, FEATURE_NAMES, RequestFeatures
from linkedin_triage.sources import contract
from linkedin_triage.sources.requests_reader import read_requests
from work_counting import backtracking_regexes

POLICY_DATA = CONTRACT_POLICY_DATA
POLICY = policy_from_dict(POLICY_DATA)

BASE_ROW = {"name": "Marco Rossi", "received_at": "2026-03-01T10:00:00"}
# A fully known, ordinary profile: every signal has a value.
FULL_ROW = {
    **BASE_ROW,
    "profile_url": "https://www.linkedin.com/in/marco-rossi-1a2b",
    "headline": "Head of IT at Acme Manufacturing",
    "title": "Head of IT",
    "company": "Acme Manufacturing S.p.A.",
    "industry": "Manufacturing",
    "location": "Turin, Piedmont, Italy",
    "country": "IT",
    "mutual_connections": "12",
    "connections": "640",
    "followers": "700",
    "has_photo": "true",
    "verified": "true",
    "joined_on": "2012-05-01",
    "about": "Twenty years in plant IT.",
    "experience_count": "6",
    "education_count": "2",
    "skills_count": "25",
    "recommendations_count": "3",
    "past_companies": "Fiat; Pirelli",
    "schools": "Politecnico di Torino",
}
BINARY_FEATURES = tuple(
    name
    for name in FEATURE_NAMES
    if name
    not in {
        "mutual_connections",
        "mutual_connections_log",
        "seniority",
        "thin_profile",
        "account_age_days",
        "fake_score",
        "connections_log",
        "followers_log",
        "experience_count",
        "skills_count",
        "recommendations_count",
        "bridge_reach_log",
        "note_length",
        "about_length",
    }
)

Row = Mapping[str, object]


@pytest.fixture
def frame_of(tmp_path: Path) -> Callable[..., pd.DataFrame]:
    """Normalised frame of hand-made rows, each on top of BASE_ROW; no row may be rejected."""

    def build(*rows: Row) -> pd.DataFrame:
        table = read_requests(write_rows(tmp_path, [{**BASE_ROW, **row} for row in rows]))
        assert not table.rejects, table.rejects
        return table.frame

    return build


@pytest.fixture
def features_of(frame_of: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    """Features of hand-made rows under POLICY (or the policy given)."""

    def build(*rows: Row, policy: Policy = POLICY) -> pd.DataFrame:
        return features.build_features(frame_of(*rows), policy)

    return build


def column(result: pd.DataFrame, name: str) -> list[float | None]:
    """A feature as a list with None for NaN, so a comparison shows unknowns plainly."""
    return [None if np.isnan(v) else float(v) for v in result[name]]


# -- social ------------------------------------------------------------------------------------
def test_competitor_names_are_compared_normalised(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of(
        {"company": "Capgemini S.p.A."},  # competitor written `CAPGEMINI` in the policy
        {"company": "capgemini italia"},
        {"company": "Deloitte & Touche LLP"},
        {"company": "Capgeminix Srl"},
        {"company": "Acme"},
    )
    assert column(result, "is_competitor") == [1, 1, 1, 0, 0]


def test_current_and_past_competitor_are_separate(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of(
        {"company": "Capgemini Italia", "past_companies": "Acme"},
        {"company": "Acme", "past_companies": "Capgemini Italia S.p.A.; Fiat"},
        {"company": "Acme"},
        {},
    )
    assert column(result, "is_competitor") == [1, 0, 0, None]
    assert column(result, "was_competitor") == [0, 1, None, None]


def test_competitor_with_many_mutuals(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of(
        {"company": "Capgemini", "mutual_connections": "20"},
        {"company": "Capgemini", "mutual_connections": "3"},
        {"company": "Acme", "mutual_connections": "20"},
        {"company": "Capgemini"},
    )
    assert column(result, "competitor_with_many_mutuals") == [1, 0, 0, None]


def test_shared_employer_current_or_past(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of(
        {"company": "Accenture Italia S.r.l."},
        {"company": "Acme", "past_companies": "Fiat; ACCENTURE"},
        {"past_companies": "Reply"},
        {"company": "Replyify", "past_companies": "Fiat"},
        {},
    )
    assert column(result, "shares_employer") == [1, 1, 1, 0, None]


def test_shared_school_inside_a_longer_name(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of(
        {"schools": "Università Bocconi"},  # the policy says `Bocconi`
        {"schools": "Politecnico di Torino; Universita Commerciale Luigi Bocconi"},
        {"schools": "Università di Bologna"},
        {},
    )
    assert column(result, "shares_school") == [1, 1, 0, None]


def test_mutual_connections_raw_and_log(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of({"mutual_connections": "14"}, {})
    assert column(result, "mutual_connections") == [14, None]
    assert result["mutual_connections_log"].iloc[0] == pytest.approx(np.log1p(14))


def test_critical_mass_comes_from_the_policy(features_of: Callable[..., pd.DataFrame]) -> None:
    small = features_of({})  # me.connections = 240 < 300
    big = features_of({}, policy=_policy(me={"connections": 4800}))
    unknown = features_of({}, policy=_policy(me={"connections": None}))
    assert column(small, "my_network_below_critical_mass") == [1]
    assert column(big, "my_network_below_critical_mass") == [0]
    assert column(unknown, "my_network_below_critical_mass") == [None]


def _policy(**sections: dict[str, object]) -> Policy:
    data = {key: dict(value) for key, value in POLICY_DATA.items()}
    for section, values in sections.items():
        for key, value in values.items():
            if value is None:
                data[section].pop(key, None)
            else:
                data[section][key] = value
    return policy_from_dict(data)


# -- relevance ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "headline", "expected"),
    [
        ("Sr. Engineer", None, 1.0),
        ("Engineering Manager", None, 0.0),  # whole word: `Engineer` is not `Engineering`
        ("CTO", None, 1.0),
        ("Marketing Lead", "Ex-Head of IT at Fiat", 1.0),  # the headline counts too
        (None, "Founder @ Acme", 1.0),
        ("Victor's assistant", None, 0.0),
        (None, None, None),
    ],
)
def test_title_matches_interests(
    features_of: Callable[..., pd.DataFrame],
    title: str | None,
    headline: str | None,
    expected: float | None,
) -> None:
    result = features_of({"title": title, "headline": headline})
    assert column(result, "title_matches_interests") == [expected]


def test_title_match_is_unknown_without_title_keywords(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    result = features_of({"title": "CTO"}, policy=_policy(interests={"titles": []}))
    assert column(result, "title_matches_interests") == [None]


@pytest.mark.parametrize(
    ("title", "headline", "level"),
    [
        ("Marketing Intern", None, 0.0),
        (None, "Student at Bocconi", 0.0),
        ("Software Engineer", None, 1.0),
        ("Engineering Manager", None, 2.0),
        ("Co-Founder & CEO", None, 3.0),
        ("Managing Partner", None, 3.0),
        (None, None, None),
    ],
)
def test_seniority_levels(
    features_of: Callable[..., pd.DataFrame],
    title: str | None,
    headline: str | None,
    level: float | None,
) -> None:
    result = features_of({"title": title, "headline": headline})
    assert column(result, "seniority") == [level]


def test_industry_mine_and_interests(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of(
        {"industry": "it services and it consulting"},
        {"industry": "Retail"},
        {"industry": "Farming"},
        {},
    )
    assert column(result, "industry_is_mine") == [1, 0, 0, None]
    assert column(result, "industry_in_interests") == [0, 1, 0, None]


def test_recruiter_and_sales_profiles(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of(
        {"title": "Senior Talent Acquisition Partner"},
        {"industry": "Staffing and Recruiting"},
        {"title": "Account Executive", "headline": "Helping CFOs | Sales"},
        {"title": "Plant Manager"},
        {},
    )
    assert column(result, "is_recruiter") == [1, 1, 0, 0, None]
    assert column(result, "is_sales") == [0, None, 1, 0, None]


@pytest.mark.parametrize(
    ("title", "sales"),
    [
        ("Senior Business Developer", 1),
        ("Business Development Manager", 1),
        ("Chief Commercial Officer", 1),
        ("Key Account Manager", 1),
        ("Commercial Director", 1),
        ("Software Developer", 0),
        ("Commercial Lawyer", 0),
    ],
)
def test_business_developers_are_sales(
    features_of: Callable[..., pd.DataFrame], title: str, sales: float
) -> None:
    assert column(features_of({"title": title}), "is_sales") == [sales]


@pytest.mark.parametrize(
    ("title", "headline", "engineer"),
    [
        ("Senior Software Engineer", None, 1),
        ("Data Scientist", None, 1),
        ("Head of IT", None, 1),
        ("Senior Business Developer", None, 0),  # develops business, not software
        ("Technical Recruiter", None, 0),  # hires engineers
        (None, "Talent Partner @ Acme | Hiring engineers and data scientists", 0),
        ("Account Executive", None, 0),
        (None, None, None),  # no role known
    ],
)
def test_engineers_are_found_whatever_the_policy_wants(
    features_of: Callable[..., pd.DataFrame], title: str | None, headline: str | None, engineer
) -> None:
    row = {k: v for k, v in (("title", title), ("headline", headline)) if v is not None}
    assert column(features_of(row), "is_engineer") == [engineer]


def test_a_sales_recruiter_is_a_recruiter(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of(
        {"title": "Sales Recruiter"},
        {"title": "Sales Manager", "industry": "Staffing and Recruiting"},  # sells recruiting
    )
    assert column(result, "is_recruiter") == [1, 1]
    assert column(result, "is_sales") == [0, 1]


@pytest.mark.parametrize(
    ("title", "headline", "signal", "expected"),
    [
        # whom a recruiter hires is not their job
        (None, "Talent Partner @ X | Hiring engineers, sales and finance talent", "title", 0),
        (None, "Talent Partner @ X | Hiring engineers", "function", 0),
        ("Recruiter", "Recruiter · We're hiring Sales Managers", "sales", 0),
        ("HR Lead", "HR Lead | Hiring a student intern", "student", 0),
        (None, "Reclutadora | Buscamos desarrolladores", "function", 0),
        (None, "Personalberaterin | Wir suchen Entwickler", "function", 0),
        # the clause goes, the rest of the headline stays
        ("Ops Lead", "Ops Lead | hiring designers | Engineer at heart", "title", 1),
        ("CTO", "CTO @ Acme | We are hiring", "title", 1),
        # the first part of a headline is the person's own job
        (None, "Hiring Manager · Engineering Manager at Acme", "seniority", 2),
        # ...unless it cannot be: whom they hire, in the plural, or "We're hiring"
        (None, "Hiring CTOs and CIOs | Talent Partner at Hirewell Staffing", "title", 0),
        (None, "Hiring CTOs and CIOs | Talent Partner at Hirewell Staffing", "seniority", 1),
        (None, "We're hiring CTOs · Recruiter", "title", 0),
        (None, "Hiring Process Lead", "title", 0),  # not a plural: kept (and no CTO)
        # a talent or HR business partner is no owner's rank
        (None, "HR Business Partner at Acme", "seniority", 1),
        (None, "Partner Manager, EMEA", "seniority", 2),
        (None, "Managing Partner at Ferro & Co", "seniority", 3),
        (None, "Engineer | Hiring for my team", "title", 1),
        # whom a seller serves is not their job either, wherever the clause stands
        ("Account Executive", "Helping CTOs ship faster | SaaS", "title", 0),
        (None, "Sales Lead · I help founders raise money", "title", 0),
        (None, "Ayudo a CTOs a crecer | Ventas", "title", 0),
        (None, "Helping CTOs ship faster | Sales", "sales", 1),
        (None, "Helping teams ship | CTO at Acme", "title", 1),
    ],
)
def test_other_people_in_a_headline_are_not_their_job(
    features_of: Callable[..., pd.DataFrame],
    title: str | None,
    headline: str,
    signal: str,
    expected: float,
) -> None:
    name = {
        "title": "title_matches_interests",
        "function": "function_matches_interests",
        "sales": "is_sales",
        "student": "is_student",
        "seniority": "seniority",
    }[signal]
    assert column(features_of({"title": title, "headline": headline}), name) == [expected]


@pytest.mark.parametrize(
    ("wanted", "title", "title_match", "function_match"),
    [
        # `Developer` is not in `Business Developer`, as a title or as engineering
        (["Developer"], "Senior Business Developer", 0, 0),
        (["Developer"], "Business Development Manager", 0, 0),
        (["Developer"], "Software Developer", 1, 1),
        (["Developer"], "Business Developer | Full-stack developer at night", 1, 1),
        # unless the user wants business developers: then they are sales, not engineering
        (["Business Developer"], "Senior Business Developer", 1, 1),
        (["Business Developer"], "Software Developer", 0, 0),
    ],
)
def test_business_developer_is_no_developer(
    features_of: Callable[..., pd.DataFrame],
    wanted: list[str],
    title: str,
    title_match: float,
    function_match: float,
) -> None:
    result = features_of({"title": title}, policy=_policy(interests={"titles": wanted}))
    assert column(result, "title_matches_interests") == [title_match]
    assert column(result, "function_matches_interests") == [function_match]


# -- geography ---------------------------------------------------------------------------------
def test_country_derived_from_location(
    frame_of: Callable[..., pd.DataFrame], features_of: Callable[..., pd.DataFrame]
) -> None:
    rows = (
        {"location": "Milan, Lombardy, Italy"},
        {"location": "Lagos, Nigeria", "industry": "Farming"},
        {"location": "Lagos, Nigeria", "industry": "Retail"},
        {"location": "Lagos, Nigeria"},
        {"country": "Switzerland"},
        {},
    )
    assert frame_of(*rows)["country"].tolist()[:2] == ["IT", "NG"]
    result = features_of(*rows)
    assert column(result, "same_country") == [1, 0, 0, 0, 0, None]
    assert column(result, "country_in_markets") == [1, 0, 0, 0, 1, None]
    # remote AND unrelated needs the industry, unless the country is in my markets
    assert column(result, "remote_and_unrelated") == [0, 1, 0, None, 0, None]
    assert column(result, "same_city") == [1, 0, 0, 0, None, None]


def test_own_country_is_the_market_when_none_is_set(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    result = features_of(
        {"country": "IT"}, {"country": "DE"}, policy=_policy(interests={"markets": []})
    )
    assert column(result, "country_in_markets") == [1, 0]


# -- fake-profile indicators -------------------------------------------------------------------
SCAM_NOTES = (
    "Hi Giulia, call me +39 three four seven one two three",
    "Investment opportunity with guaranteed profit, whatsapp 3 4 7-1 2 3 4 5 6 7",
    "Hello dear, message me on WhatsApp +39 347 123 4567",
    "Hi Giulia, I made $8,000 last week trading forex. Join my group on Telegram",
    "Register now: https://profit-now.click/a1b2c3",
    "Hello, I want to know you better. Write me at anna.b12@gmail.com",
    "Write me at anna.b (at) gmail dot com",
)


@pytest.mark.parametrize("note", SCAM_NOTES)
def test_scam_and_contact_notes_are_suspicious(
    features_of: Callable[..., pd.DataFrame], note: str
) -> None:
    result = features_of({"message": note})
    assert column(result, "suspicious_text") == [1]
    assert column(result, "note_is_personal") == [0]  # greeting me by name is not enough
    assert result["fake_score"].iloc[0] >= FAKE_WEIGHTS["suspicious_text"]


def test_suspicious_headline_and_about(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of(
        {"headline": "Crypto Investment Advisor | DM for profits"},
        {"headline": "Work from home - Telegram @earnfast_now"},
        {"about": "I help people reach financial freedom with bitcoin."},
        {"about": "Portfolio: www.example.org"},  # a link in About is normal
        {"message": "Great meeting you at the Retail Tech Day!", "headline": "CTO at Acme"},
        {},
    )
    assert column(result, "suspicious_text") == [1, 1, 1, 0, 0, None]


@pytest.mark.parametrize(
    ("name", "odd"),
    [
        ("Marco Rossi", 0.0),
        ("José Álvarez-Núñez", 0.0),
        ("王伟", 0.0),  # no letter case, no spaces: nothing odd for that script
        ("giulia conti", 1.0),
        ("MARCO ROSSI", 1.0),
        ("Marco Rossi88", 1.0),
        ("marco1987", 1.0),
        ("Marco", 1.0),
        ("Marco $ Rossi", 1.0),
    ],
)
def test_odd_names(features_of: Callable[..., pd.DataFrame], name: str, odd: float) -> None:
    assert column(features_of({"name": name}), "odd_name") == [odd]


def test_recently_joined_is_measured_at_request_time(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    result = features_of(
        {"received_at": "2026-03-01T10:00:00", "joined_on": "2026-01-15"},
        # joined years before today, but only 60 days before this request
        {"received_at": "2020-03-01T10:00:00", "joined_on": "2020-01-01"},
        {"received_at": "2026-03-01T10:00:00", "joined_on": "2019-06"},
        {},
    )
    assert column(result, "account_age_days") == [45, 60, 2465, None]
    assert column(result, "recently_joined") == [1, 1, 0, None]


def test_profile_counts_and_photo(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of(
        {"has_photo": "no", "verified": "false", "connections": "12", "followers": "3"},
        {"has_photo": "yes", "verified": "1", "connections": "1,234", "followers": "2.5K"},
        {},
    )
    assert column(result, "no_photo") == [1, 0, None]
    assert column(result, "not_verified") == [1, 0, None]
    assert column(result, "few_connections") == [1, 0, None]
    assert column(result, "few_followers") == [1, 0, None]
    assert result["followers_log"].iloc[1] == pytest.approx(np.log1p(2500))


def test_thin_profile_needs_an_enriched_profile(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of(
        {"experience_count": "1", "skills_count": "0", "education_count": "0"},  # no About
        {"experience_count": "1", "skills_count": "10", "education_count": "2", "about": "Hi"},
        FULL_ROW,
        {},  # nothing enriched: a missing About is no evidence
    )
    assert column(result, "thin_profile") == [1, 0.25, 0, None]


def test_fake_score_is_the_documented_weighted_sum(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    result = features_of(
        FULL_ROW,
        {"name": "anna", "has_photo": "no", "connections": "3", "joined_on": "2026-02-20"},
        {
            "name": "anna88",
            "has_photo": "no",
            "verified": "no",
            "connections": "3",
            "followers": "0",
            "joined_on": "2026-02-20",
            "experience_count": "0",
            "skills_count": "0",
            "education_count": "0",
            "message": "whatsapp +39 347 123 4567",
        },
        {"mutual_connections": "4"},
    )
    expected = sum(result[name].fillna(0.0) * weight for name, weight in FAKE_WEIGHTS.items())
    assert np.allclose(result["fake_score"], expected.clip(0.0, 1.0))
    # no photo .20 + few connections .20 + recent .15 + thin (no About) .15 + odd name .10
    assert result["fake_score"].tolist()[:3] == pytest.approx([0.0, 0.8, 1.0])
    assert result["fake_score"].between(0.0, 1.0).all()


def test_looks_fake_is_the_fake_score_past_the_users_line(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    rows = (
        FULL_ROW,
        {"name": "anna", "has_photo": "no", "connections": "3", "joined_on": "2026-02-20"},
    )
    default = features_of(*rows)
    assert default["fake_score"].tolist() == pytest.approx([0.0, 0.8])
    assert column(default, "looks_fake") == [0, 1]
    lenient = POLICY.model_copy(
        update={"rules": POLICY.rules.model_copy(update={"fake_score_ignore": 0.9})}
    )
    assert column(features_of(*rows, policy=lenient), "looks_fake") == [0, 0]


def test_note_is_scam_reads_the_note_only(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of(
        {"message": SCAM_NOTES[0]},
        {"message": "Write me at anna.b (at) gmail dot com"},
        {"headline": "Crypto Investment Advisor | DM for profits"},  # suspicious, not the note
        {"message": "Great meeting you at the Retail Tech Day!"},
        {},
    )
    assert column(result, "note_is_scam") == [1, 1, 0, 0, 0]
    assert column(result, "suspicious_text")[:3] == [1, 1, 1]


def test_fake_score_weights_are_documented() -> None:
    # the weights are shown to users; the module docstring must say them as they are
    doc = features.__doc__ or ""
    for name, weight in FAKE_WEIGHTS.items():
        assert f"{name} {weight:.2f}" in doc


# -- network bridge ----------------------------------------------------------------------------
def test_500_plus_is_a_lower_bound(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of(
        {"connections": "500+", "mutual_connections": "20"},
        {"connections": "499", "mutual_connections": "20"},
        {"connections": "300"},  # unknown mutuals: their whole network is new reach
        {},
    )
    assert column(result, "connections_500_plus") == [1, 0, 0, None]
    assert result["connections_log"].iloc[0] == pytest.approx(np.log1p(500))
    assert result["bridge_reach_log"].tolist()[:3] == pytest.approx(
        [np.log1p(480), np.log1p(479), np.log1p(300)]
    )
    assert column(result, "bridge_reach_log")[3] is None


# -- the note ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("note", "personal", "generic", "pitch", "recruiter"),
    [
        ("Ciao Giulia, bello vederti al summit di Torino!", 1, 0, 0, 0),
        ("Great working with you at Reply! Let's stay in touch.", 1, 0, 0, 0),
        ("Fellow Bocconi alum here, would love to connect.", 1, 1, 0, 0),
        ("Nice meeting you at the Banking Innovation event.", 1, 0, 0, 0),
        ("Hola Giulia, ¿qué tal? Tu charla fue genial.", 1, 0, 0, 0),
        ("Hi Giulia, I'd like to connect with you.", 0, 1, 0, 0),  # a template with a name
        ("I'd like to add you to my professional network on LinkedIn.", 0, 1, 0, 0),
        ("Looking forward to your reply", 0, 0, 0, 0),  # `reply`, not `Reply`
        (
            "Hi Giulia, we help companies like Reply cut cloud costs by 30%. "
            "Open to a quick 15-minute call?",
            0,
            0,
            1,
            0,
        ),
        (
            "Hi Giulia, I'm recruiting a Senior Consultant for a client in Milan. "
            "Open to a confidential chat?",
            0,
            0,
            0,
            1,
        ),
    ],
)
def test_note_kinds(
    features_of: Callable[..., pd.DataFrame],
    note: str,
    personal: int,
    generic: int,
    pitch: int,
    recruiter: int,
) -> None:
    result = features_of({"message": note})
    assert column(result, "has_note") == [1]
    assert column(result, "note_length") == [len(note)]
    assert column(result, "note_is_personal") == [personal]
    assert column(result, "note_is_generic") == [generic]
    assert column(result, "note_is_sales_pitch") == [pitch]
    assert column(result, "note_is_recruiter_template") == [recruiter]


def test_personal_note_finds_an_accented_name_written_without_accent(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    policy = _policy(me={"name": "José Núñez", "city": "Madrid"})
    result = features_of(
        {"message": "Hola Jose, encantado de saludarte."},
        {"message": "Hola JOSÉ, un placer."},
        {"message": "Hola Josefina"},
        policy=policy,
    )
    assert column(result, "note_is_personal") == [1, 1, 0]


def test_a_greeting_with_my_name_and_nothing_else_is_not_personal(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    """Any stranger, or a script, writes "Hi Marta": it must not vouch for an empty profile."""
    policy = _policy(me={"name": "Marta Rinaldi", "city": "Bologna"})
    result = features_of(
        {"message": "Hi Marta"},
        {"message": "Marta!"},
        {"message": "Ciao Marta :)"},
        {"message": "Hi Marta, great chatting after your panel talk"},
        policy=policy,
    )
    assert column(result, "note_is_personal") == [0, 0, 0, 1]


def test_no_note_is_a_fact_not_an_unknown(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of({})
    for name in ("has_note", "note_length", "note_is_personal", "note_is_generic"):
        assert column(result, name) == [0], name
    for name in ("note_is_sales_pitch", "note_is_recruiter_template"):
        assert column(result, name) == [0], name


# -- unknowns ----------------------------------------------------------------------------------
UNKNOWN_WHEN_NOTHING_IS_KNOWN = (
    "function_matches_interests",
    "is_student",
    "is_executive",
    "is_senior",
    "senior_in_role_i_want",
    "other_continent",
    "big_network_few_mutuals",
    "mutual_connections",
    "mutual_connections_log",
    "shares_employer",
    "shares_school",
    "industry_is_mine",
    "industry_in_interests",
    "title_matches_interests",
    "seniority",
    "is_recruiter",
    "is_sales",
    "is_engineer",
    "same_country",
    "country_in_markets",
    "same_city",
    "remote_and_unrelated",
    "no_photo",
    "few_connections",
    "few_followers",
    "recently_joined",
    "not_verified",
    "thin_profile",
    "suspicious_text",
    "account_age_days",
    "connections_log",
    "followers_log",
    "connections_500_plus",
    "experience_count",
    "skills_count",
    "recommendations_count",
    "is_competitor",
    "was_competitor",
    "competitor_with_many_mutuals",
    "bridge_reach_log",
    *(name for name in FEATURE_NAMES if FEATURE_GROUPS[name] == "job function"),
    "open_networker",
    "empty_profile",
    "followers_below_connections",
    "title_without_employer",
    "about_length",
)


def test_unknown_inputs_stay_unknown(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of({})  # only name and received_at
    unknown = {name for name in FEATURE_NAMES if np.isnan(result[name].iloc[0])}
    assert unknown == set(UNKNOWN_WHEN_NOTHING_IS_KNOWN)
    assert result["fake_score"].iloc[0] == 0.0  # unknown indicators add nothing


def test_a_full_profile_has_no_unknowns(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of({**FULL_ROW, "message": "Great meeting you at the summit!"})
    assert not result.isna().any().any()


# -- the leakage rule and invariance -----------------------------------------------------------
def test_features_of_a_row_ignore_every_other_row(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    alone = features_of(FULL_ROW)
    crowded = features_of(
        FULL_ROW,
        {"name": "anna88", "company": "Capgemini", "mutual_connections": "400"},
        {**FULL_ROW, "name": "Luca Bianchi", "connections": "500+", "message": "Hi Giulia!"},
    )
    pd.testing.assert_series_equal(alone.iloc[0], crowded.iloc[0])


def test_labels_never_feed_features(features_of: Callable[..., pd.DataFrame]) -> None:
    rows = [FULL_ROW, {**FULL_ROW, "name": "Luca Bianchi"}, {"company": "Accenture"}]
    accepted = [{**r, "decision": "accept", "decided_at": "2026-03-02T09:00:00"} for r in rows]
    ignored = [{**r, "decision": "ignore", "decided_at": "2027-01-01T00:00:00"} for r in rows]
    unlabelled = features_of(*rows)
    pd.testing.assert_frame_equal(features_of(*accepted), unlabelled)
    pd.testing.assert_frame_equal(features_of(*ignored), unlabelled)


def test_row_order_does_not_matter(features_of: Callable[..., pd.DataFrame]) -> None:
    rows = [FULL_ROW, {"company": "Capgemini", "mutual_connections": "20"}, {"name": "anna"}]
    forward = features_of(*rows)
    backward = features_of(*reversed(rows))
    pd.testing.assert_frame_equal(
        forward, backward.iloc[::-1].reset_index(drop=True), check_exact=True
    )


def test_who_the_person_is_does_not_change_features(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    result = features_of(
        FULL_ROW,
        {
            **FULL_ROW,
            "name": "Luca Bianchi",
            "profile_url": "https://www.linkedin.com/in/someone-else-99",
        },
        {**FULL_ROW, "name": "marco rossi"},  # same person, another form of the name
    )
    pd.testing.assert_series_equal(result.iloc[0], result.iloc[1], check_names=False)
    changed = set(result.columns[result.iloc[0] != result.iloc[2]])
    assert changed == {"odd_name", "fake_score"}


# -- sklearn -----------------------------------------------------------------------------------
def labelled_rows(n: int = 40) -> tuple[list[dict[str, object]], np.ndarray]:
    """Colleagues (accepted) and remote scam profiles (ignored), varied a little."""
    rows, labels = [], []
    for i in range(n):
        if i % 2 == 0:
            row = {
                **FULL_ROW,
                "name": f"Collega Numero{chr(65 + i % 26)}",
                "company": ("Accenture", "Reply S.p.A.", "Acme")[i % 3],
                "mutual_connections": str(15 + i),
                "message": "Great working with you at Reply!" if i % 4 == 0 else None,
            }
        else:
            row = {
                "name": f"anna{i}",
                "received_at": "2026-03-01T10:00:00",
                "country": "NG",
                "industry": "Farming",
                "has_photo": "no",
                "connections": str(i % 20),
                "mutual_connections": "0",
                "message": "whatsapp +39 347 123 4567" if i % 3 else None,
            }
        rows.append(row)
        labels.append(i % 2 == 0)
    return rows, np.array(labels, dtype=int)


def make_pipeline(policy: Policy = POLICY) -> object:
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    return Pipeline(
        [
            ("features", RequestFeatures(policy)),
            ("impute", SimpleImputer(strategy="median", keep_empty_features=True)),
            ("scale", StandardScaler()),
            ("model", LogisticRegression(solver="liblinear")),
        ]
    )


@pytest.fixture
def labelled(frame_of: Callable[..., pd.DataFrame]) -> tuple[pd.DataFrame, np.ndarray]:
    rows, labels = labelled_rows()
    return frame_of(*rows), labels


def test_transformer_in_a_pipeline_learns(labelled: tuple[pd.DataFrame, np.ndarray]) -> None:
    frame, labels = labelled
    pipeline = make_pipeline().fit(frame, labels)  # type: ignore[attr-defined]
    assert (pipeline.predict(frame) == labels).mean() >= 0.95
    probabilities = pipeline.predict_proba(frame)
    assert probabilities.shape == (len(frame), 2)
    assert np.isfinite(probabilities).all()


def test_clone_gives_an_unfitted_copy_with_the_same_policy(
    labelled: tuple[pd.DataFrame, np.ndarray],
) -> None:
    from sklearn.base import clone

    frame, labels = labelled
    fitted = RequestFeatures(POLICY).fit(frame)
    copy = clone(fitted)
    assert copy.policy == POLICY
    assert not hasattr(copy, "feature_names_out_")
    pd.testing.assert_frame_equal(copy.fit_transform(frame), fitted.transform(frame))
    pipeline = clone(make_pipeline()).fit(frame, labels)  # type: ignore[arg-type]
    assert pipeline.named_steps["features"].policy.fingerprint() == POLICY.fingerprint()


def test_feature_names_are_readable_and_grouped() -> None:
    names = list(RequestFeatures(POLICY).get_feature_names_out())
    assert names == list(FEATURE_NAMES)
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", n) for n in names)
    assert set(FEATURE_GROUPS) == set(names)
    assert all(FEATURE_GROUPS[n].strip() for n in names)


def test_set_output_pandas(labelled: tuple[pd.DataFrame, np.ndarray]) -> None:
    frame, labels = labelled
    frame = frame.set_axis(range(100, 100 + len(frame)))  # an index that is not 0..n-1
    result = RequestFeatures(POLICY).set_output(transform="pandas").fit_transform(frame)
    assert isinstance(result, pd.DataFrame)
    assert list(result.columns) == list(FEATURE_NAMES)
    assert result.index.equals(frame.index)
    assert all(dtype == np.float64 for dtype in result.dtypes)
    # downstream steps see the feature names too
    head = make_pipeline()[:-1].set_output(transform="pandas")  # type: ignore[index]
    imputed = head.fit_transform(frame, labels)
    assert list(imputed.columns) == list(FEATURE_NAMES)
    assert not imputed.isna().any().any()
    assert imputed.index.equals(frame.index)


def test_grid_search(labelled: tuple[pd.DataFrame, np.ndarray]) -> None:
    from sklearn.model_selection import GridSearchCV

    frame, labels = labelled
    other = _policy(interests={"titles": ["Procurement"]})
    search = GridSearchCV(
        make_pipeline(), {"model__C": [0.1, 1.0], "features__policy": [POLICY, other]}, cv=2
    ).fit(frame, labels)
    assert search.best_params_["model__C"] in (0.1, 1.0)
    assert search.best_score_ >= 0.9
    assert len(search.cv_results_["mean_test_score"]) == 4


def test_fit_needs_a_policy() -> None:
    with pytest.raises(ValueError, match="policy"):
        RequestFeatures().fit(pd.DataFrame())


def test_transform_names_missing_columns(frame_of: Callable[..., pd.DataFrame]) -> None:
    frame = frame_of({}).drop(columns=["schools"])
    with pytest.raises(ValueError, match="schools"):
        RequestFeatures(POLICY).fit(frame).transform(frame)


def test_empty_frame(frame_of: Callable[..., pd.DataFrame]) -> None:
    empty = frame_of({}).iloc[:0]
    result = features.build_features(empty, POLICY)
    assert result.shape == (0, len(FEATURE_NAMES))


# -- properties --------------------------------------------------------------------------------
def assert_sane(result: pd.DataFrame, n_rows: int) -> None:
    """Finite or NaN, never inf; flags 0/1; fake_score in 0..1."""
    assert list(result.columns) == list(FEATURE_NAMES)
    assert len(result) == n_rows
    values = result.to_numpy(float)
    assert not np.isinf(values).any()
    flags = result[list(BINARY_FEATURES)].to_numpy(float)
    assert np.isin(flags[~np.isnan(flags)], [0.0, 1.0]).all()
    assert result["fake_score"].between(0.0, 1.0).all()
    assert result["seniority"].dropna().isin([0.0, 1.0, 2.0, 3.0]).all()


TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
CELL_STRATEGIES = {
    "text": TEXT,
    "count": st.one_of(
        st.integers(0, 10**12).map(str), st.sampled_from(["500+", "1.2K", "1,234", ""]), TEXT
    ),
    "bool": st.sampled_from(["true", "no", "1", "", "maybe"]),
    "date": st.one_of(st.sampled_from(["2026-01-15", "2019-06", "6/27/26, 7:35 AM", ""]), TEXT),
    "country": st.one_of(st.sampled_from(["IT", "Nigeria", "ch", ""]), TEXT),
    "list": st.lists(TEXT, max_size=3).map("; ".join),
}
KIND_OF = {
    "message": "text", "headline": "text", "title": "text", "company": "text",
    "industry": "text", "location": "text", "about": "text", "country": "country",
    "mutual_connections": "count", "connections": "count", "followers": "count",
    "experience_count": "count", "education_count": "count", "skills_count": "count",
    "recommendations_count": "count", "has_photo": "bool", "verified": "bool",
    "joined_on": "date", "past_companies": "list", "schools": "list",
}  # fmt: skip
RAW_ROW = st.fixed_dictionaries(
    {"name": TEXT.filter(str.strip), "received_at": st.just("2026-03-01T10:00:00")},
    optional={column: CELL_STRATEGIES[kind] for column, kind in KIND_OF.items()},
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(RAW_ROW, min_size=1, max_size=4))
def test_any_row_through_the_reader_gives_sane_features(rows: list[dict[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        table = read_requests(write_rows(Path(folder), rows))
    assert table.n_read == len(rows)
    assert_sane(features.build_features(table.frame, POLICY), len(table.frame))


def _frames() -> st.SearchStrategy[pd.DataFrame]:
    text = st.one_of(st.none(), TEXT)
    count = st.one_of(st.just(np.nan), st.floats(0, 1e300, allow_nan=False), st.integers(0, 10**6))
    flag = st.sampled_from([np.nan, 0.0, 1.0])
    when = st.one_of(
        st.just(pd.NaT), st.datetimes(pd.Timestamp("1900-01-01"), pd.Timestamp("2200-01-01"))
    )
    names = st.one_of(st.none(), st.lists(TEXT, max_size=3).map(tuple))
    kinds = {"text": text, "count": count, "bool": flag, "date": when, "list": names}
    kinds["datetime"] = when
    kinds["country"] = st.sampled_from([None, "IT", "NG", "US", "CH"])
    kinds["id"] = text
    kinds["url"] = text
    kinds["decision"] = st.sampled_from([None, "accept", "ignore"])

    def row() -> st.SearchStrategy[dict[str, object]]:
        cells = {
            c.name: kinds[c.kind] for c in contract.COLUMNS if c.name in contract.FRAME_COLUMNS
        }
        cells["connections_is_lower_bound"] = st.booleans()
        cells["row"] = st.just(1)
        return st.fixed_dictionaries(cells)

    def to_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
        frame = pd.DataFrame(rows, columns=list(contract.FRAME_COLUMNS))
        for name in ("received_at", "joined_on", "decided_at"):
            frame[name] = pd.to_datetime(frame[name]).astype("datetime64[ns]")
        for name in frame.columns:
            if contract.BY_NAME.get(name) and contract.BY_NAME[name].kind in {"count", "bool"}:
                frame[name] = frame[name].astype(float)
        return frame

    return st.lists(row(), min_size=1, max_size=5).map(to_frame)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=_frames())
def test_any_normalised_frame_gives_sane_features(frame: pd.DataFrame) -> None:
    assert_sane(features.build_features(frame, POLICY), len(frame))


HOSTILE = (
    "a" * 100_000,
    "+39 3 4 " * 12_500,
    "a-" * 50_000 + "é",  # quadratic for a backtracking engine on the LINK pattern
    "one " * 25_000 + "é",
    "\u202e\u202d\u2066" * 33_000,
    "\x00" * 100_000,
)


def test_hostile_text_in_every_column_runs_in_linear_time(
    frame_of: Callable[..., pd.DataFrame],
) -> None:
    base = frame_of(FULL_ROW)
    frame = pd.concat([base] * len(HOSTILE), ignore_index=True)
    for column_name in ("message", "headline", "title", "about", "location", "company"):
        frame[column_name] = list(HOSTILE)
    frame["name"] = [text[:5000] for text in HOSTILE]
    # Linear by construction, counted not timed (tests/work_counting.py): no regex that can
    # backtrack sees the text. test_hostile_input.py compares the work at growing lengths.
    assert backtracking_regexes(lambda: features.build_features(frame, POLICY)) == []
    result = features.build_features(frame, POLICY)
    assert_sane(result, len(HOSTILE))


# -- seniority detail, continent and the networker ----------------------------------------------
def test_a_student_headline_makes_a_student_whatever_the_title(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    result = features_of(
        {"title": "CEO", "headline": "Student at Boston University"},
        {"title": "CEO", "headline": "Building things"},
        {"title": "Sr. Software Engineer"},
        {"title": "Software Engineer"},
    )
    assert list(result["is_student"]) == [1.0, 0.0, 0.0, 0.0]
    assert list(result["is_executive"]) == [0.0, 1.0, 0.0, 0.0]
    assert list(result["is_senior"]) == [1.0, 1.0, 1.0, 0.0]


def test_senior_in_role_i_want_needs_both_the_role_and_the_rank(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    result = features_of({"title": "Head of IT"}, {"title": "CTO"}, {"title": "Sales Manager"})
    matches = result["title_matches_interests"].tolist()
    senior = result["senior_in_role_i_want"].tolist()
    assert all(s <= m for s, m in zip(senior, matches, strict=True))
    assert senior[1] == 1.0 and senior[2] == 0.0


def test_other_continent_compares_with_my_country(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of({"country": "DE"}, {"country": "NG"}, {"location": "Lagos, Nigeria"}, {})
    assert result["other_continent"].tolist()[:3] == [0.0, 1.0, 1.0]
    assert np.isnan(result["other_continent"].iloc[3])


def test_a_big_network_that_barely_overlaps_is_a_networker(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    result = features_of(
        {"connections": "500+", "mutual_connections": "1"},
        {"connections": "500+", "mutual_connections": "40"},
        {"connections": "120", "mutual_connections": "0"},
        {"connections": "500+"},
    )
    assert result["big_network_few_mutuals"].tolist()[:3] == [1.0, 0.0, 0.0]
    assert np.isnan(result["big_network_few_mutuals"].iloc[3])


def test_a_function_keyword_reaches_the_whole_function(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    # POLICY wants "Engineer": the whole-word match misses "Head of Engineering", the
    # function does not; a salesperson matches neither.
    result = features_of(
        {"title": "Head of Engineering"},
        {"title": "Software Engineer"},
        {"title": "Sales Manager"},
        {"headline": "Full-stack developer | Python"},
        {},
    )
    assert result["title_matches_interests"].tolist()[:3] == [0.0, 1.0, 0.0]
    assert result["function_matches_interests"].tolist()[:4] == [1.0, 1.0, 0.0, 1.0]
    assert np.isnan(result["function_matches_interests"].iloc[4])


def test_no_title_keywords_means_function_match_is_unknown(tmp_path: Path) -> None:
    plain = policy_from_dict({"me": {"industry": "Banking", "country": "IT"}})
    frame = read_requests(write_rows(tmp_path, [{**BASE_ROW, "title": "CTO"}])).frame
    result = RequestFeatures(plain).fit(frame).transform(frame)
    assert np.isnan(result["function_matches_interests"].iloc[0])


# -- what the headline says when the structured columns are unknown ----------------------------
# Rows as invitation emails and the invitations page give them (POLICY: companies Reply and
# Accenture, school Bocconi, competitors Capgemini and Deloitte, industry IT Services,
# interests Manufacturing, Retail, Banking).
def test_the_headline_names_my_company_school_or_a_competitor(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    result = features_of(
        {"headline": "Senior Consultant at Reply"},
        {"headline": "Student at Università Bocconi"},
        {"headline": "Manager @ Capgemini Italia | SAP"},
        {"headline": "Looking forward to your reply | Buyer"},  # `reply`, not the company
        {"headline": "Buyer", "company": "Accenture"},  # a listed employer decides
        {},
    )
    assert column(result, "shares_employer") == [1.0, None, None, None, 1.0, None]
    assert column(result, "shares_school") == [None, 1.0, None, None, None, None]
    assert column(result, "is_competitor") == [None, None, 1.0, None, 0.0, None]


def test_a_personal_note_naming_my_company_is_a_shared_employer(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    result = features_of(
        {"message": "Hi Giulia, great working with you at Accenture! Let's stay in touch."},
        {"message": "Hi Giulia, we help companies like Accenture cut cloud costs. Quick call?"},
        {"message": "Ciao Giulia, ex compagni di corso alla Bocconi: restiamo in contatto!"},
    )
    assert column(result, "shares_employer") == [1.0, None, None]
    assert column(result, "shares_school") == [None, None, 1.0]


def test_industry_words_in_the_headline_or_company_stand_in_for_the_industry(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    result = features_of(
        {"headline": "Procurement Manager at Banca Alpina"},
        {"headline": "Einkäufer bei Nordwerk Industrie GmbH"},
        {"headline": "Nurse at Ospedale San Marco"},
        {"headline": "IT consulting and systems integration | Partner"},
        {"headline": "Coordinator at Padani"},  # no sector word: unknown
        {"headline": "Nurse at Ospedale San Marco", "industry": "Retail"},  # the column decides
        {"headline": "Helping CIOs in Banking cut cloud costs"},  # whom they serve: unknown
    )
    assert column(result, "industry_in_interests") == [1.0, 1.0, 0.0, 0.0, None, 1.0, None]
    assert column(result, "industry_is_mine") == [0.0, 0.0, 0.0, 1.0, None, 0.0, None]


def test_every_job_function_has_its_own_signal(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of(
        {"title": "Financial Controller"},
        {"title": "Enfermera"},
        {"title": "Business Developer"},  # sales, not engineering
        {},
    )
    assert column(result, "function_finance") == [1.0, 0.0, 0.0, None]
    assert column(result, "function_health") == [0.0, 1.0, 0.0, None]
    assert column(result, "function_sales") == [0.0, 0.0, 1.0, None]
    assert column(result, "function_engineering") == [0.0, 0.0, 0.0, None]


def test_open_networkers_say_so_in_the_headline(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of(
        {"headline": "LION | Open Networker | Sales Director"},
        {"headline": "Founder | 30K+ followers | Open to connect"},
        {"headline": "Lionel's Bakery owner"},
        {},
    )
    assert column(result, "open_networker") == [1.0, 1.0, 0.0, None]


# -- new fake-profile signs ----------------------------------------------------------------------
def test_an_empty_profile_is_empty_in_every_known_section(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    empty = {"experience_count": "0", "skills_count": "0", "education_count": "0"}
    result = features_of(
        empty,
        {**empty, "about": "Twenty years in plant IT."},
        {"experience_count": "0"},  # and, on an enriched profile, no About
        {**empty, "skills_count": "4"},
        {"about": "An About alone does not say the counts are zero."},
        {},
    )
    assert column(result, "empty_profile") == [1.0, 0.0, 1.0, 0.0, None, None]


def test_followers_far_below_connections(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of(
        {"connections": "500+", "followers": "30"},
        {"connections": "500+", "followers": "600"},
        {"connections": "120", "followers": "50"},
        {"connections": "120", "followers": "70"},
        {"connections": "500+"},
    )
    assert column(result, "followers_below_connections") == [1.0, 0.0, 1.0, 0.0, None]


def test_a_title_with_no_employer_anywhere(features_of: Callable[..., pd.DataFrame]) -> None:
    result = features_of(
        {"headline": "CTO"},
        {"headline": "CEO | Investor | Philanthropist"},
        {"headline": "CTO at Acme Manufacturing"},
        {"headline": "CTO", "company": "Acme Manufacturing"},
        {"headline": "Passionate about people"},  # no role named
        {},
    )
    assert column(result, "title_without_employer") == [1.0, 1.0, 0.0, 0.0, 0.0, None]


def test_about_length_is_zero_only_on_an_enriched_profile_without_one(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    result = features_of(
        {"about": "x" * 99, "experience_count": "3"},
        {"experience_count": "3"},
        {},
    )
    assert column(result, "about_length") == [pytest.approx(np.log(100)), 0.0, None]


# -- the one signal that reads other rows ----------------------------------------------------------
FARM_ABOUT = "Dedicated investor and entrepreneur. I believe in honesty and hard work."


def test_the_same_about_within_a_week_flags_the_later_requests_only(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    result = features_of(
        {"about": FARM_ABOUT, "received_at": "2026-03-01T10:00:00"},
        {"about": FARM_ABOUT.upper(), "received_at": "2026-03-03T10:00:00"},  # case and
        {"about": "  " + FARM_ABOUT, "received_at": "2026-03-05T09:00:00"},  # spaces aside
        {"about": FARM_ABOUT, "received_at": "2026-04-20T10:00:00"},  # weeks later: a new batch
        {"about": "Different text about supply chains and trucks.", "received_at": "2026-03-02"},
    )
    # the first of the farm is not flagged: what came later was unknown when it arrived
    assert column(result, "text_repeated_in_batch") == [0.0, 1.0, 1.0, 0.0, 0.0]


def test_generic_or_short_notes_repeated_are_no_sign(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    generic = "I'd like to add you to my professional network on LinkedIn."
    farm_note = "Hello, I would like to discuss a business proposal with you. Please reply."
    rows = [
        {"message": text, "received_at": f"2026-03-0{day}T10:00:00"}
        for text in (generic, "Let's connect!", farm_note)
        for day in (1, 2)
    ]
    assert column(features_of(*rows), "text_repeated_in_batch") == [0.0] * 4 + [0.0, 1.0]


def test_repeats_never_depend_on_decisions_or_row_order(
    features_of: Callable[..., pd.DataFrame],
) -> None:
    rows = [
        {"about": FARM_ABOUT, "received_at": "2026-03-02T10:00:00", "decision": "ignore"},
        {"about": FARM_ABOUT, "received_at": "2026-03-01T10:00:00", "decision": "accept"},
    ]
    unlabelled = [{k: v for k, v in r.items() if k != "decision"} for r in rows]
    assert column(features_of(*rows), "text_repeated_in_batch") == [1.0, 0.0]
    assert column(features_of(*unlabelled), "text_repeated_in_batch") == [1.0, 0.0]


def test_words_are_counted_across_any_unicode_space() -> None:
    from linkedin_triage.signals.text_matching import word_counts

    text = pd.Series(["Hi Marta", None, " a  b\tc\u00a0d ", "", "x" * 100_000])
    assert word_counts(text).tolist() == [2, 0, 4, 0, 1]
