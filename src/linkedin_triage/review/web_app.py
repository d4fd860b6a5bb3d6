"""The review page as a Starlette app: one server-rendered page and three JSON posts.

- `GET /`: the page, which sets the session cookie (its script then takes the token out of
  the address bar and the history);
- `POST /api/decisions` `{"request_id", "decision"}`: records it as `decide` does;
- `POST /api/undo`: removes the last decision recorded through the page;
- `POST /api/confirm` `{"request_ids": [...]}`: records the model's own decision for the
  automatic requests the page showed.

Everything a request may do is checked first by `page_security.Guard`. Handlers are
`async` on purpose: they run one at a time on the server's one thread, which is also the
only thread that touches the ledger's SQLite connection.
"""

from __future__ import annotations

import html
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from linkedin_triage.errors import TriageError
from linkedin_triage.ledger.decisions import DECISIONS, RecordedDecision, record_decision
from linkedin_triage.ledger.decisions import undo_last_decision as undo_decision
from linkedin_triage.ledger.store import Ledger
from linkedin_triage.review.overview import Snapshot
from linkedin_triage.review.page_security import Credentials, Guard, page_csp
from linkedin_triage.review.queue import p_accept_percent

VIA = "review"  # how the ledger remembers decisions made here (undo takes only these)
MAX_BODY_BYTES = 1_000_000  # a confirm of every automatic decision of a large ledger fits


@dataclass
class ReviewState:
    """The ledger the page writes to, and how to compute what it shows."""

    ledger_path: Path
    model_label: str
    snapshot: Callable[[Ledger], Snapshot]  # the queue and status, from the open ledger
    _ledger: Ledger | None = None
    shown: dict[str, str] = field(default_factory=dict)  # automatic request_id -> decision

    def ledger(self) -> Ledger:
        if self._ledger is None:
            # A short wait: a page that hangs for a minute behind an ingest helps nobody.
            self._ledger = Ledger.open(self.ledger_path, wait_seconds=5.0)
        return self._ledger

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("linkedin_triage.review", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["percent"] = p_accept_percent
    return environment


class BadRequest(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


async def _json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object; BadRequest (400, 413) for anything else."""
    size = 0
    chunks = []
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BadRequest(413, f"the request body is over {MAX_BODY_BYTES:,} bytes")
        chunks.append(chunk)
    try:
        body = json.loads(b"".join(chunks) or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadRequest(400, "the request body is not JSON") from None
    if not isinstance(body, dict):
        raise BadRequest(400, "the request body must be a JSON object")
    return body


def _recorded(decision: RecordedDecision) -> dict[str, object]:
    return {
        "request_id": decision.request_id,
        "decision": decision.decision,
        "decided_at": decision.decided_at,
        "previous": decision.previous,
    }


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _is_known(ledger: Ledger, request_id: str) -> bool:
    return ledger.scalar("SELECT 1 FROM requests WHERE request_id = ?", (request_id,)) is not None


def create_app(state: ReviewState, credentials: Credentials) -> Guard:
    """The app behind its guard; `credentials` hold the port, token and session secret."""
    templates = _environment()

    async def page(request: Request) -> Response:
        # Shown directly, even from the link with the token (a client without cookies sees
        # the page too); the response sets the session cookie, and the page's script takes
        # the token out of the address bar and the history.
        try:
            snapshot = state.snapshot(state.ledger())
        except TriageError as error:
            return HTMLResponse(f"<p>{html.escape(str(error))}</p>", status_code=503)
        state.shown = snapshot.queue.automatic_decisions()
        nonce = secrets.token_urlsafe(16)
        content = templates.get_template("review.html").render(
            queue=snapshot.queue,
            status=snapshot.status,
            ledger=str(state.ledger_path),
            model=state.model_label,
            token=credentials.token,
            nonce=nonce,
        )
        response = HTMLResponse(content)
        response.headers["content-security-policy"] = page_csp(nonce)
        response.headers["set-cookie"] = credentials.cookie_header()
        return response

    async def decide(request: Request) -> Response:
        try:
            body = await _json_body(request)
        except BadRequest as problem:
            return _error(problem.status, problem.message)
        request_id, decision = body.get("request_id"), body.get("decision")
        if not isinstance(request_id, str) or not request_id:
            return _error(400, "request_id must be a non-empty string")
        decision = decision.strip().lower() if isinstance(decision, str) else decision
        if decision not in DECISIONS:
            return _error(400, "decision must be accept or ignore")
        ledger = state.ledger()
        if not _is_known(ledger, request_id):
            return _error(404, "no request with this id in the ledger")
        try:
            recorded = record_decision(ledger, request_id, str(decision), via=VIA)
        except TriageError as error:
            return _error(503, str(error))
        return JSONResponse({"recorded": _recorded(recorded)})

    async def undo(request: Request) -> Response:
        try:
            await _json_body(request)
            undone = undo_decision(state.ledger(), via=VIA)
        except BadRequest as problem:
            return _error(problem.status, problem.message)
        except TriageError as error:
            return _error(503, str(error))
        return JSONResponse({"undone": None if undone is None else _recorded(undone)})

    async def confirm(request: Request) -> Response:
        try:
            body = await _json_body(request)
        except BadRequest as problem:
            return _error(problem.status, problem.message)
        ids = body.get("request_ids")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            return _error(400, "request_ids must be a list of request ids")
        ledger = state.ledger()
        recorded, skipped = [], []
        for request_id in dict.fromkeys(ids):  # each once, in the page's order
            decision = state.shown.get(request_id)
            if decision not in DECISIONS or not _is_known(ledger, request_id):
                skipped.append(request_id)  # not an automatic decision this page showed
                continue
            try:
                recorded.append(_recorded(record_decision(ledger, request_id, decision, via=VIA)))
            except TriageError as error:
                return JSONResponse(
                    {"recorded": recorded, "skipped": skipped, "error": str(error)},
                    status_code=503,
                )
        return JSONResponse({"recorded": recorded, "skipped": skipped})

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204)

    app = Starlette(
        routes=[
            Route("/", page, methods=["GET"]),
            Route("/api/decisions", decide, methods=["POST"]),
            Route("/api/undo", undo, methods=["POST"]),
            Route("/api/confirm", confirm, methods=["POST"]),
            Route("/favicon.ico", no_icon, methods=["GET"]),
        ]
    )
    return Guard(app, credentials)
