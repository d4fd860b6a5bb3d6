"""Faults: interrupted runs, killed processes, racing trainings, unwritable folders, full disks.

The promise (SECURITY.md): an interrupted `predict` or `rules` leaves the previous complete
output or none, never a partial file; SIGTERM and Ctrl-C also remove the temporaries, only
SIGKILL can leave hidden `.name.*.tmp` files (never a visible partial output). An interrupted
`train` leaves the previous model folder, or none; two trainings into one folder never mix.
A full disk or an unwritable folder is exit 2 with a message that says so.
"""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import tomli_w
from typer.testing import CliRunner

from frames import (
    POLICY,
    load_make_cases,
    requests_table,
    write_table,
)
from linkedin_triage.commands.batch_scoring import Scored, run_batch
from linkedin_triage.commands.cli import app
from linkedin_triage.errors import TriageError
from linkedin_triage.sources.requests_reader import Chunk

runner = CliRunner()
BAD = Path(__file__).parent / "fixtures" / "bad"
# What atomic_path names its temporaries: hidden, beside the target.
TEMPORARY = re.compile(r"^\.[^/]+\.[0-9a-f]{12}\.tmp$")
NO_SPACE = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


make_cases = load_make_cases()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in a folder (not below) with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def old_outputs(folder: Path, output: str = "out.csv") -> dict[str, bytes]:
    """A previous run's complete outputs, to be kept intact by an interrupted run."""
    (folder / output).write_bytes(b"request_id,name\nold-1,Previous Run\n")
    (folder / f"{Path(output).stem}.rejects.csv").write_bytes(b"row,request_id,column\n")
    return snapshot(folder)


def pending(folder: Path, n: int = 45, bad_row: int | None = 3) -> Path:
    table = requests_table(n, seed=51, start="2026-10-01", labelled=False)
    if bad_row is not None:
        table.loc[bad_row, "mutual_connections"] = "many"
    return write_table(table, folder / "pending.csv")


# -- a scorer that fails midway ----------------------------------------------------------------
def failing_scorer(fail_on_call: int, error: BaseException) -> Callable[[Chunk], Scored]:
    calls = []

    def score(chunk: Chunk) -> Scored:
        calls.append(1)
        if len(calls) == fail_on_call:
            raise error
        rows = chunk.frame[["request_id", "name"]].assign(decision="review")
        return Scored(rows=rows.reset_index(drop=True), details=rows.reset_index(drop=True))

    return score


ERRORS = {
    "bug": RuntimeError("a bug in the scorer"),
    "ctrl-c": KeyboardInterrupt(),
    "sigterm": SystemExit(143),
    "bad input": TriageError("a problem the user can act on"),
}


@pytest.mark.parametrize("kind", sorted(ERRORS))
@pytest.mark.parametrize("output", ["out.csv", "out.parquet"])
@pytest.mark.parametrize("had_outputs", [True, False], ids=["old-outputs", "first-run"])
def test_scorer_failing_midway_leaves_the_old_outputs_or_none(
    tmp_path: Path, kind: str, output: str, had_outputs: bool
) -> None:
    (tmp_path / "in").mkdir()
    source = pending(tmp_path / "in")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = old_outputs(out_dir, output) if had_outputs else {}
    with pytest.raises(type(ERRORS[kind])):
        run_batch(
            source,
            out_dir / output,
            failing_scorer(3, ERRORS[kind]),  # chunks 1 and 2 are already written
            details=out_dir / "details.csv",
            chunk_rows=10,
            show_progress=False,
        )
    assert snapshot(out_dir) == before  # byte for byte, and no temporary left at all
    assert [p.name for p in out_dir.iterdir() if p.is_dir()] == []


def test_the_same_run_without_the_fault_writes_everything(tmp_path: Path) -> None:
    """The control for the test above: the scorer and file do produce outputs."""
    source = pending(tmp_path)
    summary = run_batch(
        source,
        tmp_path / "out.csv",
        failing_scorer(0, RuntimeError()),
        details=tmp_path / "details.csv",
        chunk_rows=10,
        show_progress=False,
    )
    assert (summary.n_read, summary.n_scored, summary.n_rejected) == (45, 44, 1)
    assert len(pd.read_csv(tmp_path / "out.csv")) == 44
    assert len(pd.read_csv(tmp_path / "details.csv")) == 44
    assert list(pd.read_csv(tmp_path / "out.rejects.csv")["row"]) == [4]


def test_sigterm_handler_is_restored_after_a_run(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    run_batch(pending(tmp_path), tmp_path / "o.csv", failing_scorer(0, RuntimeError()))
    assert signal.getsignal(signal.SIGTERM) is before


def test_ctrl_c_in_predict_keeps_the_previous_predictions(
    model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from linkedin_triage.explaining import scoring

    source = pending(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = old_outputs(out_dir)
    real_rows = scoring.ScoredFrame.rows
    calls = []

    def rows_then_ctrl_c(self, extras=None):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_rows(self, extras)

    monkeypatch.setattr(scoring.ScoredFrame, "rows", rows_then_ctrl_c)
    result = runner.invoke(
        app,
        ["predict", "--model-dir", str(model_dir), "--input", str(source),
         "--output", str(out_dir / "out.csv"), "--chunk-rows", "10"],
    )  # fmt: skip
    assert result.exit_code != 0 and len(calls) == 2
    assert snapshot(out_dir) == before


# -- real processes, really killed ------------------------------------------------------------
# A child inherits an ignored SIGINT: a shell starts background jobs (`make test &`, CI
# scripts) with SIGINT ignored, and then a "Ctrl-C" never reached the CLI under test. A user's
# terminal never ignores it: Ctrl-C raises KeyboardInterrupt, as it does here.
AS_IN_A_TERMINAL = "import signal\nsignal.signal(signal.SIGINT, signal.default_int_handler)\n"


def start_cli(args: list[str], cwd: Path, prelude: str = "") -> subprocess.Popen:
    """`python -m linkedin_triage ARGS` in its own process (with optional patching code first)."""
    code = AS_IN_A_TERMINAL + prelude + "\nfrom linkedin_triage.commands.cli import main\nmain()\n"
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )


# Patched into a real `predict` or `rules` process: once its first chunk is in the output's
# temporary file, it says so and waits. The signal then always lands mid-write; racing a
# running process instead let a loaded machine finish the run before the kill arrived.
PAUSE_MID_WRITE = """
import time
from linkedin_triage.storage import output_files
_write = output_files.TableWriter.write
def _write_then_wait(self, *args, **kwargs):
    _write(self, *args, **kwargs)
    if self.path.name == "out.csv":
        print("PAUSED", flush=True)
        time.sleep(300)
output_files.TableWriter.write = _write_then_wait
"""


def wait_mid_write(process: subprocess.Popen, folder: Path) -> None:
    """Until the process has written its first chunk and paused (see PAUSE_MID_WRITE)."""
    line = process.stdout.readline().strip()
    if line != "PAUSED":
        process.kill()
        _, err = process.communicate()
        pytest.fail(f"the process did not pause mid-write ({line!r}): {err[-2000:]}")
    assert writing_started(folder, "out.csv")()  # the temporary holds the first chunk


def temporaries(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


def writing_started(folder: Path, output: str) -> Callable[[], bool]:
    """True once the output's hidden temporary holds data (the run is mid-write)."""

    def started() -> bool:
        return any(
            p.name.startswith(f".{output}.") and p.stat().st_size > 0
            for p in folder.iterdir()
            if TEMPORARY.match(p.name)
        )

    return started


@pytest.fixture(scope="module")
def large_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Several chunks of 1,000 rows: the process pauses after the first (PAUSE_MID_WRITE).
    path = tmp_path_factory.mktemp("large") / "large.csv"
    return make_cases.write_large_requests(path, 5_000, seed=3)


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "SIGKILL"])
def test_killed_predict_leaves_the_old_output_and_no_partial_file(
    how: str, model_dir: Path, large_input: Path, tmp_path: Path
) -> None:
    before = old_outputs(tmp_path)
    process = start_cli(
        ["predict", "--model-dir", str(model_dir), "--input", str(large_input),
         "--output", "out.csv", "--chunk-rows", "1000", "--no-reasons"],
        cwd=tmp_path,
        prelude=PAUSE_MID_WRITE,
    )  # fmt: skip
    wait_mid_write(process, tmp_path)
    process.send_signal(getattr(signal, how))
    process.communicate(timeout=60)

    visible = {k: v for k, v in snapshot(tmp_path).items() if not k.startswith(".")}
    assert visible == before  # the previous outputs, byte for byte; nothing half-written
    leftovers = temporaries(tmp_path)
    if how == "SIGKILL":
        # Nothing can run after SIGKILL: hidden temporaries may stay (documented).
        assert all(TEMPORARY.match(name) for name in leftovers), leftovers
    else:
        assert leftovers == []
        # SIGTERM: 128 + 15, the shell's convention; Ctrl-C: click's "Aborted!" (130).
        expected = {128 + signal.SIGTERM} if how == "SIGTERM" else {1, 128 + signal.SIGINT}
        assert process.returncode in expected, process.returncode


@pytest.mark.slow
def test_a_run_after_a_killed_one_writes_complete_outputs(
    model_dir: Path, large_input: Path, tmp_path: Path
) -> None:
    (tmp_path / "policy.toml").write_text(tomli_w.dumps(POLICY), encoding="utf-8")
    process = start_cli(
        ["rules", "--policy", "policy.toml", "--input", str(large_input), "--output", "out.csv"],
        cwd=tmp_path,
        prelude=PAUSE_MID_WRITE,
    )
    wait_mid_write(process, tmp_path)
    process.kill()
    process.communicate(timeout=60)
    assert not (tmp_path / "out.csv").exists()
    small = write_table(requests_table(30, seed=4, labelled=False), tmp_path / "small.csv")
    result = runner.invoke(
        app,
        ["rules", "--policy", str(tmp_path / "policy.toml"), "--input", str(small),
         "--output", str(tmp_path / "out.csv")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(tmp_path / "out.csv")) == 30


# -- training: interrupted, killed, raced ------------------------------------------------------
def write_history(folder: Path, seed: int, n: int = 50) -> Path:
    """A small labelled history (the rules decide below 15 labels per class: a quick train)."""
    return write_table(requests_table(n, seed=seed), folder / f"history-{seed}.csv")


def train_args(history: Path, model_dir: str = "models/m", policy_name: str = "policy.toml"):
    return ["train", "--policy", policy_name, "--history", str(history),
            "--model-dir", model_dir, "--no-track"]  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with two policies, two histories and a model trained from the first."""
    (tmp_path / "policy.toml").write_text(tomli_w.dumps(POLICY), encoding="utf-8")
    other = {**POLICY, "interests": {**POLICY["interests"], "titles": ["Founder"]}}
    (tmp_path / "policy-b.toml").write_text(tomli_w.dumps(other), encoding="utf-8")
    write_history(tmp_path, seed=61)
    write_history(tmp_path, seed=62)
    result = run_in(tmp_path, train_args(tmp_path / "history-61.csv"))
    assert result.exit_code == 0, result.output
    return tmp_path


def run_in(folder: Path, args: list[str]):
    previous = Path.cwd()
    os.chdir(folder)
    try:
        return runner.invoke(app, args)
    finally:
        os.chdir(previous)


def model_files(project: Path) -> dict[str, bytes]:
    return snapshot(project / "models" / "m")


def assert_loadable_and_whole(model_dir: Path) -> dict:
    """The folder verifies (every file matches its manifest) and loads; returns info.json."""
    from linkedin_triage.storage.model_loading import load_bundle

    return load_bundle(model_dir).info


def hidden_leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "models").iterdir() if p.name.startswith("."))


def test_ctrl_c_while_saving_a_model_keeps_the_previous_one(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import joblib

    before = model_files(project)
    real_dump = joblib.dump

    def dump_then_ctrl_c(*args, **kwargs):
        real_dump(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(joblib, "dump", dump_then_ctrl_c)
    result = run_in(project, train_args(project / "history-62.csv"))
    assert result.exit_code != 0
    assert model_files(project) == before
    assert_loadable_and_whole(project / "models" / "m")
    assert [n for n in hidden_leftovers(project) if "staging" in n or ".old-" in n] == []


# Patches applied inside a real `train` process so the kill lands at a chosen point.
PAUSE_IN_STAGING = """
import joblib, sys, time
_dump = joblib.dump
def _dump_then_wait(*args, **kwargs):
    _dump(*args, **kwargs)
    print("PAUSED", flush=True)
    time.sleep(120)
joblib.dump = _dump_then_wait
"""
PAUSE_BETWEEN_RENAMES = """
import os, time
_rename = os.rename
def _pause_then_rename(source, target):
    if ".staging-" in str(source):
        print("PAUSED", flush=True)
        time.sleep(120)
    _rename(source, target)
os.rename = _pause_then_rename
"""


@pytest.mark.slow
@pytest.mark.parametrize("where", ["staging", "between-renames"])
def test_killed_training_leaves_the_old_model_or_none_never_a_mixture(
    where: str, project: Path
) -> None:
    before = model_files(project)
    prelude = PAUSE_IN_STAGING if where == "staging" else PAUSE_BETWEEN_RENAMES
    process = start_cli(train_args(project / "history-62.csv"), cwd=project, prelude=prelude)
    assert process.stdout.readline().strip() == "PAUSED"
    process.kill()
    process.communicate(timeout=30)

    model_dir = project / "models" / "m"
    if where == "staging":
        assert model_files(project) == before  # the previous model, untouched
        assert_loadable_and_whole(model_dir)
    else:
        # The old folder was moved aside and the new one not yet in: no model (exit 2 on
        # load), never a half-swapped one. The next save clears the hidden folders.
        assert not model_dir.exists()
        result = run_in(project, ["predict", "--model-dir", "models/m", "--input",
                                  "history-61.csv", "--output", "p.csv"])  # fmt: skip
        assert result.exit_code == 2 and "not found" in result.output
    assert all(n.startswith(".m.") for n in hidden_leftovers(project))
    result = run_in(project, train_args(project / "history-62.csv"))
    assert result.exit_code == 0, result.output
    info = assert_loadable_and_whole(model_dir)
    assert info["history_sha256"] == sha256(project / "history-62.csv")
    assert [n for n in hidden_leftovers(project) if "staging" in n or ".old-" in n] == []


def sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_two_trainings_into_one_folder_never_mix(project: Path) -> None:
    """A holds the folder mid-save; B (other policy, other history) is refused, then retried."""
    first = start_cli(train_args(project / "history-61.csv"), cwd=project, prelude=PAUSE_IN_STAGING)
    assert first.stdout.readline().strip() == "PAUSED"
    second = start_cli(
        train_args(project / "history-62.csv", policy_name="policy-b.toml"), cwd=project
    )
    _, second_err = second.communicate(timeout=300)
    assert second.returncode == 2, second_err
    assert "another training is writing to" in second_err
    first.kill()  # A never finishes: B was refused, A's staging folder is its own
    first.communicate(timeout=30)
    from linkedin_triage.storage.model_loading import load_bundle

    kept = load_bundle(project / "models" / "m")
    assert kept.info["history_sha256"] == sha256(project / "history-61.csv")
    assert kept.policy.interests.titles == POLICY["interests"]["titles"]

    retried = run_in(project, train_args(project / "history-62.csv", policy_name="policy-b.toml"))
    assert retried.exit_code == 0, retried.output
    new = load_bundle(project / "models" / "m")
    # Every file of the folder comes from the same training: B's policy with B's history.
    assert new.info["history_sha256"] == sha256(project / "history-62.csv")
    assert new.policy.interests.titles == ["Founder"]
    manifest = json.loads((project / "models" / "m" / "manifest.json").read_text())
    assert manifest["policy_fingerprint"] == new.policy.fingerprint()


# -- full disk, unwritable folder ---------------------------------------------------------------
def fail_writes_to(monkeypatch: pytest.MonkeyPatch, error: OSError, after: int = 1) -> list:
    """Make the CSV writer (pandas' to_csv) raise `error` from its `after`-th call into a
    hidden temporary file onwards: the disk fills while the output is being written."""
    calls: list[str] = []
    real = pd.DataFrame.to_csv

    def to_csv(self, path_or_buf=None, *args, **kwargs):
        if isinstance(path_or_buf, (str, Path)) and Path(path_or_buf).name.startswith("."):
            calls.append(Path(path_or_buf).name)
            if len(calls) >= after:
                raise error
        return real(self, path_or_buf, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", to_csv)
    return calls


@pytest.mark.parametrize("command", ["predict", "rules"])
def test_full_disk_while_writing_predictions_is_exit_2_and_keeps_the_old_output(
    command: str,
    model_dir: Path,
    policy_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = pending(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = old_outputs(out_dir)
    # predict: the rejects header, chunk 1's rejects and predictions, then chunk 2 fails;
    # rules (one chunk): the rejects header and rows, then the predictions fail.
    after = 4 if command == "predict" else 3
    calls = fail_writes_to(monkeypatch, NO_SPACE, after=after)
    how = ["--model-dir", model_dir] if command == "predict" else ["--policy", policy_file]
    result = runner.invoke(
        app,
        [command, *map(str, how), "--input", str(source), "--output", str(out_dir / "out.csv")]
        + (["--chunk-rows", "10"] if command == "predict" else []),
    )
    assert len(calls) == after
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output and "out" in result.output
    assert snapshot(out_dir) == before


def test_full_disk_while_writing_parquet_is_exit_2(
    model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = pq.ParquetWriter.write_table

    def write_table_then_fill(self, table, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise NO_SPACE
        return real(self, table, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetWriter, "write_table", write_table_then_fill)
    result = runner.invoke(
        app,
        ["predict", "--model-dir", str(model_dir), "--input", str(pending(tmp_path)),
         "--output", str(tmp_path / "out.parquet"), "--chunk-rows", "10"],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output
    assert not (tmp_path / "out.parquet").exists()
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize("command", ["predict", "rules"])
def test_output_under_a_file_is_exit_2_naming_the_path(
    command: str, model_dir: Path, policy_file: Path, tmp_path: Path
) -> None:
    (tmp_path / "report.txt").write_text("not a folder")
    how = ["--model-dir", model_dir] if command == "predict" else ["--policy", policy_file]
    target = tmp_path / "report.txt" / "out.csv"
    result = runner.invoke(
        app, [command, *map(str, how), "--input", str(pending(tmp_path)), "--output", str(target)]
    )
    assert result.exit_code == 2, result.output
    assert "report.txt" in result.output and "cannot write here" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pending.csv", "report.txt"]


@pytest.mark.parametrize("command", ["predict", "rules"])
def test_folder_without_write_permission_is_exit_2(
    command: str,
    model_dir: Path,
    policy_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Tests run as root here, where chmod cannot take write access away: deny it at os.open.
    locked = tmp_path / "locked"
    locked.mkdir()
    real_open = os.open

    def deny_in_locked(path, flags, *args, **kwargs):
        if Path(path).parent == locked and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny_in_locked)
    how = ["--model-dir", model_dir] if command == "predict" else ["--policy", policy_file]
    result = runner.invoke(
        app,
        [command, *map(str, how), "--input", str(pending(tmp_path)),
         "--output", str(locked / "out.csv")],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "Permission denied" in result.output and "locked" in result.output
    assert list(locked.iterdir()) == []


def test_full_disk_while_saving_a_model_is_exit_2_and_keeps_the_old_model(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import joblib

    before = model_files(project)

    def dump_fills_the_disk(*args, **kwargs):
        raise NO_SPACE

    monkeypatch.setattr(joblib, "dump", dump_fills_the_disk)
    result = run_in(project, train_args(project / "history-62.csv"))
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output
    assert model_files(project) == before
    assert_loadable_and_whole(project / "models" / "m")


def test_full_disk_while_writing_the_training_rejects_is_exit_2(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_writes_to(monkeypatch, NO_SPACE)
    result = run_in(project, train_args(project / "history-62.csv"))
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output
