"""Latent traits to the text cells of the request table, with partial enrichment."""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np
import pandas as pd

from linkedin_triage.sample.latent import LatentRow, _by_archetype
from linkedin_triage.sample.person import _context, _person
from linkedin_triage.sample.personas import Persona


# -- times, counts and formatting ---------------------------------------------------------------
def _arrival_times(
    rng: np.random.Generator, n: int, start: np.datetime64, end: np.datetime64
) -> np.ndarray:
    """Sorted arrival minutes in [start, end), busier in working hours."""
    days = int((end - start) // np.timedelta64(1, "D"))
    day = rng.integers(0, days, size=n)
    working = np.clip(rng.normal(11 * 60, 180, size=n), 0, 1439)
    minute = np.where(rng.random(n) < 0.8, working, rng.uniform(0, 1440, size=n)).astype(np.int64)
    times = start + (day * 1440 + minute).astype("timedelta64[m]")
    return np.sort(np.minimum(times, end - np.timedelta64(1, "m")))


def _iso(times: np.ndarray) -> list[str]:
    return [str(t) + ":00" for t in times.astype("datetime64[m]")]


def _linkedin_time(time: np.datetime64) -> str:
    """LinkedIn's own `6/27/26, 7:35 AM` form."""
    moment = pd.Timestamp(time)
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{moment.month}/{moment.day}/{moment.year % 100:02d}, {hour}:{moment.minute:02d} {half}"


def _received_cells(rng: np.random.Generator, times: np.ndarray) -> list[str]:
    cells = _iso(times)
    for i in np.flatnonzero(rng.random(len(times)) < 0.05):
        cells[i] = _linkedin_time(times[i])
    return cells


def _profile_counts(rng: np.random.Generator, latent: pd.DataFrame) -> dict[str, np.ndarray]:
    """Profile sizes, followers and badges: thin for fakes, growing with seniority."""
    n = len(latent)
    arch = latent["archetype"].to_numpy()
    seniority = latent["seniority"].to_numpy()
    fake, student = arch == "fake", arch == "student"
    experience = 1 + rng.poisson(1.5 + 0.6 * seniority)
    experience = np.where(student, rng.integers(0, 3, n), experience)
    experience = np.where(fake, rng.integers(0, 2, n), experience)
    education = np.where(fake, rng.integers(0, 2, n), 1 + rng.binomial(2, 0.35, n))
    skills = np.minimum(50, rng.poisson(8 + 5 * seniority))
    skills = np.where(
        fake, rng.integers(0, 4, n), np.where(student, rng.integers(3, 16, n), skills)
    )
    recommendations = np.where(fake, 0, rng.poisson(0.3 + 0.4 * seniority))
    connections = latent["connections"].to_numpy()
    followers = connections * rng.uniform(0.9, 1.6, n) + np.exp(rng.normal(3, 1, n))
    followers = np.where(arch == "networker", followers * 2, followers).astype(np.int64)
    return {
        "experience_count": experience,
        "education_count": education,
        "skills_count": skills,
        "recommendations_count": recommendations,
        "followers": followers,
        "verified": rng.random(n) < np.where(fake, 0.02, 0.35),
        "about_present": rng.random(n) < _by_archetype(arch, {"fake": 0.3, "student": 0.5}, 0.8),
        "years_on_linkedin": np.where(
            fake,
            rng.uniform(0.02, 0.5, n),
            np.where(
                student, rng.uniform(0.3, 5, n), np.minimum(21, np.exp(rng.normal(2.0, 0.5, n)))
            ),
        ),
    }


def _joined_cells(rng: np.random.Generator, times: np.ndarray, years: np.ndarray) -> list[str]:
    joined = times.astype("datetime64[D]") - (years * 365.25).astype("timedelta64[D]")
    month_only = rng.random(len(times)) < 0.7
    return [str(d)[:7] if m else str(d) for d, m in zip(joined, month_only, strict=True)]


def _bool_cells(rng: np.random.Generator, values: Sequence[np.ndarray]) -> list[list[str]]:
    """true/false mostly, yes/no or 1/0 in some rows (merged sources write them differently)."""
    style = rng.choice(3, size=len(values[0]), p=(0.85, 0.1, 0.05))
    words = (("false", "true"), ("no", "yes"), ("0", "1"))
    return [[words[s][int(v)] for s, v in zip(style, column, strict=True)] for column in values]


def _render(
    rng: np.random.Generator, persona: Persona, latent: pd.DataFrame, times: np.ndarray
) -> dict[str, list[object]]:
    """The request table as a scraper would write it, before values go missing."""
    ctx = _context(persona)
    counts = _profile_counts(rng, latent)
    # Per-row text choices use Python's generator (fast for scalars), seeded from ours.
    r = random.Random(int(rng.integers(2**62)))
    n_past = np.clip(counts["experience_count"] - 1, 0, 4).tolist()
    n_schools = counts["education_count"].tolist()
    about = counts["about_present"].tolist()
    rows = map(LatentRow._make, zip(*(latent[f].tolist() for f in LatentRow._fields), strict=True))
    people = [_person(r, ctx, row, n_past[i], n_schools[i], about[i]) for i, row in enumerate(rows)]
    cells: dict[str, list[object]] = {c: [p[c] for p in people] for c in people[0]}
    cells["received_at"] = list(_received_cells(rng, times))
    cells["mutual_connections"] = [str(v) for v in latent["mutuals"].tolist()]
    cells["connections"] = ["500+" if v >= 500 else str(v) for v in latent["connections"].tolist()]
    cells["followers"] = [str(v) for v in counts["followers"].tolist()]
    has_photo, verified = _bool_cells(rng, (latent["has_photo"].to_numpy(), counts["verified"]))
    cells["has_photo"], cells["verified"] = list(has_photo), list(verified)
    cells["joined_on"] = list(_joined_cells(rng, times, counts["years_on_linkedin"]))
    for name in ("experience_count", "education_count", "skills_count", "recommendations_count"):
        cells[name] = [str(v) for v in counts[name].tolist()]
    return cells


# Share of rows whose value is unknown, on top of rows never enriched (ENRICHED_SHARE).
ENRICHED_SHARE = 0.85
ENRICHMENT_COLUMNS = (
    "followers", "verified", "joined_on", "about", "experience_count", "education_count",
    "skills_count", "recommendations_count", "past_companies", "schools",
)  # fmt: skip
MISSING_RATES = {
    "profile_url": 0.10, "headline": 0.04, "title": 0.07, "company": 0.08, "industry": 0.10,
    "location": 0.04, "mutual_connections": 0.05, "connections": 0.06, "followers": 0.15,
    "has_photo": 0.08, "verified": 0.25, "joined_on": 0.20, "about": 0.05,
    "experience_count": 0.08, "education_count": 0.10, "skills_count": 0.12,
    "recommendations_count": 0.20, "past_companies": 0.12, "schools": 0.10,
}  # fmt: skip


def _blank_unknowns(rng: np.random.Generator, cells: dict[str, list[object]], n: int) -> None:
    """Partial enrichment: whole rows never enriched, plus cells missing at random."""
    enriched = rng.random(n) < ENRICHED_SHARE
    for name, rate in MISSING_RATES.items():
        missing = rng.random(n) < rate
        if name in ENRICHMENT_COLUMNS:
            missing |= ~enriched
        column = cells[name]
        for i in np.flatnonzero(missing):
            column[i] = None
