"""The review page in a real browser: headless Chromium from the system, driven by Playwright.

Nothing is downloaded: Playwright's Python package drives the system's `/usr/bin/chromium`
(`.ci/run` installs it when missing). The tests click the buttons, press the keys, check
that the ledger changed, and save a screenshot under the pytest temporary folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from review_fixtures import (
    HOSTILE_NAME,
    model_folder,
    pending_ids,
    review_server,
    user_decisions,
    write_ledger,
)

CHROMIUM = Path("/usr/bin/chromium")
# Waits are bounds, not speed checks: on two busy shared cores a post can take seconds, and
# Playwright's default of 5 s would make a slow machine fail a correct page.
WAIT_MS = 300_000
expect.set_options(timeout=WAIT_MS)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    executable = CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")
    assert executable, "Chromium is missing: .ci/run installs it (apt-get install chromium)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return model_folder(tmp_path_factory.mktemp("review-model"))


@pytest.fixture
def world(tmp_path: Path, model: Path) -> tuple[Path, Path]:
    """A fresh ledger per test (each test changes it), the model of the module."""
    return write_ledger(tmp_path), model


@pytest.fixture
def opened(browser: Browser, world):
    """The page as the user sees it after opening the printed link; every request it made."""
    ledger, model = world
    with review_server(ledger, model) as running:
        context = browser.new_context(viewport={"width": 1000, "height": 1400})
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        requested: list[str] = []
        dialogs: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(running.url)
        expect(page.locator(".card.current")).to_have_count(1)
        yield page, running, ledger, requested, dialogs
        context.close()


def _card(page: Page, request_id: str):
    assert '"' not in request_id and "\\" not in request_id
    return page.locator(f'.card[data-request-id="{request_id}"]')


def _current_id(page: Page) -> str:
    value = page.locator(".card.current").get_attribute("data-request-id")
    assert value is not None
    return value


def test_opening_the_link_shows_every_pending_request_and_the_token_leaves_the_address_bar(opened):
    page, running, ledger, requested, _ = opened
    assert page.url == f"http://127.0.0.1:{running.port}/"
    shown = set(page.locator(".card").evaluate_all("cards => cards.map(c => c.dataset.requestId)"))
    assert shown == pending_ids(ledger)
    assert page.locator("#review-pile .card").count() >= 1
    # Nothing but the page itself was loaded: no CDN, no font, no image from anywhere.
    assert {urlsplit(url).netloc for url in requested} == {f"127.0.0.1:{running.port}"}


def test_clicking_accept_records_it_in_the_ledger_and_moves_on(opened, tmp_path):
    page, _, ledger, _, _ = opened
    first = _current_id(page)
    _card(page, first).get_by_role("button", name="Accept").click()
    expect(_card(page, first).locator(".outcome")).to_have_text("Accepted (saved)")
    assert user_decisions(ledger)[first] == "accept"
    assert _current_id(page) != first
    page.screenshot(path=str(tmp_path / "review-page.png"), full_page=False)
    assert (tmp_path / "review-page.png").stat().st_size > 10_000


def test_keys_ignore_skip_and_undo(opened):
    page, _, ledger, _, _ = opened
    before = user_decisions(ledger)
    first = _current_id(page)
    page.keyboard.press("i")
    expect(_card(page, first).locator(".outcome")).to_have_text("Ignored (saved)")
    assert user_decisions(ledger)[first] == "ignore"

    second = _current_id(page)
    page.keyboard.press("s")  # skip: nothing written, the next one is current
    expect(_card(page, second).locator(".outcome")).to_have_text("Skipped")
    assert second not in user_decisions(ledger)
    third = _current_id(page)
    assert third != second

    page.keyboard.press("a")
    expect(_card(page, third).locator(".outcome")).to_have_text("Accepted (saved)")
    assert user_decisions(ledger) == before | {first: "ignore", third: "accept"}

    page.keyboard.press("u")  # undo the last decision: the accept
    expect(_card(page, third).locator(".outcome")).to_have_text("")
    assert third not in user_decisions(ledger) and user_decisions(ledger)[first] == "ignore"
    assert _current_id(page) == third
    expect(page.locator("#message")).to_contain_text("Undone")


def test_confirming_the_automatic_decisions_records_the_models_own(opened):
    page, _, ledger, _, _ = opened
    automatic = page.locator("#automatic .card")
    expected = dict(
        automatic.evaluate_all("cards => cards.map(c => [c.dataset.requestId, c.dataset.decision])")
    )
    if not expected:
        pytest.fail("the invented ledger should give the model some automatic decisions")
    page.get_by_role("button", name="Confirm the automatic decisions shown").click()
    expect(page.locator("#message")).to_contain_text(f"Confirmed {len(expected)}")
    recorded = user_decisions(ledger)
    assert {rid: recorded[rid] for rid in expected} == expected
    expect(page.locator("#automatic .card.done")).to_have_count(len(expected))


def test_a_hostile_name_is_shown_as_text_and_runs_nothing(opened):
    page, _, _, _, dialogs = opened
    card = page.locator(".card").filter(has_text=HOSTILE_NAME)
    expect(card.locator(".name")).to_have_text(HOSTILE_NAME)
    assert page.locator("img").count() == 0 and page.locator("svg").count() == 0
    link = card.locator("a.profile")
    assert (link.get_attribute("href") or "").startswith("https://www.linkedin.com/search/")
    card.locator(".name").hover()
    assert dialogs == []


def test_the_profile_link_opens_linkedin_in_a_new_tab_without_a_referrer(opened):
    page, _, _, _, _ = opened
    links = page.locator(".card a.profile")
    hrefs = []
    for k in range(links.count()):  # every card's, whichever the model puts first
        link = links.nth(k)
        assert link.get_attribute("target") == "_blank"
        assert set((link.get_attribute("rel") or "").split()) >= {"noopener", "noreferrer"}
        hrefs.append(link.get_attribute("href") or "")
    assert any(h.startswith("https://www.linkedin.com/in/") for h in hrefs)
    assert all(h.startswith("https://www.linkedin.com/") for h in hrefs)


def test_a_decision_that_fails_says_so_and_marks_nothing(opened, world):
    page, running, ledger, _, _ = opened
    first = _current_id(page)
    running.stop()  # the server is gone: the post cannot succeed
    page.keyboard.press("a")
    expect(page.locator("#message")).to_contain_text("Not saved")
    expect(_card(page, first).locator(".outcome")).to_have_text("")
    assert first not in user_decisions(ledger)
