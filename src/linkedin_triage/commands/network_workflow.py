"""`network`: where the user stands on the article's advice, as an HTML report (and JSON).

Reads the source, computes, writes the page and the JSON file (each atomically, only once
everything was read and computed) and returns what the terminal shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.markup import escape

from linkedin_triage.console import out, visible
from linkedin_triage.errors import TriageError
from linkedin_triage.explaining.network_page import report_page
from linkedin_triage.explaining.network_report import NetworkReport, compute_report
from linkedin_triage.explaining.network_wording import advice_sentences, percent
from linkedin_triage.ledger.network_facts import inputs_from_ledger
from linkedin_triage.ledger.store import Ledger, is_ledger_file
from linkedin_triage.policy import load_policy
from linkedin_triage.sources.linkedin_export.network_inputs import inputs_from_export
from linkedin_triage.storage.output_files import atomic_path


@dataclass
class NetworkOutcome:
    """The report and where it was written."""

    report: NetworkReport
    html: Path
    json: Path | None

    def lines(self) -> list[str]:
        """Plain sentences first, then the main numbers, then the files (rich markup escaped)."""
        report, numbers = self.report, self.report.numbers
        lines = [
            f"read {escape(visible(report.source))}: exported {report.as_of.isoformat()} "
            f"(from {escape(visible(report.as_of_source))})",
            *(f"- {escape(visible(s))}" for s in advice_sentences(report)),
            "numbers (how each was computed: in the report):",
            f"  connections {_shown(numbers.connections.value)} "
            f"(+ {_shown(numbers.hidden_connections.value)} hidden accounts), critical mass "
            f"{numbers.critical_mass.value[0]}-{numbers.critical_mass.value[1]} reached: "
            f"{_shown(numbers.critical_mass_reached.value)}",
            f"  incoming: {_shown(numbers.incoming.received.value)} received, "
            f"{_shown(numbers.incoming.accepted.value)} accepted, accept rate "
            f"{percent(numbers.incoming.accept_rate.value)}",
            f"  outgoing: {_shown(numbers.outgoing.sent.value)} sent, "
            f"{_shown(numbers.outgoing.with_note.value)} with a note; accepted "
            f"{percent(numbers.outgoing.accept_rate_with_note.value)} with a note, "
            f"{percent(numbers.outgoing.accept_rate_without_note.value)} without; "
            f"{_shown(numbers.outgoing.pending_older_than_grace.value)} worth withdrawing",
            f"  invite candidates: {_shown(numbers.invite_candidates.value)}",
        ]
        lines += [f"cannot tell: {escape(visible(line))}" for line in report.missing.values()]
        lines += [f"notice: {escape(visible(line))}" for line in report.notices]
        lines.append(f"wrote {escape(str(self.html))} (it lists people: keep it private)")
        if self.json is not None:
            lines.append(f"wrote {escape(str(self.json))}")
        return lines


def _shown(value: object) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def network_report(
    source: Path,
    policy_file: Path,
    out_html: Path,
    out_json: Path | None = None,
    grace_days: int = 21,
) -> NetworkOutcome:
    """Read SOURCE (LinkedIn's export or the ledger), compute, write the page (and the JSON)."""
    out_html = Path(out_html)
    if out_json is not None and Path(out_json).resolve() == out_html.resolve():
        raise TriageError(f"{out_json}: --json and --out name the same file")
    for target in (out_html, out_json):
        if target is not None and Path(target).is_dir():
            raise TriageError(f"{target}: is a folder; give a file name")
    policy = load_policy(Path(policy_file))
    if Path(source).is_file() and is_ledger_file(Path(source)):
        with Ledger.open(Path(source)) as ledger:
            inputs = inputs_from_ledger(ledger, grace_days=grace_days)
    else:
        inputs = inputs_from_export(Path(source), owner_name=policy.me.name)
    report = compute_report(inputs, policy, grace_days=grace_days)
    page = report_page(report)
    document = json.dumps(report.to_json(), indent=2, ensure_ascii=False, allow_nan=False)
    with atomic_path(out_html) as temporary:
        temporary.write_text(page, encoding="utf-8")
    if out_json is not None:
        with atomic_path(Path(out_json)) as temporary:
            temporary.write_text(document + "\n", encoding="utf-8")
    return NetworkOutcome(report, out_html, None if out_json is None else Path(out_json))


def demo_network_report(
    workdir: Path,
    policy_file: Path,
    seed: int,
    persona: str,
    export_date: date | None = None,
    export: Path | None = None,
    title: str = "your network: the article's advice beyond yes / no",
) -> NetworkOutcome:
    """The demo's step: the network report of the sample's invented export (written if none)."""
    from rich.rule import Rule

    from linkedin_triage.sample.export_files import write_export

    out.print(Rule(title))
    if export is None:
        export = write_export(
            Path(workdir) / "export", export_date=export_date, seed=seed, persona=persona
        )
    outcome = network_report(
        export, policy_file, Path(workdir) / "network.html", Path(workdir) / "network.json"
    )
    for line in outcome.lines():
        out.print(line, soft_wrap=True)
    return outcome
