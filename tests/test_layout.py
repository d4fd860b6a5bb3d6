"""The package layout: one subpackage per stage, imports pointing one way (down)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import linkedin_triage

PACKAGE = Path(linkedin_triage.__file__).parent
# Lowest first. A stage may import the stages before it in this list, never those after:
# commands sit on top of everything, sources read files and know nothing of what follows.
STAGES = (
    "sources",
    "storage",
    "sample",  # an independent truth: it must not see the signals it is used to test
    "ledger",
    "signals",
    "learning",
    "explaining",
    "review",
    "commands",
)
# Modules every stage shares; they import none of the stages.
SHARED = {"__init__", "errors", "console", "policy", "countries"}
# `python -m linkedin_triage`: the entry point, above every stage.
ENTRY = "__main__"
PRESENT = tuple(stage for stage in STAGES if (PACKAGE / stage).is_dir())


def _stage_of(module: str) -> str | None:
    """`linkedin_triage.learning.triage_model` -> `learning`; shared modules -> None."""
    parts = module.split(".")
    if parts[0] != "linkedin_triage" or len(parts) == 1:
        return None
    return parts[1] if parts[1] in STAGES else None


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every linkedin_triage module `path` imports, at any depth (lazy imports included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name.startswith("linkedin_triage")]


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_package_root_holds_only_stages_and_shared_modules():
    loose = {p.stem for p in PACKAGE.glob("*.py")} - SHARED - {ENTRY}
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert loose == set()
    assert folders - {"templates"} <= set(STAGES), folders - set(STAGES)


@pytest.mark.parametrize("stage", PRESENT)
def test_every_stage_says_what_it_owns_and_may_import(stage):
    init = PACKAGE / stage / "__init__.py"
    docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
    assert "May import" in docstring, f"{init}: say what the stage may import"


def test_no_import_points_back_up():
    wrong = []
    for path in _modules():
        relative = path.relative_to(PACKAGE)
        own = relative.parts[0] if len(relative.parts) > 1 else None
        if relative.stem == ENTRY:
            continue
        for line, target in _imports(path):
            stage = _stage_of(target)
            if stage is None or stage == own:
                continue
            if own is None or STAGES.index(stage) > STAGES.index(own):
                wrong.append(f"{relative}:{line} ({own or 'shared'}) imports {target}")
    assert wrong == []


def test_no_two_files_differ_by_a_letter_or_a_suffix():
    stems = sorted({p.stem for p in _modules()} - {"__init__", "__main__"})
    close = [
        (a, b)
        for i, a in enumerate(stems)
        for b in stems[i + 1 :]
        if b.startswith(a + "_") or a.startswith(b + "_") or _one_letter_apart(a, b)
    ]
    assert close == []


def _one_letter_apart(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def test_the_checker_sees_a_lazy_import_pointing_up(tmp_path):
    """The direction test reads imports inside functions too (most heavy imports are lazy)."""
    module = tmp_path / "lazy.py"
    module.write_text("def f():\n    from linkedin_triage.commands.cli import app\n")
    assert _imports(module) == [(2, "linkedin_triage.commands.cli.app")]
