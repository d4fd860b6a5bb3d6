"""Country names, codes and LinkedIn locations -> ISO 3166-1 alpha-2."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkedin_triage.countries import country_from_location, to_iso2


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("IT", "IT"),
        ("it", "IT"),
        (" DE ", "DE"),
        ("ITA", "IT"),
        ("Italy", "IT"),
        ("italy", "IT"),
        ("Germany", "DE"),
        ("United States", "US"),
        ("USA", "US"),
        ("United Kingdom", "GB"),
        ("UK", "GB"),
        ("England", "GB"),
        ("The Netherlands", "NL"),
        ("South Korea", "KR"),
        ("Türkiye", "TR"),
        ("Czech Republic", "CZ"),
        ("Switzerland", "CH"),
    ],
)
def test_codes_and_english_names(value: str, code: str) -> None:
    assert to_iso2(value) == code


@pytest.mark.parametrize("value", ["", "  ", "Narnia", "Lombardy", "Europe", "XX", "I T"])
def test_unknown_countries_are_none(value: str) -> None:
    assert to_iso2(value) is None


@pytest.mark.parametrize(
    ("location", "code"),
    [
        ("Milan, Lombardy, Italy", "IT"),
        ("Italy", "IT"),
        ("Berlin, Germany", "DE"),
        ("Paris, Île-de-France, France", "FR"),
        ("Austin, Texas, United States", "US"),
        ("London Area, United Kingdom", "GB"),
        ("Greater Milan Metropolitan Area", "IT"),
        ("Greater Munich Metropolitan Area", "DE"),
        ("San Francisco Bay Area", "US"),
        ("New York City Metropolitan Area", "US"),
        ("Greater Zurich Area", "CH"),
        ("São Paulo, Brazil", "BR"),
    ],
)
def test_country_from_location(location: str, code: str) -> None:
    assert country_from_location(location) == code


@pytest.mark.parametrize(
    ("location", "code"),
    [
        # LinkedIn shows locations in the viewer's interface language.
        ("Milano, Lombardia, Italia", "IT"),
        ("München, Bayern, Deutschland", "DE"),
        ("Madrid, Comunidad de Madrid, España", "ES"),
        ("Zürich, Schweiz", "CH"),
        ("Genève, Suisse", "CH"),
        ("Amsterdam, Noord-Holland, Nederland", "NL"),
        ("Bruxelles, Région de Bruxelles-Capitale, Belgique", "BE"),
        ("Wien, Österreich", "AT"),
        ("Warszawa, Mazowieckie, Polska", "PL"),
        ("Praha, Česko", "CZ"),
        ("New York, Stati Uniti", "US"),
        ("Londres, Reino Unido", "GB"),
        ("Ciudad de México, México", "MX"),
        ("Área metropolitana de Madrid", "ES"),
        ("Area metropolitana di Milano", "IT"),
        ("Milano e dintorni", "IT"),
        ("Metropolregion München", "DE"),
        ("Paris et périphérie", "FR"),
        ("Lisboa e arredores", "PT"),
    ],
)
def test_country_from_location_in_other_languages(location: str, code: str) -> None:
    assert country_from_location(location) == code


def test_english_names_win_over_local_ones() -> None:
    # Local names are a fallback only: English and ISO codes decide first.
    assert to_iso2("Georgia") == "GE" and to_iso2("Niger") == "NE" and to_iso2("India") == "IN"


@pytest.mark.parametrize("location", ["", "Lombardy", "Somewhere Else", "Remote", ", ,"])
def test_location_without_a_country_is_none(location: str) -> None:
    assert country_from_location(location) is None


def test_short_lower_case_location_parts_are_not_country_codes() -> None:
    # "in" or "it" inside a free-text location must not read as India or Italy.
    assert country_from_location("working in it") is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_any_text_gives_a_code_or_none(text: str) -> None:
    for result in (to_iso2(text), country_from_location(text)):
        assert result is None or re.fullmatch(r"[A-Z]{2}", result)


@pytest.mark.parametrize(
    ("location", "code"),
    [
        # US addresses as CRMs and scrapers write them, without the country
        ("Austin, TX", "US"),
        ("Austin, Texas", "US"),
        ("Seattle, WA", "US"),
        ("Paris, TX", "US"),
        ("Washington, DC", "US"),
        ("Boston, MA", "US"),  # MA is Massachusetts or Morocco: the known city settles it
        ("San Francisco, CA", None),  # California or Canada, and no known city: no guess
        ("Wilmington, DE", None),  # Delaware or Germany
        ("Berlin, DE", "DE"),
        ("San Francisco, CA, USA", "US"),
        ("Tbilisi, Georgia", "GE"),  # a state name that is also a country's stays the country
        ("Milan, IT", "IT"),  # not a state code: the country code as before
    ],
)
def test_us_states_without_the_country(location: str, code: str | None) -> None:
    assert country_from_location(location) == code
