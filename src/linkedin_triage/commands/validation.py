"""`validate FILE`: every problem of a requests table, counted per column with examples, and shown."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rich.table import Table
from rich.text import Text

from linkedin_triage.console import out, visible
from linkedin_triage.errors import TriageError
from linkedin_triage.sources import contract
from linkedin_triage.sources.date_order import DateOrder
from linkedin_triage.sources.rejects import Reject
from linkedin_triage.sources.requests_reader import RequestsReader
from linkedin_triage.storage.output_files import TableWriter, rejects_frame

EXAMPLES_PER_COLUMN = 3


@dataclass
class ValidationReport:
    """What `validate` found; `clean` only when there is nothing to fix."""

    path: Path
    n_read: int = 0
    n_rejected_rows: int = 0
    missing_required: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    mapped: dict[str, str] = field(default_factory=dict)
    extras: list[str] = field(default_factory=list)
    problems_per_column: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[Reject]] = field(default_factory=lambda: defaultdict(list))
    labelled: Counter[str] = field(default_factory=Counter)
    rejects_file: Path | None = None  # every problem written here, when asked
    dates: list[str] = field(default_factory=list)  # how each date column was read, and why

    @property
    def clean(self) -> bool:
        return not self.missing_required and self.n_rejected_rows == 0 and self.n_read > 0

    @property
    def unread_lookalikes(self) -> dict[str, str]:
        """Extra columns that look like a contract column they are not read as."""
        found = {extra: contract.likely_meant(extra) for extra in self.extras}
        return {extra: column for extra, column in found.items() if column is not None}

    @property
    def n_problems(self) -> int:
        return sum(self.problems_per_column.values())

    @property
    def n_not_shown(self) -> int:
        """Problems counted but not kept as examples."""
        return self.n_problems - sum(len(rows) for rows in self.examples.values())


def validate_table(
    path: Path,
    every_problem: bool = False,
    rejects_file: Path | None = None,
    date_order: DateOrder = DateOrder.DETECT,
) -> ValidationReport:
    """Read the whole file once and collect every problem; raises only if it cannot be read.

    Args:
        every_problem: keep every problem as an example, not the first few per column.
        rejects_file: also write every problem there (`row, request_id, column, value,
            reason`, as the rejects file of the other commands), streamed chunk by chunk.
        date_order: day-first or month-first for numeric dates; DETECT decides per column
            from its values (a column that mixes both or cannot tell raises TriageError).
    """
    if rejects_file is not None and Path(rejects_file).resolve() == Path(path).resolve():
        raise TriageError(f"{rejects_file}: is the table being validated; choose another file")
    reader = RequestsReader(path, strict_columns=False, date_order=date_order)
    report = ValidationReport(path=path, missing_required=list(reader.missing_required))
    report.mapped = dict(reader.columns.canonical)
    report.extras = list(reader.columns.extras)
    limit = None if every_problem else EXAMPLES_PER_COLUMN
    if rejects_file is None:
        _collect(reader, report, limit, None)
    else:
        # A clean table writes no rejects file (an empty one says nothing and looks broken).
        with TableWriter(rejects_file, keep_empty=False) as writer:
            _collect(reader, report, limit, writer)
            if writer.rows == 0:
                writer.write(rejects_frame([]))
        report.rejects_file = Path(rejects_file) if writer.rows else None
    report.n_read = reader.n_read
    report.n_rejected_rows = reader.n_rejected_rows
    # Dates and look-alike columns are shown on their own lines, not again as notes.
    own_lines = {*reader.dates.notes(), *reader.lookalike_notes}
    report.notices = [n for n in reader.notices if n not in own_lines]
    report.dates = [d.describe() for d in reader.dates.decisions.values()]
    return report


def _collect(
    reader: RequestsReader, report: ValidationReport, limit: int | None, writer: TableWriter | None
) -> None:
    for chunk in reader.chunks():
        for reject in chunk.rejects:
            report.problems_per_column[reject.column] += 1
            if limit is None or len(report.examples[reject.column]) < limit:
                report.examples[reject.column].append(reject)
        report.labelled.update(chunk.frame["decision"].fillna("unlabelled"))
        if writer is not None and chunk.rejects:
            writer.write(rejects_frame(chunk.rejects))


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
    for line in report.dates:
        out.print(Text.assemble(("dates:", "bold"), " ", visible(line)), soft_wrap=True)
    if report.extras:
        extras = visible(", ".join(report.extras))
        out.print(Text(f"extra columns (carried through, not used as features): {extras}"))
    for extra, column in report.unread_lookalikes.items():
        out.print(
            Text.assemble(
                ("not read:", "yellow"),
                f" {visible(extra)} looks like {column} but is not read as it; rename the "
                f"column to {column} to use it",
            )
        )
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
    if report.clean and report.unread_lookalikes:
        unread = len(report.unread_lookalikes)
        out.print(
            Text.assemble(
                ("clean", "green"),
                f", but {unread} column(s) that look like contract columns are not read (above)",
            )
        )
    elif report.clean:
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
