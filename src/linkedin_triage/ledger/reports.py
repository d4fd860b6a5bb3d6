"""What an ingest run reports: per source, and for the whole run."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from linkedin_triage.ledger.labels import Conflict
from linkedin_triage.sources.date_order import DateOrder
from linkedin_triage.sources.sightings import Unparsed


@dataclass(frozen=True)
class ReadOptions:
    """How sources are read: when a saved page was looked at, how numeric dates are read."""

    observed_at: datetime | None = None
    date_order: DateOrder = DateOrder.DETECT


@dataclass
class SourceReport:
    """One source of the run: what it was and what came of it."""

    path: Path
    kind: str
    status: str  # "read", or why it was skipped ("already ingested on ...")
    sightings: int = 0
    details: list[str] = field(default_factory=list)


@dataclass
class IngestSummary:
    ledger: Path
    dry_run: bool
    grace_days: int
    sources: list[SourceReport] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    labels_before: Counter[str] = field(default_factory=Counter)
    labels_after: Counter[str] = field(default_factory=Counter)
    pending_before: int = 0
    pending_after: int = 0
    newly_labelled: int = 0  # requests pending before this run that now have a label
    conflicts: list[Conflict] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    notices: list[str] = field(default_factory=list)

    @property
    def new_labels(self) -> Counter[str]:
        """Labels this run added, by label_source (a label can also move between sources)."""
        return Counter({k: self.labels_after[k] - self.labels_before[k] for k in self.labels_after})
