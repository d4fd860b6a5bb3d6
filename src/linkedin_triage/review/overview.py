"""What the review page and `status` compute from one ledger and one model folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linkedin_triage.errors import TriageError
from linkedin_triage.ledger.store import Ledger
from linkedin_triage.review.ledger_rows import read_ledger, read_rows
from linkedin_triage.review.model_status import LedgerStatus, ledger_status
from linkedin_triage.review.queue import ReviewQueue, build_queue


@dataclass
class Snapshot:
    """What one page load shows: the queue and the status line."""

    queue: ReviewQueue
    status: LedgerStatus


ANSWERED_ROWS = 5000


@dataclass
class ModelFolder:
    """A verified, loaded model folder (or why there is none)."""

    path: Path
    model: Any | None = None  # a TriageModel
    info: dict[str, Any] | None = None
    manifest: dict[str, Any] | None = None
    problem: str | None = None

    @classmethod
    def load(cls, path: Path, required: bool) -> ModelFolder:
        """Load and verify `path`; TriageError if `required`, else the problem is kept."""
        from linkedin_triage.storage.model_loading import load_bundle

        try:
            bundle = load_bundle(path)
        except TriageError as error:
            if required:
                raise TriageError(
                    f"{error}\n(the review page needs a trained model: `linkedin-triage train "
                    f"--policy policy.toml --history LEDGER --model-dir {path}`)"
                ) from None
            return cls(path, problem=str(error))
        return cls(path, bundle.model, bundle.info, bundle.manifest)


def status_of(ledger: Ledger, folder: ModelFolder) -> LedgerStatus:
    """Counts, label sources, model age, drift and advice for `status` and the page."""
    return ledger_status(
        ledger.path,
        read_ledger(ledger),
        folder.model,
        info=folder.info,
        manifest=folder.manifest,
        model_path=folder.path,
        model_problem=folder.problem,
    )


def snapshot(ledger: Ledger, folder: ModelFolder) -> Snapshot:
    """The page's content: every pending request in asking order, and the status line."""
    assert folder.model is not None, "the review page is built with a loaded model"
    history = read_ledger(ledger)
    labelled = history.frame["decision"].notna()
    pending = history.frame[~labelled]
    # What the model already knows, for the question order: the newest labels are plenty.
    known = history.frame[labelled].sort_values("received_at").tail(ANSWERED_ROWS)
    answered = read_rows(known, f"{ledger.path} (labelled requests)").frame
    queue = build_queue(pending, folder.model, f"{ledger.path} (pending requests)", answered)
    status = ledger_status(
        ledger.path,
        history,
        folder.model,
        info=folder.info,
        manifest=folder.manifest,
        model_path=folder.path,
    )
    return Snapshot(queue, status)
