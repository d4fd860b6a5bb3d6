"""`validate FILE`: every problem of a requests table, counted per column with examples."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from linkedin_triage.errors import TriageError
from linkedin_triage.io import RequestsReader
from linkedin_triage.rejects import Reject
from linkedin_triage.writing import TableWriter, rejects_frame

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

    @property
    def clean(self) -> bool:
        return not self.missing_required and self.n_rejected_rows == 0 and self.n_read > 0

    @property
    def n_problems(self) -> int:
        return sum(self.problems_per_column.values())

    @property
    def n_not_shown(self) -> int:
        """Problems counted but not kept as examples."""
        return self.n_problems - sum(len(rows) for rows in self.examples.values())


def validate_table(
    path: Path, every_problem: bool = False, rejects_file: Path | None = None
) -> ValidationReport:
    """Read the whole file once and collect every problem; raises only if it cannot be read.

    Args:
        every_problem: keep every problem as an example, not the first few per column.
        rejects_file: also write every problem there (`row, request_id, column, value,
            reason`, as the rejects file of the other commands), streamed chunk by chunk.
    """
    if rejects_file is not None and Path(rejects_file).resolve() == Path(path).resolve():
        raise TriageError(f"{rejects_file}: is the table being validated; choose another file")
    reader = RequestsReader(path, strict_columns=False)
    report = ValidationReport(path=path, missing_required=list(reader.missing_required))
    report.mapped = dict(reader.columns.canonical)
    report.extras = list(reader.columns.extras)
    limit = None if every_problem else EXAMPLES_PER_COLUMN
    if rejects_file is None:
        _collect(reader, report, limit, None)
    else:
        with TableWriter(rejects_file) as writer:
            _collect(reader, report, limit, writer)
            if writer.rows == 0:  # a clean table still gets its (empty) rejects file
                writer.write(rejects_frame([]))
        report.rejects_file = Path(rejects_file)
    report.n_read = reader.n_read
    report.n_rejected_rows = reader.n_rejected_rows
    report.notices = list(reader.notices)
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
