"""Terminal output for reports that several commands share (rich tables)."""

from __future__ import annotations

from rich.table import Table

from linkedin_triage.console import out
from linkedin_triage.validate import ValidationReport


def print_validation(report: ValidationReport) -> None:
    """Every problem of a validated table: missing columns, per-column counts, first examples."""
    out.print(f"[bold]{report.path}[/]: {report.n_read} rows read, {report.n_rejected_rows} with problems")
    for column in report.missing_required:
        out.print(f"[red]missing required column:[/] {column}")
    for notice in report.notices:
        out.print(f"[yellow]note:[/] {notice}")
    if report.extras:
        out.print(f"extra columns (carried through, not used as features): {', '.join(report.extras)}")
    if report.problems_per_column:
        table = Table(title="problems per column", show_lines=False)
        for heading in ("column", "count", "first rows", "value", "reason"):
            table.add_column(heading)
        for column, count in report.problems_per_column.most_common():
            for i, example in enumerate(report.examples[column]):
                table.add_row(
                    column if i == 0 else "",
                    str(count) if i == 0 else "",
                    str(example.row),
                    example.value[:40],
                    example.reason,
                )
        out.print(table)
    labels = ", ".join(f"{k}: {v}" for k, v in sorted(report.labelled.items()))
    if labels:
        out.print(f"labels: {labels}")
    out.print("[green]clean[/]" if report.clean else "[red]not clean[/]: fix the problems above")
