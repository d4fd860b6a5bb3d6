"""The value parsers of the data contract (section 1): every type rule, and never a crash."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkedin_triage.errors import TriageError
from linkedin_triage.sources import parsing
from linkedin_triage.sources.date_order import DateOrder


def cells(*values: str | None) -> pd.Series:
    """Raw cells as the reader hands them over: stripped text, missing as <NA>."""
    return pd.Series(list(values), dtype="string")


# -- counts ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected", "lower_bound"),
    [
        ("42", 42, False),
        ("0", 0, False),
        ("007", 7, False),
        ("1,234", 1234, False),
        ("1,234,567", 1_234_567, False),
        ("1.234", 1234, False),  # dotted thousands, no suffix
        ("1 234", 1234, False),
        ("1\u00a0234", 1234, False),
        ("1.2K", 1200, False),
        ("1.2k", 1200, False),
        ("12 K", 12_000, False),
        ("3M", 3_000_000, False),
        ("500+", 500, True),
        ("1K+", 1000, True),
        ("42.0", 42, False),
    ],
)
def test_count_forms(raw: str, expected: int, lower_bound: bool) -> None:
    value, bound, errors = parsing.parse_count(cells(raw))
    assert value[0] == expected
    assert bool(bound[0]) is lower_bound
    assert errors.isna().all()


@pytest.mark.parametrize(
    "raw", ["-3", "abc", "1.5", "+5", "1e3", "0x10", "1_000", "1.2.3", "½", "١٢٣", "٣K", "K", "+"]
)
def test_count_junk_is_an_error_never_a_number(raw: str) -> None:
    value, bound, errors = parsing.parse_count(cells(raw))
    assert np.isnan(value[0])
    assert not bound[0]
    assert errors[0] is not None and "whole number" in errors[0]


def test_count_empty_stays_unknown() -> None:
    value, bound, errors = parsing.parse_count(cells(None, "5", None))
    assert np.isnan(value[0]) and np.isnan(value[2])  # never 0
    assert value[1] == 5
    assert not bound.any()
    assert errors.isna().all()


def test_count_keeps_the_index() -> None:
    raw = pd.Series(["1", "x", None], index=[10, 20, 30], dtype="string")
    value, bound, errors = parsing.parse_count(raw)
    assert list(value.index) == list(bound.index) == list(errors.index) == [10, 20, 30]
    assert errors[20] is not None and errors[10] is None


# -- booleans --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", 1.0),
        ("TRUE", 1.0),
        ("True", 1.0),
        ("yes", 1.0),
        ("YES", 1.0),
        ("1", 1.0),
        ("false", 0.0),
        ("False", 0.0),
        ("no", 0.0),
        ("NO", 0.0),
        ("0", 0.0),
    ],
)
def test_booleans_in_any_case(raw: str, expected: float) -> None:
    result, errors = parsing.parse_bool(cells(raw))
    assert result[0] == expected
    assert errors[0] is None


@pytest.mark.parametrize("raw", ["maybe", "2", "truee", "-1", "oui", "✓"])
def test_boolean_junk_is_an_error(raw: str) -> None:
    result, errors = parsing.parse_bool(cells(raw))
    assert np.isnan(result[0])
    assert "boolean" in errors[0]


def test_boolean_empty_is_unknown_not_false() -> None:
    result, errors = parsing.parse_bool(cells(None))
    assert np.isnan(result[0])
    assert errors[0] is None


# -- dates -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-06-27T07:35:00Z", "2026-06-27 07:35:00"),
        ("2026-06-27T09:35:00+02:00", "2026-06-27 07:35:00"),  # converted to UTC
        ("2026-06-27T07:35:00", "2026-06-27 07:35:00"),  # no zone: taken as UTC
        ("2026-06-27 07:35", "2026-06-27 07:35:00"),
        ("2026-06-27", "2026-06-27 00:00:00"),
        ("6/27/26, 7:35 AM", "2026-06-27 07:35:00"),
        ("6/27/26, 7:35 PM", "2026-06-27 19:35:00"),
        ("6/27/26, 7:35\u202fAM", "2026-06-27 07:35:00"),  # macOS exports: narrow no-break space
        ("12/1/25, 12:05 AM", "2025-12-01 00:05:00"),
    ],
)
def test_datetime_formats(raw: str, expected: str) -> None:
    result, errors = parsing.parse_datetime(cells(raw))
    assert result[0] == pd.Timestamp(expected)
    assert errors[0] is None
    assert result.dtype == "datetime64[ns]"


@pytest.mark.parametrize("raw", ["2019-03", "Mar 2019", "March 2019", "03/2019"])
def test_joined_on_month_precision(raw: str) -> None:
    result, errors = parsing.parse_datetime(cells(raw))
    assert result[0] == pd.Timestamp("2019-03-01")
    assert errors[0] is None


@pytest.mark.parametrize("raw", ["someday", "2026-13-45", "31/31/31", "7:35 AM", "12/31/1600"])
def test_bad_dates_are_errors(raw: str) -> None:
    result, errors = parsing.parse_datetime(cells(raw))
    assert pd.isna(result[0])
    assert errors[0] is not None and "date" in errors[0]


def test_mixed_date_column_parses_each_cell_in_its_own_format() -> None:
    result, errors = parsing.parse_datetime(
        cells("6/27/26, 7:35 AM", None, "2026-06-28T08:00:00Z", "nope", "Jan 2020")
    )
    assert list(result.dt.day.fillna(0).astype(int)) == [27, 0, 28, 0, 1]
    assert errors[1] is None and errors[3] is not None


# -- lists, urls, decisions, text ------------------------------------------------------------
def test_lists_split_on_semicolons_and_trim() -> None:
    result, errors = parsing.parse_list(cells("Reply; Accenture", " a ;; b ; ", ";", None))
    assert result[0] == ("Reply", "Accenture")
    assert result[1] == ("a", "b")
    assert result[2] is None and result[3] is None
    assert errors.isna().all()


def test_url_is_percent_decoded_and_slugless_is_missing() -> None:
    result, _ = parsing.parse_url(
        cells(
            "https://www.linkedin.com/in/jos%C3%A9-p%C3%A9rez-0a1b2c/",
            "https://www.linkedin.com/in/ada-rossi",
            "https://www.linkedin.com/in/",
            "https://linkedin.com/in",
            None,
        )
    )
    assert result[0] == "https://www.linkedin.com/in/josé-pérez-0a1b2c"
    assert result[1] == "https://www.linkedin.com/in/ada-rossi"
    assert result[2] is None and result[3] is None and result[4] is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("accept", "accept"),
        ("Accepted", "accept"),
        ("yes", "accept"),
        ("TRUE", "accept"),
        ("1", "accept"),
        ("ignore", "ignore"),
        ("Ignored", "ignore"),
        ("reject", "ignore"),
        ("rejected", "ignore"),
        ("decline", "ignore"),
        ("Declined", "ignore"),
        ("no", "ignore"),
        ("false", "ignore"),
        ("0", "ignore"),
    ],
)
def test_decision_aliases(raw: str, expected: str) -> None:
    result, errors = parsing.parse_decision(cells(raw))
    assert result[0] == expected
    assert errors[0] is None


def test_decision_junk_is_an_error_and_empty_is_unlabelled() -> None:
    result, errors = parsing.parse_decision(cells("maybe", None))
    assert result[0] is None and "decision" in errors[0]
    assert result[1] is None and errors[1] is None


def test_text_missing_is_none_not_na() -> None:
    # pd.NA raises in `if value:`; None does not, so downstream code can test cells plainly.
    result, _ = parsing.parse_text(cells("hello", None))
    assert result.tolist() == ["hello", None]


def test_stable_request_id_is_stable_and_distinct() -> None:
    first = parsing.stable_request_id("Ada Rossi", "2026-06-27T07:35:00")
    again = parsing.stable_request_id("Ada Rossi", "2026-06-27T07:35:00")
    other_time = parsing.stable_request_id("Ada Rossi", "2026-06-27T07:36:00")
    other_name = parsing.stable_request_id("Ada Rosi", "2026-06-27T07:35:00")
    assert first == again
    assert len({first, other_time, other_name}) == 3
    assert re.fullmatch(r"h-[0-9a-f]{16}", first)


# -- properties: any text gives a value or a reason, never an exception ----------------------
NEAR_VALID = st.sampled_from(
    [
        "42",
        "1,234",
        "1.2K",
        "500+",
        "true",
        "No",
        "6/27/26, 7:35 AM",
        "2026-06-27T07:35:00Z",
        "2019-03",
        "Italy",
        "IT",
        "accepted",
        "declined",
        "0",
        "-1",
        " ",
        "\x00",
        "\u202e1",
    ]
)
ANY_TEXT = st.one_of(st.text(max_size=40), NEAR_VALID, st.text(min_size=300, max_size=2000))
COLUMN = st.lists(st.one_of(st.none(), ANY_TEXT), min_size=1, max_size=12)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VALUE_OR_REASON = {
    "count": lambda s: (parsing.parse_count(s)[0], parsing.parse_count(s)[2]),
    "bool": parsing.parse_bool,
    "datetime, day-first": lambda s: parsing.parse_datetime(s, DateOrder.DAY_FIRST),
    "datetime, month-first": lambda s: parsing.parse_datetime(s, DateOrder.MONTH_FIRST),
    "country": parsing.parse_country,
    "decision": parsing.parse_decision,
}


@SETTINGS
@given(values=COLUMN, kind=st.sampled_from(sorted(VALUE_OR_REASON)))
def test_checked_parsers_give_a_value_or_a_reason(values: list[str | None], kind: str) -> None:
    raw = cells(*values)
    result, errors = VALUE_OR_REASON[kind](raw)
    assert len(result) == len(errors) == len(raw)
    present = raw.notna().to_numpy()
    known = result.notna().to_numpy()
    has_reason = errors.notna().to_numpy()
    assert not (known & has_reason).any()  # a refused cell never also yields a value
    assert (known | has_reason)[present].all()  # nothing present becomes silently unknown
    assert not (known | has_reason)[~present].any()  # empty stays unknown, with no error


@SETTINGS
@given(values=COLUMN)
def test_a_date_column_is_read_or_refused_as_a_whole(values: list[str | None]) -> None:
    raw = cells(*values)
    try:
        result, errors = parsing.parse_datetime(raw, source="t.csv", column="received_at")
    except TriageError as error:  # both conventions, or no way to tell: the whole column
        assert str(error).startswith("t.csv: column 'received_at'")
        assert "--dayfirst" in str(error) and "--monthfirst" in str(error)
        return
    assert not (result.notna() & errors.notna()).any()
    assert (result.notna() | errors.notna())[raw.notna()].all()


@SETTINGS
@given(values=COLUMN)
def test_unchecked_parsers_never_raise(values: list[str | None]) -> None:
    raw = cells(*values)
    for parse in (parsing.parse_text, parsing.parse_url, parsing.parse_list):
        result, errors = parse(raw)
        assert len(result) == len(raw)
        assert errors.isna().all()
        assert result[raw.isna().to_numpy()].isna().all()
    lower_bound = parsing.parse_count(raw)[1]
    assert lower_bound.dtype == bool
    locations = parsing.countries_from_locations(raw)
    assert all(code is None or re.fullmatch(r"[A-Z]{2}", code) for code in locations)
