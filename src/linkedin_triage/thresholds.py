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


def _refitted(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Each row's p refitted to all the labels: a two-parameter logistic map on its log-odds.

    A smooth second opinion on a region's precision. Counting hits alone trusts lucky runs:
    7 rows at p ~ 0.85 are all accepts about a third of the time, and such a run opened an
    auto-accept gate whose later precision was 0.84 against a 0.90 target. The refit borrows
    strength from every labelled row, so a handful of rows cannot move it far. C=1 keeps it
    finite when the labels separate perfectly.
    """
    from sklearn.linear_model import LogisticRegression

    if len(np.unique(y)) < 2:
        return np.full(len(y), float(y.mean()) if len(y) else 0.5)
    clipped = np.clip(p, 1e-4, 1 - 1e-4)
    log_odds = np.log(clipped / (1 - clipped)).reshape(-1, 1)
    return LogisticRegression(C=1.0).fit(log_odds, y).predict_proba(log_odds)[:, 1]


def _stable_cut(
    scores: np.ndarray, correct: np.ndarray, expected: np.ndarray, target: float
) -> float | None:
    """Lowest score s such that every region {score >= s'} with s' >= s reaches `target`.

    A region reaches it when both its share of correct labels and its mean `expected`
    (the refitted chance of being correct) do. Requiring every tighter region to qualify
    too (a running minimum from the top) keeps a lucky dip in the middle of the curve from
    opening the gate.
    """
    order = np.argsort(-scores, kind="stable")
    sorted_scores = scores[order]
    counts = np.arange(1, len(scores) + 1)
    precision = np.minimum(np.cumsum(correct[order]), np.cumsum(expected[order])) / counts
    # only cut between distinct scores
    last_of_value = np.r_[sorted_scores[1:] != sorted_scores[:-1], True]
    ok = (precision >= target) & last_of_value & (counts >= MIN_SUPPORT)
    running = np.minimum.accumulate(np.where(last_of_value, precision, np.inf))
    ok &= running >= target
    if not ok.any():
        return None
    return float(sorted_scores[np.nonzero(ok)[0].max()])


def choose_thresholds(p: np.ndarray, y: np.ndarray, target: float) -> Thresholds:
    """Thresholds on out-of-fold probabilities: each automatic side reaches `target` precision.

    Precision is judged twice, by the labels counted and by `_refitted`, and the lower one
    counts. On five synthetic users (100, 200 and 400 labels, 16 to 24 windows each; 30 cells
    of user x size x side) that raised the pooled precision of the later automatic decisions
    in 26 cells, closed one (an auto-accept at 0.80 against 0.97), left 2 the same and
    lowered 2 by 0.005 and 0.002. Coverage given up was mostly the consultant's auto-accept
    at 100 labels (8.6% -> 0.3%, whose precision had been 0.91 against a 0.95 target).
    """
    p = np.asarray(p, dtype=float)
    y = np.asarray(y, dtype=int)
    expected = _refitted(p, y)
    accept = _stable_cut(p, y == 1, expected, target)
    ignore = _stable_cut(-p, y == 0, 1.0 - expected, target)
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
