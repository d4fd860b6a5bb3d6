"""A starting policy.toml derived from the owner's Profile, Positions and Education files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from linkedin_triage.countries import country_from_location, to_iso2

_METRO = re.compile(r"^greater\s+(.+?)(?:\s+metropolitan)?(?:\s+area)?$", re.IGNORECASE)


@dataclass
class PolicyDraft:
    """A starting `[me]` section derived from the owner's own files."""

    name: str = ""
    industry: str | None = None
    country: str | None = None
    city: str = ""
    companies: list[str] = field(default_factory=list)
    schools: list[str] = field(default_factory=list)
    connections: int | None = None
    location: str = ""  # where country and city came from, quoted in a comment

    @property
    def missing(self) -> list[str]:
        """Required keys that could not be derived."""
        return [key for key in ("industry", "country") if not getattr(self, key)]

    def to_toml(self, source: str) -> str:
        """policy.toml text: valid TOML; TODO comments where the user must act."""
        lines = [
            f"# Starting policy derived from your LinkedIn data export ({source}).",
            "# Check every value; `linkedin-triage train` reads this file.",
            "",
            "[me]",
            _toml("name", self.name),
        ]
        lines += _required_key(
            "industry", self.industry, 'your LinkedIn industry, e.g. "Software Development"'
        )
        where = f" (from Geo Location {self.location!r})" if self.location else ""
        lines += _required_key(
            "country", self.country, 'your country, an ISO code such as "IT"', where
        )
        lines.append(_toml("city", self.city))
        lines += [
            "# current and past employers, from Positions.csv",
            _toml("companies", self.companies),
        ]
        lines += ["# from Education.csv", _toml("schools", self.schools)]
        if self.connections is not None:
            lines += ["# rows in Connections.csv", _toml("connections", self.connections)]
        lines += [
            "",
            "[interests]",
            "# TODO: who matters to your work; the rules and the model use these lists.",
            '# TODO: industries you work with or sell to, e.g. ["Manufacturing", "Retail"]',
            "industries = []",
            '# TODO: title keywords you want to hear from, e.g. ["CTO", "Founder", "Procurement"]',
            "titles = []",
            '# TODO: countries you do business in, ISO codes, e.g. ["IT", "CH", "DE"]',
            "markets = []",
            '# TODO: companies you compete with, e.g. ["Capgemini"]',
            "competitors = []",
            "",
        ]
        return "\n".join(lines)


def _toml(key: str, value: object) -> str:
    import tomli_w

    return tomli_w.dumps({key: value}).rstrip("\n")


def _required_key(key: str, value: str | None, hint: str, where: str = "") -> list[str]:
    if value:
        return [f"# {key}{where}", _toml(key, value)] if where else [_toml(key, value)]
    return [
        f"# TODO (required before training): {hint}.",
        f"# It could not be derived from Profile.csv: remove the '# ' below and fill in the {key}.",
        f'# {key} = ""',
    ]


def city_from_location(location: str) -> str:
    """The city in a LinkedIn location: its first part, unless that part is the country."""
    parts = [p.strip() for p in location.split(",") if p.strip()]
    if not parts or (len(parts) == 1 and to_iso2(parts[0])):
        return ""
    metro = _METRO.match(parts[0])
    return metro.group(1) if metro else parts[0]


def derive_policy(
    profile: pd.DataFrame | None,
    positions: pd.DataFrame | None,
    education: pd.DataFrame | None,
    connections: int | None,
) -> PolicyDraft:
    """`[me]` from Profile.csv, Positions.csv, Education.csv (compacted cells) and a count."""
    draft = PolicyDraft(connections=connections)
    if profile is not None and len(profile):
        me = profile.iloc[0]
        draft.name = " ".join(f"{me.get('firstname', '')} {me.get('lastname', '')}".split())
        draft.industry = me.get("industry") or None
        draft.location = me.get("geolocation", "") or ""
        draft.country = to_iso2(me.get("country", "") or "") or (
            country_from_location(draft.location) if draft.location else None
        )
        draft.city = city_from_location(draft.location)
    if positions is not None:
        draft.companies = _unique(positions["companyname"])
    if education is not None:
        draft.schools = _unique(education["schoolname"])
    return draft


def _unique(values: pd.Series) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
