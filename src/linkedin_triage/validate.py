"""`validate FILE`: every problem of a requests table, counted per column with examples."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from linkedin_triage.io import RequestsReader
from linkedin_triage.rejects import Reject

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

    @property
    def clean(self) -> bool:
        return not self.missing_required and self.n_rejected_rows == 0 and self.n_read > 0


def validate_table(path: Path) -> ValidationReport:
    """Read the whole file once and collect every problem; raises only if it cannot be read."""
    reader = RequestsReader(path, strict_columns=False)
    report = ValidationReport(path=path, missing_required=list(reader.missing_required))
    report.mapped = dict(reader.columns.canonical)
    report.extras = list(reader.columns.extras)
    for chunk in reader.chunks():
        for reject in chunk.rejects:
            report.problems_per_column[reject.column] += 1
            if len(report.examples[reject.column]) < EXAMPLES_PER_COLUMN:
                report.examples[reject.column].append(reject)
        report.labelled.update(chunk.frame["decision"].fillna("unlabelled"))
    report.n_read = reader.n_read
    report.n_rejected_rows = reader.n_rejected_rows
    report.notices = list(reader.notices)
    return report
