"""One request, fully explained: the `explain` command's content, and its HTML page."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from linkedin_triage.explaining.feature_words import feature_text
from linkedin_triage.explaining.scoring import ScoredFrame
from linkedin_triage.explaining.wording import describe_thresholds, signed
from linkedin_triage.learning.triage_model import TriageModel
from linkedin_triage.signals.fake_signals import FAKE_WEIGHTS
from linkedin_triage.signals.rules import RULES_BY_NAME
from linkedin_triage.storage.output_files import atomic_path


@dataclass
class RequestExplanation:
    """Everything `explain` shows for one request."""

    request_id: str
    name: str
    mode: str
    p_accept: float
    decision: str
    t_accept: float
    t_ignore: float
    log_odds: float  # the base model's output that the contributions add up to
    base_value: float
    contributions: pd.DataFrame  # feature, value, contribution; strongest first
    reasons: str
    rules_decision: str
    rules_score: float
    fired_rules: list[tuple[str, str]]  # (rule name, reason)
    fake_score: float
    fake_indicators: dict[str, float]  # indicator -> 1/0/NaN


def explain_request(model: TriageModel, row: pd.DataFrame) -> RequestExplanation:
    """Explain one normalised row (a frame of length 1)."""
    scored = ScoredFrame(model, row)
    assert scored.contributions is not None
    values = scored.contributions.values.iloc[0]
    features = scored.matrix.iloc[0]
    table = pd.DataFrame(
        {
            "feature": values.index,
            "value": [features.get(name, np.nan) for name in values.index],
            "contribution": values.to_numpy(float),
        }
    )
    table = table.reindex(
        table["contribution"].abs().sort_values(ascending=False, kind="stable").index
    )
    fired_names = [n for n in scored.rules.fired_rules().iloc[0].split("; ") if n]
    return RequestExplanation(
        request_id=str(row["request_id"].iloc[0]),
        name=str(row["name"].iloc[0]),
        mode=model.mode,
        p_accept=float(scored.p_accept[0]),
        decision=str(scored.decision[0]),
        t_accept=model.thresholds.accept,
        t_ignore=model.thresholds.ignore,
        log_odds=float(scored.contributions.total()[0]),
        base_value=scored.contributions.base,
        contributions=table.reset_index(drop=True),
        reasons=str(scored.reasons().iloc[0]),
        rules_decision=str(scored.rules.decision.iloc[0]),
        rules_score=float(scored.rules.score.iloc[0]),
        fired_rules=[(n, RULES_BY_NAME[n].reason) for n in fired_names],
        fake_score=float(features["fake_score"]),
        fake_indicators={k: float(features[k]) for k in FAKE_WEIGHTS},
    )


def _waterfall_png(explanation: RequestExplanation, top: int = 12) -> bytes:
    """SHAP's waterfall plot of the contributions, as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import shap

    table = explanation.contributions
    # Words, not raw names: "mutual connections: 1", never "0.693 = mutual_connections_log"
    # or "nan = skills_count" (shap writes "data = name" when given data).
    shown = shap.Explanation(
        values=table["contribution"].to_numpy(float),
        base_values=explanation.base_value,
        feature_names=[
            feature_text(str(f), v) for f, v in zip(table["feature"], table["value"], strict=True)
        ],
    )
    from linkedin_triage.explaining.plots import png_bytes

    shap.plots.waterfall(shown, max_display=top, show=False)
    figure = plt.gcf()
    try:
        return png_bytes(figure)
    finally:
        plt.close(figure)


def write_explanation_html(explanation: RequestExplanation, path: Path) -> Path:
    """A self-contained page: verdict, reasons, waterfall, every contribution, rules, fake signs."""
    e = explanation
    esc = html.escape
    image = base64.b64encode(_waterfall_png(e)).decode("ascii")
    rows = "".join(
        f"<tr><td>{esc(str(r.feature))}</td><td>{'' if pd.isna(r.value) else f'{r.value:.3g}'}</td>"
        f"<td class={'pos' if r.contribution > 0 else 'neg'}>{signed(r.contribution)}</td></tr>"
        for r in e.contributions.itertuples()
    )
    rules = (
        "".join(f"<li><b>{esc(n)}</b>: {esc(reason)}</li>" for n, reason in e.fired_rules)
        or "<li>none</li>"
    )
    fakes = "".join(
        f"<li>{esc(k)}: {'unknown' if np.isnan(v) else ('yes' if v >= 0.5 else 'no')}</li>"
        for k, v in e.fake_indicators.items()
    )
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Why request {esc(e.request_id)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;color:#222}}
table{{border-collapse:collapse}}td,th{{padding:2px 10px;border-bottom:1px solid #ddd;text-align:left}}
.pos{{color:#0a7d28}}.neg{{color:#b3261e}}.verdict{{font-size:1.4em}}</style></head><body>
<h1>Why this request got its prediction</h1>
<p class="verdict">{esc(e.name)}: <b>{esc(e.decision)}</b>, p_accept = {e.p_accept:.3f}</p>
<p>{esc(describe_thresholds(e.t_accept, e.t_ignore))}. Mode: {esc(e.mode)}.</p>
<p><b>Reasons:</b> {esc(e.reasons)}</p>
<h2>Contributions to the log-odds</h2>
<p>The bars start at the average log-odds ({e.base_value:.3f}) and add up to this request's
log-odds ({e.log_odds:.3f}); calibration then maps it to p_accept.</p>
<img alt="waterfall plot of the contributions" src="data:image/png;base64,{image}">
<table><tr><th>feature</th><th>value</th><th>contribution</th></tr>{rows}</table>
<h2>The hand-written rules</h2>
<p>Baseline verdict: <b>{esc(e.rules_decision)}</b> (score {e.rules_score:.3f})</p><ul>{rules}</ul>
<h2>Fake-profile indicators</h2><p>fake_score = {e.fake_score:.2f}</p><ul>{fakes}</ul>
</body></html>"""
    with atomic_path(Path(path)) as temporary:
        temporary.write_text(page, encoding="utf-8")
    return Path(path)
