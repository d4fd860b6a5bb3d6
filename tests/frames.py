"""Small synthetic request tables with a known decision rule, for model-side tests.

Written as contract-shaped text (like a user's CSV) so tests go through the real reader.
Independent of linkedin_triage.sample on purpose: a second, simpler world.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from linkedin_triage.io import read_requests
from linkedin_triage.policy import Policy, policy_from_dict

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
