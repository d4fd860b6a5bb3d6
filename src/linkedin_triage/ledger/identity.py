"""Who a sighting is: names folded for comparison, profile links reduced to the person's key.

Sources show the same person differently: `José Ruiz` in an export, `JOSE RUIZ` in a pasted
page; `https://www.linkedin.com/in/jos%C3%A9-ruiz/` in Connections.csv,
`https://www.linkedin.com/comm/in/josé-ruiz?midToken=...` in an invitation email.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import unquote

import pyarrow as pa
import pyarrow.compute as pc

# Path prefixes LinkedIn puts before `in/<slug>` in links it emails (tracking redirects).
_LINK_PREFIXES = frozenset({"comm", "m", "mwlite"})


def fold_names(names: Sequence[object]) -> list[str]:
    """Names compared without case, accents or spacing: `José  RUIZ` -> `jose ruiz`.

    Vectorised in Arrow (an export holds tens of thousands of names); the patterns are RE2,
    linear in the length of whatever a stranger put in a name. Non-text is "".
    """
    text = pa.array([n if isinstance(n, str) else None for n in names], type=pa.string())
    text = pc.utf8_normalize(text, form="NFKD")
    text = pc.replace_substring_regex(text, pattern=r"\p{Mn}", replacement="")
    text = pc.utf8_lower(text)
    text = pc.replace_substring_regex(text, pattern=r"[\s\p{Z}]+", replacement=" ")
    return [value or "" for value in pc.utf8_trim_whitespace(text).to_pylist()]


def fold_name(name: object) -> str:
    """`fold_names` of one name."""
    return fold_names([name])[0]


def profile_key(url: object) -> str | None:
    """`in/<slug>` in lower case for a public profile link, whatever its host or tracking.

    None for links that do not name a public profile (opaque `profile/view?id=...` links,
    bare `https://www.linkedin.com/in`): those people are matched by name and time instead.
    """
    return _profile_key(url) if isinstance(url, str) and url else None


@lru_cache(maxsize=1 << 16)
def _profile_key(url: str) -> str | None:
    text = unicodedata.normalize("NFC", unquote(url).strip())
    for separator in ("?", "#"):
        text = text.split(separator, 1)[0]
    if "://" in text:
        text = text.split("://", 1)[1]
    parts = [p for p in text.split("/")[1:] if p]  # the first part is the host
    while parts and parts[0].lower() in _LINK_PREFIXES:
        parts = parts[1:]
    if len(parts) < 2 or parts[0].lower() not in {"in", "pub"}:
        return None
    return f"{parts[0].lower()}/{parts[1]}".casefold()


def public_profile_url(key: str | None) -> str | None:
    """The canonical link for a key: `in/jose-ruiz` -> `https://www.linkedin.com/in/jose-ruiz`."""
    return f"https://www.linkedin.com/{key}" if key else None
