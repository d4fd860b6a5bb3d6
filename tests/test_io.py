"""Reading requests tables to the data contract (section 1), rejects, and atomic writes."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkedin_triage.errors import TriageError
from linkedin_triage.sources import contract, parsing
from linkedin_triage.sources.rejects import Reject as RejectRecord
from linkedin_triage.sources.requests_reader import RequestsReader, read_requests
from linkedin_triage.storage.output_files import (
    REJECT_COLUMNS,
    TableWriter,
    atomic_path,
    rejects_path,
    write_rejects,
)

HEADER = [c.name for c in contract.COLUMNS if c.kind != "photo_url"]


def contract_row(**changes: str) -> dict[str, str]:
    """One plausible, invented request with every contract column filled in."""
    row = {
        "request_id": "r1",
        "name": "Ada Rossi",
        "received_at": "2026-06-27T07:35:00Z",
        "message": "Hi Giulia, we met at the Milan cloud meetup.",
        "profile_url": "https://www.linkedin.com/in/ada-rossi-0a1b2c",
        "headline": "CTO at Officine Esempio",
        "title": "CTO",
        "company": "Officine Esempio S.p.A.",
        "industry": "Manufacturing",
        "location": "Milan, Lombardy, Italy",
        "country": "IT",
        "mutual_connections": "12",
        "connections": "500+",
        "followers": "1,234",
        "has_photo": "yes",
        "verified": "false",
        "joined_on": "2015-04",
        "about": "Building factories that talk.",
        "experience_count": "6",
        "education_count": "2",
        "skills_count": "25",
        "recommendations_count": "1",
        "past_companies": "Reply; Accenture",
        "schools": "Politecnico di Milano",
        "decision": "accepted",
        "decided_at": "6/28/26, 9:00 AM",
    }
    row.update(changes)
    return row


def rows_of(*rows: dict[str, str], header: list[str] = HEADER) -> list[list[str]]:
    return [[row.get(h, "") for h in header] for row in rows]


def many_rows(n: int) -> list[dict[str, str]]:
    """n distinct requests; every third has a problem in a different column."""
    problems = [{}, {"connections": "lots"}, {}, {"has_photo": "maybe"}, {}, {"received_at": "?"}]
    return [
        contract_row(request_id=f"r{i}", name=f"Person {i}", **problems[i % len(problems)])
        for i in range(n)
    ]


# -- a clean file ----------------------------------------------------------------------------
def test_clean_file_is_normalised(write_csv) -> None:
    table = read_requests(write_csv(HEADER, rows_of(contract_row())))
    assert table.n_read == 1 and table.rejects == []
    assert list(table.frame.columns) == list(contract.FRAME_COLUMNS)
    row = table.frame.iloc[0]
    assert row["request_id"] == "r1"
    assert row["received_at"] == pd.Timestamp("2026-06-27 07:35:00")
    assert row["decided_at"] == pd.Timestamp("2026-06-28 09:00:00")
    assert row["joined_on"] == pd.Timestamp("2015-04-01")
    assert row["connections"] == 500 and bool(row["connections_is_lower_bound"])
    assert row["followers"] == 1234 and row["mutual_connections"] == 12
    assert row["has_photo"] == 1.0 and row["verified"] == 0.0
    assert row["past_companies"] == ("Reply", "Accenture")
    assert row["schools"] == ("Politecnico di Milano",)
    assert row["decision"] == "accept" and row["country"] == "IT"
    assert row["row"] == 1


def test_empty_cells_stay_unknown(write_csv) -> None:
    blanks = dict.fromkeys(HEADER, "")
    blanks.update(name="Bo Example", received_at="2026-01-02")
    frame = read_requests(write_csv(HEADER, rows_of(blanks))).frame
    row = frame.iloc[0]
    for column in ("mutual_connections", "connections", "followers", "has_photo", "verified"):
        assert np.isnan(row[column]), column  # never 0 or false
    for column in ("message", "country", "decision", "past_companies", "profile_url"):
        assert row[column] is None, column
    assert pd.isna(row["joined_on"]) and not row["connections_is_lower_bound"]


# -- headers -----------------------------------------------------------------------------------
def test_headers_match_case_insensitively_after_trimming(write_csv) -> None:
    header = ["  NAME ", "Received_At", " Mutual_Connections", "HAS_PHOTO  "]
    path = write_csv(header, [["Ada Rossi", "2026-06-27", "7", "No"]])
    row = read_requests(path).frame.iloc[0]
    assert (row["name"], row["mutual_connections"], row["has_photo"]) == ("Ada Rossi", 7, 0.0)


def test_third_party_aliases(write_csv) -> None:
    header = ["fullName", "received_at", "profileUrl", "companyName", "sharedConnectionsCount"]
    header += ["profileImageUrl", "linkedinConnectionsCount", "linkedinFollowersCount"]
    rows = [
        [
            "Ada Rossi",
            "2026-06-27",
            "https://www.linkedin.com/in/ada-rossi/",
            "Esempio",
            "3",
            "https://media.example.invalid/ada.jpg",
            "812",
            "1.5K",
        ],
        ["Bo Li", "2026-06-27", "", "", "", "", "", ""],
    ]
    frame = read_requests(write_csv(header, rows)).frame
    first, second = frame.iloc[0], frame.iloc[1]
    assert first["name"] == "Ada Rossi" and first["company"] == "Esempio"
    assert first["profile_url"] == "https://www.linkedin.com/in/ada-rossi"
    assert (first["mutual_connections"], first["connections"], first["followers"]) == (3, 812, 1500)
    assert first["has_photo"] == 1.0
    assert np.isnan(second["has_photo"])  # no image URL: unknown, not "no photo"


def test_extra_columns_are_kept_beside_the_kept_rows(write_csv) -> None:
    header = [*HEADER, "crm_owner", "Notes"]
    rows = rows_of(
        contract_row(request_id="a", crm_owner="team-1", Notes="first"),
        contract_row(request_id="b", connections="lots", crm_owner="team-2", Notes="bad"),
        contract_row(request_id="c", crm_owner="team-3", Notes="=SUM(A1)"),
        header=header,
    )
    table = read_requests(write_csv(header, rows))
    assert list(table.extras.columns) == ["crm_owner", "Notes"]
    assert table.extras["crm_owner"].tolist() == ["team-1", "team-3"]
    assert table.extras["Notes"].tolist() == ["first", "=SUM(A1)"]  # raw, untouched
    assert len(table.extras) == len(table.frame)


def test_repeated_header_is_kept_as_an_extra_not_a_crash(write_csv) -> None:
    header = ["name", "received_at", "notes", "notes", "name"]
    path = write_csv(header, [["Ada Rossi", "2026-06-27", "one", "two", "Ada R."]])
    reader = RequestsReader(path)
    table = read_requests(path)
    assert table.frame.loc[0, "name"] == "Ada Rossi"
    assert table.extras.iloc[0].tolist() == ["one", "two", "Ada R."]
    assert any("repeats a column" in notice for notice in reader.notices)


@pytest.mark.parametrize("missing", ["name", "received_at"])
def test_missing_required_column_names_column_and_file(write_csv, missing: str) -> None:
    header = [h for h in HEADER if h != missing]
    path = write_csv(header, rows_of(contract_row(), header=header))
    with pytest.raises(TriageError) as error:
        RequestsReader(path)
    assert missing in str(error.value) and str(path) in str(error.value)


# -- encodings and formats ---------------------------------------------------------------------
def test_utf8_with_and_without_bom(write_csv) -> None:
    rows = rows_of(contract_row(name="Zoë Ångström", request_id="z"))
    plain = read_requests(write_csv(HEADER, rows, name="plain.csv", encoding="utf-8"))
    bom = read_requests(write_csv(HEADER, rows, name="bom.csv", encoding="utf-8-sig"))
    assert bom.frame.loc[0, "request_id"] == "z"  # the BOM is not part of the first header
    pd.testing.assert_frame_equal(plain.frame, bom.frame)
    assert plain.notices == bom.notices == []


def test_windows_1252_file_is_decoded_with_a_notice(write_csv) -> None:
    row = contract_row(name="Renée Müller", message="Grüße – it’s €5", request_id="w")
    path = write_csv(HEADER, rows_of(row), encoding="cp1252")
    table = read_requests(path)
    assert table.frame.loc[0, "name"] == "Renée Müller"
    assert table.frame.loc[0, "message"] == "Grüße – it’s €5"
    assert any("not UTF-8" in notice for notice in table.notices)


def test_latin1_file_is_decoded(write_csv) -> None:
    path = write_csv(HEADER, rows_of(contract_row(name="Jörg Føroyar")), encoding="latin-1")
    assert read_requests(path).frame.loc[0, "name"] == "Jörg Føroyar"


def test_parquet_and_json_lines_give_the_same_frame_as_csv(write_csv, tmp_path: Path) -> None:
    rows = [contract_row(request_id=f"r{i}", name=f"Person {i}") for i in range(3)]
    rows[1].update(connections="", has_photo="", country="", location="Greater Milan Area")
    text = pd.DataFrame(rows_of(*rows), columns=HEADER)
    text.to_parquet(tmp_path / "requests.parquet", index=False)
    text.to_json(tmp_path / "requests.jsonl", orient="records", lines=True, force_ascii=False)
    from_csv = read_requests(write_csv(HEADER, rows_of(*rows))).frame
    for name in ("requests.parquet", "requests.jsonl"):
        pd.testing.assert_frame_equal(read_requests(tmp_path / name).frame, from_csv)


def test_typed_parquet_and_json_values_normalise_like_text(write_csv, tmp_path: Path) -> None:
    typed = {
        "name": ["Ada Rossi", "Bo Li"],
        "received_at": pd.to_datetime(["2026-06-27 07:35", "2026-06-28 08:00"]),
        "mutual_connections": [12, None],
        "has_photo": [True, False],
        "past_companies": [["Reply", "Accenture"], []],
    }
    pd.DataFrame(typed).to_parquet(tmp_path / "typed.parquet", index=False)
    with (tmp_path / "typed.jsonl").open("w", encoding="utf-8") as handle:
        for i in range(2):
            record = {k: v[i] for k, v in typed.items()}
            record["received_at"] = record["received_at"].isoformat()
            record["mutual_connections"] = None if pd.isna(record["mutual_connections"]) else 12
            handle.write(json.dumps(record) + "\n")
    for name in ("typed.parquet", "typed.jsonl"):
        frame = read_requests(tmp_path / name).frame
        assert frame["mutual_connections"].iloc[0] == 12, name
        assert np.isnan(frame["mutual_connections"].iloc[1]), name
        assert frame["has_photo"].tolist() == [1.0, 0.0], name
        assert frame["past_companies"].tolist() == [("Reply", "Accenture"), None], name
        assert frame["received_at"].iloc[1] == pd.Timestamp("2026-06-28 08:00"), name


def test_json_lines_keys_missing_from_the_first_record_are_still_read(tmp_path: Path) -> None:
    path = tmp_path / "scraped.jsonl"
    records = [
        {"fullName": "Ada Rossi", "received_at": "2026-06-27"},
        {"fullName": "Bo Li", "received_at": "2026-06-28", "companyName": "Esempio", "tag": "x"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    table = read_requests(path)
    assert table.frame["company"].tolist() == [None, "Esempio"]
    assert table.extras["tag"].tolist() == [None, "x"]


def test_json_array_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "requests.json"
    path.write_text(json.dumps([{"name": "Ada", "received_at": "2026-06-27"}]), encoding="utf-8")
    with pytest.raises(TriageError, match="JSON Lines"):
        read_requests(path)


def test_broken_json_lines_become_rejects(tmp_path: Path) -> None:
    path = tmp_path / "requests.jsonl"
    good = {"name": "Ada Rossi", "received_at": "2026-06-27"}
    lines = [json.dumps(good), "{not json", "[1, 2]", json.dumps({**good, "name": "Bo Li"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = read_requests(path)
    assert table.frame["name"].tolist() == ["Ada Rossi", "Bo Li"]
    assert sorted(r.row for r in table.rejects) == [2, 3]
    assert table.n_read == 4


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", "", "empty"),
        ("header.csv", "name,received_at\n", "no rows"),
        ("blank.csv", "name,received_at\n\n\n", "no rows"),
        ("empty.jsonl", "\n\n", "missing required"),
        ("table.xlsx", "name,received_at\n", "unsupported"),
    ],
)
def test_unusable_files_are_clear_errors(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TriageError) as error:
        read_requests(path)
    assert message in str(error.value) and str(path) in str(error.value)


def test_chunk_size_below_one_is_refused(write_csv) -> None:
    with pytest.raises(TriageError, match="chunk size"):
        RequestsReader(write_csv(HEADER, rows_of(contract_row())), chunk_rows=0)


def test_missing_file_and_folder_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(TriageError, match="not found"):
        read_requests(tmp_path / "nope.csv")
    with pytest.raises(TriageError, match="folder"):
        read_requests(tmp_path)


# -- request ids and duplicates ----------------------------------------------------------------
def test_request_id_given_else_profile_url_else_stable_hash(write_csv) -> None:
    rows = rows_of(
        contract_row(request_id="given"),
        contract_row(request_id="", profile_url="https://www.linkedin.com/in/bo%2Dli/"),
        contract_row(request_id="", profile_url="", name="Cy Example"),
        contract_row(request_id="", profile_url="https://www.linkedin.com/in/", name="Di"),
    )
    path = write_csv(HEADER, rows)
    ids = read_requests(path).frame["request_id"].tolist()
    assert ids[:2] == ["given", "https://www.linkedin.com/in/bo-li"]
    assert ids[2] == parsing.stable_request_id("Cy Example", "2026-06-27T07:35:00")
    assert ids[3].startswith("h-") and ids[3] != ids[2]  # slug-less URL counts as missing
    assert read_requests(path).frame["request_id"].tolist() == ids  # same input, same ids


def test_hashed_id_depends_on_name_and_time(write_csv) -> None:
    rows = rows_of(
        contract_row(request_id="", profile_url="", name="Ada", received_at="2026-01-01T10:00"),
        contract_row(request_id="", profile_url="", name="Ada", received_at="2026-01-01T10:01"),
        contract_row(request_id="", profile_url="", name="Bo", received_at="2026-01-01T10:00"),
    )
    ids = read_requests(write_csv(HEADER, rows)).frame["request_id"]
    assert ids.nunique() == 3


@pytest.mark.parametrize("chunk_rows", [1, 2, 1000])
def test_duplicate_ids_reject_later_rows_naming_the_first(write_csv, chunk_rows: int) -> None:
    rows = rows_of(
        contract_row(request_id="a", name="First"),
        contract_row(request_id="b", name="Other"),
        contract_row(request_id="a", name="Second"),
        contract_row(request_id="a", name="Third"),
    )
    table = read_requests(write_csv(HEADER, rows), chunk_rows=chunk_rows)
    assert table.frame["name"].tolist() == ["First", "Other"]
    duplicates = [r for r in table.rejects if r.column == "request_id"]
    assert [(r.row, r.request_id) for r in duplicates] == [(3, "a"), (4, "a")]
    assert all("first at row 1" in r.reason for r in duplicates)


def test_duplicate_of_a_rejected_row_is_still_reported(write_csv) -> None:
    rows = rows_of(
        contract_row(request_id="a", connections="lots"),
        contract_row(request_id="a", name="Later"),
    )
    table = read_requests(write_csv(HEADER, rows))
    assert table.frame.empty
    assert [(r.row, r.column) for r in table.rejects] == [(1, "connections"), (2, "request_id")]


def test_same_profile_url_without_ids_is_a_duplicate(write_csv) -> None:
    url = "https://www.linkedin.com/in/ada-rossi"
    rows = rows_of(
        contract_row(request_id="", profile_url=url),
        contract_row(request_id="", profile_url=url.replace("-", "%2D") + "/"),
    )
    table = read_requests(write_csv(HEADER, rows))
    assert len(table.frame) == 1
    assert table.rejects[0].row == 2 and "first at row 1" in table.rejects[0].reason


# -- rejects -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("connections", "-3"),
        ("mutual_connections", "abc"),
        ("followers", "1.5"),
        ("has_photo", "maybe"),
        ("verified", "2"),
        ("received_at", "yesterday"),
        ("joined_on", "long ago"),
        ("country", "Narnia"),
        ("decision", "perhaps"),
        ("name", ""),
        ("received_at", ""),
    ],
)
def test_bad_value_rejects_its_row_only(write_csv, column: str, value: str) -> None:
    rows = rows_of(
        contract_row(request_id="ok1"),
        contract_row(request_id="bad", **{column: value}),
        contract_row(request_id="ok2"),
    )
    table = read_requests(write_csv(HEADER, rows))
    assert table.frame["request_id"].tolist() == ["ok1", "ok2"]
    assert table.frame["row"].tolist() == [1, 3]
    [reject] = table.rejects
    assert (reject.row, reject.request_id, reject.column, reject.value) == (2, "bad", column, value)
    assert reject.reason


def test_several_bad_cells_in_one_row_are_all_reported_once_counted(write_csv) -> None:
    bad = contract_row(request_id="x", connections="abc", has_photo="?", country="Atlantis")
    reader = RequestsReader(write_csv(HEADER, rows_of(contract_row(), bad)))
    [chunk] = list(reader.chunks())
    assert sorted(r.column for r in chunk.rejects) == ["connections", "country", "has_photo"]
    assert {r.row for r in chunk.rejects} == {2}
    assert (chunk.n_read, len(chunk.frame), chunk.n_rejected_rows) == (2, 1, 1)


def test_row_with_wrong_number_of_fields_is_a_reject(write_csv) -> None:
    path = write_csv(["name", "received_at"], [["Ada", "2026-01-01"], ["Bo"], ["Cy", "2026", "x"]])
    table = read_requests(path)
    assert table.frame["name"].tolist() == ["Ada"]
    assert [(r.row, r.column) for r in table.rejects] == [(2, "*"), (3, "*")]
    assert "fields" in table.rejects[0].reason


def test_read_equals_kept_plus_rejected_for_any_chunk_size(write_csv) -> None:
    header = [*HEADER, "crm_owner"]
    rows = [{**row, "crm_owner": f"team-{i}"} for i, row in enumerate(many_rows(12))]
    rows.append({**rows[0], "name": "Repeat of r0"})  # a duplicate id, in a later chunk
    path = write_csv(header, rows_of(*rows, header=header))
    for chunk_rows in (2, 1000):
        reader = RequestsReader(path, chunk_rows=chunk_rows)
        chunks = list(reader.chunks())
        kept = sum(len(c.frame) for c in chunks)
        assert reader.n_read == 13 == kept + reader.n_rejected_rows
        assert reader.n_rejected_rows == 7
        assert all(len(c.frame) + c.n_rejected_rows == c.n_read for c in chunks)
    small, large = (read_requests(path, chunk_rows=n) for n in (2, 1000))
    pd.testing.assert_frame_equal(small.frame, large.frame)
    pd.testing.assert_frame_equal(small.extras, large.extras)
    assert small.rejects == large.rejects


def test_all_rows_rejected_still_gives_the_contract_columns(write_csv) -> None:
    rows = rows_of(
        contract_row(request_id="a", connections="x"), contract_row(request_id="b", has_photo="?")
    )
    path = write_csv(HEADER, rows)
    table = read_requests(path)
    assert table.frame.empty and list(table.frame.columns) == list(contract.FRAME_COLUMNS)
    assert table.n_read == 2 and len(table.rejects) == 2


# -- country -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("country", "location", "expected"),
    [
        ("", "Milan, Lombardy, Italy", "IT"),
        ("", "Greater Milan Metropolitan Area", "IT"),
        ("", "San Francisco Bay Area", "US"),
        ("", "Zürich, Switzerland", "CH"),
        ("Germany", "Milan, Lombardy, Italy", "DE"),  # an explicit country wins
        ("fr", "", "FR"),
        ("ITA", "", "IT"),
        ("United Kingdom", "", "GB"),
        ("", "Somewhere Else", None),
    ],
)
def test_country_from_codes_names_and_locations(
    write_csv, country: str, location: str, expected: str | None
) -> None:
    row = contract_row(country=country, location=location)
    assert read_requests(write_csv(HEADER, rows_of(row))).frame.loc[0, "country"] == expected


def test_country_derived_when_the_column_is_absent(write_csv) -> None:
    header = ["name", "received_at", "location"]
    path = write_csv(header, [["Ada", "2026-01-01", "Greater Paris Metropolitan Region"]])
    assert read_requests(path).frame.loc[0, "country"] == "FR"


# -- atomic writes -----------------------------------------------------------------------------
def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_atomic_path_leaves_nothing_when_the_block_raises(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half", encoding="utf-8")
        raise RuntimeError("interrupted")
    assert leftovers(tmp_path) == []


def test_atomic_path_commits_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.csv"
    with atomic_path(target) as temporary:
        assert temporary.parent == target.parent and not target.exists()
        temporary.write_text("done", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "done"
    assert leftovers(target.parent) == ["out.csv"]


def test_atomic_output_gets_the_usual_permissions(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        with atomic_path(tmp_path / "out.csv") as temporary:
            temporary.write_text("x", encoding="utf-8")
    finally:
        os.umask(previous)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600


def test_table_writer_leaves_nothing_when_the_block_raises(tmp_path: Path) -> None:
    for name in ("out.csv", "out.parquet"):
        with pytest.raises(RuntimeError), TableWriter(tmp_path / name) as writer:
            writer.write(pd.DataFrame({"a": ["x"]}))
            raise RuntimeError("interrupted")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["out.csv", "out.parquet"])
def test_table_writer_with_nothing_written_is_an_error_and_leaves_nothing(
    tmp_path: Path, name: str
) -> None:
    with pytest.raises(TriageError, match="nothing to write"), TableWriter(tmp_path / name):
        pass
    assert leftovers(tmp_path) == []


def test_table_writer_rejects_unknown_extensions(tmp_path: Path) -> None:
    with pytest.raises(TriageError, match=r"\.csv or \.parquet"):
        TableWriter(tmp_path / "out.xlsx")


def test_csv_neutralises_every_text_column_but_own_text_and_parquet_keeps_raw(
    tmp_path: Path,
) -> None:
    risky = ["=HYPERLINK(1)", "+1x", "-2+3", "@me", "\tx", "plain", None]
    frame = pd.DataFrame({"name": risky, "extra": risky, "reasons": risky, "n": range(len(risky))})
    with TableWriter(tmp_path / "out.csv", own_text=["reasons"]) as writer:
        writer.write(frame.iloc[:3])
        writer.write(frame.iloc[3:])
    with TableWriter(tmp_path / "out.parquet", own_text=["reasons"]) as writer:
        writer.write(frame)
    written = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    expected = ["'=HYPERLINK(1)", "'+1x", "'-2+3", "'@me", "'\tx", "plain", ""]
    assert written["name"].tolist() == written["extra"].tolist() == expected
    assert written["reasons"].tolist()[:3] == ["=HYPERLINK(1)", "+1x", "-2+3"]  # own text
    assert written["n"].tolist() == [str(i) for i in range(len(risky))]  # one header only
    raw = pd.read_parquet(tmp_path / "out.parquet")
    assert raw["name"].tolist()[:6] == risky[:6]
    assert leftovers(tmp_path) == ["out.csv", "out.parquet"]


@pytest.mark.parametrize("output", ["predictions.csv", "predictions.parquet"])
def test_rejects_file_beside_the_output(tmp_path: Path, output: str) -> None:
    rejects = [
        RejectRecord(2, "r2", "connections", "=1+1", "not a whole number >= 0"),
        RejectRecord(5, "", "*", "a,b", "has 2 fields, the header has 3"),
    ]
    written = write_rejects(tmp_path / output, rejects)
    assert written == rejects_path(tmp_path / output) == tmp_path / "predictions.rejects.csv"
    frame = pd.read_csv(written, dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(REJECT_COLUMNS)
    assert frame["row"].tolist() == ["2", "5"]
    assert frame["value"].tolist() == ["'=1+1", "a,b"]  # formula neutralised for spreadsheets


def test_a_clean_run_writes_no_rejects_file_and_removes_a_stale_one(tmp_path: Path) -> None:
    stale = tmp_path / "out.rejects.csv"
    stale.write_text("row,request_id,column,value,reason\n3,,name,,old run\n", encoding="utf-8")
    assert write_rejects(tmp_path / "out.csv", []) is None
    assert not stale.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left either


def test_rejects_are_written_when_there_are_some(tmp_path: Path) -> None:
    written = write_rejects(tmp_path / "out.csv", [RejectRecord(2, "x", "name", "", "empty")])
    assert written is not None
    assert written.read_text(encoding="utf-8").splitlines()[0] == ",".join(REJECT_COLUMNS)


# -- property: any row becomes a normalised row or rejects, never an exception ----------------
HOSTILE = st.sampled_from(
    [
        "\x00",
        "\u202e",
        "\u200f",
        "=cmd|' /C calc'!A0",
        '"',
        '""',
        "\r\n",
        "\n",
        ";",
        ",",
        " ",
        "\ufeff",
        "\x1b[31m",
        "𝟘𝟙",
        "Ω",
        "e\u0301",
        "NaN",
        "None",
        "null",
        "500+",
        "1,234",
        "yes",
        "accepted",
        "6/27/26, 7:35 AM",
        "2026-06-27T07:35:00Z",
        "Italy",
        "IT",
    ]
)
# Very long text from a short seed: large cells without exhausting hypothesis' entropy budget.
LONG = st.builds(lambda seed, n: seed * n, st.text(min_size=1, max_size=4), st.integers(80, 3000))
CELL = st.one_of(st.text(max_size=12), HOSTILE, LONG)
ROW = st.lists(CELL, min_size=len(HEADER), max_size=len(HEADER))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(ROW, min_size=1, max_size=3), chunk_rows=st.sampled_from([2, 1000]))
def test_any_csv_row_becomes_a_row_or_rejects(rows: list[list[str]], chunk_rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "requests.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([HEADER, *rows])
        reader = RequestsReader(path, chunk_rows=chunk_rows)
        try:
            chunks = list(reader.chunks())
        except TriageError as error:
            # The one way a whole file is refused here: dates that mix day-first and
            # month-first, or cannot tell (sources/date_order.py), named with their column.
            assert "received_at" in str(error) and "day" in str(error)
            return
    kept_rows = [int(r) for c in chunks for r in c.frame["row"]]
    rejected_rows = {r.row for c in chunks for r in c.rejects}
    assert reader.n_read == len(kept_rows) + len(rejected_rows)
    assert not set(kept_rows) & rejected_rows
    assert set(kept_rows) | rejected_rows == set(range(1, reader.n_read + 1))
    for chunk in chunks:
        assert list(chunk.frame.columns) == list(contract.FRAME_COLUMNS)
        assert chunk.frame["name"].notna().all() and chunk.frame["received_at"].notna().all()
        assert all(isinstance(r.reason, str) and r.reason for r in chunk.rejects)
