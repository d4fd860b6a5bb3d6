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


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def auto_precision(metrics: dict[str, float | None]) -> float | None:
    """How often the automatic decisions (accept and ignore together) were right.

    Args:
        metrics: `accept_precision`, `accept_coverage`, `ignore_precision`, `ignore_coverage`
            (NaN or None where a side decided nothing).
    """
    right = decided = 0.0
    for side in ("accept", "ignore"):
        coverage, precision = metrics.get(f"{side}_coverage"), metrics.get(f"{side}_precision")
        if coverage and precision is not None and precision == precision:  # not NaN
            right += coverage * precision
            decided += coverage
    return right / decided if decided else None


def training_in_words(
    n_labels: int,
    n_accept: int,
    held_out: dict[str, float | None] | None,
    n_held_out: int,
    rules_mode: bool,
    min_labels: int,
    one_sided: str | None = None,
    target_precision: float | None = None,
) -> list[str]:
    """What training did, for a person deciding whom to accept: plain sentences, no metrics.

    Args:
        held_out: model and baseline values measured on the newest requests (keys as in
            learning.metrics, the baseline's prefixed `baseline_`), or None when too few.
        one_sided: what to say of a history with (almost) no ignores (learning.one_sided),
            or None: such a history has nothing to test on, so no test is reported.
        target_precision: the policy's; a side of the test that fell short of it is said.
    """
    # With the rules deciding (too few labels, or accepts only) nothing was learnt but a rate.
    verb = "Read" if rules_mode or one_sided is not None else "Learnt from"
    lines = [
        f"{verb} {n_labels:,} of your decisions ({n_accept:,} accepted, "
        f"{_share(n_accept, n_labels)})."
    ]
    if one_sided is not None:
        return [
            *lines,
            f"{one_sided[:1].upper()}{one_sided[1:]}.",
            "Not tested on your newest requests: with so few ignores, every measure of how often "
            "it is right would rest on accepts alone.",
        ]
    if rules_mode:
        lines.append(
            f"That is too few of each kind to learn your own weights yet (it needs {min_labels} "
            "accepts and as many ignores): your hand-written rules decide for now."
        )
    if held_out is None or not n_held_out:
        lines.append("Too few decisions to keep some aside and test it on.")
        return lines
    lines.extend(
        _tested_in_words(
            held_out,
            n_held_out,
            f"Tested on your newest {n_held_out:,} requests, which it did not learn from",
            target_precision,
        )
    )
    return lines


def evaluation_in_words(
    values: dict[str, float | None], n: int, target_precision: float | None
) -> list[str]:
    """What `evaluate` found, in the words `train` uses for its own held-out test."""
    return _tested_in_words(values, n, f"On these {n:,} labelled requests", target_precision)


def _tested_in_words(
    values: dict[str, float | None], n: int, opening: str, target: float | None
) -> list[str]:
    """How many it would have decided alone and how often rightly; where it fell short of
    the user's target_precision; how it compares with the rules when it guesses them all."""
    coverage = values.get("coverage") or 0.0
    decided = round(coverage * n)
    precision = auto_precision(values)
    alone = (
        f"it would have decided {decided:,} of them on its own and been right on "
        f"{precision:.0%} of those"
        if decided and precision is not None
        else "it would have decided none of them on its own"
    )
    lines = [f"{opening}: {alone}; the other {n - decided:,} would have come to you."]
    if target is not None:
        lines.extend(_short_of_target(values, n, target))
    accuracy, baseline = values.get("accuracy"), values.get("baseline_accuracy")
    if accuracy is not None and baseline is not None:
        lines.append(
            f"Had it guessed every one of them, it would have been right on {accuracy:.0%}; "
            f"your hand-written rules alone on {baseline:.0%}."
        )
    return lines


def _short_of_target(values: dict[str, float | None], n: int, target: float) -> list[str]:
    """A sentence per side whose automatic decisions were right less often than asked."""
    lines = []
    for side in ("accept", "ignore"):
        coverage, precision = values.get(f"{side}_coverage"), values.get(f"{side}_precision")
        if not coverage or precision is None or precision != precision or precision >= target:
            continue
        lines.append(
            f"Its automatic {side}s ({round(coverage * n):,}) were right on {precision:.0%}, "
            f"short of the {target:.0%} your policy asks for (target_precision): check them "
            "yourself before trusting them, and retrain once you have recorded more decisions."
        )
    return lines


def batch_in_words(decisions: dict[str, int], recent_precision: float | None) -> list[str]:
    """`Of 200 pending: accept 20, ignore 21, look at 159 yourself`, and how far to trust it."""
    total = sum(decisions.values())
    lines = [
        f"Of {total:,} requests: accept {decisions.get('accept', 0):,}, ignore "
        f"{decisions.get('ignore', 0):,}, look at {decisions.get('review', 0):,} yourself."
    ]
    if recent_precision is not None:
        lines.append(
            f"When it decides alone it was right {recent_precision:.0%} of the time on your "
            "recent history (the newest requests it was tested on before it was saved)."
        )
    return lines
