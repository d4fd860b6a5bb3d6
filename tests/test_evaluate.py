"""Metrics and their intervals, model-vs-rules evaluation, the learning curve, the time split."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score
from threadpoolctl import threadpool_limits

from linkedin_triage.errors import TriageError
from linkedin_triage.learning import evaluation as evaluate
from linkedin_triage.learning import metrics
from linkedin_triage.learning.evaluation import (
    CURVE_COLUMNS,
    evaluate_model,
    learning_curve,
    time_split,
)
from linkedin_triage.learning.metrics import METRIC_NAMES, metrics_with_ci, reliability_bins
from linkedin_triage.learning.triage_model import fit_model
from linkedin_triage.sample import generate_sample
from linkedin_triage.sources.requests_reader import read_requests

FAST = ("logistic_strong",)


# -- frames ---------------------------------------------------------------------------------
def sample_frame(folder: Path, n: int, seed: int = 5) -> tuple[pd.DataFrame, object]:
    """A synthetic labelled history, normalised by the real reader; and its policy."""
    sample = generate_sample(seed=seed, n_history=n, n_pending=0)
    path = folder / f"history_{n}_{seed}.csv"
    sample.history.to_csv(path, index=False)
    table = read_requests(path)
    assert not table.rejects
    return table.frame, sample.persona.policy


@pytest.fixture(scope="module", autouse=True)
def one_thread_per_library():
    """Small fits gain nothing from BLAS/OpenMP threads and lose a lot on busy shared cores."""
    with threadpool_limits(limits=1):
        yield


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory):
    return sample_frame(tmp_path_factory.mktemp("evaluate"), 600)


@pytest.fixture(scope="module")
def split(history):
    frame, _ = history
    return time_split(frame, test_share=0.25)


@pytest.fixture(scope="module")
def trained(split, history):
    train, _ = split
    model, _ = fit_model(train, history[1], seed=0, candidates=FAST)
    return model


def random_case(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Probabilities with ties (rounded), labels drawn from them, and three-way decisions."""
    rng = np.random.default_rng(seed)
    p = np.round(rng.random(n), 2)
    y = (rng.random(n) < p).astype(int)
    decisions = np.where(p >= 0.8, "accept", np.where(p <= 0.2, "ignore", "review"))
    return y, p, decisions


# -- metrics_with_ci ------------------------------------------------------------------------
def test_perfect_predictions_score_perfectly() -> None:
    y = np.array([0, 1] * 50)
    p = y.astype(float)
    m = metrics_with_ci(y, p, np.where(y == 1, "accept", "ignore"), n_boot=50)
    assert m["roc_auc"].value == 1.0 and m["pr_auc"].value == 1.0
    assert m["accuracy"].value == 1.0 and m["brier"].value == 0.0 and m["ece"].value == 0.0
    assert m["log_loss"].value < 1e-10
    assert m["accept_precision"].value == 1.0 and m["ignore_precision"].value == 1.0
    assert m["coverage"].value == 1.0
    assert m["roc_auc"].low == 1.0 and m["roc_auc"].high == 1.0


def test_a_few_right_automatic_decisions_do_not_look_certain() -> None:
    # 4 auto-accepts, all right: every bootstrap resample is 4 of 4 right too, and the
    # percentile interval said [1.000, 1.000]. Wilson's interval on 4 of 4 is [0.51, 1].
    y = np.array([1, 1, 1, 1] + [0, 1] * 48)
    decisions = np.array(["accept"] * 4 + ["review"] * 96, dtype=object)
    m = metrics_with_ci(y, np.full(100, 0.6), decisions, n_boot=200)
    assert m["accept_precision"].value == 1.0
    assert m["accept_precision"].low == pytest.approx(0.510, abs=1e-3)
    assert m["accept_precision"].high == 1.0
    assert np.isnan(m["ignore_precision"].low)  # nothing auto-ignored: no interval
    # with many decided rows it agrees with the textbook normal interval
    y = np.array([1] * 900 + [0] * 100)
    m = metrics_with_ci(y, np.full(1000, 0.9), np.full(1000, "accept"), n_boot=50)
    normal = 1.96 * np.sqrt(0.9 * 0.1 / 1000)
    assert m["accept_precision"].low == pytest.approx(0.9 - normal, abs=2e-3)


def test_point_estimates_match_scikit_learn_with_ties() -> None:
    y, p, decisions = random_case(1500, seed=3)
    m = metrics_with_ci(y, p, decisions, n_boot=0)
    assert m["roc_auc"].value == pytest.approx(roc_auc_score(y, p), abs=1e-12)
    assert m["pr_auc"].value == pytest.approx(average_precision_score(y, p), abs=1e-12)
    assert m["log_loss"].value == pytest.approx(log_loss(y, p), abs=1e-9)
    assert m["brier"].value == pytest.approx(brier_score_loss(y, p), abs=1e-12)
    assert m["accuracy"].value == pytest.approx(np.mean((p >= 0.5) == y))
    assert np.isnan(m["roc_auc"].low) and np.isnan(m["roc_auc"].high)  # no resamples asked


def test_a_resample_is_scored_like_the_resampled_rows() -> None:
    """The count-weighted code equals scikit-learn on the duplicated rows themselves."""
    y, p, decisions = random_case(800, seed=4)
    rows = metrics._Rows.build(y, p, decisions)
    draw = np.random.default_rng(9).integers(0, 800, 800)
    counts = np.bincount(draw, minlength=800)[None, :]
    scored = metrics._all_metrics(rows, counts)
    assert scored["roc_auc"][0] == pytest.approx(roc_auc_score(y[draw], p[draw]), abs=1e-12)
    assert scored["pr_auc"][0] == pytest.approx(average_precision_score(y[draw], p[draw]))
    assert scored["brier"][0] == pytest.approx(brier_score_loss(y[draw], p[draw]))


def test_ece_on_a_constructed_miscalibrated_case() -> None:
    # 50 rows say 0.1 and none is accepted (gap 0.1); 50 say 0.7 and half are (gap 0.2).
    p = np.r_[np.full(50, 0.1), np.full(50, 0.7)]
    y = np.r_[np.zeros(50), np.tile([0, 1], 25)].astype(int)
    m = metrics_with_ci(y, p, np.full(100, "review"), n_boot=0)
    assert m["ece"].value == pytest.approx(0.5 * 0.1 + 0.5 * 0.2)


def test_ece_does_not_depend_on_the_order_of_ties() -> None:
    y, p, decisions = random_case(503, seed=6)
    order = np.random.default_rng(1).permutation(503)
    first = metrics_with_ci(y, p, decisions, n_boot=0)["ece"].value
    permuted = metrics_with_ci(y[order], p[order], decisions[order], n_boot=0)["ece"].value
    assert first == pytest.approx(permuted, abs=1e-12)


def test_reliability_bins_are_equal_mass_and_agree_with_ece() -> None:
    y, p, decisions = random_case(1003, seed=2)
    bins = reliability_bins(y, p)
    assert len(bins) == 10 and bins["count"].sum() == 1003
    assert bins["count"].max() - bins["count"].min() <= 1
    gaps = (bins["mean_predicted"] - bins["observed_rate"]).abs()
    ece = float((bins["count"] / 1003 * gaps).sum())
    assert ece == pytest.approx(metrics_with_ci(y, p, decisions, n_boot=0)["ece"].value)


def test_precision_and_coverage_count_the_decided_rows() -> None:
    decisions = np.array(["accept"] * 10 + ["ignore"] * 5 + ["review"] * 5)
    y = np.array([1] * 8 + [0] * 2 + [0] * 4 + [1] + [1, 0, 1, 0, 1])
    m = metrics_with_ci(y, np.full(20, 0.5), decisions, n_boot=0)
    assert m["accept_precision"].value == pytest.approx(0.8)
    assert m["accept_coverage"].value == pytest.approx(0.5)
    assert m["ignore_precision"].value == pytest.approx(0.8)
    assert m["ignore_coverage"].value == pytest.approx(0.25)
    assert m["coverage"].value == pytest.approx(0.75)


def test_an_empty_side_has_nan_precision() -> None:
    y, p, _ = random_case(100, seed=1)
    m = metrics_with_ci(y, p, np.full(100, "review"), n_boot=20)
    assert np.isnan(m["accept_precision"].value) and np.isnan(m["ignore_precision"].value)
    assert np.isnan(m["accept_precision"].low)
    assert m["coverage"].value == 0.0


def test_one_class_leaves_ranking_metrics_undefined_but_not_the_rest() -> None:
    y = np.ones(30, dtype=int)
    m = metrics_with_ci(y, np.linspace(0.1, 0.9, 30), np.full(30, "accept"), n_boot=50)
    assert np.isnan(m["roc_auc"].value) and np.isnan(m["roc_auc"].low)
    assert np.isnan(m["pr_auc"].value)
    assert m["accept_precision"].value == 1.0 and np.isfinite(m["brier"].low)


def test_resamples_with_one_class_are_skipped() -> None:
    # One accept among 40: about a third of resamples miss it, and must not become NaN bounds.
    y = np.zeros(40, dtype=int)
    y[7] = 1
    p = np.linspace(0.0, 1.0, 40)
    m = metrics_with_ci(y, p, np.full(40, "review"), n_boot=200)
    assert np.isfinite(m["roc_auc"].low) and np.isfinite(m["roc_auc"].high)
    samples = metrics._bootstrap(metrics._Rows.build(y, p, np.full(40, "review")), 200, 0,
                                 metrics._all_metrics)  # fmt: skip
    assert 0 < np.isnan(samples["roc_auc"]).sum() < 200


def test_interval_contains_the_estimate_and_narrows_with_more_rows() -> None:
    small = metrics_with_ci(*random_case(200, seed=8), seed=0)
    large = metrics_with_ci(*random_case(4000, seed=8), seed=0)
    for name in ("roc_auc", "pr_auc", "log_loss", "brier", "accuracy", "coverage"):
        for m in (small[name], large[name]):
            assert m.low <= m.value <= m.high, name
        assert large[name].high - large[name].low < small[name].high - small[name].low, name


def test_same_seed_same_numbers_other_seed_other_intervals() -> None:
    case = random_case(500, seed=11)
    first, again = metrics_with_ci(*case, seed=3), metrics_with_ci(*case, seed=3)
    other = metrics_with_ci(*case, seed=4)
    assert first == again
    assert first["roc_auc"].value == other["roc_auc"].value
    assert (first["roc_auc"].low, first["roc_auc"].high) != (
        other["roc_auc"].low,
        other["roc_auc"].high,
    )


def test_bootstrap_computes_its_resamples_in_blocks_not_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What keeps the bootstrap fast, counted rather than timed: 400 resamples of 2,000 rows
    # are one vectorised block, after the point estimate.
    blocks: list[int] = []
    compute = metrics._all_metrics

    def counted(rows, counts):
        blocks.append(len(counts))
        return compute(rows, counts)

    monkeypatch.setattr(metrics, "_all_metrics", counted)
    metrics_with_ci(*random_case(2000, seed=12), n_boot=400)
    assert blocks == [1, 400]


def test_blocks_of_resamples_give_the_same_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    case = random_case(300, seed=13)
    whole = metrics_with_ci(*case, n_boot=100)
    monkeypatch.setattr(metrics, "BLOCK_CELLS", 300 * 7)  # blocks of 7 resamples
    assert metrics_with_ci(*case, n_boot=100) == whole


def test_mismatched_lengths_are_a_bug() -> None:
    with pytest.raises(ValueError):
        metrics_with_ci(np.array([0, 1]), np.array([0.5]), np.array(["review", "review"]))


# -- evaluate_model -------------------------------------------------------------------------
def test_evaluate_model_compares_model_and_rules(trained, split) -> None:
    _, test = split
    result = evaluate_model(trained, test, seed=0)
    assert result.n == len(test) and result.n_accept == int((test["decision"] == "accept").sum())
    matrix, rules = trained.matrix(evaluate.labelled_rows(test))
    np.testing.assert_allclose(result.p_baseline, rules.score.to_numpy(float))
    np.testing.assert_array_equal(result.decisions_baseline, rules.decision.to_numpy(object))
    np.testing.assert_allclose(result.p_model, trained.p_accept(matrix))
    assert set(result.decisions_model) <= {"accept", "review", "ignore"}
    assert result.model["roc_auc"].value > 0.7  # the sample's taste is learnable
    assert set(result.model) == set(result.baseline) == set(METRIC_NAMES)


def test_evaluation_to_dict_is_json(trained, split) -> None:
    result = evaluate_model(trained, split[1])
    document = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert document["n"] == result.n
    assert set(document["metrics"]) == set(METRIC_NAMES)
    auc = document["metrics"]["roc_auc"]
    assert auc["model"]["value"] == pytest.approx(result.model["roc_auc"].value)
    assert auc["baseline"]["low"] == pytest.approx(result.baseline["roc_auc"].low)


def test_evaluate_model_ignores_unlabelled_rows_and_needs_some(trained, split) -> None:
    test = split[1].copy()
    test.loc[test.index[:10], "decision"] = None
    assert evaluate_model(trained, test).n == len(test) - 10
    test["decision"] = None
    with pytest.raises(TriageError, match="no labelled rows"):
        evaluate_model(trained, test)


def test_a_rules_mode_model_decides_like_the_rules_where_they_are_trusted(history, split) -> None:
    train, test = split
    few = train.tail(8)  # fewer than 5 of a class: the rules decide as written
    model, _ = fit_model(few, history[1], seed=0)
    assert model.mode == "rules"
    result = evaluate_model(model, test)
    # Verdicts that did not reach the target precision on the 8 labels go to review.
    acting = np.isin(result.decisions_baseline, list(model.rules_acting_alone))
    np.testing.assert_array_equal(
        result.decisions_model, np.where(acting, result.decisions_baseline, "review")
    )
    assert result.model["roc_auc"].value == pytest.approx(result.baseline["roc_auc"].value)


# -- learning_curve -----------------------------------------------------------------------------
def test_learning_curve_uses_the_most_recent_rows(
    history, split, monkeypatch: pytest.MonkeyPatch
) -> None:
    train, test = split
    seen: list[pd.DataFrame] = []

    def spy(frame: pd.DataFrame, *args, **kwargs):
        seen.append(frame)
        return fit_model(frame, *args, **kwargs)

    monkeypatch.setattr(evaluate, "fit_model", spy)
    shuffled = train.sample(frac=1.0, random_state=0)  # input order must not matter
    curve = learning_curve(shuffled, test, history[1], sizes=(10, 100, 5000), candidates=FAST)
    assert list(curve.columns) == list(CURVE_COLUMNS)
    assert curve["n_labels"].tolist() == [10, 100, len(train)]  # too big dropped, full added
    assert curve["mode"].tolist() == ["rules", "model", "model"]
    assert curve["candidate"].tolist() == ["rules", "logistic_strong", "logistic_strong"]
    newest_first = train["received_at"].sort_values(ascending=False).to_numpy()
    for frame, n in zip(seen, curve["n_labels"], strict=True):
        assert len(frame) == n
        assert frame["received_at"].min() >= newest_first[n - 1]  # only the newest n
    assert curve["baseline_roc_auc"].nunique() == 1  # one baseline, one test set
    assert curve["roc_auc"].between(0.5, 1).all() and curve["coverage"].between(0, 1).all()


def test_learning_curve_needs_labelled_test_rows(history, split) -> None:
    train, test = split
    with pytest.raises(TriageError, match="test"):
        learning_curve(train, test.assign(decision=None), history[1], candidates=FAST)


# -- time_split -------------------------------------------------------------------------------
def test_time_split_never_puts_a_newer_row_in_train(history) -> None:
    frame = history[0].sample(frac=1.0, random_state=3)  # shuffled input
    frame.loc[frame.index[:20], "decision"] = None
    train, test = time_split(frame, test_share=0.2)
    assert len(train) + len(test) == len(frame) - 20
    assert len(test) == round(0.2 * (len(frame) - 20))
    assert train["received_at"].max() <= test["received_at"].min()
    assert train["decision"].notna().all() and test["decision"].notna().all()
    assert set(train["request_id"]).isdisjoint(test["request_id"])


def test_time_split_keeps_ties_whole_in_input_order(history) -> None:
    frame = history[0].head(30).assign(received_at=pd.Timestamp("2025-03-01"))
    train, test = time_split(frame, test_share=0.5)
    assert train["request_id"].tolist() == frame["request_id"].head(15).tolist()
    assert test["request_id"].tolist() == frame["request_id"].tail(15).tolist()


@pytest.mark.parametrize(("rows", "share"), [(5, 0.2), (40, 0.0), (40, 1.0), (40, 0.001)])
def test_time_split_refuses_what_cannot_be_split(history, rows: int, share: float) -> None:
    with pytest.raises(TriageError):
        time_split(history[0].head(rows), test_share=share)
