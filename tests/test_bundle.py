"""The saved model folder: round trip, refusal of damaged or foreign folders, atomic swap, lock."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import pytest

from linkedin_triage import __version__
from linkedin_triage.errors import TriageError
from linkedin_triage.policy import policy_from_dict
from linkedin_triage.storage import model_saving
from linkedin_triage.storage.model_loading import load_bundle, verify_bundle
from linkedin_triage.storage.model_saving import save_bundle

POLICY = policy_from_dict(
    {
        "me": {"industry": "IT Services and IT Consulting", "country": "IT", "connections": 240},
        "interests": {"competitors": ["Acme Consulting"]},
    }
)
FEATURES = ["mutual_connections_log", "same_industry", "fake_score", "has_note"]


def _fit(seed: int):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(rng.normal(size=(120, len(FEATURES))), columns=FEATURES)
    labels = (frame["mutual_connections_log"] + rng.normal(scale=0.5, size=120) > 0).astype(int)
    return CalibratedClassifierCV(LogisticRegression(), cv=3).fit(frame, labels), frame


@pytest.fixture(scope="module")
def fitted():
    return _fit(seed=0)


@pytest.fixture(scope="module")
def other_fitted():
    return _fit(seed=1)


def _info() -> dict:
    return {
        "thresholds": {"accept": np.float64(0.8), "ignore": 0.1},
        "feature_names": FEATURES,
        "metrics": {"roc_auc": np.float32(0.75), "confusion": np.array([[3, 1], [0, 4]])},
    }


def _rewrite_manifest(model_dir: Path, change) -> None:
    path = model_dir / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


def _rehash(manifest: dict, model_dir: Path, name: str) -> None:
    content = (model_dir / name).read_bytes()
    manifest["files"][name] = {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".staging-" in p.name or ".old-" in p.name)


# --- round trip --------------------------------------------------------------------------------


def test_round_trip_gives_identical_probabilities(fitted, tmp_path):
    model, frame = fitted
    model_dir = save_bundle(tmp_path / "models", model, POLICY, _info())
    loaded = load_bundle(model_dir)

    np.testing.assert_array_equal(loaded.model.predict_proba(frame), model.predict_proba(frame))
    assert loaded.policy == POLICY
    assert loaded.info["thresholds"] == {"accept": 0.8, "ignore": 0.1}
    assert loaded.info["metrics"]["confusion"] == [[3, 1], [0, 4]]
    assert loaded.path == model_dir
    assert sorted(p.name for p in model_dir.iterdir()) == [
        "info.json",
        "manifest.json",
        "model.joblib",
        "policy.toml",
    ]
    assert _leftovers(tmp_path) == []


def test_manifest_records_versions_hashes_and_policy(fitted, tmp_path):
    model_dir = save_bundle(tmp_path / "models", fitted[0], POLICY, _info())
    text = (model_dir / "manifest.json").read_text()
    manifest = json.loads(text)

    assert text == json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False)
    assert manifest["format_version"] == model_saving.MODEL_FORMAT
    assert manifest["package"]["version"] == __version__
    assert manifest["libraries"]["scikit-learn"] == metadata.version("scikit-learn")
    assert set(manifest["libraries"]) == {"scikit-learn", "numpy", "pandas", "joblib"}
    assert manifest["python"].count(".") == 2
    assert manifest["policy_fingerprint"] == POLICY.fingerprint()
    for name in ("model.joblib", "policy.toml", "info.json"):
        content = (model_dir / name).read_bytes()
        assert manifest["files"][name] == {
            "sha256": hashlib.sha256(content).hexdigest(),
            "size": len(content),
        }
    assert verify_bundle(model_dir) == manifest


def test_same_model_saves_the_same_model_bytes(fitted, tmp_path):
    first = verify_bundle(save_bundle(tmp_path / "a", fitted[0], POLICY, _info()))
    second = verify_bundle(save_bundle(tmp_path / "b", fitted[0], POLICY, _info()))
    assert first["files"] == second["files"]


def test_resaving_replaces_the_previous_model(fitted, other_fitted, tmp_path):
    model_dir = tmp_path / "models"
    save_bundle(model_dir, fitted[0], POLICY, _info())
    save_bundle(model_dir, other_fitted[0], POLICY, _info())
    frame = fitted[1]
    np.testing.assert_array_equal(
        load_bundle(model_dir).model.predict_proba(frame), other_fitted[0].predict_proba(frame)
    )
    assert _leftovers(tmp_path) == []


# --- refusals ----------------------------------------------------------------------------------


@pytest.fixture
def saved(fitted, tmp_path) -> Path:
    return save_bundle(tmp_path / "models", fitted[0], POLICY, _info())


@pytest.fixture
def no_unpickling(monkeypatch) -> list:
    """joblib.load replaced by a recorder: refusals must happen before any unpickling."""
    calls: list = []

    def forbidden(*args, **kwargs):
        calls.append(args)
        pytest.fail("joblib.load was called on an unverified model")

    monkeypatch.setattr(joblib, "load", forbidden)
    return calls


def test_one_changed_byte_is_refused_without_unpickling(saved, no_unpickling):
    path = saved / "model.joblib"
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0x01
    path.write_bytes(bytes(content))

    with pytest.raises(TriageError, match=r"model\.joblib does not match its SHA-256") as error:
        load_bundle(saved)
    assert str(saved) in str(error.value)
    assert "retrain" in str(error.value)
    with pytest.raises(TriageError, match="SHA-256"):
        verify_bundle(saved)
    assert no_unpickling == []


def test_truncated_file_is_refused(saved, no_unpickling):
    path = saved / "model.joblib"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(TriageError, match=r"model\.joblib is \d+ bytes.*truncated"):
        load_bundle(saved)
    assert no_unpickling == []


@pytest.mark.parametrize("name", ["model.joblib", "policy.toml", "info.json"])
def test_missing_file_is_refused(saved, no_unpickling, name):
    (saved / name).unlink()
    with pytest.raises(TriageError, match=rf"{name} is missing"):
        load_bundle(saved)


def test_missing_manifest_is_refused(saved, no_unpickling):
    (saved / "manifest.json").unlink()
    with pytest.raises(TriageError, match=r"manifest\.json is missing.*retrain"):
        load_bundle(saved)


def test_unreadable_manifest_is_refused(saved, no_unpickling):
    (saved / "manifest.json").write_text('{"format_version": 1, "files": {')
    with pytest.raises(TriageError, match=r"manifest\.json is unreadable"):
        load_bundle(saved)


def test_missing_folder_is_refused(tmp_path):
    with pytest.raises(TriageError, match=r"model folder not found.*linkedin-triage train"):
        load_bundle(tmp_path / "never-trained")


def test_extra_unknown_file_is_ignored_and_dropped_on_resave(saved, fitted):
    # Documented choice: unlisted files are never read, so they cannot change a prediction.
    (saved / "notes.txt").write_text("my own notes")
    load_bundle(saved)
    save_bundle(saved, fitted[0], POLICY, _info())
    assert not (saved / "notes.txt").exists()


def _running_sklearn() -> tuple[int, int]:
    major, minor = metadata.version("scikit-learn").split(".")[:2]
    return int(major), int(minor)


def _older_sklearn(manifest):
    major, minor = _running_sklearn()
    manifest["libraries"]["scikit-learn"] = f"{major}.{minor - 1}.0"


def _newer_sklearn(manifest):
    major, minor = _running_sklearn()
    manifest["libraries"]["scikit-learn"] = f"{major}.{minor + 1}.0"


def _next_package_major(manifest):
    manifest["package"]["version"] = f"{int(__version__.split('.')[0]) + 1}.0.0"


def _newer_package(manifest):
    major, minor = __version__.split(".")[:2]
    manifest["package"]["version"] = f"{major}.{int(minor) + 1}.0"


def _future_format(manifest):
    manifest["format_version"] = model_saving.MODEL_FORMAT + 1


def _libraries_not_recorded(manifest):
    manifest["libraries"] = "scikit-learn"


def _extra_listed_file(manifest):
    manifest["files"]["extra.pkl"] = {"sha256": "0" * 64, "size": 1}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_older_sklearn, r"saved with scikit-learn \d+\.\d+\.0, running .*minor versions"),
        (_newer_sklearn, r"saved with scikit-learn \d+\.\d+\.0, running"),
        (_next_package_major, r"saved by linkedin-triage \d+\.0\.0, incompatible.*major"),
        (_newer_package, r"saved by linkedin-triage .*newer than this"),
        (_future_format, r"model format 3 is not the format this version reads \(2\)"),
        (_libraries_not_recorded, r"saved with scikit-learn unknown"),
        (_extra_listed_file, r"manifest\.json lists files"),
    ],
)
def test_incompatible_manifest_is_refused(saved, no_unpickling, change, message):
    _rewrite_manifest(saved, change)
    with pytest.raises(TriageError, match=message) as error:
        load_bundle(saved)
    assert "retrain" in str(error.value)


def test_scikit_learn_patch_and_older_package_versions_are_accepted(saved):
    def older_but_compatible(manifest):
        major, minor = _running_sklearn()
        manifest["libraries"]["scikit-learn"] = f"{major}.{minor}.99"
        manifest["package"]["version"] = f"{__version__.split('.')[0]}.0.0"

    _rewrite_manifest(saved, older_but_compatible)
    assert load_bundle(saved).manifest["libraries"]["scikit-learn"].endswith(".99")


def test_policy_that_does_not_match_the_fingerprint_is_refused(saved, no_unpickling):
    # A consistent manifest (hash updated) but another policy than the one trained with.
    policy_file = saved / "policy.toml"
    policy_file.write_text(policy_file.read_text().replace('country = "IT"', 'country = "ES"'))
    _rewrite_manifest(saved, lambda manifest: _rehash(manifest, saved, "policy.toml"))
    with pytest.raises(TriageError, match="policy fingerprint"):
        load_bundle(saved)
    with pytest.raises(TriageError, match="policy fingerprint"):
        verify_bundle(saved)


def test_invalid_saved_policy_is_refused_naming_the_key(saved, no_unpickling):
    policy_file = saved / "policy.toml"
    policy_file.write_text(policy_file.read_text() + "\n[retired]\nkey = 1\n")
    _rewrite_manifest(saved, lambda manifest: _rehash(manifest, saved, "policy.toml"))
    with pytest.raises(TriageError, match=r"retired: unknown key(.|\n)*retrain"):
        load_bundle(saved)


# --- atomic writes -----------------------------------------------------------------------------


def test_failure_midway_keeps_the_old_model_and_no_temp_folder(
    fitted, other_fitted, tmp_path, monkeypatch
):
    model, frame = fitted
    model_dir = save_bundle(tmp_path / "models", model, POLICY, _info())
    before = (model_dir / "manifest.json").read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    # model.joblib and policy.toml are already written to the staging folder when this fails.
    monkeypatch.setattr(model_saving, "_build_manifest", disk_full)
    with pytest.raises(TriageError, match=r"cannot write the model \(No space left.*unchanged"):
        save_bundle(model_dir, other_fitted[0], POLICY, _info())

    assert (model_dir / "manifest.json").read_bytes() == before
    np.testing.assert_array_equal(
        load_bundle(model_dir).model.predict_proba(frame), model.predict_proba(frame)
    )
    assert _leftovers(tmp_path) == []


def test_failure_while_moving_in_restores_the_old_model(
    fitted, other_fitted, tmp_path, monkeypatch
):
    model, frame = fitted
    model_dir = save_bundle(tmp_path / "models", model, POLICY, _info())
    real_rename = os.rename

    def rename_fails_for_the_new_folder(source, target):
        if Path(target) == model_dir:
            raise OSError(5, "Input/output error")
        real_rename(source, target)

    monkeypatch.setattr(model_saving.os, "rename", rename_fails_for_the_new_folder)
    with pytest.raises(TriageError, match="cannot move the new model into place"):
        save_bundle(model_dir, other_fitted[0], POLICY, _info())

    np.testing.assert_array_equal(
        load_bundle(model_dir).model.predict_proba(frame), model.predict_proba(frame)
    )
    assert _leftovers(tmp_path) == []


def test_failure_on_first_save_leaves_no_model(fitted, tmp_path, monkeypatch):
    monkeypatch.setattr(model_saving, "policy_to_toml", lambda policy: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        save_bundle(tmp_path / "models", fitted[0], POLICY, _info())
    assert not (tmp_path / "models").exists()
    assert _leftovers(tmp_path) == []


def test_leftovers_of_an_interrupted_save_are_cleaned(fitted, tmp_path):
    stale = [tmp_path / ".models.staging-0a1b2c3d", tmp_path / ".models.old-9f8e7d6c"]
    for folder in stale:
        folder.mkdir()
        (folder / "model.joblib").write_bytes(b"half")
    # Another model folder's in-flight staging (its own lock guards it) must survive.
    others = [tmp_path / ".models.v2.staging-0a1b2c3d", tmp_path / ".other.staging-0a1b2c3d"]
    for folder in others:
        folder.mkdir()
    save_bundle(tmp_path / "models", fitted[0], POLICY, _info())
    assert [folder.exists() for folder in stale] == [False, False]
    assert [folder.exists() for folder in others] == [True, True]


def test_refuses_to_replace_a_folder_that_is_not_a_model(fitted, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "history.csv").write_text("request_id\n1\n")
    with pytest.raises(TriageError, match=r"not a model folder.*nothing was written"):
        save_bundle(folder, fitted[0], POLICY, _info())
    assert (folder / "history.csv").read_text() == "request_id\n1\n"


def test_model_folder_gets_ordinary_permissions(fitted, tmp_path):
    ordinary = tmp_path / "ordinary"
    ordinary.mkdir()  # what the user's umask gives any new folder
    model_dir = save_bundle(tmp_path / "models", fitted[0], POLICY, _info())
    assert model_dir.stat().st_mode & 0o777 == ordinary.stat().st_mode & 0o777


def test_empty_existing_folder_is_used(fitted, tmp_path):
    (tmp_path / "models").mkdir()
    save_bundle(tmp_path / "models", fitted[0], POLICY, _info())
    assert verify_bundle(tmp_path / "models")["format_version"] == model_saving.MODEL_FORMAT


# --- the lock ----------------------------------------------------------------------------------


def test_second_writer_inside_a_save_is_refused(fitted, other_fitted, tmp_path, monkeypatch):
    model_dir = tmp_path / "models"
    refusals: list[str] = []
    real_dump = joblib.dump

    def dump_while_someone_else_saves(model, target, *args, **kwargs):
        monkeypatch.setattr(joblib, "dump", real_dump)
        try:
            save_bundle(model_dir, other_fitted[0], POLICY, _info())
        except TriageError as error:
            refusals.append(str(error))
        return real_dump(model, target, *args, **kwargs)

    monkeypatch.setattr(joblib, "dump", dump_while_someone_else_saves)
    save_bundle(model_dir, fitted[0], POLICY, _info())

    assert refusals == [f"another training is writing to {model_dir}; wait for it to finish"]
    frame = fitted[1]
    np.testing.assert_array_equal(
        load_bundle(model_dir).model.predict_proba(frame), fitted[0].predict_proba(frame)
    )


def test_writer_in_another_process_holds_the_lock(fitted, tmp_path):
    model_dir = tmp_path / "models"
    lock_file = tmp_path / ".models.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys\n"
            f"handle = open({str(lock_file)!r}, 'a')\n"
            "fcntl.flock(handle, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\n"
            "sys.stdin.readline()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(TriageError, match="another training is writing to"):
            save_bundle(model_dir, fitted[0], POLICY, _info())
        assert not model_dir.exists()
    finally:
        holder.communicate("done\n", timeout=10)
    save_bundle(model_dir, fitted[0], POLICY, _info())  # released when the holder exits
    assert verify_bundle(model_dir)["format_version"] == model_saving.MODEL_FORMAT


def test_model_saved_by_the_flat_layout_is_refused_with_the_retrain_message(fitted, tmp_path):
    """Format 1 pickled classes under linkedin_triage.model...: refused before unpickling."""
    model_dir = tmp_path / "models"
    save_bundle(model_dir, fitted[0], POLICY, _info())
    manifest_path = model_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["format_version"] = 1
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(TriageError, match=r"model format 1 is not the format.*train"):
        load_bundle(model_dir)
