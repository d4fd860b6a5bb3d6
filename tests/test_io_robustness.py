"""Files as other programs write them, and what the tool writes back (acceptance findings).

UTF-16/UTF-32 text (Excel's "Unicode text"), `;`-separated CSV (Excel in many European
locales), the formula guard of written CSVs (plain numbers untouched, the same treatment
whatever the input's columns), no rejects file from a run that failed as a whole.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner
from typer.testing import Result as CliResult

from frames import requests_table
from linkedin_triage.commands.cli import app
from linkedin_triage.errors import TriageError
from linkedin_triage.sources.requests_reader import RequestsReader, read_requests
from linkedin_triage.storage.output_files import neutralise_formulas

runner = CliRunner()
HEADER = ["request_id", "name", "received_at", "message", "company", "mutual_connections"]
ROWS = [
    ["r1", "José Müller", "2026-01-05T09:00:00Z", "Ciao, ci siamo visti; a Milano", "Globex", "12"],
    ["r2", "Zoë Brønsted", "2026-01-06T10:30:00Z", 'She said "hi"', "Initech", "3"],
    ["r3", "王小明", "2026-01-07T11:45:00Z", "", "Acme; Corp", "0"],
]


def invoke(*args: object) -> CliResult:
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "240"})


def flat(output: str) -> str:
    return " ".join(output.split())


def write_text_table(
    path: Path, encoding: str, delimiter: str = ",", rows: list[list[str]] = ROWS
) -> Path:
    """HEADER and `rows` as CSV text with this delimiter, encoded as asked."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def read_csv_exactly(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def utf8_frame(tmp_path: Path) -> pd.DataFrame:
    return read_requests(write_text_table(tmp_path / "utf8.csv", "utf-8")).frame


# -- 1. UTF-16 and UTF-32 ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("encoding", "delimiter", "named"),
    [
        ("utf-16", ",", "UTF-16"),  # with a byte-order mark, little-endian on most machines
        ("utf-16", "\t", "UTF-16"),  # Excel's "Unicode text": tab-separated
        ("utf-16-be", ",", "UTF-16 big-endian"),  # no byte-order mark
        ("utf-16-le", ",", "UTF-16 little-endian"),  # no byte-order mark
        ("utf-32", ",", "UTF-32"),
    ],
)
def test_utf16_and_utf32_files_are_decoded_not_read_as_latin1(
    tmp_path: Path, utf8_frame: pd.DataFrame, encoding: str, delimiter: str, named: str
) -> None:
    path = write_text_table(tmp_path / "unicode.csv", encoding, delimiter)
    if encoding == "utf-16-be":  # the codec writes no mark; make sure of the byte order
        assert path.read_bytes()[:2] == b"\x00r"
    table = read_requests(path)
    assert table.n_read == len(ROWS) and table.rejects == []
    pd.testing.assert_frame_equal(table.frame, utf8_frame)
    assert any(f"decoded as {named}" in n and str(path) in n for n in table.notices)


def test_utf16_byte_order_mark_is_not_part_of_the_first_header(tmp_path: Path) -> None:
    path = write_text_table(tmp_path / "unicode.csv", "utf-16")
    assert RequestsReader(path).headers == HEADER


def test_a_few_nul_bytes_do_not_make_a_utf8_file_utf16(tmp_path: Path) -> None:
    rows = [["r1", "Ada\x00 Lovelace", "2026-01-05", "hi\x00\x00", "Globex", "1"]]
    table = read_requests(write_text_table(tmp_path / "nul.csv", "utf-8", rows=rows))
    assert table.frame.loc[0, "name"] == "Ada\x00 Lovelace"
    assert table.notices == []


def test_utf16_file_through_the_cli_counts_its_real_rows(
    tmp_path: Path, minimal_policy_file: Path
) -> None:
    path = write_text_table(tmp_path / "pending.csv", "utf-16", "\t")
    result = invoke("rules", "-p", minimal_policy_file, "-i", path, "-o", tmp_path / "o.csv")
    assert result.exit_code == 0, result.output
    assert "3 read = 3 scored + 0 rejected" in flat(result.output)
    assert "\\u0000" not in result.output and "UTF-16" in flat(result.output)
    names = [row["name"] for row in read_csv_exactly(tmp_path / "o.csv")]
    assert names == [row[1] for row in ROWS]


# -- 2. `;`-separated CSV ----------------------------------------------------------------------
def test_semicolon_separated_file_is_read_with_a_notice(
    tmp_path: Path, utf8_frame: pd.DataFrame
) -> None:
    path = write_text_table(tmp_path / "excel.csv", "utf-8-sig", ";")
    # Quoting rules hold: cells holding `;` are quoted, cells holding `,` are not.
    assert '"Acme; Corp"' in path.read_text(encoding="utf-8-sig")
    table = read_requests(path)
    assert table.n_read == len(ROWS) and table.rejects == []
    pd.testing.assert_frame_equal(table.frame, utf8_frame)
    assert any("separated by ';'" in notice for notice in table.notices)


def test_semicolon_rows_with_a_wrong_field_count_are_rejects_quoted_with_semicolons(
    tmp_path: Path,
) -> None:
    path = write_text_table(tmp_path / "excel.csv", "utf-8", ";")
    path.write_text(path.read_text(encoding="utf-8") + "r4;Bo;2026-01-08\r\n", encoding="utf-8")
    table = read_requests(path)
    assert table.n_read == 4 and len(table.frame) == 3
    [reject] = table.rejects
    assert (reject.row, reject.column, reject.value) == (4, "*", "r4;Bo;2026-01-08")


def test_semicolon_header_without_contract_columns_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("Vorname;Eingang\nAda;2026-01-05\n", encoding="utf-8")
    with pytest.raises(TriageError) as error:
        RequestsReader(path)
    message = str(error.value)
    assert str(path) in message and "missing required column" in message
    assert "no comma but ';'" in message


def test_a_one_column_comma_file_is_not_taken_for_another_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text("name\nAda; Bo\n", encoding="utf-8")
    with pytest.raises(TriageError, match="missing required column") as error:
        RequestsReader(path)
    assert "no comma" not in str(error.value)


# -- 3. the formula guard ----------------------------------------------------------------------
def test_plain_numbers_are_not_formulas_but_everything_else_leading_with_a_sign_is() -> None:
    values = pd.Series(
        ["-42", "+3.5", "1e-6", "-1.5E+3", "-5", "=1+1", "-2+3", "- looks fake", "+", "@a", None]
    )
    assert neutralise_formulas(values).tolist() == [
        "-42",
        "+3.5",
        "1e-6",
        "-1.5E+3",
        "-5",
        "'=1+1",
        "'-2+3",
        "'- looks fake",
        "'+",
        "'@a",
        pd.NA,
    ]


def test_own_text_is_only_the_scorers_column_never_a_carried_input_column() -> None:
    from linkedin_triage.commands.batch_scoring import _own_text_columns

    extras = pd.DataFrame(columns=["reasons", "fired_rules"])
    predict_like = pd.DataFrame(columns=["request_id", "reasons", "input_reasons", "fired_rules"])
    assert _own_text_columns(predict_like, extras) == ("reasons",)
    rules_like = pd.DataFrame(columns=["fired_rules", "input_fired_rules", "reasons"])
    assert _own_text_columns(rules_like, extras) == ("fired_rules",)
    assert _own_text_columns(predict_like, pd.DataFrame()) == ("reasons", "fired_rules")


def _pending_with_numeric_ids(tmp_path: Path, with_reasons_column: bool) -> Path:
    table = requests_table(6, seed=5, start="2026-10-01", labelled=False)
    table["request_id"] = ["-42", "+7", "1e3", "=1+1", "-3-3", "ok"]
    table.loc[4, "connections"] = "-5"  # a bad value: the row goes to the rejects file
    if with_reasons_column:
        table["reasons"] = ["- looks fake", "=1+1", "+ fine", "", "x", "-7"]
    path = tmp_path / ("with.csv" if with_reasons_column else "without.csv")
    table.to_csv(path, index=False)
    return path


def test_predict_csvs_keep_numeric_ids_and_treat_reasons_alike_whatever_the_input(
    model_dir: Path, tmp_path: Path
) -> None:
    outputs = {}
    for with_reasons in (False, True):
        source = _pending_with_numeric_ids(tmp_path, with_reasons)
        out, why = tmp_path / f"{with_reasons}.csv", tmp_path / f"{with_reasons}.why.csv"
        result = invoke(
            "predict", "--model-dir", model_dir, "--input", source, "--output", out,
            "--explanations", why,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        outputs[with_reasons] = read_csv_exactly(out)
        ids = [row["request_id"] for row in outputs[with_reasons]]
        assert ids == ["-42", "+7", "1e3", "'=1+1", "ok"]  # joins on the id still work
        assert {row["request_id"] for row in read_csv_exactly(why)} == set(ids)
        [reject] = read_csv_exactly(tmp_path / f"{with_reasons}.rejects.csv")
        assert (reject["request_id"], reject["value"]) == ("'-3-3", "-5")
    # The tool's own `reasons` are written the same whether or not the input had a column
    # of that name (then carried as `input_reasons`, stranger text, neutralised).
    assert [r["reasons"] for r in outputs[True]] == [r["reasons"] for r in outputs[False]]
    assert all(r["reasons"][:2] in {"+ ", "- "} for r in outputs[True])
    carried = [r["input_reasons"] for r in outputs[True]]
    assert carried == ["'- looks fake", "'=1+1", "'+ fine", "", "-7"]


def test_rules_csv_keeps_numeric_ids_and_neutralises_a_carried_fired_rules_column(
    minimal_policy_file: Path, tmp_path: Path
) -> None:
    source = _pending_with_numeric_ids(tmp_path, with_reasons_column=False)
    table = pd.read_csv(source, dtype=str, keep_default_na=False)
    table["fired_rules"] = "=HYPERLINK(1)"
    table.to_csv(source, index=False)
    out = tmp_path / "rules.csv"
    result = invoke("rules", "-p", minimal_policy_file, "-i", source, "-o", out)
    assert result.exit_code == 0, result.output
    written = read_csv_exactly(out)
    assert [row["request_id"] for row in written] == ["-42", "+7", "1e3", "'=1+1", "ok"]
    assert {row["input_fired_rules"] for row in written} == {"'=HYPERLINK(1)"}
    assert not any(row["fired_rules"].startswith("'") for row in written)


# -- 4. a run that fails as a whole writes no rejects file --------------------------------------
def test_batch_failing_as_a_whole_leaves_no_rejects_file(
    minimal_policy_file: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    header_only = tmp_path / "header_only.csv"
    header_only.write_text(",".join(HEADER) + "\n", encoding="utf-8")
    broken = tmp_path / "broken.csv"
    broken.write_text(
        'request_id,name,received_at\nr1,Ada,2026-01-01\nr2,"Bo,2026-01-02\n', encoding="utf-8"
    )
    no_name = tmp_path / "no_name.csv"
    no_name.write_text("request_id,received_at\nr1,2026-01-01\n", encoding="utf-8")
    for source in (header_only, broken, no_name):
        result = invoke("rules", "-p", minimal_policy_file, "-i", source, "-o", out_dir / "o.csv")
        assert result.exit_code == 2, result.output
        assert list(out_dir.iterdir()) == [], source.name


def test_train_without_a_decision_column_leaves_no_rejects_file(
    minimal_policy_file: Path, tmp_path: Path
) -> None:
    history = tmp_path / "history.csv"
    requests_table(30, seed=3).drop(columns="decision").to_csv(history, index=False)
    out_dir = tmp_path / "models"
    out_dir.mkdir()
    result = invoke(
        "train", "-p", minimal_policy_file, "--history", history,
        "--model-dir", out_dir / "m", "--no-track",
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert list(out_dir.iterdir()) == []


def test_train_into_a_foreign_folder_leaves_no_rejects_file(
    minimal_policy_file: Path, tmp_path: Path
) -> None:
    history = tmp_path / "history.csv"
    requests_table(30, seed=3).to_csv(history, index=False)
    victim = tmp_path / "models" / "victim"
    victim.mkdir(parents=True)
    (victim / "notes.txt").write_text("mine", encoding="utf-8")
    result = invoke(
        "train", "-p", minimal_policy_file, "--history", history,
        "--model-dir", victim, "--no-track",
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "nothing was written" in flat(result.output)
    assert not (victim.parent / "victim.rejects.csv").exists()
