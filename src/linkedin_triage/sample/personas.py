"""Who sends requests (archetypes) and whose requests they are (personas, with hidden weights)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from linkedin_triage.errors import TriageError
from linkedin_triage.policy import Policy, policy_from_dict
from linkedin_triage.sample.vocabulary import _items, _records

# -- archetypes: who sends requests, and their typical traits ---------------------------------
# archetype | median true mutuals | median true connections |
#   where they live: home market europe remote world | note: none personal generic sales
#   recruiter scam      (prospects live where the persona says: Persona.prospect_geo)
ARCHETYPE_TABLE = """
colleague   |  22 |   450 | 0.80 0.15 0.05 0    0    | 0.60 0.32 0.08 0    0    0
alumni      |   8 |   350 | 0.85 0    0.10 0    0.05 | 0.62 0.28 0.10 0    0    0
prospect    | 2.5 |   700 | -                        | 0.75 0.10 0.15 0    0    0
peer        |   5 |   500 | 0.55 0    0.30 0    0.15 | 0.72 0.12 0.16 0    0    0
competitor  |   7 |   500 | 0.70 0.30 0    0    0    | 0.70 0.10 0.20 0    0    0
remote      | 0.4 |   300 | 0    0    0    1    0    | 0.75 0    0.23 0.02 0    0
networker   | 1.5 | 12000 | 0.10 0    0.30 0.60 0    | 0.50 0    0.50 0    0    0
recruiter   |   3 |  2500 | 0.50 0    0.30 0    0.20 | 0.45 0    0.10 0    0.45 0
salesperson | 1.2 |  1200 | 0.30 0    0.30 0    0.40 | 0.45 0    0.10 0.45 0    0
student     | 1.5 |   120 | 0.50 0    0.20 0.30 0    | 0.55 0.05 0.40 0    0    0
fake        | 0.2 |    25 | 0    0    0    0.50 0.50 | 0.30 0    0.12 0    0    0.58
"""
GEO_MODES = ("home", "market", "europe", "remote", "world")
NOTE_KINDS = ("none", "personal", "generic", "sales", "recruiter", "scam")


@dataclass(frozen=True)
class Archetype:
    """Typical traits of one kind of sender (see ARCHETYPE_TABLE)."""

    mutuals_median: float
    connections_median: float
    geo: tuple[float, ...] | None  # GEO_MODES shares; None: the persona decides
    notes: tuple[float, ...]  # NOTE_KINDS shares


def _numbers(cell: str) -> tuple[float, ...] | None:
    return None if cell == "-" else tuple(float(x) for x in cell.split())


TRAITS = {
    row[0]: Archetype(float(row[1]), float(row[2]), _numbers(row[3]), _numbers(row[4]) or ())
    for row in _records(ARCHETYPE_TABLE)
}
ARCHETYPES = tuple(TRAITS)
SENIORITY_SHARES = (0.02, 0.28, 0.30, 0.22, 0.12, 0.06)  # 0 intern .. 5 executive


# -- the personas -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Persona:
    """Whose requests are simulated: the public policy plus the hidden way they decide."""

    name: str
    description: str
    policy: Policy
    archetype_shares: Mapping[str, float]  # share of requests per archetype (sums to 1)
    weights: Mapping[str, float]  # hidden logit weights over `_signals`, "bias" included
    home_functions: tuple[str, ...]  # what colleagues, peers and competitors do
    interest_functions: tuple[tuple[str, int], ...]  # (function, minimum seniority) wanted
    prospect_geo: tuple[float, ...]  # where prospects live, GEO_MODES shares
    events: tuple[str, ...]  # where people met the persona (for personal notes)
    language: str  # home language of some personal notes
    pitch_role: str  # what recruiters pitch to them


def _policy(me: dict[str, object], interests: dict[str, object], precision: float) -> Policy:
    data = {"me": me, "interests": interests, "decisions": {"target_precision": precision}}
    return policy_from_dict(data, source="sample persona")


def _shares(percentages: Sequence[float]) -> dict[str, float]:
    total = float(sum(percentages))
    return {a: v / total for a, v in zip(ARCHETYPES, percentages, strict=True)}


# The weights say, in the open, what a good model should learn from each persona's labels.
# fmt: off
PERSONAS: dict[str, Persona] = {
    "consultant": Persona(
        name="consultant",
        description="IT consultant in Milan selling to manufacturing, retail and banking in "
                    "IT/CH/DE/FR; likes prospects and colleagues, wary of competitors; small "
                    "network, so she accepts somewhat more.",
        policy=_policy(
            {"name": "Giulia Conti", "industry": "IT Services and IT Consulting", "country": "IT",
             "city": "Milan", "companies": ["Reply", "Accenture"],
             "schools": ["Politecnico di Milano"], "connections": 240},
            {"industries": ["Manufacturing", "Retail", "Banking"],
             "titles": ["CTO", "CIO", "Head of IT", "Founder", "Procurement"],
             "markets": ["IT", "CH", "DE", "FR"], "competitors": ["Capgemini", "Deloitte"]},
            0.95,
        ),
        archetype_shares=_shares((9, 6, 17, 13, 6, 11, 7, 7, 11, 6, 7)),
        weights={
            "bias": -1.53, "critical_mass": 0.32,  # 240 connections: accepting more helps
            "mutuals_log": 0.44, "shared_employer": 1.44, "shared_school": 0.72,
            "interest_industry": 0.8, "interest_title": 1.04, "seniority": 0.48,
            "same_industry": 0.24, "in_market": 0.56, "other_continent": -1.04,
            "note_personal": 0.8, "note_generic": 0.08, "note_sales": -0.72,
            "note_recruiter": -0.24, "note_scam": -2.0, "fake": -3.2, "no_photo": -0.56,
            "big_networker": -0.48, "salesperson": -0.4, "student": -0.32,
            # competitors only with many mutuals (>= 15): the threshold cancels the penalty
            "competitor": -1.92, "competitor_many_mutuals": 2.08,
        },
        home_functions=("consulting", "it", "engineering", "data"),
        interest_functions=(("it", 3), ("procurement", 3), ("founder", 0), ("engineering", 5)),
        prospect_geo=(0.55, 0.45, 0, 0, 0),
        events=_items("the Digital Factory Forum in Turin; Retail Tech Day Milano; "
                      "the Banking Innovation Summit in Zurich; the SAP user group meetup"),
        language="it",
        pitch_role="Senior IT Consultant",
    ),
    "recruiter": Persona(
        name="recruiter",
        description="Tech recruiter in Berlin hiring engineers anywhere: the title matters much "
                    "more than geography; ignores salespeople.",
        policy=_policy(
            {"name": "Sophie Becker", "industry": "Staffing and Recruiting", "country": "DE",
             "city": "Berlin", "companies": ["Talentwerk Berlin GmbH", "Hays"],
             "schools": ["Humboldt-Universität zu Berlin"], "connections": 4800},
            {"industries": ["Software Development", "IT Services and IT Consulting"],
             "titles": ["Engineer", "Developer", "Data Scientist", "DevOps", "Architect", "SRE"],
             "markets": ["DE", "AT", "CH", "NL", "PL"],
             "competitors": ["Robert Half", "Michael Page"]},
            0.9,
        ),
        archetype_shares=_shares((6, 4, 30, 11, 5, 8, 9, 4, 12, 3, 8)),
        weights={
            "bias": -1.21, "engineer": 2.04, "engineer_senior": 0.59, "seniority": 0.26,
            "mutuals_log": 0.26, "shared_employer": 0.68, "shared_school": 0.34,
            "same_industry": 0.42, "interest_industry": 0.42, "in_market": 0.34,
            "other_continent": -0.26, "note_personal": 0.51, "note_generic": 0.17,
            "note_sales": -1.02, "note_scam": -2.12, "salesperson": -1.53, "fake": -3.4,
            "no_photo": -0.51, "big_networker": 0.34, "student": -0.26, "competitor": -0.34,
        },
        home_functions=("recruiting",),
        interest_functions=(("engineering", 1), ("data", 1), ("devops", 1)),
        prospect_geo=(0.25, 0.2, 0.15, 0.4, 0),
        events=_items("the Berlin Tech Job Fair; the Cloud Native Meetup Berlin; "
                      "the HR Tech Summit in Munich"),
        language="de",
        pitch_role="Senior Talent Partner",
    ),
    "private": Persona(
        name="private",
        description="Nurse in Madrid who keeps LinkedIn private: accepts only people they know "
                    "(shared employer or school, many mutuals, a personal note).",
        policy=_policy(
            {"name": "Lucía Fernández", "industry": "Hospitals and Health Care", "country": "ES",
             "city": "Madrid", "companies": ["Hospital Universitario del Norte",
                                             "Clínica San Rafael"],
             "schools": ["Universidad Complutense de Madrid"], "connections": 180},
            {"markets": ["ES"]},
            0.97,
        ),
        archetype_shares=_shares((13, 10, 4, 10, 2, 15, 9, 10, 12, 6, 9)),
        weights={
            "bias": -2.61, "mutuals_log": 0.4, "many_mutuals": 0.3, "shared_employer": 1.3,
            "shared_school": 1.1, "note_personal": 0.95, "same_country": 0.3,
            "other_continent": -0.5, "note_sales": -0.6, "note_recruiter": -0.4,
            "note_scam": -1.25, "fake": -3.0, "no_photo": -0.4, "big_networker": -0.5,
            "salesperson": -0.4,
        },
        home_functions=("health",),
        interest_functions=(),
        prospect_geo=(0.6, 0, 0.4, 0, 0),
        events=_items("las Jornadas de Enfermería de Madrid; the alumni dinner; "
                      "the ICU training course"),
        language="es",
        pitch_role="Nurse Coordinator",
    ),
}
# fmt: on


def get_persona(name: str) -> Persona:
    """The persona called `name`, or a TriageError listing the known ones."""
    if name not in PERSONAS:
        known = ", ".join(sorted(PERSONAS))
        raise TriageError(f"unknown persona {name!r} (known: {known})")
    return PERSONAS[name]
