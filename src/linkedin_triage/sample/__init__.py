"""The deterministic synthetic sample: invented connection requests and their true p_accept.

Every person, company, note and phone number here is invented. A request is drawn in two
steps: first its latent traits (archetype, country, function, seniority, shared employer or
school, true mutual and connection counts, kind of note), then the table as a scraper would
show it (formats mixed, values missing because enrichment is partial). The persona's hidden
decision function turns the latent traits into p_accept = sigmoid(weighted sum); the label is
a Bernoulli draw from it, so even a perfect model stays well below AUC 1.0. It deliberately
imports nothing from features.py or rules.py: benchmarks test whether the learner recovers
an independent truth.

Modules: `vocabulary` (the data tables and note templates), `personas` (archetypes and
personas), `latent` (latent traits and the hidden p_accept), `person` (one person's text
cells), `render` (the table as written, with partial enrichment); this one draws and writes.

May import: storage, sources and the shared root modules; never signals or learning: the
benchmarks test whether the learner recovers a truth it did not write.

Archetype shares in % per persona (`Persona.archetype_shares`; traits in ARCHETYPE_TABLE):

| archetype   | consultant | recruiter | private | typical traits                                |
|-------------|-----------:|----------:|--------:|-----------------------------------------------|
| colleague   |          9 |         6 |      13 | shared employer, many mutuals, personal note  |
| alumni      |          6 |         4 |      10 | shared school, some mutuals, same country     |
| prospect    |         17 |        30 |       4 | interest industry/title (recruiter: engineers) |
| peer        |         13 |        11 |      10 | same industry and function as the persona     |
| competitor  |          6 |         5 |       2 | employer in interests.competitors, varied case |
| remote      |         11 |         8 |      15 | another continent, unrelated industry         |
| networker   |          7 |         9 |       9 | LION: 500+ connections, few mutuals           |
| recruiter   |          7 |         4 |      10 | Staffing and Recruiting, recruiter template   |
| salesperson |         11 |        12 |      12 | sales/bizdev title, pitch note                |
| student     |          6 |         3 |       6 | student or intern, few connections            |
| fake        |          7 |         8 |       9 | no photo, few connections, new, scam note     |

Measured at seed 7 with 2,000 + 200 rows (in brackets the bands tests/test_sample.py holds):
accept rate consultant 48% [40-55], recruiter 53% [45-60], private 20% [15-25]; Bayes
ROC-AUC (p_accept against the drawn labels) 0.89, 0.89, 0.90 [0.85-0.93]; fakes 6-9% of
requests [5-10], about 1 in 300 accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.policy import policy_to_toml
from linkedin_triage.sample.latent import LatentRow, _latent, _signals, true_probability
from linkedin_triage.sample.personas import (
    ARCHETYPE_TABLE,
    ARCHETYPES,
    GEO_MODES,
    NOTE_KINDS,
    PERSONAS,
    SENIORITY_SHARES,
    TRAITS,
    Archetype,
    Persona,
    get_persona,
)
from linkedin_triage.sample.render import (
    ENRICHED_SHARE,
    ENRICHMENT_COLUMNS,
    MISSING_RATES,
    _arrival_times,
    _blank_unknowns,
    _iso,
    _render,
)
from linkedin_triage.sample.vocabulary import (
    COUNTRIES,
    COUNTRIES_TABLE,
    COUNTRY_CODES,
    CULTURES,
    DIGIT_WORDS,
    EMAIL_DOMAINS,
    ENGINEERING_FUNCTIONS,
    FAKE_COMPANIES,
    FAKE_HEADLINES,
    FAKE_TITLES,
    FUNCTIONS,
    FUNCTIONS_TABLE,
    GENERIC_NOTES,
    INDUSTRIES,
    INDUSTRIES_TABLE,
    INDUSTRY_NAMES,
    LOCAL_NOTES,
    NAMES,
    NAMES_TABLE,
    NETWORKER_NOTES,
    PERSONAL_NOTES,
    RECRUITER_NOTES,
    SALES_FUNCTIONS,
    SALES_NOTES,
    SCAM_NOTES,
    SCHOOLS,
    SCHOOLS_TABLE,
    STUDENT_NOTES,
    TOPICS,
    TOPICS_TABLE,
    Place,
)
from linkedin_triage.storage.output_files import atomic_path

# Every public name of the former single-module `sample.py`, plus `_latent` and `_signals`
# for scripts that inspect the hidden truth.
__all__ = [
    "ARCHETYPES",
    "ARCHETYPE_TABLE",
    "COUNTRIES",
    "COUNTRIES_TABLE",
    "COUNTRY_CODES",
    "CULTURES",
    "DIGIT_WORDS",
    "EMAIL_DOMAINS",
    "ENGINEERING_FUNCTIONS",
    "ENRICHED_SHARE",
    "ENRICHMENT_COLUMNS",
    "FAKE_COMPANIES",
    "FAKE_HEADLINES",
    "FAKE_TITLES",
    "FUNCTIONS",
    "FUNCTIONS_TABLE",
    "GENERIC_NOTES",
    "GEO_MODES",
    "HISTORY_COLUMNS",
    "HISTORY_START",
    "INDUSTRIES",
    "INDUSTRIES_TABLE",
    "INDUSTRY_NAMES",
    "LOCAL_NOTES",
    "MISSING_RATES",
    "NAMES",
    "NAMES_TABLE",
    "NETWORKER_NOTES",
    "NOTE_KINDS",
    "PENDING_START",
    "PERSONAL_NOTES",
    "PERSONAS",
    "RECRUITER_NOTES",
    "REFERENCE_END",
    "REQUEST_COLUMNS",
    "SALES_FUNCTIONS",
    "SALES_NOTES",
    "SCAM_NOTES",
    "SCHOOLS",
    "SCHOOLS_TABLE",
    "SENIORITY_SHARES",
    "STUDENT_NOTES",
    "TOPICS",
    "TOPICS_TABLE",
    "TRAITS",
    "TRUTH_COLUMNS",
    "Archetype",
    "LatentRow",
    "Persona",
    "Place",
    "Sample",
    "_latent",
    "_signals",
    "generate_sample",
    "get_persona",
    "true_probability",
    "write_sample",
]

# Fixed calendar, so the same seed gives the same bytes on any day.

HISTORY_START = np.datetime64("2024-11-01T00:00", "m")
PENDING_START = np.datetime64("2026-10-15T00:00", "m")
REFERENCE_END = np.datetime64("2026-11-01T00:00", "m")

REQUEST_COLUMNS = (
    "request_id", "name", "received_at", "message", "profile_url", "headline", "title",
    "company", "industry", "location", "country", "mutual_connections", "connections",
    "followers", "has_photo", "verified", "joined_on", "about", "experience_count",
    "education_count", "skills_count", "recommendations_count", "past_companies", "schools",
)  # fmt: skip
HISTORY_COLUMNS = (*REQUEST_COLUMNS, "decision", "decided_at")
TRUTH_COLUMNS = ("request_id", "split", "p_accept", "decision", "archetype")


@dataclass
class Sample:
    """A generated world: the tables as written (raw text) and the hidden truth."""

    persona: Persona
    history: pd.DataFrame  # HISTORY_COLUMNS, labelled, sorted by received_at
    pending: pd.DataFrame  # REQUEST_COLUMNS, newer and unlabelled
    truth: pd.DataFrame  # TRUTH_COLUMNS, one row per request of both tables


# -- the public entry points ----------------------------------------------------------------
def generate_sample(
    persona: str | Persona = "consultant",
    seed: int = 7,
    n_history: int = 2000,
    n_pending: int = 200,
) -> Sample:
    """Draw a labelled history and newer pending requests for one persona (name or Persona).

    Returns:
        The tables as they are written (text cells, None for unknown) and the truth:
        p_accept, the drawn decision (for pending too) and the archetype of every request.
    """
    chosen = persona if isinstance(persona, Persona) else get_persona(persona)
    if n_history < 1 or n_pending < 0:
        raise TriageError(f"sample sizes must be positive (got {n_history} and {n_pending})")
    rng = np.random.default_rng(seed)
    n = n_history + n_pending
    latent = _latent(rng, chosen, n)
    times = np.concatenate([
        _arrival_times(rng, n_history, HISTORY_START, PENDING_START),
        _arrival_times(rng, n_pending, PENDING_START, REFERENCE_END),
    ])  # fmt: skip
    cells = _render(rng, chosen, latent, times)
    _blank_unknowns(rng, cells, n)
    p_accept = true_probability(chosen, latent)
    accepted = rng.random(n) < p_accept
    decision = np.where(accepted, "accept", "ignore")

    ids = [f"r{i:07d}" for i in range(1, n + 1)]
    table = pd.DataFrame({"request_id": ids, **cells}, columns=list(REQUEST_COLUMNS), dtype=object)
    delay = np.exp(rng.normal(np.log(20 * 60), 1.2, n_history)).astype(np.int64)
    decided = np.minimum(
        times[:n_history] + np.maximum(delay, 1).astype("timedelta64[m]"),
        REFERENCE_END - np.timedelta64(1, "m"),
    )
    history = table.iloc[:n_history].reset_index(drop=True)
    history["decision"] = decision[:n_history]
    history["decided_at"] = _iso(decided)
    pending = table.iloc[n_history:].reset_index(drop=True)
    truth = pd.DataFrame({
        "request_id": ids,
        "split": ["history"] * n_history + ["pending"] * n_pending,
        "p_accept": np.round(p_accept, 6),
        "decision": decision,
        "archetype": latent["archetype"].to_numpy(),
    })  # fmt: skip
    return Sample(persona=chosen, history=history, pending=pending, truth=truth)


def _policy_text(persona: Persona) -> str:
    header = (
        f"# Synthetic persona {persona.name!r}: {persona.description}\n"
        "# Written by `linkedin-triage sample`; every person in this sample is invented.\n\n"
    )
    return header + policy_to_toml(persona.policy)


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    with atomic_path(path) as temporary:
        frame.to_csv(temporary, index=False, lineterminator="\n", float_format="%.6f")


def write_sample(
    out_dir: Path,
    seed: int = 7,
    persona: str = "consultant",
    n_history: int = 2000,
    n_pending: int = 200,
) -> list[Path]:
    """Write policy.toml, history.csv, pending.csv and truth.csv into `out_dir`.

    Returns:
        The paths written, in that order. Each file appears whole or not at all.
    """
    sample = generate_sample(persona, seed=seed, n_history=n_history, n_pending=n_pending)
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise TriageError(f"{out_dir}: exists and is not a folder")
    policy_path = out_dir / "policy.toml"
    with atomic_path(policy_path) as temporary:
        temporary.write_text(_policy_text(sample.persona), encoding="utf-8", newline="\n")
    written = [policy_path]
    for name, frame in (
        ("history", sample.history),
        ("pending", sample.pending),
        ("truth", sample.truth),
    ):
        path = out_dir / f"{name}.csv"
        _write_csv(frame, path)
        written.append(path)
    return written
