"""Importing LinkedIn's data export: every format variant, labels, leakage, enrichment, policy."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from linkedin_triage.commands.cli import app
from linkedin_triage.commands.linkedin_import import import_export
from linkedin_triage.errors import TriageError
from linkedin_triage.policy import load_policy
from linkedin_triage.sources import parsing
from linkedin_triage.sources.date_order import DateOrder
from linkedin_triage.sources.linkedin_export import (
    ExportFile,
    choose_files,
    city_from_location,
    decode_export_bytes,
    decode_profile_url,
    derive_labels,
    derive_policy,
    discover_files,
    export_date_from_name,
    file_key,
    find_header_row,
    parse_export_date,
    parse_export_dates,
    profile_url_key,
    read_export_csv,
)
from linkedin_triage.sources.requests_reader import read_requests

FIXTURES = Path(__file__).parent / "fixtures" / "linkedin_export"
V2018 = FIXTURES / "Basic_LinkedInDataExport_03-15-2018"
V2022 = FIXTURES / "Complete_LinkedInDataExport_09-12-2022"
V2023 = FIXTURES / "Complete_LinkedInDataExport_08-01-2023"
V2023_DEC = FIXTURES / "Complete_LinkedInDataExport_12-20-2023"
V2026 = FIXTURES / "Complete_LinkedInDataExport_06-30-2026"
ENRICHMENT = FIXTURES / "enrichment_phantom.csv"

# name -> decision ("" = pending) and how an accept was matched, per fixture.
EXPECTED = {
    V2018: (
        {"Bartholomew Ngata": "", "Rafael Castellanos": "accept", "Oona Hartikainen": "ignore"},
        (0, 1),
    ),
    V2022: (
        {
            "Yusuf Carrow": "",
            "Seraphine Dufort": "accept",
            "Kwabena Lindholm": "ignore",
            "Dagny Ruelle": "accept",
        },
        (0, 2),
    ),
    V2023: (
        {"Ottilie Brandt": "", "Marisol Teague": "accept", "Fenwick Adeyemi": "ignore"},
        (0, 1),
    ),
    V2023_DEC: (
        {"Halvard Sørbø": "", "Ignatius Moreau": "accept", "Philippa Oyelaran": "ignore"},
        (0, 1),
    ),
    V2026: (
        {
            "Wendell Okonkwo-Praed": "",
            "Lucia Ferrandi": "",
            "Mateo Ilgaz": "ignore",
            "Tobias Quennell": "ignore",
            "Ingrid Bjørnstad": "accept",
            "Chloé Marchetti": "accept",
            "Anna Rossi": "ignore",
        },
        (2, 0),
    ),
}


def run(export: Path, tmp_path: Path, name: str = "requests.csv", **options: object):
    out = tmp_path / name
    summary = import_export(export, out, **options)  # type: ignore[arg-type]
    return summary, read_output(out)


def read_output(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path).astype(object).where(lambda f: f.notna(), "")
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return frame.set_index("name", drop=False)


def decisions(frame: pd.DataFrame) -> dict[str, str]:
    return dict(zip(frame["name"], frame["decision"], strict=True))


def copy_export(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def export_file(key: str, text: str | bytes) -> ExportFile:
    data = text.encode() if isinstance(text, str) else text
    return ExportFile(key, f"{key}.csv", (), data)


# -- file discovery ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Invitations.csv", "invitations"),
        ("invitations.CSV", "invitations"),
        ("Complete_LinkedInDataExport_09-12-2022/Connections.csv", "connections"),
        ("Connections (1).csv", "connections"),
        ("messages.csv", "messages"),
        ("Messages.csv", "messages"),
        ("Profile.csv", "profile"),
        ("Positions.csv", "positions"),
        ("Education.csv", "education"),
        ("Profile Summary.csv", None),
        ("Email Addresses.csv", None),
        ("Invitations.txt", None),
        ("__MACOSX/._Invitations.csv", None),
    ],
)
def test_file_key_matches_names_across_variants(name: str, key: str | None) -> None:
    assert file_key(name) == key


def test_choose_files_prefers_the_shallowest_copy_and_skips_macos_junk() -> None:
    chosen, notices = choose_files(
        ["__MACOSX/Invitations.csv", "b/deeper/Invitations.csv", "a/Invitations.csv", "Logins.csv"]
    )
    assert chosen == {"invitations": "a/Invitations.csv"}
    assert len(notices) == 1 and "a/Invitations.csv" in notices[0]


def test_discover_files_finds_names_in_any_case_in_nested_folders(tmp_path: Path) -> None:
    inner = tmp_path / "export" / "Complete_LinkedInDataExport_09-12-2022 (1)"
    inner.mkdir(parents=True)
    (inner / "INVITATIONS.csv").write_text("From,To,Sent At,Message,Direction\n")
    (inner / "connections.csv").write_text("x\n")
    found = discover_files(tmp_path / "export")
    assert set(found.files) == {"invitations", "connections"}
    assert found.files["invitations"].folders == ("Complete_LinkedInDataExport_09-12-2022 (1)",)


# -- reading -------------------------------------------------------------------------------------
def test_find_header_row_skips_the_connections_preamble() -> None:
    records = [
        ["Notes:"],
        ["When exporting your connection data, you may notice ..."],
        [],
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
    ]
    assert find_header_row(records, ["First Name", "Last Name", "Connected On"]) == 3
    assert find_header_row(records[3:], ["firstname", "connected_on"]) == 0
    assert find_header_row(records[:3], ["First Name"]) is None


def test_decode_export_bytes_handles_bom_utf16_and_windows_1252() -> None:
    assert decode_export_bytes("\ufeffFrom,To\n".encode()) == ("From,To\n", "utf-8-sig")
    assert decode_export_bytes("\ufeffDate\tIP\n".encode("utf-16-le")) == ("Date\tIP\n", "utf-16")
    assert decode_export_bytes("Chloé".encode("cp1252")) == ("Chloé", "cp1252")
    assert decode_export_bytes("Chloé".encode()) == ("Chloé", "utf-8")


def test_read_export_csv_reads_utf16_tab_separated_files() -> None:
    data = "\ufeffLogin Date\tIP Address\n2024-01-02\t10.0.0.1\n".encode("utf-16-le")
    cells, _ = read_export_csv(export_file("logins", data), ["Login Date"])
    assert cells["ipaddress"].tolist() == ["10.0.0.1"]


def test_read_export_csv_reads_semicolon_separated_excel_files() -> None:
    text = "First Name;Last Name;Connected On\r\nAda;Quill;9-Sep-22\r\n"
    cells, _ = read_export_csv(export_file("connections", text), ["firstname", "connectedon"])
    assert cells.loc[1, ["firstname", "connectedon"]].tolist() == ["Ada", "9-Sep-22"]


def test_read_export_csv_names_the_file_and_columns_when_no_header_matches() -> None:
    with pytest.raises(TriageError, match=r"invitations\.csv: no header row with the columns From"):
        read_export_csv(export_file("invitations", "Name,When\nA,B\n"), ["From", "Sent At"])


# -- values --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6/27/26, 7:35 AM", "2026-06-27T07:35:00"),
        ("6/27/26, 7:35\u202fPM", "2026-06-27T19:35:00"),  # newer ICU puts a narrow space there
        ("1/8/18, 6:14 PM", "2018-01-08T18:14:00"),
        ("09 Sep 2022", "2022-09-09T00:00:00"),
        ("14 Feb 2020", "2020-02-14T00:00:00"),
        ("9-Sep-22", "2022-09-09T00:00:00"),
        ("9/9/2022 14:05", "2022-09-09T14:05:00"),
        ("2024-12-16 18:24:37 UTC", "2024-12-16T18:24:37"),
        ("2024-12-16T18:24:37Z", "2024-12-16T18:24:37"),
    ],
)
def test_parse_export_date_reads_every_form_seen(text: str, expected: str) -> None:
    parsed = parse_export_date(text)
    assert parsed is not None and parsed.isoformat() == expected


@pytest.mark.parametrize("text", ["", "   ", "yesterday", "32 Foo 2020", "13/45/22, 9:00 AM"])
def test_parse_export_date_returns_none_for_unreadable_values(text: str) -> None:
    assert parse_export_date(text) is None


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.none(), st.text(max_size=30)), max_size=8))
def test_parse_export_dates_never_crashes(values: list[str | None]) -> None:
    column = pd.Series(values, dtype=object)
    for order in (DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST):
        assert len(parse_export_dates(column, order)) == len(values)
    try:
        parsed = parse_export_dates(column, source="Invitations.csv", column="Sent At")
    except TriageError as error:  # both conventions, or no way to tell: a clean refusal
        assert "Invitations.csv: column 'Sent At'" in str(error)
        return
    assert len(parsed) == len(values)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.linkedin.com/in/ingrid-bj%C3%B8rnstad-4a1b2c",
            "https://www.linkedin.com/in/ingrid-bjørnstad-4a1b2c",
        ),
        (
            "https://www.linkedin.com/in/chloé-marchetti-77e1f0/",
            "https://www.linkedin.com/in/chloé-marchetti-77e1f0",
        ),
        ("https://www.linkedin.com/in", None),
        ("https://www.linkedin.com/in/", None),
        ("  ", None),
        ("", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_decode_profile_url(url: object, expected: str | None) -> None:
    assert decode_profile_url(url) == expected


def test_profile_url_key_ignores_scheme_host_slash_case_query_and_unicode_form() -> None:
    forms = [
        "https://www.linkedin.com/in/chlo%C3%A9-marchetti-77e1f0",
        "http://linkedin.com/in/Chloé-Marchetti-77e1f0/",
        "www.linkedin.com/in/chloe\u0301-marchetti-77e1f0?trk=abc",  # e + combining accent
    ]
    assert {profile_url_key(f) for f in forms} == {"in/chloé-marchetti-77e1f0"}
    assert profile_url_key("https://www.linkedin.com/company/acme") is None


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_decode_profile_url_never_crashes_and_keeps_a_slug(text: str) -> None:
    decoded = decode_profile_url(text)
    assert decoded is None or profile_url_key(decoded) is not None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Complete_LinkedInDataExport_09-12-2022.zip", date(2022, 9, 12)),
        ("Basic_LinkedInDataExport_03-15-2018 (1)", date(2018, 3, 15)),
        ("Complete_LinkedInDataExport_13-45-2022", None),
        ("my_export", None),
    ],
)
def test_export_date_from_name(name: str, expected: date | None) -> None:
    assert export_date_from_name(name) == expected


# -- labels --------------------------------------------------------------------------------------
def _requests(*rows: tuple[str, str, str | None]) -> pd.DataFrame:
    return pd.DataFrame(
        [(name, pd.Timestamp(when), url) for name, when, url in rows],
        columns=["name", "received_at", "profile_url"],
    )


def _connections(*rows: tuple[str, str | None, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [(name, url, pd.Timestamp(when)) for name, url, when in rows],
        columns=["name", "profile_url", "connected_on"],
    )


@pytest.mark.parametrize(
    ("received", "grace_days", "decision"),
    [
        ("2026-06-09 23:59", 21, None),  # exactly 21 whole days before the export: still pending
        ("2026-06-08 23:59", 21, "ignore"),  # 22 days
        ("2026-06-30 08:00", 0, None),
        ("2026-06-29 08:00", 0, "ignore"),
        ("2026-06-08 23:59", 30, None),
    ],
)
def test_grace_period_boundary(received: str, grace_days: int, decision: str | None) -> None:
    labels = derive_labels(
        _requests(("Ada Quill", received, None)), _connections(), date(2026, 6, 30), grace_days
    )
    assert labels.loc[0, "decision"] == decision


def test_labels_match_by_url_then_by_name_but_never_across_different_urls() -> None:
    requests = _requests(
        ("Renamed Person", "2024-01-01", "https://www.linkedin.com/in/same-slug"),
        ("Ada Quill", "2024-01-01", "https://www.linkedin.com/in/ada-quill-1"),
        ("Bo Tern", "2024-01-01", "https://www.linkedin.com/in/bo-tern-1"),
        ("Cy Vale", "2024-01-01", None),
    )
    connections = _connections(
        ("Other Name", "https://www.linkedin.com/in/same-slug/", "2024-01-03"),
        ("Ada Quill", "https://www.linkedin.com/in/ada-quill-2", "2024-01-04"),  # a namesake
        ("Bo Tern", None, "2024-01-05"),
        ("cy  VALE", "https://www.linkedin.com/in/cy-vale", "2024-01-06"),
    )
    labels = derive_labels(requests, connections, date(2024, 6, 1), 21)
    assert labels["decision"].tolist() == ["accept", "ignore", "accept", "accept"]
    assert labels["matched_by"].tolist() == ["url", None, "name", "name"]
    assert labels.loc[3, "decided_at"] == pd.Timestamp("2024-01-06")


def test_same_name_connections_take_the_first_connection_after_the_request() -> None:
    requests = _requests(("Ada Quill", "2024-03-10 09:00", None))
    connections = _connections(
        ("Ada Quill", None, "2024-05-01"),
        ("Ada Quill", None, "2024-03-10"),
        ("Ada Quill", None, "2023-01-01"),
    )
    labels = derive_labels(requests, connections, date(2024, 6, 1), 21)
    # The same day's connection (a date, read as midnight) is decided when the request came.
    assert labels.loc[0, "decided_at"] == pd.Timestamp("2024-03-10 09:00")


@pytest.mark.parametrize(
    ("connected_on", "decided_at"),
    [
        ("2024-03-10", "2024-03-10 02:37"),  # date only, same day: not before the request
        ("2024-03-09", "2024-03-10 02:37"),  # a day earlier (time zones): moved up too
        ("2024-03-10 18:14", "2024-03-10 18:14"),  # with a time (2018 form), after: kept
        ("2024-03-12", "2024-03-12 00:00"),  # a later day: kept
    ],
)
def test_decided_at_is_never_before_received_at(connected_on: str, decided_at: str) -> None:
    url = "https://www.linkedin.com/in/ada-quill-1"
    requests = _requests(
        ("Ada Quill", "2024-03-10 02:37", url), ("Bo Tern", "2024-03-10 02:37", None)
    )
    connections = _connections(("Ada Quill", url, connected_on), ("Bo Tern", None, connected_on))
    labels = derive_labels(requests, connections, date(2024, 6, 1), 21)
    assert labels["matched_by"].tolist() == ["url", "name"]
    assert labels["decided_at"].tolist() == [pd.Timestamp(decided_at)] * 2
    assert (labels["decided_at"] >= requests["received_at"]).all()


# -- every variant end to end --------------------------------------------------------------------
@pytest.mark.parametrize("export", list(EXPECTED), ids=lambda p: p.name)
def test_each_variant_gets_its_labels_and_reads_back_with_zero_rejects(
    export: Path, tmp_path: Path
) -> None:
    expected, (by_url, by_name) = EXPECTED[export]
    summary, frame = run(export, tmp_path)
    assert decisions(frame) == expected
    assert (summary.accepted_by_url, summary.accepted_by_name) == (by_url, by_name)
    assert summary.incoming == summary.written == len(expected)
    assert summary.ignored == sum(v == "ignore" for v in expected.values())
    assert summary.pending == sum(v == "" for v in expected.values())
    assert set(frame.loc[frame["decision"] != "accept", "decided_at"]) == {""}
    table = read_requests(tmp_path / "requests.csv")
    assert table.rejects == [] and table.n_read == len(expected)
    assert table.frame["decision"].isna().sum() == summary.pending
    assert not (tmp_path / "requests.rejects.csv").exists()  # nothing rejected: no file


def test_2018_reads_old_connected_on_with_time(tmp_path: Path) -> None:
    summary, frame = run(V2018, tmp_path)
    assert frame.loc["Rafael Castellanos", "decided_at"] == "2018-01-08T18:14:00"
    assert frame.loc["Rafael Castellanos", "received_at"] == "2018-01-05T11:47:00"
    assert summary.outgoing == 1 and summary.export_date == date(2018, 3, 15)


def test_2026_urls_are_decoded_and_become_request_ids(tmp_path: Path) -> None:
    _, frame = run(V2026, tmp_path)
    ingrid = frame.loc["Ingrid Bjørnstad"]
    assert ingrid["profile_url"] == "https://www.linkedin.com/in/ingrid-bjørnstad-4a1b2c"
    assert ingrid["request_id"] == ingrid["profile_url"]
    assert ingrid["decided_at"] == "2026-05-04T00:00:00"
    assert frame.loc["Chloé Marchetti", "decided_at"] == "2026-04-12T00:00:00"
    assert "%" not in "".join(frame["profile_url"])
    assert frame.loc["Tobias Quennell", "message"].startswith(
        'Hi Nora, I help consultancies "scale"'
    )


def test_slugless_urls_are_missing_and_ids_fall_back_to_a_stable_hash(tmp_path: Path) -> None:
    summary, frame = run(V2023_DEC, tmp_path)
    assert set(frame["profile_url"]) == {""}
    row = frame.loc["Halvard Sørbø"]
    assert row["request_id"] == parsing.stable_request_id("Halvard Sørbø", "2023-12-15T07:00:00")
    assert summary.without_url == 3


def test_prior_messages_count_only_sent_messages_before_the_request(tmp_path: Path) -> None:
    summary, frame = run(V2026, tmp_path)
    counts = dict(zip(frame["name"], frame["prior_messages"].astype(int), strict=True))
    # Chloé: two messages before her request, one after; Tobias: only a draft.
    assert counts == {n: (2 if n == "Chloé Marchetti" else 0) for n in counts}
    assert summary.with_prior_messages == 1
    _, old = run(V2022, tmp_path / "old")
    assert old.loc["Dagny Ruelle", "prior_messages"] == "2"  # matched by name (no URLs in 2022)


def test_without_messages_csv_there_is_no_prior_messages_column(tmp_path: Path) -> None:
    summary, frame = run(V2023, tmp_path)
    assert "prior_messages" not in frame.columns and summary.with_prior_messages is None


def _excel_resave(source: Path, target: Path) -> Path:
    """What Excel does on re-save: BOM, CRLF, `9-Sep-22` and `8/30/2022 9:00` dates."""
    target.mkdir(parents=True)
    for path in source.iterdir():
        text = path.read_text(encoding="utf-8")
        text = text.replace("09 Sep 2022", "9-Sep-22").replace("16 Jun 2022", "16-Jun-22")
        text = text.replace('"8/30/22, 9:00 AM"', "8/30/2022 9:00")
        (target / path.name).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    logins = "\ufeffLogin Date\tIP Address\tLogin Type\n2022-09-01\t10.0.0.1\tWeb\n"
    (target / "Logins.csv").write_bytes(logins.encode("utf-16-le"))
    (target / "SearchQueries.csv").write_bytes("\ufeffTime\tSearch Query\n".encode("utf-16-le"))
    return target


def test_excel_resaved_export_with_utf16_logs_beside_it(tmp_path: Path) -> None:
    export = _excel_resave(V2022, tmp_path / "Complete_LinkedInDataExport_09-12-2022")
    summary, frame = run(export, tmp_path)
    assert decisions(frame) == EXPECTED[V2022][0]
    assert frame.loc["Seraphine Dufort", "decided_at"] == "2022-09-09T00:00:00"
    assert frame.loc["Seraphine Dufort", "received_at"] == "2022-08-30T09:00:00"
    assert frame.loc["Seraphine Dufort", "message"] == "Bonjour Elodie!"
    assert summary.rejected == 0 and read_requests(tmp_path / "requests.csv").rejects == []


def test_nested_folder_from_an_os_unzip_with_odd_name_case(tmp_path: Path) -> None:
    inner = tmp_path / "Downloads" / "Complete_LinkedInDataExport_09-12-2022 (1)"
    copy_export(V2022, inner)
    (inner / "Invitations.csv").rename(inner / "invitations.csv")
    (inner / "Connections.csv").rename(inner / "CONNECTIONS.CSV")
    summary, frame = run(tmp_path / "Downloads", tmp_path)
    assert decisions(frame) == EXPECTED[V2022][0]
    assert summary.export_date == date(2022, 9, 12)


def test_zip_with_csvs_at_the_root_equals_the_folder(tmp_path: Path) -> None:
    archive = tmp_path / "Complete_LinkedInDataExport_06-30-2026.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(V2026.iterdir()):
            zipped.write(path, path.name)
        zipped.writestr("__MACOSX/._Invitations.csv", b"\x00\x05\x16\x07junk")
    summary, from_zip = run(archive, tmp_path, "zip.csv")
    _, from_folder = run(V2026, tmp_path, "folder.csv")
    pd.testing.assert_frame_equal(from_zip, from_folder)
    assert summary.export_date == date(2026, 6, 30)


def test_export_date_falls_back_to_the_newest_date_in_the_files(tmp_path: Path) -> None:
    export = copy_export(V2026, tmp_path / "my_export")
    summary, frame = run(export, tmp_path)
    assert summary.export_date == date(2026, 6, 25)  # Wendell's request, the newest date
    assert "newest date" in summary.export_date_source
    assert frame.loc["Mateo Ilgaz", "decision"] == ""  # 17 days before 25 June: still pending
    assert frame.loc["Tobias Quennell", "decision"] == "ignore"


def test_grace_days_option_moves_the_boundary(tmp_path: Path) -> None:
    summary, frame = run(V2026, tmp_path, grace_days=0)
    assert frame.loc["Lucia Ferrandi", "decision"] == "ignore"
    assert frame.loc["Wendell Okonkwo-Praed", "decision"] == "ignore"
    assert summary.pending == 0
    assert "more than 0 days" in " ".join(summary.lines())


def test_parquet_output_reads_back(tmp_path: Path) -> None:
    summary, frame = run(V2026, tmp_path, "requests.parquet")
    assert decisions(frame) == EXPECTED[V2026][0]
    table = read_requests(tmp_path / "requests.parquet")
    assert table.rejects == [] and table.n_read == summary.written == 7


# -- leakage -------------------------------------------------------------------------------------
@pytest.mark.parametrize("export", list(EXPECTED), ids=lambda p: p.name)
def test_nothing_from_connections_company_or_position_reaches_the_output(
    export: Path, tmp_path: Path
) -> None:
    # Every Company and Position in the fixtures' Connections.csv contains "Leak".
    assert "Leak" in (export / "Connections.csv").read_text()
    _, frame = run(export, tmp_path)
    assert "leak" not in (tmp_path / "requests.csv").read_text().lower()
    assert not {"company", "title", "headline"} & set(frame.columns)


def test_leakage_holds_with_enrichment(tmp_path: Path) -> None:
    _, frame = run(V2026, tmp_path, enrich=ENRICHMENT)
    assert "leak" not in (tmp_path / "requests.csv").read_text().lower()
    assert frame.loc["Ingrid Bjørnstad", "company"] == "Nordlys Robotics"
    assert frame.loc["Chloé Marchetti", "company"] == ""  # accepted, but not enriched


# -- enrichment ----------------------------------------------------------------------------------
def test_enrichment_merges_third_party_aliases_by_decoded_url(tmp_path: Path) -> None:
    summary, frame = run(V2026, tmp_path, enrich=ENRICHMENT)
    ingrid = frame.loc["Ingrid Bjørnstad"]
    assert ingrid[["headline", "title", "industry", "country"]].tolist() == [
        "Robotics engineer",
        "Robotics Engineer",
        "Automation Machinery Manufacturing",
        "NO",
    ]
    assert ingrid[["mutual_connections", "connections", "followers", "has_photo"]].tolist() == [
        "7",
        "500+",
        "1200",
        "true",
    ]
    tobias = frame.loc["Tobias Quennell"]  # http, no www, in the enrichment file
    assert tobias["company"] == "Quennell Growth" and tobias["decision"] == "ignore"
    assert (summary.enriched, summary.enrich_rows, summary.enrich_unmatched) == (3, 4, 1)
    line = next(x for x in summary.lines() if x.startswith("enrichment"))
    assert "3 of 7 requests matched" in line and "1 of 4 enrichment rows matched no request" in line
    table = read_requests(tmp_path / "requests.csv")
    assert table.rejects == []
    assert table.frame.set_index("name").loc["Ingrid Bjørnstad", "connections_is_lower_bound"]


def test_enrichment_never_overrides_name_time_or_labels(tmp_path: Path) -> None:
    enrichment = tmp_path / "enrich.csv"
    enrichment.write_text(
        "profile_url,name,received_at,decision,decided_at,message,headline\n"
        "https://www.linkedin.com/in/chloé-marchetti-77e1f0,Not Chloé,2020-01-01,ignore,"
        "2020-01-02,spam,Data scientist\n"
    )
    _, frame = run(V2026, tmp_path, enrich=enrichment)
    chloe = frame.loc["Chloé Marchetti"]
    assert chloe["headline"] == "Data scientist"
    assert chloe[["decision", "decided_at", "received_at"]].tolist() == [
        "accept",
        "2026-04-12T00:00:00",
        "2026-04-11T08:30:00",
    ]
    assert chloe["message"] == "Hi Nora, great talk at the Turin data meetup!"


def test_enrichment_without_a_profile_url_column_is_refused(tmp_path: Path) -> None:
    enrichment = tmp_path / "enrich.csv"
    enrichment.write_text("fullName,headline\nAda Quill,CTO\n")
    with pytest.raises(TriageError, match=r"enrich\.csv: no profile URL column"):
        run(V2026, tmp_path, enrich=enrichment)
    assert not (tmp_path / "requests.csv").exists()


def test_enrichment_from_jsonl(tmp_path: Path) -> None:
    enrichment = tmp_path / "enrich.jsonl"
    enrichment.write_text(
        '{"profileUrl": "https://www.linkedin.com/in/mateo-ilgaz-7f7f7f", "industry": "Retail", '
        '"sharedConnectionsCount": 12}\n'
    )
    summary, frame = run(V2026, tmp_path, enrich=enrichment)
    assert frame.loc["Mateo Ilgaz", ["industry", "mutual_connections"]].tolist() == ["Retail", "12"]
    assert summary.enriched == 1


# -- policy --------------------------------------------------------------------------------------
def test_policy_from_a_complete_profile_loads_as_is(tmp_path: Path) -> None:
    summary, _ = run(V2026, tmp_path, policy_out=tmp_path / "policy.toml")
    policy = load_policy(tmp_path / "policy.toml")
    assert policy.me.name == "Nora Valdemar"
    assert (policy.me.industry, policy.me.country, policy.me.city) == (
        "IT Services and IT Consulting",
        "IT",
        "Turin",
    )
    assert policy.me.companies == ["Fjordline Consulting", "Brightwater Labs"]
    assert policy.me.schools == ["Politecnico di Torino", "Liceo Scientifico Galfer"]
    assert policy.me.connections == 5  # every row, the hidden account included
    assert policy.interests.industries == [] and summary.policy_todo == []
    assert "# TODO" in (tmp_path / "policy.toml").read_text().split("[interests]")[1]


def test_policy_without_industry_says_so_and_loads_once_filled(tmp_path: Path) -> None:
    summary, _ = run(V2022, tmp_path, policy_out=tmp_path / "policy.toml")
    assert summary.policy_todo == ["industry"]
    assert any("required: industry" in line for line in summary.lines())
    text = (tmp_path / "policy.toml").read_text()
    with pytest.raises(TriageError, match="industry"):
        load_policy(tmp_path / "policy.toml")
    (tmp_path / "policy.toml").write_text(text.replace('# industry = ""', 'industry = "Logistics"'))
    policy = load_policy(tmp_path / "policy.toml")
    assert (policy.me.industry, policy.me.country, policy.me.city) == ("Logistics", "FR", "Lyon")
    assert policy.me.companies == ["Rhôneflux Logistique"]


def test_policy_from_2018_uses_its_country_column(tmp_path: Path) -> None:
    summary, _ = run(V2018, tmp_path, policy_out=tmp_path / "policy.toml")
    policy = load_policy(tmp_path / "policy.toml")
    assert (policy.me.name, policy.me.industry, policy.me.country, policy.me.city) == (
        "Hugo Brennan",
        "Financial Services",
        "IE",
        "Dublin",
    )
    assert policy.me.companies == [] and policy.me.connections == 2
    assert any("no Positions.csv" in line for line in summary.lines())


def test_policy_without_profile_marks_industry_and_country_todo(tmp_path: Path) -> None:
    summary, _ = run(V2023, tmp_path, policy_out=tmp_path / "policy.toml")
    assert summary.policy_todo == ["industry", "country"]
    text = (tmp_path / "policy.toml").read_text()
    filled = text.replace('# industry = ""', 'industry = "Retail"').replace(
        '# country = ""', 'country = "DE"'
    )
    (tmp_path / "policy.toml").write_text(filled)
    assert load_policy(tmp_path / "policy.toml").me.country == "DE"


def test_policy_out_never_overwrites_an_existing_file(tmp_path: Path) -> None:
    (tmp_path / "policy.toml").write_text("# my edits\n")
    with pytest.raises(TriageError, match="already exists"):
        run(V2026, tmp_path, policy_out=tmp_path / "policy.toml")
    assert (tmp_path / "policy.toml").read_text() == "# my edits\n"
    assert not (tmp_path / "requests.csv").exists()


@pytest.mark.parametrize(
    ("location", "city"),
    [
        ("Turin, Piedmont, Italy", "Turin"),
        ("Greater Lyon Area", "Lyon"),
        ("Greater Milan Metropolitan Area", "Milan"),
        ("Italy", ""),
        ("", ""),
    ],
)
def test_city_from_location(location: str, city: str) -> None:
    assert city_from_location(location) == city


def test_derive_policy_with_no_files_leaves_everything_to_the_user() -> None:
    draft = derive_policy(None, None, None, connections=None)
    assert draft.missing == ["industry", "country"]
    assert "connections" not in draft.to_toml("x")


# -- bad input -----------------------------------------------------------------------------------
def _folder_with(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


CONNECTIONS = "First Name,Last Name,Connected On\nAda,Quill,09 Sep 2022\n"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing", r"missing: not found"),
        (lambda p: _folder_with(p, {"Connections.csv": CONNECTIONS}), r"no Invitations\.csv"),
        (
            lambda p: _folder_with(p, {"Invitations.csv": "From,To,Sent At,Message,Direction\n"}),
            r"no Connections\.csv",
        ),
        (
            lambda p: _folder_with(
                p, {"Invitations.csv": "Name,Date\nAda,1/1/22\n", "Connections.csv": CONNECTIONS}
            ),
            r"Invitations\.csv: no header row with the columns from, to, sentat, direction",
        ),
        (
            lambda p: _folder_with(
                p,
                {
                    "Invitations.csv": "From,To,Sent At,Message,Direction\n"
                    'Me,Ada,"1/1/22, 9:00 AM",,OUTGOING\n',
                    "Connections.csv": CONNECTIONS,
                },
            ),
            r"no usable INCOMING invitations \(1 OUTGOING",
        ),
    ],
    ids=["no-such-path", "no-invitations", "no-connections", "bad-header", "no-incoming"],
)
def test_bad_exports_raise_and_write_nothing(tmp_path: Path, make, message: str) -> None:
    export = make(tmp_path)
    with pytest.raises(TriageError, match=message):
        run(export, tmp_path)
    assert not (tmp_path / "requests.csv").exists()
    assert not (tmp_path / "requests.rejects.csv").exists()


def test_corrupt_zip_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "Complete_LinkedInDataExport_06-30-2026.zip"
    archive.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(TriageError, match=r"\.zip: not a readable zip archive"):
        run(archive, tmp_path)
    assert not (tmp_path / "requests.csv").exists()


def test_a_plain_file_is_not_an_export(tmp_path: Path) -> None:
    with pytest.raises(TriageError, match=r"expected LinkedIn's data export as a \.zip"):
        run(V2026 / "Invitations.csv", tmp_path)


def test_bad_rows_go_to_the_rejects_file_and_repeats_keep_the_newest(tmp_path: Path) -> None:
    export = copy_export(V2026, tmp_path / "Complete_LinkedInDataExport_06-30-2026")
    invitations = export / "Invitations.csv"
    invitations.write_text(
        invitations.read_text()
        + 'Ada Quill,Nora Valdemar,"someday",,INCOMING,,\n'
        + ',Nora Valdemar,"6/1/26, 9:00 AM",,INCOMING,,\n'
        + 'Ingrid Bjørnstad,Nora Valdemar,"1/2/26, 10:05 AM",,INCOMING,'
        + "https://www.linkedin.com/in/ingrid-bjørnstad-4a1b2c/,\n"
    )
    summary, frame = run(export, tmp_path)
    assert (summary.incoming, summary.written, summary.rejected, summary.repeated) == (10, 7, 2, 1)
    assert frame.loc["Ingrid Bjørnstad", "received_at"] == "2026-05-02T10:05:00"
    rejects = pd.read_csv(tmp_path / "requests.rejects.csv", dtype=str, keep_default_na=False)
    assert rejects[["row", "column", "value"]].values.tolist() == [
        ["9", "Sent At", "someday"],
        ["10", "From", ""],
    ]
    assert any("10 INCOMING = 7 written + 2 rejected" in line for line in summary.lines())
    assert read_requests(tmp_path / "requests.csv").rejects == []


def test_formula_like_text_is_neutralised_in_csv(tmp_path: Path) -> None:
    export = copy_export(V2023, tmp_path / "Complete_LinkedInDataExport_08-01-2023")
    invitations = export / "Invitations.csv"
    invitations.write_text(
        invitations.read_text()
        + 'Zed Orm,Jonas Weidemann,"7/30/23, 9:00 AM",=HYPERLINK(1),INCOMING\n'
    )
    _, frame = run(export, tmp_path)
    assert frame.loc["Zed Orm", "message"] == "'=HYPERLINK(1)"


def test_negative_grace_days_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TriageError, match="grace-days"):
        run(V2026, tmp_path, grace_days=-1)


# -- summary and command line --------------------------------------------------------------------
def test_summary_lines_report_every_count(tmp_path: Path) -> None:
    summary, _ = run(V2026, tmp_path)
    text = "\n".join(summary.lines())
    for fragment in (
        "exported 2026-06-30",
        "7 INCOMING, 1 OUTGOING",
        "accept: 2 (in Connections.csv: 2 by profile URL, 0 by name)",
        "ignore: 3 (inferred",
        "21 days",
        "pending: 2",
        "prior_messages: 1",
        "(7 requests)",
    ):
        assert fragment in text


def test_cli_import_linkedin_writes_the_table(tmp_path: Path) -> None:
    out = tmp_path / "history.csv"
    result = CliRunner().invoke(
        app,
        [
            "import-linkedin",
            str(V2022),
            "--out",
            str(out),
            "--policy-out",
            str(tmp_path / "p.toml"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "accept: 2" in result.output
    assert decisions(read_output(out)) == EXPECTED[V2022][0]
    assert (tmp_path / "p.toml").exists()


def test_cli_import_linkedin_exits_2_without_invitations(tmp_path: Path) -> None:
    folder = _folder_with(tmp_path, {"Connections.csv": CONNECTIONS})
    result = CliRunner().invoke(
        app, ["import-linkedin", str(folder), "--out", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 2
    assert "Invitations.csv" in result.output
    assert not (tmp_path / "o.csv").exists()


def test_dates_outside_what_pandas_can_hold_are_unreadable_not_a_crash():
    # Found by hypothesis: "-0" parses as year 0, which datetime64[ns] cannot hold.
    parsed = parse_export_dates(pd.Series(["-0", "0001-01-01", "09 Sep 2022"]))
    assert parsed.isna().tolist() == [True, True, False]
