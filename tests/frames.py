"""Small synthetic request tables with a known decision rule, for model-side tests.

Written as contract-shaped text (like a user's CSV) so tests go through the real reader.
Independent of linkedin_triage.sample on purpose: a second, simpler world.
"""

from __future__ import annotations

import csv
import importlib.util
import itertools
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd

from linkedin_triage.policy import Policy, policy_from_dict
from linkedin_triage.sources import contract
from linkedin_triage.sources.requests_reader import read_requests

POLICY = {
    "me": {
        "name": "Giulia Conti",
        "industry": "IT Services and IT Consulting",
        "country": "IT",
        "city": "Milan",
        "companies": ["Reply"],
        "schools": ["Politecnico di Milano"],
        "connections": 240,
    },
    "interests": {
        "industries": ["Banking", "Retail"],
        "titles": ["CTO", "Head of IT"],
        "markets": ["IT", "DE"],
        "competitors": ["Capgemini"],
    },
}
# The data contract's example user, as the feature and rule tests know her: two employers,
# a school, and a network below the default critical mass of 300.
CONTRACT_POLICY_DATA: dict[str, dict[str, object]] = {
    "me": {
        "name": "Giulia Conti",
        "industry": "IT Services and IT Consulting",
        "country": "IT",
        "city": "Milan",
        "companies": ["Reply", "Accenture"],
        "schools": ["Bocconi"],
        "connections": 240,
    },
    "interests": {
        "industries": ["Manufacturing", "Retail", "Banking"],
        "titles": ["CTO", "Engineer", "Head of IT", "Founder"],
        "markets": ["IT", "CH", "DE", "FR"],
        "competitors": ["CAPGEMINI", "Deloitte"],
    },
}
INDUSTRIES = ["IT Services and IT Consulting", "Banking", "Retail", "Real Estate", "Farming"]
COUNTRIES = ["IT", "DE", "FR", "NG", "US"]
TITLES = ["CTO", "Software Engineer", "Sales Manager", "Student", "Head of IT"]
COMPANIES = ["Reply", "Capgemini", "Acme Corp", "Globex", "Initech"]


def policy() -> Policy:
    return policy_from_dict(POLICY)


def true_probability(table: pd.DataFrame) -> np.ndarray:
    """The hidden decision rule: monotone in mutual connections, likes interests and markets."""
    mutuals = table["mutual_connections"].astype(float)
    z = (
        -1.2
        + 0.9 * np.log1p(mutuals)
        + 1.3 * table["industry"].isin(["Banking", "Retail"])
        + 1.0 * table["country"].isin(["IT", "DE"])
        - 2.0 * (table["has_photo"] == "false")
        + 1.5 * (table["company"] == "Reply")
        - 1.0 * (table["company"] == "Capgemini")
    )
    return 1.0 / (1.0 + np.exp(-z.to_numpy(float)))


def requests_table(
    n: int, seed: int = 0, start: str = "2025-01-01", labelled: bool = True
) -> pd.DataFrame:
    """`n` requests as contract text columns, oldest first; labels drawn from true_probability."""
    rng = np.random.default_rng(seed)
    received = pd.Timestamp(start) + pd.to_timedelta(
        np.sort(rng.integers(0, 600 * 24, n)), unit="h"
    )
    joined = received - pd.to_timedelta(rng.integers(20, 4000, n), unit="D")
    table = pd.DataFrame(
        {
            "request_id": [f"s{seed}-{i:05d}" for i in range(n)],
            "name": [f"Alex Example{'abcdefghij'[i % 10]}" for i in range(n)],
            "received_at": received.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "message": rng.choice(
                [
                    "",
                    "Hi Giulia, we met at the Milan summit",
                    "Our services boost your ROI",
                    "Hello",
                ],
                n,
            ),
            "profile_url": [f"https://www.linkedin.com/in/alex-{seed}-{i}" for i in range(n)],
            "title": rng.choice(TITLES, n),
            "company": rng.choice(COMPANIES, n),
            "industry": rng.choice(INDUSTRIES, n),
            "country": rng.choice(COUNTRIES, n),
            "mutual_connections": rng.poisson(rng.choice([0.5, 4.0, 25.0], n))
            .astype(int)
            .astype(str),
            "connections": rng.integers(5, 900, n).astype(str),
            "has_photo": np.where(rng.random(n) < 0.85, "true", "false"),
            "joined_on": joined.strftime("%Y-%m-%d"),
        }
    )
    table.loc[table["connections"].astype(int) >= 500, "connections"] = "500+"
    if labelled:
        p = true_probability(table)
        table["decision"] = np.where(rng.random(n) < p, "accept", "ignore")
    return table


def write_table(table: pd.DataFrame, path: Path) -> Path:
    table.to_csv(path, index=False)
    return path


def normalised(table: pd.DataFrame, tmp_path: Path, name: str = "t.csv") -> pd.DataFrame:
    """The table as the reader normalises it (asserting nothing was rejected)."""
    result = read_requests(write_table(table, tmp_path / name))
    assert not result.rejects, result.rejects[:3]
    return result.frame


# -- hand-made rows and shared fixtures of the signal, rule and hostile-input tests -------------
INPUT_ORDER = tuple(c.name for c in contract.COLUMNS)
_file_numbers = itertools.count()


def write_rows(
    folder: Path, rows: Sequence[Mapping[str, object]], extra: Sequence[str] = ()
) -> Path:
    """A CSV of `rows` (raw cells; None or absent = empty) with ids r0, r1, ...

    Contract columns come in contract order, then `extra`, then any other key.
    """
    filled = [{"request_id": f"r{i}", **row} for i, row in enumerate(rows)]
    header = [c for c in INPUT_ORDER if any(c in row for row in filled)] + list(extra)
    header += sorted({k for row in filled for k in row} - set(header))
    path = folder / f"requests-{next(_file_numbers)}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in filled:
            writer.writerow(["" if row.get(c) is None else row[c] for c in header])
    return path


BAD_CASES = Path(__file__).parent / "fixtures" / "bad"


def load_make_cases() -> ModuleType:
    """tests/fixtures/bad/make_cases.py, the generator of the large and binary bad inputs."""
    spec = importlib.util.spec_from_file_location("make_cases", BAD_CASES / "make_cases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def small_model_dir(folder: Path) -> Path:
    """A small trained model folder (logistic, fitted in-process: faster than `train`)."""
    from linkedin_triage.learning.triage_model import fit_model
    from linkedin_triage.storage.model_saving import save_bundle

    frame = normalised(requests_table(240, seed=21), folder, "history.csv")
    model, _ = fit_model(frame, policy(), seed=0, candidates=("logistic_strong",))
    assert model.mode == "model"
    return save_bundle(folder / "m", model, policy(), {"mode": model.mode})
