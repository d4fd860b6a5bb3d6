"""The report's PNG plots: reliability, learning curve and SHAP feature effects.

Each function returns PNG bytes whose content depends only on the data (fixed seeds, no
software stamp), so the same run gives the same files.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

import numpy as np
import pandas as pd

from linkedin_triage.explaining.contributions import Contributions
from linkedin_triage.explaining.feature_words import feature_label
from linkedin_triage.learning.evaluation import Evaluation
from linkedin_triage.learning.metrics import reliability_bins

PLOT_SEED = 0  # the SHAP beeswarm jitters points; a fixed seed keeps the PNG bytes stable
MAX_PLOT_ROWS = 2000
MAX_PLOT_FEATURES = 15
MODEL_COLOUR = "#1f6feb"
BASELINE_COLOUR = "#bc4c00"


def png_bytes(figure: Any) -> bytes:
    """A matplotlib figure as PNG bytes."""
    buffer = io.BytesIO()
    # No "Software" stamp: the bytes depend only on the data.
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def reliability_png(evaluation: Evaluation) -> bytes:
    """Reliability curves of model and baseline over equal-mass bins, with a count histogram."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 6.4))
    top, bottom = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    top.plot(
        [0, 1], [0, 1], linestyle="--", color="grey", linewidth=1, label="perfectly calibrated"
    )
    edges = np.linspace(0, 1, 11)
    for label, p, colour, shift in (
        ("model", evaluation.p_model, MODEL_COLOUR, -0.02),
        ("baseline (rules score)", evaluation.p_baseline, BASELINE_COLOUR, 0.02),
    ):
        bins = reliability_bins(evaluation.y, p)
        top.plot(
            bins["mean_predicted"], bins["observed_rate"], marker="o", color=colour, label=label
        )
        counts, _ = np.histogram(np.clip(p, 0, 1), bins=edges)
        bottom.bar(edges[:-1] + 0.05 + shift, counts, width=0.04, color=colour, label=label)
    top.set(xlim=(0, 1), ylim=(0, 1), ylabel="share actually accepted", title="Reliability")
    top.legend(loc="upper left", fontsize=8)
    bottom.set(xlabel="predicted probability of accept", ylabel="requests")
    return png_bytes(figure)


def learning_curve_png(curve: pd.DataFrame) -> bytes:
    """ROC AUC and accuracy/coverage against the number of (most recent) labels."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9.6, 3.8))
    left, right = figure.subplots(1, 2)
    x = curve["n_labels"].to_numpy(float)
    left.plot(x, curve["roc_auc"], marker="o", color=MODEL_COLOUR, label="model")
    left.plot(x, curve["baseline_roc_auc"], linestyle="--", color=BASELINE_COLOUR, label="baseline")
    left.set(xscale="log", xlabel="labelled requests used (most recent)", ylabel="ROC AUC")
    right.plot(x, curve["accuracy"], marker="o", color=MODEL_COLOUR, label="model accuracy")
    right.plot(
        x,
        curve["baseline_accuracy"],
        linestyle="--",
        color=BASELINE_COLOUR,
        label="baseline accuracy",
    )
    right.plot(x, curve["coverage"], marker="s", color="#2da44e", label="model coverage")
    right.set(xscale="log", xlabel="labelled requests used (most recent)", ylim=(0, 1))
    for axis in (left, right):
        axis.legend(fontsize=8)
        axis.grid(alpha=0.3)
    return png_bytes(figure)


def _plot_rows(frame: pd.DataFrame) -> np.ndarray:
    """At most MAX_PLOT_ROWS row positions, a fixed-seed sample in original order."""
    n = len(frame)
    if n <= MAX_PLOT_ROWS:
        return np.arange(n)
    return np.sort(np.random.default_rng(PLOT_SEED).choice(n, MAX_PLOT_ROWS, replace=False))


def shap_summary_png(matrix: pd.DataFrame, contributions: Contributions) -> tuple[bytes, str]:
    """SHAP beeswarm (kind "shap_summary"), or a mean-|contribution| bar chart ("shap_bar")."""
    values = contributions.values
    rows = _plot_rows(values)
    try:
        return _beeswarm(matrix, values, rows), "shap_summary"
    except Exception:  # any shap/matplotlib failure: the bar chart still tells the story
        return _mean_impact_bars(values.iloc[rows]), "shap_bar"


def _beeswarm(matrix: pd.DataFrame, values: pd.DataFrame, rows: np.ndarray) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import shap

    columns = list(values.columns)
    # Rules-mode contributions are per rule, not per feature column: no colouring values then.
    features = matrix.iloc[rows][columns] if set(columns) <= set(matrix.columns) else None
    plt.figure()
    try:
        with warnings.catch_warnings():
            # shap colours each feature by its 5th-95th percentile: a column unknown in
            # every plotted row (no followers in this export, say) just gets grey dots.
            warnings.filterwarnings("ignore", "All-NaN slice encountered", RuntimeWarning)
            shap.summary_plot(
                values.iloc[rows].to_numpy(float),
                features,
                feature_names=[feature_label(c) for c in columns],
                max_display=MAX_PLOT_FEATURES,
                show=False,
                rng=np.random.default_rng(PLOT_SEED),
            )
        return png_bytes(plt.gcf())
    finally:
        plt.close("all")


def _mean_impact_bars(values: pd.DataFrame) -> bytes:
    from matplotlib.figure import Figure

    impact = values.abs().mean().sort_values(ascending=False).head(MAX_PLOT_FEATURES)[::-1]
    figure = Figure(figsize=(6.4, 0.35 * len(impact) + 1.2))
    axis = figure.subplots()
    labels = [feature_label(str(name)) for name in impact.index]
    axis.barh(labels, impact.to_numpy(float), color=MODEL_COLOUR)
    axis.set(xlabel="average effect on the decision (log-odds)", title="What weighs most")
    return png_bytes(figure)
