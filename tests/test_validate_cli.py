"""`linkedin-triage validate` end to end, and a `--help` that stays light."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkedin_triage.commands.cli import app
from linkedin_triage.commands.validation import validate_table

runner = CliRunner()

CLEAN_HEADER = ["request_id", "name", "received_at", "connections", "has_photo", "decision"]
CLEAN_ROWS = [
    ["r1", "Ada Rossi", "2026-06-27T07:35:00Z", "500+", "yes", "accepted"],
    ["r2", "Bo Li", "6/27/26, 7:35 AM", "1,234", "no", "ignore"],
    ["r3", "Cy Example", "2026-06-28", "", "", ""],
]

# Several different problems in several columns, and `received_at` missing altogether.
BROKEN_HEADER = ["request_id", "name", "connections", "has_photo", "country", "joined_on"]
BROKEN_ROWS = [
    ["b1", "Ann Example", "abc", "yes", "IT", "2020-01"],
    ["b2", "", "12", "maybe", "DE", "2020-01"],
    ["b3", "Carl Example", "-5", "no", "Atlantis", "2020-01"],
    ["b4", "Dora Example", "7", "true", "FR", "someday"],
    ["b5", "Ed Example", "1.5", "no", "Narnia", "2020-01"],
    ["b1", "Flo Example", "3", "no", "IT", "2020-01"],
]
# (column, row, value) of every problem planted above
PLANTED = [
    ("connections", 1, "abc"),
    ("name", 2, ""),
    ("has_photo", 2, "maybe"),
    ("connections", 3, "-5"),
    ("country", 3, "Atlantis"),
    ("joined_on", 4, "someday"),
    ("connections", 5, "1.5"),
    ("country", 5, "Narnia"),
    ("request_id", 6, "b1"),
]


def table_row(row: int, value: str) -> re.Pattern[str]:
    """A line of the problems table holding this row number and this value."""
    return re.compile(rf"│\s*{row}\s*│\s*{re.escape(value)}\s*│")


def test_clean_file_exits_0(write_csv) -> None:
    result = runner.invoke(app, ["validate", str(write_csv(CLEAN_HEADER, CLEAN_ROWS))])
    assert result.exit_code == 0, result.output
    assert "3 rows read, 0 with problems" in result.output
    assert "clean" in result.output and "not clean" not in result.output
    assert "accept: 1" in result.output and "unlabelled: 1" in result.output


def test_broken_file_exits_2_and_names_every_problem(write_csv) -> None:
    path = write_csv(BROKEN_HEADER, BROKEN_ROWS)
    result = runner.invoke(app, ["validate", str(path)], terminal_width=200)
    output = result.output
    assert result.exit_code == 2, output
    assert "missing required column: received_at" in output
    assert "6 rows read, 6 with problems" in output  # row 6 repeats the id of row 1
    for column, row, value in PLANTED:
        assert column in output, column
        assert table_row(row, value).search(output), (column, row, value)
    assert "first at row 1" in output
    assert "not clean" in output


def test_report_counts_every_problem_per_column(write_csv) -> None:
    report = validate_table(write_csv(BROKEN_HEADER, BROKEN_ROWS))
    expected: dict[str, int] = {}
    for column, _, _ in PLANTED:
        expected[column] = expected.get(column, 0) + 1
    assert dict(report.problems_per_column) == expected
    assert report.missing_required == ["received_at"]
    assert not report.clean


def test_cell_text_is_shown_not_interpreted(write_csv) -> None:
    # Rich markup or terminal escapes in a cell must neither crash the report nor style it.
    rows = [["Ada", "2026-01-01", "[/]"], ["Bo", "2026-01-01", "\x1b[31mred"]]
    result = runner.invoke(
        app, ["validate", str(write_csv(["name", "received_at", "connections"], rows))]
    )
    assert result.exit_code == 2, result.output
    assert "[/]" in result.output
    assert "\x1b" not in result.output and "\\u001b[31mred" in result.output


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "not found" in result.output


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("empty.csv", "", "empty"), ("header.csv", "name,received_at\n", "no rows")],
)
def test_empty_tables_exit_2(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert message in result.output


HEAVY = ["sklearn", "shap", "mlflow", "matplotlib"]


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from linkedin_triage.commands import cli\n"
        "result = CliRunner().invoke(cli.app, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_python_dash_m_help_exits_0() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "linkedin_triage", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "validate" in done.stdout


# --- every problem, not only the first examples ------------------------------------------------

# 8 bad `connections` cells and 1 bad `has_photo`: more than the 3 examples per column.
MANY_HEADER = ["request_id", "name", "received_at", "connections", "has_photo"]
MANY_ROWS = [
    [f"m{i}", f"Name {i}", "2026-01-01", f"bad{i}" if i < 8 else "5", "maybe" if i == 9 else "no"]
    for i in range(10)
]


def test_summary_says_how_to_see_the_problems_not_shown(write_csv) -> None:
    result = runner.invoke(app, ["validate", str(write_csv(MANY_HEADER, MANY_ROWS))])
    assert result.exit_code == 2, result.output
    assert "5 more not shown: --all lists every one" in " ".join(result.output.split())
    assert "bad7" not in result.output


def test_all_lists_every_problem(write_csv) -> None:
    path = write_csv(MANY_HEADER, MANY_ROWS)
    result = runner.invoke(app, ["validate", str(path), "--all"], terminal_width=200)
    assert result.exit_code == 2, result.output
    for i in range(8):
        assert table_row(i + 1, f"bad{i}").search(result.output), i
    assert table_row(10, "maybe").search(result.output)
    assert "more not shown" not in result.output


def test_rejects_writes_every_problem_as_csv(write_csv, tmp_path: Path) -> None:
    import pandas as pd

    target = tmp_path / "problems.csv"
    path = write_csv(MANY_HEADER, MANY_ROWS)
    result = runner.invoke(app, ["validate", str(path), "--rejects", str(target)])
    assert result.exit_code == 2, result.output
    problems = pd.read_csv(target, dtype=str, keep_default_na=False)
    assert list(problems.columns) == ["row", "request_id", "column", "value", "reason"]
    assert len(problems) == 9
    assert list(problems.loc[problems["column"] == "connections", "value"]) == [
        f"bad{i}" for i in range(8)
    ]
    assert "every problem (9) written to" in " ".join(result.output.split())


def test_rejects_of_a_clean_table_writes_no_file(write_csv, tmp_path: Path) -> None:
    target = tmp_path / "none.csv"
    result = runner.invoke(
        app, ["validate", str(write_csv(CLEAN_HEADER, CLEAN_ROWS)), "--rejects", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert not target.exists()


def test_rejects_never_overwrites_the_table_itself(write_csv) -> None:
    path = write_csv(MANY_HEADER, MANY_ROWS)
    before = path.read_bytes()
    result = runner.invoke(app, ["validate", str(path), "--rejects", str(path)])
    assert result.exit_code == 2
    assert "is the table being validated" in result.output
    assert path.read_bytes() == before


def test_a_column_that_looks_like_a_contract_column_is_named_not_called_clean(
    write_csv, tmp_path: Path
) -> None:
    path = write_csv(
        ["name", "received_at", "nb_mutual", "prior_messages"],
        [["Ada Example", "2026-06-01", "12", "0"]],
    )
    result = runner.invoke(app, ["validate", str(path)])
    text = " ".join(result.output.split())
    assert result.exit_code == 0, result.output
    assert "nb_mutual looks like mutual_connections but is not read as it" in text
    assert "clean, but 1 column(s) that look like contract columns are not read" in text
    assert "prior_messages looks like" not in text  # the tool's own extra column


def test_train_and_rules_name_a_look_alike_column_they_do_not_read(tmp_path: Path) -> None:
    """`nb_mutual` is not mutual_connections: train and rules say so, not only validate."""
    import os

    import tomli_w

    from frames import POLICY, requests_table, write_table

    (tmp_path / "policy.toml").write_text(tomli_w.dumps(POLICY))
    table = requests_table(20, seed=4).rename(columns={"mutual_connections": "nb_mutual"})
    write_table(table, tmp_path / "history.csv")
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        trained = runner.invoke(
            app,
            ["train", "--policy", "policy.toml", "--history", "history.csv",
             "--model-dir", "models/m", "--no-track"],
        )  # fmt: skip
        ruled = runner.invoke(
            app,
            ["rules", "--policy", "policy.toml", "--input", "history.csv", "--output", "r.csv"],
        )
        validated = runner.invoke(app, ["validate", "history.csv"])
    finally:
        os.chdir(previous)
    said = "'nb_mutual' looks like mutual_connections but is not read as it"
    for result in (trained, ruled):
        assert result.exit_code == 0, result.output
        assert said in " ".join(result.output.split())
    text = " ".join(validated.output.split())
    assert text.count("looks like mutual_connections") == 1  # its own line, not again as a note
