"""Helpers shared by the benchmarks: where outputs go, the machine's description, tables."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
# Git-ignored: generated samples, large request tables, JSON results.
OUT_DIR = BENCH_DIR / "out"
PACKAGES = ("linkedin-triage", "pandas", "numpy", "scikit-learn", "shap", "pyarrow")


def out_dir() -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    return OUT_DIR


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return float("nan")


def _git_revision() -> str:
    """The commit measured, with `+changes` when the work tree differs from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" +uncommitted changes" if dirty else "")


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, object]:
    """What the numbers were measured on (load average included: the cores may be shared)."""
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": round(_ram_gib(), 1),
        "python": platform.python_version(),
        "packages": {p: _version(p) for p in PACKAGES},
        "git": _git_revision(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def machine_markdown(info: dict[str, object]) -> str:
    packages = info["packages"]
    assert isinstance(packages, dict)
    versions = ", ".join(f"{name} {version}" for name, version in packages.items())
    return "\n".join(
        [
            f"- Date: {info['date']}; code: {info['git']}",
            f"- CPU: {info['cpu']}, {info['cores']} cores; RAM {info['ram_gib']} GiB",
            f"- Python {info['python']}; {versions}",
            f"- Load average when started: {info['load_average_1m']} "
            "(above the core count means other work shared the cores)",
        ]
    )


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub markdown table; numbers are expected to be formatted already."""
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
    ]
    lines.extend("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows)
    return "\n".join(lines)


def number(value: float | None, digits: int = 3) -> str:
    """A metric for a table; undefined values show as a dash."""
    if value is None or value != value:  # NaN
        return "—"
    return f"{value:.{digits}f}"


def verdict(passed: bool | None) -> str:
    return "not measured" if passed is None else ("PASS" if passed else "FAIL")


def section_markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def write_section(name: str, text: str, results: Path = BENCH_DIR / "RESULTS.md") -> None:
    """Put one benchmark's section into RESULTS.md between its markers; keep everything else.

    Benchmarks that run on their own (email reading, the ledger, the review order, the family
    of users) each own one such section; `run_all.py` rewrites the rest and keeps these.
    """
    start, end = section_markers(name)
    block = f"{start}\n{text.strip()}\n{end}"
    current = results.read_text(encoding="utf-8") if results.exists() else ""
    if start in current and end in current:
        before, rest = current.split(start, 1)
        updated = before + block + rest.split(end, 1)[1]
    else:
        updated = current.rstrip("\n") + "\n\n" + block + "\n"
    temporary = results.with_name(results.name + ".tmp")
    temporary.write_text(updated, encoding="utf-8")
    temporary.replace(results)  # never a half-written RESULTS.md


def kept_sections(results: Path = BENCH_DIR / "RESULTS.md") -> list[str]:
    """Every marked section of RESULTS.md, markers included, in order."""
    text = results.read_text(encoding="utf-8") if results.exists() else ""
    sections = []
    while "<!-- " in text:
        _, _, text = text.partition("<!-- ")
        name, _, rest = text.partition(":start -->")
        end = f"<!-- {name}:end -->"
        if not rest or end not in rest:
            break
        body, _, text = rest.partition(end)
        sections.append(f"<!-- {name}:start -->{body}{end}")
    return sections


def labelled_through_reader(history: Any, path: Path, who: str) -> Any:
    """A generated history written to CSV and read back by the real reader, as a user's file
    would be; its labelled rows, oldest first. Any rejected cell is a bug of the generator."""
    from linkedin_triage.learning.triage_model import labelled_rows
    from linkedin_triage.sources.requests_reader import read_requests

    history.to_csv(path, index=False)
    read = read_requests(path)
    path.unlink()
    if read.rejects:
        raise RuntimeError(f"{who}: the reader rejected {len(read.rejects)} cells")
    return labelled_rows(read.frame)
