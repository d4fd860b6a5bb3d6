"""The ledger's label table, row by row (ledger-and-sources.md, section 2)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from linkedin_triage.ledger.labels import resolve_labels

EXPORT = date(2026, 6, 30)


def requests(*rows: tuple[str, str, str | None, str]) -> pd.DataFrame:
    """(request_id, name_key, profile_key, received_at) rows."""
    frame = pd.DataFrame(rows, columns=["request_id", "name_key", "profile_key", "received_at"])
    frame["received_at"] = pd.to_datetime(frame["received_at"])
    return frame


def connections(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """(name_key, profile_key or '', connected_on) rows."""
    frame = pd.DataFrame(rows, columns=["name_key", "profile_key", "connected_on"])
    frame["connected_on"] = pd.to_datetime(frame["connected_on"])
    return frame


def decisions(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["request_id", "decision", "decided_at"])


NO_CONNECTIONS = connections()
NO_DECISIONS = decisions()
ANA = ("r1", "ana sala", "in/ana-sala", "2026-05-01T10:00:00")


def label(reqs, conns=NO_CONNECTIONS, decs=NO_DECISIONS, export=EXPORT, grace=21):
    labels, conflicts = resolve_labels(reqs, conns, decs, export, grace)
    return labels.iloc[0], conflicts


def test_connected_after_the_request_is_an_accept_from_connections():
    row, conflicts = label(requests(ANA), connections(("ana sala", "in/ana-sala", "2026-05-03")))
    assert (row["decision"], row["label_source"]) == ("accept", "connections")
    assert row["decided_at"] == pd.Timestamp("2026-05-03")
    assert conflicts == []


def test_connected_the_same_day_is_decided_when_the_request_arrived():
    """Connected On has no time: midnight of that day reads as before a 10:00 request."""
    row, _ = label(requests(ANA), connections(("ana sala", "in/ana-sala", "2026-05-01")))
    assert row["decision"] == "accept"
    assert row["decided_at"] == pd.Timestamp("2026-05-01T10:00:00")


@pytest.mark.parametrize(("connected", "accepted"), [("2026-04-30", True), ("2026-04-29", False)])
def test_one_day_of_slack_before_the_request(connected, accepted):
    row, _ = label(requests(ANA), connections(("ana sala", "in/ana-sala", connected)))
    assert (row["label_source"] == "connections") is accepted


def test_matched_by_name_when_the_connection_has_no_link():
    row, _ = label(requests(ANA), connections(("ana sala", "", "2026-05-02")))
    assert row["label_source"] == "connections"


def test_never_matched_by_name_across_two_different_links():
    row, _ = label(requests(ANA), connections(("ana sala", "in/another-ana", "2026-05-02")))
    assert row["label_source"] == "not_connected"


def test_user_decision_when_not_connected():
    row, _ = label(requests(ANA), decs=decisions(("r1", "accept", "2026-05-02T09:00:00")))
    assert (row["decision"], row["label_source"]) == ("accept", "user")
    assert row["decided_at"] == pd.Timestamp("2026-05-02T09:00:00")


def test_user_decision_wins_over_the_grace_period_inference():
    """The user said accept; that they are not connected 60 days later does not overrule it."""
    row, _ = label(requests(ANA), decs=decisions(("r1", "accept", "2026-05-02T09:00:00")))
    assert (EXPORT - date(2026, 5, 1)).days > 21
    assert row["label_source"] == "user"


def test_an_ignore_contradicted_by_a_later_connection_is_a_conflict_the_connection_wins():
    row, conflicts = label(
        requests(ANA),
        connections(("ana sala", "in/ana-sala", "2026-05-20")),
        decisions(("r1", "ignore", "2026-05-02T09:00:00")),
    )
    assert (row["decision"], row["label_source"]) == ("accept", "connections")
    assert [(c.request_id, c.recorded) for c in conflicts] == [("r1", "ignore")]


def test_an_accept_confirmed_by_a_connection_is_no_conflict():
    row, conflicts = label(
        requests(ANA),
        connections(("ana sala", "in/ana-sala", "2026-05-20")),
        decisions(("r1", "accept", "2026-05-02T09:00:00")),
    )
    assert row["label_source"] == "connections"
    assert conflicts == []


@pytest.mark.parametrize(
    ("days_before_export", "expected"),
    [(20, None), (21, None), (22, "not_connected"), (23, "not_connected")],
)
def test_grace_edges(days_before_export, expected):
    """More than the grace period (21 days) before the newest export: ignored."""
    received = pd.Timestamp(EXPORT) - pd.Timedelta(days=days_before_export)
    reqs = requests(("r1", "ana sala", "in/ana-sala", received.replace(hour=23).isoformat()))
    row, _ = label(reqs)
    assert row["label_source"] == expected
    assert row["decision"] == ("ignore" if expected else None)


def test_grace_period_is_a_setting():
    received = (pd.Timestamp(EXPORT) - pd.Timedelta(days=10)).isoformat()
    reqs = requests(("r1", "ana sala", "in/ana-sala", received))
    assert label(reqs, grace=21)[0]["label_source"] is None
    assert label(reqs, grace=7)[0]["label_source"] == "not_connected"


def test_without_any_export_nothing_is_inferred():
    row, _ = label(requests(ANA), export=None)
    assert row["decision"] is None
    assert row["label_source"] is None


def test_a_request_newer_than_the_export_is_pending():
    reqs = requests(("r1", "ana sala", None, "2026-07-15T10:00:00"))
    assert label(reqs)[0]["label_source"] is None


def test_a_new_invitation_after_an_ignore_gets_the_connection_the_old_one_stays_ignored():
    reqs = requests(
        ("old", "ana sala", "in/ana-sala", "2025-01-10T10:00:00"),
        ("new", "ana sala", "in/ana-sala", "2026-05-01T10:00:00"),
    )
    labels, _ = resolve_labels(
        reqs, connections(("ana sala", "in/ana-sala", "2026-05-02")), NO_DECISIONS, EXPORT, 21
    )
    assert labels["label_source"].to_list() == ["not_connected", "connections"]


def test_cutoff_is_the_decision_or_the_end_of_the_grace_period():
    reqs = requests(ANA, ("r2", "bo lind", None, "2026-01-01T08:00:00"))
    labels, _ = resolve_labels(
        reqs, connections(("ana sala", "in/ana-sala", "2026-05-03")), NO_DECISIONS, EXPORT, 21
    )
    assert labels["cutoff"].to_list() == [
        pd.Timestamp("2026-05-04"),  # the end of the day Connected On names
        pd.Timestamp("2026-01-22T08:00:00"),
    ]


def test_pending_requests_have_no_cutoff():
    reqs = requests(("r1", "ana sala", None, "2026-06-25T10:00:00"))
    labels, _ = resolve_labels(reqs, NO_CONNECTIONS, NO_DECISIONS, EXPORT, 21)
    assert labels["cutoff"].isna().all()


def test_decided_at_is_connected_on_and_the_cutoff_never_precedes_the_request():
    """A connection dated the day before the request (time zones): decided that day, as
    LinkedIn dates it; what the request itself showed is still usable for training."""
    row, _ = label(requests(ANA), connections(("ana sala", "in/ana-sala", "2026-04-30")))
    assert row["decided_at"] == pd.Timestamp("2026-04-30")
    assert row["cutoff"] == pd.Timestamp("2026-05-01T11:00:00")  # the request + an hour


def test_the_requests_own_sightings_survive_a_same_day_accept():
    """The export's Sent At has minutes, the email's Date seconds: 10:00 vs 10:00:37 is the
    same moment, seen twice, and must not count as seen after the accept."""
    row, _ = label(requests(ANA), connections(("ana sala", "in/ana-sala", "2026-05-01")))
    assert row["decided_at"] == pd.Timestamp("2026-05-01T10:00:00")
    assert row["cutoff"] >= pd.Timestamp("2026-05-01T10:00:37")


def test_a_user_decision_cuts_off_what_was_seen_after_it():
    decided = "2026-05-20T09:00:00"
    row, _ = label(requests(ANA), decs=decisions(("r1", "ignore", decided)))
    assert row["cutoff"] == pd.Timestamp(decided)
