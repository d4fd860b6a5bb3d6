"""MLflow tracking: runs read back, artifacts under experiments/, quiet, offline, never fatal."""

from __future__ import annotations

import importlib
import json
import socket
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from linkedin_triage.errors import TriageError
from linkedin_triage.storage import mlflow_runs

FEATURES = ["mutual_connections_log", "same_industry", "fake_score", "has_note"]


@pytest.fixture(scope="module")
def fitted():
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(120, len(FEATURES))), columns=FEATURES)
    frame["same_industry"] = frame["same_industry"] > 0  # a boolean feature, as in real data
    labels = (frame["mutual_connections_log"] + rng.normal(scale=0.5, size=120) > 0).astype(int)
    return CalibratedClassifierCV(LogisticRegression(), cv=3).fit(frame, labels), frame


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """One workdir (so one sqlite store) shared by the module: creating a store costs ~1.5 s."""
    return tmp_path_factory.mktemp("workdir")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.chdir(tmp_path)  # anything written relative to the cwd shows up here


def _client(workdir: Path):
    from mlflow import MlflowClient

    return MlflowClient(mlflow_runs.tracking_uri(workdir))


def _logged_models(workdir: Path, run_id: str) -> list:
    client = _client(workdir)
    experiment = client.get_run(run_id).info.experiment_id
    return [m for m in client.search_logged_models([experiment]) if m.source_run_id == run_id]


# --- where things go ---------------------------------------------------------------------------


def test_tracking_uri_defaults_to_sqlite_under_experiments(tmp_path, monkeypatch):
    expected = f"sqlite:///{tmp_path.resolve()}/experiments/mlflow.db"
    assert mlflow_runs.tracking_uri(tmp_path) == expected
    assert mlflow_runs.tracking_uri() == expected  # the cwd, which _isolated set to tmp_path
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://127.0.0.1:5000")
    assert mlflow_runs.tracking_uri(tmp_path) == "http://127.0.0.1:5000"


def test_artifacts_sit_beside_a_sqlite_store_and_nowhere_else_by_default(tmp_path):
    uri = mlflow_runs.tracking_uri(tmp_path)
    expected = (tmp_path.resolve() / "experiments" / "artifacts").as_uri()
    assert mlflow_runs.artifact_location(uri) == expected
    assert mlflow_runs.artifact_location("http://127.0.0.1:5000") is None
    assert mlflow_runs.artifact_location("sqlite:///:memory:") is None


# --- a real run --------------------------------------------------------------------------------


def test_run_is_recorded_and_readable_back(store, fitted, tmp_path, capfd):
    import mlflow.sklearn
    from mlflow.models import get_model_info

    model, frame = fitted
    report = tmp_path / "report.json"
    report.write_text('{"roc_auc": 0.81}')
    plots = tmp_path / "plots"
    plots.mkdir()
    (plots / "calibration.txt").write_text("bins")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with mlflow_runs.run("train", workdir=store) as log:
            log.params({"seed": 7, "estimator": "logistic_regression", "rows": 120})
            log.metrics({"roc_auc": 0.81, "precision_ignore": float("nan"), "recall": None})
            log.tags({"policy_fingerprint": "868d2b2b42f15c9c"})
            log.artifact(report)
            log.artifact(plots, "plots")
            log.model(model, frame)

    run = _client(store).get_run(log.run_id)
    assert run.info.status == "FINISHED"
    assert run.data.params == {"seed": "7", "estimator": "logistic_regression", "rows": "120"}
    assert run.data.metrics == {"roc_auc": 0.81}
    assert run.data.tags["kind"] == "train"
    assert run.data.tags["policy_fingerprint"] == "868d2b2b42f15c9c"

    artifact_root = (store.resolve() / "experiments" / "artifacts").as_uri()
    assert run.info.artifact_uri.startswith(artifact_root)
    run_folder = Path(run.info.artifact_uri.removeprefix("file://"))
    assert (run_folder / "report.json").read_text() == '{"roc_auc": 0.81}'
    assert (run_folder / "plots" / "calibration.txt").read_text() == "bins"

    [logged] = _logged_models(store, log.run_id)
    assert logged.artifact_location.startswith(artifact_root)
    uri = f"models:/{logged.model_id}"
    assert get_model_info(uri).signature.inputs.input_names() == FEATURES
    example = json.loads((Path(logged.artifact_location[7:]) / "input_example.json").read_text())
    assert len(example["data"]) == mlflow_runs.INPUT_EXAMPLE_ROWS
    np.testing.assert_allclose(
        mlflow.sklearn.load_model(uri).predict_proba(frame), model.predict_proba(frame)
    )

    assert not (tmp_path / "mlruns").exists()
    assert [str(w.message) for w in caught if "mlflow" in w.filename] == []
    out, err = capfd.readouterr()
    assert out == ""
    assert err == ""


def test_tracking_uri_from_the_environment_wins(store, tmp_path, monkeypatch):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", mlflow_runs.tracking_uri(store))
    elsewhere = tmp_path / "elsewhere"
    with mlflow_runs.run("evaluate", workdir=elsewhere) as log:
        log.metrics({"brier": 0.12})
    run = _client(store).get_run(log.run_id)
    assert run.data.tags["kind"] == "evaluate"
    assert run.data.metrics == {"brier": 0.12}
    assert not elsewhere.exists()


def test_failing_block_marks_the_run_failed_and_propagates(store):
    import mlflow

    with (
        pytest.raises(ValueError, match="bad labels"),
        mlflow_runs.run("train", workdir=store) as log,
    ):
        raise ValueError("bad labels")
    assert _client(store).get_run(log.run_id).info.status == "FAILED"
    assert mlflow.active_run() is None


# --- disabled ----------------------------------------------------------------------------------


def test_disabled_run_writes_nothing_and_imports_no_mlflow(fitted, tmp_path, monkeypatch):
    # A None entry makes any `import mlflow` raise ImportError.
    monkeypatch.setitem(sys.modules, "mlflow", None)
    importlib.reload(mlflow_runs)  # the module itself must not import mlflow either
    model, frame = fitted
    (tmp_path / "report.json").write_text("{}")
    with mlflow_runs.run("train", enabled=False, workdir=tmp_path) as log:
        log.params({"seed": 7})
        log.metrics({"roc_auc": 0.8})
        log.tags({"kind": "train"})
        log.artifact(tmp_path / "report.json")
        log.model(model, frame)
    assert log.run_id is None
    assert not log.active
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


# --- privacy guards ----------------------------------------------------------------------------


@pytest.mark.parametrize("enabled", [False, True])
def test_long_parameter_values_are_refused(store, enabled):
    note = "Hi! We met at the Milan meetup, I would love to connect and talk about " * 3
    with mlflow_runs.run("train", enabled=enabled, workdir=store) as log:
        with pytest.raises(TriageError, match=r"parameter 'note' is \d+ characters") as error:
            log.params({"seed": 7, "note": note})
        log.params({"short": "x" * mlflow_runs.MAX_PARAM_CHARS})  # the limit itself is fine
    assert "Milan" not in str(error.value)
    if enabled:
        assert _client(store).get_run(log.run_id).data.params == {"short": "x" * 200}


def test_model_input_example_must_be_numeric(fitted):
    model, frame = fitted
    with (
        mlflow_runs.run("train", enabled=False) as log,
        pytest.raises(TriageError, match="headline"),
    ):
        log.model(model, frame.assign(headline="Data engineer"))


# --- failures are never fatal ------------------------------------------------------------------


def test_unusable_store_warns_and_the_work_goes_on(fitted, tmp_path, capfd):
    database = tmp_path / "experiments" / "mlflow.db"
    database.parent.mkdir()
    database.write_bytes(b"this is not a sqlite database" * 100)
    trained = False
    with mlflow_runs.run("train", workdir=tmp_path) as log:
        log.params({"seed": 7})
        log.model(*fitted)
        trained = True
    assert trained
    assert log.run_id is None
    assert database.read_bytes() == b"this is not a sqlite database" * 100
    err = capfd.readouterr().err
    assert "warning: experiment tracking: cannot open the experiment store" in err
    assert "carrying on" in err


def test_locked_database_mid_run_warns_once_and_the_work_goes_on(store, capfd, monkeypatch):
    from mlflow import MlflowClient
    from mlflow.exceptions import MlflowException

    def locked(*args, **kwargs):
        raise MlflowException("(sqlite3.OperationalError) database is locked")

    trained = False
    with mlflow_runs.run("train", workdir=store) as log, monkeypatch.context() as patch:
        patch.setattr(MlflowClient, "log_batch", locked)
        log.metrics({"roc_auc": 0.8})
        log.params({"seed": 7})
        log.tags({"x": "y"})
        trained = True
    assert trained
    assert not log.active
    err = capfd.readouterr().err
    assert err.count("database is locked") == 1
    run = _client(store).get_run(log.run_id)
    assert run.info.status == "FINISHED"
    assert run.data.metrics == {}


# --- offline -----------------------------------------------------------------------------------


def test_a_run_never_touches_the_network(store, fitted, monkeypatch, capfd):
    attempts: list[object] = []
    commands: list[str] = []
    real_popen_init = subprocess.Popen.__init__

    def refuse(*args, **kwargs):
        attempts.append(args[1:] if args and isinstance(args[0], socket.socket) else args)
        raise OSError("network disabled by the test")

    def record(self, args, *rest, **kwargs):
        commands.append(" ".join(map(str, args)) if isinstance(args, list) else str(args))
        real_popen_init(self, args, *rest, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        patch.setattr(subprocess.Popen, "__init__", record)
        with mlflow_runs.run("train", workdir=store) as log:
            log.params({"seed": 7})
            log.metrics({"roc_auc": 0.8})
            log.model(*fitted)

    assert attempts == []
    # No pip/uv resolution and no Python child inferring requirements (git/uname are local).
    assert [c for c in commands if "pip" in c or " uv " in c or sys.executable in c] == []
    assert capfd.readouterr().err == ""
    assert _client(store).get_run(log.run_id).info.status == "FINISHED"
    assert len(_logged_models(store, log.run_id)) == 1


@pytest.mark.slow
def test_a_fresh_process_never_touches_the_network_even_importing_mlflow(tmp_path):
    """The import itself (telemetry, hints) and a first store creation, with sockets refused."""
    script = textwrap.dedent(
        """
        import json, socket, sys
        attempts = []
        def refuse(*args, **kwargs):
            attempts.append(repr(args[-1:]))
            raise OSError("network disabled by the test")
        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.getaddrinfo = refuse
        from pathlib import Path
        import numpy as np, pandas as pd
        from sklearn.linear_model import LogisticRegression
        from linkedin_triage.storage import mlflow_runs
        rng = np.random.default_rng(0)
        frame = pd.DataFrame(rng.normal(size=(40, 3)), columns=["a", "b", "c"])
        model = LogisticRegression().fit(frame, (frame["a"] > 0).astype(int))
        with mlflow_runs.run("train", workdir=Path(sys.argv[1])) as log:
            log.metrics({"roc_auc": 0.8})
            log.model(model, frame)
        print(json.dumps({"attempts": attempts, "run_id": log.run_id, "active": log.active}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["attempts"] == []
    assert report["run_id"] is not None
    assert report["active"] is True
    assert result.stderr == ""
    assert (tmp_path / "experiments" / "mlflow.db").is_file()


# --- telling the user where the runs are -------------------------------------------------------


def test_a_run_knows_the_store_it_records_to(store, monkeypatch):
    uri = mlflow_runs.tracking_uri(store)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    with mlflow_runs.run("evaluate") as log:
        assert log.uri == uri
    with mlflow_runs.run("evaluate", enabled=False) as off:
        assert off.uri is None


def test_browse_hint_fits_the_kind_of_store(monkeypatch):
    monkeypatch.setattr(mlflow_runs, "mlflow_executable", lambda: "mlflow")
    assert (
        mlflow_runs.browse_hint("http://127.0.0.1:5000")
        == "open http://127.0.0.1:5000 in a browser"
    )
    assert (
        mlflow_runs.browse_hint("sqlite:////srv/runs/mlflow.db")
        == "mlflow ui --backend-store-uri sqlite:////srv/runs/mlflow.db"
    )
    assert mlflow_runs.browse_hint("sqlite:////my runs/m.db") == (
        "mlflow ui --backend-store-uri 'sqlite:////my runs/m.db'"
    )


def test_a_run_leaves_the_environment_as_it_found_it(store, tmp_path):
    # mlflow.set_tracking_uri writes MLFLOW_TRACKING_URI; left set, the next run in this
    # process (from another folder) went to this run's store.
    import os

    with mlflow_runs.run("evaluate", workdir=store) as log:
        assert log.uri == mlflow_runs.tracking_uri(store)
    assert "MLFLOW_TRACKING_URI" not in os.environ
    assert (
        mlflow_runs.tracking_uri(tmp_path)
        == f"sqlite:///{tmp_path.resolve()}/experiments/mlflow.db"
    )


def test_the_mlflow_ui_hint_names_the_venvs_mlflow_when_it_is_not_on_path(tmp_path, monkeypatch):
    """`make` installs into .venv without activating it: a bare `mlflow` is not found there."""
    venv_bin = tmp_path / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "mlflow").write_text("#!/bin/sh\n")
    (venv_bin / "mlflow").chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(venv_bin / "python"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", "/nonexistent")
    assert mlflow_runs.browse_hint("sqlite:///x.db").startswith(".venv/bin/mlflow ui ")
    monkeypatch.setenv("PATH", str(venv_bin))
    assert mlflow_runs.browse_hint("sqlite:///x.db").startswith("mlflow ui ")
