"""Signals and their values in words, for tables and plots a person reads.

`mutual_connections_log 0.693` means nothing to someone deciding whom to accept; "mutual
connections: 1" does. Plots never show a raw name or `nan`: an unknown value is "unknown".
"""

from __future__ import annotations

import math

from linkedin_triage.explaining.contributions import RULE_PREFIX
from linkedin_triage.explaining.reasons import ABSENT

# Signals kept on a log scale for the model, shown as the count they stand for.
LOG_COUNTS = {
    "mutual_connections_log": "mutual connections",
    "connections_log": "their connections",
    "followers_log": "their followers",
    "bridge_reach_log": "new 2nd-degree contacts they bring",
}
LABELS = {
    "rules_score": "your hand-written rules' score",
    "my_network_below_critical_mass": "your network below critical mass",
    "title_matches_interests": "role you look for",
    "function_matches_interests": "function you look for",
    "senior_in_role_i_want": "senior in a role you look for",
    "industry_is_mine": "your own industry",
    "industry_in_interests": "industry of interest to you",
    "country_in_markets": "in one of your markets",
    "remote_and_unrelated": "remote and unrelated",
    "connections_500_plus": "500+ connections",
    "account_age_days": "account age (days)",
    "note_length": "note length (characters)",
    "is_engineer": "in engineering, data or IT",
    "is_sales": "in sales",
    "is_recruiter": "a recruiter",
    "fake_score": "fake-profile score",
    "(base value)": "starting point (your accept rate)",
    "(calibration)": "calibration",
}
SENIORITY = {
    0: "student or intern",
    1: "individual contributor",
    2: "manager or director",
    3: "C-level, founder or partner",
}


def feature_label(name: str) -> str:
    """`mutual_connections_log` -> `mutual connections`; a rule keeps its name after `rule:`."""
    if name.startswith(RULE_PREFIX):
        return f"rule {name.removeprefix(RULE_PREFIX).replace('_', ' ')}"
    if name in LOG_COUNTS:
        return LOG_COUNTS[name]
    return LABELS.get(name, name.replace("_", " "))


def feature_value(name: str, value: float | None) -> str:
    """A signal's value as a person reads it: counts, yes/no, levels; `unknown`, never `nan`."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "unknown"
    if name in LOG_COUNTS:
        return f"{round(math.expm1(value)):,}"
    if name == "seniority" and int(value) in SENIORITY and value == int(value):
        return SENIORITY[int(value)]
    if value in (0.0, 1.0) and name in ABSENT:  # the yes/no signals
        return "yes" if value == 1.0 else "no"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:.2f}"


def feature_text(name: str, value: float | None) -> str:
    """`mutual connections: 1` (or just the label for rows without a value)."""
    if name.startswith("(") or name.startswith(RULE_PREFIX):
        return feature_label(name)
    return f"{feature_label(name)}: {feature_value(name, value)}"
