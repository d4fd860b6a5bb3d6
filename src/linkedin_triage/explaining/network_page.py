"""The network report as one self-contained HTML page: words first, plots, then every number.

Plots are embedded as base64 PNGs and the CSS is inline, so the page opens offline. Unlike
the train/evaluate report, this page lists people (whom to invite, what to withdraw): it is
personal data about the user's own network, kept on their machine. Every name is stranger
text: escaped, control and format characters shown as code points, isolated with <bdi>.
"""

from __future__ import annotations

import base64
import html
import json

import pandas as pd

from linkedin_triage.console import visible
from linkedin_triage.explaining.network_plots import growth_png, incoming_png, mix_png, outgoing_png
from linkedin_triage.explaining.network_report import NetworkReport
from linkedin_triage.explaining.network_wording import advice_sentences, mix_counts

STYLE = """
body { font-family: system-ui, -apple-system, Segoe UI, sans-serif; max-width: 62rem;
       margin: 2rem auto; padding: 0 1rem; color: #1f2328; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
     border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
ul.advice li { margin: .35rem 0; }
.advice { background: #f6f8fa; border-left: 4px solid #1f6feb; padding: .6rem 1rem .6rem 2rem; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #59636e; font-size: .85rem; }
figure { margin: 1rem 0; } img { max-width: 100%; border: 1px solid #d0d7de; }
figcaption { color: #59636e; font-size: .9rem; }
"""
CAPTIONS = {
    "growth": (
        "Your first-degree connections over time, one step per Connected On date; the shaded "
        "band is the critical mass the article advises."
    ),
    "incoming": (
        "Invitations you received per month: accepted, not accepted after the grace period, "
        "and pending; the line is the month's accept rate (pending left out)."
    ),
    "outgoing": (
        "Invitations you sent, with and without a note: how many were accepted, how many were "
        "not after the grace period, and how many are too recent to tell."
    ),
    "mix": (
        "Your connections by what Connections.csv shows of them (Company, Position), matched "
        "against your policy."
    ),
}


def _text(value: object) -> str:
    """Stranger text for the page: escaped, control characters visible, direction isolated."""
    shown = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else value
    return f"<bdi>{html.escape(visible(str(shown)))}</bdi>"


def _figure(png: bytes, name: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure><img alt="{html.escape(name)} plot" src="data:image/png;base64,{data}">'
        f"<figcaption>{html.escape(CAPTIONS[name])}</figcaption></figure>"
    )


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    """A table of cells that are already HTML (escaped by the caller)."""
    numeric = numeric or set()
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return json.dumps(value, ensure_ascii=False)


def _nothing(reason: str) -> str:
    return f'<p class="muted">No plot: {html.escape(reason)}.</p>'


def _sections(report: NetworkReport) -> list[str]:
    numbers = report.numbers
    parts = ["<h2>1. Critical mass</h2>"]
    if report.connection_dates.size:
        png = growth_png(report.connection_dates, _band(report), report.as_of)
        parts.append(_figure(png, "growth"))
    else:
        reason = _reason(numbers.connections.how, "no connection has a readable Connected On")
        parts.append(_nothing(reason))
    parts.append("<h2>2. Your connections as bridges</h2>")
    parts.append(
        "<p>Each connection brings their own network into your second degree. How wide that "
        "is, the export does not show (no connection counts, industries or places of your "
        "connections); what it shows is whom you are connected with, by company and role.</p>"
    )
    counts = mix_counts(report)
    if counts:
        parts.append(_figure(mix_png(counts, int(numbers.connections.value or 0)), "mix"))
    else:
        parts.append(_nothing(numbers.mix.own_companies.how))
    parts.append("<h2>3. Whom to invite, and how</h2>")
    parts.append(_invitations_plot(report.outgoing, "outgoing", numbers.outgoing.accepted.how))
    parts += _people_lists(report)
    parts.append("<h2>Invitations you received</h2>")
    parts.append(_invitations_plot(report.incoming, "incoming", numbers.incoming.accepted.how))
    return parts


def _invitations_plot(invitations: pd.DataFrame | None, name: str, accepted_how: str) -> str:
    """The plot of one direction of invitations, or why there is none."""
    if invitations is None or not len(invitations):
        return _nothing(_reason(accepted_how, f"no {name} invitations"))
    if invitations["outcome"].isna().any():  # no Connections.csv: accepted or not is unknown
        return _nothing(accepted_how)
    draw = outgoing_png if name == "outgoing" else incoming_png
    return _figure(draw(invitations), name)


def _reason(how: str, otherwise: str) -> str:
    """A number's how-sentence when it could not be computed, else the plain reason given."""
    return how if how.startswith("not computed") else otherwise


def _people_lists(report: NetworkReport) -> list[str]:
    """Whom to invite (message partners) and which invitations to withdraw."""
    parts = []
    if report.candidates is not None:
        parts.append(
            f"<p>People you exchanged messages with who are not connections and have no "
            f"invitation waiting ({len(report.candidates)}): invite them, with a short note.</p>"
        )
        rows = [
            [_text(r.name), _text(r.profile_url or ""), str(r.messages), _day(r.last_message_at)]
            for r in report.candidates.itertuples()
        ]
        if rows:
            parts.append(_table(["name", "profile", "messages", "last message"], rows, {2}))
    if report.to_withdraw is not None and len(report.to_withdraw):
        parts.append(
            f"<p>Invitations you sent more than {report.grace_days} days before the export that "
            "were not accepted: worth withdrawing.</p>"
        )
        rows = [
            [
                _text(r.name),
                _day(r.sent_at),
                "yes" if r.has_note else "no",
                str((report.as_of - r.sent_at.date()).days),
            ]
            for r in report.to_withdraw.itertuples()
        ]
        parts.append(_table(["invitee", "sent", "note", "days waiting"], rows, {3}))
    return parts


def _band(report: NetworkReport) -> tuple[int, int]:
    low, high = report.numbers.critical_mass.value
    return int(low), int(high)


def report_page(report: NetworkReport) -> str:
    """The whole page."""
    advice = "".join(f"<li>{html.escape(line)}</li>" for line in advice_sentences(report))
    numbers = [
        [html.escape(key), html.escape(_value(value)), html.escape(how)]
        for key, value, how in report.rows()
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>linkedin-triage: your network</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Your network: where you stand on the article's advice</h1>",
        f'<p class="muted">From {_text(report.source)}, exported {report.as_of.isoformat()} '
        f"({html.escape(report.as_of_source)}); grace period {report.grace_days} days.</p>",
        f'<ul class="advice">{advice}</ul>',
        *_sections(report),
    ]
    if report.missing:
        parts.append("<h2>What this source could not tell</h2><ul>")
        parts += [f"<li>{_text(line)}</li>" for line in report.missing.values()]
        parts.append("</ul>")
    parts += [
        "<h2>Every number, and how it was computed</h2>",
        _table(["number", "value", "how computed"], numbers, {1}),
    ]
    if report.notices:
        parts.append("<h2>Notices from reading the source</h2><ul>")
        parts += [f"<li>{_text(line)}</li>" for line in report.notices]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
