"""The work counters of tests/work_counting.py catch what they are there to catch.

The linear-time tests (test_hostile_input.py and others) pass because the code is linear;
these show they would fail if it were not: a quadratic Python loop, a backtracking regex.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from work_counting import (
    assert_linear_growth,
    backtracking_regexes,
    linear_in_python_re,
    python_lines,
    python_regexes,
)

SIZES = (100, 2_000, 8_000)


@pytest.mark.parametrize(
    ("pattern", "linear"),
    [
        (r"[^0-9a-z]+", True),
        (r"\s+", True),
        (r"[?#]", True),
        (r"x", True),
        (r"a+b", False),  # from every `a` of `aaaa...` it scans the rest of the run
        (r"(a+)+$", False),
        (r"^[a-z]+://", False),
        (r"(a|ab)*c", False),
    ],
)
def test_linear_in_python_re_accepts_only_one_repeated_character_class(
    pattern: str, linear: bool
) -> None:
    assert linear_in_python_re(pattern) is linear


def _quadratic(text: str) -> int:
    return sum(1 for i in range(len(text) // 50) for _ in range(i))


def _linear(text: str) -> int:
    return sum(1 for _ in text)


def test_linear_growth_passes_linear_python_and_fails_quadratic_python() -> None:
    texts = {size: "a" * size for size in SIZES}
    assert_linear_growth(lambda n: python_lines(lambda: _linear(texts[n])), SIZES, "linear")
    with pytest.raises(AssertionError, match="quadratic"):
        assert_linear_growth(
            lambda n: python_lines(lambda: _quadratic(texts[n])), SIZES, "quadratic"
        )


def test_python_lines_counts_exactly() -> None:
    assert python_lines(lambda: _linear("a" * 1000)) == python_lines(lambda: _linear("b" * 1000))
    assert python_lines(lambda: _linear("a" * 2000)) > python_lines(lambda: _linear("a" * 1000))


def test_regexes_run_by_pythons_engine_from_this_test_are_not_seen_but_pandas_fallback_is() -> None:
    # Only the package's code and pandas' string methods hand cell text to `re`.
    assert python_regexes(lambda: re.search(r"a+b", "aaa")) == set()
    text = pd.Series(["aaaa", None], dtype=object)
    seen = python_regexes(lambda: text.str.contains(r"(?:a|aa)+b", regex=True))
    assert seen == {r"(?:a|aa)+b"}
    assert backtracking_regexes(lambda: text.str.contains(r"(?:a|aa)+b", regex=True)) == [
        r"(?:a|aa)+b"
    ]


def test_the_packages_own_python_regexes_are_seen() -> None:
    from linkedin_triage.signals.company_names import company_tokens

    assert python_regexes(lambda: company_tokens("Capgemini S.p.A.")) == {"[^0-9a-z]+"}
