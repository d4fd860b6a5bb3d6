"""The review page's security, against the real `review` process over loopback.

Each promise of SECURITY.md's "The review page" section has a test here: loopback only, the
per-run token and the session cookie, the Host check (DNS rebinding), CSRF-safe posts,
stranger text escaped, an unknown request id (404) and a bad decision (400) writing nothing,
and SIGINT / SIGTERM stopping the server cleanly.
"""

from __future__ import annotations

import json
import re
import signal
import socket
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkedin_triage.commands.cli import app
from review_fixtures import (
    HOSTILE_ID,
    HOSTILE_NAME,
    Running,
    model_folder,
    pending_ids,
    review_server,
    user_decisions,
    write_ledger,
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("review-security")
    return write_ledger(folder), model_folder(folder)


@pytest.fixture(scope="module")
def server(world: tuple[Path, Path]):
    ledger, model = world
    with review_server(ledger, model) as running:
        yield running


class _Page(HTMLParser):
    """Every element and attribute of a page, and its text, as a real HTML parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _page(server: Running) -> tuple[str, _Page]:
    status, _, body = server.request("GET", "/", headers={"X-Token": server.token})
    assert status == 200
    parsed = _Page()
    parsed.feed(body.decode("utf-8"))
    return body.decode("utf-8"), parsed


# -- the link, the token, the cookie ---------------------------------------------------------
def test_the_link_is_printed_alone_on_one_line_with_the_real_port(server: Running):
    assert server.url in server.printed
    assert server.port != 0
    assert len(server.token) >= 32


def test_the_link_shows_the_page_and_sets_a_session_cookie_that_shows_it_again(server: Running):
    status, headers, body = server.request("GET", f"/?token={server.token}")
    assert status == 200 and b"Pending requests" in body
    cookie = headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert server.token not in cookie  # the cookie is a session value, not the token
    pair = cookie.split(";")[0]
    status, _, body = server.request("GET", "/", headers={"Cookie": pair})
    assert status == 200 and b"Pending requests" in body


@pytest.mark.parametrize(
    "path, headers",
    [
        ("/", {}),
        ("/?token=", {}),
        ("/?token=not-the-token", {}),
        ("/", {"X-Token": "not-the-token"}),
        ("/", {"Cookie": "linkedin_triage_review_1=forged"}),
    ],
)
def test_no_token_or_a_wrong_one_is_refused(server: Running, path, headers):
    status, _, body = server.request("GET", path, headers=headers)
    assert status == 403
    assert HOSTILE_NAME.encode() not in body and b"Alex" not in body


def test_a_forged_session_cookie_under_the_right_name_is_refused(server: Running):
    name = f"linkedin_triage_review_{server.port}"
    status, _, _ = server.request("GET", "/", headers={"Cookie": f"{name}={server.token}"})
    assert status == 403


@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:{port}", "localhost:{port}", "127.0.0.1:1", "127.0.0.1", ""],
)
def test_a_host_header_other_than_the_served_address_is_refused_even_with_the_token(
    server: Running, host
):
    status, _, _ = server.request(
        "GET", f"/?token={server.token}", host=host.format(port=server.port)
    )
    assert status == 403


def test_it_listens_on_loopback_only(server: Running):
    """Nothing answers on the machine's other addresses."""
    others = {
        info[4][0]
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        if not info[4][0].startswith("127.")
    }
    for address in others:
        with pytest.raises(OSError), socket.create_connection((address, server.port), timeout=5):
            pass


# -- posts -----------------------------------------------------------------------------------
def test_a_decision_is_recorded_exactly_as_decide_records_it(server: Running, world):
    ledger, _ = world
    target = sorted(pending_ids(ledger) - {HOSTILE_ID, "hostile-1"})[0]
    # As a script would send it: the token header, and no declared content type.
    status, headers, payload = server.request(
        "POST",
        "/api/decisions",
        json.dumps({"request_id": target, "decision": "ignore"}).encode(),
        {"X-Token": server.token, "Content-Type": ""},
    )
    assert status == 200 and headers["content-type"] == "application/json"
    body = json.loads(payload)
    assert body["recorded"]["request_id"] == target and body["recorded"]["decision"] == "ignore"
    assert user_decisions(ledger)[target] == "ignore"
    assert target not in pending_ids(ledger)


def test_an_unknown_request_id_is_404_and_writes_nothing(server: Running, world):
    ledger, _ = world
    before = ledger.read_bytes()
    status, body = server.post("/api/decisions", {"request_id": "nobody", "decision": "accept"})
    assert status == 404 and "error" in body
    assert ledger.read_bytes() == before


@pytest.mark.parametrize(
    "payload",
    [
        {"request_id": "hostile-1", "decision": "maybe"},
        {"request_id": "hostile-1", "decision": "review"},
        {"request_id": "hostile-1", "decision": None},
        {"request_id": "hostile-1"},
        {"request_id": 7, "decision": "accept"},
        ["hostile-1", "accept"],
        b"{not json",
    ],
)
def test_a_bad_decision_is_400_and_writes_nothing(server: Running, world, payload):
    ledger, _ = world
    before = ledger.read_bytes()
    status, _ = server.post("/api/decisions", payload)
    assert status == 400
    assert ledger.read_bytes() == before


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Token": ""},  # the session cookie alone cannot change anything
        {"X-Token": "", "Content-Type": "text/plain"},  # what a cross-site form can send
        {"Origin": "http://evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_posts_that_a_foreign_page_could_make_are_refused(server: Running, world, headers):
    ledger, _ = world
    before = ledger.read_bytes()
    status, session_headers, _ = server.request("GET", f"/?token={server.token}")
    cookie = session_headers["set-cookie"].split(";")[0]
    sent = {"X-Token": server.token, "Content-Type": "application/json", "Cookie": cookie}
    sent.update(headers)
    body = b'{"request_id": "hostile-1", "decision": "accept"}'
    status, _, _ = server.request("POST", "/api/decisions", body, sent)
    assert status == 403
    assert ledger.read_bytes() == before


def test_confirm_records_only_automatic_decisions_the_page_showed(server: Running, world):
    ledger, _ = world
    _, page = _page(server)  # what the page showed is what may be confirmed
    cards = [attrs for tag, attrs in page.tags if tag == "article"]
    to_review = next(a["data-request-id"] for a in cards if a["data-section"] == "review")
    before = ledger.read_bytes()
    status, body = server.post("/api/confirm", {"request_ids": [to_review, "nobody"]})
    assert status == 200
    assert body == {"recorded": [], "skipped": [to_review, "nobody"]}
    assert ledger.read_bytes() == before
    status, _ = server.post("/api/confirm", {"request_ids": to_review})
    assert status == 400


# -- what the page shows ---------------------------------------------------------------------
def test_stranger_text_is_shown_as_text_never_as_markup(server: Running):
    html, page = _page(server)
    assert HOSTILE_NAME in "".join(page.text)
    assert not any(tag in ("img", "svg") for tag, _ in page.tags)
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert len(scripts) == 1 and scripts[0].get("nonce")  # only the page's own script
    assert not any(
        name.startswith("on") for _, attrs in page.tags for name in attrs
    )  # no event-handler attribute anywhere
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    cards = [attrs for tag, attrs in page.tags if tag == "article"]
    assert HOSTILE_ID in {attrs["data-request-id"] for attrs in cards}


def test_every_link_goes_to_linkedin_and_a_javascript_profile_url_becomes_a_search(server: Running):
    _, page = _page(server)
    links = [attrs["href"] or "" for tag, attrs in page.tags if tag == "a"]
    assert links and all(link.startswith("https://www.linkedin.com/") for link in links)
    assert not any("javascript" in link.lower() for link in links)
    assert "https://www.linkedin.com/search/results/people/?keywords=%3Cimg+src%3Dx" in "".join(
        links
    )


def test_the_page_lists_every_pending_request_and_loads_nothing_from_outside(
    server: Running, world
):
    ledger, _ = world
    _, page = _page(server)
    shown = {attrs["data-request-id"] for tag, attrs in page.tags if tag == "article"}
    assert shown == pending_ids(ledger)
    assert not any(tag in ("link", "iframe", "img") for tag, _ in page.tags)
    assert not any(attrs.get("src") for _, attrs in page.tags)


def test_every_response_forbids_framing_sniffing_and_outside_content(server: Running):
    _, headers, _ = server.request("GET", "/", headers={"X-Token": server.token})
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert re.search(r"script-src 'nonce-[A-Za-z0-9_-]+'", policy)
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    status, refused, _ = server.request("GET", "/")
    assert status == 403 and refused["x-frame-options"] == "DENY"


# -- stopping ---------------------------------------------------------------------------------
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_sigint_and_sigterm_stop_the_server_cleanly(world, how):
    ledger, model = world
    with review_server(ledger, model) as running:
        status, _, _ = running.request("GET", "/", headers={"X-Token": running.token})
        assert status == 200
        code, rest = running.stop(how)
        port = running.port
    assert code == 0, rest
    assert f"Review page stopped ({signal.Signals(how).name})" in rest
    assert "Traceback" not in rest
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=5):
        pass


def test_a_port_in_use_is_exit_2_with_a_message(world):
    ledger, model = world
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            app,
            ["review", "--ledger", str(ledger), "--model-dir", str(model), "--port", str(port),
             "--no-browser"],
        )  # fmt: skip
    assert result.exit_code == 2
    assert "already in use" in result.output


def test_a_missing_model_is_exit_2_saying_how_to_train_one(world, tmp_path):
    ledger, _ = world
    result = CliRunner().invoke(
        app, ["review", "--ledger", str(ledger), "--model-dir", str(tmp_path / "none")]
    )
    assert result.exit_code == 2
    assert "linkedin-triage train" in result.output


def test_the_command_line_does_not_load_the_web_framework_until_review_runs():
    import subprocess
    import sys

    code = (
        "import sys; import linkedin_triage.commands.cli; "
        "print(sorted(m for m in ('starlette', 'uvicorn', 'jinja2') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
