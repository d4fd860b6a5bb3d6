"""Linear time checked by counting work, not seconds: no load on the machine can fail it.

SECURITY.md promises that hostile text never slows a run. Two things could break that,
and each is counted exactly here:

- a backtracking regular expression: Python's `re` can take exponential or quadratic time
  on some patterns. `python_regexes` lists every pattern Python's engine runs while an
  action runs, called from this package's code or from pandas' string methods (pandas'
  own dtype-name patterns never see cell text). The promise is that stranger text goes
  through RE2 (pyarrow), linear by construction, except for patterns of one character or
  character class, optionally repeated (`[^0-9a-z]+`): `linear_in_python_re` says which.
- Python code that loops over the text (per character, per word): `python_lines` counts
  the lines of Python executed (sys.settrace), and `assert_linear_growth` compares that
  count at growing text lengths: 4x the text may cost at most about 4x the lines.

Work in C (Arrow kernels, RE2, `str` methods) is not counted: those are linear. How long
a run takes is measured in benchmarks/, never asserted in a test.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pandas

import linkedin_triage

_OWN_CODE = str(Path(linkedin_triage.__file__).parent)
_PANDAS_STRINGS = str(Path(pandas.__file__).parent / "core" / "strings")
_SINGLE_CHARACTER = {"LITERAL", "NOT_LITERAL", "ANY", "IN", "CATEGORY"}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}

# A text of length 4n costs at most this many times the Python lines of length n (beyond
# what the shortest text costs). Linear code gives 4; quadratic code 16.
GROWTH_BOUND = 6.0


def python_lines(action: Callable[[], Any]) -> int:
    """How many lines of Python run while `action` runs (every module, the library's too)."""
    count = 0

    def on_line(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return on_line

    previous = sys.gettrace()
    sys.settrace(lambda frame, event, arg: on_line)
    try:
        action()
    finally:
        sys.settrace(previous)
    return count


def python_regexes(action: Callable[[], Any]) -> set[str]:
    """The patterns Python's `re` runs during `action`, called by this package or pandas' str.

    Seen through sys.setprofile: a compiled pattern's `search`, `sub`... are C calls whose
    owner is the pattern, whether compiled at import time or on the spot (`re.sub(...)`).
    """
    seen: set[str] = set()

    def on_call(frame: FrameType, event: str, arg: Any) -> None:
        owner = getattr(arg, "__self__", None) if event == "c_call" else None
        if isinstance(owner, re.Pattern) and _from_text_code(frame):
            seen.add(str(owner.pattern))

    previous = sys.getprofile()
    sys.setprofile(on_call)
    try:
        action()
    finally:
        sys.setprofile(previous)
    return seen


def _from_text_code(frame: FrameType | None) -> bool:
    """Called (directly, or through `re`'s own functions) from our code or pandas' str methods."""
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith((_OWN_CODE, _PANDAS_STRINGS)):
            return True
        if not name.endswith(("re/__init__.py", "re.py")):
            return False
        frame = frame.f_back
    return False


def linear_in_python_re(pattern: str) -> bool:
    """One character or character class, optionally repeated: `[^0-9a-z]+`, `\\s+`, `[?#]`.

    Python's engine tries such a pattern at each position and either consumes a run of
    matching characters or fails on the first one, so `search`, `sub` and `split` look at
    each character a bounded number of times. Anything longer (`a+b` on `aaaa...`) can
    go back over the same characters from every position: quadratic or worse.
    """
    parsed = list(re._parser.parse(pattern))  # type: ignore[attr-defined]
    if len(parsed) != 1:
        return False
    op, value = parsed[0]
    if str(op) in _REPEATS:
        body = list(value[2])
        return len(body) == 1 and str(body[0][0]) in _SINGLE_CHARACTER
    return str(op) in _SINGLE_CHARACTER


def backtracking_regexes(action: Callable[[], Any]) -> list[str]:
    """The patterns Python's `re` runs during `action` that are not linear there."""
    return sorted(p for p in python_regexes(action) if not linear_in_python_re(p))


def assert_linear_growth(lines_at: Callable[[int], int], sizes: tuple[int, int, int], label: str):
    """Python lines at three text lengths (short, n, 4n): the cost beyond the short one's
    may grow about 4x from n to 4n (linear), never 16x (quadratic)."""
    short, middle, large = sizes
    assert large == 4 * middle and short < middle
    base = lines_at(short)
    extra = {size: lines_at(size) - base for size in (middle, large)}
    # Python work that does not grow with the text at all is the best case.
    assert extra[large] <= GROWTH_BOUND * max(extra[middle], 0) + 0.01 * base, (
        f"{label}: {extra[middle]:,} more lines at {middle:,} characters, {extra[large]:,} at "
        f"{large:,} (a short text: {base:,})"
    )
    return extra
