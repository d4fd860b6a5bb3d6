"""The evaluation report: metrics.json, PNG plots and one self-contained HTML page.

Only aggregates go in: metric values, thresholds, counts, feature names and the model's
selection notes. No row-level text (names, URLs, notes) is ever written. The HTML embeds its
images as base64 and carries its CSS inline, so it opens offline and can be mailed as is.
The plots themselves are drawn in plots.py.
"""

from __future__ import annotations

import base64
import html
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from linkedin_triage.explaining.contributions import Contributions

# The plot functions stay importable from here too, where they lived before plots.py.
from linkedin_triage.explaining.plots import learning_curve_png, reliability_png, shap_summary_png
from linkedin_triage.learning.evaluation import Evaluation
from linkedin_triage.learning.metrics import METRIC_NAMES, Metric
from linkedin_triage.learning.triage_model import TriageModel
from linkedin_triage.storage.output_files import atomic_path

METRIC_LABELS: dict[str, tuple[str, str]] = {
    "roc_auc": (
        "ROC AUC",
        "chance an accepted request scores above an ignored one; higher is better",
    ),
    "pr_auc": ("PR AUC (average precision)", "precision averaged over recall; higher is better"),
    "log_loss": ("log loss", "penalises confident mistakes; lower is better"),
    "brier": ("Brier score", "mean squared error of the probability; lower is better"),
    "ece": (
        "ECE (10 equal-mass bins)",
        "average gap between predicted and observed accept rate; lower is better",
    ),
    "accuracy": ("accuracy", "share right when p >= 0.5 means accept"),
    "accept_precision": ("accept precision", "share truly accepted among automatic accepts"),
    "accept_coverage": ("accept coverage", "share of requests accepted automatically"),
    "ignore_precision": ("ignore precision", "share truly ignored among automatic ignores"),
    "ignore_coverage": ("ignore coverage", "share of requests ignored automatically"),
    "coverage": ("coverage", "share decided without review (accept + ignore)"),
}
CURVE_HEADERS = {
    "n_labels": "labels",
    "mode": "mode",
    "candidate": "candidate",
    "roc_auc": "ROC AUC",
    "log_loss": "log loss",
    "accuracy": "accuracy",
    "coverage": "coverage",
    "baseline_accuracy": "baseline accuracy",
    "baseline_roc_auc": "baseline ROC AUC",
}
CAPTIONS = {
    "reliability": (
        "Reliability: each point is a tenth of the requests sorted by predicted probability, "
        "placed at its mean prediction (x) and the share actually accepted (y); points on the "
        "dashed diagonal mean the probabilities can be taken at face value, and the bars below "
        "count requests by predicted probability."
    ),
    "learning_curve": (
        "Learning curve: each point is a model trained on only the most recent N labelled "
        "requests and scored on the same held-out newer requests; a curve still rising at the "
        "right means more labels would still help, and the dashed line is the hand-written "
        "baseline."
    ),
    "shap_summary": (
        "Feature effects: each dot is one request, placed by how much that feature pushed its "
        "log-odds of accept (right = towards accept) and coloured by the feature's value "
        "(red high, blue low); features are ordered by average impact."
    ),
    "shap_bar": (
        "Feature effects: the average size of each feature's push on the log-odds of accept, "
        "largest first; longer bars matter more to the model's decisions."
    ),
}
CSS = """
body { font-family: system-ui, -apple-system, Segoe UI, sans-serif; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; color: #1f2328; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
     border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
.headline { font-size: 1.15rem; background: #f6f8fa; border-left: 4px solid #1f6feb;
            padding: .6rem 1rem; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .92rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; }
th { background: #f6f8fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #59636e; font-size: .85rem; }
figure { margin: 1rem 0; } img { max-width: 100%; border: 1px solid #d0d7de; }
figcaption { color: #59636e; font-size: .9rem; }
.warning { background: #fff8c5; border-left: 4px solid #d4a72c; padding: .6rem 1rem; }
"""


@dataclass
class ReportPaths:
    """Where the report's files went."""

    folder: Path
    html: Path
    metrics_json: Path
    plots: dict[str, Path]


# -- metrics.json -----------------------------------------------------------------------------
def _jsonable(value: object) -> object:
    """Plain JSON types; NaN/inf -> null; anything unknown -> its text."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if value is None or isinstance(value, str):
        return value
    return str(value)


def _thresholds(model: TriageModel) -> dict[str, float | None]:
    """The gates, with null for a side that never decides automatically."""
    accept, ignore = model.thresholds.accept, model.thresholds.ignore
    return {
        "accept_at_or_above": accept if accept <= 1 else None,
        "ignore_at_or_below": ignore if ignore >= 0 else None,
    }


def metrics_document(
    evaluation: Evaluation,
    curve: pd.DataFrame | None,
    model: TriageModel,
    context: dict[str, object] | None,
    saved_model: TriageModel | None = None,
    warnings: Sequence[str] = (),
) -> dict[str, object]:
    """Everything metrics.json holds (aggregates only)."""
    saved = saved_model if saved_model is not None and saved_model.mode == "model" else None
    return _jsonable(
        {
            "evaluation": evaluation.to_dict(),
            "model": {
                "mode": model.mode,
                "candidate": model.candidate,
                "notes": list(model.notes),
                "target_precision": model.policy.decisions.target_precision,
                "thresholds": _thresholds(model) if model.mode == "model" else None,
            },
            "learning_curve": None if curve is None else curve.to_dict(orient="records"),
            "context": context or {},
            "warnings": list(warnings),
            "saved_model_thresholds": None if saved is None else _thresholds(saved),
        }
    )  # type: ignore[return-value]


# -- report.html ----------------------------------------------------------------------------
def _number(value: float, percent: bool = False) -> str:
    if not math.isfinite(value):
        return "n/a"
    return f"{value:.1%}" if percent else f"{value:.3f}"


def _is_share(name: str) -> bool:
    return name.endswith(("precision", "coverage")) or name == "accuracy"


def _with_interval(metric: Metric, percent: bool) -> str:
    if not (math.isfinite(metric.low) and math.isfinite(metric.high)):
        return _number(metric.value, percent)
    return (
        f"{_number(metric.value, percent)} "
        f"({_number(metric.low, percent)}–{_number(metric.high, percent)})"
    )


def headline(evaluation: Evaluation, model: TriageModel) -> str:
    """One sentence a person reads first (plain text; escaped by the caller)."""
    m, b = evaluation.model, evaluation.baseline
    auc = f"baseline ROC AUC {_number(b['roc_auc'].value)} -> model {_number(m['roc_auc'].value)}"
    scope = f"On {evaluation.n} labelled requests ({evaluation.n_accept} accepted)"
    if model.mode == "rules":
        return (
            f"{scope}, the hand-written rules decide (too few labels to train a model): they "
            f"decide {_number(m['coverage'].value, True)} of requests on their own, with the "
            "verdicts that reached your precision target on your labelled history; ROC AUC "
            f"{_number(b['roc_auc'].value)}."
        )
    target = model.policy.decisions.target_precision
    return (
        f"{scope}, the model decides {_number(m['coverage'].value, True)} of requests on its own "
        f"at a {target:.0%} precision target (measured: accept "
        f"{_number(m['accept_precision'].value, True)}, ignore "
        f"{_number(m['ignore_precision'].value, True)}); {auc}."
    )


def _table(headers: list[str], rows: list[list[str]], numeric_from: int = 1) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{html.escape(c)}</td>'
            if i >= numeric_from
            else f"<td>{html.escape(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _metrics_table(evaluation: Evaluation) -> str:
    rows = []
    for name in METRIC_NAMES:
        label, meaning = METRIC_LABELS[name]
        share = _is_share(name)
        rows.append(
            [
                f"{label} [{name}]",
                meaning,
                _with_interval(evaluation.model[name], share),
                _with_interval(evaluation.baseline[name], share),
            ]
        )
    return _table(["metric", "what it says", "model (95% CI)", "baseline (95% CI)"], rows, 2)


def _saved_gates(saved: TriageModel | None, evaluated: TriageModel) -> str:
    """The saved model's own gates, when the evaluation used another fit (train's held-out)."""
    if saved is None or saved is evaluated or saved.mode != "model":
        return ""
    gates = _thresholds(saved)
    accept, ignore = gates["accept_at_or_above"], gates["ignore_at_or_below"]
    return (
        "<p>The model saved by this run was refitted on every label and chose its own "
        f"gates: auto-accept {'never' if accept is None else f'at p >= {accept:.3f}'}, "
        f"auto-ignore {'never' if ignore is None else f'at p <= {ignore:.3f}'}. The table "
        "shows how the model fitted on the older requests did on the newest, with its gates.</p>"
    )


def _decisions_section(evaluation: Evaluation, model: TriageModel) -> str:
    if model.mode == "rules":
        acting = " and ".join(model.rules_acting_alone) or "none"
        return (
            "<p>No thresholds: the hand-written rules decide. Their verdicts act on their own "
            "only where they reached your precision target on your labelled history "
            f"(acting alone: {html.escape(acting)}); the others go to review.</p>"
        )
    gates = _thresholds(model)
    accept, ignore = gates["accept_at_or_above"], gates["ignore_at_or_below"]
    m = evaluation.model
    rows = [
        [
            "accept",
            "never" if accept is None else f"p >= {accept:.3f}",
            _number(m["accept_coverage"].value, True),
            _number(m["accept_precision"].value, True),
        ],
        [
            "ignore",
            "never" if ignore is None else f"p <= {ignore:.3f}",
            _number(m["ignore_coverage"].value, True),
            _number(m["ignore_precision"].value, True),
        ],
        ["review", "everything between", _number(1 - m["coverage"].value, True), "-"],
    ]
    target = model.policy.decisions.target_precision
    intro = (
        f"<p>The model acts alone only where its out-of-fold precision reached the "
        f"{html.escape(f'{target:.0%}')} target; everything else goes to review.</p>"
    )
    return intro + _table(["decision", "when", "share of requests", "precision"], rows, 2)


def _candidate_section(model: TriageModel) -> str:
    chosen = model.candidate or "the hand-written rules"
    notes = "".join(f"<li>{html.escape(note)}</li>" for note in model.notes)
    return (
        f"<p>Mode: <b>{html.escape(model.mode)}</b>; chosen: <b>{html.escape(chosen)}</b>.</p>"
        f"<ul>{notes}</ul>"
    )


def _figure(png: bytes, alt: str, caption: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure><img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def _curve_table(curve: pd.DataFrame) -> str:
    rows = []
    for record in curve.to_dict(orient="records"):
        row = []
        for column in CURVE_HEADERS:
            value = record[column]
            if column in ("coverage", "accuracy", "baseline_accuracy"):
                row.append(_number(float(value), True))
            elif isinstance(value, (float, np.floating)):
                row.append(_number(float(value)))
            else:
                row.append(str(value))
        rows.append(row)
    return _table(list(CURVE_HEADERS.values()), rows, 3)


def _context_table(context: dict[str, object]) -> str:
    rows = [
        [str(key), json.dumps(_jsonable(value), ensure_ascii=False)]
        for key, value in context.items()
    ]
    return _table(["item", "value"], rows, 2)


def report_html(
    evaluation: Evaluation,
    curve: pd.DataFrame | None,
    model: TriageModel,
    images: dict[str, tuple[bytes, str]],
    context: dict[str, object] | None,
    saved_model: TriageModel | None = None,
    warnings: Sequence[str] = (),
) -> str:
    """The whole page. `images`: plot name -> (PNG bytes, caption key)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>linkedin-triage: evaluation report</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>How well the model triages connection requests</h1>",
        *(f'<p class="warning">{html.escape(warning)}</p>' for warning in warnings),
        f'<p class="headline">{html.escape(headline(evaluation, model))}</p>',
        "<h2>Model vs the hand-written baseline</h2>",
        '<p class="muted">Measured on labelled requests the model did not train on where '
        "possible; in brackets the 95% interval (bootstrap; Wilson's for the precision of "
        "automatic decisions). The baseline's probability is the "
        "rules score.</p>",
        _metrics_table(evaluation),
        "<h2>Automatic decisions</h2>",
        _decisions_section(evaluation, model),
        _saved_gates(saved_model, model),
        "<h2>The chosen model and why</h2>",
        _candidate_section(model),
        "<h2>Plots</h2>",
    ]
    for name, (png, caption_key) in images.items():
        parts.append(_figure(png, name.replace("_", " "), CAPTIONS[caption_key]))
    if curve is not None and len(curve):
        parts += ["<h2>Learning curve</h2>", _curve_table(curve)]
    if context:
        parts += ["<h2>About this run</h2>", _context_table(context)]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# -- writing ----------------------------------------------------------------------------------
def _write_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)


def write_report(
    folder: Path,
    evaluation: Evaluation,
    curve: pd.DataFrame | None,
    model: TriageModel,
    matrix: pd.DataFrame | None = None,
    contributions: Contributions | None = None,
    context: dict[str, object] | None = None,
    saved_model: TriageModel | None = None,
    warnings: Sequence[str] = (),
) -> ReportPaths:
    """Write metrics.json, the PNG plots and report.html into `folder` (each file atomically).

    Args:
        matrix, contributions: feature matrix and its contributions for the SHAP plot
            (skipped unless both are given).
        context: run facts to show and store (aggregates only: counts, seeds, versions).
        saved_model: the model the run saved, when `model` is another fit (train evaluates
            a model fitted on the older requests): its own gates are shown too.
        warnings: shown first, e.g. that the evaluated rows were used for training.
    """
    folder = Path(folder)
    images: dict[str, tuple[bytes, str]] = {
        "reliability": (reliability_png(evaluation), "reliability")
    }
    if curve is not None and len(curve):
        images["learning_curve"] = (learning_curve_png(curve), "learning_curve")
    if matrix is not None and contributions is not None:
        images["shap_summary"] = shap_summary_png(matrix, contributions)
    plots = {}
    for name, (png, _) in images.items():
        plots[name] = folder / f"{name}.png"
        _write_bytes(plots[name], png)
    metrics_json = folder / "metrics.json"
    document = metrics_document(evaluation, curve, model, context, saved_model, warnings)
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    _write_bytes(metrics_json, text.encode("utf-8"))
    page = folder / "report.html"
    html_text = report_html(evaluation, curve, model, images, context, saved_model, warnings)
    _write_bytes(page, html_text.encode("utf-8"))
    return ReportPaths(folder=folder, html=page, metrics_json=metrics_json, plots=plots)
