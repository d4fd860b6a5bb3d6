"""SIGTERM in the middle of a model save: the process exits 143 and leaves nothing behind."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from linkedin_triage.commands import cli
from linkedin_triage.storage import model_loading, model_saving


@pytest.fixture
def sigterm_handler_restored() -> Iterator[None]:
    previous = signal.getsignal(signal.SIGTERM)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _kill_self_then(real: Any) -> Any:
    def swap(staging: Path, model_dir: Path) -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # delivered to this (main) thread right here
        real(staging, model_dir)

    return swap


def test_sigterm_during_save_cleans_the_staging_folder(
    model_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sigterm_handler_restored: None,
) -> None:
    loaded = model_loading.load_bundle(model_dir)
    target = tmp_path / "models"
    monkeypatch.setattr(
        model_saving, "_swap_into_place", _kill_self_then(model_saving._swap_into_place)
    )
    cli.exit_cleanly_on_sigterm()

    with pytest.raises(SystemExit) as stopped:
        model_saving.save_bundle(target, loaded.model, loaded.policy, loaded.info)

    assert stopped.value.code == 128 + signal.SIGTERM
    assert not target.exists()
    # The lock file stays by design (deleting it could split the lock); nothing else may.
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != ".models.lock"]
    assert leftovers == []


def test_the_command_installs_the_handler(
    monkeypatch: pytest.MonkeyPatch, sigterm_handler_restored: None
) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    monkeypatch.setattr("sys.argv", ["linkedin-triage", "--help"])
    with pytest.raises(SystemExit) as finished:
        cli.main()
    assert finished.value.code == 0
    assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, signal.SIG_IGN, None)
