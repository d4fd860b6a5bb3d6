"""Day-first and month-first dates: decided per column from the whole column, never guessed.

The rule is in sources/date_order.py; these tests hold it to the requests tables (in chunks),
the command line and LinkedIn's export re-saved by a European spreadsheet.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from frames import requests_table, write_table
from linkedin_triage.commands.cli import app
from linkedin_triage.commands.linkedin_import import import_export
from linkedin_triage.errors import TriageError
from linkedin_triage.sources import parsing
from linkedin_triage.sources.date_order import DateOrder
from linkedin_triage.sources.linkedin_export import parse_export_dates
from linkedin_triage.sources.requests_reader import RequestsReader, read_requests

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures" / "linkedin_export"
V2026 = FIXTURES / "Complete_LinkedInDataExport_06-30-2026"
DAY_FIRST, MONTH_FIRST, DETECT = DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST, DateOrder.DETECT


def column(*values: str | None) -> pd.Series:
    """A date column as the reader hands it over, rows numbered from 1."""
    return pd.Series(list(values), index=range(1, len(values) + 1), dtype="string")


def read(values: pd.Series, order: DateOrder = DETECT) -> tuple[list[str | None], pd.Series]:
    parsed, errors = parsing.parse_datetime(values, order, source="t.csv", column="received_at")
    return [None if pd.isna(v) else v.isoformat() for v in parsed], errors


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


# -- the rule on one column ------------------------------------------------------------------
def test_one_day_above_12_makes_the_whole_column_day_first() -> None:
    values, errors = read(column("04/12/2026 09:00", "27/06/2026 07:35", "01/02/2026"))
    assert values == ["2026-12-04T09:00:00", "2026-06-27T07:35:00", "2026-02-01T00:00:00"]
    assert errors.isna().all()


def test_one_second_number_above_12_makes_the_whole_column_month_first() -> None:
    values, _ = read(column("04/12/2026 09:00", "06/27/2026 07:35", "01/02/2026"))
    assert values == ["2026-04-12T09:00:00", "2026-06-27T07:35:00", "2026-01-02T00:00:00"]


def test_linkedins_own_form_is_month_first_on_its_own() -> None:
    # Every number is 12 or less, but `M/D/YY, h:mm AM` is LinkedIn's documented form.
    values, _ = read(column("4/12/26, 9:00 AM", "1/2/26, 7:35 PM", "2026-03-01"))
    assert values == ["2026-04-12T09:00:00", "2026-01-02T19:35:00", "2026-03-01T00:00:00"]


def test_the_same_shape_with_a_small_am_is_no_evidence() -> None:
    # en-AU and en-IN write `4/12/26, 9:00 am` day first: only LinkedIn's capitals count.
    with pytest.raises(TriageError, match="cannot tell day from month"):
        read(column("4/12/26, 9:00 am", "1/2/26, 7:35 pm"))


@pytest.mark.parametrize(
    "values",
    [
        ("2026-06-27T07:35:00Z", "2026-01-02", "27 Jun 2026", "9-Sep-22", "Mar 2019", "03/2019"),
        ("9/9/2022 14:05", "12/12/2025", "2026-01-02"),  # read the same either way
    ],
    ids=["no-numeric-day-and-month", "same-either-way"],
)
def test_columns_that_need_no_convention_read_without_one(values: tuple[str, ...]) -> None:
    parsed, errors = read(column(*values))
    assert errors.isna().all() and None not in parsed


def test_a_column_of_two_way_dates_only_is_an_error_that_says_how_to_choose() -> None:
    with pytest.raises(TriageError) as caught:
        read(column("04/12/2026 09:00", "01/02/2026", None, "2026-05-01"))
    message = str(caught.value)
    assert message.startswith("t.csv: column 'received_at': cannot tell day from month")
    assert "row 1: 04/12/2026 09:00" in message
    assert "4 December 2026 read day-first or 12 April 2026 read month-first" in message
    for way in ("--dayfirst", "--monthfirst", "ISO 8601"):
        assert way in message


def test_a_column_mixing_both_conventions_names_rows_of_each() -> None:
    with pytest.raises(TriageError) as caught:
        read(column("2026-01-01", "27/06/2026 07:35", "06/27/2026", "04/12/2026", "13/01/2026"))
    message = str(caught.value)
    assert "column 'received_at' mixes day-first and month-first dates" in message
    assert "day-first on row 2: 27/06/2026 07:35; row 5: 13/01/2026" in message
    assert "month-first on row 3: 06/27/2026" in message
    assert "--dayfirst or --monthfirst" in message and "ISO 8601" in message


@pytest.mark.parametrize("separator", ["/", ".", "-"])
def test_dots_and_dashes_separate_day_month_and_year_too(separator: str) -> None:
    written = [f"27{separator}06{separator}2026 07:35", f"04{separator}12{separator}2026"]
    values, errors = read(column(*written))
    assert values == ["2026-06-27T07:35:00", "2026-12-04T00:00:00"]
    assert errors.isna().all()


def test_a_chosen_order_reads_every_value_that_way_and_rejects_the_rest() -> None:
    raw = column("04/12/2026", "06/27/2026", "2026-06-28", "junk")
    day_values, day_errors = read(raw, DAY_FIRST)
    assert day_values == ["2026-12-04T00:00:00", None, "2026-06-28T00:00:00", None]
    assert "read day-first" in day_errors[2] and "only month-first reads it" in day_errors[2]
    assert "not a date" in day_errors[4]
    month_values, month_errors = read(raw, MONTH_FIRST)
    assert month_values[:2] == ["2026-04-12T00:00:00", "2026-06-27T00:00:00"]
    assert month_errors[:3].isna().all()


def test_the_two_flags_exclude_each_other() -> None:
    assert DateOrder.from_flags(False, False) is DETECT
    assert DateOrder.from_flags(True, False) is DAY_FIRST
    assert DateOrder.from_flags(False, True) is MONTH_FIRST
    with pytest.raises(TriageError, match="--dayfirst and --monthfirst exclude each other"):
        DateOrder.from_flags(True, True)


# -- requests tables, in chunks --------------------------------------------------------------
def history_day_first(n: int = 41, seed: int = 5) -> tuple[pd.DataFrame, pd.Series]:
    """A labelled history re-saved day-first (`27/06/2026 07:35`), and its true times."""
    table = requests_table(n, seed=seed, start="2025-11-01")
    truth = pd.to_datetime(table["received_at"]).dt.tz_convert(None)
    table["received_at"] = truth.dt.strftime("%d/%m/%Y %H:%M")
    return table, truth.dt.floor("min")


def test_a_day_first_history_is_read_day_first_in_every_row(tmp_path: Path) -> None:
    """The issue's history: rows with a day of 12 or less used to be read with day and month
    swapped (and the others rejected), exit 0."""
    table, truth = history_day_first()
    swappable = (truth.dt.day <= 12) & (truth.dt.day != truth.dt.month)
    assert swappable.sum() >= 10 and (~swappable).sum() >= 10  # both kinds of rows are there
    read_back = read_requests(write_table(table, tmp_path / "history.csv"))
    assert read_back.rejects == []
    assert read_back.frame["received_at"].tolist() == truth.tolist()
    assert any("received_at: day-first, D/M/Y (row" in n for n in read_back.notices)


def test_evidence_in_a_later_chunk_decides_the_first_chunks_too(tmp_path: Path) -> None:
    rows = ["01/02/2026", "03/04/2026", "05/06/2026", "07/08/2026", "27/06/2026"]
    table = pd.DataFrame({"name": [f"P{i}" for i in range(5)], "received_at": rows})
    reader = RequestsReader(write_table(table, tmp_path / "t.csv"), chunk_rows=2)
    frame = pd.concat([chunk.frame for chunk in reader.chunks()], ignore_index=True)
    assert frame["received_at"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-02-01",
        "2026-04-03",
        "2026-06-05",
        "2026-08-07",
        "2026-06-27",
    ]
    assert reader.dates.decisions["received_at"].describe() == (
        "received_at: day-first, D/M/Y (row 5: 27/06/2026)"
    )


def test_a_later_chunk_that_contradicts_the_decision_fails_naming_both_rows(
    tmp_path: Path,
) -> None:
    rows = ["27/06/2026", "01/02/2026", "03/04/2026", "06/28/2026"]
    table = pd.DataFrame({"name": [f"P{i}" for i in range(4)], "received_at": rows})
    reader = RequestsReader(write_table(table, tmp_path / "t.csv"), chunk_rows=2)
    with pytest.raises(TriageError) as caught:
        list(reader.chunks())
    message = str(caught.value)
    assert "day-first on row 1: 27/06/2026" in message
    assert "month-first on row 4: 06/28/2026" in message


def test_a_column_with_no_evidence_takes_the_other_date_columns_convention(
    tmp_path: Path,
) -> None:
    table = pd.DataFrame(
        {
            "name": ["A", "B"],
            "received_at": ["01/02/2026 09:00", "27/03/2026 10:00"],
            "decision": ["accept", "ignore"],
            "decided_at": ["03/02/2026", "04/04/2026"],  # both numbers 12 or less
        }
    )
    frame = read_requests(write_table(table, tmp_path / "t.csv")).frame
    assert frame["decided_at"].dt.strftime("%Y-%m-%d").tolist() == ["2026-02-03", "2026-04-04"]


def test_other_date_columns_that_disagree_decide_nothing(tmp_path: Path) -> None:
    table = pd.DataFrame(
        {
            "name": ["A", "B"],
            "received_at": ["27/01/2026", "01/02/2026"],
            "decided_at": ["01/28/2026", "01/02/2026"],
            "joined_on": ["02/03/2020", "03/04/2020"],
        }
    )
    with pytest.raises(TriageError, match="other date columns disagree"):
        read_requests(write_table(table, tmp_path / "t.csv"))


# -- the command line ------------------------------------------------------------------------
AMBIGUOUS = pd.DataFrame(
    {"name": ["Ada Example", "Bo Example"], "received_at": ["04/12/2026", "01/02/2026"]}
)


def test_validate_says_which_convention_it_read_and_why(tmp_path: Path) -> None:
    table, _ = history_day_first(8, seed=2)
    table.loc[3, "received_at"] = "27/06/2026 07:35"
    result = invoke("validate", write_table(table, tmp_path / "history.csv"))
    assert result.exit_code == 0, result.output
    assert "dates: received_at: day-first, D/M/Y (row" in result.output
    assert "clean" in result.output


@pytest.mark.parametrize("command", ["validate", "rules", "predict"])
def test_an_undecidable_table_is_exit_2_and_writes_nothing(
    command: str, model_dir: Path, policy_file: Path, tmp_path: Path
) -> None:
    source = write_table(AMBIGUOUS, tmp_path / "pending.csv")
    out = tmp_path / "out.csv"
    args = {
        "validate": [source, "--rejects", out],
        "rules": ["--policy", policy_file, "--input", source, "--output", out],
        "predict": ["--model-dir", model_dir, "--input", source, "--output", out],
    }[command]
    result = invoke(command, *args)
    assert result.exit_code == 2, result.output
    flat = " ".join(result.output.split())
    assert "pending.csv: column 'received_at': cannot tell day from month" in flat
    assert "--dayfirst" in flat and "--monthfirst" in flat
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pending.csv"]


@pytest.mark.parametrize(
    ("flag", "order", "first"),
    [("--dayfirst", DAY_FIRST, "2026-12-04"), ("--monthfirst", MONTH_FIRST, "2026-04-12")],
)
def test_the_flags_settle_an_undecidable_table(
    flag: str, order: DateOrder, first: str, policy_file: Path, tmp_path: Path
) -> None:
    source = write_table(AMBIGUOUS, tmp_path / "pending.csv")
    validated = invoke("validate", source, flag)
    assert validated.exit_code == 0, validated.output
    assert f"dates: received_at: {order.value}, {order.shape} ({flag})" in validated.output
    out = tmp_path / "rules.csv"
    result = invoke("rules", "--policy", policy_file, "--input", source, "--output", out, flag)
    assert result.exit_code == 0, result.output
    assert "2 read = 2 scored + 0 rejected" in " ".join(result.output.split())
    frame = read_requests(source, date_order=order).frame
    assert frame["received_at"].dt.strftime("%Y-%m-%d").iloc[0] == first


def test_a_flag_is_reported_only_for_columns_with_day_and_month_numbers(tmp_path: Path) -> None:
    table = AMBIGUOUS.assign(joined_on=["2019-03", "Mar 2020"])
    reader = RequestsReader(write_table(table, tmp_path / "t.csv"), date_order=DAY_FIRST)
    list(reader.chunks())
    assert [d.describe() for d in reader.dates.decisions.values()] == [
        "received_at: day-first, D/M/Y (--dayfirst)"
    ]


def test_both_flags_at_once_are_exit_2(tmp_path: Path) -> None:
    source = write_table(AMBIGUOUS, tmp_path / "pending.csv")
    result = invoke("validate", source, "--dayfirst", "--monthfirst")
    assert result.exit_code == 2 and "exclude each other" in result.output


def test_a_mixed_table_is_exit_2_in_rules_naming_rows_of_each(
    policy_file: Path, tmp_path: Path
) -> None:
    table = pd.DataFrame(
        {"name": ["A", "B", "C"], "received_at": ["27/06/2026", "2026-01-01", "06/28/2026"]}
    )
    source = write_table(table, tmp_path / "pending.csv")
    out = tmp_path / "rules.csv"
    result = invoke("rules", "--policy", policy_file, "--input", source, "--output", out)
    assert result.exit_code == 2, result.output
    flat = " ".join(result.output.split())
    assert "day-first on row 1: 27/06/2026" in flat and "month-first on row 3: 06/28/2026" in flat
    assert not out.exists() and not (tmp_path / "rules.rejects.csv").exists()


def test_train_on_a_day_first_history_learns_the_right_dates(tmp_path: Path) -> None:
    table, truth = history_day_first()
    (tmp_path / "policy.toml").write_text(
        '[me]\nindustry = "IT Services and IT Consulting"\ncountry = "IT"\n', encoding="utf-8"
    )
    history = write_table(table.sort_values("received_at"), tmp_path / "history.csv")
    model = tmp_path / "model"
    result = invoke(
        "train", "--policy", tmp_path / "policy.toml", "--history", history,
        "--model-dir", model, "--no-track",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    info = json.loads((model / "info.json").read_text())
    assert info["trained_until"] == str(truth.max())
    assert not (tmp_path / "model.rejects.csv").exists()  # written only when a row is rejected


# -- LinkedIn's export, re-saved by a European spreadsheet -----------------------------------
def resave_day_first(source: Path, target: Path) -> Path:
    """What a spreadsheet in an Italian or French locale makes of the export on re-save:
    `;` between cells, a BOM, CRLF, `27/06/2026 07:35` and `04/05/2026` for dates."""
    target.mkdir(parents=True)
    for path in source.iterdir():
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skiprows=_preamble(path))
        for name, form in (("Sent At", "%m/%d/%y, %I:%M %p"), ("Connected On", "%d %b %Y")):
            if name in frame:
                known = frame[name] != ""
                when = pd.to_datetime(frame.loc[known, name], format=form)
                resaved = "%d/%m/%Y %H:%M" if name == "Sent At" else "%d/%m/%Y"
                frame.loc[known, name] = when.dt.strftime(resaved)
        text = frame.to_csv(sep=";", index=False, lineterminator="\r\n")
        (target / path.name).write_bytes(b"\xef\xbb\xbf" + text.encode())
    return target


def _preamble(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return 3 if lines and lines[0] == "Notes:" else 0


def test_a_day_first_resaved_export_imports_like_the_original(tmp_path: Path) -> None:
    """The issue's export: before, rows were swapped or rejected and the export date guessed
    from the swapped dates came out months off."""
    export = resave_day_first(V2026, tmp_path / "my_export")  # no date in the name
    assert "25/06/2026 09:00" in (export / "Invitations.csv").read_text(encoding="utf-8-sig")
    summary = import_export(export, tmp_path / "resaved.csv")
    original = import_export(shutil.copytree(V2026, tmp_path / "plain"), tmp_path / "plain.csv")
    assert summary.export_date == date(2026, 6, 25)  # the newest Sent At, read right
    assert summary.rejected == 0 and summary.written == original.written == 7
    resaved = pd.read_csv(tmp_path / "resaved.csv", dtype=str, keep_default_na=False)
    plain = pd.read_csv(tmp_path / "plain.csv", dtype=str, keep_default_na=False)
    columns = ["name", "received_at", "decision", "decided_at"]
    labels = resaved[columns].set_index("name").sort_index()
    assert labels.loc["Ingrid Bjørnstad", "decided_at"] == "2026-05-04T00:00:00"
    plain_labels = plain[columns].set_index("name").sort_index()
    # The original's name gives 30 June as its export date; the re-save only the files' 25 June.
    for name in ("Ingrid Bjørnstad", "Chloé Marchetti", "Anna Rossi", "Wendell Okonkwo-Praed"):
        assert labels.loc[name].tolist() == plain_labels.loc[name].tolist()
    text = "\n".join(summary.lines())
    assert "Sent At: day-first, D/M/Y (row 1: 25/06/2026 09:00)" in text
    assert "Connected On: day-first" in text


def test_an_export_whose_dates_cannot_tell_is_refused_until_a_flag_says(tmp_path: Path) -> None:
    export = tmp_path / "Complete_LinkedInDataExport_06-30-2026"
    export.mkdir()
    (export / "Invitations.csv").write_text(
        "From;To;Sent At;Message;Direction\r\n"
        "Ada Quill;Nora Valdemar;04/05/2026 09:00;;INCOMING\r\n"
        "Bo Tern;Nora Valdemar;02/06/2026 10:30;;INCOMING\r\n",
        encoding="utf-8",
    )
    (export / "Connections.csv").write_text(
        "First Name;Last Name;Connected On\r\nAda;Quill;09/05/2026\r\n", encoding="utf-8"
    )
    out = tmp_path / "out.csv"
    result = invoke("import-linkedin", export, "--out", out)
    assert result.exit_code == 2, result.output
    flat = " ".join(result.output.split())
    assert "Invitations.csv: column 'Sent At': cannot tell day from month" in flat
    assert not out.exists()
    result = invoke("import-linkedin", export, "--out", out, "--dayfirst")
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, dtype=str).set_index("name")
    assert frame.loc["Ada Quill", "received_at"] == "2026-05-04T09:00:00"
    assert frame.loc["Ada Quill", "decided_at"] == "2026-05-09T00:00:00"


def test_an_export_column_mixing_conventions_names_rows_of_each() -> None:
    values = pd.Series(["6/27/26, 7:35 AM", "27/06/2026 07:35"], index=[1, 2])
    with pytest.raises(TriageError) as caught:
        parse_export_dates(values, source="Invitations.csv", column="Sent At")
    message = str(caught.value)
    assert "Invitations.csv: column 'Sent At' mixes day-first and month-first" in message
    assert "LinkedIn's M/D/YY, h:mm AM form" in message and "row 2: 27/06/2026 07:35" in message


def test_rows_are_named_by_the_index_not_by_position() -> None:
    values = pd.Series(["01/02/2026", "13/02/2026", "02/14/2026"], index=[10, 20, 30])
    with pytest.raises(TriageError, match=r"row 20: 13/02/2026.*row 30: 02/14/2026"):
        parsing.parse_datetime(values)
    parsed, _ = parsing.parse_datetime(values.iloc[:2])
    assert list(parsed.index) == [10, 20] and parsed.dt.month.tolist() == [2, 2]
