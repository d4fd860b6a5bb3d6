import numpy as np

from linkedin_triage.learning.thresholds import (
    MIN_SUPPORT,
    NEVER,
    Thresholds,
    automatic_precision,
    choose_thresholds,
    trusted_verdicts,
)


def test_thresholds_on_a_constructed_case_reach_the_target_precision():
    # 40 sure accepts at the top, 40 sure ignores at the bottom, a mixed middle.
    p = np.r_[np.linspace(0.99, 0.9, 40), np.linspace(0.6, 0.4, 40), np.linspace(0.1, 0.01, 40)]
    y = np.r_[np.ones(40), np.tile([1, 0], 20), np.zeros(40)].astype(int)
    t = choose_thresholds(p, y, target=0.95)
    stats = automatic_precision(p, y, t)
    # Cumulative precision may admit the first few mixed rows, never most of them.
    assert stats["accept_precision"] >= 0.95
    assert stats["ignore_precision"] >= 0.95
    decisions = t.decide(p)
    assert (decisions[:40] == "accept").all() and (decisions[80:] == "ignore").all()
    assert (decisions[40:80] == "review").mean() >= 0.7


def test_unreachable_precision_sends_everything_to_review():
    rng = np.random.default_rng(0)
    p = rng.random(200)
    y = rng.integers(0, 2, 200)  # labels unrelated to p: no region is 95% precise
    t = choose_thresholds(p, y, target=0.95)
    assert t.accept == NEVER
    assert set(t.decide(p)) <= {"review", "ignore"}
    assert automatic_precision(p, y, t)["accept_coverage"] == 0.0


def test_a_lucky_dip_does_not_open_the_gate():
    # Precision at the very top is poor; a lower cut would look fine only on average.
    p = np.r_[np.full(10, 0.99), np.linspace(0.98, 0.5, 90)]
    y = np.r_[np.zeros(10), np.ones(90)].astype(int)
    t = choose_thresholds(p, y, target=0.95)
    assert t.accept == NEVER


def test_a_lucky_run_of_accepts_does_not_open_the_gate():
    # Calibrated predictions: each row is accepted with probability p. At the top, 7 rows
    # at p = 0.85 happen to be all accepts (it happens about a third of the time); counting
    # hits alone would call that region 100% precise and auto-accept everything at p >= 0.85.
    rng = np.random.default_rng(3)
    p = np.r_[np.full(7, 0.85), rng.uniform(0.02, 0.8, 193)]
    y = np.r_[np.ones(7, dtype=int), (rng.random(193) < p[7:]).astype(int)]
    t = choose_thresholds(p, y, target=0.9)
    assert t.accept == NEVER


def test_a_user_who_accepts_nearly_everyone_gets_both_gates():
    # Calibrated and sure: 90% of requests at p ~ 0.98, the fakes at p ~ 0.03. A chance miss
    # among the top few rows used to shut auto-accept for good (in 20 of 50 such histories).
    for seed in range(10):
        rng = np.random.default_rng(seed)
        truth = np.where(rng.random(1000) < 0.1, 0.03, 0.98)
        p = np.clip(truth + rng.normal(0, 0.005, 1000), 0.001, 0.999)
        y = (rng.random(1000) < truth).astype(int)
        decided = choose_thresholds(p, y, target=0.95).decide(p)
        assert (decided[truth > 0.5] == "accept").mean() > 0.9, seed
        assert (decided[truth < 0.5] == "accept").sum() == 0, seed


def test_no_request_is_decided_against_the_models_own_guess():
    # 970 sure accepts and 30 requests at p = 0.1 that were all ignored: taken together
    # everything above p = 0.1 is 97% right, but a request at p = 0.1 is no accept.
    p = np.r_[np.full(970, 0.995), np.full(30, 0.1)]
    y = np.r_[np.ones(970), np.zeros(30)].astype(int)
    t = choose_thresholds(p, y, target=0.95)
    assert 0.5 <= t.accept <= 0.995
    assert t.decide(np.array([0.1]))[0] != "accept"
    assert t.ignore < 0.5


def test_decide_is_three_way_and_gates_never_overlap():
    t = Thresholds(accept=0.8, ignore=0.2)
    assert list(t.decide(np.array([0.9, 0.8, 0.5, 0.2, 0.1]))) == [
        "accept",
        "accept",
        "review",
        "ignore",
        "ignore",
    ]
    p = np.r_[np.ones(20) * 0.5]
    y = np.r_[np.ones(10), np.zeros(10)].astype(int)
    chosen = choose_thresholds(p, y, target=0.5)
    assert chosen.ignore < chosen.accept


def test_rules_verdicts_act_alone_only_at_the_target_precision():
    verdicts = np.array(["accept"] * 10 + ["ignore"] * 20 + ["review"] * 5, dtype=object)
    # accept right 6 of 10; ignore right 19 of 20; review rows do not count for either side
    y = np.array([1] * 6 + [0] * 4 + [0] * 19 + [1] + [1, 0, 1, 0, 1])
    assert trusted_verdicts(verdicts, y, 0.95)[0] == ("ignore",)
    assert trusted_verdicts(verdicts, y, 0.96)[0] == ()
    assert trusted_verdicts(verdicts, y, 0.6)[0] == ("accept", "ignore")
    lines = trusted_verdicts(verdicts, y, 0.95)[1]
    assert lines[0].startswith("the rules' accept verdicts") and "6 of 10 right (60%)" in lines[0]
    assert "19 of 20 right (95%)" in lines[1] and "act on their own" in lines[1]


def test_too_few_rules_verdicts_to_check_are_not_trusted():
    few = MIN_SUPPORT - 1
    verdicts = np.array(["ignore"] * few, dtype=object)
    trusted, lines = trusted_verdicts(verdicts, np.zeros(few, dtype=int), 0.9)
    assert trusted == ()  # all right, but too few to know
    assert "none to check" in lines[0] and f"{few} of {few} right" in lines[1]
