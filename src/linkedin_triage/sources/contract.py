"""The requests-table contract (data-contract.md section 1): columns, kinds and aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "id",
    "text",
    "url",
    "datetime",
    "date",
    "count",
    "bool",
    "list",
    "country",
    "decision",
    "photo_url",
]


@dataclass(frozen=True)
class Column:
    """One contract column: its canonical name, how its values parse, and accepted aliases."""

    name: str
    kind: Kind
    required: bool = False
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("request_id", "id", aliases=("id", "invitation_id")),
    Column("name", "text", required=True, aliases=("full_name", "fullName", "From")),
    Column(
        "received_at",
        "datetime",
        required=True,
        aliases=("Sent At", "sent_at", "invited_at", "received"),
    ),
    Column("message", "text", aliases=("note", "invitation_message", "invitationMessage")),
    Column(
        "profile_url",
        "url",
        aliases=("profileUrl", "linkedinProfileUrl", "url", "inviterProfileUrl", "linkedin_url"),
    ),
    Column("headline", "text"),
    Column("title", "text", aliases=("position", "job_title", "jobTitle", "occupation")),
    Column("company", "text", aliases=("companyName", "company_name", "current_company")),
    Column("industry", "text", aliases=("companyIndustry",)),
    Column("location", "text", aliases=("geo_location", "locationName")),
    Column("country", "country", aliases=("country_code", "countryCode")),
    Column(
        "mutual_connections",
        "count",
        aliases=(
            "sharedConnectionsCount",
            "shared_connections",
            "mutuals",
            "mutualConnectionsCount",
        ),
    ),
    Column(
        "connections",
        "count",
        aliases=("linkedinConnectionsCount", "connections_count", "connectionsCount"),
    ),
    Column(
        "followers",
        "count",
        aliases=("linkedinFollowersCount", "followers_count", "followersCount"),
    ),
    Column("has_photo", "bool", aliases=("photo",)),
    Column(
        "photo_url",
        "photo_url",
        aliases=("profileImageUrl", "profile_image_url", "profilePictureUrl"),
    ),
    Column("verified", "bool", aliases=("is_verified", "isVerified")),
    Column("joined_on", "date", aliases=("joined", "member_since")),
    Column("about", "text", aliases=("summary", "description")),
    Column("experience_count", "count", aliases=("experiences", "positions_count")),
    Column("education_count", "count"),
    Column("skills_count", "count"),
    Column("recommendations_count", "count"),
    Column("past_companies", "list", aliases=("previous_companies", "previousCompanies")),
    Column("schools", "list", aliases=("education", "school")),
    Column("decision", "decision", aliases=("label", "outcome", "accepted")),
    Column("decided_at", "datetime"),
)

BY_NAME = {c.name: c for c in COLUMNS}
REQUIRED = tuple(c.name for c in COLUMNS if c.required)

# Columns that only exist in the normalised frame (derived, never read).
DERIVED = ("row", "connections_is_lower_bound")

# The normalised frame: every contract column except photo_url (folded into has_photo).
FRAME_COLUMNS = tuple(c.name for c in COLUMNS if c.kind != "photo_url") + DERIVED


def compact(header: str) -> str:
    """The form headers are matched in: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", header.strip().lower())


_LOOKUP: dict[str, str] = {}
for _column in COLUMNS:
    for _alias in (_column.name, *_column.aliases):
        _LOOKUP.setdefault(compact(_alias), _column.name)


@dataclass(frozen=True)
class ColumnMap:
    """How a file's headers map onto the contract."""

    canonical: dict[str, str]  # canonical name -> header in the file
    extras: tuple[str, ...]  # headers kept and carried through, never used as features
    shadowed: tuple[str, ...]  # headers that named a column already mapped (kept as extras)


def map_columns(headers: list[str]) -> ColumnMap:
    """Match headers to contract columns: exact names win over aliases, first wins among equals."""
    canonical: dict[str, str] = {}
    extras: list[str] = []
    shadowed: list[str] = []
    # Exact canonical names first, so `name` beats an alias like `From` in the same file.
    ordered = sorted(headers, key=lambda h: 0 if h.strip().lower() in BY_NAME else 1)
    for header in ordered:
        target = _LOOKUP.get(compact(header))
        if target is None:
            continue
        if target in canonical:
            shadowed.append(header)
        else:
            canonical[target] = header
    used = set(canonical.values())
    extras = [h for h in headers if h not in used]
    return ColumnMap(canonical=canonical, extras=tuple(extras), shadowed=tuple(shadowed))


# Columns the tool itself adds to tables it writes (import-linkedin, history): never a typo.
OWN_EXTRAS = frozenset(
    {"prior_messages", "label_source", "first_seen_at", "sources", "observed_at"}
)
# Words too common to say which column a header meant (`follower_count` is not `country`).
_VAGUE = frozenset({"count", "name", "date", "time", "number", "total", "list", "data", "info"})


def _words(header: str) -> list[str]:
    return [
        w for w in re.split(r"[^0-9a-z]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", header).lower()) if w
    ]


def likely_meant(header: str) -> str | None:
    """The contract column an unmatched header probably means (`nb_mutual` -> mutual_connections).

    A column the reader does not recognise is carried through and never used: a user who
    wrote `nb_mutual` should hear that it is not read as mutual connections. A match needs a
    word of four letters or more shared with the column's name or an alias (or a close
    spelling of the whole name).
    """
    import difflib

    if header.strip().lower() in OWN_EXTRAS:
        return None
    words = {w for w in _words(header) if len(w) >= 4} - _VAGUE
    for column in COLUMNS:
        for name in (column.name, *column.aliases):
            theirs = {w for w in _words(name) if len(w) >= 4} - _VAGUE
            if words & theirs or any(
                a.startswith(b) or b.startswith(a) for a in words for b in theirs
            ):
                return column.name
    close = difflib.get_close_matches(compact(header), list(_LOOKUP), n=1, cutoff=0.8)
    return _LOOKUP[close[0]] if close else None
