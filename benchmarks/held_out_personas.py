"""Two synthetic users the sample does not ship, to see the learner generalise.

The sample's three personas are what the model was developed on. These two have other
policies and other hidden weights (a founder selling software to finance, a picky engineer
manager who wants senior engineers they know). They are registered into the sample's persona
table only inside the benchmark. Caveat: the C schedule of `logistic_guided` was chosen
looking at these two as well as the sample's three.
"""

from __future__ import annotations

from dataclasses import replace

from linkedin_triage.sample import personas as sample_personas

NAMES = ("founder", "picky")
# Hidden logit weights over the sample's latent signals (see sample/latent.py).
FOUNDER_WEIGHTS = {
    "bias": -0.6, "interest_industry": 1.3, "interest_title": 1.6, "seniority": 1.0,
    "mutuals_log": 0.2, "in_market": 0.9, "other_continent": -0.4, "big_networker": 0.6,
    "note_personal": 0.6, "note_sales": -1.4, "note_recruiter": -1.2, "note_scam": -2.0,
    "fake": -3.0, "salesperson": -0.8, "student": -0.9, "competitor": -1.5,
    "shared_employer": 0.5, "no_photo": -0.3,
}  # fmt: skip
PICKY_WEIGHTS = {
    "bias": -3.2, "engineer_senior": 2.5, "shared_employer": 1.5, "mutuals_log": 0.5,
    "note_personal": 1.2, "fake": -3.0, "salesperson": -1.0, "note_scam": -2.0,
    "in_market": 0.8, "student": -1.0,
}  # fmt: skip


def _founder() -> sample_personas.Persona:
    base = sample_personas.PERSONAS["consultant"]
    policy = sample_personas._policy(
        {
            "name": "Marta Rossi",
            "industry": "Software Development",
            "country": "NL",
            "city": "Amsterdam",
            "companies": ["Stackwise"],
            "schools": ["TU Delft"],
            "connections": 2600,
        },
        {
            "industries": ["Financial Services", "Banking", "Insurance"],
            "titles": ["CFO", "Head of Finance", "Controller", "Founder"],
            "markets": ["NL", "BE", "DE", "GB"],
            # A software rival. Not a name from the sample's employer pool: "Trustline
            # Payments" was, so hundreds of ordinary finance prospects worked at the
            # "competitor" and no signal could tell them from the real rivals.
            "competitors": ["Ledgerline Systems"],
        },
        0.9,
    )
    return replace(
        base,
        name="founder",
        description="Software founder in Amsterdam selling to finance: wants senior finance "
        "people and founders in her markets, likes open networkers, ignores pitches.",
        policy=policy,
        weights=FOUNDER_WEIGHTS,
        interest_functions=(("finance", 2), ("founder", 0)),
        home_functions=("engineering", "data"),
        archetype_shares=sample_personas._shares((5, 4, 25, 10, 4, 12, 10, 8, 10, 4, 8)),
        language="de",
    )


def _picky() -> sample_personas.Persona:
    return replace(
        sample_personas.PERSONAS["recruiter"],
        name="picky",
        description="Engineering manager in Berlin: accepts senior engineers, people from "
        "their employers and personal notes; about 30% of requests.",
        weights=PICKY_WEIGHTS,
    )


def register() -> None:
    """Add the two personas to the sample's table (idempotent; this process only)."""
    for persona in (_founder(), _picky()):
        sample_personas.PERSONAS.setdefault(persona.name, persona)
