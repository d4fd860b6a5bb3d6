"""Terminal output of the commands (rich): tables a person reads, no logic."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from rich.markup import escape
from rich.table import Table

from linkedin_triage.console import out, visible
from linkedin_triage.request_view import RequestExplanation

SHOWN_METRICS = (
    ("roc_auc", "ROC-AUC"),
    ("pr_auc", "PR-AUC"),
    ("log_loss", "log-loss"),
    ("brier", "Brier"),
    ("ece", "ECE"),
    ("accuracy", "accuracy"),
    ("accept_precision", "auto-accept precision"),
    ("accept_coverage", "auto-accept share"),
    ("ignore_precision", "auto-ignore precision"),
    ("ignore_coverage", "auto-ignore share"),
)


def _fmt(metric: Any) -> str:
    if metric is None or np.isnan(metric.value):
        return "-"
    if np.isnan(metric.low):
        return f"{metric.value:.3f}"
    return f"{metric.value:.3f} [{metric.low:.3f}, {metric.high:.3f}]"


def metrics_table(evaluation: Any, title: str) -> Table:
    table = Table(title=title)
    table.add_column("metric")
    table.add_column("model (95% CI)", justify="right")
    table.add_column("rules baseline (95% CI)", justify="right")
    for key, label in SHOWN_METRICS:
        table.add_row(label, _fmt(evaluation.model.get(key)), _fmt(evaluation.baseline.get(key)))
    return table


def show_train(outcome: Any) -> None:
    model = outcome.model
    out.print(
        f"[bold]trained[/] on {outcome.n_labels} labels ({outcome.n_accept} accepted); "
        f"{outcome.n_read} rows read, {outcome.n_rejected} rejected -> {escape(str(outcome.rejects))}"
    )
    if model.mode == "rules":
        out.print("[yellow]too few labels: the hand-written rules decide[/]")
    else:
        out.print(
            f"model: [bold]{model.candidate}[/]; auto-accept at p >= {model.thresholds.accept:.3f}, "
            f"auto-ignore at p <= {model.thresholds.ignore:.3f}"
        )
    for note in outcome.notes:
        out.print(f"note: {escape(note)}")
    if outcome.evaluation is not None:
        out.print(
            metrics_table(outcome.evaluation, f"held-out newest {outcome.evaluation.n} requests")
        )
    if outcome.curve is not None and len(outcome.curve):
        curve = Table(title="learning curve (held-out slice)")
        for column in ("n_labels", "roc_auc", "log_loss", "accuracy", "baseline_accuracy"):
            curve.add_column(column, justify="right")
        for row in outcome.curve.itertuples():
            curve.add_row(
                str(row.n_labels),
                f"{row.roc_auc:.3f}",
                f"{row.log_loss:.3f}",
                f"{row.accuracy:.3f}",
                f"{row.baseline_accuracy:.3f}",
            )
        out.print(curve)
    out.print(f"model saved to [bold]{escape(str(outcome.model_dir))}[/]")
    if outcome.report is not None:
        out.print(f"report: {escape(str(outcome.report.html))}")
    if outcome.run_id:
        out.print(
            f"MLflow run {outcome.run_id} (browse: mlflow ui --backend-store-uri sqlite:///experiments/mlflow.db)"
        )


def show_evaluate(outcome: Any) -> None:
    out.print(
        f"{outcome.n_read} rows read, {outcome.n_rejected} rejected -> {escape(str(outcome.rejects))}"
    )
    out.print(metrics_table(outcome.evaluation, f"{outcome.evaluation.n} labelled requests"))
    out.print(f"report: {escape(str(outcome.report.html))}")
    if outcome.run_id:
        out.print(f"MLflow run {outcome.run_id}")


def show_batch(summary: Any) -> None:
    out.print(escape(summary.describe()))


def predictions_table(predictions: pd.DataFrame, limit: int = 25) -> Table:
    """The review pile first (most likely accepts on top), then accepts, then ignores."""
    order = {"review": 0, "accept": 1, "ignore": 2}
    ranked = predictions.assign(_pile=predictions["decision"].map(order)).sort_values(
        ["_pile", "p_accept"], ascending=[True, False], kind="stable"
    )
    table = Table(
        title=f"pending requests ({len(predictions)}; first {min(limit, len(predictions))} shown)",
        show_lines=False,
    )
    for column, justify in (
        ("decision", "left"),
        ("p_accept", "right"),
        ("name", "left"),
        ("reasons", "left"),
    ):
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
    colour = {"accept": "green", "review": "yellow", "ignore": "red"}
    for row in ranked.head(limit).itertuples():
        table.add_row(
            f"[{colour.get(row.decision, 'white')}]{row.decision}[/]",
            f"{row.p_accept:.2f}",
            escape(visible(str(row.name))),
            escape(visible(str(row.reasons))),
        )
    return table


def show_explanation(e: RequestExplanation, top: int = 15) -> None:
    out.print(
        f"[bold]{escape(visible(e.name))}[/] ({escape(visible(e.request_id))}): [bold]{e.decision}[/], p_accept = {e.p_accept:.3f}"
    )
    if e.mode == "model":
        out.print(
            f"auto-accept at p >= {e.t_accept:.3f}, auto-ignore at p <= {e.t_ignore:.3f}; between: review"
        )
    out.print(f"reasons: {escape(visible(e.reasons))}")
    table = Table(
        title=f"contributions to the log-odds (base {e.base_value:+.3f} -> {e.log_odds:+.3f})"
    )
    for column in ("feature", "value", "contribution"):
        table.add_column(column, justify="left" if column == "feature" else "right")
    for row in e.contributions.head(top).itertuples():
        value = "" if pd.isna(row.value) else f"{row.value:.3g}"
        style = "green" if row.contribution > 0 else "red"
        table.add_row(str(row.feature), value, f"[{style}]{row.contribution:+.3f}[/]")
    rest = len(e.contributions) - top
    if rest > 0:
        table.caption = f"{rest} smaller contributions not shown (all in --explanations output)"
    out.print(table)
    out.print(f"rules baseline: [bold]{e.rules_decision}[/] (score {e.rules_score:.2f})")
    for name, reason in e.fired_rules:
        out.print(f"  fired {name}: {reason}")
    signs = ", ".join(
        f"{k}={'?' if np.isnan(v) else int(v >= 0.5)}" for k, v in e.fake_indicators.items()
    )
    out.print(f"fake_score {e.fake_score:.2f} ({signs})")
