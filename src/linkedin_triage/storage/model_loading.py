"""Verifying and loading a saved model folder: nothing is unpickled until every check passes.

A joblib file runs code when it is loaded, so the manifest's sizes and SHA-256 hashes, the
format version, the scikit-learn and linkedin-triage versions, the policy fingerprint and
info.json are all checked first; a folder that fails any check is refused without being
unpickled, and the model is then loaded from the very bytes that were verified. Files in the
folder that the manifest does not list are ignored (never read), so a stray `.DS_Store` or a
user's notes do not break a model. The folder's layout and its saving are in bundle.py.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tomllib
import warnings
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from linkedin_triage import __version__
from linkedin_triage.errors import TriageError
from linkedin_triage.policy import Policy, policy_from_dict
from linkedin_triage.storage.model_saving import (
    CONTENT_FILES,
    INFO_FILE,
    MANIFEST_FILE,
    MODEL_FILE,
    MODEL_FORMAT,
    POLICY_FILE,
)

_RETRAIN = "retrain the model with `linkedin-triage train`"


@dataclass
class Bundle:
    """A loaded, verified model folder."""

    model: Any
    policy: Policy
    info: dict[str, Any]
    manifest: dict[str, Any]
    path: Path


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
