"""The network report: every number on an invented export where each is known by construction.

One invented network (below) is written as an export in three formats: 2018 (no preamble, no
URLs anywhere, Connected On with a time), 2022 (preamble, no URLs in Connections.csv or
Invitations.csv, URLs of message senders only) and 2024 (URLs everywhere, drafts flagged),
the last one zipped. The same numbers must come out of each. Every person is invented.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from linkedin_triage.commands.cli import app
from linkedin_triage.commands.network_workflow import demo_network_report, network_report
from linkedin_triage.errors import TriageError
from linkedin_triage.explaining.network_page import report_page
from linkedin_triage.explaining.network_report import compute_report
from linkedin_triage.policy import Policy, policy_from_dict
from linkedin_triage.sample import get_persona, write_sample
from linkedin_triage.sample.export_files import HIDDEN, csv_text, network_world
from linkedin_triage.sample.export_files import write_export as sample_export
from linkedin_triage.sources.linkedin_export.discovery import ExportFile
from linkedin_triage.sources.linkedin_export.message_partners import read_message_partners
from linkedin_triage.sources.linkedin_export.network_files import PeopleIndex
from linkedin_triage.sources.linkedin_export.network_inputs import (
    MISSING_INVITATIONS,
    MISSING_MESSAGES,
    inputs_from_export,
)
from linkedin_triage.sources.linkedin_export.reading import profile_url_key

EXPORT_DAY = date(2026, 6, 30)
OWNER = ("Ilka", "Morandi", "ilka-morandi-0c0c0c")
POLICY = {
    "me": {
        "name": "Ilka Morandi",
        "industry": "IT Services and IT Consulting",
        "country": "IT",
        "companies": ["Fjordline Consulting"],
    },
    "interests": {
        "titles": ["Head of IT", "Procurement"],
        "competitors": ["Capgemini", "Deloitte"],
    },
    "rules": {"critical_mass": 250},
}

# Connections.csv, newest first: first, last, URL slug, email, company, position, connected.
# A bare date is a hidden account: a row blank but for its date.
CONNECTIONS: list[tuple[str, str, str, str, str, str, date] | date] = [
    ("Marta", "Rossi", "marta-rossi-2b2b2b", "", "", "", date(2026, 6, 1)),
    ("Ada", "Quist", "ada-quist-1a1a1a", "", "Fjordline Consulting S.r.l.", "Head of IT",
     date(2026, 5, 4)),
    ("Leo", "Quint", "leo-quint-3c3c3c", "leo.quint@example.org", "Trattoria Blu",
     "Account Manager", date(2026, 4, 22)),
    ("Bruno", "Keller", "bruno-keller-4d4d4d", "", "CAPGEMINI ITALIA S.p.A.", "Consultant",
     date(2026, 4, 12)),
    ("Elio", "Brandt", "elio-brandt-5e5e5e", "", "Fjordline Consulting", "Procurement Lead",
     date(2026, 3, 3)),
    ("Fabio", "Grün", "fabio-grün-6f6f6f", "", "Osteria Verde", "Chef", date(2026, 2, 15)),
    ("Dario", "Fenn", "dario-fenn-7a7a7a", "", "Esempio Srl", "Buyer", date(2025, 1, 10)),
    date(2024, 3, 15),
    ("Cora", "Lind", "cora-lind-8b8b8b", "", "Deloitte Consulting", "Business Developer",
     date(2023, 6, 1)),
    ("Marta", "Rossi", "marta-rossi-9c9c9c", "", "Ospedale Nord", "Nurse", date(2023, 2, 1)),
    date(2022, 1, 20),
]  # fmt: skip

# Invitations.csv: direction, the other person, their URL slug ("" none), sent, message.
INVITATIONS: list[tuple[str, str, str, datetime | str, str]] = [
    ("INCOMING", "Gina Holm", "gina-holm-aaaa01", datetime(2026, 6, 25, 9, 0), ""),  # pending
    ("OUTGOING", "Kai Ost", "kai-ost-aaaa02", datetime(2026, 6, 20, 8, 0), "Hi Kai, good to meet you"),
    ("INCOMING", "Hektor Vance", "hektor-vance-aaaa03", datetime(2026, 5, 20, 16, 45), "Buy now"),
    ("OUTGOING", "Marta Rossi", "marta-rossi-2b2b2b", datetime(2026, 5, 20, 10, 0), ""),
    ("INCOMING", "Ada Quist", "ada-quist-1a1a1a", datetime(2026, 5, 2, 10, 5), ""),
    ("OUTGOING", "leo.quint@example.org", "", datetime(2026, 4, 20, 11, 0), ""),
    ("INCOMING", "Bruno Keller", "bruno-keller-4d4d4d", datetime(2026, 4, 11, 8, 30), "Ciao!"),
    ("OUTGOING", "Ivo Sandberg", "ivo-sandberg-aaaa04", datetime(2026, 4, 1, 9, 0), "Hi Ivo, we met"),
    ("INCOMING", "Dario Fenn", "dario-fenn-other1", datetime(2026, 3, 3, 13, 15), ""),
    ("OUTGOING", "Elio Brandt", "elio-brandt-5e5e5e", datetime(2026, 3, 1, 9, 0), "Hi Elio!"),
    ("OUTGOING", "Fabio Grün", "fabio-grün-6f6f6f", datetime(2026, 2, 10, 9, 0), ""),
    ("OUTGOING", "Jana Roth", "jana-roth-aaaa05", datetime(2026, 1, 15, 9, 0), ""),
    ("INCOMING", "Lotte Berg", "lotte-berg-aaaa06", "yesterday", ""),  # unreadable Sent At
]  # fmt: skip
PEOPLE_URLS = {
    "Ilka Morandi": OWNER[2], "Ada Quist": "ada-quist-1a1a1a", "Nils Berger": "nils-berger-bbbb01",
    "Olga Pavić": "olga-pavić-bbbb02", "Piet Ruud": "piet-ruud-bbbb03",
    "Ivo Sandberg": "ivo-sandberg-aaaa04", "Gina Holm": "gina-holm-aaaa01",
    "Hektor Vance": "hektor-vance-aaaa03", "Rhea Tamm": "rhea-tamm-bbbb04",
    "Quentin Marr": "quentin-marr-bbbb05",
}  # fmt: skip
ME = "Ilka Morandi"
# messages.csv: conversation, sender, recipients, when, draft (drafts only exist since 2024).
MESSAGES: list[tuple[str, str, list[str], datetime, bool]] = [
    ("c1", "Ada Quist", [ME], datetime(2026, 3, 1, 9, 0), False),  # a connection
    ("c1", ME, ["Ada Quist"], datetime(2026, 3, 2, 9, 0), False),
    ("c2", "Nils Berger", [ME], datetime(2025, 11, 5, 9, 0), False),  # to invite
    ("c2", ME, ["Nils Berger"], datetime(2025, 11, 6, 9, 0), False),
    ("c3", ME, ["Olga Pavić"], datetime(2025, 9, 1, 9, 0), False),  # to invite (unanswered)
    ("c4", "Piet Ruud", [ME], datetime(2026, 1, 10, 9, 0), False),  # never answered: not counted
    ("c5", ME, ["Ivo Sandberg"], datetime(2026, 3, 30, 9, 0), False),  # invitation waiting
    ("c6", ME, ["Gina Holm"], datetime(2026, 6, 1, 9, 0), False),  # their invitation pending
    ("c7", "Hektor Vance", [ME], datetime(2026, 5, 1, 9, 0), False),  # their invitation unanswered
    ("c7", ME, ["Hektor Vance"], datetime(2026, 5, 2, 9, 0), False),
    ("c8", ME, ["Nils Berger", "Rhea Tamm"], datetime(2026, 2, 2, 9, 0), False),  # a group
    ("c9", ME, ["Quentin Marr"], datetime(2026, 2, 3, 9, 0), True),  # a draft: never sent
]  # fmt: skip

EXPECTED: dict[str, Any] = {
    "connections": 9,
    "hidden_connections": 2,
    "critical_mass": [200, 250],
    "critical_mass_reached": False,
    "incoming": {
        "received": 5,
        "accepted": 2,  # Ada, Bruno; Dario Fenn's namesake connected before his invitation
        "not_accepted_older_than_grace": 2,  # Hektor, Dario
        "pending": 1,  # Gina
        "accept_rate": 0.5,
    },
    "outgoing": {
        "sent": 7,
        "with_note": 3,  # Kai, Ivo, Elio
        "accepted": 4,  # Elio, Fabio, the newer Marta Rossi, Leo (by email)
        "younger_than_grace": 1,  # Kai
        "accept_rate_with_note": 0.5,  # Elio of Elio, Ivo
        "accept_rate_without_note": 0.75,  # Fabio, Marta, Leo of those and Jana
        "pending_older_than_grace": 2,  # Ivo, Jana
    },
    "invite_candidates": 3,  # Nils, Olga, Rhea
    "mix": {
        "connections_with_company": 8,
        "connections_with_position": 8,
        "own_companies": 2,
        "by_own_company": {"Fjordline Consulting": 2},
        "competitors": 2,
        "by_competitor": {"Capgemini": 1, "Deloitte": 1},
        "interest_titles": 3,  # Head of IT, Procurement Lead, Buyer
        "industries": None,
        "markets": None,
    },
}


# -- writing the invented export in each format ------------------------------------------------------
def _url(slug: str, encoded: bool = False) -> str:
    from urllib.parse import quote

    return (
        f"https://www.linkedin.com/in/{quote(slug, safe='-') if encoded else slug}" if slug else ""
    )


def _sent_at(when: datetime | str) -> str:
    if isinstance(when, str):
        return when
    hour = when.hour % 12 or 12
    return f"{when.month}/{when.day}/{when.year % 100:02d}, {hour}:{when.minute:02d} " + (
        "AM" if when.hour < 12 else "PM"
    )


PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email '
    'addresses are missing."\n\n'
)


def _connections(version: str) -> str:
    with_url = version == "2024"
    header = ["First Name", "Last Name", *(["URL"] if with_url else []), "Email Address",
              "Company", "Position", "Connected On"]  # fmt: skip
    rows = []
    for item in CONNECTIONS:
        if isinstance(item, date):
            day, cells = item, ["", "", *([""] if with_url else []), "", "", ""]
        else:
            first, last, slug, email, company, position, day = item
            url = [_url(slug, encoded=True)] if with_url else []
            cells = [first, last, *url, email, company, position]
        shown = (
            _sent_at(datetime(day.year, day.month, day.day, 18, 0))
            if version == "2018"
            else (day.strftime("%d %b %Y"))
        )
        rows.append([*cells, shown])
    return (PREAMBLE if version != "2018" else "") + csv_text(header, rows)


def _invitations(version: str) -> str:
    with_url = version == "2024"
    header = ["From", "To", "Sent At", "Message", "Direction"]
    header += ["inviterProfileUrl", "inviteeProfileUrl"] if with_url else []
    me, my_url = " ".join(OWNER[:2]), _url(OWNER[2])
    rows = []
    for direction, other, slug, sent, message in INVITATIONS:
        people = [other, me] if direction == "INCOMING" else [me, other]
        urls = [_url(slug), my_url] if direction == "INCOMING" else [my_url, _url(slug)]
        rows.append([*people, _sent_at(sent), message, direction, *(urls if with_url else [])])
    return csv_text(header, rows)


def _messages(version: str) -> str:
    if version == "2018":  # the oldest shape the reader takes: no conversation id, no URLs
        header = ["FROM", "TO", "DATE", "SUBJECT", "CONTENT"]
        rows = [
            [sender, ",".join(to), _sent_at(when), "", "hello"]
            for _, sender, to, when, draft in MESSAGES
            if not draft
        ]
        return csv_text(header, rows)
    header = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO"]
    header += ["RECIPIENT PROFILE URLS"] if version == "2024" else []
    header += ["DATE", "SUBJECT", "CONTENT", "FOLDER"]
    header += ["IS MESSAGE DRAFT", "IS CONVERSATION DRAFT"] if version == "2024" else []
    rows = []
    for talk, sender, to, when, draft in MESSAGES:
        if draft and version != "2024":
            continue
        row = [talk, "", sender, _url(PEOPLE_URLS[sender]), ",".join(to)]
        if version == "2024":
            row.append(",".join(_url(PEOPLE_URLS[p]) for p in to))
        row += [when.strftime("%Y-%m-%d %H:%M:%S UTC"), "", "hello", "INBOX"]
        if version == "2024":
            row += ["Yes" if draft else "No", "Yes" if draft else "No"]
        rows.append(row)
    return csv_text(header, rows)


def _profile(version: str) -> str:
    header = ["First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline"]
    return csv_text(header, [[OWNER[0], OWNER[1], "", "", "", "Data consultant"]])


def export_files(version: str) -> dict[str, str]:
    return {
        "Connections.csv": _connections(version),
        "Invitations.csv": _invitations(version),
        "messages.csv": _messages(version),
        "Profile.csv": _profile(version),
    }


def write_export(
    tmp_path: Path, version: str, files: dict[str, str] | None = None, zipped: bool = False
) -> Path:
    files = export_files(version) if files is None else files
    name = f"Basic_LinkedInDataExport_{EXPORT_DAY:%m-%d-%Y}"
    if zipped:
        archive = tmp_path / f"{name}.zip"
        with zipfile.ZipFile(archive, "w") as opened:
            for file, text in files.items():
                opened.writestr(file, text)
        return archive
    folder = tmp_path / name
    folder.mkdir(parents=True)
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def _policy(**rules: int) -> Policy:
    return policy_from_dict({**POLICY, "rules": {**POLICY["rules"], **rules}})


def load_policy_of(persona: str) -> Policy:
    return get_persona(persona).policy


def _values(document: dict[str, Any]) -> dict[str, Any]:
    return {key: document[key] for key in EXPECTED}


# -- every number, in every format ------------------------------------------------------------------
@pytest.mark.parametrize("version", ["2018", "2022", "2024"])
def test_every_number_is_the_one_built_into_the_export(tmp_path: Path, version: str) -> None:
    export = write_export(tmp_path, version, zipped=version == "2024")
    report = compute_report(inputs_from_export(export), _policy())
    document = report.to_json()
    assert _values(document) == EXPECTED
    assert document["as_of"] == "2026-06-30"
    assert document["missing"] == {}
    # The unreadable invitation is named, with its row and column, not dropped silently.
    assert any("row 13, column Sent At" in n and "yesterday" in n for n in document["notices"])
    # Every number says how it was computed.
    assert set(document["how"]) == {key for key, _, _ in report.rows()}
    assert all(sentence for sentence in document["how"].values())


def test_the_candidates_listed_are_the_people_to_invite(tmp_path: Path) -> None:
    report = compute_report(inputs_from_export(write_export(tmp_path, "2024")), _policy())
    assert report.candidates is not None
    assert set(report.candidates["name"]) == {"Nils Berger", "Olga Pavić", "Rhea Tamm"}
    # Nils is in two conversations the user wrote in: most talked-to first.
    assert report.candidates.iloc[0]["name"] == "Nils Berger"
    assert report.candidates.iloc[0]["messages"] == 3
    assert report.to_withdraw is not None
    assert list(report.to_withdraw["name"]) == ["Jana Roth", "Ivo Sandberg"]


def test_the_policy_sets_the_top_of_the_critical_mass(tmp_path: Path) -> None:
    export = write_export(tmp_path, "2024")
    document = compute_report(inputs_from_export(export), _policy(critical_mass=9)).to_json()
    assert document["critical_mass"] == [9, 9]
    assert document["critical_mass_reached"] is True  # 9 connections >= 9
    default = policy_from_dict({"me": POLICY["me"]})
    document = compute_report(inputs_from_export(export), default).to_json()
    assert document["critical_mass"] == [200, 300]


def test_the_grace_period_decides_what_is_too_recent(tmp_path: Path) -> None:
    export = write_export(tmp_path, "2024")
    # 41 days: Hektor (41 days) and Ivo's invitation (90) are still waiting, not refused.
    document = compute_report(inputs_from_export(export), _policy(), grace_days=41).to_json()
    assert document["incoming"]["pending"] == 2
    assert document["incoming"]["not_accepted_older_than_grace"] == 1
    assert document["incoming"]["accept_rate"] == pytest.approx(2 / 3)
    assert document["outgoing"]["younger_than_grace"] == 2  # Kai, Marta
    with pytest.raises(TriageError, match="grace-days"):
        compute_report(inputs_from_export(export), _policy(), grace_days=-1)


# -- what is missing --------------------------------------------------------------------------------
def test_no_messages_file_gives_null_and_says_what_to_add(tmp_path: Path) -> None:
    files = export_files("2024")
    del files["messages.csv"]
    report = compute_report(inputs_from_export(write_export(tmp_path, "2024", files)), _policy())
    document = report.to_json()
    assert document["invite_candidates"] is None
    assert document["missing"] == {"messages": MISSING_MESSAGES}
    assert "add messages.csv" in document["how"]["invite_candidates"]
    assert "add messages.csv" in report_page(report)
    # Everything else is still there.
    assert document["outgoing"] == EXPECTED["outgoing"]


def test_only_connections_says_what_it_can_and_cannot_compute(tmp_path: Path) -> None:
    files = {"Connections.csv": export_files("2022")["Connections.csv"]}
    report = compute_report(inputs_from_export(write_export(tmp_path, "2022", files)), _policy())
    document = report.to_json()
    assert document["connections"] == 9
    assert document["hidden_connections"] == 2
    assert document["critical_mass_reached"] is False
    assert document["mix"] == EXPECTED["mix"]
    assert document["incoming"] == dict.fromkeys(EXPECTED["incoming"])
    assert document["outgoing"] == dict.fromkeys(EXPECTED["outgoing"])
    assert document["invite_candidates"] is None
    assert set(document["missing"]) == {"invitations", "messages"}
    assert document["missing"]["invitations"] == MISSING_INVITATIONS
    assert "add Invitations.csv" in document["how"]["outgoing.sent"]
    page = report_page(report)
    assert "What this source could not tell" in page
    assert "add Invitations.csv" in page
    # The export date still comes from the export's name.
    assert document["as_of"] == "2026-06-30"


def test_messages_without_a_way_to_tell_the_user_give_null(tmp_path: Path) -> None:
    """No Profile.csv, no Invitations.csv, no [me] name, one conversation: nobody to call 'you'."""
    files = export_files("2024")
    files = {
        "Connections.csv": files["Connections.csv"],
        "messages.csv": csv_text(
            ["CONVERSATION ID", "FROM", "TO", "DATE"],
            [["c1", "Ada Quist", "Nils Berger", "2026-03-01 09:00:00 UTC"]],
        ),
    }
    policy = policy_from_dict({"me": {"industry": "Banking", "country": "IT"}})
    document = compute_report(
        inputs_from_export(write_export(tmp_path, "2024", files)), policy
    ).to_json()
    assert document["invite_candidates"] is None
    assert "cannot tell which participant is you" in document["missing"]["messages"]


def test_the_user_is_the_one_person_in_every_conversation(tmp_path: Path) -> None:
    rows = [
        ["c1", "Uma Reyes", "Nils Berger", "2026-03-01 09:00:00 UTC"],
        ["c2", "Olga Pavić", "Uma Reyes", "2026-03-02 09:00:00 UTC"],
        ["c3", "Piet Ruud", "Uma Reyes", "2026-03-03 09:00:00 UTC"],  # never answered
    ]
    file = ExportFile(
        "messages",
        "messages.csv",
        (),
        csv_text(["CONVERSATION ID", "FROM", "TO", "DATE"], rows).encode(),
    )
    read = read_message_partners(file, set(), set())
    assert read.partners is not None
    assert list(read.partners["name"]) == ["Nils Berger"]


def test_a_sqlite_file_that_is_not_a_ledger_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "photos.db"
    with sqlite3.connect(other) as connection:
        connection.execute("create table t (x)")
    policy = tmp_path / "policy.toml"
    policy.write_text('[me]\nindustry = "Retail"\ncountry = "IT"\n', encoding="utf-8")
    result = CliRunner().invoke(
        app, ["network", str(other), "--policy", str(policy), "--out", str(tmp_path / "r.html")]
    )
    assert result.exit_code == 2
    assert "not a linkedin-triage ledger" in result.output


def test_a_folder_without_the_export_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(
        TriageError, match=r"no Connections\.csv, Invitations\.csv or messages\.csv"
    ):
        inputs_from_export(tmp_path)


# -- matching people ---------------------------------------------------------------------------------
def test_people_are_found_by_url_then_email_then_name_never_across_urls() -> None:
    index = PeopleIndex(
        ["Marta Rossi", "Marta Rossi", "Leo Quint", ""],
        ["https://www.linkedin.com/in/marta-a", None, None, None],
        ["", "", "leo@example.org", ""],
    )
    assert index.find("M. Rossi", "https://linkedin.com/in/MARTA-A/") == [0]
    # A different URL: only the namesake without a URL can be this person.
    assert index.find("Marta Rossi", "https://www.linkedin.com/in/marta-b") == [1]
    assert index.find("marta  rossi", None) == [0, 1]
    assert index.find("leo@example.org", None, "leo@example.org") == [2]
    assert index.find("", None) == []  # a hidden account is never anyone
    assert index.repeated_names() == 1


def test_duplicate_names_are_told_apart_by_the_day_of_the_invitation(tmp_path: Path) -> None:
    """Two Marta Rossi: an invitation sent after the older one connected is the newer one's."""
    for version in ("2018", "2024"):
        export = write_export(tmp_path / version, version)
        inputs = inputs_from_export(export)
        assert inputs.outgoing is not None
        marta = inputs.outgoing[inputs.outgoing["name"] == "Marta Rossi"]
        assert [t.date() for t in marta["connected_on"]] == [date(2026, 6, 1)]


# -- the page and the command -----------------------------------------------------------------------
class _References(HTMLParser):
    """Every URL the page would load or link to (src, href) and the tags it uses."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.urls += [value or "" for name, value in attrs if name in {"src", "href"}]


def test_the_page_works_offline_with_its_plots_embedded(tmp_path: Path) -> None:
    report = compute_report(inputs_from_export(write_export(tmp_path, "2024")), _policy())
    page = report_page(report)
    for name in ("growth", "mix", "outgoing", "incoming"):
        assert f'<img alt="{name} plot" src="data:image/png;base64,' in page
    references = _References()
    references.feed(page)
    assert len(references.urls) == 4
    assert all(url.startswith("data:image/png;base64,") for url in references.urls)
    assert not references.tags & {"script", "link", "iframe", "a"}
    # Words first: the advice comes before the first plot.
    assert page.index('class="advice"') < page.index("<img")


def test_stranger_text_on_the_page_is_text(tmp_path: Path) -> None:
    files = export_files("2024")
    hostile = "<script>alert(1)</script>\u202e"
    files["messages.csv"] += (
        f'c10,,{ME},https://www.linkedin.com/in/{OWNER[2]},"{hostile}",'
        ",2026-02-02 09:00:00 UTC,,hi,INBOX,No,No\n"
    )
    page = report_page(
        compute_report(inputs_from_export(write_export(tmp_path, "2024", files)), _policy())
    )
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;\\u202e" in page
    assert "\u202e" not in page


def test_the_command_writes_the_page_and_the_json(tmp_path: Path) -> None:
    export = write_export(tmp_path, "2022")
    policy = tmp_path / "policy.toml"
    policy.write_text(
        '[me]\nname = "Ilka Morandi"\nindustry = "IT Services and IT Consulting"\ncountry = "IT"\n'
        'companies = ["Fjordline Consulting"]\n[interests]\ntitles = ["Head of IT", "Procurement"]\n'
        'competitors = ["Capgemini", "Deloitte"]\n[rules]\ncritical_mass = 250\n',
        encoding="utf-8",
    )
    page, numbers = tmp_path / "out" / "report.html", tmp_path / "out" / "report.json"
    result = CliRunner().invoke(
        app,
        [
            "network",
            str(export),
            "--policy",
            str(policy),
            "--out",
            str(page),
            "--json",
            str(numbers),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "You have 9 connections: 191 short of the critical mass of 200-250" in result.output
    assert "3 people you exchanged messages with" in result.output
    assert _values(json.loads(numbers.read_text(encoding="utf-8"))) == EXPECTED
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in page.parent.iterdir()) == ["report.html", "report.json"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["missing-export"], "missing-export: not found"),
        (["EXPORT", "--policy", "nowhere.toml"], "nowhere.toml: policy file not found"),
        (["EXPORT", "--grace-days", "-3"], "--grace-days must be 0 or more"),
        (["EXPORT", "--json", "OUT"], "--json and --out name the same file"),
    ],
)
def test_bad_input_is_exit_2_naming_the_file_and_writes_nothing(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    export = write_export(tmp_path, "2024")
    policy = tmp_path / "policy.toml"
    policy.write_text('[me]\nindustry = "Banking"\ncountry = "IT"\n', encoding="utf-8")
    page = tmp_path / "out" / "report.html"
    given = [str(export) if a == "EXPORT" else str(page) if a == "OUT" else a for a in arguments]
    if "--policy" not in given:
        given += ["--policy", str(policy)]
    result = CliRunner().invoke(app, ["network", *given, "--out", str(page)])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert not page.parent.exists() or list(page.parent.iterdir()) == []


def test_the_library_function_returns_what_the_terminal_shows(tmp_path: Path) -> None:
    export = write_export(tmp_path, "2018")
    policy = tmp_path / "policy.toml"
    policy.write_text('[me]\nindustry = "Banking"\ncountry = "IT"\n', encoding="utf-8")
    outcome = network_report(export, policy, tmp_path / "r.html")
    assert outcome.json is None
    lines = "\n".join(outcome.lines())
    assert "invite candidates: 3" in lines
    assert "wrote" in lines and "r.html" in lines
    assert not (tmp_path / "r.json").exists()


def test_only_invitations_counts_them_but_cannot_tell_who_accepted(tmp_path: Path) -> None:
    files = {"Invitations.csv": export_files("2018")["Invitations.csv"]}
    report = compute_report(inputs_from_export(write_export(tmp_path, "2018", files)), _policy())
    document = report.to_json()
    assert document["connections"] is None
    assert document["critical_mass_reached"] is None
    assert document["incoming"]["received"] == 5
    assert document["outgoing"]["sent"] == 7
    assert document["outgoing"]["with_note"] == 3
    assert document["incoming"]["accepted"] is None
    assert document["outgoing"]["accept_rate_with_note"] is None
    assert "add Connections.csv" in document["how"]["incoming.accepted"]
    assert "No plot: not computed: add Connections.csv" in report_page(report)


def test_namesakes_in_connections_are_reported(tmp_path: Path) -> None:
    inputs = inputs_from_export(write_export(tmp_path, "2022"))
    assert any("1 name(s) belong to more than one connection" in n for n in inputs.notices)


# -- the sample's invented export ------------------------------------------------------------------
def test_the_sample_export_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    first = sample_export(tmp_path / "a", date(2026, 10, 1), seed=3)
    second = sample_export(tmp_path / "b", date(2026, 10, 1), seed=3)
    other = sample_export(tmp_path / "c", date(2026, 10, 1), seed=4)
    names = sorted(p.name for p in first.iterdir())
    assert names == ["Connections.csv", "Invitations.csv", "Profile.csv", "messages.csv"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes()
    assert (first / "Connections.csv").read_bytes() != (other / "Connections.csv").read_bytes()


def test_two_sample_exports_a_month_apart_show_one_world(tmp_path: Path) -> None:
    early = inputs_from_export(sample_export(tmp_path, date(2026, 9, 30)))
    late = inputs_from_export(sample_export(tmp_path, date(2026, 10, 31)))
    assert (early.as_of, late.as_of) == (date(2026, 9, 30), date(2026, 10, 31))
    assert early.connections is not None and late.connections is not None
    urls = set(early.connections["profile_url"].dropna())
    assert urls < set(late.connections["profile_url"].dropna())  # nobody disconnects
    assert early.incoming is not None and late.incoming is not None
    # An invitation unanswered at the first export is, at the second, accepted, still there,
    # or gone because it was ignored in between (LinkedIn drops ignored invitations).
    world = network_world("consultant", seed=7)
    ignored = world.incoming[world.incoming["ignored_at"] < pd.Timestamp("2026-11-01")]
    waiting = early.incoming[early.incoming["connected_on"].isna()]["profile_url"]
    seen = set(late.incoming["profile_url"]) | set(late.connections["profile_url"].dropna())
    known = {profile_url_key(u) for u in seen} | set(ignored["profile_url"].map(profile_url_key))
    assert len(waiting) > 0
    assert {profile_url_key(u) for u in waiting} <= known
    accepted_later = late.incoming[late.incoming["connected_on"].notna()]["profile_url"]
    assert set(waiting) & set(accepted_later)  # some were accepted in between


def test_the_sample_export_report_matches_its_world(tmp_path: Path) -> None:
    day = date(2026, 10, 31)
    world = network_world("consultant", seed=7)
    inputs = inputs_from_export(sample_export(tmp_path, day, seed=7), owner_name="Giulia Conti")
    report = compute_report(inputs, load_policy_of("consultant"))
    end = pd.Timestamp(day) + pd.Timedelta(days=1)
    connected = world.connections[world.connections["connected_at"] < end]
    assert report.numbers.connections.value == int((~connected["hidden"]).sum())
    assert report.numbers.hidden_connections.value == HIDDEN
    assert report.candidates is not None and len(report.candidates) >= 20
    connected_urls = {profile_url_key(u) for u in connected["profile_url"]}
    assert not {profile_url_key(u) for u in report.candidates["profile_url"]} & connected_urls


def test_the_demo_step_writes_the_network_report(tmp_path: Path) -> None:
    write_sample(tmp_path / "sample", seed=7, persona="consultant", n_history=50, n_pending=5)
    outcome = demo_network_report(tmp_path, tmp_path / "sample" / "policy.toml", 7, "consultant")
    assert outcome.html == tmp_path / "network.html"
    assert outcome.html.read_text(encoding="utf-8").count("data:image/png;base64,") == 4
    document = json.loads((tmp_path / "network.json").read_text(encoding="utf-8"))
    assert document["connections"] > 300 and document["critical_mass_reached"] is True
