"""Explanations add up exactly, match SHAP's own explainers, and read as the right reasons."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from frames import normalised, policy, requests_table
from linkedin_triage.explaining.contributions import (
    CLOSING_TERM,
    LOG_ODDS_CLIP,
    additive_contributions,
    contributions,
    long_format,
)
from linkedin_triage.explaining.scoring import ScoredFrame
from linkedin_triage.learning.triage_model import fit_model


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    return normalised(requests_table(500, seed=11), tmp_path_factory.mktemp("h"))


@pytest.fixture(scope="module")
def linear(history: pd.DataFrame):
    return fit_model(history, policy(), seed=0, candidates=("logistic",))[0]


def test_contributions_plus_base_equal_the_log_odds(linear, history: pd.DataFrame):
    matrix, rules = linear.matrix(history)
    contrib = contributions(linear, matrix, rules.fired)
    assert np.allclose(contrib.total(), linear.log_odds(matrix), atol=1e-9)


def test_the_grid_explainer_matches_shap_on_an_additive_tree_model(history: pd.DataFrame):
    import shap

    model, _ = fit_model(history, policy(), seed=0, candidates=("additive_boosting",))
    matrix, _ = model.matrix(history.head(60))
    fill, booster = (step for _, step in model.base_estimator().steps)
    ours = additive_contributions(booster, fill.transform(matrix), fill.transform(model.background))
    # shap's interventional TreeExplainer fails its own additivity check on
    # HistGradientBoosting (shap 0.51); its path-dependent mode is exact. For a sum of
    # stumps the two differ only by one constant per feature (the reference they centre
    # on), so every column of the difference must be flat.
    theirs = shap.TreeExplainer(booster).shap_values(fill.transform(matrix).to_numpy(float))
    difference = ours.values.to_numpy(float) - theirs
    assert np.ptp(difference, axis=0).max() < 1e-6
    assert np.abs(ours.values.to_numpy(float)).max() > 0.05  # the comparison is not vacuous


def test_long_format_rows_add_up_per_request(linear, history: pd.DataFrame):
    matrix, rules = linear.matrix(history.head(25))
    contrib = contributions(linear, matrix, rules.fired)
    p = linear.p_accept(matrix)
    table = long_format(history.head(25)["request_id"], matrix, contrib, p)
    assert list(table.columns) == ["request_id", "feature", "value", "contribution"]
    by_request = table.groupby("request_id", sort=False)["contribution"]
    # every row together: the log-odds of the p_accept the user sees
    assert np.allclose(by_request.sum().to_numpy(), np.log(p / (1 - p)))
    # without the closing term: the base model's log-odds, which SHAP decomposes
    explained = table[table["feature"] != CLOSING_TERM].groupby("request_id", sort=False)
    assert np.allclose(explained["contribution"].sum().to_numpy(), linear.log_odds(matrix))
    assert (table.groupby("request_id")["feature"].last() == CLOSING_TERM).all()
    assert not np.allclose(table.loc[table["feature"] == CLOSING_TERM, "contribution"], 0)


def test_rules_mode_rows_add_up_to_p_accept(history: pd.DataFrame):
    model, _ = fit_model(history.head(8), policy(), seed=0)
    assert model.mode == "rules"
    matrix, rules = model.matrix(history.head(40))
    p = model.p_accept(matrix)
    table = long_format(
        history.head(40)["request_id"], matrix, contributions(model, matrix, rules.fired), p
    )
    clipped = np.clip(p, LOG_ODDS_CLIP, 1 - LOG_ODDS_CLIP)
    sums = table.groupby("request_id", sort=False)["contribution"].sum().to_numpy()
    assert np.allclose(sums, np.log(clipped / (1 - clipped)))


def test_reasons_name_the_expected_signals(linear, history: pd.DataFrame, tmp_path: Path):
    table = requests_table(2, seed=99, labelled=False)
    table.loc[
        0, ["company", "mutual_connections", "industry", "country", "has_photo", "message"]
    ] = ["Reply", "48", "Banking", "IT", "true", "Hi Giulia, we met at the Milan summit"]
    table.loc[
        1, ["company", "mutual_connections", "industry", "country", "has_photo", "message"]
    ] = ["Globex", "0", "Farming", "NG", "false", "Our services boost your ROI, book a call"]
    frame = normalised(table, tmp_path)
    scored = ScoredFrame(linear, frame)
    good, bad = scored.reasons().tolist()
    assert good.startswith("+ ") and "mutual connection" in good
    assert scored.p_accept[0] > scored.p_accept[1]
    assert bad.startswith("- ")
    assert any(word in bad for word in ("NG", "photo", "fake", "pitches", "Farming", "mutual"))
    assert all(part[:2] in {"+ ", "- "} for part in (good + "; " + bad).split("; "))
    assert len(good.split("; ")) <= 3


def test_rules_mode_explains_with_the_fired_rules(tmp_path: Path):
    frame = normalised(requests_table(12, seed=4), tmp_path)
    model, _ = fit_model(frame, policy())
    assert model.mode == "rules"
    scored = ScoredFrame(model, frame)
    assert all(c.startswith("rule: ") for c in scored.contributions.values.columns)
    fired_any = scored.rules.fired.any(axis=1).to_numpy()
    assert (scored.reasons().str.len().to_numpy() > 0)[fired_any].all()


def test_fast_reasons_equal_phrasing_every_row_from_its_full_record(linear, tmp_path: Path):
    # reasons() reads only GROUP_INPUTS and caches phrases: it must say exactly what
    # phrasing each row from all its columns would say.
    from linkedin_triage.explaining.reasons import MIN_SHOWN, phrase, reason_groups, reasons

    frame = normalised(requests_table(400, seed=8), tmp_path)
    scored = ScoredFrame(linear, frame)
    context = scored.context()
    fast = reasons(scored.contributions, context, scored.rules.fired).tolist()
    by_group = reason_groups(scored.contributions, context, scored.rules.fired)
    values = by_group.to_numpy(float)
    order = np.argsort(-np.abs(values), axis=1, kind="stable")[:, :3]
    for i, record in enumerate(context.to_dict("records")):
        parts = [
            ("+ " if values[i, j] > 0 else "- ") + phrase(by_group.columns[j], record)
            for j in order[i]
            if abs(values[i, j]) >= MIN_SHOWN
        ]
        assert fast[i] == "; ".join(parts)


def test_a_scam_note_is_named_before_any_other_kind_of_note():
    from linkedin_triage.explaining.reasons import phrase

    scam = {"note_is_scam": 1.0, "note_is_generic": 1.0, "has_note": 1.0}
    assert phrase("note", scam) == "note has scam words or contact details"
    assert phrase("note", {**scam, "note_is_scam": 0.0}) == "generic note"


def test_every_reason_names_a_true_fact_pushing_the_way_its_sign_says(linear, tmp_path: Path):
    """No line is a family's phrase for what is there when the push came from what is not,
    and no line names an effect too small to matter."""
    from linkedin_triage.explaining.reasons import (
        ABSENT_PREFIX,
        MIN_SHOWN,
        phrase,
        reason_groups,
    )

    frame = normalised(requests_table(400, seed=8), tmp_path)
    scored = ScoredFrame(linear, frame)
    context = scored.context()
    by_group = reason_groups(scored.contributions, context, scored.rules.fired)
    reasons = scored.reasons().tolist()
    absent_lines = 0
    for i, record in enumerate(context.to_dict("records")):
        for line in filter(None, reasons[i].split("; ")):
            sign, words = line[0], line[2:]
            matches = [
                g for g in by_group.columns
                if phrase(g, record) == words and abs(by_group.iloc[i][g]) >= MIN_SHOWN
            ]  # fmt: skip
            assert matches, (line, record)
            value = by_group.iloc[i][matches[0]]
            assert (value > 0) == (sign == "+"), line
            if matches[0].startswith(ABSENT_PREFIX):
                absent_lines += 1
                name = matches[0].removeprefix(ABSENT_PREFIX)
                if name in record:  # a signal: really off
                    assert record[name] == 0
                else:  # a rule: really did not fire
                    assert not scored.rules.fired.iloc[i][name]
    assert absent_lines > 0  # the sample has off signals that push


def test_an_off_signal_reads_as_its_absence():
    from linkedin_triage.explaining.reasons import ABSENT_PREFIX, phrase

    row = {"title": "UI Designer", "title_matches_interests": 0, "function_matches_interests": 1}
    assert phrase(ABSENT_PREFIX + "title_matches_interests", row) == "no role you look for"
    assert phrase("title", row) == "works in a function you look for (UI Designer)"


def test_every_yes_no_signal_has_words_for_its_absence(tmp_path: Path):
    """A new 0/1 signal needs a phrase for when it is off, or its absence reads backwards."""
    from linkedin_triage.explaining.reasons import ABSENT
    from linkedin_triage.policy import load_policy
    from linkedin_triage.sample import write_sample
    from linkedin_triage.signals.features import FEATURE_NAMES, RequestFeatures
    from linkedin_triage.sources.requests_reader import read_requests

    write_sample(tmp_path, seed=3, persona="consultant")
    frame = read_requests(tmp_path / "history.csv").frame
    features = RequestFeatures(load_policy(tmp_path / "policy.toml")).fit(frame)
    values = features.transform(frame)
    binary = [
        name for name in FEATURE_NAMES
        if set(values[name].dropna().unique()) <= {0.0, 1.0} and values[name].nunique() == 2
    ]  # fmt: skip
    assert binary and [name for name in binary if name not in ABSENT] == []


def test_without_a_note_no_reason_says_what_kind_of_note_it_is_not(linear, tmp_path: Path):
    """A line "+ no scam words in the note" under a request with no note at all reads as nonsense:
    every "not this kind of note" joins the one fact, "no note", and nothing is lost."""
    from linkedin_triage.explaining.reasons import ABSENT_PREFIX, NO_NOTE, NOTE_KINDS, reason_groups

    frame = normalised(requests_table(400, seed=8), tmp_path)
    scored = ScoredFrame(linear, frame)
    context = scored.context()
    by_group = reason_groups(scored.contributions, context, scored.rules.fired)
    without = (context["has_note"] == 0).to_numpy()
    assert without.sum() > 20 and (~without).sum() > 20
    kinds = [ABSENT_PREFIX + name for name in NOTE_KINDS if ABSENT_PREFIX + name in by_group]
    assert kinds
    values = by_group[kinds].to_numpy(float)
    assert (values[without] == 0).all()
    assert (np.abs(values[~without]) > 1e-6).any()  # with a note they are reasons of their own
    assert (np.abs(by_group.loc[without, NO_NOTE].to_numpy(float)) > 1e-6).any()
    total = scored.contributions.values.sum(axis=1).to_numpy(float)
    assert np.allclose(by_group.sum(axis=1).to_numpy(float), total)  # moved, never dropped
