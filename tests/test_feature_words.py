"""Signals in words: no raw feature names or `nan` where a person reads."""

from __future__ import annotations

import math

import pytest

from linkedin_triage.explaining.feature_words import feature_label, feature_text, feature_value
from linkedin_triage.signals.features import FEATURE_NAMES


@pytest.mark.parametrize(
    ("name", "value", "text"),
    [
        ("mutual_connections_log", math.log1p(1), "mutual connections: 1"),
        ("mutual_connections_log", math.log1p(2400), "mutual connections: 2,400"),
        ("skills_count", float("nan"), "skills count: unknown"),
        ("title_matches_interests", 1.0, "role you look for: yes"),
        ("is_competitor", 0.0, "is competitor: no"),
        ("seniority", 3.0, "seniority: C-level, founder or partner"),
        ("fake_score", 0.4567, "fake-profile score: 0.46"),
        ("(base value)", -0.2, "starting point (your accept rate)"),
        ("rule: looks_fake", 1.0, "rule looks fake"),
    ],
)
def test_signals_read_as_words(name, value, text):
    assert feature_text(name, value) == text


def test_no_signal_is_shown_by_its_raw_name_or_as_nan():
    for name in FEATURE_NAMES:
        assert "_" not in feature_label(name), name
        assert feature_value(name, float("nan")) == "unknown"
