"""Numbers and decision gates in words, for the terminal views and the HTML pages alike."""

from __future__ import annotations

from linkedin_triage.learning.thresholds import NEVER


def signed(value: float) -> str:
    """`+0.412`, `-1.250`; a value that rounds to zero is `0.000`, never `-0.000`."""
    text = f"{value:+.3f}"
    return "0.000" if float(text) == 0 else text


def describe_thresholds(accept: float, ignore: float, target: float | None = None) -> str:
    """The three-way decision in words; a side with no trusted region says so.

    thresholds.py marks such a side with a value no probability reaches (NEVER for
    accept, -1 for ignore); printed as a number it read as a real threshold.
    """
    goal = "the target precision" if target is None else f"the {target * 100:g}% target"
    no_accept, no_ignore = accept >= NEVER, ignore < 0
    if no_accept and no_ignore:
        return (
            f"no auto-accept and no auto-ignore (no region reached {goal}): "
            "every request goes to review"
        )
    accept_text = (
        f"no auto-accept (no region reached {goal}: every request goes to review "
        "unless auto-ignore applies)"
        if no_accept
        else f"auto-accept at p >= {accept:.3f}"
    )
    ignore_text = (
        f"no auto-ignore (no region reached {goal}: every request goes to review "
        "unless auto-accept applies)"
        if no_ignore
        else f"auto-ignore at p <= {ignore:.3f}"
    )
    return f"{accept_text}; {ignore_text}; between: review"
