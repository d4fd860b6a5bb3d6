"""The order in which the review page asks: the answers that teach the model most come first.

The review pile (the requests between the two thresholds, where the model does not act on
its own) comes first, then the automatic decisions, nearest their gate first: those are the
ones most worth a quick check.

Within the review pile, "teaches the model most" is measured, not guessed: the expected
reduction of the model's uncertainty over all pending requests. Seen through a logistic
model on the standardised signals, the uncertainty of the log-odds at x is x' A x, with
A = (ridge I + sum over answered requests of w x x')^-1 and w = p (1 - p). Answering request
c would shrink it at every u by w_c (u' A c)^2 / (1 + w_c c' A c). Summed over the pending
requests u, each weighted by w_u (a log-loss is most sensitive to the log-odds where p is
near 0.5), that is the value of asking c. This favours requests that are uncertain (w_c),
unlike what was already answered (c' A c large), and typical of many others (the sum over
u): an odd one-off profile teaches little about the rest.

Questions are picked one at a time, and after each pick A is updated as if it had been
answered (Sherman-Morrison), so the next pick's value already counts what this one will
teach: twenty near-identical requests are not asked in a row, the second is worth little
once the first is asked. That is the spread across kinds of request.

`benchmarks/review_order.py` measures this order against arrival order on the sample's
personas, retraining with `fit_model` as the user would. What it found so far (RESULTS.md):
no order tried, this one or uncertainty sampling (nearest p = 0.5 or a threshold first,
with or without a spread), needed clearly fewer answers than arrival order to reach a
log-loss; the mean curves differ by about 0.001. The sample's requests arrive in random
order, so arrival order is a random sample, and the strongly regularised model's error is
mostly bias, which a better-placed sample does not remove. The order is kept for what it
does do: the user's judgement goes where the model does not act alone, and near-identical
requests are not asked in a row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

RIDGE = 1.0  # prior precision of each standardised weight: one answer moves it, not more
# The pending requests the value is summed over: a sample bounds the cost on a large ledger.
TARGET_SAMPLE = 1000
# Greedy picks with updates: past this many, the rest of the pile follows by value alone.
SPREAD_POOL = 200
# Candidates weighed one against another (memory: CANDIDATES x TARGET_SAMPLE floats); in a
# larger pile the ones nearest the gates are weighed.
CANDIDATES = 2000
_P_EDGE = 1e-6


def _log_odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), _P_EDGE, 1 - _P_EDGE)
    return np.log(p / (1 - p))


def boundaries(accept: float, ignore: float) -> list[float]:
    """p = 0.5 and the thresholds that are real (a side with no automatic region has none)."""
    return [0.5, *(t for t in (accept, ignore) if 0.0 < t < 1.0)]


def gate_distance(p: np.ndarray, accept: float, ignore: float) -> np.ndarray:
    """Distance in log-odds from p to the nearest boundary of the three-way decision."""
    z = _log_odds(p)
    edges = _log_odds(np.array(boundaries(accept, ignore)))
    return np.abs(z[:, None] - edges[None, :]).min(axis=1)


def design(features: pd.DataFrame | np.ndarray, reference: np.ndarray | None = None) -> np.ndarray:
    """Signals as z-scores (unknown = average) with an intercept column.

    Args:
        reference: rows whose mean and spread define the scale (default: `features` itself),
            so answered and pending requests share one scale.
    """
    x = np.asarray(features, dtype=float)
    if x.ndim != 2:
        x = x.reshape(len(x), -1)
    ref = x if reference is None else np.asarray(reference, dtype=float)
    known = ~np.isnan(ref)
    counts = np.maximum(known.sum(axis=0), 1)
    mean = np.where(known, ref, 0.0).sum(axis=0) / counts
    spread = np.sqrt(np.where(known, (ref - mean) ** 2, 0.0).sum(axis=0) / counts)
    spread[~(spread > 0)] = 1.0
    z = np.where(np.isnan(x), 0.0, (x - mean) / spread)
    return np.hstack([np.ones((len(x), 1)), z])


def _weights(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), _P_EDGE, 1 - _P_EDGE)
    return p * (1 - p)


def teaching_order(
    candidates: np.ndarray,
    candidate_p: np.ndarray,
    answered: np.ndarray,
    answered_p: np.ndarray,
    targets: np.ndarray,
    target_p: np.ndarray,
    picks: int,
    ridge: float = RIDGE,
) -> list[int]:
    """Greedy picks among `candidates` (design rows) by expected variance reduction.

    Returns:
        Positions in `candidates`, `picks` of them (or all), most valuable first.
    """
    d = candidates.shape[1]
    w_answered = _weights(answered_p)
    information = ridge * np.eye(d) + (answered * w_answered[:, None]).T @ answered
    inverse = np.linalg.inv(information)
    w_c, w_u = _weights(candidate_p), _weights(target_p)
    spread_c = candidates @ inverse  # rows: (A c)'
    self_c = (spread_c * candidates).sum(axis=1)  # c' A c
    cross = spread_c @ targets.T  # (A c)' u for every candidate c and target u
    chosen: list[int] = []
    taken = np.zeros(len(candidates), dtype=bool)
    for _ in range(min(picks, len(candidates))):
        value = w_c * ((cross**2) @ w_u) / (1.0 + w_c * self_c)
        value[taken] = -np.inf
        best = int(np.argmax(value))
        chosen.append(best)
        taken[best] = True
        # Sherman-Morrison: A <- A - w (A b)(A b)' / (1 + w b' A b), b the picked request.
        factor = w_c[best] / (1.0 + w_c[best] * self_c[best])
        along_c = spread_c @ candidates[best]  # (A c)' b for every c
        along_u = cross[best]  # (A b)' u for every u
        cross = cross - factor * np.outer(along_c, along_u)
        self_c = self_c - factor * along_c**2
        spread_c = spread_c - factor * np.outer(along_c, spread_c[best])
    return chosen


def question_order(
    p: np.ndarray,
    decisions: np.ndarray,
    features: pd.DataFrame | np.ndarray,
    accept: float,
    ignore: float,
    answered_features: pd.DataFrame | np.ndarray | None = None,
    answered_p: np.ndarray | None = None,
    spread_pool: int = SPREAD_POOL,
    seed: int = 0,
) -> np.ndarray:
    """Positions of the requests in the order to ask: the review pile, then the automatic ones.

    Args:
        p: p_accept of each pending request.
        decisions: `accept`, `ignore` or `review` for each.
        features: the model's signals for each (rows aligned with `p`).
        accept, ignore: the model's thresholds.
        answered_features, answered_p: the signals and p_accept of the requests already
            labelled (what the model already knows); none: nothing known yet.
        seed: which pending requests make the sample the value is summed over, when there
            are more than TARGET_SAMPLE.
    Returns:
        A permutation of range(len(p)).
    """
    p = np.asarray(p, dtype=float)
    decisions = np.asarray(decisions, dtype=object)
    review = np.flatnonzero(decisions == "review")
    automatic = np.flatnonzero(decisions != "review")
    checks = automatic[np.argsort(gate_distance(p[automatic], accept, ignore), kind="stable")]
    if len(review) == 0:
        return checks.astype(int)
    pending = np.asarray(features, dtype=float)
    known = None if answered_features is None else np.asarray(answered_features, dtype=float)
    reference = pending if known is None or len(known) == 0 else np.vstack([pending, known])
    x = design(pending, reference)
    x_known = design(known, reference) if known is not None and len(known) else x[:0]
    p_known = np.asarray(answered_p, dtype=float) if known is not None and len(known) else p[:0]
    rng = np.random.default_rng(seed)
    targets = np.arange(len(p))
    if len(targets) > TARGET_SAMPLE:
        targets = np.sort(rng.choice(targets, TARGET_SAMPLE, replace=False))
    weighed = review[np.argsort(gate_distance(p[review], accept, ignore), kind="stable")]
    weighed = weighed[:CANDIDATES]
    first = teaching_order(
        x[weighed], p[weighed], x_known, p_known, x[targets], p[targets], spread_pool
    )
    first_positions = weighed[first]
    rest = np.setdiff1d(review, first_positions, assume_unique=True)
    # The rest of a very large pile: nearest the gates first (cheap, and rarely reached).
    rest = rest[np.argsort(gate_distance(p[rest], accept, ignore), kind="stable")]
    return np.concatenate([first_positions, rest, checks]).astype(int)
