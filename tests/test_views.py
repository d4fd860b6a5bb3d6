"""Terminal output: thresholds in words, explanations in both modes, signed numbers."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from linkedin_triage.commands import terminal_views
from linkedin_triage.explaining import wording
from linkedin_triage.explaining.request_explanation import RequestExplanation
from linkedin_triage.learning.thresholds import NEVER


def _explanation(
    mode: str, rows: list[tuple[str, float, float]], **changes: object
) -> RequestExplanation:
    fields: dict[str, object] = {
        "request_id": "r1",
        "name": "Ada Example",
        "mode": mode,
        "p_accept": 0.62,
        "decision": "review",
        "t_accept": 0.9,
        "t_ignore": 0.1,
        "log_odds": 0.5,
        "base_value": -0.0001,
        "contributions": pd.DataFrame(rows, columns=["feature", "value", "contribution"]),
        "reasons": "+ works in Banking",
        "rules_decision": "review",
        "rules_score": 0.5,
        "fired_rules": [],
        "fake_score": 0.1,
        "fake_indicators": {"no_photo": 0.0, "few_connections": np.nan},
    }
    fields.update(changes)
    return RequestExplanation(**fields)  # type: ignore[arg-type]


def test_signed_never_prints_minus_zero() -> None:
    assert wording.signed(-0.0) == "0.000"
    assert wording.signed(-0.0004) == "0.000"
    assert wording.signed(0.0004) == "0.000"
    assert wording.signed(-0.0006) == "-0.001"
    assert wording.signed(1.25) == "+1.250"


def test_explanation_table_has_no_minus_zero(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        ("mutual_connections_log", 2.1, 0.8),
        ("is_sales", 0.0, -0.0),
        ("seniority", 1.0, -1e-9),
    ]
    terminal_views.show_explanation(_explanation("model", rows))
    printed = capsys.readouterr().out
    assert "-0.000" not in printed
    assert "+0.800" in printed and "0.000" in printed


@pytest.mark.parametrize(
    ("accept", "ignore", "expected", "absent"),
    [
        (0.9, 0.1, ["auto-accept at p >= 0.900", "auto-ignore at p <= 0.100"], []),
        (
            NEVER,
            0.2,
            [
                "no auto-accept (no region reached the 95% target: every request goes to "
                "review unless auto-ignore applies)",
                "auto-ignore at p <= 0.200",
            ],
            ["1.000"],
        ),
        (
            0.8,
            -1.0,
            ["auto-accept at p >= 0.800", "no auto-ignore (no region reached the 95% target"],
            ["-1.000"],
        ),
        (
            NEVER,
            -1.0,
            ["no auto-accept and no auto-ignore", "every request goes to review"],
            ["1.000"],
        ),
    ],
)
def test_thresholds_in_words(
    accept: float, ignore: float, expected: list[str], absent: list[str]
) -> None:
    text = wording.describe_thresholds(accept, ignore, 0.95)
    for part in expected:
        assert part in text
    for part in absent:
        assert part not in text


def _model(accept: float, ignore: float) -> SimpleNamespace:
    return SimpleNamespace(
        mode="model",
        one_sided=False,
        candidate="logistic",
        thresholds=SimpleNamespace(accept=accept, ignore=ignore),
        policy=SimpleNamespace(
            decisions=SimpleNamespace(target_precision=0.9, min_labels_per_class=15)
        ),
    )


def _train_outcome(**changes: object) -> SimpleNamespace:
    fields: dict[str, object] = {
        "model": _model(NEVER, -1.0),
        "n_labels": 357,
        "n_accept": 200,
        "n_read": 360,
        "n_rejected": 2,
        "n_unlabelled": 1,
        "rejects": Path("models/m.rejects.csv"),
        "notes": [],
        "evaluation": None,
        "curve": None,
        "model_dir": Path("models/m"),
        "report": None,
        "run_id": None,
        "tracking_uri": None,
    }
    fields.update(changes)
    return SimpleNamespace(**fields)


def test_train_output_names_no_sentinel_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    terminal_views.show_train(_train_outcome())
    printed = " ".join(capsys.readouterr().out.split())
    assert "p >= 1.000" not in printed and "p <= -1.000" not in printed
    assert "no auto-accept and no auto-ignore (no region reached the 90% target)" in printed


def test_train_output_accounts_for_every_row(capsys: pytest.CaptureFixture[str]) -> None:
    terminal_views.show_train(_train_outcome())
    printed = " ".join(capsys.readouterr().out.split())
    assert "360 rows read, 2 rejected -> models/m.rejects.csv, 1 without a decision (not used)" in (
        printed
    )


def test_explain_output_names_no_sentinel_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    terminal_views.show_explanation(
        _explanation("model", [("seniority", 1.0, 0.3)], t_accept=NEVER, t_ignore=0.2),
        target=0.95,
    )
    printed = " ".join(capsys.readouterr().out.split())
    assert "p >= 1.000" not in printed
    assert "no auto-accept (no region reached the 95% target" in printed


def test_rules_mode_shows_rule_weights_not_log_odds(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        ("rule: relevant_bridge", np.nan, 1.0),
        ("rule: looks_fake", np.nan, -0.0),
        ("rule: shares_school", np.nan, 0.0),
        ("(calibration)", np.nan, 0.25),  # a term the explanations may carry: kept, not a crash
    ]
    explanation = _explanation(
        "rules",
        rows,
        base_value=0.0,
        log_odds=1.0,
        fired_rules=[("relevant_bridge", "a bridge to a wide network in your field")],
    )
    terminal_views.show_explanation(explanation)
    printed = capsys.readouterr().out
    assert "log-odds" not in printed
    assert "the hand-written rules decide" in printed
    assert "relevant_bridge" in printed and "+1.000" in printed
    assert "looks_fake" not in printed and "shares_school" not in printed  # did not fire
    assert "(calibration)" in printed and "-0.000" not in printed


def test_mlflow_line_names_the_store_used() -> None:
    outcome = SimpleNamespace(run_id="abc", tracking_uri="sqlite:////srv/runs/mlflow.db")
    line = terminal_views.mlflow_line(outcome)
    assert "sqlite:////srv/runs/mlflow.db" in line
    assert "experiments/mlflow.db" not in line
    server = SimpleNamespace(run_id="abc", tracking_uri="http://127.0.0.1:5000")
    assert "mlflow ui" not in terminal_views.mlflow_line(server)


def test_train_output_says_what_happened_in_plain_words_before_any_metric(capsys) -> None:
    def metric(value: float) -> SimpleNamespace:
        return SimpleNamespace(value=value, low=float("nan"), high=float("nan"))

    evaluation = SimpleNamespace(
        n=400,
        model={
            "coverage": metric(0.25),
            "accept_coverage": metric(0.10),
            "accept_precision": metric(0.95),
            "ignore_coverage": metric(0.15),
            "ignore_precision": metric(0.90),
            "accuracy": metric(0.8),
        },
        baseline={"accuracy": metric(0.7)},
    )
    terminal_views.show_train(_train_outcome(evaluation=evaluation, model=_model(0.9, 0.1)))
    text = " ".join(capsys.readouterr().out.split())
    assert text.startswith("Learnt from 357 of your decisions (200 accepted, 56%).")
    assert "decided 100 of them on its own and been right on 92% of those" in text
    assert "the other 300 would have come to you" in text
    assert text.index("right on 80%; your hand-written rules alone on 70%") < text.index("details")


def test_predict_output_starts_with_where_requests_go_and_how_far_to_trust_it(capsys) -> None:
    summary = SimpleNamespace(
        decisions={"accept": 20, "ignore": 21, "review": 159},
        recent_precision=0.96,
        describe=lambda: "p.csv: 200 read = 200 scored + 0 rejected",
    )
    terminal_views.show_batch(summary)
    text = " ".join(capsys.readouterr().out.split())
    assert text.startswith("Of 200 requests: accept 20, ignore 21, look at 159 yourself.")
    assert "right 96% of the time on your recent history" in text


def test_auto_precision_weighs_each_side_by_what_it_decided() -> None:
    metrics = {
        "accept_coverage": 0.1, "accept_precision": 1.0,
        "ignore_coverage": 0.3, "ignore_precision": 0.8,
    }  # fmt: skip
    assert wording.auto_precision(metrics) == pytest.approx(0.85)
    assert wording.auto_precision({"accept_coverage": 0.0, "accept_precision": None}) is None


def test_evaluate_words_say_where_automatic_decisions_fell_short_of_the_target() -> None:
    values = {
        "coverage": 0.3, "accuracy": 0.81, "baseline_accuracy": 0.74,
        "accept_coverage": 0.2, "accept_precision": 0.90,
        "ignore_coverage": 0.1, "ignore_precision": 0.99,
    }  # fmt: skip
    lines = wording.evaluation_in_words(values, 200, target_precision=0.95)
    text = " ".join(lines)
    assert lines[0].startswith("On these 200 labelled requests: it would have decided 60")
    assert "automatic accepts (40) were right on 90%, short of the 95% your policy asks" in text
    assert "automatic ignores" not in text  # 99% reached the target: nothing to say
    assert "right on 81%; your hand-written rules alone on 74%" in text
    assert not any("short of" in line for line in wording.evaluation_in_words(values, 200, 0.9))


def test_explain_says_why_a_request_past_the_accept_gate_is_in_review(capsys) -> None:
    rows = [("fake_score", 0.4, -0.2)]
    held = _explanation("model", rows, p_accept=0.95, decision="review")
    terminal_views.show_explanation(held)
    assert "held for review" in " ".join(capsys.readouterr().out.split())
    terminal_views.show_explanation(_explanation("model", rows, p_accept=0.62))
    assert "held for review" not in capsys.readouterr().out
