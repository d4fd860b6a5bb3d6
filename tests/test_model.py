"""Model behaviour: fallback, time order, calibration, direction, invariance, reproducibility."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin

from frames import normalised, policy, requests_table
from linkedin_triage.learning.calibration import calibrated, calibration_increases, fit_calibrated
from linkedin_triage.learning.candidates import (
    CANDIDATES_BY_NAME,
    DEFAULT_CANDIDATE,
    Candidate,
    rules_score_as_log_odds,
    rules_weight_with_labels,
    shrinking_with_labels,
)
from linkedin_triage.learning.selection import (
    _clear_gain,
    _fold_predictions,
    cross_fitted_p,
    select_candidate,
    time_splits,
)
from linkedin_triage.learning.triage_model import fit_model, labelled_rows, model_matrix


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    return normalised(requests_table(500, seed=1), tmp_path_factory.mktemp("h"))


@pytest.fixture(scope="module")
def trained(history: pd.DataFrame):
    return fit_model(history, policy(), seed=0, candidates=("logistic_strong", "rules_prior"))


def _ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    edges = np.quantile(p, np.linspace(0, 1, bins + 1))
    index = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, bins - 1)
    return float(
        sum(
            abs(p[index == b].mean() - y[index == b].mean()) * (index == b).mean()
            for b in range(bins)
            if (index == b).any()
        )
    )


def _with_accepts(table: pd.DataFrame, accepts: int) -> pd.DataFrame:
    return table.assign(decision=["accept"] * accepts + ["ignore"] * (len(table) - accepts))


def test_too_few_labels_fall_back_to_the_rules_and_say_so(tmp_path: Path):
    frame = normalised(_with_accepts(requests_table(30, seed=3), 3), tmp_path)
    model, selection = fit_model(frame, policy())
    assert model.mode == "rules" and selection is None
    assert "hand-written rules decide" in model.notes[0]
    matrix, rules = model.matrix(frame)
    p = model.p_accept(matrix)
    # the rules' score, in its order, moved to this user's accept rate (3 of 30, smoothed)
    order = np.argsort(rules.score.to_numpy(), kind="stable")
    assert np.all(np.diff(p[order]) >= -1e-12)
    assert abs(p.mean() - 3.5 / 31) < 1e-6 and rules.score.mean() > 0.5
    assert any("moved to your accept rate (3 of 30)" in note for note in model.notes)
    decided = model.decide(p, rules)
    verdicts = rules.decision.to_numpy(object)
    acting = np.isin(verdicts, list(model.rules_acting_alone))
    assert list(decided[acting]) == list(verdicts[acting])
    assert set(decided[~acting]) <= {"review"}


def test_rules_models_saved_before_the_rate_shift_keep_the_rules_score(tmp_path: Path):
    frame = normalised(_with_accepts(requests_table(30, seed=3), 3), tmp_path)
    model, _ = fit_model(frame, policy())
    del model.__dict__["rules_shift"]  # what unpickling an older model gives
    matrix, rules = model.matrix(frame)
    assert np.array_equal(model.p_accept(matrix), rules.score.to_numpy(float))


def test_rules_verdicts_below_the_target_precision_go_to_review(tmp_path: Path):
    # 3 accepts of 30: whatever the rules accept is mostly wrong for this user, so their
    # accept verdict must not act alone; the notes say how each verdict did.
    frame = normalised(_with_accepts(requests_table(30, seed=3), 3), tmp_path)
    model, _ = fit_model(frame, policy())
    matrix, rules = model.matrix(frame)
    y = (labelled_rows(frame)["decision"] == "accept").to_numpy(int)
    accepted_by_rules = (rules.decision == "accept").to_numpy()
    assert accepted_by_rules.sum() >= 5 and y[accepted_by_rules].mean() < 0.95  # the premise
    assert "accept" not in model.rules_acting_alone
    assert "accept" not in set(model.decide(model.p_accept(matrix), rules))
    assert any("rules' accept verdicts" in note and "review" in note for note in model.notes)


def test_rules_models_saved_before_the_precision_gate_keep_every_verdict(tmp_path: Path):
    frame = normalised(_with_accepts(requests_table(30, seed=3), 3), tmp_path)
    model, _ = fit_model(frame, policy())
    del model.__dict__["rules_acting_alone"]  # what unpickling an older model gives
    matrix, rules = model.matrix(frame)
    decided = model.decide(model.p_accept(matrix), rules)
    assert list(decided) == list(rules.decision)


def test_a_few_labels_calibrate_the_rules_to_the_users_accept_rate(tmp_path: Path):
    # 10 accepts of 60: enough to learn how often this user says yes, not their weights.
    frame = normalised(_with_accepts(requests_table(60, seed=3), 10), tmp_path)
    model, _ = fit_model(frame, policy())
    assert model.mode == "model" and model.candidate == "rules_prior"
    assert "calibrated to your accept rate" in model.notes[0]
    matrix, rules = model.matrix(frame)
    p = model.p_accept(matrix)
    assert abs(p.mean() - 10 / 60) < 0.1  # near the user's own rate, not the rules' bands
    order = np.argsort(rules.score.to_numpy(), kind="stable")
    assert np.all(np.diff(p[order]) >= -1e-12)  # still the rules' ranking


def test_time_ordered_splits_never_train_on_the_future():
    for n in (40, 130, 500, 2000):
        for train, valid in time_splits(n, min_class=10):
            assert train.max() < valid.min()


def test_every_fold_trains_on_most_of_the_history():
    # Folds trained on a third of the history misjudged flexible models; see time_splits.
    for n in (40, 100, 130, 500, 2000):
        splits = time_splits(n, min_class=10)
        assert len(splits) >= 2
        assert min(len(train) for train, _ in splits) >= 0.6 * n
        assert splits[-1][1][-1] == n - 1  # the newest row is validated


def test_a_challenger_must_beat_the_default_clearly():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 400)
    default = np.where(y == 1, 0.7, 0.3)
    noisy = np.clip(default + rng.normal(0, 0.05, 400), 0.01, 0.99)  # better on some rows only
    sharper = np.where(y == 1, 0.9, 0.1)  # better on every row
    assert _clear_gain(default, default, y) == 0.0
    assert _clear_gain(noisy, default, y) == 0.0
    assert _clear_gain(sharper, default, y) > 0.2
    # a gain carried by one lucky row is not clear, however large it looks on average
    first = np.flatnonzero(y == 1)[0]
    lucky = default.copy()
    lucky[first] = 0.99
    assert _clear_gain(lucky[:20], default[:20], y[:20]) == 0.0
    assert (lucky[:20] != default[:20]).sum() == 1 and first < 20


def test_selection_keeps_the_default_unless_clearly_beaten(history: pd.DataFrame):
    labelled = labelled_rows(history)
    X, _ = model_matrix(labelled, policy())
    y = (labelled["decision"] == "accept").to_numpy(int)
    names = ("rules_prior", DEFAULT_CANDIDATE, "logistic")
    selection = select_candidate(X, y, seed=0, names=names)
    assert set(selection.scores) == set(names)
    if selection.chosen == DEFAULT_CANDIDATE:
        assert f"kept the default {DEFAULT_CANDIDATE}" in selection.why
    else:
        assert f"chose {selection.chosen}: it beat the default" in selection.why
        assert selection.scores[selection.chosen] < selection.scores[DEFAULT_CANDIDATE] - 0.005


def test_a_single_candidate_is_reported_as_such(history: pd.DataFrame):
    labelled = labelled_rows(history)
    X, _ = model_matrix(labelled, policy())
    y = (labelled["decision"] == "accept").to_numpy(int)
    selection = select_candidate(X, y, seed=0, names=("logistic",))
    assert selection.chosen == "logistic"
    assert "logistic was given as the only candidate" in selection.why
    assert selection.scores == {}  # nothing was compared


def test_a_refit_of_a_chosen_candidate_tells_the_user_nothing_about_choosing(history):
    """`train` refits the candidate chosen on older labels; "was given as the only
    candidate" is not something a user should read."""
    model, _ = fit_model(history, policy(), seed=0, candidates=("logistic",))
    assert not any("only candidate" in note for note in model.notes)
    compared, _ = fit_model(history, policy(), seed=0, candidates=("logistic", "rules_prior"))
    assert any("time-ordered CV log-loss" in note for note in compared.notes)


def test_the_rules_score_enters_as_log_odds():
    scores = pd.DataFrame({"rules_score": [0.0, 0.1, 0.5, 0.9, 1.0], "other": 1.0})
    out = rules_score_as_log_odds(scores)
    assert out["rules_score"].is_monotonic_increasing
    assert out["rules_score"].iloc[2] == 0.0
    assert np.isfinite(out["rules_score"]).all()  # 0 and 1 are clipped, not infinite
    assert (out["other"] == 1.0).all()


def test_the_guided_model_leans_on_the_rules_more_than_the_plain_one(history: pd.DataFrame):
    labelled = labelled_rows(history).iloc[:80]
    X, _ = model_matrix(labelled, policy())
    y = (labelled["decision"] == "accept").to_numpy(int)

    def rules_share(name: str) -> float:
        # Effective weight of the standardised rules column relative to all weights.
        pipeline = CANDIDATES_BY_NAME[name].build(0, len(y)).fit(X, y)
        coef = np.abs(pipeline[-1].coef_[0])
        names = list(pipeline[:-1].get_feature_names_out())
        factor = rules_weight_with_labels(len(y)) if name == "logistic_guided" else 1.0
        return coef[names.index("rules_score")] * factor / coef.sum()

    assert rules_share("logistic_guided") > rules_share("logistic_strong")


def test_the_rules_prior_fades_as_labels_come():
    assert rules_weight_with_labels(20) == rules_weight_with_labels(100) == 2.0
    assert rules_weight_with_labels(1000) == pytest.approx(1.0, abs=0.01)
    assert rules_weight_with_labels(5000) < rules_weight_with_labels(1000)


def test_labels_against_the_rules_never_turn_their_order_upside_down(tmp_path: Path):
    # The 10 requests the rules rank lowest were the ones accepted: a free Platt slope goes
    # negative and would call the rules' surest ignores the likeliest accepts.
    frame = normalised(_with_accepts(requests_table(60, seed=3), 10), tmp_path)
    _, rules = model_matrix(frame, policy())
    lowest = np.argsort(rules.score.to_numpy(), kind="stable")[:10]
    frame["decision"] = "ignore"
    frame.loc[frame.index[lowest], "decision"] = "accept"
    model, _ = fit_model(frame, policy())
    assert model.candidate == "rules_prior"
    matrix, rules = model.matrix(frame)
    p = model.p_accept(matrix)
    order = np.argsort(rules.score.to_numpy(), kind="stable")
    assert np.all(np.diff(p[order]) >= -1e-12)  # never decreasing in the rules' score
    assert np.allclose(p, 10 / 60, atol=1e-6)  # the constrained optimum: the accept rate
    assert any("run against the rules' order" in note for note in model.notes)
    assert set(model.decide(p, rules)) == {"review"}


def test_the_calibrated_rules_are_their_own_calibration(tmp_path: Path):
    frame = normalised(_with_accepts(requests_table(60, seed=3), 10), tmp_path)
    model, _ = fit_model(frame, policy())
    assert model.candidate == "rules_prior"
    assert not hasattr(model.estimator, "calibrated_classifiers_")  # one Platt map, not two
    matrix, _ = model.matrix(frame)
    p = model.estimator.predict_proba(matrix)[:, 1]
    assert np.allclose(1 / (1 + np.exp(-model.log_odds(matrix))), p)


def test_labelled_rows_are_sorted_oldest_first(history: pd.DataFrame):
    shuffled = history.sample(frac=1.0, random_state=0)
    rows = labelled_rows(shuffled)
    assert rows["received_at"].is_monotonic_increasing
    assert rows["decision"].notna().all()


def test_selection_is_recorded_and_thresholds_reach_target_out_of_fold(
    trained, history: pd.DataFrame
):
    model, selection = trained
    assert model.mode == "model" and model.candidate in {"logistic_strong", "rules_prior"}
    assert set(selection.scores) == {"logistic_strong", "rules_prior"}
    assert "time-ordered CV log-loss" in selection.why
    labelled = labelled_rows(history)
    X, _ = model_matrix(labelled, policy())
    y = (labelled["decision"] == "accept").to_numpy(int)
    decided = model.thresholds.decide(
        cross_fitted_p(CANDIDATES_BY_NAME[model.candidate], X, y, seed=0)
    )
    assert (decided != "review").any()  # the constructed history is easy: some act alone
    for side, label in (("accept", 1), ("ignore", 0)):
        chosen = decided == side
        if chosen.any():
            assert (y[chosen] == label).mean() >= 0.95


class _Memoriser(ClassifierMixin, BaseEstimator):
    """Recalls the label of every row it was fitted on; 0.5 for rows it never saw."""

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> _Memoriser:
        self.classes_ = np.array([0, 1])
        self.seen_ = dict(zip(X["row"].tolist(), y.tolist(), strict=True))
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        p = np.array([self.seen_.get(r, 0.5) for r in X["row"].tolist()], dtype=float)
        return np.c_[1 - p, p]


def test_cross_fitted_p_never_predicts_a_row_with_a_model_that_saw_it() -> None:
    X = pd.DataFrame({"row": np.arange(60)})
    y = np.tile([0, 1], 30)
    memoriser = Candidate("memoriser", lambda seed, n: _Memoriser(), False, self_calibrated=True)
    # A model that saw the row would answer its label (floored to 1/(n+2) from 0 or 1)
    assert np.allclose(cross_fitted_p(memoriser, X, y, seed=0), 0.5)


def test_the_model_beats_the_rules_on_newer_data(trained, tmp_path: Path):
    model, _ = trained
    from sklearn.metrics import roc_auc_score

    test = normalised(requests_table(1500, seed=2, start="2026-09-01"), tmp_path)
    matrix, rules = model.matrix(test)
    y = (test["decision"] == "accept").to_numpy(int)
    assert roc_auc_score(y, model.p_accept(matrix)) > roc_auc_score(y, rules.score) + 0.02


def test_calibration_improves_ece_of_an_overconfident_model(history: pd.DataFrame, tmp_path: Path):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    x, _ = model_matrix(history, policy())
    y = (history["decision"] == "accept").to_numpy(int)
    # scaled, so the nearly unpenalised fit converges instead of warning
    raw = make_pipeline(StandardScaler(), LogisticRegression(C=1e4, max_iter=5000))
    raw.fit(x.fillna(0), y)
    test = normalised(requests_table(2000, seed=5), tmp_path)
    xt, _ = model_matrix(test, policy())
    yt = (test["decision"] == "accept").to_numpy(int)
    # Sharpen the raw model's log-odds: a typical overconfident classifier.
    overconfident = 1 / (1 + np.exp(-3 * raw.decision_function(xt.fillna(0))))
    fitted = calibrated(CANDIDATES_BY_NAME["logistic"], len(y), 0, int(np.bincount(y).min())).fit(
        x, y
    )
    assert _ece(fitted.predict_proba(xt)[:, 1], yt) < _ece(overconfident, yt) - 0.03


def test_more_mutual_connections_never_lower_p_accept(trained, history: pd.DataFrame):
    model, _ = trained
    base = history.iloc[[0] * 8].reset_index(drop=True).copy()
    base["mutual_connections"] = [0, 1, 2, 5, 10, 20, 60, 200]
    base["connections"] = 500.0
    p = model.p_accept(model.matrix(base)[0])
    assert np.all(np.diff(p) >= -1e-9), p


def test_name_and_url_do_not_change_predictions(trained, history: pd.DataFrame):
    model, _ = trained
    rows = history.head(50).copy()
    other = rows.copy()
    other["name"] = [
        f"Sam Otherperson{'abcdefghij'[i % 10]}" for i in range(len(other))
    ]  # same form
    other["profile_url"] = [
        f"https://www.linkedin.com/in/someone-else-{i}" for i in range(len(other))
    ]
    other["request_id"] = [f"x{i}" for i in range(len(other))]
    assert np.array_equal(
        model.p_accept(model.matrix(rows)[0]), model.p_accept(model.matrix(other)[0])
    )


def test_same_data_and_seed_give_the_same_model(history: pd.DataFrame):
    one, s1 = fit_model(history, policy(), seed=4, candidates=("logistic", "rules_prior"))
    two, s2 = fit_model(history, policy(), seed=4, candidates=("logistic", "rules_prior"))
    matrix, _ = one.matrix(history)
    assert s1.scores == s2.scores
    assert np.array_equal(one.p_accept(matrix), two.p_accept(matrix))
    assert one.thresholds == two.thresholds


@pytest.mark.slow
@pytest.mark.parametrize("name", ["additive_boosting", "boosting"])
def test_boosted_candidates_train_and_explain_exactly(history: pd.DataFrame, name: str):
    from linkedin_triage.explaining.contributions import contributions

    model, _ = fit_model(history, policy(), seed=0, candidates=(name,))
    matrix, rules = model.matrix(history.head(300))
    contrib = contributions(model, matrix, rules.fired)
    assert np.allclose(contrib.total(), model.log_odds(matrix), atol=1e-6)


def test_a_column_missing_from_every_row_does_not_break_boosting(history: pd.DataFrame):
    # HistGradientBoosting in scikit-learn 1.9 cannot bin an all-NaN column.
    frame = history.assign(followers=np.nan, joined_on=pd.NaT)
    model, _ = fit_model(frame, policy(), seed=0, candidates=("additive_boosting",))
    assert np.isfinite(model.p_accept(model.matrix(frame.head(20))[0])).all()


def test_a_model_from_another_feature_set_is_refused_clearly(trained, history: pd.DataFrame):
    from dataclasses import replace

    from linkedin_triage.errors import TriageError

    model, _ = trained
    older = replace(model, columns=tuple(c for c in model.columns if c != "other_continent"))
    with pytest.raises(TriageError, match=r"other_continent.*train it again"):
        older.matrix(history.head(3))


def _matrix_and_labels(history: pd.DataFrame, rows: int) -> tuple[pd.DataFrame, np.ndarray]:
    labelled = labelled_rows(history).iloc[:rows]
    X, _ = model_matrix(labelled, policy())
    return X, (labelled["decision"] == "accept").to_numpy(int)


def test_a_decreasing_calibration_map_is_caught(history: pd.DataFrame):
    X, y = _matrix_and_labels(history, 300)
    fitted = calibrated(CANDIDATES_BY_NAME["logistic"], len(y), 0, int(np.bincount(y).min()))
    fitted.fit(X, y)
    assert calibration_increases(fitted, X)
    sigmoid = fitted.calibrated_classifiers_[0].calibrators[0]
    sigmoid.a_ = -sigmoid.a_  # the map a handful of cross-validated labels can produce
    assert not calibration_increases(fitted, X)


def test_a_decreasing_calibration_falls_back_to_the_base_model(
    history: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
):
    import linkedin_triage.learning.calibration as calibration_module

    X, y = _matrix_and_labels(history, 300)
    kept, note = fit_calibrated(CANDIDATES_BY_NAME["logistic"], X, y, seed=0)
    assert hasattr(kept, "calibrated_classifiers_") and note is None
    monkeypatch.setattr(calibration_module, "calibration_increases", lambda estimator, X: False)
    base, note = fit_calibrated(CANDIDATES_BY_NAME["logistic"], X, y, seed=0)
    assert not hasattr(base, "calibrated_classifiers_")
    assert note is not None and "decreasing" in note
    scores = base.decision_function(X)
    p = base.predict_proba(X)[:, 1]
    assert np.all(np.diff(p[np.argsort(scores)]) >= -1e-12)  # the ranking is the base model's


def test_folds_with_too_few_labels_are_judged_as_train_would_fit_them(history: pd.DataFrame):
    X, y = _matrix_and_labels(history, 200)
    rules = _fold_predictions(CANDIDATES_BY_NAME["rules_prior"], X, y, seed=0)
    learned = _fold_predictions(CANDIDATES_BY_NAME[DEFAULT_CANDIDATE], X, y, seed=0)
    assert not np.allclose(rules[0], learned[0])
    # with a minimum no fold reaches, every fold falls back to the calibrated rules
    as_train = _fold_predictions(
        CANDIDATES_BY_NAME[DEFAULT_CANDIDATE], X, y, seed=0, min_per_class=len(y)
    )
    assert np.allclose(as_train[0], rules[0]) and np.array_equal(as_train[1], rules[1])


def test_regularisation_per_label_falls_as_labels_accrue():
    sizes = np.array([30, 100, 400, 1000, 5000])
    c = np.array([shrinking_with_labels(int(n)) for n in sizes])
    assert c[1] == pytest.approx(0.1) and c[3] == pytest.approx(0.05, rel=0.01)
    penalty_per_label = 1 / (c * sizes)
    assert np.all(np.diff(penalty_per_label) < 0)  # more labels, less shrinkage ...
    assert np.all(np.diff(penalty_per_label * sizes) > 0)  # ... but slower than a fixed C's 1/n
    pipeline = CANDIDATES_BY_NAME[DEFAULT_CANDIDATE].build(0, 400)
    assert pytest.approx(shrinking_with_labels(400)) == pipeline[-1].C
