"""pyproject.toml in the form today's setuptools reads without a warning on every install."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

PYPROJECT = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())


def test_the_license_is_an_spdx_expression_and_setuptools_reads_it() -> None:
    # A `{ text = "MIT" }` table made setuptools >= 77 print a deprecation warning three
    # times per `make venv`; the SPDX string needs setuptools 77 to be read at all.
    assert PYPROJECT["project"]["license"] == "MIT"
    setuptools = next(
        r for r in PYPROJECT["build-system"]["requires"] if r.startswith("setuptools")
    )
    minimum = re.fullmatch(r"setuptools>=(\d+)(\.\d+)*", setuptools)
    assert minimum is not None and int(minimum.group(1)) >= 77, setuptools
