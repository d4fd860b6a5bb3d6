"""Terminal output for reports that several commands share (rich tables)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from linkedin_triage.console import out, visible
from linkedin_triage.validate import ValidationReport


def print_validation(report: ValidationReport) -> None:
    """Every problem of a validated table: missing columns, per-column counts, examples.

    The examples are the first few per column, or every problem when the report kept them
    all; the summary says how many were left out and how to see them.
    """
    # Text objects, never markup: everything shown here comes from the user's file.
    out.print(
        Text.assemble(
            (visible(str(report.path)), "bold"),
            f": {report.n_read} rows read, {report.n_rejected_rows} with problems",
        ),
        soft_wrap=True,  # a long path stays on one line, so it can be copied
    )
    for column in report.missing_required:
        out.print(Text.assemble(("missing required column:", "red"), " ", visible(column)))
    if report.n_read == 0:
        out.print(Text.assemble(("no rows:", "red"), " the table has a header but no data"))
    for notice in report.notices:
        out.print(Text.assemble(("note:", "yellow"), " ", visible(notice)))
    if report.extras:
        extras = visible(", ".join(report.extras))
        out.print(Text(f"extra columns (carried through, not used as features): {extras}"))
    if report.problems_per_column:
        out.print(_problems_table(report))
        out.print(Text("rows are counted from 1, the first row under the header"))
        if report.n_not_shown:
            to_file = "" if report.rejects_file else ", --rejects FILE writes them all as a CSV"
            out.print(Text(f"{report.n_not_shown} more not shown: --all lists every one{to_file}"))
    if report.rejects_file is not None:
        out.print(
            Text.assemble(
                f"every problem ({report.n_problems}) written to ",
                visible(str(report.rejects_file)),
            ),
            soft_wrap=True,
        )
    labels = ", ".join(f"{k}: {v}" for k, v in sorted(report.labelled.items()))
    if labels:
        out.print(Text(f"labels: {visible(labels)}"))
    if report.clean:
        out.print(Text("clean", "green"))
    else:
        out.print(Text.assemble(("not clean", "red"), ": fix the problems above"))


def _problems_table(report: ValidationReport) -> Table:
    table = Table(title="problems per column", show_lines=False)
    for heading in ("column", "count", "row", "value", "reason"):
        table.add_column(heading)
    for column, count in report.problems_per_column.most_common():
        for i, example in enumerate(report.examples[column]):
            table.add_row(
                Text(visible(column)) if i == 0 else "",
                str(count) if i == 0 else "",
                str(example.row),
                Text(visible(example.value[:40])),
                Text(visible(example.reason)),
            )
    return table
