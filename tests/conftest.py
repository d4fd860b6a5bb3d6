"""Shared fixtures: writing small requests tables and policies in tmp_path (all invented data)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
import tomli_w

from frames import POLICY, small_model_dir

WriteCsv = Callable[..., Path]


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Write `rows` (sequences of cells) under `header` as a CSV file; returns its path."""

    def write(
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        name: str = "requests.csv",
        encoding: str = "utf-8",
    ) -> Path:
        path = tmp_path / name
        with path.open("w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        return path

    return write


@pytest.fixture
def minimal_policy_file(tmp_path: Path) -> Path:
    """A policy.toml with only the required keys."""
    path = tmp_path / "policy.toml"
    path.write_text('[me]\nindustry = "Software Development"\ncountry = "IT"\n', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small trained model folder, once per test module (training takes a few seconds)."""
    return small_model_dir(tmp_path_factory.mktemp("model"))


@pytest.fixture(scope="module")
def policy_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """frames.POLICY written as policy.toml, once per test module."""
    path = tmp_path_factory.mktemp("policy") / "policy.toml"
    path.write_text(tomli_w.dumps(POLICY), encoding="utf-8")
    return path
