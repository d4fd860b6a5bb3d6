"""Has the user drifted away from the model? A test of its log-loss on decisions made since.

A calibrated model predicts its own log-loss: if request i is accepted with probability p_i,
its loss is -log p_i or -log(1 - p_i), with mean H(p_i) (the binary entropy) and variance
p_i (1 - p_i) log^2(p_i / (1 - p_i)). On the decisions recorded since the model was
trained, a log-loss clearly above the sum of those means says the user no longer decides the
way the model learned: time to retrain.

The verdict is a one-sided test at a stated false-alarm rate (5% by default): the chance of
an alarm for a user who still decides exactly as the model predicts. Its p-value comes from
outcomes drawn from the model's own probabilities (a parametric bootstrap, seeded), not from
the normal approximation: with a few dozen decisions, or probabilities near 0 and 1, the sum
of losses is skewed, and the normal tail then raised alarms more often than stated (see
tests/test_drift.py). The z-score is reported beside it for people who think in standard
errors. The test only looks at outcomes given the model's probabilities, so it stays valid
whichever requests the user chose to answer (the review page asks the uncertain ones first).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FALSE_ALARM_RATE = 0.05
# Below this many new decisions the test has too little power to be worth a sentence.
MIN_DECISIONS = 30
SIMULATIONS = 2000
_CHUNK = 250  # simulated outcome sets drawn at once (memory: CHUNK x n booleans)
_EPSILON = 1e-12


@dataclass(frozen=True)
class DriftCheck:
    """The test on the decisions since training; `alarm` means "retrain"."""

    n: int  # decisions tested
    log_loss: float | None  # observed mean log-loss
    expected: float | None  # the mean log-loss the model's calibration predicts
    sd: float | None  # standard deviation of the mean log-loss under that calibration
    z: float | None
    p_value: float | None
    false_alarm_rate: float
    min_decisions: int

    @property
    def enough(self) -> bool:
        return self.n >= self.min_decisions

    @property
    def alarm(self) -> bool:
        return self.p_value is not None and self.p_value <= self.false_alarm_rate


def losses(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Each outcome's log-loss under the predicted probability."""
    p = np.clip(np.asarray(p, dtype=float), _EPSILON, 1 - _EPSILON)
    return np.where(np.asarray(y, dtype=bool), -np.log(p), -np.log1p(-p))


def expected_loss(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per outcome, the mean and variance of its log-loss if the probability is right."""
    p = np.clip(np.asarray(p, dtype=float), _EPSILON, 1 - _EPSILON)
    mean = -(p * np.log(p) + (1 - p) * np.log1p(-p))
    variance = p * (1 - p) * np.log(p / (1 - p)) ** 2
    return mean, variance


def drift_check(
    p: np.ndarray,
    y: np.ndarray,
    false_alarm_rate: float = FALSE_ALARM_RATE,
    min_decisions: int = MIN_DECISIONS,
    simulations: int = SIMULATIONS,
    seed: int = 0,
) -> DriftCheck:
    """Test whether outcomes `y` (1 = accepted) are worse predicted than `p` itself claims.

    Args:
        p: the model's p_accept for each decision made since it was trained.
        y: what the user decided, 1 for accept and 0 for ignore.
        false_alarm_rate: the chance of an alarm when the user still decides as predicted.
        min_decisions: below this, no verdict (`p_value` is None).
        simulations: outcome sets drawn from `p` for the p-value.
        seed: the draws are seeded: the same decisions give the same verdict.
    """
    p = np.asarray(p, dtype=float)
    y = np.asarray(y, dtype=int)
    n = len(p)
    if n == 0:
        return DriftCheck(0, None, None, None, None, None, false_alarm_rate, min_decisions)
    observed = float(losses(p, y).sum())
    mean, variance = expected_loss(p)
    expected, var = float(mean.sum()), float(variance.sum())
    z = (observed - expected) / np.sqrt(var) if var > 0 else 0.0
    p_value = None
    if n >= min_decisions:
        p_value = _simulated_p_value(p, observed, simulations, seed)
    return DriftCheck(
        n=n,
        log_loss=observed / n,
        expected=expected / n,
        sd=float(np.sqrt(var)) / n,
        z=float(z),
        p_value=p_value,
        false_alarm_rate=false_alarm_rate,
        min_decisions=min_decisions,
    )


def _simulated_p_value(p: np.ndarray, observed: float, simulations: int, seed: int) -> float:
    """Share of outcome sets drawn from `p` whose total log-loss is at least `observed`.

    Counted as (1 + hits) / (1 + simulations), so the test never alarms more often than
    stated (the observed set counts as one of the draws).
    """
    rng = np.random.default_rng(seed)
    clipped = np.clip(p, _EPSILON, 1 - _EPSILON)
    loss_if_accepted, loss_if_ignored = -np.log(clipped), -np.log1p(-clipped)
    hits = 0
    for start in range(0, simulations, _CHUNK):
        size = min(_CHUNK, simulations - start)
        accepted = rng.random((size, len(p))) < clipped
        totals = np.where(accepted, loss_if_accepted, loss_if_ignored).sum(axis=1)
        # A hair of tolerance: the observed total and an identical draw's total are summed
        # in different orders, and a rounding difference must not decide a tie.
        hits += int((totals >= observed - 1e-9 * max(1.0, abs(observed))).sum())
    return (1 + hits) / (1 + simulations)
