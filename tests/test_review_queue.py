"""What the review page lists and in which order: the queue, safe profile links, question order."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd
import pytest

from linkedin_triage.learning.question_order import gate_distance, question_order
from linkedin_triage.ledger.history import build_history
from linkedin_triage.ledger.store import Ledger
from linkedin_triage.review.overview import ModelFolder, snapshot
from linkedin_triage.review.queue import build_queue, p_accept_percent, profile_link
from review_fixtures import model_folder, write_ledger


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> ModelFolder:
    return ModelFolder.load(model_folder(tmp_path_factory.mktemp("queue-model")), required=True)


# -- profile links ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://www.linkedin.com/in/ada-example", "https://www.linkedin.com/in/ada-example"),
        ("http://linkedin.com/in/ada-example/", "https://www.linkedin.com/in/ada-example/"),
        ("https://it.linkedin.com/in/ada?trk=x#top", "https://www.linkedin.com/in/ada"),
        ('https://www.linkedin.com/in/a"onclick=x', "https://www.linkedin.com/in/a%22onclick%3Dx"),
    ],
)
def test_a_linkedin_profile_link_is_kept_rebuilt_on_https(url, expected):
    assert profile_link(url, "Ada Example") == (expected, False)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt://www.linkedin.com/%0aalert(1)",
        "https://www.linkedin.com.evil.example/in/ada",
        "https://evil.example/?u=https://www.linkedin.com/in/ada",
        "data:text/html,<script>alert(1)</script>",
        "https://www.linkedin.com",
        "//www.linkedin.com/in/ada",
        "http://[::1",  # not even a URL
        None,
        "",
    ],
)
def test_anything_else_becomes_a_people_search_for_the_name(url):
    link, is_search = profile_link(url, "Ada <b>Example</b>")
    assert is_search
    assert (
        link
        == "https://www.linkedin.com/search/results/people/?keywords=Ada+%3Cb%3EExample%3C%2Fb%3E"
    )


@pytest.mark.parametrize(
    "p, shown", [(0.004, "<1%"), (0.5, "50%"), (0.994, ">99%"), (None, "—"), (float("nan"), "—")]
)
def test_p_accept_in_words(p, shown):
    assert p_accept_percent(p) == shown


# -- the queue ---------------------------------------------------------------------------------
def test_every_pending_request_is_listed_the_review_pile_first(tmp_path, model):
    ledger = write_ledger(tmp_path, pending=40)
    with Ledger.open(ledger) as opened:
        pending = set(build_history(opened, which="pending").frame["request_id"])
        queue = snapshot(opened, model).queue
    assert {item.request_id for item in queue.items} == pending
    assert len(queue.items) == len(pending)
    sections = [item.section for item in queue.items]
    assert sections == sorted(sections, key=lambda s: s != "review")  # review, then automatic
    assert queue.review and queue.automatic
    for item in queue.items:
        assert item.problem is None and item.p_accept is not None
        assert (item.decision == "review") == (item.section == "review")
        assert item.reasons and all(r[:2] in ("+ ", "- ") for r in item.reasons)
    assert queue.automatic_decisions() == {i.request_id: i.decision for i in queue.automatic}


def test_automatic_decisions_come_nearest_their_gate_first(tmp_path, model):
    ledger = write_ledger(tmp_path, pending=60)
    with Ledger.open(ledger) as opened:
        queue = snapshot(opened, model).queue
    t = model.model.thresholds
    distance = gate_distance(np.array([i.p_accept for i in queue.automatic]), t.accept, t.ignore)
    assert list(distance) == sorted(distance)


def test_a_request_the_model_cannot_read_is_still_listed_with_the_reason(model):
    pending = pd.DataFrame(
        {
            "request_id": ["ok-1", "bad-1"],
            "name": ["Ada Example", "Bo Example"],
            "received_at": ["2026-11-02T10:00:00", "2026-11-02T11:00:00"],
            "mutual_connections": ["3", "a lot"],
        }
    )
    queue = build_queue(pending, model.model, "test ledger")
    assert [i.request_id for i in queue.items if i.problem is None] == ["ok-1"]
    (bad,) = [i for i in queue.items if i.request_id == "bad-1"]
    assert bad.section == "review" and bad.p_accept is None
    assert bad.problem is not None and "mutual_connections" in bad.problem


def test_no_pending_request_gives_an_empty_queue(model):
    assert build_queue(pd.DataFrame(), model.model, "empty").items == []


# -- the question order ------------------------------------------------------------------------
def _order(p, decisions, features, answered=None, answered_p=None, **kwargs):
    return question_order(
        np.asarray(p, float),
        np.asarray(decisions, object),
        np.asarray(features, float),
        accept=0.9,
        ignore=0.1,
        answered_features=answered,
        answered_p=answered_p,
        **kwargs,
    )


def test_the_order_is_a_permutation_review_pile_first():
    rng = np.random.default_rng(0)
    p = rng.random(300)
    decisions = np.where(p >= 0.9, "accept", np.where(p <= 0.1, "ignore", "review"))
    order = _order(p, decisions, rng.normal(size=(300, 5)))
    assert sorted(order) == list(range(300))
    review = decisions[order] == "review"
    assert review[: review.sum()].all()


def test_twenty_identical_requests_are_not_asked_in_a_row():
    """A burst of near-identical salespeople (40% of the pile) among other kinds: the burst
    is asked about, but spread out, never twice in a row."""
    rng = np.random.default_rng(1)
    burst = np.tile([3.0, 0.0, 0.0], (20, 1)) + rng.normal(0, 0.01, (20, 3))
    others = rng.normal(0, 1, (30, 3))
    features = np.vstack([burst, others])
    p = np.concatenate([np.full(20, 0.5), np.full(30, 0.45)])
    order = _order(p, ["review"] * 50, features)
    in_burst = [i < 20 for i in order[:10]]
    assert 1 <= sum(in_burst) <= 3
    assert not any(a and b for a, b in pairwise(in_burst))


def test_requests_like_those_already_answered_come_later():
    rng = np.random.default_rng(2)
    known_kind = rng.normal([2.0, 0.0], 0.1, (20, 2))
    new_kind = rng.normal([-2.0, 0.0], 0.1, (20, 2))
    answered = rng.normal([2.0, 0.0], 0.1, (200, 2))
    order = _order(
        np.full(40, 0.5),
        ["review"] * 40,
        np.vstack([known_kind, new_kind]),
        answered=answered,
        answered_p=np.full(200, 0.5),
    )
    assert all(i >= 20 for i in order[:5])  # the unexplored kind first


def test_a_request_the_model_is_sure_about_teaches_less_than_an_uncertain_twin():
    features = np.array([[1.0, 0.0], [1.0, 0.0], [-1.0, 0.5]])
    order = _order([0.89, 0.5, 0.5], ["review"] * 3, features, spread_pool=3)
    assert order[0] == 1 or order[0] == 2
    assert list(order).index(0) > list(order).index(1)


def test_the_same_requests_give_the_same_order():
    rng = np.random.default_rng(3)
    p = rng.random(2500)
    features = rng.normal(size=(2500, 4))
    decisions = np.full(2500, "review", dtype=object)
    assert (_order(p, decisions, features) == _order(p, decisions, features)).all()
