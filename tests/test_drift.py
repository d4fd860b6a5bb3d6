"""The drift test: its false-alarm rate is the stated one, and it sees a user who changed.

Every rate below is measured by simulation with fixed seeds, so each run gives the same
numbers; the bounds are about three binomial standard errors around the stated rate.
"""

from __future__ import annotations

import numpy as np
import pytest

from linkedin_triage.learning.drift import (
    FALSE_ALARM_RATE,
    drift_check,
    expected_loss,
    losses,
)

NORMAL_95 = 1.6449  # one-sided 5% point of the standard normal


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1 - p))


def _spread_p(rng: np.random.Generator, n: int) -> np.ndarray:
    """Probabilities as a trained model gives them: many near-sure, many in between."""
    return rng.beta(0.6, 0.6, n) * 0.96 + 0.02


def _skewed_p(rng: np.random.Generator, n: int) -> np.ndarray:
    """A user who ignores most requests: mostly p = 0.02, a few near-sure accepts."""
    return np.where(rng.random(n) < 0.8, 0.02, 0.97)


def _alarm_rates(make_p, n, repeats, truth=lambda p: p, seed=0):
    """(share of alarms of the test, share the normal approximation would raise)."""
    rng = np.random.default_rng(seed)
    alarms = normal_alarms = 0
    for r in range(repeats):
        p = make_p(rng, n)
        y = rng.random(n) < truth(p)
        check = drift_check(p, y, simulations=500, seed=r, min_decisions=1)
        alarms += check.alarm
        normal_alarms += check.z > NORMAL_95
    return alarms / repeats, normal_alarms / repeats


@pytest.mark.parametrize("n", [40, 300])
def test_false_alarm_rate_is_the_stated_one_when_the_user_still_decides_as_predicted(n):
    rate, _ = _alarm_rates(_spread_p, n, repeats=400, seed=n)
    # 400 repeats: a standard error of 0.011 around 0.05.
    assert abs(rate - FALSE_ALARM_RATE) < 0.035, rate


def test_the_simulated_p_value_keeps_its_rate_where_the_normal_approximation_does_not():
    """Few decisions with probabilities near 0 and 1: the loss sum is skewed."""
    rate, normal_rate = _alarm_rates(_skewed_p, 30, repeats=600, seed=3)
    assert rate <= FALSE_ALARM_RATE + 0.01, rate
    assert normal_rate > FALSE_ALARM_RATE + 0.02, normal_rate


def test_a_user_whose_decisions_became_harder_to_predict_is_seen():
    # Today's user follows the same signals far less strongly than the model learned.
    rate, _ = _alarm_rates(_spread_p, 100, repeats=200, truth=lambda p: _sigmoid(0.3 * _logit(p)))
    assert rate > 0.9, rate


def test_a_user_who_became_pickier_is_seen_with_enough_decisions():
    pickier = lambda p: _sigmoid(_logit(p) - 1.5)  # noqa: E731
    few, _ = _alarm_rates(_spread_p, 50, repeats=200, truth=pickier, seed=1)
    many, _ = _alarm_rates(_spread_p, 300, repeats=200, truth=pickier, seed=2)
    assert many > 0.8, many
    assert many > few + 0.2, (few, many)


def test_too_few_decisions_give_no_verdict_but_still_the_numbers():
    check = drift_check(np.array([0.9, 0.1, 0.5]), np.array([0, 1, 1]), min_decisions=30)
    assert check.n == 3 and not check.enough
    assert check.p_value is None and not check.alarm
    assert check.log_loss == pytest.approx(losses(np.array([0.9, 0.1, 0.5]), [0, 1, 1]).mean())


def test_no_decisions_at_all():
    check = drift_check(np.array([]), np.array([]))
    assert check.n == 0 and check.log_loss is None and not check.alarm


def test_expected_loss_is_what_outcomes_drawn_from_p_give_on_average():
    rng = np.random.default_rng(5)
    p = _spread_p(rng, 50)
    draws = rng.random((20_000, 50)) < p
    simulated = np.where(draws, -np.log(p), -np.log1p(-p))
    mean, variance = expected_loss(p)
    assert simulated.mean(axis=0) == pytest.approx(mean, abs=0.03)
    assert simulated.var(axis=0) == pytest.approx(variance, rel=0.2, abs=0.01)


def test_the_same_decisions_give_the_same_verdict():
    rng = np.random.default_rng(9)
    p = _spread_p(rng, 80)
    y = rng.random(80) < _sigmoid(_logit(p) - 1.0)
    assert drift_check(p, y) == drift_check(p, y)


def test_outcomes_exactly_as_sure_as_predicted_raise_no_alarm():
    p = np.array([0.95] * 40 + [0.05] * 40)
    y = np.array([1] * 40 + [0] * 40)
    check = drift_check(p, y)
    assert check.log_loss is not None and check.expected is not None
    assert check.log_loss < check.expected and not check.alarm
    assert check.p_value == pytest.approx(1.0)
