"""The contributor docs keep up with the package: every module is on the module map."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "linkedin_triage"


def _modules() -> list[str]:
    files = [p.name for p in PACKAGE.glob("*.py") if not p.name.startswith("__")]
    packages = [f"{p.name}/" for p in PACKAGE.iterdir() if (p / "__init__.py").exists()]
    return sorted(files + packages)


@pytest.mark.parametrize("module", _modules())
def test_every_module_is_on_the_module_map(module: str) -> None:
    assert f"`{module}`" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"), (
        f"{module} is missing from CONTRIBUTING.md's module map: say what its one job is"
    )
