"""The invitations page (pasted text or saved HTML) -> sightings with approximate times.

Fixtures in tests/fixtures/pages/ are invented pages: English and Italian pasted with
select-all, a Spanish page saved as HTML, and a page of something else. Other languages and
the odd shapes are built in code.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkedin_triage.errors import TriageError
from linkedin_triage.sources.invitations_page import looks_like_page, read_invitations_page
from linkedin_triage.sources.invitations_page.localised_words import mutual_count
from linkedin_triage.sources.invitations_page.relative_times import parse_relative_time
from linkedin_triage.sources.sightings import Sighting, Skipped, Unparsed

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
SEEN = datetime(2026, 3, 10, 12, 0)
DAY, WEEK = timedelta(days=1), timedelta(weeks=1)


def sightings(path: Path, observed_at: datetime | None = SEEN) -> list[Sighting]:
    items = list(read_invitations_page(path, observed_at))
    return [i for i in items if isinstance(i, Sighting)]


def page(tmp_path: Path, lines: list[str], name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_english_page_pasted_as_text() -> None:
    items = list(read_invitations_page(FIXTURES / "invitations_en.txt", SEEN))
    assert [type(i) for i in items] == [Skipped, Sighting, Sighting, Sighting, Skipped]
    lucia, tomas, ana = (i for i in items if isinstance(i, Sighting))
    assert lucia.name == "Lucia Neri"
    assert dict(lucia.columns) == {
        "headline": "Head of Sales at Acmeplast",
        "mutual_connections": "12",
        "message": "Hi Giulia, we met at the Milan fintech meetup.\nWould love to stay in touch!",
    }
    assert (lucia.received_at, lucia.received_within) == (SEEN - 2 * DAY, DAY)
    assert lucia.observed_at == SEEN and lucia.invitation_id is None
    assert (tomas.received_at, tomas.received_within) == (SEEN - WEEK, WEEK)
    assert "mutual_connections" not in tomas.columns
    assert ana.columns["mutual_connections"] == "1"  # "Ana Pereira is a mutual connection"
    assert ana.received_at == SEEN - DAY  # "Yesterday"
    assert ana.origin == "invitations_en.txt, invitation 3"


def test_an_italian_page_pasted_as_text() -> None:
    chiara, davide = sightings(FIXTURES / "invitations_it.txt")
    assert chiara.name == "Chiara Esposito"  # read twice on the page, once here
    assert chiara.columns["mutual_connections"] == "5"  # "Paolo Rinaldi e altri 4 ..."
    assert chiara.columns["message"].startswith("Ciao Giulia, ci siamo conosciute")
    assert chiara.received_at == SEEN - 3 * DAY
    assert davide.columns["mutual_connections"] == "1"
    assert (davide.received_at, davide.received_within) == (SEEN - 2 * WEEK, WEEK)


def test_a_spanish_page_saved_as_html() -> None:
    ines, pablo = sightings(FIXTURES / "invitations_es.html")
    assert ines.name == "Inés Fernández"  # the screen-reader copy is not read twice
    assert ines.profile_url == "https://www.linkedin.com/in/ines-fernandez-ejemplo/"
    assert ines.columns == {
        "headline": "Directora Financiera en Ejemplo Logística S.L.",
        "mutual_connections": "8",
        "message": "Hola Giulia, coincidimos en la feria de Valencia.\n¿Conectamos?",
    }
    assert ines.received_at == SEEN - 5 * DAY
    assert pablo.profile_url == "https://www.linkedin.com/in/pablo-ruiz-ventas/"
    assert (pablo.received_at, pablo.received_within) == (
        SEEN - timedelta(days=30),
        timedelta(days=30),
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [
                "Einladungen verwalten",
                "Jonas Müller",
                "Leiter IT bei Beispielwerk GmbH",
                "Anna Schmidt und 3 weitere gemeinsame Kontakte",
                "vor 2 Wochen",
                "Ignorieren",
                "Annehmen",
            ],
            ("Jonas Müller", "4", 2 * WEEK, WEEK),
        ),
        (
            [
                "Gérer les invitations",
                "Amélie Durand",
                "Consultante SAP chez Exemple Conseil",
                "Paul Martin est une relation en commun",
                "il y a 3 jours",
                "Ignorer",
                "Accepter",
            ],
            ("Amélie Durand", "1", 3 * DAY, DAY),
        ),
        (
            [
                "Gerenciar convites",
                "Tomás Silva",
                "Engenheiro de Dados na Exemplo Tecnologia",
                "Rita Costa e outras 6 conexões em comum",
                "há 1 mês",
                "Ignorar",
                "Aceitar",
            ],
            ("Tomás Silva", "7", timedelta(days=30), timedelta(days=30)),
        ),
        (
            [
                "Gestionar invitaciones",
                "Inés Fernández",
                "Directora Financiera",
                "12 contactos en común",
                "ayer",
                "Aceptar",
                "Ignorar",
            ],
            ("Inés Fernández", "12", DAY, DAY),
        ),
    ],
)
def test_localised_pages(tmp_path: Path, lines: list[str], expected: tuple) -> None:
    (seen,) = sightings(page(tmp_path, lines))
    name, mutuals, ago, within = expected
    assert (seen.name, seen.columns["mutual_connections"]) == (name, mutuals)
    assert (seen.received_at, seen.received_within) == (SEEN - ago, within)


@pytest.mark.parametrize(
    ("line", "ago", "within"),
    [
        ("2 days ago", 2 * DAY, DAY),
        ("1 week ago", WEEK, WEEK),
        ("a month ago", timedelta(days=30), timedelta(days=30)),
        ("5 hours ago", timedelta(hours=5), timedelta(hours=1)),
        ("Today", timedelta(0), DAY),
        ("3d", 3 * DAY, DAY),
        ("1yr", timedelta(days=365), timedelta(days=365)),
        ("hace 2 semanas", 2 * WEEK, WEEK),
        ("hace una semana", WEEK, WEEK),
        ("il y a un an", timedelta(days=365), timedelta(days=365)),
        ("vor einer Woche", WEEK, WEEK),
        ("vor 4 Tagen", 4 * DAY, DAY),
        ("gestern", DAY, DAY),
        ("un mese fa", timedelta(days=30), timedelta(days=30)),
        ("2 giorni fa", 2 * DAY, DAY),
        ("há 3 semanas", 3 * WEEK, WEEK),
        ("ontem", DAY, DAY),
        ("aujourd’hui", timedelta(0), DAY),
    ],
)
def test_relative_times_in_six_languages(line: str, ago: timedelta, within: timedelta) -> None:
    parsed = parse_relative_time(line)
    assert parsed is not None and (parsed.ago, parsed.within) == (ago, within)


@pytest.mark.parametrize(
    "line",
    ["Head of Sales", "2 days", "ago", "99999 days ago", "hace", "3x", "²d", "Yesterday's news"],
)
def test_lines_that_are_not_times(line: str) -> None:
    assert parse_relative_time(line) is None


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("Lucia Neri and 11 other mutual connections", 12),
        ("Lucia Neri is a mutual connection", 1),
        ("Ada Byron, Bo Chen & 8 other mutual connections", 10),
        ("Ada Byron and Bo Chen are mutual connections", 2),
        ("12 mutual connections", 12),
        ("Lucía Gómez y 7 contactos en común más", 8),
        ("Paolo Rinaldi e altri 4 collegamenti in comune", 5),
        ("Head of mutual funds", None),
        ("Passionate about what we have en commun", None),
    ],
)
def test_mutual_connection_lines(line: str, count: int | None) -> None:
    assert mutual_count(line) == count


def test_a_block_without_a_time_is_unparsed_and_the_others_are_read(tmp_path: Path) -> None:
    lines = [
        "Manage invitations",
        "Ada Byron",
        "Engineer",
        "Ignore",
        "Accept",
        "Bo Chen",
        "Designer",
        "3 days ago",
        "Ignore",
        "Accept",
    ]
    items = list(read_invitations_page(page(tmp_path, lines), SEEN))
    assert isinstance(items[1], Unparsed) and items[1].where == "Ada Byron"
    assert "no received time" in items[1].why
    assert isinstance(items[2], Sighting) and items[2].name == "Bo Chen"


def test_buttons_with_nothing_before_them_are_reported(tmp_path: Path) -> None:
    items = list(
        read_invitations_page(page(tmp_path, ["Manage invitations", "Ignore", "Accept"]), SEEN)
    )
    assert len(items) == 2 and isinstance(items[1], Unparsed)
    assert "no name" in items[1].why


def test_an_empty_invitations_page_gives_no_sighting(tmp_path: Path) -> None:
    path = page(tmp_path, ["Manage invitations", "Received", "No pending invitations"])
    assert looks_like_page(path)
    assert sightings(path) == []


def test_observed_at_defaults_to_the_files_modification_time(tmp_path: Path) -> None:
    path = page(
        tmp_path, ["Manage invitations", "Ada Byron", "Engineer", "2 days ago", "Ignore", "Accept"]
    )
    stamp = datetime(2026, 1, 20, 8, 30, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    (seen,) = sightings(path, observed_at=None)
    assert seen.observed_at == datetime(2026, 1, 20, 8, 30)
    assert seen.received_at == datetime(2026, 1, 18, 8, 30)


def test_an_aware_observed_at_is_converted_to_naive_utc(tmp_path: Path) -> None:
    path = page(tmp_path, ["Ada Byron", "Engineer", "Today", "Ignore", "Accept"])
    (seen,) = sightings(path, datetime(2026, 3, 10, 13, 0, tzinfo=timezone(timedelta(hours=1))))
    assert seen.observed_at == SEEN


def test_the_same_request_on_two_pages_has_overlapping_received_windows(tmp_path: Path) -> None:
    """The ledger matches them; the reader's part is an honest window on each page."""
    first = page(tmp_path, ["Ada Byron", "Engineer", "2 days ago", "Ignore", "Accept"], "a.txt")
    later = page(tmp_path, ["Ada Byron", "Engineer", "1 week ago", "Ignore", "Accept"], "b.txt")
    (a,) = sightings(first, SEEN)
    (b,) = sightings(later, SEEN + 5 * DAY)
    assert abs(a.received_at - b.received_at) <= a.received_within + b.received_within


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("not_invitations.html", None, "not LinkedIn's invitations page"),
        ("notes.txt", b"Shopping list\nmilk\neggs\n", "not LinkedIn's invitations page"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("folder", None, "a folder"),
        ("missing.txt", None, "not found"),
    ],
)
def test_files_that_are_not_the_page_are_refused_naming_them(
    tmp_path: Path, name: str, data: bytes | None, what: str
) -> None:
    path = FIXTURES / name if name == "not_invitations.html" else tmp_path / name
    if data is not None:
        path.write_bytes(data)
    if name == "folder":
        path.mkdir()
    with pytest.raises(TriageError, match=what) as raised:
        read_invitations_page(path, SEEN)  # raised by the call: nothing was yielded
    assert name in str(raised.value)
    assert not looks_like_page(path)


def test_looks_like_page_recognises_both_forms() -> None:
    assert looks_like_page(FIXTURES / "invitations_en.txt")
    assert looks_like_page(FIXTURES / "invitations_es.html")


def test_windows_1252_and_utf16_text_pages(tmp_path: Path) -> None:
    lines = "Gérer les invitations\nAmélie Durand\nConsultante\nhier\nIgnorer\nAccepter\n"
    for encoding in ("cp1252", "utf-16"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(lines.encode(encoding))
        (seen,) = sightings(path)
        assert seen.name == "Amélie Durand"


def test_hostile_text_in_a_block_comes_out_exactly(tmp_path: Path) -> None:
    name = "=cmd|' /C calc'!A0 \u202eAda\x1b[31m"
    note = "x" * 100_000 + "\u200b"
    (seen,) = sightings(
        page(tmp_path, [name, "CEO \u2066", "2 days ago", note, "Ignore", "Accept"])
    )
    assert seen.name == name.strip()
    assert seen.columns["message"] == note


def test_unparsed_blocks_show_no_control_characters(tmp_path: Path) -> None:
    path = page(tmp_path, ["\x1b[2JAda\u202e", "Engineer", "Ignore", "Accept"])
    (item,) = list(read_invitations_page(path, SEEN))
    assert isinstance(item, Unparsed)
    assert not any(ord(ch) < 32 or ch == "\u202e" for ch in item.where + item.why)


LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "Ignore",
                "Accept",
                "2 days ago",
                "Manage invitations",
                "People (3)",
                "Ada is a mutual connection",
                "Ignorar",
                "Aceptar",
                "hier",
                "",
            ]
        ),
        st.text(max_size=40),
    ),
    max_size=40,
)


@settings(
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=LINES, html=st.booleans())
def test_any_page_text_gives_source_items_or_a_clean_error(
    tmp_path: Path, lines: list[str], html: bool
) -> None:
    path = tmp_path / ("any.html" if html else "any.txt")
    text = "\n".join(lines)
    if html:
        text = "<html><body>" + "".join(f"<p>{line}</p>" for line in lines) + "</body></html>"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        items = list(read_invitations_page(path, SEEN))
    except TriageError as error:
        assert path.name in str(error)
        return
    assert all(isinstance(i, Sighting | Skipped | Unparsed) for i in items)
    for item in items:
        if isinstance(item, Sighting):
            assert item.received_at <= item.observed_at
