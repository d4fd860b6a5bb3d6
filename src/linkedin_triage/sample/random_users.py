"""A family of random users: random policies, hidden weights, accept rates and columns.

The sample's three personas (personas.py) are the users the learner was developed on; a
model tuned to them can still fail a user unlike them. A random user is drawn from a seed:

- a random `policy.toml` (industry, country, employers, schools, network size, interests,
  markets, competitors), written the way people write theirs: it names most of what they
  want, misses some of it and lists a wish or two they never act on;
- random hidden weights over the latent signals of latent.py: which signals matter, how
  much and in which direction (some users want engineers, some never do);
- an accept rate between 5% and 90%, reached by solving for the bias;
- a random set of present columns: some files have everything, many lack a block of the
  profile (the job fields, the network counts, a third-party tool's enrichment). A user
  drawn `sparse` has only what invitation emails and the invitations page show
  (`SPARSE_COLUMNS`): the benchmarks keep those users apart, since what such rows cannot
  carry is measured against its own ceiling (benchmarks/user_family.py).

Fakes come in three kinds: the sample's own (scam notes, odd names, few connections), an
"empty executive" (a bare `CTO` headline, no employer, an empty profile, a photo and 500+
connections: the article's first "no"), and a farm that sends the same About text or note
from several profiles within a few days. The last two are rendered here, on top of the
sample's fake rows, so the sample itself is unchanged.

Like the rest of `sample/`, nothing here reads the signals or the learner: the truth is
written with the sample's latent traits, not with the features that try to recover it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from linkedin_triage.policy import Policy, policy_from_dict
from linkedin_triage.sample.latent import _latent, true_probability
from linkedin_triage.sample.personas import ARCHETYPES, PERSONAS, Persona
from linkedin_triage.sample.vocabulary import (
    COUNTRIES,
    FUNCTIONS,
    INDUSTRIES,
    INDUSTRY_NAMES,
    SCHOOLS,
)

# What an invitation email or the invitations page shows (ledger-and-sources.md): the rest
# of a profile is unknown unless the user enriches it.
SPARSE_COLUMNS = (
    "request_id", "name", "received_at", "message", "profile_url", "headline", "location",
    "mutual_connections",
)  # fmt: skip
# Blocks of columns that come and go together in real files: a scraper's profile block, the
# enrichment block of a third-party tool, the structured job fields.
JOB_COLUMNS = ("title", "company", "industry")
PROFILE_COLUMNS = ("connections", "has_photo", "country")
ENRICHMENT_COLUMNS = (
    "followers", "verified", "joined_on", "about", "experience_count", "education_count",
    "skills_count", "recommendations_count", "past_companies", "schools",
)  # fmt: skip
ALWAYS = ("request_id", "name", "received_at")
ACCEPT_RATES = (0.05, 0.90)

# Title keywords a user writes for each function they want (the policy's `titles`).
TITLE_WORDS = {
    "engineering": ("Engineer", "Developer", "CTO", "Head of Engineering"),
    "data": ("Data Scientist", "Data", "Chief Data Officer"),
    "devops": ("DevOps", "SRE", "Platform"),
    "it": ("CIO", "Head of IT", "IT Manager"),
    "consulting": ("Consultant", "Partner"),
    "sales": ("Sales", "Account Executive"),
    "bizdev": ("Business Development",),
    "marketing": ("Marketing", "CMO"),
    "recruiting": ("Recruiter", "Talent Acquisition"),
    "procurement": ("Procurement", "Buyer"),
    "finance": ("CFO", "Finance", "Controller"),
    "operations": ("Operations", "COO"),
    "health": ("Nurse", "Doctor"),
    "academic": ("Professor", "Researcher"),
    "founder": ("Founder", "CEO"),
}
# Invented rivals, outside every employer pool of the vocabulary: a pool name would make
# ordinary people from that industry "competitors" that no latent trait knows about.
RIVALS = (
    "Quorvane Partners", "Meltrix Group", "Sabrecourt Consulting", "Velloria Systems",
    "Tandrel AG", "Ostrava Digitale S.r.l.", "Brightmoor Analytics", "Kelvaro Solutions",
)  # fmt: skip
EVENTS = (
    "the regional industry forum", "the annual partner summit", "a customer workshop",
    "the alumni evening", "a meetup downtown",
)  # fmt: skip
EMPTY_EXECUTIVE_TITLES = ("CTO", "CEO", "Founder", "Managing Director", "CFO", "Director")
FARM_ABOUTS = (
    "Experienced professional passionate about growth, leadership and new opportunities. "
    "Let's connect and grow together.",
    "Dedicated investor and entrepreneur. I believe in honesty, hard work and helping "
    "others succeed in business.",
)
FARM_NOTES = (
    "Hello, I came across your profile and I am impressed. I would like to discuss a "
    "business proposal with you.",
    "Hi, I am new here and looking for like-minded people to share ideas and opportunities.",
)

# The latent signals a hidden weight may use, by how a user tends to weigh them:
# (signal, chance it matters, low, high). A negative range is a penalty; a range across 0
# means users differ in direction (some want engineers, some never do).
WEIGHT_RANGES = (
    ("mutuals_log", 0.85, 0.1, 0.7),
    ("many_mutuals", 0.3, 0.0, 0.8),
    ("shared_employer", 0.8, 0.3, 2.0),
    ("shared_school", 0.7, 0.2, 1.6),
    ("interest_industry", 0.7, 0.2, 1.5),
    ("interest_title", 0.7, 0.3, 2.0),
    ("same_industry", 0.5, -0.6, 0.9),
    ("seniority", 0.5, -0.5, 1.2),
    ("same_country", 0.4, 0.0, 0.8),
    ("in_market", 0.6, 0.0, 1.0),
    ("other_continent", 0.6, -1.2, 0.2),
    ("no_photo", 0.6, -0.8, 0.0),
    ("big_networker", 0.4, -0.8, 0.7),
    ("competitor", 0.7, -2.0, 0.2),
    ("competitor_many_mutuals", 0.3, 0.0, 2.0),
    ("salesperson", 0.6, -1.6, 0.3),
    ("student", 0.5, -1.0, 0.5),
    ("engineer", 0.4, -1.5, 2.0),
    ("engineer_senior", 0.25, -0.5, 1.0),
    ("note_personal", 0.8, 0.3, 1.3),
    ("note_generic", 0.4, -0.3, 0.4),
    ("note_sales", 0.7, -1.5, 0.0),
    ("note_recruiter", 0.6, -1.2, 0.3),
    ("note_scam", 0.95, -2.5, -0.8),
    ("fake", 1.0, -4.0, -2.0),
)


@dataclass(frozen=True)
class RandomUser:
    """One drawn user: the persona the sample renders, its target accept rate and columns."""

    seed: int
    persona: Persona
    accept_rate: float  # the target the bias was solved for
    columns: tuple[str, ...]  # the request columns their files hold
    sparse: bool  # only what invitation emails and the invitations page show

    def describe(self) -> str:
        """One line for benchmark tables: accept rate, columns, the strongest weights."""
        top = sorted(
            ((k, v) for k, v in self.persona.weights.items() if k != "bias"),
            key=lambda kv: -abs(kv[1]),
        )[:4]
        weights = ", ".join(f"{k} {v:+.1f}" for k, v in top)
        kind = "sparse rows" if self.sparse else f"{len(self.columns)} columns"
        return f"accepts {self.accept_rate:.0%}; {kind}; {weights}"


def _pick(rng: np.random.Generator, options: tuple[str, ...] | list[str], k: int) -> list[str]:
    k = min(k, len(options))
    return [options[i] for i in rng.choice(len(options), size=k, replace=False)]


def _base_shares() -> np.ndarray:
    shares = np.array([[p.archetype_shares[a] for a in ARCHETYPES] for p in PERSONAS.values()])
    return shares.mean(axis=0)


def _policy(rng: np.random.Generator, wanted: list[str]) -> tuple[Policy, dict[str, object]]:
    """A random policy.toml; `wanted` are the functions the user truly wants."""
    codes = list(COUNTRIES)
    weights = np.array([COUNTRIES[c].weight for c in codes])
    country = str(rng.choice(codes, p=weights / weights.sum()))
    place = COUNTRIES[country]
    industry = str(rng.choice(INDUSTRY_NAMES))
    pool = INDUSTRIES[industry][2]
    other = INDUSTRIES[str(rng.choice(INDUSTRY_NAMES))][2]
    companies = list(
        dict.fromkeys(_pick(rng, pool, 1) + _pick(rng, other, int(rng.integers(0, 2))))
    )
    schools = _pick(rng, SCHOOLS.get(country, SCHOOLS["other"]), int(rng.integers(1, 3)))
    others = [c for c in codes if c != country and COUNTRIES[c].continent == place.continent]
    markets = [country, *_pick(rng, others, int(rng.integers(0, 4)))]
    if rng.random() < 0.2:
        markets += _pick(rng, [c for c in codes if c not in markets], 1)
    interests = _pick(rng, [i for i in INDUSTRY_NAMES if i != industry], int(rng.integers(0, 5)))
    # People name most of what they want, miss some of it, and list a wish or two.
    named = [f for f in wanted if rng.random() < 0.8]
    if rng.random() < 0.3:
        named += _pick(rng, [f for f in TITLE_WORDS if f not in wanted], 1)
    titles = [w for f in named for w in _pick(rng, TITLE_WORDS[f], int(rng.integers(1, 3)))]
    connections = None if rng.random() < 0.1 else int(np.exp(rng.uniform(np.log(60), np.log(9000))))
    me: dict[str, object] = {
        "name": f"{rng.choice(['Alex', 'Sam', 'Robin', 'Kim', 'Noa'])} Example",
        "industry": industry,
        "country": country,
        "city": place.cities[0][0],
        "companies": companies,
        "schools": schools,
    }
    if connections is not None:
        me["connections"] = connections
    data = {
        "me": me,
        "interests": {
            "industries": interests,
            "titles": titles,
            "markets": markets,
            "competitors": _pick(rng, RIVALS, int(rng.integers(0, 3))),
        },
        "decisions": {"target_precision": float(rng.choice([0.9, 0.95, 0.97]))},
    }
    return policy_from_dict(data, source="random user"), data


def _weights(rng: np.random.Generator) -> dict[str, float]:
    weights = {}
    for name, chance, low, high in WEIGHT_RANGES:
        if rng.random() < chance:
            weights[name] = round(float(rng.uniform(low, high)), 2)
    return weights


def _columns(rng: np.random.Generator, sparse: bool) -> tuple[str, ...]:
    if sparse:
        extra = ("country",) if rng.random() < 0.3 else ()
        return (*SPARSE_COLUMNS, *extra)
    present = [c for c in SPARSE_COLUMNS if c in ALWAYS or rng.random() < 0.95]
    for block, chance in ((JOB_COLUMNS, 0.75), (PROFILE_COLUMNS, 0.75), (ENRICHMENT_COLUMNS, 0.6)):
        if rng.random() < chance:
            present += [c for c in block if rng.random() < 0.9]
    return tuple(present)


def _solve_bias(persona: Persona, rate: float, seed: int) -> float:
    """The bias whose mean true p_accept over a large draw of requests is `rate`."""
    latent = _latent(np.random.default_rng(seed), persona, 6000)
    low, high = -12.0, 12.0
    for _ in range(50):
        middle = (low + high) / 2
        trial = replace(persona, weights={**persona.weights, "bias": middle})
        if true_probability(trial, latent).mean() < rate:
            low = middle
        else:
            high = middle
    return round((low + high) / 2, 4)


def random_user(seed: int, sparse: bool = False) -> RandomUser:
    """The user drawn from `seed` (same seed, same user); `sparse`: emails and page only."""
    rng = np.random.default_rng([seed, 7919])
    functions = tuple(FUNCTIONS)
    wanted = _pick(rng, functions, int(rng.integers(0, 4)))
    policy, _ = _policy(rng, wanted)
    shares = rng.dirichlet(_base_shares() * 12.0)
    fake = ARCHETYPES.index("fake")
    fake_share = float(np.clip(shares[fake], 0.03, 0.12))
    shares[fake] = 0.0
    shares *= (1.0 - fake_share) / shares.sum()
    shares[fake] = fake_share
    home = INDUSTRIES[policy.me.industry][1]
    language = {"IT": "it", "CH": "de", "DE": "de", "AT": "de", "ES": "es", "MX": "es"}
    persona = Persona(
        name=f"user-{seed}",
        description="a random user (sample/random_users.py)",
        policy=policy,
        archetype_shares=dict(zip(ARCHETYPES, shares.tolist(), strict=True)),
        weights=_weights(rng),
        home_functions=tuple(home),
        interest_functions=tuple((f, int(rng.integers(0, 4))) for f in wanted),
        prospect_geo=tuple(rng.dirichlet(np.ones(5)).round(3).tolist()),
        events=EVENTS,
        language=language.get(policy.me.country, str(rng.choice(["it", "de", "es"]))),
        pitch_role=str(FUNCTIONS[str(rng.choice(home))][2]),
    )
    rate = float(rng.uniform(*ACCEPT_RATES))
    persona = replace(
        persona, weights={**persona.weights, "bias": _solve_bias(persona, rate, seed)}
    )
    return RandomUser(seed, persona, rate, _columns(rng, sparse), sparse)


# -- the tables, with the fakes this family adds -------------------------------------------------
def _empty_executives(rng: np.random.Generator, table: pd.DataFrame, rows: np.ndarray) -> None:
    """The article's first "no": a bare executive title, no employer, an empty profile."""
    for i in rows:
        title = str(rng.choice(EMPTY_EXECUTIVE_TITLES))
        table.loc[i, ["headline", "title"]] = title
        table.loc[i, ["company", "past_companies", "schools", "about"]] = None
        table.loc[i, ["experience_count", "skills_count", "education_count"]] = "0"
        table.loc[i, ["recommendations_count", "mutual_connections"]] = "0"
        table.loc[i, ["has_photo", "connections"]] = ("true", "500+")
        table.loc[i, "followers"] = str(int(rng.integers(0, 40)))
        if rng.random() < 0.5:
            table.loc[i, "name"] = str(table.loc[i, "name"]).split()[0].lower()


def _farm(rng: np.random.Generator, table: pd.DataFrame, rows: np.ndarray) -> None:
    """A farm: fake profiles sending within three days of the first, one About and note."""
    about, note = str(rng.choice(FARM_ABOUTS)), str(rng.choice(FARM_NOTES))
    first = pd.Timestamp(table.loc[rows[0], "received_at"])
    for i in rows:
        table.loc[i, "about"] = about
        table.loc[i, "message"] = note if rng.random() < 0.7 else None
        # Earlier than its own time, never before the first: the split into history and
        # pending (by time) keeps every row on its side.
        sent = min(
            pd.Timestamp(table.loc[i, "received_at"]),
            first + pd.Timedelta(hours=float(rng.uniform(0, 72))),
        )
        table.loc[i, "received_at"] = sent.strftime("%Y-%m-%dT%H:%M:%S")


def add_family_fakes(
    table: pd.DataFrame, archetype: np.ndarray, seed: int, n_history: int
) -> pd.DataFrame:
    """A third of the sample's fakes become empty executives, a third join farms of 3-6."""
    rng = np.random.default_rng([seed, 104729])
    table = table.copy()
    fakes = np.flatnonzero(archetype == "fake")
    kind = rng.choice(3, size=len(fakes))
    _empty_executives(rng, table, fakes[kind == 1])
    farmed = fakes[kind == 2]
    for side in (farmed[farmed < n_history], farmed[farmed >= n_history]):
        start = 0
        while start < len(side):
            size = int(rng.integers(3, 7))
            _farm(rng, table, side[start : start + size])
            start += size
    return table


@dataclass
class UserSample:
    """A random user's tables (only their columns) and the hidden truth of every row."""

    user: RandomUser
    history: pd.DataFrame  # labelled, oldest first, the user's columns + decision, decided_at
    pending: pd.DataFrame
    truth: pd.DataFrame  # request_id, split, p_accept, decision, archetype


def generate_user_sample(
    user: RandomUser, seed: int, n_history: int, n_pending: int = 0
) -> UserSample:
    """Draw `n_history` labelled and `n_pending` newer requests for a random user."""
    from linkedin_triage.sample import generate_sample

    sample = generate_sample(user.persona, seed=seed, n_history=n_history, n_pending=n_pending)
    archetype = sample.truth["archetype"].to_numpy()
    both = pd.concat([sample.history, sample.pending], ignore_index=True)
    both = add_family_fakes(both, archetype, seed, n_history)
    keep = list(user.columns)
    history = both.iloc[:n_history][[*keep, "decision", "decided_at"]].reset_index(drop=True)
    pending = both.iloc[n_history:][keep].reset_index(drop=True)
    return UserSample(user, history, pending, sample.truth)
