"""The three-way decision: act alone only where out-of-fold precision reaches the target."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NEVER = 1.0 + 1e-9  # a threshold no probability reaches: that side is always `review`
MIN_SUPPORT = 5  # an automatic region backed by fewer labelled examples than this is not trusted


@dataclass(frozen=True)
class Thresholds:
    """`p >= accept` -> accept; `p <= ignore` -> ignore; anything between -> review."""

    accept: float
    ignore: float

    def decide(self, p: np.ndarray) -> np.ndarray:
        p = np.asarray(p, dtype=float)
        return np.where(p >= self.accept, "accept", np.where(p <= self.ignore, "ignore", "review"))


def _stable_cut(scores: np.ndarray, correct: np.ndarray, target: float) -> float | None:
    """Lowest score s such that every region {score >= s'} with s' >= s reaches `target` precision.

    Requiring every tighter region to qualify too (a running minimum from the top) keeps a
    lucky dip in the middle of the curve from opening the gate.
    """
    order = np.argsort(-scores, kind="stable")
    sorted_scores = scores[order]
    hits = np.cumsum(correct[order])
    counts = np.arange(1, len(scores) + 1)
    precision = hits / counts
    # only cut between distinct scores
    last_of_value = np.r_[sorted_scores[1:] != sorted_scores[:-1], True]
    ok = (precision >= target) & last_of_value & (counts >= MIN_SUPPORT)
    running = np.minimum.accumulate(np.where(last_of_value, precision, np.inf))
    ok &= running >= target
    if not ok.any():
        return None
    return float(sorted_scores[np.nonzero(ok)[0].max()])


def choose_thresholds(p: np.ndarray, y: np.ndarray, target: float) -> Thresholds:
    """Thresholds on out-of-fold probabilities: each automatic side reaches `target` precision."""
    p = np.asarray(p, dtype=float)
    y = np.asarray(y, dtype=int)
    accept = _stable_cut(p, y == 1, target)
    ignore = _stable_cut(-p, y == 0, target)
    t_accept = NEVER if accept is None else accept
    t_ignore = -1.0 if ignore is None else -ignore
    if t_ignore >= t_accept:  # overlapping gates would make one row both: keep only review between
        t_ignore = min(t_ignore, np.nextafter(t_accept, -np.inf))
    return Thresholds(accept=t_accept, ignore=t_ignore)


def automatic_precision(p: np.ndarray, y: np.ndarray, thresholds: Thresholds) -> dict[str, float]:
    """Coverage and precision of each automatic decision (NaN precision when a side is empty)."""
    decisions = thresholds.decide(p)
    y = np.asarray(y, dtype=int)
    out: dict[str, float] = {}
    for side, positive in (("accept", 1), ("ignore", 0)):
        chosen = decisions == side
        out[f"{side}_coverage"] = float(chosen.mean()) if len(p) else float("nan")
        out[f"{side}_precision"] = (
            float((y[chosen] == positive).mean()) if chosen.any() else float("nan")
        )
    out["coverage"] = out["accept_coverage"] + out["ignore_coverage"]
    return out


def trusted_verdicts(
    verdicts: np.ndarray, y: np.ndarray, target: float
) -> tuple[tuple[str, ...], list[str]]:
    """The rules' verdicts (accept, ignore) that may act alone, judged on the labelled history.

    Used when there are too few labels to train: the rules were not fitted to these labels,
    so how often each verdict agreed with the user is an honest estimate of its precision.
    A side acts alone only where it reaches `target` on at least MIN_SUPPORT labelled rows;
    otherwise its requests go to review, as the contract promises for every automatic decision.

    Returns:
        The trusted sides, and one line per side saying how it did.
    """
    verdicts = np.asarray(verdicts, dtype=object)
    y = np.asarray(y, dtype=int)
    trusted, lines = [], []
    for side, positive in (("accept", 1), ("ignore", 0)):
        chosen = verdicts == side
        total, right = int(chosen.sum()), int((y[chosen] == positive).sum())
        if total >= MIN_SUPPORT and right / total >= target:
            trusted.append(side)
            verdict = "they act on their own"
        else:
            verdict = "they go to review"
        measured = f"{right} of {total} right ({right / total:.0%})" if total else "none to check"
        lines.append(
            f"the rules' {side} verdicts on your labelled history: {measured}; "
            f"target {target:.0%} on at least {MIN_SUPPORT}: {verdict}"
        )
    return tuple(trusted), lines
