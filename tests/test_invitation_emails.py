"""Invitation emails -> sightings: every documented layout, language, charset and bad input.

The fixtures in tests/fixtures/emails/ are whole invented emails as LinkedIn sends them
(multipart/alternative, quoted-printable or base64 text and HTML parts); many more are built
in code by linkedin_triage/sample/invitation_mail.py. Every person and id is invented.
"""

from __future__ import annotations

import ast
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkedin_triage.errors import TriageError
from linkedin_triage.sample.invitation_mail import (
    WORDINGS,
    Invitation,
    Person,
    digest_email,
    invitation_2015,
    invitation_email,
    mbox_bytes,
    plain_email,
    reminder_2016,
)
from linkedin_triage.sources import invitation_emails as emails
from linkedin_triage.sources.invitation_emails import (
    NOT_AN_INVITATION,
    NOT_FROM_LINKEDIN,
    invitation_id,
    looks_like_mail,
    mail_files,
    public_profile_url,
    read_mail_file,
)
from linkedin_triage.sources.invitation_emails import mailbox_files as mail_files_module
from linkedin_triage.sources.sightings import Sighting, Skipped, Unparsed

FIXTURES = Path(__file__).parent / "fixtures" / "emails"
LUCIA = Person(
    "Lucia Neri",
    "Head of Sales at Acmeplast",
    "Milan, Lombardy, Italy",
    invitation_id="7012345678901234567",
    mutual="Marco Bianchi and 11 other mutual connections",
)


def read(path: Path) -> list:
    return list(read_mail_file(path))


def only_sighting(path: Path) -> Sighting:
    items = read(path)
    assert len(items) == 1 and isinstance(items[0], Sighting), items
    return items[0]


def write(tmp_path: Path, data: bytes, name: str = "invitation.eml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- the fixture emails, one per documented layout -----------------------------------------------
def test_2016_layout_gives_every_field_and_no_note_for_the_default_line() -> None:
    seen = only_sighting(FIXTURES / "invitation_2016_en.eml")
    assert seen.name == "Lucia Neri"
    assert seen.invitation_id == "7012345678901234567"
    assert seen.received_at == datetime(2026, 2, 3, 8, 15)  # 09:15 +01:00 as naive UTC
    assert seen.observed_at == seen.received_at
    assert dict(seen.columns) == {
        "headline": "Head of Sales at Acmeplast",
        "location": "Milan, Lombardy, Italy",  # only the HTML part shows it
        "mutual_connections": "12",
    }
    assert seen.profile_url is not None and "/comm/profile/view?id=" in seen.profile_url
    assert seen.origin == "invitation_2016_en.eml"


def test_a_note_in_latin1_quoted_printable_is_read_with_its_line_breaks() -> None:
    seen = only_sighting(FIXTURES / "invitation_note_de_latin1.eml")
    assert seen.name == "Jonas Müller"  # encoded-word From header, ISO-8859-1
    assert seen.columns["message"] == (
        "Hallo Giulia,\nwir haben uns auf der Messe in Köln getroffen. "
        "Gerne möchte ich in Kontakt bleiben."
    )
    assert seen.columns["location"] == "München, Bayern, Deutschland"
    assert seen.received_at == datetime(2024, 10, 21, 14, 5, 9)
    assert public_profile_url(seen.profile_url or "") == (
        "https://www.linkedin.com/in/jonas-mueller-4b2a"
    )


def test_windows_1252_base64_bodies_decode_and_the_spanish_default_is_no_note() -> None:
    seen = only_sighting(FIXTURES / "invitation_es_cp1252_base64.eml")
    assert seen.name == "Inés Fernández"
    assert seen.columns["headline"] == "Directora Financiera en Ejemplo Logística S.L."
    assert seen.columns["location"] == "Valencia, Comunidad Valenciana, España"
    assert "message" not in seen.columns
    assert seen.received_at == datetime(2023, 5, 2, 12, 30)


def test_an_italian_custom_note_is_the_message() -> None:
    seen = only_sighting(FIXTURES / "invitation_note_it.eml")
    assert seen.columns["message"].startswith("Ciao Giulia, ci siamo conosciute al workshop")
    assert seen.invitation_id == "7045678901234567890"


def test_a_digest_gives_each_invitation_once_with_its_own_fields() -> None:
    items = read(FIXTURES / "digest_three_invitations.eml")
    assert [type(i) for i in items] == [Sighting] * 3
    names = [i.name for i in items]
    assert names == ["Tomás Silva", "Amélie Durand", "Ben Okafor"]
    assert [i.invitation_id for i in items] == [
        "7056789012345678901",
        "7067890123456789012",
        "7078901234567890123",
    ]
    assert items[1].columns["mutual_connections"] == "1"
    assert items[0].columns["location"] == "Lisboa, Portugal"
    assert all("message" not in i.columns for i in items)  # a digest's heading is no note
    assert items[2].origin == "digest_three_invitations.eml, invitation 3 of 3"


def test_the_2016_reminder_names_the_inviter_in_a_sentence() -> None:
    seen = only_sighting(FIXTURES / "reminder_2016_es.eml")
    assert seen.name == "Pedro Alves"
    assert seen.invitation_id == "6164398167585550337"
    assert "message" not in seen.columns  # "Me gustaría añadirte a mi red profesional..."
    assert seen.profile_url is not None and "ts=profile_text" in seen.profile_url


def test_the_2015_layout_with_view_name_s_profile() -> None:
    seen = only_sighting(FIXTURES / "invitation_2015_en.eml")
    assert seen.name == "Sam Whitfield"
    assert seen.columns == {"headline": "Student at Example University"}
    assert seen.received_at == datetime(2015, 11, 20, 23, 2)


# -- languages and notes -------------------------------------------------------------------------
@pytest.mark.parametrize("language", sorted(WORDINGS))
def test_the_default_opening_line_is_not_a_note_in_any_language(
    tmp_path: Path, language: str
) -> None:
    seen = only_sighting(write(tmp_path, invitation_email(Invitation(LUCIA, language=language))))
    assert "message" not in seen.columns
    assert seen.columns["headline"] == LUCIA.headline
    assert seen.columns["location"] == LUCIA.location


@pytest.mark.parametrize("language", sorted(WORDINGS))
def test_a_custom_note_is_kept_in_any_language(tmp_path: Path, language: str) -> None:
    note = "We met at the Example Summit in Turin.\nShall we stay in touch?"
    data = invitation_email(Invitation(LUCIA, language=language, note=note))
    assert only_sighting(write(tmp_path, data)).columns["message"] == note


def test_a_note_that_is_only_a_greeting_plus_the_default_line_is_no_note(tmp_path: Path) -> None:
    data = invitation_email(
        Invitation(LUCIA, note="Hi Giulia, I’d like to join your LinkedIn network.")
    )
    assert "message" not in only_sighting(write(tmp_path, data)).columns


@pytest.mark.parametrize("charset", ["utf-8", "iso-8859-1", "windows-1252", "iso-8859-15"])
@pytest.mark.parametrize("transfer", ["quoted-printable", "base64", "8bit"])
def test_any_charset_and_transfer_encoding_reads_the_same(
    tmp_path: Path, charset: str, transfer: str
) -> None:
    person = Person(
        "Zoë Dupré", "Chargée d'affaires chez Exemple Énergie", "Nîmes, Occitanie, France"
    )
    data = invitation_email(
        Invitation(person, language="fr", charset=charset, transfer=transfer, note="À bientôt !")
    )
    seen = only_sighting(write(tmp_path, data))
    assert (seen.name, seen.columns["headline"], seen.columns["location"]) == (
        person.name,
        person.headline,
        person.location,
    )
    assert seen.columns["message"] == "À bientôt !"


def test_the_sender_without_via_linkedin_and_a_public_profile_slug(tmp_path: Path) -> None:
    person = Person("Ana Sousa", "CFO at Vinhos Exemplo Lda", slug="ana-sousa-cfo")
    seen = only_sighting(write(tmp_path, invitation_email(Invitation(person, via=False))))
    assert seen.name == "Ana Sousa"
    assert seen.profile_url == person.profile_link  # as shown; the ledger normalises
    assert public_profile_url(seen.profile_url) == "https://www.linkedin.com/in/ana-sousa-cfo"


# -- skipped and unparsed mail -------------------------------------------------------------------
def test_mail_that_is_not_an_invitation_is_skipped_and_counted_by_kind(tmp_path: Path) -> None:
    mbox = write(
        tmp_path,
        mbox_bytes(
            [
                plain_email("Ann Example <ann@example.org>", "Lunch?", "Tomorrow at noon?"),
                plain_email(
                    "Lucia Neri via LinkedIn <invitations@linkedin.com>",
                    "Lucia accepted your invitation, explore their network",
                    "See who else you know in common.",
                ),
                plain_email(
                    "LinkedIn <newsletters-noreply@linkedin.com>",
                    "Your weekly digest",
                    "Top posts in your network.",
                ),
                invitation_email(Invitation(LUCIA)),
            ]
        ),
        "inbox.mbox",
    )
    items = read(mbox)
    assert items[:3] == [
        Skipped(NOT_FROM_LINKEDIN),
        Skipped(NOT_AN_INVITATION),
        Skipped(NOT_AN_INVITATION),
    ]
    assert isinstance(items[3], Sighting) and items[3].origin == "inbox.mbox, message 4"


def test_an_invitation_email_of_an_unknown_layout_is_reported_with_its_subject(
    tmp_path: Path,
) -> None:
    data = plain_email(
        "Lucia Neri via LinkedIn <invitations@linkedin.com>",
        "Giulia, please add me to your LinkedIn network",
        "Lucia Neri wants to connect. Open the app to answer.",
    )
    (item,) = read(write(tmp_path, data))
    assert isinstance(item, Unparsed)
    assert item.where.startswith("Giulia, please add me to your LinkedIn network")
    assert "Accept link" in item.why


@pytest.mark.parametrize(
    ("date", "why"),
    [
        (None, "no Date header"),
        ("Tue, 3 Feb 2026 09:15:00", "no time zone"),
        ("next Tuesday", "not a date"),
    ],
)
def test_an_invitation_without_a_usable_date_is_unparsed(
    tmp_path: Path, date: str | None, why: str
) -> None:
    data = invitation_email(Invitation(LUCIA))
    header = next(line for line in data.split(b"\n") if line.startswith(b"Date: "))
    replacement = b"" if date is None else b"Date: " + date.encode()
    (item,) = read(write(tmp_path, data.replace(header + b"\n", replacement + b"\n", 1)))
    assert isinstance(item, Unparsed) and why in item.why


def test_minus_zero_zone_means_utc(tmp_path: Path) -> None:
    data = invitation_email(Invitation(LUCIA))
    header = next(line for line in data.split(b"\n") if line.startswith(b"Date: "))
    data = data.replace(header, b"Date: Tue, 3 Feb 2026 09:15:00 -0000", 1)
    assert only_sighting(write(tmp_path, data)).received_at == datetime(2026, 2, 3, 9, 15)


def test_a_truncated_mbox_reads_what_is_whole_and_reports_the_cut_message() -> None:
    items = read(FIXTURES / "truncated.mbox")
    assert [type(i) for i in items] == [Sighting, Skipped, Unparsed]
    assert items[0].name == "Lucia Neri"
    assert "cut short" in items[2].why


def test_a_message_too_large_to_be_an_invitation_is_not_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mail_files_module, "MAX_MESSAGE_BYTES", 4000)
    big = invitation_email(Invitation(LUCIA)) + b"x" * 10_000
    newsletter = plain_email("LinkedIn <news@linkedin.com>", "News", "y" * 10_000)
    items = read(write(tmp_path, mbox_bytes([big, newsletter]), "big.mbox"))
    assert isinstance(items[0], Unparsed) and "larger than an invitation" in items[0].why
    assert items[1] == Skipped(NOT_AN_INVITATION)


# -- files: finding, sniffing, refusing ----------------------------------------------------------
def test_mail_files_finds_eml_and_mbox_recursively_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b/2.eml", "a.MBOX", "b/1.eml", "notes.txt", ".hidden/x.eml", "._c.eml"):
        (tmp_path / name).write_bytes(b"From: a@example.org\n\nhi\n")
    assert mail_files(tmp_path) == [tmp_path / "a.MBOX", tmp_path / "b/1.eml", tmp_path / "b/2.eml"]
    assert mail_files(tmp_path / "b/1.eml") == [tmp_path / "b/1.eml"]


def test_an_apple_mail_export_folder_is_found(tmp_path: Path) -> None:
    export = tmp_path / "Inbox.mbox"
    export.mkdir()
    (export / "mbox").write_bytes(mbox_bytes([invitation_email(Invitation(LUCIA))]))
    (export / "table_of_contents").write_bytes(b"\x00\x01")
    assert mail_files(tmp_path) == [export / "mbox"]
    assert [type(i) for i in read(export / "mbox")] == [Sighting]


@pytest.mark.parametrize("name", ["notes.txt", "missing.eml"])
def test_mail_files_refuses_other_paths_naming_them(tmp_path: Path, name: str) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(TriageError, match=name):
        mail_files(tmp_path / name)


def test_a_folder_without_mail_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TriageError, match=r"no \.eml or \.mbox files"):
        mail_files(tmp_path)


def test_looks_like_mail_sniffs_the_first_bytes(tmp_path: Path) -> None:
    assert looks_like_mail(FIXTURES / "invitation_2016_en.eml")
    assert looks_like_mail(FIXTURES / "truncated.mbox")
    assert not looks_like_mail(FIXTURES / "binary.eml")
    assert not looks_like_mail(write(tmp_path, b"<!DOCTYPE html><html></html>", "page.eml"))
    assert not looks_like_mail(write(tmp_path, b"name,received_at\nA,2026-01-01\n", "t.eml"))
    assert not looks_like_mail(tmp_path / "missing.eml")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (None, "binary data"),
        (b"<!DOCTYPE html><html><body>Invitations</body></html>", "HTML"),
        (b"", "empty"),
        (b"just some words\nand more\n", "does not start like an email"),
    ],
)
def test_a_file_that_is_not_mail_is_refused_before_anything_is_read(
    tmp_path: Path, data: bytes | None, what: str
) -> None:
    path = FIXTURES / "binary.eml" if data is None else write(tmp_path, data, "x.eml")
    with pytest.raises(TriageError, match=what) as raised:
        read_mail_file(path)  # raised by the call itself: nothing was yielded
    assert path.name in str(raised.value)


# -- hostile text --------------------------------------------------------------------------------
HOSTILE_NAME = '=HYPERLINK("x")\u202e\u200b Ada \x1b[31mLovelace 🚀'


def test_hostile_text_in_every_field_comes_out_exactly(tmp_path: Path) -> None:
    note = "Ciao!\u202e " + "ab" * 50_000 + "\x07 end"
    person = Person(HOSTILE_NAME, "\u202eCEO\x1b[0m at <script>x</script>", "Zürich\u200b")
    seen = only_sighting(write(tmp_path, invitation_email(Invitation(person, note=note))))
    assert seen.columns["headline"] == person.headline
    assert seen.columns["message"] == note
    assert seen.columns["location"] == person.location


def test_messages_about_a_hostile_email_carry_no_control_characters(tmp_path: Path) -> None:
    data = plain_email(
        "x <invitations@linkedin.com>", "Invitation \x1b[2J\u202e reminder\x07", "nothing"
    )
    (item,) = read(write(tmp_path, data))
    assert isinstance(item, Unparsed)
    shown = item.where + item.why
    assert not any(ord(ch) < 32 or ch in "\u202e\x7f" for ch in shown)


def test_the_readers_use_no_regular_expressions() -> None:
    """Linear time on hostile text: plain string operations only (SECURITY.md)."""
    package = Path(emails.__file__).parent
    modules = list(package.glob("*.py")) + list((package.parent / "invitations_page").glob("*.py"))
    imported = set()
    for module in modules:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                imported.add(node.module or "")
    assert len(modules) >= 12
    assert not imported & {"re", "regex"}


# -- links ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.linkedin.com/comm/people/invite-accept?mboxid=I1_500&invitationId=6132985418842456064&fe=true",
            "6132985418842456064",
        ),
        (
            "https://www.linkedin.com/e/v2?e=x&ts=accept_text&sharedKey=z&invitationId=6164398167585550337",
            "6164398167585550337",
        ),
        ("https://www.linkedin.com/comm/people/invite-accept?xinvitationId=1", None),
        ("https://www.linkedin.com/comm/in/ada", None),
        ("https://www.linkedin.com/?invitationId=" + "9" * 500, None),
    ],
)
def test_invitation_id_comes_from_the_invitationid_parameter(
    url: str, expected: str | None
) -> None:
    assert invitation_id(url) == expected


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (
            "https://www.linkedin.com/comm/in/ada-lovelace-1a?midToken=x",
            "https://www.linkedin.com/in/ada-lovelace-1a",
        ),
        ("https://it.linkedin.com/in/ada/", "https://www.linkedin.com/in/ada"),
        ("https://www.linkedin.com/comm/profile/view?id=AAsAAA", None),
        ("https://evil.example.com/in/ada", None),
    ],
)
def test_public_profile_url_needs_a_slug_on_linkedin(link: str, expected: str | None) -> None:
    assert public_profile_url(link) == expected


# -- any bytes -----------------------------------------------------------------------------------
WHOLE = invitation_email(Invitation(LUCIA))  # built once: the email package draws random boundaries
EMAIL_LIKE = st.one_of(
    st.binary(max_size=3000),
    st.builds(
        lambda head, body: b"From: x <invitations@linkedin.com>\nSubject: " + head + b"\n\n" + body,
        st.binary(max_size=200),
        st.binary(max_size=2000),
    ),
    st.builds(
        lambda cut: WHOLE[:cut],
        st.integers(min_value=0, max_value=12_000),
    ),
)


@settings(
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=EMAIL_LIKE, suffix=st.sampled_from([".eml", ".mbox"]))
def test_any_bytes_give_source_items_or_a_clean_error(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"any{suffix}"
    path.write_bytes(data)
    try:
        items = list(read_mail_file(path))
    except TriageError as error:
        assert path.name in str(error)
        return
    assert all(isinstance(i, Sighting | Skipped | Unparsed) for i in items)


def test_digest_and_single_layouts_share_ids_across_files(tmp_path: Path) -> None:
    """The same invitation in its own email and in a digest carries the same id."""
    single = only_sighting(write(tmp_path, invitation_email(Invitation(LUCIA)), "one.eml"))
    digest = read(write(tmp_path, digest_email([LUCIA]), "digest.eml"))
    assert [d.invitation_id for d in digest] == [single.invitation_id]


def test_2015_and_reminder_builders_stay_readable(tmp_path: Path) -> None:
    assert only_sighting(write(tmp_path, invitation_2015(LUCIA), "a.eml")).name == "Lucia Neri"
    note = "Ola Giulia, vimo-nos na conferencia de Lisboa."
    seen = only_sighting(write(tmp_path, reminder_2016(LUCIA, note=note), "b.eml"))
    assert seen.columns["message"] == note


# -- the faster mbox table of contents -----------------------------------------------------------
TOC_CASES = [
    b"From a\nSubject: x\n\nbody\n\nFrom b\nSubject: y\n\nbody2\n",
    b"From a\r\nSubject: x\r\n\r\nbody\r\n\r\nFrom b\r\n\r\nz\r\n",
    b"garbage before\nFrom a\n\nx\nFrom b\n\ny",
    b"From a\n\nx\n\n\n",
    b"From a\n",
    b"",
    b"no From line at all\n",
    b"From a\n\nFrom b\nFrom c\n\n\nFrom d\n\n",
]


@settings(
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    pieces=st.lists(
        st.sampled_from(
            [b"From x\n", b"\n", b"line\n", b"From", b" \n", b"\r\n", b"From y\r\n", b"x"]
        ),
        max_size=30,
    ),
    chunk=st.sampled_from([7, 8, 9, 13, 64, 1 << 20]),
)
def test_the_chunked_table_of_contents_equals_the_standard_one(
    tmp_path: Path, pieces: list[bytes], chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mailbox

    monkeypatch.setattr(mail_files_module.ChunkedMbox, "CHUNK_BYTES", chunk)
    for data in [*TOC_CASES, b"".join(pieces)]:
        path = write(tmp_path, data, "toc.mbox")
        standard, chunked = mailbox.mbox(str(path)), mail_files_module.ChunkedMbox(str(path))
        try:
            assert list(chunked.iterkeys()) == list(standard.iterkeys())
            assert [chunked.get_bytes(k) for k in chunked.iterkeys()] == [
                standard.get_bytes(k) for k in standard.iterkeys()
            ]
        finally:
            standard.close()
            chunked.close()


# -- the fast MIME path says what the standard parser says ---------------------------------------
def test_the_fast_split_reads_every_fixture_as_the_full_parser_does() -> None:
    from email.parser import BytesParser
    from email.policy import compat32

    from linkedin_triage.sources.invitation_emails.message_parts import (
        read_message_parts,
        read_parts,
    )
    from linkedin_triage.sources.invitation_emails.mime_split import split_message

    built = [
        invitation_email(Invitation(LUCIA, charset=c, transfer=t))
        for c in ("utf-8", "iso-8859-1")
        for t in ("quoted-printable", "base64", "8bit")
    ]
    fixtures = [p.read_bytes() for p in sorted(FIXTURES.glob("*.eml")) if p.name != "binary.eml"]
    for data in built + fixtures + [digest_email([LUCIA]), reminder_2016(LUCIA)]:
        assert split_message(data) is not None  # the fast path is taken ...
        fast = read_message_parts(data)
        full = read_parts(BytesParser(policy=compat32).parsebytes(data))
        assert fast == full  # ... and says the same


def test_a_single_invitation_sent_in_linkedins_own_name_finds_the_inviter(tmp_path: Path) -> None:
    """No person in the From header: the name line before the headline, or the reminder's
    sentence, names the inviter."""
    data = invitation_email(Invitation(LUCIA))
    generic = data.replace(b'"Lucia Neri via LinkedIn"', b"LinkedIn", 1)
    assert b"From: LinkedIn <invitations@linkedin.com>" in generic
    seen = only_sighting(write(tmp_path, generic))
    assert (seen.name, seen.columns["headline"]) == ("Lucia Neri", LUCIA.headline)
    assert "message" not in seen.columns
    reminder = reminder_2016(LUCIA).replace(b'"Lucia Neri"', b"LinkedIn", 1)
    assert only_sighting(write(tmp_path, reminder, "r.eml")).name == "Lucia Neri"


def test_the_mbox_is_read_through_a_read_only_handle(tmp_path: Path) -> None:
    path = write(tmp_path, mbox_bytes([invitation_email(Invitation(LUCIA))]), "inbox.mbox")
    before = path.read_bytes()
    box = mail_files_module.ChunkedMbox(str(path))
    try:
        assert box._file.mode == "rb"
        assert len(box) == 1
    finally:
        box.close()
    assert path.read_bytes() == before


def test_a_message_the_parsers_choke_on_is_unparsed_and_the_next_one_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from linkedin_triage.sources.invitation_emails import mail_reading

    real = mail_reading.read_message_parts
    calls = iter([UnicodeError("boom"), None])

    def flaky(data: bytes, headers=None):  # the first message raises, the second reads
        error = next(calls)
        if error is not None:
            raise error
        return real(data, headers)

    monkeypatch.setattr(mail_reading, "read_message_parts", flaky)
    two = mbox_bytes([invitation_email(Invitation(LUCIA))] * 2)
    first, second = read(write(tmp_path, two, "two.mbox"))
    assert isinstance(first, Unparsed) and "unreadable message (UnicodeError)" in first.why
    assert first.where.startswith(
        "Giulia, please add me to your LinkedIn network (two.mbox, message 1)"
    )
    assert isinstance(second, Sighting)


@pytest.mark.parametrize(
    "note",
    [
        "Congratulations! You have been selected for a remote job. Apply: https://bit.ly/1ac5f0",
        "Hi Giulia, see our offer at http://example.org/offer and call me",
    ],
)
def test_a_note_holding_a_link_of_its_own_is_kept_whole(tmp_path, note):
    """Scam notes carry links: only LinkedIn's own links belong to the email's layout."""
    seen = only_sighting(write(tmp_path, invitation_email(Invitation(LUCIA, note=note))))
    assert seen.columns["message"] == note
