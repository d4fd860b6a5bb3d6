"""The request ledger: ingest, matching across sources, history, decisions, erasure, schema."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from ledger_builders import Connection, Invite, url, write_export, write_table
from linkedin_triage.errors import TriageError
from linkedin_triage.ledger.decisions import record_decision, undo_last_decision
from linkedin_triage.ledger.erasure import forget
from linkedin_triage.ledger.history import build_history
from linkedin_triage.ledger.identity import profile_key
from linkedin_triage.ledger.ingest import ingest
from linkedin_triage.ledger.schema import MIGRATIONS, SCHEMA_VERSION
from linkedin_triage.ledger.store import Ledger

NOW = datetime(2026, 7, 1, 12, 0)
ANA = Invite("Ana Sala", datetime(2026, 5, 1, 10, 0), url("ana-sala"), "Hi Nora, we met in Turin")
BO = Invite("Bo Lind", datetime(2026, 6, 20, 9, 30), url("bo-lind"))
CY = Invite("Cy Okafor", datetime(2026, 3, 2, 8, 0), url("cy-okafor"), "Let's connect")


@pytest.fixture
def ledger_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "ledger.sqlite"


def first_export(tmp_path: Path) -> Path:
    return write_export(
        tmp_path / "june",
        date(2026, 6, 30),
        [ANA, BO, CY],
        [Connection("Ana", "Sala", date(2026, 5, 3), url("ana-sala"))],
    )


def history(path: Path, which: str = "all") -> pd.DataFrame:
    with Ledger.open(path) as ledger:
        frame = build_history(ledger, which=which).frame  # type: ignore[arg-type]
    return frame.set_index("name")


def run(sources: list[Path], ledger_path: Path, **options: object):
    return ingest(sources, ledger_path, now=NOW, **options)  # type: ignore[arg-type]


# -- ingest and labels ---------------------------------------------------------------------------
def test_an_export_gives_requests_with_labels_from_connections_and_the_grace_period(
    tmp_path, ledger_path
):
    summary = run([first_export(tmp_path)], ledger_path)
    assert summary.counts["new_requests"] == 3
    assert summary.labels_after == {"connections": 1, "not_connected": 1}
    assert summary.pending_after == 1
    frame = history(ledger_path)
    assert frame.loc["Ana Sala", ["decision", "label_source"]].to_list() == [
        "accept",
        "connections",
    ]
    assert frame.loc["Cy Okafor", "label_source"] == "not_connected"
    assert frame.loc["Bo Lind", "decision"] is None
    assert frame.loc["Ana Sala", "message"] == "Hi Nora, we met in Turin"
    assert frame.loc["Ana Sala", "sources"] == "export"
    assert frame.loc["Ana Sala", "first_seen_at"] == "2026-05-01T10:00:00"


def test_ingesting_the_same_source_twice_changes_nothing(tmp_path, ledger_path):
    export = first_export(tmp_path)
    run([export], ledger_path)
    before = history(ledger_path)
    again = run([export], ledger_path)
    assert again.sources[0].status.startswith("already ingested")
    assert sum(again.counts.values()) == 0
    pd.testing.assert_frame_equal(history(ledger_path), before)


def test_the_zip_and_its_folder_are_one_source(tmp_path, ledger_path):
    import shutil

    export = first_export(tmp_path)
    archive = Path(shutil.make_archive(str(tmp_path / "zipped"), "zip", export))
    run([export], ledger_path)
    assert run([archive], ledger_path).sources[0].status.startswith("already ingested")


def test_a_pending_request_that_vanished_from_a_later_export_becomes_an_ignore(
    tmp_path, ledger_path
):
    run([first_export(tmp_path)], ledger_path)
    later = write_export(tmp_path / "august", date(2026, 7, 30), [], [])
    summary = run([later], ledger_path)
    assert summary.pending_before == 1 and summary.pending_after == 0
    assert summary.new_labels["not_connected"] == 1
    assert history(ledger_path).loc["Bo Lind", "label_source"] == "not_connected"


def test_a_later_export_with_the_connection_turns_pending_into_accept(tmp_path, ledger_path):
    run([first_export(tmp_path)], ledger_path)
    later = write_export(
        tmp_path / "july",
        date(2026, 7, 10),
        [BO],
        [Connection("Bo", "Lind", date(2026, 7, 5), url("bo-lind"))],
    )
    summary = run([later], ledger_path)
    assert summary.counts["matched"] == 1 and summary.counts["new_requests"] == 0
    assert history(ledger_path).loc["Bo Lind", "label_source"] == "connections"


def test_a_user_table_decision_is_a_user_label_and_a_conflict_when_connected(tmp_path, ledger_path):
    table = write_table(
        tmp_path / "mine.csv",
        [
            {"name": "Bo Lind", "received_at": "2026-06-20T09:30:00", "decision": "accept"},
            {"name": "Ana Sala", "received_at": "2026-05-01T10:05:00", "decision": "ignore",
             "profile_url": url("ana-sala")},
        ],
    )  # fmt: skip
    summary = run([first_export(tmp_path), table], ledger_path)
    assert summary.counts["new_requests"] == 3  # both table rows matched export requests
    frame = history(ledger_path)
    assert frame.loc["Bo Lind", ["decision", "label_source"]].to_list() == ["accept", "user"]
    assert frame.loc["Ana Sala", "label_source"] == "connections"
    assert [c.recorded for c in summary.conflicts] == ["ignore"]


# -- matching across sources -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("row", "same"),
    [
        ({"profile_url": "https://www.linkedin.com/comm/in/ana-sala?trk=x"}, True),
        ({"profile_url": url("ANA-SALA")}, True),
        ({"name": "ANA  SALA"}, True),  # folded name, received within 3 days
        ({"name": "Aña Salá"}, True),  # accents folded
        ({"name": "Ana Sala", "received_at": "2026-05-05T10:00:00"}, False),  # 4 days apart
        ({"name": "Ana Sala", "profile_url": url("another-ana")}, False),  # another person
        (
            {"profile_url": url("ana-sala"), "received_at": "2026-09-01T10:00:00"},
            False,
        ),  # re-invite
    ],
)
def test_matching_a_table_row_to_an_export_request(tmp_path, ledger_path, row, same):
    run([first_export(tmp_path)], ledger_path)
    base = {"name": "Ana Sala", "received_at": "2026-05-02T18:00:00"}
    table = write_table(tmp_path / "t.csv", [{**base, **row}])
    summary = run([table], ledger_path)
    assert summary.counts["matched" if same else "new_requests"] == 1


@pytest.mark.parametrize(
    ("link", "key"),
    [
        ("https://www.linkedin.com/in/jos%C3%A9-ruiz/", "in/josé-ruiz"),
        ("https://ES.LinkedIn.com/comm/in/Ana-Sala?midToken=x#top", "in/ana-sala"),
        ("http://user:pw@www.linkedin.com:443/in/ana-sala", "in/ana-sala"),
        ("www.linkedin.com/in/ana-sala", "in/ana-sala"),  # no scheme: the host comes first
        ("linkedin.com./pub/bo-lind/1/2/3", "pub/bo-lind"),
        ("https://www.linkedin.com.evil.example/in/ana-sala", None),  # a look-alike host
        ("https://evil.example/www.linkedin.com/in/ana-sala", None),
        ("https://notlinkedin.com/in/ana-sala", None),
        ("https://www.linkedin.com@evil.example/in/ana-sala", None),  # userinfo, not the host
        ("https://www.linkedin.com/profile/view?id=AbC", None),  # opaque: matched by name
        ("http://[broken/in/ana-sala", None),
    ],
)
def test_a_profile_key_comes_only_from_linkedin_links(link, key):
    assert profile_key(link) == key


def test_user_ids_from_a_table_are_kept_and_matched_again(tmp_path, ledger_path):
    rows = [{"request_id": "mine-1", "name": "Eva Moss", "received_at": "2026-06-01"}]
    run([write_table(tmp_path / "a.csv", rows)], ledger_path)
    rows[0]["decision"] = "ignore"
    summary = run([write_table(tmp_path / "b.csv", rows)], ledger_path)
    assert summary.counts["matched"] == 1
    assert history(ledger_path).loc["Eva Moss", ["request_id", "decision"]].to_list() == [
        "mine-1",
        "ignore",
    ]


# -- leakage -----------------------------------------------------------------------------------------
def test_values_first_seen_after_the_decision_are_withheld_and_counted(tmp_path, ledger_path):
    run([first_export(tmp_path)], ledger_path)
    enrichment = write_table(
        tmp_path / "enrich.csv",
        [
            {"profile_url": url("ana-sala"), "mutual_connections": "80", "headline": "CTO"},
            {"profile_url": url("bo-lind"), "mutual_connections": "4", "headline": "Buyer"},
        ],
    )
    summary = run([enrichment], ledger_path)  # observed NOW, after Ana's accept
    assert summary.sources[0].kind == "enrich"
    with Ledger.open(ledger_path) as ledger:
        built = build_history(ledger)
    frame = built.frame.set_index("name")
    assert frame.loc["Ana Sala", "mutual_connections"] is None  # decided 2026-05-03
    assert frame.loc["Bo Lind", "mutual_connections"] == "4"  # pending: usable
    assert built.withheld == {"mutual_connections": 1, "headline": 1}


def test_the_earliest_value_of_a_column_wins(tmp_path, ledger_path):
    early = {"name": "Eva Moss", "received_at": "2026-06-01", "headline": "Analyst"}
    run([write_table(tmp_path / "a.csv", [early])], ledger_path)
    later = {**early, "headline": "Head of Data", "observed_at": "2026-06-20"}
    run([write_table(tmp_path / "b.csv", [later])], ledger_path)
    assert history(ledger_path).loc["Eva Moss", "headline"] == "Analyst"


# -- decisions ------------------------------------------------------------------------------------------
def test_decide_records_a_user_label_and_undo_removes_it(tmp_path, ledger_path):
    run([first_export(tmp_path)], ledger_path)
    bo = history(ledger_path).loc["Bo Lind", "request_id"]
    with Ledger.open(ledger_path) as ledger:
        recorded = record_decision(ledger, bo, "ignore", via="review")
        assert recorded.previous is None
        assert record_decision(ledger, bo, "accept", via="review").previous == "ignore"
    assert history(ledger_path).loc["Bo Lind", "decision"] == "accept"
    with Ledger.open(ledger_path) as ledger:
        undone = undo_last_decision(ledger, via="review")
    assert undone is not None and undone.decision == "accept"
    assert history(ledger_path).loc["Bo Lind", "decision"] == "ignore"


def test_decide_refuses_unknown_ids_and_decisions(tmp_path, ledger_path):
    run([first_export(tmp_path)], ledger_path)
    with Ledger.open(ledger_path) as ledger:
        with pytest.raises(TriageError, match="no request with id 'nobody'"):
            record_decision(ledger, "nobody", "accept")
        with pytest.raises(TriageError, match="expected accept or ignore"):
            record_decision(ledger, history(ledger_path).iloc[0]["request_id"], "maybe")


# -- forget --------------------------------------------------------------------------------------------
def test_forget_leaves_no_byte_of_the_person_in_the_file(tmp_path, ledger_path):
    table = write_table(
        tmp_path / "notes.csv",
        [{"name": "Ana Sala", "received_at": "2026-05-01T10:00:00", "profile_url": url("ana-sala"),
          "headline": "Founder at Zephyrine Labs", "about": "Sailing and ceramics"}],
    )  # fmt: skip
    run([first_export(tmp_path), table], ledger_path)
    with Ledger.open(ledger_path) as ledger:
        erased = forget(ledger, profile_url=url("ana-sala"))
    assert erased.requests == 1 and erased.connections == 1
    content = ledger_path.read_bytes()
    for trace in ("Ana Sala", "ana-sala", "we met in Turin", "Zephyrine", "ceramics", "ana sala"):
        assert trace.encode() not in content, trace
    assert b"Bo Lind" in content  # everyone else stays
    assert "Ana Sala" not in history(ledger_path).index


def test_a_forgotten_person_does_not_come_back_with_a_later_export(tmp_path, ledger_path):
    run([first_export(tmp_path)], ledger_path)
    with Ledger.open(ledger_path) as ledger:
        forget(ledger, name="ana sala")
    later = write_export(
        tmp_path / "later",
        date(2026, 7, 30),
        [ANA],
        [Connection("Ana", "Sala", date(2026, 5, 3), url("ana-sala"))],
    )
    summary = run([later], ledger_path)
    assert summary.counts["forgotten"] == 2  # the invitation and the connection
    assert b"Ana Sala" not in ledger_path.read_bytes()


def test_forget_by_request_id_and_refusals(tmp_path, ledger_path):
    run([first_export(tmp_path)], ledger_path)
    bo = history(ledger_path).loc["Bo Lind", "request_id"]
    with Ledger.open(ledger_path) as ledger:
        assert forget(ledger, request_id=bo).requests == 1
        with pytest.raises(TriageError, match="exactly one"):
            forget(ledger, name="x", request_id="y")
        with pytest.raises(TriageError, match="not a LinkedIn profile link"):
            forget(ledger, profile_url="https://example.org/x")


# -- opening the file: versions, damage, other files --------------------------------------------------
def test_a_ledger_of_the_first_schema_is_migrated_forward_with_its_content(ledger_path):
    ledger_path.parent.mkdir(parents=True)
    db = sqlite3.connect(ledger_path)
    db.executescript(MIGRATIONS[0])
    db.executescript(
        "PRAGMA application_id = 1280592967; PRAGMA user_version = 1;"
        "INSERT INTO sources VALUES (1, 'table', 'abc', 'old.csv', '2026-01-01T00:00:00', NULL);"
        "INSERT INTO requests VALUES ('r-old', 'Eva Moss', 'eva moss', NULL, NULL, NULL, NULL,"
        " '2025-12-01T09:00:00');"
        "INSERT INTO observations VALUES ('r-old', 1, '2025-12-01T09:00:00', 'headline', 'CFO');"
        "INSERT INTO decisions VALUES (1, 'r-old', 'ignore', '2025-12-02T09:00:00');"
    )
    db.close()
    with Ledger.open(ledger_path) as ledger:
        assert ledger.schema_version() == SCHEMA_VERSION
        via = ledger.scalar("SELECT via FROM decisions")
        frame = build_history(ledger).frame.set_index("name")
    assert via == "decide"
    assert frame.loc["Eva Moss", ["headline", "decision", "label_source"]].to_list() == [
        "CFO",
        "ignore",
        "user",
    ]


def test_a_ledger_from_a_newer_version_is_refused(tmp_path, ledger_path):
    run([first_export(tmp_path)], ledger_path)
    db = sqlite3.connect(ledger_path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(TriageError, match="newer linkedin-triage"):
        Ledger.open(ledger_path)


@pytest.mark.parametrize(
    "damage",
    [
        lambda content: b"not a database at all" + content[100:],
        lambda content: content[:100] + b"\x00" * 2048 + content[2148:],
    ],
    ids=["header", "pages"],
)
def test_a_damaged_ledger_is_an_error_never_a_new_empty_ledger(tmp_path, ledger_path, damage):
    run([first_export(tmp_path)], ledger_path)
    damaged = damage(ledger_path.read_bytes())
    ledger_path.write_bytes(damaged)
    with pytest.raises(TriageError, match="ledger"):
        run([first_export(tmp_path / "again")], ledger_path)
    assert ledger_path.read_bytes() == damaged


def test_another_sqlite_database_is_refused(ledger_path):
    ledger_path.parent.mkdir(parents=True)
    db = sqlite3.connect(ledger_path)
    db.execute("CREATE TABLE photos (id INTEGER)")
    db.close()
    with pytest.raises(TriageError, match="not a linkedin-triage ledger"):
        Ledger.open(ledger_path)


def test_a_missing_ledger_is_an_error_for_readers(ledger_path):
    with pytest.raises(TriageError, match="no ledger here yet"):
        Ledger.open(ledger_path)
    assert not ledger_path.exists()


# -- faults: one transaction per run -------------------------------------------------------------------
def test_an_unreadable_source_leaves_the_ledger_unchanged(tmp_path, ledger_path):
    run([first_export(tmp_path)], ledger_path)
    before = ledger_path.read_bytes()
    good = write_table(tmp_path / "good.csv", [{"name": "Eva Moss", "received_at": "2026-06-01"}])
    broken = tmp_path / "broken.csv"
    broken.write_text('name,received_at\n"unclosed,2026-06-01\n')
    with pytest.raises(TriageError, match=r"broken\.csv"):
        run([good, broken], ledger_path)
    assert ledger_path.read_bytes() == before


def test_a_dry_run_writes_nothing_and_reports_what_a_real_run_does(tmp_path, ledger_path):
    export = first_export(tmp_path)
    preview = run([export], ledger_path, dry_run=True)
    assert not ledger_path.exists()
    real = run([export], ledger_path)
    assert preview.counts == real.counts
    assert preview.labels_after == real.labels_after
    before = ledger_path.read_bytes()
    table = write_table(tmp_path / "t.csv", [{"name": "Eva Moss", "received_at": "2026-06-01"}])
    assert run([table], ledger_path, dry_run=True).counts["new_requests"] == 1
    assert ledger_path.read_bytes() == before


def test_a_second_writer_is_refused_while_one_is_writing(tmp_path, ledger_path):
    run([first_export(tmp_path)], ledger_path)
    before = ledger_path.read_bytes()
    holder = sqlite3.connect(ledger_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        table = write_table(tmp_path / "t.csv", [{"name": "Eva Moss", "received_at": "2026-06-01"}])
        with pytest.raises(TriageError, match="another linkedin-triage command is writing"):
            ingest([table], ledger_path, now=NOW, wait_seconds=0)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert ledger_path.read_bytes() == before


def test_times_with_and_without_fractions_of_a_second_live_side_by_side(tmp_path, ledger_path):
    """decide's clock, enrichment's 'now' and a table's `...00.250Z` beside an export's minutes."""
    run([first_export(tmp_path)], ledger_path)
    bo = history(ledger_path).loc["Bo Lind", "request_id"]
    with Ledger.open(ledger_path) as ledger:
        record_decision(ledger, bo, "accept", at=datetime(2026, 6, 25, 10, 0, 0, 123456))
    enrichment = write_table(
        tmp_path / "enrich.csv", [{"profile_url": url("cy-okafor"), "headline": "Founder"}]
    )
    fractions = write_table(
        tmp_path / "t.csv", [{"name": "Eva Moss", "received_at": "2026-06-01T10:00:00.250Z"}]
    )
    ingest([enrichment, fractions], ledger_path, now=datetime(2026, 7, 1, 12, 0, 0, 654321))
    frame = history(ledger_path)
    assert frame.loc["Bo Lind", "decided_at"] == "2026-06-25T10:00:00.123456"
    assert frame.loc["Eva Moss", "received_at"] == "2026-06-01T10:00:00.250000"
    assert frame.loc["Cy Okafor", "label_source"] == "not_connected"


def test_only_requests_pending_before_count_as_newly_labelled(tmp_path, ledger_path):
    run([first_export(tmp_path)], ledger_path)  # Bo pending
    old = write_table(tmp_path / "old.csv", [{"name": "Eva Moss", "received_at": "2026-01-05"}])
    summary = run([old], ledger_path)  # Eva arrives already past the grace period
    assert summary.labels_after["not_connected"] == summary.labels_before["not_connected"] + 1
    assert summary.newly_labelled == 0  # Bo is still pending; Eva was never pending
    later = write_export(tmp_path / "august", date(2026, 7, 30), [], [])
    assert run([later], ledger_path).newly_labelled == 1


def test_a_grace_period_given_to_ingest_is_the_ledgers_from_then_on(tmp_path, ledger_path):
    run([first_export(tmp_path)], ledger_path, grace_days=5)  # Bo: 10 days before the export
    assert history(ledger_path).loc["Bo Lind", "label_source"] == "not_connected"
    with Ledger.open(ledger_path) as ledger:
        assert (
            build_history(ledger, grace_days=21)
            .frame.set_index("name")
            .loc["Bo Lind", "label_source"]
            is None
        )
    with pytest.raises(TriageError, match="--grace-days must be 0 or more"):
        run([first_export(tmp_path / "x")], ledger_path, grace_days=-5)


def test_an_empty_table_is_refused(tmp_path, ledger_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("name,received_at\n")
    with pytest.raises(TriageError, match="header but no rows"):
        run([empty], ledger_path)


def test_an_approximate_time_never_puts_the_arrival_after_the_first_sighting(tmp_path, ledger_path):
    from datetime import timedelta

    from linkedin_triage.ledger.recording import Recorder
    from linkedin_triage.sources.sightings import Sighting

    digest = Sighting(
        "Uma Sole",
        datetime(2026, 7, 22, 7),
        datetime(2026, 7, 22, 7),
        received_within=timedelta(days=30),
        profile_url=url("uma-sole"),
    )
    page = Sighting("Uma Sole", datetime(2026, 7, 23, 10), datetime(2026, 7, 30, 10),
                    received_within=timedelta(days=7))  # fmt: skip
    with Ledger.open(ledger_path, create=True) as ledger, ledger.writing() as db:
        recorder = Recorder(db, NOW)
        source = recorder.add_source("emails", "x", "digest.eml")
        recorder.sightings(source, [digest])
        recorder.sightings(source, [page])
    assert history(ledger_path).loc["Uma Sole", "received_at"] == "2026-07-22T07:00:00"


def test_forget_erases_file_names_that_hold_part_of_the_name(tmp_path, ledger_path):
    table = write_table(
        tmp_path / "ana_notes.csv",
        [
            {
                "name": "Ana Sala",
                "received_at": "2026-05-01T10:00:00",
                "profile_url": url("ana-sala"),
            }
        ],
    )
    run([table], ledger_path)
    with Ledger.open(ledger_path) as ledger:
        assert forget(ledger, name="Ana Sala").source_names == 1
    assert b"ana_notes" not in ledger_path.read_bytes()
