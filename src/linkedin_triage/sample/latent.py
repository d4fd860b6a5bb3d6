"""Latent traits of each request and the persona's hidden p_accept computed from them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from linkedin_triage.sample.personas import (
    ARCHETYPES,
    GEO_MODES,
    NOTE_KINDS,
    SENIORITY_SHARES,
    TRAITS,
    Persona,
)
from linkedin_triage.sample.vocabulary import (
    COUNTRIES,
    COUNTRY_CODES,
    ENGINEERING_FUNCTIONS,
    INDUSTRIES,
    INDUSTRY_NAMES,
    SALES_FUNCTIONS,
)


# -- latent traits ------------------------------------------------------------------------------
def _choose(
    rng: np.random.Generator,
    options: Sequence[str],
    size: int,
    shares: Sequence[float] | None = None,
) -> np.ndarray:
    """`size` draws from `options` as an object array (shares normalised)."""
    p = None if shares is None else np.asarray(shares, dtype=float) / float(np.sum(shares))
    index = rng.choice(len(options), size=size, p=p)
    return np.asarray(options, dtype=object)[index]


def _draw_by_group(
    keys: np.ndarray,
    draw: Mapping[str, Callable[[int], np.ndarray]],
    n: int,
) -> np.ndarray:
    """Fill an object array group by group; `draw[key](size)` gives that group's values."""
    result = np.empty(n, dtype=object)
    for key in sorted(set(keys.tolist())):  # sorted: the draw order must not depend on hashing
        mask = keys == key
        result[mask] = draw[key](int(mask.sum()))
    return result


def _countries(rng: np.random.Generator, persona: Persona, archetype: np.ndarray) -> np.ndarray:
    me = persona.policy.me.country
    markets = [c for c in persona.policy.interests.markets if c in COUNTRIES] or [me]
    europe = [c for c, p in COUNTRIES.items() if p.continent == "EU" and c != me]
    home_continent = COUNTRIES[me].continent
    remote = [c for c, p in COUNTRIES.items() if p.continent != home_continent]
    pools = {
        "home": ([me], [1.0]),
        "market": (markets, [1.0] * len(markets)),
        "europe": (europe, [COUNTRIES[c].weight for c in europe]),
        "remote": (remote, [COUNTRIES[c].weight for c in remote]),
        "world": (list(COUNTRY_CODES), [p.weight for p in COUNTRIES.values()]),
    }
    mode = np.empty(len(archetype), dtype=object)
    for name in ARCHETYPES:
        mask = archetype == name
        shares = TRAITS[name].geo or persona.prospect_geo
        mode[mask] = _choose(rng, GEO_MODES, int(mask.sum()), shares)
    draw = {m: (lambda k, m=m: _choose(rng, pools[m][0], k, pools[m][1])) for m in GEO_MODES}
    return _draw_by_group(mode, draw, len(archetype))


def _industries(rng: np.random.Generator, persona: Persona, archetype: np.ndarray) -> np.ndarray:
    mine = persona.policy.me.industry
    interest = [i for i in persona.policy.interests.industries if i in INDUSTRIES]
    weights = [INDUSTRIES[i][0] for i in INDUSTRY_NAMES]
    unrelated = [i for i in INDUSTRY_NAMES if i != mine and i not in interest]

    def any_industry(k: int) -> np.ndarray:
        return _choose(rng, INDUSTRY_NAMES, k, weights)

    def mostly_mine(share: float) -> Callable[[int], np.ndarray]:
        return lambda k: np.where(rng.random(k) < share, mine, any_industry(k))

    draw = {
        "colleague": mostly_mine(0.7),
        "alumni": any_industry,
        "prospect": (lambda k: _choose(rng, interest, k)) if interest else any_industry,
        "peer": mostly_mine(1.0),
        "competitor": mostly_mine(1.0),
        "remote": lambda k: _choose(rng, unrelated, k, [INDUSTRIES[i][0] for i in unrelated]),
        "networker": any_industry,
        "recruiter": lambda k: _choose(
            rng, ("Staffing and Recruiting", "Human Resources Services"), k, (4, 1)
        ),
        "salesperson": lambda k: _choose(
            rng,
            (
                "Software Development",
                "IT Services and IT Consulting",
                "Marketing Services",
                "Telecommunications",
                "Financial Services",
                "Advertising Services",
            ),
            k,
        ),
        "student": lambda k: np.where(rng.random(k) < 0.5, "Higher Education", any_industry(k)),
        "fake": lambda k: _choose(
            rng, ("Financial Services", "Investment Management", "Hospitals and Health Care"), k
        ),
    }
    return _draw_by_group(archetype, draw, len(archetype))


def _functions(
    rng: np.random.Generator, persona: Persona, archetype: np.ndarray, industry: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(function, seniority) per request, coherent with archetype and industry."""
    n = len(archetype)
    function = np.empty(n, dtype=object)
    # Most people do what their industry employs; a few found their own company.
    for name in INDUSTRY_NAMES:
        mask = industry == name
        function[mask] = _choose(rng, INDUSTRIES[name][1], int(mask.sum()))
    founders = rng.random(n) < 0.04
    function[founders] = "founder"
    seniority = rng.choice(6, size=n, p=SENIORITY_SHARES)

    # Colleagues who moved to another industry do what that industry employs.
    home = np.isin(archetype, ("peer", "competitor"))
    home |= (archetype == "colleague") & (industry == persona.policy.me.industry)
    function[home] = _choose(rng, persona.home_functions, int(home.sum()))
    for name, pool in (("recruiter", ("recruiting",)), ("salesperson", SALES_FUNCTIONS)):
        mask = archetype == name
        function[mask] = _choose(rng, pool, int(mask.sum()))
    prospects = archetype == "prospect"
    if persona.interest_functions:
        wanted = [f for f, _ in persona.interest_functions]
        function[prospects] = _choose(rng, wanted, int(prospects.sum()))
        for wanted_function, minimum in persona.interest_functions:
            mask = prospects & (function == wanted_function)
            seniority[mask] = np.maximum(seniority[mask], minimum)
    networkers = archetype == "networker"
    function[networkers] = _choose(
        rng, ("bizdev", "sales", "founder", "marketing"), int(networkers.sum())
    )
    seniority[archetype == "student"] = 0
    seniority[(archetype != "student") & (seniority == 0)] = 1  # interns come as students
    seniority[function == "founder"] = 5
    fakes = archetype == "fake"
    function[fakes] = "fake"
    seniority[fakes] = 3
    return function, seniority


def _by_archetype(archetype: np.ndarray, table: Mapping[str, float], default: float) -> np.ndarray:
    """Per request, `table[archetype]` (or `default`) as floats."""
    return np.array([table.get(a, default) for a in archetype], dtype=float)


def _interest_title(persona: Persona, function: np.ndarray, seniority: np.ndarray) -> np.ndarray:
    """True when the person's actual role is one the persona wants (independent of wording)."""
    hit = np.zeros(len(function), dtype=bool)
    for wanted, minimum in persona.interest_functions:
        hit |= (function == wanted) & (seniority >= minimum)
    return hit


def _lognormal_counts(
    rng: np.random.Generator, medians: np.ndarray, sigma: float | np.ndarray, n: int
) -> np.ndarray:
    """`n` whole counts scattered log-normally around `medians` (spread `sigma` in log space)."""
    return np.floor(np.exp(np.log(medians) + sigma * rng.standard_normal(n))).astype(np.int64)


def _latent(rng: np.random.Generator, persona: Persona, n: int) -> pd.DataFrame:
    """Everything the hidden decision depends on, drawn before anything is formatted."""
    me = persona.policy.me
    shares = [persona.archetype_shares[a] for a in ARCHETYPES]
    archetype = _choose(rng, ARCHETYPES, n, shares)
    country = _countries(rng, persona, archetype)
    industry = _industries(rng, persona, archetype)
    function, seniority = _functions(rng, persona, archetype, industry)

    def chance(table: Mapping[str, float], default: float) -> np.ndarray:
        return rng.random(n) < _by_archetype(archetype, table, default)

    shared_employer = chance({"colleague": 1.0, "peer": 0.05, "competitor": 0.0}, 0.01)
    shared_school = chance({"alumni": 1.0, "colleague": 0.2, "peer": 0.08, "student": 0.3}, 0.02)
    shared_school &= archetype != "fake"
    shared_employer &= archetype != "fake"
    competitor = archetype == "competitor"

    same_country = country == me.country
    network_factor = float(np.clip(((me.connections or 500) / 500) ** 0.5, 0.5, 3.0))
    boost = (1 + 2.0 * shared_employer + 1.0 * shared_school) * np.where(same_country, 1.0, 0.5)
    mutual_median = np.array([TRAITS[a].mutuals_median for a in archetype]) * boost * network_factor
    mutuals = _lognormal_counts(rng, mutual_median, 0.9, n)
    connection_median = np.array([TRAITS[a].connections_median for a in archetype])
    sigma = np.where(archetype == "networker", 0.5, 0.8)
    connections = np.maximum(_lognormal_counts(rng, connection_median, sigma, n), 1)
    mutuals = np.minimum(mutuals, np.minimum(connections, me.connections or connections))
    note = np.empty(n, dtype=object)
    for name in ARCHETYPES:
        mask = archetype == name
        note[mask] = _choose(rng, NOTE_KINDS, int(mask.sum()), TRAITS[name].notes)
    photo_p = np.where(archetype == "fake", 0.25, np.where(archetype == "student", 0.8, 0.93))
    continent = np.array([COUNTRIES[c].continent for c in country], dtype=object)
    return pd.DataFrame(
        {
            "archetype": archetype,
            "country": country,
            "industry": industry,
            "function": function,
            "seniority": seniority,
            "shared_employer": shared_employer,
            "shared_school": shared_school,
            "competitor": competitor,
            "same_country": same_country,
            "in_market": np.isin(country, list(persona.policy.interests.markets)),
            "other_continent": continent != COUNTRIES[me.country].continent,
            "mutuals": mutuals,
            "connections": connections,
            "has_photo": rng.random(n) < photo_p,
            "note": note,
            "interest_title": _interest_title(persona, function, seniority),
        }
    )


def _signals(persona: Persona, latent: pd.DataFrame) -> dict[str, np.ndarray]:
    """The named inputs of the hidden decision function (0/1 flags and scaled numbers)."""
    me = persona.policy.me
    interests = persona.policy.interests
    arch = latent["archetype"].to_numpy()
    function = latent["function"].to_numpy()
    mutuals = latent["mutuals"].to_numpy()
    engineer = np.isin(function, ENGINEERING_FUNCTIONS)
    flag = {
        "critical_mass": np.full(len(latent), (me.connections or 1000) < 300),
        "mutuals_log": np.log1p(mutuals),
        "many_mutuals": mutuals >= 15,
        "shared_employer": latent["shared_employer"].to_numpy(),
        "shared_school": latent["shared_school"].to_numpy(),
        "interest_industry": latent["industry"].isin(interests.industries).to_numpy(),
        "interest_title": latent["interest_title"].to_numpy(),
        "same_industry": (latent["industry"] == me.industry).to_numpy(),
        "seniority": latent["seniority"].to_numpy() / 5.0,
        "same_country": latent["same_country"].to_numpy(),
        "in_market": latent["in_market"].to_numpy(),
        "other_continent": latent["other_continent"].to_numpy(),
        "fake": arch == "fake",
        "no_photo": ~latent["has_photo"].to_numpy(),
        "big_networker": (latent["connections"].to_numpy() >= 3000) & (mutuals < 5),
        "competitor": latent["competitor"].to_numpy(),
        "competitor_many_mutuals": latent["competitor"].to_numpy() & (mutuals >= 15),
        "salesperson": np.isin(function, SALES_FUNCTIONS),
        "student": latent["seniority"].to_numpy() == 0,
        "engineer": engineer,
        "engineer_senior": engineer & (latent["seniority"].to_numpy() >= 2),
    }
    for kind in NOTE_KINDS[1:]:
        flag[f"note_{kind}"] = latent["note"].to_numpy() == kind
    return {k: np.asarray(v, dtype=float) for k, v in flag.items()}


def true_probability(persona: Persona, latent: pd.DataFrame) -> np.ndarray:
    """The persona's hidden p_accept: sigmoid of its weighted sum of latent signals."""
    signals = _signals(persona, latent)
    logit = np.full(len(latent), persona.weights.get("bias", 0.0))
    for name, weight in persona.weights.items():
        if name != "bias":
            logit += weight * signals[name]
    return 1.0 / (1.0 + np.exp(-logit))


class LatentRow(NamedTuple):
    """One request's latent traits (the columns of `_latent`), for the per-row text code."""

    archetype: str
    country: str
    industry: str
    function: str
    seniority: int
    shared_employer: bool
    shared_school: bool
    competitor: bool
    same_country: bool
    in_market: bool
    other_continent: bool
    mutuals: int
    connections: int
    has_photo: bool
    note: str
    interest_title: bool
