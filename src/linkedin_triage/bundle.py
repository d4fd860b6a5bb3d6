"""The saved model folder: joblib model, policy, info and a manifest of hashes and versions.

A model folder holds exactly these files:

- `model.joblib`: the fitted, calibrated scikit-learn object;
- `policy.toml`: the policy it was trained with;
- `info.json`: thresholds, feature names, metrics, training summary;
- `manifest.json`: format version, library versions, policy fingerprint, and the SHA-256 and
  size of every other file.

Loading verifies everything before unpickling, because a joblib file runs code when loaded:
a folder whose files do not match their hashes is refused without being unpickled. Files in
the folder that the manifest does not list are ignored (never read), so a stray `.DS_Store` or
a user's notes do not break a model; they are dropped the next time the model is saved.

Saving builds the whole folder beside the target and swaps it in, under an exclusive lock, so
a crash leaves the previous complete model or none, never a mixture.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import platform
import re
import secrets
import shutil
import tomllib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from linkedin_triage import __version__
from linkedin_triage.errors import TriageError
from linkedin_triage.policy import Policy, policy_from_dict, policy_to_toml

MODEL_FORMAT = 1
MODEL_FILE = "model.joblib"
POLICY_FILE = "policy.toml"
INFO_FILE = "info.json"
MANIFEST_FILE = "manifest.json"
CONTENT_FILES = (MODEL_FILE, POLICY_FILE, INFO_FILE)
RECORDED_LIBRARIES = ("scikit-learn", "numpy", "pandas", "joblib")
_RETRAIN = "retrain the model with `linkedin-triage train`"


@dataclass
class Bundle:
    """A loaded, verified model folder."""

    model: Any
    policy: Policy
    info: dict[str, Any]
    manifest: dict[str, Any]
    path: Path


# ---------------------------------------------------------------------------------------------
# Saving


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


# ---------------------------------------------------------------------------------------------
# Verifying and loading


def verify_bundle(model_dir: Path) -> dict[str, Any]:
    """Check a model folder without unpickling anything; return its manifest or raise."""
    manifest, _, _, _ = _verify(Path(model_dir))
    return manifest


def load_bundle(model_dir: Path) -> Bundle:
    """Verify the folder, then load the model from the very bytes that were verified."""
    import joblib

    model_dir = Path(model_dir)
    manifest, contents, policy, info = _verify(model_dir)
    try:
        with warnings.catch_warnings():
            # Patch-level scikit-learn differences were accepted above on purpose.
            warnings.filterwarnings("ignore", message=".*Trying to unpickle estimator.*")
            model = joblib.load(io.BytesIO(contents[MODEL_FILE]))
    except Exception as error:
        raise _refusal(model_dir, f"{MODEL_FILE} cannot be loaded ({error!r})") from error
    return Bundle(model=model, policy=policy, info=info, manifest=manifest, path=model_dir)


def _refusal(model_dir: Path, problem: str) -> TriageError:
    return TriageError(f"{model_dir}: {problem}; {_RETRAIN}")


def _verify(model_dir: Path) -> tuple[dict[str, Any], dict[str, bytes], Policy, dict[str, Any]]:
    """Everything that can be checked without unpickling: files, versions, policy, info."""
    manifest, contents = _verified_contents(model_dir)
    policy = _parse_policy(model_dir, contents[POLICY_FILE])
    if policy.fingerprint() != manifest.get("policy_fingerprint"):
        raise _refusal(model_dir, f"{POLICY_FILE} does not match the manifest's policy fingerprint")
    info = _parse_info(model_dir, contents[INFO_FILE])
    return manifest, contents, policy, info


def _verified_contents(model_dir: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Read the manifest and every listed file once, checking sizes, hashes and versions."""
    if not model_dir.is_dir():
        what = "is not a folder" if model_dir.exists() else "model folder not found"
        raise _refusal(model_dir, what)
    manifest = _read_manifest(model_dir)
    _check_format(model_dir, manifest)
    _check_versions(model_dir, manifest)
    contents = {name: _read_checked(model_dir, name, manifest["files"]) for name in CONTENT_FILES}
    return manifest, contents


def _read_manifest(model_dir: Path) -> dict[str, Any]:
    path = model_dir / MANIFEST_FILE
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _refusal(
            model_dir, f"{MANIFEST_FILE} is missing (not a model folder, or unfinished)"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _refusal(model_dir, f"{MANIFEST_FILE} is unreadable ({error})") from None
    if not isinstance(manifest, dict):
        raise _refusal(model_dir, f"{MANIFEST_FILE} is not a JSON object")
    return manifest


def _check_format(model_dir: Path, manifest: dict[str, Any]) -> None:
    version = manifest.get("format_version")
    if version != MODEL_FORMAT:
        raise _refusal(
            model_dir,
            f"model format {version!r} is not the format this version reads ({MODEL_FORMAT})",
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != set(CONTENT_FILES):
        listed = sorted(files) if isinstance(files, dict) else files
        raise _refusal(
            model_dir, f"{MANIFEST_FILE} lists files {listed}, expected {sorted(CONTENT_FILES)}"
        )


def _check_versions(model_dir: Path, manifest: dict[str, Any]) -> None:
    """Refuse models that this installation cannot be trusted to read the same way."""
    saved_sklearn = _recorded(manifest, "libraries", "scikit-learn")
    running_sklearn = metadata.version("scikit-learn")
    if _release(saved_sklearn)[:2] != _release(running_sklearn)[:2]:
        raise _refusal(
            model_dir,
            f"saved with scikit-learn {saved_sklearn}, running {running_sklearn} "
            "(models do not carry across scikit-learn minor versions)",
        )
    saved_package = _recorded(manifest, "package", "version")
    saved, running = _release(saved_package), _release(__version__)
    if saved[:1] != running[:1]:
        raise _refusal(
            model_dir,
            f"saved by linkedin-triage {saved_package}, incompatible with this {__version__} "
            "(different major version)",
        )
    if saved > running:
        raise _refusal(
            model_dir,
            f"saved by linkedin-triage {saved_package}, newer than this {__version__} "
            "(or upgrade linkedin-triage)",
        )


def _recorded(manifest: dict[str, Any], section: str, key: str) -> str:
    """A version string from the manifest; 'unknown' (hence refused) if absent or malformed."""
    values = manifest.get(section)
    return str(values.get(key, "unknown")) if isinstance(values, dict) else "unknown"


def _release(version: str) -> tuple[int, ...]:
    """`1.9.1`, `1.10.0rc1`, `2.0.dev0` -> (1, 9, 1), (1, 10, 0), (2, 0); unparsable -> ()."""
    match = re.match(r"^\s*v?(\d+(?:\.\d+)*)", version)
    return tuple(int(part) for part in match.group(1).split(".")) if match else ()


def _read_checked(model_dir: Path, name: str, files: dict[str, Any]) -> bytes:
    expected = files[name]
    if not isinstance(expected, dict):
        raise _refusal(model_dir, f"{MANIFEST_FILE} entry for {name} is malformed")
    try:
        content = (model_dir / name).read_bytes()
    except FileNotFoundError:
        raise _refusal(model_dir, f"{name} is missing") from None
    except OSError as error:
        raise _refusal(model_dir, f"{name} is unreadable ({error})") from None
    if len(content) != expected.get("size"):
        raise _refusal(
            model_dir,
            f"{name} is {len(content)} bytes, the manifest says {expected.get('size')} "
            "(truncated or changed since it was saved)",
        )
    if hashlib.sha256(content).hexdigest() != expected.get("sha256"):
        raise _refusal(
            model_dir,
            f"{name} does not match its SHA-256 in the manifest (changed since it was saved)",
        )
    return content


def _parse_info(model_dir: Path, content: bytes) -> dict[str, Any]:
    try:
        info = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _refusal(model_dir, f"{INFO_FILE} is not valid JSON ({error})") from None
    if not isinstance(info, dict):
        raise _refusal(model_dir, f"{INFO_FILE} is not a JSON object")
    return info


def _parse_policy(model_dir: Path, content: bytes) -> Policy:
    """Re-validate the saved policy (from the verified bytes, not a second read of the file)."""
    try:
        data = tomllib.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise _refusal(model_dir, f"{POLICY_FILE} is not valid TOML ({error})") from None
    try:
        return policy_from_dict(data, source=str(model_dir / POLICY_FILE))
    except TriageError as error:
        # A policy key renamed since the model was saved: the fix is retraining, say so.
        raise TriageError(f"{error}\n{_RETRAIN}") from None
