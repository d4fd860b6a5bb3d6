"""Privacy: no network during train/evaluate/predict, and no personal text where it does not belong.

The input is personal data about people who never agreed to be in it (SECURITY.md). Two
promises are checked here, in one project run with MLflow tracking on:
- nothing opens a network connection or resolves a host name (socket calls are trapped);
- no name, profile URL or note of the input reaches experiments/ (MLflow's database and
  artifacts), the model folder or the report folders.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import tomli_w
from typer.testing import CliRunner
from typer.testing import Result as CliResult

from frames import POLICY, requests_table, write_table
from linkedin_triage.commands.cli import app

runner = CliRunner()

# Invented marker words: each occurs in the input only, so any hit elsewhere is a leak.
NAME_MARK = "Vellacourt"
URL_MARK = "qzcanaryslug"
NOTE_MARK = "Quillfeather"
FIRST_NAMES = ("Ada", "Bruno", "Carla", "Dario", "Elsa", "Fabio", "Gaia", "Ivo")


class NetworkTrap:
    """Replaces socket entry points with recorders that refuse; `attempts` says who called."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def refuse(self, what: str):
        def refused(*args: object, **kwargs: object) -> None:
            self.attempts.append(f"{what}{args[-2:] if args else ''}")
            raise OSError(f"network access during a test: {what}")

        return refused

    def connect(self, real):
        trap = self

        def connect(sock: socket.socket, address: object) -> object:
            if sock.family == socket.AF_UNIX:  # a local socket file, not the network
                return real(sock, address)
            trap.attempts.append(f"connect{address!r}")
            raise OSError("network access during a test: connect")

        return connect

    def install(self, patch: pytest.MonkeyPatch) -> None:
        patch.setattr(socket.socket, "connect", self.connect(socket.socket.connect))
        patch.setattr(socket.socket, "connect_ex", self.connect(socket.socket.connect_ex))
        for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
            patch.setattr(socket, name, self.refuse(name))


def history_with_markers(n: int, seed: int, start: str, labelled: bool = True) -> pd.DataFrame:
    """A requests table whose names, profile URLs and notes carry the marker words."""
    table = requests_table(n, seed=seed, start=start, labelled=labelled)
    table["name"] = [f"{FIRST_NAMES[i % 8]} {NAME_MARK}{i:04d}" for i in range(n)]
    table["profile_url"] = [f"https://www.linkedin.com/in/{URL_MARK}-{seed}-{i}" for i in range(n)]
    notes = (
        "Hi Giulia, we met at the Milan summit",
        "Our services boost your ROI",
        "",
        "Happy to connect",
    )
    table["message"] = [
        f"{notes[i % 4]} ({NOTE_MARK} {i})" if notes[i % 4] else "" for i in range(n)
    ]
    return table


def invoke(args: list[str]) -> CliResult:
    return runner.invoke(app, args, env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def guarded_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict, list]]:
    """train, evaluate, predict, rules and explain in one folder, with the network trapped."""
    root = tmp_path_factory.mktemp("private")
    (root / "policy.toml").write_text(tomli_w.dumps(POLICY), encoding="utf-8")
    write_table(history_with_markers(240, seed=71, start="2025-01-01"), root / "history.csv")
    write_table(history_with_markers(90, seed=72, start="2026-09-01"), root / "later.csv")
    pending = history_with_markers(40, seed=73, start="2026-11-01", labelled=False)
    write_table(pending, root / "pending.csv")
    trap = NetworkTrap()
    results: dict[str, CliResult] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.delenv("MLFLOW_TRACKING_URI", raising=False)  # the default store, under the cwd
        trap.install(patch)
        results["train"] = invoke(
            ["train", "--policy", "policy.toml", "--history", "history.csv",
             "--model-dir", "models/m"]
        )  # fmt: skip
        results["evaluate"] = invoke(
            ["evaluate", "--model-dir", "models/m", "--data", "later.csv",
             "--report-dir", "reports/evaluation"]
        )  # fmt: skip
        results["predict"] = invoke(
            ["predict", "--model-dir", "models/m", "--input", "pending.csv",
             "--output", "out/predictions.csv", "--explanations", "out/explanations.csv"]
        )  # fmt: skip
        results["rules"] = invoke(
            ["rules", "--policy", "policy.toml", "--input", "pending.csv",
             "--output", "out/rules.csv"]
        )  # fmt: skip
        results["explain"] = invoke(
            ["explain", "--model-dir", "models/m", "--input", "pending.csv",
             "--id", str(pending["request_id"][0]), "--html", "out/why.html"]
        )  # fmt: skip
    yield root, results, trap.attempts


def test_the_trap_catches_connections_and_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: the patched entry points do refuse and record."""
    import urllib.request

    trap = NetworkTrap()
    trap.install(monkeypatch)
    with pytest.raises(OSError):
        socket.create_connection(("192.0.2.1", 443), timeout=1)
    with pytest.raises(OSError):
        urllib.request.urlopen("http://192.0.2.1/", timeout=1)
    with pytest.raises(OSError):
        socket.getaddrinfo("example.invalid", 443)
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with raw, pytest.raises(OSError):
        raw.connect(("192.0.2.1", 443))
    assert len(trap.attempts) == 4, trap.attempts


@pytest.mark.slow
@pytest.mark.parametrize("command", ["train", "evaluate", "predict", "rules", "explain"])
def test_no_command_opens_a_network_connection(guarded_run, command: str) -> None:
    _, results, attempts = guarded_run
    result = results[command]
    assert result.exit_code == 0, result.output
    assert attempts == [], attempts
    # Tracking swallows its own failures with a warning: a refused connection would hide there.
    assert "experiment tracking" not in " ".join(result.output.split()), result.output


@pytest.mark.slow
def test_tracking_really_ran(guarded_run) -> None:
    root, results, _ = guarded_run
    assert (root / "experiments" / "mlflow.db").stat().st_size > 0
    assert any(p.is_file() for p in (root / "experiments" / "artifacts").rglob("*"))
    assert "MLflow run" in results["train"].output


def files_under(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in folder.rglob("*") if p.is_file()]


def hits(path: Path, markers: tuple[str, ...]) -> list[str]:
    blob = path.read_bytes()
    return [f"{path}: {m}" for m in markers if m.encode() in blob or m.lower().encode() in blob]


@pytest.mark.slow
def test_no_name_url_or_note_reaches_experiments_models_or_reports(guarded_run) -> None:
    root, results, _ = guarded_run
    assert results["train"].exit_code == 0 and results["evaluate"].exit_code == 0
    searched = files_under(
        root / "experiments",
        root / "models" / "m",
        root / "models" / "m-train-report",
        root / "reports" / "evaluation",
    )
    assert len(searched) >= 10  # database, artifacts, model folder, two reports
    assert {"info.json", "mlflow.db", "report.html", "metrics.json"} <= {p.name for p in searched}
    markers = (NAME_MARK, URL_MARK, NOTE_MARK)
    leaks = [hit for path in searched for hit in hits(path, markers)]
    assert leaks == [], leaks[:10]


@pytest.mark.slow
def test_the_markers_do_flow_through_the_outputs_they_belong_to(guarded_run) -> None:
    """The control for the search above: the markers are findable where they belong."""
    root, _, _ = guarded_run
    assert hits(root / "out" / "predictions.csv", (NAME_MARK,))
    assert hits(root / "history.csv", (NAME_MARK, URL_MARK, NOTE_MARK)) != []
    assert len(hits(root / "history.csv", (NAME_MARK, URL_MARK, NOTE_MARK))) == 3
