"""LinkedIn's links in invitation emails: which is the Accept link, which the profile, the ids.

Shapes documented in real emails (docs/sources.md):

- accept, 2015-2019: `https://www.linkedin.com/comm/people/invite-accept?mboxid=...&
  sharedKey=...&invitationId=6132985418842456064&...`
- accept or profile through LinkedIn's redirector, 2016 reminders:
  `https://www.linkedin.com/e/v2?e=...&ts=accept_text&sharedKey=...&invitationId=...`
- profile: `https://www.linkedin.com/comm/profile/view?id=AAsAAA...&invAcpt=...` (opaque
  member id) or `https://www.linkedin.com/comm/in/ada-lovelace-1a2b3c?...` (public slug)

Only `urllib.parse` and plain string tests: a URL in an email is a stranger's text too.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from linkedin_triage.sources.invitation_emails.email_phrases import PROFILE_WORDS
from linkedin_triage.sources.invitations_page.localised_words import ACCEPT_WORDS, fold

_SCHEMES = ("https://", "http://")
_URL_END = "<>\"'"  # after whitespace, which ends a URL too
_ID_LIMIT = 64  # LinkedIn's invitation ids are 19 digits; anything far longer is not one
_LABEL_LIMIT = 80  # "View Ada Lovelace's profile" and its translations are short


@dataclass(frozen=True)
class Link:
    """One link of an email: the words before it (`Accept`, `View profile`), the URL, and
    what it is (worked out once: each email's links are asked about several times)."""

    label: str
    url: str
    invitation_id: str | None
    is_accept: bool
    is_profile: bool


def make_link(label: str, url: str) -> Link:
    """A link with its invitation id and kind: Accept (`invite-accept`, an accept label) or
    profile (`/profile/view`, `/in/`, a "profile" label).

    Cheap tests first: an email has dozens of links (footer, tracking) and most are neither.
    """
    path = url.split("?", 1)[0]
    accept = "invite-accept" in path or "ts=accept" in url
    by_path = "/profile/view" in path or "/in/" in path or "ts=profile" in url
    if not accept and not by_path and label and len(label) <= _LABEL_LIMIT:
        folded = fold(label)
        accept = folded in ACCEPT_WORDS
        by_path = any(word in folded for word in PROFILE_WORDS)
    return Link(label, url, invitation_id(url), accept, not accept and by_path)


def link_in_line(line: str) -> Link | None:
    """`Accept: https://...` -> Link("Accept", "https://..."); None without a LinkedIn URL.

    Only LinkedIn's own links count: an inviter's note may hold a link of its own (`Apply:
    https://bit.ly/...`, typical of scams), and taking it for one of the email's links cut
    the note out of the card.
    """
    if "http" not in line and "HTTP" not in line:
        return None
    folded = line.casefold()
    found = [s for s in (folded.find(scheme) for scheme in _SCHEMES) if s >= 0]
    if not found:
        return None
    start = min(found)
    url = line[start:].split(None, 1)[0]
    cuts = [i for i in (url.find(c) for c in _URL_END) if i >= 0]
    if cuts:
        url = url[: min(cuts)]
    label = line[:start].strip().rstrip(":").strip()
    url = url.rstrip(".,;)]")
    if not _on_linkedin(url):
        return None
    return make_link(label, url)


def _on_linkedin(url: str) -> bool:
    """Whether a URL's host is linkedin.com (or one of its subdomains) or lnkd.in."""
    host = url.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0].rsplit("@", 1)[-1]
    host = host.split(":", 1)[0].casefold().rstrip(".")
    return host in {"linkedin.com", "lnkd.in"} or host.endswith(".linkedin.com")


def invitation_id(url: str) -> str | None:
    """The `invitationId` query parameter of a link, or None.

    Read by hand rather than with `parse_qs`: a LinkedIn link carries a dozen long tracking
    parameters, and this runs for every link of every email.
    """
    lower = url.lower()
    start = 0
    while True:
        found = lower.find("invitationid=", start)
        if found < 0:
            return None
        start = found + len("invitationid=")
        if found > 0 and url[found - 1] in "?&;":
            break
    end = start
    while end < len(url) and url[end] not in "&#;":
        end += 1
    value = unquote(url[start:end]).strip()
    if value and len(value) <= _ID_LIMIT and value.replace("-", "").isalnum():
        return value
    return None


def is_linkedin_link(url: str) -> bool:
    host = _host(url)
    return host == "linkedin.com" or host.endswith(".linkedin.com")


def public_profile_url(link: str) -> str | None:
    """`https://www.linkedin.com/in/<slug>` for a link that names a public profile slug.

    `/in/ada-lovelace`, `/comm/in/ada-lovelace?midToken=...` and country hosts
    (`it.linkedin.com/in/...`) all give the same URL; an opaque `/profile/view?id=` link
    gives None (only LinkedIn can map that id to a person).
    """
    if not is_linkedin_link(link):
        return None
    parts = [p for p in _path(link).split("/") if p]
    for index, part in enumerate(parts[:-1]):
        if part == "in":
            slug = unquote(parts[index + 1]).strip()
            if slug:
                return f"https://www.linkedin.com/in/{slug}"
    return None


def _path(url: str) -> str:
    try:
        return urlsplit(url).path
    except ValueError:
        return ""


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").casefold()
    except ValueError:
        return ""
