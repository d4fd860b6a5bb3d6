"""Invitation emails and the invitations page into the ledger: matching, reports, end to end.

Emails + an export -> ledger -> history with labels and headlines -> train -> predict with
reasons that name headline-derived signals (issue 16's done-when).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from ledger_builders import Connection, Invite, url, write_export
from linkedin_triage.commands.cli import app
from linkedin_triage.errors import TriageError
from linkedin_triage.ledger.history import build_history
from linkedin_triage.ledger.ingest import ingest
from linkedin_triage.ledger.store import Ledger
from linkedin_triage.sample.invitation_mail import (
    Invitation,
    Person,
    digest_email,
    invitation_email,
    mbox_bytes,
    plain_email,
)

EXPORTED = date(2026, 6, 30)
WANTED = ["CTO at Ferrowave", "Head of IT at Brightmill", "CIO at Lumeno Retail"]
OTHERS = ["Sales Representative at Quickdeal", "Growth Hacker at Spammo", "Student at Nowhere"]
POLICY = """
[me]
name = "Nora Valdemar"
industry = "IT Services and IT Consulting"
country = "IT"
[interests]
titles = ["CTO", "CIO", "Head of IT"]
markets = ["IT"]
"""
runner = CliRunner()


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def person(i: int, wanted: bool) -> Person:
    headline = (WANTED if wanted else OTHERS)[i % 3]
    return Person(
        name=f"Invented Person{i}",
        headline=headline,
        location="Milan, Lombardy, Italy",
        slug=f"invented-person-{i}",
        invitation_id=f"70{i:017d}",
    )


def world(tmp_path: Path, n: int = 240, seed: int = 1) -> tuple[Path, Path]:
    """An mbox of n invitation emails over a year, and an export: wanted titles accepted."""
    rng = np.random.default_rng(seed)
    start = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
    messages, invites, connections = [], [], []
    for i in range(n):
        wanted = bool(rng.random() < 0.5)
        when = start + timedelta(hours=int(rng.integers(0, 380 * 24)))
        p = person(i, wanted)
        messages.append(invitation_email(Invitation(p, recipient="Nora", when=when)))
        took = bool(rng.random() < (0.9 if wanted else 0.1))
        days_before_export = (EXPORTED - when.date()).days
        if took and days_before_export > 0:
            connections.append(
                Connection("Invented", f"Person{i}", when.date() + timedelta(days=1), url(p.slug))
            )
        if days_before_export < 180 and (took or days_before_export <= 21):
            # Invitations.csv: the last months, ignored ones gone (as LinkedIn does)
            invites.append(Invite(p.name, when.replace(tzinfo=None), url(p.slug)))
    messages.append(plain_email("LinkedIn <news@linkedin.com>", "Your weekly digest", "News"))
    mbox = tmp_path / "inbox.mbox"
    mbox.write_bytes(mbox_bytes(messages))
    export = write_export(tmp_path / "export", EXPORTED, invites, connections)
    return mbox, export


def test_an_email_and_the_same_invitation_in_the_export_are_one_request(tmp_path):
    p = person(7, wanted=True)
    when = datetime(2026, 6, 20, 9, 0, tzinfo=UTC)
    mbox = tmp_path / "one.mbox"
    mbox.write_bytes(mbox_bytes([invitation_email(Invitation(p, recipient="Nora", when=when))]))
    export = write_export(
        tmp_path / "x", EXPORTED, [Invite(p.name, when.replace(tzinfo=None, minute=3), url(p.slug))]
    )
    ledger = tmp_path / "ledger.sqlite"
    summary = ingest([mbox, export], ledger)
    assert summary.counts["new_requests"] == 1 and summary.counts["matched"] == 1
    with Ledger.open(ledger) as opened:
        frame = build_history(opened).frame
    assert frame["sources"].tolist() == ["emails;export"]
    assert frame["headline"].tolist() == [WANTED[7 % 3]]
    assert frame["location"].tolist() == ["Milan, Lombardy, Italy"]


def test_an_opaque_email_link_matches_the_export_by_name_and_time(tmp_path):
    p = Person(name="Ilse Marsh", headline="CIO at Dunmore", slug="")  # profile/view?id=...
    when = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    mbox = tmp_path / "one.mbox"
    mbox.write_bytes(mbox_bytes([invitation_email(Invitation(p, recipient="Nora", when=when))]))
    export = write_export(
        tmp_path / "x",
        EXPORTED,
        [Invite("Ilse Marsh", datetime(2026, 6, 2, 18, 0), url("ilse-marsh-77"))],
    )
    summary = ingest([mbox, export], tmp_path / "ledger.sqlite")
    assert summary.counts["new_requests"] == 1 and summary.counts["matched"] == 1


def test_a_digest_repeating_known_invitations_adds_no_request(tmp_path):
    people = [person(i, wanted=True) for i in range(3)]
    when = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    singles = [invitation_email(Invitation(p, recipient="Nora", when=when)) for p in people]
    digest = digest_email(people, recipient="Nora", when=when + timedelta(days=9))
    mbox = tmp_path / "inbox.mbox"
    mbox.write_bytes(mbox_bytes([*singles, digest]))
    summary = ingest([mbox], tmp_path / "ledger.sqlite")
    assert summary.counts["new_requests"] == 3
    assert summary.counts["matched"] == 3  # each digest card found its invitation


def test_skipped_and_unparsed_mail_is_counted_and_shown(tmp_path):
    mbox, _ = world(tmp_path, n=5)
    result = invoke("ingest", mbox, "--ledger", tmp_path / "ledger.sqlite")
    assert result.exit_code == 0, result.output
    assert "skipped 1: LinkedIn email that is not an invitation" in result.output
    broken = tmp_path / "broken.eml"
    broken.write_bytes(
        invitation_email(Invitation(person(9, True), recipient="Nora")).replace(
            b"invitationId=", b"invitationXd="
        )
    )
    result = invoke("ingest", broken, "--ledger", tmp_path / "ledger.sqlite")
    assert result.exit_code == 0, result.output
    assert "could not read 1 item(s)" in result.output


def test_the_page_gives_mutual_connections_and_an_approximate_time(tmp_path):
    page = Path(__file__).parent / "fixtures" / "pages" / "invitations_en.txt"
    ledger = tmp_path / "ledger.sqlite"
    summary = ingest([page], ledger, observed_at=datetime(2026, 6, 30, 12, 0))
    assert summary.sources[0].kind == "page"
    assert summary.counts["new_requests"] >= 1
    with Ledger.open(ledger) as opened:
        frame = build_history(opened).frame
        within = opened.scalar("SELECT MAX(received_within_s) FROM requests")
    assert frame["sources"].eq("page").all()
    assert frame["mutual_connections"].notna().any()
    assert int(within or 0) > 0
    # the same page saved again later is the same requests, not new ones
    again = page.read_text(encoding="utf-8").replace("\r\n", "\n") + "\n"
    copy = tmp_path / "later.txt"
    copy.write_text(again, encoding="utf-8")
    later = ingest([copy], ledger, observed_at=datetime(2026, 7, 1, 12, 0))
    assert later.counts["new_requests"] == 0


@pytest.mark.slow
def test_emails_and_an_export_train_a_model_whose_reasons_read_the_headline(tmp_path):
    mbox, export = world(tmp_path)
    ledger = tmp_path / "data" / "ledger.sqlite"
    result = invoke("ingest", mbox, export, "--ledger", ledger)
    assert result.exit_code == 0, result.output

    labelled = tmp_path / "labelled.csv"
    assert invoke("history", "--out", labelled, "--ledger", ledger, "--labelled").exit_code == 0
    frame = pd.read_csv(labelled, dtype=str, keep_default_na=False)
    assert set(frame["label_source"]) == {"connections", "not_connected"}
    assert (frame["headline"] != "").all() and (frame["location"] != "").all()
    assert frame["sources"].str.contains("emails").all()

    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    model = tmp_path / "model"
    result = invoke(
        "train", "--policy", policy, "--history", ledger, "--model-dir", model, "--no-track"
    )
    assert result.exit_code == 0, result.output
    info = json.loads((model / "info.json").read_text())
    assert info["mode"] == "model"

    predictions = tmp_path / "predictions.csv"
    result = invoke("predict", "-m", model, "--input", ledger, "--output", predictions)
    assert result.exit_code == 0, result.output
    scored = pd.read_csv(predictions, dtype=str, keep_default_na=False)
    assert len(scored) >= 1
    said = " ".join(scored["reasons"])
    # Read from the emails' headlines: a wanted title, or (through the rules' score, handed
    # to the facts behind it) the absence of one.
    assert "role you look for (" in said or "no industry or role you look for" in said, said


def test_one_unreadable_file_in_a_mail_folder_is_reported_the_others_read(tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    for i in range(2):
        email = invitation_email(Invitation(person(i, True), recipient="Nora"))
        (folder / f"invite{i}.eml").write_bytes(email)
    (folder / "failed-save.eml").write_bytes(b"")
    summary = ingest([folder], tmp_path / "ledger.sqlite")
    assert summary.counts["new_requests"] == 2
    assert [u.where for u in summary.unparsed] == [str(folder / "failed-save.eml")]
    # given alone, the same file stops the run: it is the whole source
    with pytest.raises(TriageError, match=r"failed-save\.eml"):
        ingest([folder / "failed-save.eml"], tmp_path / "other.sqlite")


def test_an_accept_on_the_day_keeps_what_the_invitation_email_showed(tmp_path):
    """Emails carry seconds (10:00:37), the export minutes (10:00): the email is the request
    itself, not something seen after the accept later that day."""
    p = person(3, wanted=True)
    when = datetime(2026, 6, 2, 10, 0, 37, tzinfo=UTC)
    mbox = tmp_path / "one.mbox"
    mbox.write_bytes(mbox_bytes([invitation_email(Invitation(p, recipient="Nora", when=when))]))
    export = write_export(
        tmp_path / "x",
        EXPORTED,
        [Invite(p.name, datetime(2026, 6, 2, 10, 0), url(p.slug))],
        [Connection("Invented", "Person3", date(2026, 6, 2), url(p.slug))],
    )
    ledger = tmp_path / "ledger.sqlite"
    ingest([export, mbox], ledger)
    with Ledger.open(ledger) as opened:
        built = build_history(opened, which="labelled")
    assert built.frame["label_source"].tolist() == ["connections"]
    assert built.frame["headline"].tolist() == [WANTED[3 % 3]]
    assert sum(built.withheld.values()) == 0
