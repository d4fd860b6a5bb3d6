"""The network report's PNG plots: growth with the critical-mass band, accept rates, the mix.

matplotlib is imported inside each function (the command's `--help` stays fast); each plot
depends only on the data (no software stamp), so the same export gives the same bytes.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

ACCEPTED_COLOUR = "#2da44e"
REFUSED_COLOUR = "#cf222e"
PENDING_COLOUR = "#8c959f"
LINE_COLOUR = "#1f6feb"
BAND_COLOUR = "#bf8700"


def _png(figure: Any) -> bytes:
    # The same settings as plots.png_bytes; not imported from there, since plots.py pulls in
    # scikit-learn through the evaluation it draws, seconds of start-up this report never uses.
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def growth_png(dates: pd.Series, band: tuple[int, int], as_of: date) -> bytes:
    """Connections over time (a step per Connected On) against the critical-mass band."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 3.6))
    axis = figure.subplots()
    times = pd.to_datetime(dates).sort_values().to_numpy()
    end = np.datetime64(pd.Timestamp(as_of))
    x = np.concatenate([times, [end]]) if len(times) else np.array([end])
    y = np.concatenate([np.arange(1, len(times) + 1), [len(times)]])
    axis.step(x, y, where="post", color=LINE_COLOUR, label="connections")
    low, high = band
    axis.axhspan(low, high, color=BAND_COLOUR, alpha=0.18, label=f"critical mass {low}-{high}")
    axis.set(ylabel="first-degree connections", ylim=(0, max(high, int(y.max())) * 1.1))
    axis.legend(loc="upper left", fontsize=8)
    axis.grid(alpha=0.3)
    return _png(figure)


def incoming_png(incoming: pd.DataFrame) -> bytes:
    """Invitations received per month by outcome, and the month's accept rate."""
    from matplotlib.figure import Figure

    months = incoming["sent_at"].dt.to_period("M")
    table = pd.crosstab(months, incoming["outcome"]).reindex(
        columns=["accepted", "not accepted", "pending"], fill_value=0
    )
    figure = Figure(figsize=(8, 4), layout="constrained")
    axis = figure.subplots()
    labels = [str(m) for m in table.index]
    bottom = np.zeros(len(table))
    colours = (ACCEPTED_COLOUR, REFUSED_COLOUR, PENDING_COLOUR)
    for column, colour in zip(table.columns, colours, strict=True):
        axis.bar(labels, table[column], bottom=bottom, color=colour, label=column)
        bottom += table[column].to_numpy()
    axis.set(ylabel="invitations received")
    axis.tick_params(axis="x", labelrotation=45, labelsize=8)
    decided = table["accepted"] + table["not accepted"]
    rate = (table["accepted"] / decided.where(decided > 0)).to_numpy(float)
    twin = axis.twinx()
    twin.plot(labels, rate, marker="o", color=LINE_COLOUR, label="accept rate")
    twin.set(ylim=(0, 1.05), ylabel="accept rate (pending left out)")
    handles = axis.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    figure.legend(handles=handles, loc="outside lower center", ncols=4, fontsize=8)
    return _png(figure)


def outgoing_png(outgoing: pd.DataFrame) -> bytes:
    """Invitations sent, with and without a note, by outcome (share accepted on each bar)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 3.6), layout="constrained")
    axis = figure.subplots()
    groups = ("with a note", "without a note")
    outcomes = (
        ("accepted", ACCEPTED_COLOUR),
        ("not accepted", REFUSED_COLOUR),
        ("pending", PENDING_COLOUR),
    )
    left = np.zeros(2)
    for outcome, colour in outcomes:
        counts = np.array(
            [
                int(((outgoing["has_note"] == wanted) & (outgoing["outcome"] == outcome)).sum())
                for wanted in (True, False)
            ]
        )
        label = "too recent to tell" if outcome == "pending" else outcome
        axis.barh(groups, counts, left=left, color=colour, label=label)
        left += counts
    for row, wanted in enumerate((True, False)):
        done = outgoing[(outgoing["has_note"] == wanted) & outgoing["older_than_grace"]]
        if len(done):
            share = (done["outcome"] == "accepted").mean()
            axis.text(left[row], row, f"  {share:.0%} accepted", va="center", fontsize=9)
    axis.set(xlabel="invitations sent", xlim=(0, max(left.max(), 1) * 1.35))
    axis.invert_yaxis()
    figure.legend(loc="outside lower center", ncols=3, fontsize=8)
    return _png(figure)


def mix_png(counts: dict[str, int], total: int) -> bytes:
    """Connections by the policy's companies, competitors and titles, against the whole."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 0.45 * len(counts) + 1.4))
    axis = figure.subplots()
    names = list(counts)[::-1]
    values = [counts[n] for n in names]
    axis.barh(names, values, color=LINE_COLOUR)
    for row, value in enumerate(values):
        share = f" ({value / total:.0%})" if total else ""
        axis.text(value, row, f"  {value}{share}", va="center", fontsize=9)
    axis.set(xlabel=f"of {total} connections", xlim=(0, max(max(values, default=0), 1) * 1.3))
    return _png(figure)
