"""Docs a fresh clone can follow: every link and every named .md file is in the repository.

The README once sent readers to `../shared/spec/data-contract.md`, a file of the authors'
workspace that no clone has. Here every relative link of the user and contributor docs
must point to a file inside the repository (and to a heading that exists, for `#anchors`),
and no `.md` file a doc names in code may lie outside it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted(
    [
        ROOT / "README.md",
        ROOT / "CONTRIBUTING.md",
        ROOT / "SECURITY.md",
        ROOT / "benchmarks" / "README.md",
        *(ROOT / "docs").glob("*.md"),
    ]
)
# Docs that another branch adds, linked to before it is merged: the link is checked like any
# other once the file is here. Remove an entry when its branch has been merged.
NOT_YET_MERGED = {"docs/sources.md": "branch sources-mail-page"}
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")  # [text](target), not images' ![..](..)
CODE_SPAN = re.compile(r"`([^`\s]+\.md)`")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def _text(doc: Path) -> str:
    """The document without its fenced code blocks (commands, TOML, sample output)."""
    return FENCE.sub("", doc.read_text(encoding="utf-8"))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(doc: Path) -> set[str]:
    headings = re.findall(r"^#+\s+(.+?)\s*$", _text(doc), flags=re.MULTILINE)
    return {slug(h) for h in headings}


def inside_repository(path: Path) -> bool:
    return path.resolve().is_relative_to(ROOT)


def test_the_docs_exist() -> None:
    assert (ROOT / "docs" / "data-contract.md").is_file()
    assert (ROOT / "docs" / "linkedin-export.md").is_file()


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_points_to_a_file_in_the_repository(doc: Path) -> None:
    broken = []
    for target in LINK.findall(_text(doc)):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        path_part, _, anchor = target.partition("#")
        path = (doc.parent / path_part).resolve() if path_part else doc
        pending = inside_repository(path) and str(path.relative_to(ROOT)) in NOT_YET_MERGED
        if pending and not path.exists():
            continue
        if not inside_repository(path) or not path.exists():
            broken.append(f"{target}: no such file in the repository")
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            broken.append(f"{target}: no heading #{anchor} in {path.name}")
    assert broken == [], f"{doc.relative_to(ROOT)}: {broken}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_md_file_named_in_code_lies_outside_the_repository(doc: Path) -> None:
    # Generated files (benchmarks/out/...) may be named before they exist; a path that
    # leaves the repository can never exist in a clone.
    outside = [
        name
        for name in CODE_SPAN.findall(_text(doc))
        if not all(inside_repository(base / name) for base in (doc.parent, ROOT))
    ]
    assert outside == [], f"{doc.relative_to(ROOT)} names files a clone does not have: {outside}"


def test_the_checks_catch_a_link_out_of_the_repository(tmp_path: Path) -> None:
    assert not inside_repository(ROOT / ".." / "shared" / "spec" / "data-contract.md")
    assert slug("4. The policy file (`policy.toml`)") == "4-the-policy-file-policytoml"
    assert slug("2. Dates: day first or month first") == "2-dates-day-first-or-month-first"
    assert LINK.findall("see [the spec](../shared/spec.md#x) and ![img](a.png)") == [
        "../shared/spec.md#x"
    ]
