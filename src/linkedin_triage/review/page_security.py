"""Who may talk to the review page: the per-run token, the session cookie and the Host check.

The page runs on 127.0.0.1, but every web page the user opens runs in the same browser and
can send requests there, and any local program can connect. So, for every request:

1. **Host check (DNS rebinding).** A hostile site can point its own name at 127.0.0.1 and
   have the browser treat the page as its own origin; the Host header then carries the
   site's name. Only `127.0.0.1:<port>` is served; anything else is 403.
2. **Token.** A random URL-safe token is made for each run (`secrets.token_urlsafe`, 256
   bits) and printed in the link. A request must show it: in the link (`?token=`), in the
   `X-Token` header, or through the session cookie set when the link was first opened.
   Tokens are compared in constant time. Without it: 403.
3. **State-changing posts (CSRF).** A post must carry the token in the `X-Token` header
   (the cookie alone is not enough: the browser attaches cookies to posts that other sites
   trigger, such as a form's, but no other site can set a custom header here without a
   CORS preflight, which this server never grants), and must not come from another origin
   (`Origin`, `Sec-Fetch-Site`). Otherwise 403. The body is read as JSON whatever its
   declared type.
4. **Headers.** Every response forbids framing, sniffing, caching and referrers, and has a
   Content-Security-Policy that allows nothing external (the page's own inline style and
   script carry a per-response nonce).

The session cookie holds a second random value, never the token itself, is HttpOnly and
SameSite=Strict, and is named after the port, so two review pages never mix their cookies.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK = "127.0.0.1"
SECURITY_HEADERS = (
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
# Responses that are not the page itself (JSON, redirects, refusals) need nothing at all.
DEFAULT_CSP = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def page_csp(nonce: str) -> str:
    """The page's policy: its own nonce'd style and script, posts to itself, nothing else."""
    return (
        f"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; "
        "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    )


@dataclass(frozen=True)
class Credentials:
    """The secrets of one run: the token printed in the link and the session cookie's value."""

    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    session: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def host(self) -> str:
        return f"{LOOPBACK}:{self.port}"

    @property
    def origin(self) -> str:
        return f"http://{self.host}"

    @property
    def url(self) -> str:
        return f"{self.origin}/?token={self.token}"

    @property
    def cookie_name(self) -> str:
        return f"linkedin_triage_review_{self.port}"

    def cookie_header(self) -> str:
        return f"{self.cookie_name}={self.session}; Path=/; HttpOnly; SameSite=Strict"

    def is_token(self, value: str | None) -> bool:
        return value is not None and hmac.compare_digest(value.encode(), self.token.encode())

    def is_session(self, value: str | None) -> bool:
        return value is not None and hmac.compare_digest(value.encode(), self.session.encode())


def _header(scope: Scope, name: bytes) -> str | None:
    """A request header's value (the first), decoded as Latin-1 like HTTP itself."""
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _query_token(scope: Scope) -> str | None:
    query = bytes(scope.get("query_string", b"")).decode("latin-1")
    values = parse_qs(query, keep_blank_values=True).get("token")
    return values[0] if values else None


def _cookie(scope: Scope, name: str) -> str | None:
    """The cookie's value, by plain string splitting (http.cookies parses with a regex)."""
    for pair in (_header(scope, b"cookie") or "").split(";"):
        key, equals, value = pair.strip().partition("=")
        if equals and key == name:
            return value.strip().strip('"')
    return None


def refusal(scope: Scope, credentials: Credentials) -> str | None:
    """Why this request is refused (403), or None when it may go on."""
    if _header(scope, b"host") != credentials.host:
        return "this page answers only at its own address (Host header refused)"
    header_token = _header(scope, b"x-token")
    authorised = (
        credentials.is_token(_query_token(scope))
        or credentials.is_token(header_token)
        or credentials.is_session(_cookie(scope, credentials.cookie_name))
    )
    if not authorised:
        return "open the link the review command printed (it carries this run's token)"
    if scope.get("method", "GET") not in ("GET", "HEAD"):
        if not credentials.is_token(header_token):
            return "a change needs this run's token in the X-Token header"
        origin = _header(scope, b"origin")
        if origin is not None and origin != credentials.origin:
            return "a change from another site is refused"
        site = _header(scope, b"sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return "a change from another site is refused"
    return None


class Guard:
    """ASGI middleware: refuses what `refusal` refuses, adds the security headers to the rest."""

    def __init__(self, app: ASGIApp, credentials: Credentials):
        self.app = app
        self.credentials = credentials

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # lifespan is off; websockets are not served
            return
        problem = refusal(scope, self.credentials)
        if problem is not None:
            await _plain(send, 403, f"403 Forbidden: {problem}\n")
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {bytes(k).lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", DEFAULT_CSP))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, secured)


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"content-security-policy", DEFAULT_CSP),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
