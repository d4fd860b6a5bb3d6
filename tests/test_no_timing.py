"""No test can fail by timing: property tests have no deadline, no test reads a clock.

Hypothesis times two things by default: each example (`deadline`, 200 ms) and the drawing
of examples (the `too_slow` health check). Both fail a loaded machine's run, so every
property test turns both off.

A suite that fails under load and passes on the rerun teaches people to ignore red. Speed is
measured in benchmarks/; linear time is counted as work (tests/work_counting.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
CLOCKS = {
    "perf_counter", "perf_counter_ns", "process_time", "process_time_ns", "thread_time",
    "thread_time_ns", "monotonic", "monotonic_ns", "time", "time_ns",
}  # fmt: skip


def _modules() -> list[Path]:
    return sorted(TESTS.glob("*.py"))


def _name(node: ast.expr) -> str:
    """`settings`, `hypothesis.settings`, `time.perf_counter` as dotted text."""
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


def _times_nothing(call: ast.expr, shared: dict[str, ast.expr]) -> bool:
    """A `settings(..., deadline=None, suppress_health_check=[HealthCheck.too_slow])` call,
    inline or through a module-level name."""
    if isinstance(call, ast.Name) and call.id in shared:
        call = shared[call.id]
    if not isinstance(call, ast.Call) or _name(call.func).split(".")[-1] != "settings":
        return False
    keywords = {k.arg: k.value for k in call.keywords}
    deadline = keywords.get("deadline")
    suppressed = keywords.get("suppress_health_check")
    checks = suppressed.elts if isinstance(suppressed, ast.List | ast.Tuple) else []
    return (
        isinstance(deadline, ast.Constant)
        and deadline.value is None
        and any(_name(c).endswith("too_slow") for c in checks)
    )


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_every_property_test_runs_without_a_deadline_or_a_draw_timer(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    shared = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    missing = [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        if any(_name(getattr(d, "func", d)).endswith("given") for d in node.decorator_list)
        if not any(_times_nothing(d, shared) for d in node.decorator_list)
    ]
    wanted = "@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])"
    assert missing == [], f"{path.name}: give these {wanted}: {missing}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_no_test_reads_a_clock(path: Path) -> None:
    # A process that must be interrupted mid-way pauses there itself (test_faults.py's
    # PAUSE_MID_WRITE): racing it against a clock fails whenever the machine is loaded.
    tree = ast.parse(path.read_text(encoding="utf-8"))
    reads = [
        f"line {node.lineno}: {_name(node.func)}()"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        if _name(node.func) in {f"time.{clock}" for clock in CLOCKS}
        or (isinstance(node.func, ast.Name) and node.func.id in CLOCKS - {"time"})
    ]
    assert reads == [], f"{path.name} times something: {reads}; measure it in benchmarks/"


def test_the_checks_see_a_deadline_and_a_clock() -> None:
    """The two checks above find what they look for (they are not vacuous)."""
    source = (
        "import time\nfrom hypothesis import given, settings\n"
        "FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])\n"
        "@FAST\n@given(x=1)\ndef ok(x): pass\n"
        "@settings(max_examples=5)\n@given(x=1)\ndef timed(x): pass\n"
        "@settings(deadline=None)\n@given(x=1)\ndef drawn_in_time(x): pass\n"
        "def slow():\n    start = time.perf_counter()\n    assert time.perf_counter() - start < 1\n"
    )
    tree = ast.parse(source)
    shared = {"FAST": tree.body[2].value}  # type: ignore[attr-defined]
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert _times_nothing(functions["ok"].decorator_list[0], shared)
    for timed in ("timed", "drawn_in_time"):
        assert not any(_times_nothing(d, shared) for d in functions[timed].decorator_list)
    calls = [n for n in ast.walk(functions["slow"]) if isinstance(n, ast.Call)]
    assert [_name(c.func) for c in calls].count("time.perf_counter") == 2
