"""The order in which the review page asks: the answers that teach the model most come first.

A request teaches the model most where it is least sure how the user decides, and where the
answer moves a decision: near p = 0.5 (the model's guess flips there) and near the two
thresholds of the three-way decision (the answer tells whether the automatic region may grow
or must shrink). Its value is exp(-d), with d the distance in log-odds from p to the nearest
of those boundaries: 1 on a boundary, 0.37 one log-odds unit away.

Asking by value alone puts twenty near-identical requests in a row (a burst of salespeople
from one company all sit at the same p), and the second to the twentieth answer teach little
the first did not. So the first `spread_pool` questions of the review pile are picked
greedily: each next one is the request whose value, discounted by how much it resembles the
questions already chosen (a Gaussian kernel on the standardised signals), is highest. The
rest of the pile follows by value. Then come the automatic decisions, the ones nearest their
gate first: those are the ones most worth a quick check.

`benchmarks/review_order.py` measures on the sample's personas that this order reaches a
given log-loss with fewer answers than arrival order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Greedy picking is O(pool x n); past this many questions the answers rarely come in one sitting.
SPREAD_POOL = 200
# How much resemblance to an earlier question discounts a request: at 0.7, an exact twin of
# a question already asked keeps 30% of its value.
SPREAD = 0.7
_P_EDGE = 1e-6


def _log_odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), _P_EDGE, 1 - _P_EDGE)
    return np.log(p / (1 - p))


def boundaries(accept: float, ignore: float) -> list[float]:
    """p = 0.5 and the thresholds that are real (a side with no automatic region has none)."""
    return [0.5, *(t for t in (accept, ignore) if 0.0 < t < 1.0)]


def question_value(p: np.ndarray, accept: float, ignore: float) -> np.ndarray:
    """exp(-distance in log-odds to the nearest boundary): 1 on a boundary, towards 0 far away."""
    z = _log_odds(p)
    edges = _log_odds(np.array(boundaries(accept, ignore)))
    distance = np.abs(z[:, None] - edges[None, :]).min(axis=1)
    return np.exp(-distance)


def standardised(features: pd.DataFrame | np.ndarray) -> np.ndarray:
    """Signals on one scale (z-scores, unknown = average), divided by sqrt(columns)."""
    x = np.asarray(features, dtype=float)
    if x.ndim != 2 or x.shape[1] == 0:
        return np.zeros((len(x), 1))
    known = ~np.isnan(x)
    counts = known.sum(axis=0)
    filled = np.where(known, x, 0.0)
    mean = filled.sum(axis=0) / np.maximum(counts, 1)
    spread = np.sqrt(np.where(known, (x - mean) ** 2, 0.0).sum(axis=0) / np.maximum(counts, 1))
    spread[spread == 0] = 1.0
    z = np.where(known, (x - mean) / spread, 0.0)
    return z / np.sqrt(x.shape[1])


def density(points: np.ndarray, sample: int = 400, seed: int = 0) -> np.ndarray:
    """How typical each request is: its mean kernel similarity to (a sample of) all of them."""
    rng = np.random.default_rng(seed)
    others = (
        points if len(points) <= sample else points[rng.choice(len(points), sample, replace=False)]
    )
    squared = ((points[:, None, :] - others[None, :, :]) ** 2).sum(axis=2)
    positive = squared[squared > 0]
    bandwidth = float(np.median(positive)) if len(positive) else 1.0
    return np.exp(-squared / bandwidth).mean(axis=1)


def _spread_out(value: np.ndarray, points: np.ndarray, how_many: int, spread: float) -> list[int]:
    """Greedy picks: best value, discounted by resemblance to the picks before it."""
    candidates = np.argsort(-value, kind="stable")
    pool = candidates[: max(how_many * 3, how_many)]  # the rest could never win a pick
    x = points[pool]
    squared = ((x[:, None, :] - x[None, :, :]) ** 2).sum(axis=2)
    off_diagonal = squared[~np.eye(len(pool), dtype=bool)]
    positive = off_diagonal[off_diagonal > 0]
    bandwidth = float(np.median(positive)) if len(positive) else 1.0
    similarity = np.exp(-squared / bandwidth)
    resemblance = np.zeros(len(pool))
    taken = np.zeros(len(pool), dtype=bool)
    picks: list[int] = []
    for _ in range(min(how_many, len(pool))):
        gain = np.where(taken, -np.inf, value[pool] * (1.0 - spread * resemblance))
        best = int(np.argmax(gain))
        picks.append(int(pool[best]))
        taken[best] = True
        resemblance = np.maximum(resemblance, similarity[best])
    return picks


def question_order(
    p: np.ndarray,
    decisions: np.ndarray,
    features: pd.DataFrame | np.ndarray,
    accept: float,
    ignore: float,
    spread_pool: int = SPREAD_POOL,
    spread: float = SPREAD,
    density_weight: float = 0.0,
) -> np.ndarray:
    """Positions of the requests in the order to ask: the review pile, then the automatic ones.

    Args:
        p: p_accept of each request.
        decisions: `accept`, `ignore` or `review` for each request.
        features: the model's signals for each request (rows aligned with `p`).
        accept, ignore: the model's thresholds.
    Returns:
        A permutation of range(len(p)).
    """
    p = np.asarray(p, dtype=float)
    decisions = np.asarray(decisions, dtype=object)
    value = question_value(p, accept, ignore)
    review = np.flatnonzero(decisions == "review")
    automatic = np.flatnonzero(decisions != "review")
    first: list[int] = []
    if density_weight and len(p):
        typical = density(standardised(features))
        value = value * (typical / typical.max()) ** density_weight
    if len(review) and spread_pool > 0:
        points = standardised(features)[review]
        first = [int(review[i]) for i in _spread_out(value[review], points, spread_pool, spread)]
    chosen = set(first)
    rest = [int(i) for i in review[np.argsort(-value[review], kind="stable")] if i not in chosen]
    checks = automatic[np.argsort(-value[automatic], kind="stable")]
    return np.array([*first, *rest, *checks.tolist()], dtype=int)
