"""Terminal output of the commands (rich): tables a person reads, no logic."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd
from rich.markup import escape
from rich.rule import Rule
from rich.table import Table

from linkedin_triage.console import err, out, visible
from linkedin_triage.explaining.contributions import RULE_PREFIX
from linkedin_triage.explaining.feature_words import feature_label, feature_value
from linkedin_triage.explaining.request_explanation import RequestExplanation
from linkedin_triage.explaining.wording import (
    batch_in_words,
    describe_thresholds,
    evaluation_in_words,
    signed,
    training_in_words,
)
from linkedin_triage.learning.one_sided import headline as one_sided_headline

RULES_MODE_NOTE = (
    "too few labels to train: the hand-written rules decide, and p_accept is their score "
    "(moved to your accept rate when your history has ignores too). The verdict sets its "
    "band; the weights of the rules that fired and the mutual connections place the request "
    "inside it."
)
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


def rows_line(outcome: Any) -> str:
    """`360 rows read, 2 rejected -> F, 1 without a decision (not used)`: every row counted."""
    where = f" -> {outcome.rejects}" if outcome.rejects is not None else ""
    line = f"{outcome.n_read} rows read, {outcome.n_rejected} rejected{where}"
    if outcome.n_unlabelled:
        line += f", {outcome.n_unlabelled} without a decision (not used)"
    return line


def mlflow_line(outcome: Any) -> str:
    """Where the run was recorded, and how to look at it."""
    from linkedin_triage.storage.mlflow_runs import browse_hint

    uri = outcome.tracking_uri
    if not uri:
        return f"MLflow run {outcome.run_id}"
    return f"MLflow run {outcome.run_id} in {uri} (browse: {browse_hint(uri)})"


def metrics_table(evaluation: Any, title: str) -> Table:
    table = Table(title=title)
    table.add_column("metric")
    table.add_column("model (95% CI)", justify="right")
    table.add_column("rules baseline (95% CI)", justify="right")
    for key, label in SHOWN_METRICS:
        table.add_row(label, _fmt(evaluation.model.get(key)), _fmt(evaluation.baseline.get(key)))
    return table


def _held_out_values(evaluation: Any) -> dict[str, float | None] | None:
    if evaluation is None:
        return None
    values: dict[str, float | None] = {k: m.value for k, m in evaluation.model.items()}
    values.update({f"baseline_{k}": m.value for k, m in evaluation.baseline.items()})
    return values


def show_train(outcome: Any) -> None:
    """Plain sentences first; the model, its gates and the metrics after, for who wants them."""
    model = outcome.model
    evaluation = outcome.evaluation
    n_ignore = outcome.n_labels - outcome.n_accept
    for line in training_in_words(
        outcome.n_labels,
        outcome.n_accept,
        _held_out_values(evaluation),
        evaluation.n if evaluation is not None else 0,
        rules_mode=model.mode == "rules",
        min_labels=model.policy.decisions.min_labels_per_class,
        one_sided=one_sided_headline(n_ignore) if model.one_sided else None,
        target_precision=model.policy.decisions.target_precision,
    ):
        out.print(escape(line), soft_wrap=True)
    out.print(f"model saved to [bold]{escape(str(outcome.model_dir))}[/]")
    if outcome.report is not None:
        out.print(f"report (open it in a browser): {escape(str(outcome.report.html))}")
    out.print(Rule("details", style="dim"))
    out.print(escape(rows_line(outcome)))
    if model.mode == "model":
        gates = describe_thresholds(
            model.thresholds.accept,
            model.thresholds.ignore,
            model.policy.decisions.target_precision,
        )
        out.print(f"model: [bold]{escape(str(model.candidate))}[/]; {gates}")
    for note in outcome.notes:
        out.print(f"note: {escape(note)}")
    if evaluation is not None:
        out.print(metrics_table(evaluation, f"held-out newest {evaluation.n} requests"))
    if outcome.curve is not None and len(outcome.curve):
        curve = Table(title="learning curve (held-out slice)")
        for column in ("labels", "ROC-AUC", "log-loss", "accuracy", "rules' accuracy"):
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
    if outcome.run_id:
        out.print(escape(mlflow_line(outcome)), soft_wrap=True)


def show_evaluate(outcome: Any) -> None:
    """Warnings, then what it found in sentences; the metrics table after, for who wants it."""
    for warning in outcome.warnings:
        show_warning(warning)
    evaluation = outcome.evaluation
    for line in evaluation_in_words(
        _held_out_values(evaluation) or {},
        evaluation.n,
        outcome.target_precision,
    ):
        out.print(escape(line), soft_wrap=True)
    out.print(f"report (open it in a browser): {escape(str(outcome.report.html))}")
    out.print(Rule("details", style="dim"))
    out.print(escape(rows_line(outcome)))
    out.print(metrics_table(evaluation, f"{evaluation.n} labelled requests"))
    if outcome.run_id:
        out.print(escape(mlflow_line(outcome)), soft_wrap=True)


def show_batch(summary: Any) -> None:
    """How many go where, in words first (and how far to trust it); then the files."""
    if summary.decisions:
        for line in batch_in_words(dict(summary.decisions), summary.recent_precision):
            out.print(escape(line), soft_wrap=True)
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


def show_warning(message: str) -> None:
    """A warning on stderr; the message may quote the user's file, so it is made visible."""
    err.print(f"[yellow]warning:[/] {escape(visible(message))}", soft_wrap=True)


def show_explanation(e: RequestExplanation, top: int = 15, target: float | None = None) -> None:
    """One request: verdict, thresholds, reasons, contributions, the rules and fake signs.

    Args:
        target: the model's target precision, named when a side has no automatic region.
    """
    out.print(
        f"[bold]{escape(visible(e.name))}[/] ({escape(visible(e.request_id))}): [bold]{e.decision}[/], p_accept = {e.p_accept:.3f}"
    )
    if e.mode == "model":
        out.print(describe_thresholds(e.t_accept, e.t_ignore, target))
        if e.decision == "review" and e.p_accept >= e.t_accept:
            # Past the accept gate yet in review: the fake guard (TriageModel.decide) held it.
            out.print(
                "[yellow]held for review[/] although p_accept passes the accept gate: a thin or "
                "fake-looking profile is never accepted automatically unless something personal "
                "ties you (a shared employer or school, a personal note, many mutual connections)"
            )
    out.print(f"reasons: {escape(visible(e.reasons))}")
    if e.mode == "rules":
        out.print(RULES_MODE_NOTE)
        out.print(_rules_weights_table(e))
    else:
        out.print(_contributions_table(e, top))
    out.print(f"rules baseline: [bold]{e.rules_decision}[/] (score {e.rules_score:.2f})")
    for name, reason in e.fired_rules:
        out.print(f"  fired {name}: {reason}")
    signs = ", ".join(
        f"{k}={'?' if np.isnan(v) else int(v >= 0.5)}" for k, v in e.fake_indicators.items()
    )
    out.print(f"fake_score {e.fake_score:.2f} ({signs})")


def _contributions_table(e: RequestExplanation, top: int) -> Table:
    table = Table(
        title=f"contributions to the log-odds (base {signed(e.base_value)} -> {signed(e.log_odds)})"
    )
    for column in ("signal", "value", "effect"):
        table.add_column(column, justify="left" if column == "signal" else "right")
    for row in e.contributions.head(top).itertuples():
        name = str(row.feature)
        value = "" if name.startswith("(") else feature_value(name, row.value)
        table.add_row(escape(feature_label(name)), escape(value), _coloured(row.contribution))
    rest = len(e.contributions) - top
    if rest > 0:
        table.caption = f"{rest} smaller contributions not shown (all in --explanations output)"
    return table


def _rules_weights_table(e: RequestExplanation) -> Table:
    """Too few labels to train: p_accept is the rules' score (moved to the user's accept rate).

    The "contributions" are the weights of the rules that fired; the ones that did not
    fire weigh nothing and are left out. Rows that are not rules (a base or calibration
    term) are kept, so nothing in the explanation is hidden.
    """
    table_rows = e.contributions[
        ~e.contributions["feature"].astype(str).str.startswith(RULE_PREFIX)
        | (e.contributions["contribution"] != 0)
    ]
    table = Table(title="fired rules")
    table.add_column("rule")
    table.add_column("weight", justify="right")
    for row in table_rows.itertuples():
        name = str(row.feature).removeprefix(RULE_PREFIX)
        table.add_row(escape(name), _coloured(row.contribution))
    if table_rows.empty:
        table.caption = "no rule fired"
    return table


def _coloured(contribution: float) -> str:
    text = signed(contribution)
    if text == "0.000":
        return text
    return f"[{'green' if contribution > 0 else 'red'}]{text}[/]"


@contextlib.contextmanager
def steps(label: str) -> Iterator[Callable[[str], None]]:
    """A spinner on stderr naming the running step, each finished step left with its time.

    For work slower than a few seconds: nobody should wait without knowing on what.
    """
    started: list[tuple[str, float]] = []

    def finish() -> None:
        if started:
            text, since = started[-1]
            err.print(f"[dim]  {escape(text)}: {time.perf_counter() - since:.0f} s[/]")

    with err.status(f"{label}...") as status:

        def step(text: str) -> None:
            finish()
            started.append((text, time.perf_counter()))
            status.update(f"{escape(label)}: {escape(text)}...")

        yield step
        finish()
