"""Who a sighting is: names folded for comparison, profile links reduced to the person's key.

Sources show the same person differently: `José Ruiz` in an export, `JOSE RUIZ` in a pasted
page; `https://www.linkedin.com/in/jos%C3%A9-ruiz/` in Connections.csv,
`https://www.linkedin.com/comm/in/josé-ruiz?midToken=...` in an invitation email.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import unquote, urlsplit

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
    """`in/<slug>` in lower case for a public profile link on linkedin.com, whatever its tracking.

    None for links that do not name a public profile (opaque `profile/view?id=...` links,
    bare `https://www.linkedin.com/in`): those people are matched by name and time instead.
    """
    return _profile_key(url) if isinstance(url, str) and url else None


@lru_cache(maxsize=1 << 16)
def _profile_key(url: str) -> str | None:
    text = unicodedata.normalize("NFC", unquote(url).strip())
    path_text = _path_on_linkedin(text)
    if path_text is None:
        # `linkedin.com.evil.example/in/ada` is not Ada's profile: a key must only ever come
        # from LinkedIn's own links, or a stranger's link could merge into someone's history.
        return None
    path = [p for p in path_text.split("/") if p]
    while path and path[0].lower() in _LINK_PREFIXES:
        path = path[1:]
    if len(path) < 2 or path[0].lower() not in {"in", "pub"}:
        return None
    return f"{path[0].lower()}/{path[1]}".casefold()


# Nearly every link an export or email holds starts with one of these: the host is then
# known without parsing (an export holds tens of thousands of links).
_PLAIN_PREFIXES = ("https://www.linkedin.com/", "http://www.linkedin.com/")


def _path_on_linkedin(text: str) -> str | None:
    """The link's path when its host is LinkedIn's, else None."""
    for prefix in _PLAIN_PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
    # A link without a scheme (`www.linkedin.com/in/ada`) is read with its host first.
    try:
        parts = urlsplit(text if "://" in text else f"//{text}")
    except ValueError:  # `http://[not-an-ipv6/in/x`: not a link at all
        return None
    return parts.path if _is_linkedin_host(parts.hostname) else None


def _is_linkedin_host(host: str | None) -> bool:
    """linkedin.com or one of its subdomains (`www.`, `es.`), any case; userinfo and port
    are already gone from `urlsplit(...).hostname`."""
    if not host:
        return False
    host = host.rstrip(".").lower()
    return host == "linkedin.com" or host.endswith(".linkedin.com")


def public_profile_url(key: str | None) -> str | None:
    """The canonical link for a key: `in/jose-ruiz` -> `https://www.linkedin.com/in/jose-ruiz`."""
    return f"https://www.linkedin.com/{key}" if key else None
