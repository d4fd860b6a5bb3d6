"""Country names and locations to ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

import re
from functools import lru_cache

# Names people and LinkedIn use that pycountry's lookup does not know.
_ALIASES = {
    "uk": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "great britain": "GB",
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "america": "US",
    "russia": "RU",
    "south korea": "KR",
    "korea": "KR",
    "north korea": "KP",
    "iran": "IR",
    "vietnam": "VN",
    "syria": "SY",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "czech republic": "CZ",
    "turkey": "TR",
    "türkiye": "TR",
    "taiwan": "TW",
    "hong kong sar": "HK",
    "macau": "MO",
    "ivory coast": "CI",
    "cape verde": "CV",
    "the netherlands": "NL",
    "holland": "NL",
    "uae": "AE",
    "kosovo": "XK",
    "palestine": "PS",
    "brunei": "BN",
    "micronesia": "FM",
    "swaziland": "SZ",
    "burma": "MM",
    "macedonia": "MK",
    "vatican": "VA",
}

# LinkedIn metro areas that carry no country part ("Greater Milan Metropolitan Area").
_METROS = {
    "milan": "IT",
    "rome": "IT",
    "turin": "IT",
    "london": "GB",
    "manchester": "GB",
    "paris": "FR",
    "lyon": "FR",
    "berlin": "DE",
    "munich": "DE",
    "hamburg": "DE",
    "frankfurt": "DE",
    "madrid": "ES",
    "barcelona": "ES",
    "zurich": "CH",
    "geneva": "CH",
    "amsterdam": "NL",
    "brussels": "BE",
    "vienna": "AT",
    "stockholm": "SE",
    "copenhagen": "DK",
    "oslo": "NO",
    "helsinki": "FI",
    "dublin": "IE",
    "lisbon": "PT",
    "warsaw": "PL",
    "new york": "US",
    "new york city": "US",
    "san francisco bay": "US",
    "los angeles": "US",
    "chicago": "US",
    "boston": "US",
    "seattle": "US",
    "austin": "US",
    "dallas-fort worth": "US",
    "washington dc-baltimore": "US",
    "toronto": "CA",
    "vancouver": "CA",
    "montreal": "CA",
    "sydney": "AU",
    "melbourne": "AU",
    "bengaluru": "IN",
    "bangalore": "IN",
    "mumbai": "IN",
    "delhi": "IN",
    "singapore": "SG",
    "dubai": "AE",
    "são paulo": "BR",
    "sao paulo": "BR",
    "mexico city": "MX",
    "tokyo": "JP",
    "lagos": "NG",
    # local spellings, as LinkedIn shows them in its other interface languages
    "milano": "IT",
    "roma": "IT",
    "torino": "IT",
    "münchen": "DE",
    "köln": "DE",
    "wien": "AT",
    "zürich": "CH",
    "genève": "CH",
    "lisboa": "PT",
    "porto": "PT",
    "bruxelles": "BE",
    "brussel": "BE",
    "praha": "CZ",
    "warszawa": "PL",
    "sevilla": "ES",
    "valencia": "ES",
    "københavn": "DK",
}

# The words around a metro area's city, in English and LinkedIn's other interface languages
# ("Área metropolitana de Madrid", "Metropolregion München", "Paris et périphérie").
_METRO_NOISE = re.compile(  # the longer phrases first: `area` alone must not win
    r"\b(área metropolitana de|area metropolitana di|região metropolitana de|metropolregion|"
    r"großraum|région de|et périphérie|e dintorni|y alrededores|e arredores|"
    r"greater|metropolitan|metro|area|region|city of)(?!\w)",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def to_iso2(value: str) -> str | None:
    """ISO alpha-2 code for a code (`IT`, `ITA`) or a country name; None if unknown.

    English names first; then the names in LinkedIn's Latin-script interface languages
    (`Italia`, `Deutschland`, `Stati Uniti`).
    """
    text = value.strip()
    if not text:
        return None
    key = text.lower()
    if key in _ALIASES:
        return _ALIASES[key]
    import pycountry  # loaded on first use: it reads a large JSON database

    try:
        country = pycountry.countries.lookup(text)
    except LookupError:
        return _local_names().get(key)
    return str(country.alpha_2)


# LinkedIn writes locations in the viewer's interface language: an Italian user's export or
# scrape says `Milano, Lombardia, Italia`, a German one's `München, Bayern, Deutschland`.
# These are LinkedIn's interface languages that use the Latin alphabet.
LOCATION_LANGUAGES = (
    "cs", "da", "de", "es", "fi", "fr", "hu", "id", "it", "ms", "nb", "nl", "pl", "pt",
    "ro", "sv", "tl", "tr",
)  # fmt: skip


@lru_cache(maxsize=1)
def _local_names() -> dict[str, str]:
    """Lower-case country names in LOCATION_LANGUAGES -> alpha-2 codes.

    From pycountry's own translations of ISO 3166-1. A name that means two countries in two
    languages is left out: no guess beats a wrong one.
    """
    import gettext

    import pycountry

    codes: dict[str, set[str]] = {}
    for language in LOCATION_LANGUAGES:
        try:
            translation = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[language]
            )
        except OSError:  # a pycountry build without this language: use the others
            continue
        for country in pycountry.countries:
            for attribute in ("name", "common_name", "official_name"):
                english = getattr(country, attribute, None)
                if english:
                    local = translation.gettext(english).strip().lower()
                    codes.setdefault(local, set()).add(str(country.alpha_2))
    return {name: next(iter(found)) for name, found in codes.items() if len(found) == 1}


@lru_cache(maxsize=65536)
def country_from_location(location: str) -> str | None:
    """Best guess of the country in a LinkedIn location string, or None.

    LinkedIn writes `City, Region, Country`, a bare country, or a metro area
    such as `Greater Milan Metropolitan Area`; we try the parts from the end.
    CRMs and scrapers also write US addresses without the country (`Austin, TX`).
    """
    parts = [p.strip() for p in location.split(",") if p.strip()]
    if len(parts) >= 2 and _is_us_state(parts[-1]):
        # `CA` is California or Canada, `DE` Delaware or Germany: a known city settles it,
        # otherwise no guess (a wrong country is worse than none). A state code or name
        # that no country shares (`TX`, `Texas`) means the United States.
        if to_iso2(parts[-1]) is None:
            return "US"
        if len(parts[-1]) == 2:
            return _metro_country(parts[:-1])
    for part in reversed(parts):
        code = to_iso2(part) if len(part) > 2 or part.isupper() else None
        if code:
            return code
    return _metro_country(parts)


def _metro_country(parts: list[str]) -> str | None:
    """The country of the first part that names a known metro area or city."""
    for part in parts:
        metro = _METRO_NOISE.sub(" ", part).strip().lower()
        metro = re.sub(r"\s+", " ", metro)
        if metro in _METROS:
            return _METROS[metro]
    return None


def _is_us_state(part: str) -> bool:
    """A US state (or DC) as its upper-case code (`TX`) or its name (`Texas`)."""
    codes, names = _us_states()
    return part in codes if len(part) == 2 else part.lower() in names


@lru_cache(maxsize=1)
def _us_states() -> tuple[frozenset[str], frozenset[str]]:
    """The codes and lower-case names of the US states and DC, from pycountry's ISO 3166-2."""
    import pycountry

    states = [
        s for s in pycountry.subdivisions.get(country_code="US") if s.type in {"State", "District"}
    ]
    return (
        frozenset(s.code.removeprefix("US-") for s in states),
        frozenset(s.name.lower() for s in states),
    )
