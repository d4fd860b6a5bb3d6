"""Experiment tracking with MLflow; the only module that imports mlflow (lazily).

Privacy: callers pass only aggregates (counts, metrics), hashes and fingerprints, settings,
and feature-level numeric data (the model's input example): never names, profile URLs,
notes or messages. Two guards back this up: `RunLog.params` refuses values longer than
`MAX_PARAM_CHARS` (free text does not slip in as a "parameter"), and `RunLog.model` refuses
an input example with non-numeric columns.

The store defaults to `sqlite:///<workdir>/experiments/mlflow.db` with artifacts in
`<workdir>/experiments/artifacts`, never `./mlruns`. Nothing here reaches the network on its
own: telemetry, requirement inference, `uv export` and pip's dry-run checks are switched off.
Tracking is a record, not the product: if logging fails (locked or broken database, full
disk), a warning goes to stderr and the caller's work carries on.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import shlex
import shutil
import sys
import warnings
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from rich.markup import escape

from linkedin_triage.console import err
from linkedin_triage.errors import TriageError

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_EXPERIMENT = "linkedin-triage"
EXPERIMENTS_DIR = "experiments"
MAX_PARAM_CHARS = 200
INPUT_EXAMPLE_ROWS = 5
# Pinned in the logged model's requirements; passing them explicitly saves mlflow seconds of
# inference (it would import and trace the model to guess them).
MODEL_REQUIREMENTS = ("scikit-learn", "numpy", "pandas", "skops")

# Set (unless the user already chose) before mlflow is imported; each one stops mlflow from
# reaching the network, writing outside experiments/, or printing what a user does not need.
QUIET_ENVIRONMENT = {
    "MLFLOW_DISABLE_TELEMETRY": "true",  # usage reports to mlflow's servers
    "MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK": "true",  # `pip install --dry-run` against PyPI
    "MLFLOW_UV_AUTO_DETECT": "false",  # `uv export` on whatever project is the cwd
    "MLFLOW_LOG_UV_FILES": "false",  # copying the cwd's pyproject/uv.lock into artifacts
    "MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT": "true",  # stdout carries our results
    "MLFLOW_DISABLE_AGENT_HINT": "true",  # a hint printed on import
    "MLFLOW_LOGGING_LEVEL": "ERROR",  # "Creating initial MLflow database tables..." etc.
}


def tracking_uri(workdir: Path | None = None) -> str:
    """`MLFLOW_TRACKING_URI` if set, else the sqlite store under `<workdir or cwd>/experiments`."""
    configured = os.environ.get("MLFLOW_TRACKING_URI", "").strip()
    if configured:
        return configured
    database = (Path(workdir) if workdir else Path.cwd()).resolve() / EXPERIMENTS_DIR / "mlflow.db"
    return f"sqlite:///{database}"


def mlflow_executable() -> str:
    """How to run mlflow from here: `mlflow` when it is on PATH, else its path in our venv.

    `make` installs into .venv without activating it, so a bare `mlflow` is often not found.
    """
    beside = Path(sys.executable).parent / "mlflow"
    on_path = shutil.which("mlflow")
    if not beside.exists() or (on_path and Path(on_path).resolve() == beside.resolve()):
        return "mlflow"
    try:
        shown = beside.relative_to(Path.cwd())
    except ValueError:
        shown = beside
    return shlex.quote(str(shown))


def browse_hint(uri: str) -> str:
    """How a person looks at the runs in `uri`: a server in a browser, else `mlflow ui`."""
    if uri.startswith(("http://", "https://")):
        return f"open {uri} in a browser"
    return f"{mlflow_executable()} ui --backend-store-uri {shlex.quote(uri)}"


def artifact_location(uri: str) -> str | None:
    """Where a new experiment keeps artifacts: beside a sqlite store; else the server decides."""
    database = _sqlite_file(uri)
    if database is None:
        return None
    return (database.parent / "artifacts").as_uri()


def _sqlite_file(uri: str) -> Path | None:
    prefix = "sqlite:///"
    if not uri.startswith(prefix):
        return None
    path = uri[len(prefix) :].split("?", 1)[0]
    if not path or path == ":memory:":
        return None
    return Path(path).resolve()


class RunLog:
    """One MLflow run; every method does nothing when tracking is off or has failed."""

    def __init__(
        self, run_id: str | None = None, mlflow: ModuleType | None = None, uri: str = ""
    ) -> None:
        self.run_id = run_id
        self._mlflow = mlflow
        self._uri = uri
        self._failed = False

    @property
    def uri(self) -> str | None:
        """The store this run records to (None when tracking is off or could not start)."""
        return self._uri if self.run_id is not None else None

    @property
    def active(self) -> bool:
        """True while the run records what it is given."""
        return self._mlflow is not None and self.run_id is not None and not self._failed

    def params(self, values: dict[str, object]) -> None:
        """Log settings; refuses (TriageError) any value longer than MAX_PARAM_CHARS."""
        texts = {str(key): str(value) for key, value in values.items()}
        for key, text in texts.items():
            if len(text) > MAX_PARAM_CHARS:
                raise TriageError(
                    f"tracking: parameter {key!r} is {len(text)} characters (limit "
                    f"{MAX_PARAM_CHARS}); log aggregates or hashes, never free text"
                )
        self._attempt(
            "parameters", lambda client: client.log_batch(self.run_id, params=_params(texts))
        )

    def metrics(self, values: dict[str, float | None], step: int = 0) -> None:
        """Log numbers, skipping None and NaN (e.g. a metric undefined for one class)."""
        numbers = {
            key: float(value)
            for key, value in values.items()
            if value is not None and not math.isnan(float(value))
        }
        self._attempt(
            "metrics", lambda client: client.log_batch(self.run_id, metrics=_metrics(numbers, step))
        )

    def artifact(self, path: Path, folder: str | None = None) -> None:
        """Copy a file, or a folder's contents, into the run's artifacts (under `folder`)."""
        path = Path(path)

        def log(client: Any) -> None:
            if path.is_dir():
                client.log_artifacts(self.run_id, str(path), folder)
            else:
                client.log_artifact(self.run_id, str(path), folder)

        self._attempt(f"artifact {path.name}", log)

    def model(self, model: Any, input_example: pd.DataFrame, name: str = "model") -> None:
        """Log an sklearn classifier with its signature and a few rows of its numeric input.

        Raises TriageError if `input_example` has non-numeric columns (it is stored as is).
        """
        _require_numeric(input_example)
        example = input_example.head(INPUT_EXAMPLE_ROWS)
        self._attempt("model", lambda client: self._log_model(model, example, name))

    def tags(self, values: dict[str, str]) -> None:
        """Set run tags (short labels: kind, dataset hash, policy fingerprint)."""
        texts = {str(key): str(value) for key, value in values.items()}
        self._attempt("tags", lambda client: client.log_batch(self.run_id, tags=_tags(texts)))

    def _log_model(self, model: Any, example: pd.DataFrame, name: str) -> None:
        import mlflow.sklearn  # mlflow itself is loaded by now (the run is active)
        from mlflow.models import infer_signature

        signature = infer_signature(example, model.predict_proba(example))
        _point_mlflow_at(mlflow, self._uri)  # another run may have pointed mlflow elsewhere
        mlflow.sklearn.log_model(
            model,
            name=name,
            signature=signature,
            input_example=example,
            pip_requirements=_pinned_requirements(),
            serialization_format="skops",
            skops_trusted_types=_own_types(model),
            run_id=self.run_id,
        )

    def _attempt(self, what: str, action: Callable[[Any], object]) -> None:
        """Run one logging call; on failure warn once and stop logging, never raise."""
        if not self.active:
            return
        assert self._mlflow is not None
        try:
            with _quiet():
                action(self._mlflow.MlflowClient(self._uri))
        except Exception as error:
            self._failed = True
            _warn(f"logging {what} failed", error)

    def _end(self, status: str) -> None:
        if self._mlflow is None or self.run_id is None:
            return
        try:
            with _quiet():
                _point_mlflow_at(self._mlflow, self._uri)
                self._mlflow.end_run(status=status)
        except Exception as error:
            if not self._failed:
                _warn("closing the run failed", error)


@contextlib.contextmanager
def run(
    kind: str,
    enabled: bool = True,
    experiment: str = DEFAULT_EXPERIMENT,
    workdir: Path | None = None,
) -> Iterator[RunLog]:
    """An MLflow run tagged with `kind` (train/evaluate); a do-nothing log when disabled.

    The run ends FINISHED, or FAILED if the block raises (the exception propagates).
    If the store cannot be opened, a warning is printed and a do-nothing log is yielded.
    """
    if not enabled:
        yield RunLog()
        return
    log = _start(kind, experiment, tracking_uri(workdir))
    try:
        yield log
    except BaseException:
        log._end("FAILED")
        raise
    log._end("FINISHED")


def _start(kind: str, experiment: str, uri: str) -> RunLog:
    try:
        mlflow = _import_mlflow()
        with _quiet():
            database = _sqlite_file(uri)
            if database is not None:
                database.parent.mkdir(parents=True, exist_ok=True)
            _point_mlflow_at(mlflow, uri)
            experiment_id = _experiment_id(mlflow.MlflowClient(uri), experiment, uri)
            active = mlflow.start_run(
                experiment_id=experiment_id,
                run_name=kind,
                tags={"kind": kind},
                nested=mlflow.active_run() is not None,
            )
    except Exception as error:
        _warn(f"cannot open the experiment store {uri}", error)
        return RunLog()
    return RunLog(active.info.run_id, mlflow, uri)


def _point_mlflow_at(mlflow: ModuleType, uri: str) -> None:
    """`mlflow.set_tracking_uri`, without its side effect on the environment.

    mlflow also writes the URI into MLFLOW_TRACKING_URI. Left there, it reads as the user's
    own choice to every later `tracking_uri()` in this process: a second run from another
    folder (a library user, the test suite) went to the first run's store, and the printed
    store was that one too.
    """
    before = os.environ.get("MLFLOW_TRACKING_URI")
    try:
        mlflow.set_tracking_uri(uri)
    finally:
        if before is None:
            os.environ.pop("MLFLOW_TRACKING_URI", None)
        else:
            os.environ["MLFLOW_TRACKING_URI"] = before


def _experiment_id(client: Any, name: str, uri: str) -> str:
    """Get or create the experiment; a new one keeps artifacts beside a sqlite store."""
    from mlflow.exceptions import MlflowException

    existing = client.get_experiment_by_name(name)
    if existing is not None:
        return str(existing.experiment_id)
    try:
        return str(client.create_experiment(name, artifact_location=artifact_location(uri)))
    except MlflowException:
        # Another process created it between our lookup and our create.
        existing = client.get_experiment_by_name(name)
        if existing is None:
            raise
        return str(existing.experiment_id)


def _import_mlflow() -> ModuleType:
    for key, value in QUIET_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    with _quiet():
        import mlflow
    # MLFLOW_LOGGING_LEVEL only counts at first import; mlflow may have been imported earlier.
    for name in ("mlflow", "alembic"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return mlflow


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Hide warnings raised from mlflow's own code (deprecations, schema hints)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module=r"mlflow(\.|$)")
        warnings.filterwarnings("ignore", module=r"alembic(\.|$)")
        yield


def _warn(what: str, error: Exception) -> None:
    # Database errors quote whole SQL statements: the first line says what went wrong.
    lines = str(error).strip().splitlines() or [type(error).__name__]
    reason = lines[0] if len(lines[0]) <= 300 else lines[0][:300] + "..."
    err.print(
        f"[yellow]warning:[/] experiment tracking: {escape(what)} ({escape(reason)}); "
        "carrying on without recording the rest of this run"
    )


def _params(texts: dict[str, str]) -> list[Any]:
    from mlflow.entities import Param

    return [Param(key, text) for key, text in texts.items()]


def _metrics(numbers: dict[str, float], step: int) -> list[Any]:
    import time

    from mlflow.entities import Metric

    now = int(time.time() * 1000)
    return [Metric(key, value, now, step) for key, value in numbers.items()]


def _tags(texts: dict[str, str]) -> list[Any]:
    from mlflow.entities import RunTag

    return [RunTag(key, text) for key, text in texts.items()]


def _require_numeric(frame: pd.DataFrame) -> None:
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    bad = [
        str(column)
        for column in frame.columns
        if not (is_numeric_dtype(frame[column]) or is_bool_dtype(frame[column]))
    ]
    if bad:
        raise TriageError(
            f"tracking: the model's input example must be numeric features; "
            f"non-numeric columns: {', '.join(bad)}"
        )


def _pinned_requirements() -> list[str]:
    pins = []
    for name in MODEL_REQUIREMENTS:
        with contextlib.suppress(metadata.PackageNotFoundError):
            pins.append(f"{name}=={metadata.version(name)}")
    return pins


def _own_types(model: Any) -> list[str]:
    """Types skops would ask about when mlflow re-reads the model: we just built it, trust them."""
    import skops.io

    return list(skops.io.get_untrusted_types(data=skops.io.dumps(model)))
