"""Saving the model folder: joblib model, policy, info and a manifest of hashes and versions.

A model folder holds exactly these files:

- `model.joblib`: the fitted, calibrated scikit-learn object;
- `policy.toml`: the policy it was trained with;
- `info.json`: thresholds, feature names, metrics, training summary;
- `manifest.json`: format version, library versions, policy fingerprint, and the SHA-256 and
  size of every other file.

Saving builds the whole folder beside the target and swaps it in, under an exclusive lock, so
a crash leaves the previous complete model or none, never a mixture. Files a user left in the
folder are dropped by the next save. Verifying and loading are in bundle_load.py: a joblib
file runs code when loaded, so nothing is unpickled before the manifest has been checked.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import re
import secrets
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from linkedin_triage import __version__
from linkedin_triage.errors import TriageError
from linkedin_triage.policy import Policy, policy_to_toml

# 2: the stage subpackages (linkedin_triage.learning.triage_model...). A format-1 folder pickles
# classes under the old flat paths (linkedin_triage.model...), which no longer exist.
MODEL_FORMAT = 2
MODEL_FILE = "model.joblib"
POLICY_FILE = "policy.toml"
INFO_FILE = "info.json"
MANIFEST_FILE = "manifest.json"
CONTENT_FILES = (MODEL_FILE, POLICY_FILE, INFO_FILE)
RECORDED_LIBRARIES = ("scikit-learn", "numpy", "pandas", "joblib")


def save_bundle(model_dir: Path, model: Any, policy: Policy, info: dict[str, Any]) -> Path:
    """Write the model folder atomically (build beside it, then swap) under an exclusive lock.

    Args:
        model_dir: the folder to create or replace; an existing folder must be a model folder
            (it has a manifest.json) or empty, so a mistyped path never deletes user files.
        model: the fitted scikit-learn object.
        policy: the policy the model was trained with.
        info: JSON-able details (numpy scalars and arrays are converted).

    Returns:
        `model_dir`.
    """
    model_dir = Path(model_dir)
    parent = model_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise TriageError(f"{model_dir}: cannot create the model folder ({error})") from None
    with _exclusive_lock(model_dir):
        _refuse_foreign_folder(model_dir)
        _remove_leftovers(model_dir)
        try:
            _build_and_swap(model_dir, model, policy, info)
        except OSError as error:
            raise TriageError(
                f"{model_dir}: cannot write the model ({error.strerror or error}); "
                "any previous model there is unchanged"
            ) from None
    return model_dir


def _build_and_swap(model_dir: Path, model: Any, policy: Policy, info: dict[str, Any]) -> None:
    """Fill a hidden sibling folder, swap it in; the staging folder never outlives the call."""
    staging = _new_sibling(model_dir, "staging")
    try:
        _write_contents(staging, model, policy, info)
        _swap_into_place(staging, model_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def _exclusive_lock(model_dir: Path) -> Iterator[None]:
    """Hold `.<name>.lock` beside the folder; refuse at once if another process holds it."""
    import fcntl

    lock_path = model_dir.parent / f".{model_dir.name}.lock"
    # The lock file is never deleted: unlinking it while someone waits would split the lock.
    try:
        handle = open(lock_path, "a")  # noqa: SIM115 (closed below, after the unlock)
    except OSError as error:
        raise TriageError(f"{model_dir}: cannot create {lock_path.name} ({error})") from None
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise TriageError(
                f"another training is writing to {model_dir}; wait for it to finish"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _refuse_foreign_folder(model_dir: Path) -> None:
    """Replacing a folder deletes it: only ever do that to a model folder or an empty one."""
    if not model_dir.exists():
        return
    if not model_dir.is_dir():
        raise TriageError(f"{model_dir}: exists and is not a folder; choose another --model-dir")
    if not (model_dir / MANIFEST_FILE).exists() and any(model_dir.iterdir()):
        raise TriageError(
            f"{model_dir}: folder has files but no {MANIFEST_FILE}, so it is not a model folder; "
            "choose a new or empty --model-dir (nothing was written)"
        )


def _remove_leftovers(model_dir: Path) -> None:
    """Delete staging/aside folders of an interrupted save (safe: we hold the lock)."""
    # Exact shape of our own names: `.models.v2.staging-x` must not match for `models`.
    name = re.escape(model_dir.name)
    pattern = re.compile(rf"^\.{name}\.(staging|old)-[0-9a-f]{{8}}$")
    for sibling in model_dir.parent.iterdir():
        if pattern.match(sibling.name) and sibling.is_dir():
            shutil.rmtree(sibling, ignore_errors=True)


def _new_sibling(model_dir: Path, role: str) -> Path:
    """An empty hidden folder `.models.staging-1a2b3c4d` beside the model folder.

    Not tempfile.mkdtemp: its 0700 mode would become the model folder's mode after the swap.
    """
    folder = model_dir.parent / f".{model_dir.name}.{role}-{secrets.token_hex(4)}"
    folder.mkdir()
    return folder


def _write_contents(folder: Path, model: Any, policy: Policy, info: dict[str, Any]) -> None:
    """Write the three content files and then the manifest that hashes them."""
    import joblib

    joblib.dump(model, folder / MODEL_FILE)
    (folder / POLICY_FILE).write_text(policy_to_toml(policy), encoding="utf-8")
    (folder / INFO_FILE).write_text(_to_json(info), encoding="utf-8")
    manifest = _build_manifest(folder, policy)
    (folder / MANIFEST_FILE).write_text(_to_json(manifest), encoding="utf-8")
    _fsync_folder(folder)


def _to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> Any:
    """Numpy scalars/arrays and paths appear in info dicts; anything else is a caller bug."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"info.json: {type(value).__name__} is not JSON-serialisable")


def _build_manifest(folder: Path, policy: Policy) -> dict[str, Any]:
    files = {}
    for name in CONTENT_FILES:
        content = (folder / name).read_bytes()
        files[name] = {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
    return {
        "format_version": MODEL_FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "package": {"name": "linkedin-triage", "version": __version__},
        "python": platform.python_version(),
        "libraries": {name: metadata.version(name) for name in RECORDED_LIBRARIES},
        "policy_fingerprint": policy.fingerprint(),
        "files": files,
    }


def _fsync_folder(folder: Path) -> None:
    """Flush file contents and the folder entry, so the rename never publishes empty files."""
    for path in folder.iterdir():
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())
    _fsync_entry(folder)


def _fsync_entry(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _swap_into_place(staging: Path, model_dir: Path) -> None:
    """Rename the old folder aside, the new one in, then delete the old one."""
    aside = None
    if model_dir.exists():
        aside = _new_sibling(model_dir, "old")
        os.replace(model_dir, aside)
    try:
        os.rename(staging, model_dir)
    except OSError as error:
        if aside is not None:
            os.replace(aside, model_dir)  # put the previous model back
        raise TriageError(f"{model_dir}: cannot move the new model into place ({error})") from None
    _fsync_entry(model_dir.parent)  # make the renames themselves durable
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)
