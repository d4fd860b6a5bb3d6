"""The contributor docs keep up with the package: every module is on the module map."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "linkedin_triage"


def _modules() -> list[str]:
    """Root modules by name, a stage's modules as `stage/module.py`, deeper packages as `a/b/`.

    The sample's modules are documented in sample/__init__.py; the map names the folder.
    """
    files = [p.name for p in PACKAGE.glob("*.py") if not p.name.startswith("__")]
    for stage in (p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()):
        if stage.name == "sample":
            files.append("sample/")
            continue
        files += [f"{stage.name}/{p.name}" for p in stage.glob("*.py") if p.name != "__init__.py"]
        files += [
            f"{stage.name}/{p.name}/" for p in stage.iterdir() if (p / "__init__.py").exists()
        ]
    return sorted(files)


@pytest.mark.parametrize("module", _modules())
def test_every_module_is_on_the_module_map(module: str) -> None:
    assert f"`{module}`" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"), (
        f"{module} is missing from CONTRIBUTING.md's module map: say what its one job is"
    )
