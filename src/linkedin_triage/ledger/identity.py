"""Who a sighting is: names folded for comparison, profile links reduced to the person's key.

Sources show the same person differently: `José Ruiz` in an export, `JOSE RUIZ` in a pasted
page; `https://www.linkedin.com/in/jos%C3%A9-ruiz/` in Connections.csv,
`https://www.linkedin.com/comm/in/josé-ruiz?midToken=...` in an invitation email.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from urllib.parse import unquote

# Path prefixes LinkedIn puts before `in/<slug>` in links it emails (tracking redirects).
_LINK_PREFIXES = frozenset({"comm", "m", "mwlite"})


def fold_name(name: object) -> str:
    """A name compared without case, accents or spacing: `José  RUIZ` -> `jose ruiz`."""
    if not isinstance(name, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


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
