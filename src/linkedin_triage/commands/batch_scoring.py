"""Streaming a requests table through a scorer: chunked read, atomic outputs, rejects, counts.

Two scorers use it: `predict_file` (the model, `predict`) and `rules_file` (the baseline
alone, `rules`).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import pandas as pd

from linkedin_triage.commands.requests_input import open_requests
from linkedin_triage.errors import TriageError
from linkedin_triage.explaining.scoring import ScoredFrame
from linkedin_triage.learning.triage_model import TriageModel
from linkedin_triage.policy import Policy
from linkedin_triage.signals.rules import rules_frame
from linkedin_triage.sources.date_order import DateOrder
from linkedin_triage.sources.requests_reader import Chunk, RequestsReader
from linkedin_triage.storage.output_files import TableWriter, rejects_frame, rejects_path

# In CSV outputs every text cell a spreadsheet could run as a formula gets a leading `'`
# (writing.TableWriter), except the tool's own text in these columns, as SECURITY.md
# documents: by contract `reasons` starts with its sign and one of the tool's phrases
# (`- looks fake...`, `+ 12 mutual connections`), and stranger text only ever appears later
# in the cell, quoted and shortened, so a spreadsheet never runs it first. OWASP's rule would
# prefix every cell starting with `-`; the documented contract wins here, and it is applied
# the same way to every row of every file. Only the scorer's own columns are exempt: an input
# column carried through under one of these names is stranger text (see _own_text_columns).
OWN_TEXT_COLUMNS = ("reasons", "fired_rules")


@dataclass
class Scored:
    """What a scorer returns for one chunk: the main rows and, optionally, long-format extras."""

    rows: pd.DataFrame
    details: pd.DataFrame | None = None


@dataclass
class BatchSummary:
    """Counts of one batch run; `n_read == n_scored + n_rejected` always."""

    input: Path
    output: Path
    rejects: Path | None  # None when nothing was rejected (no file is written then)
    details: Path | None = None
    n_read: int = 0
    n_scored: int = 0
    n_rejected: int = 0
    decisions: Counter[str] = field(default_factory=Counter)
    notices: list[str] = field(default_factory=list)
    # How often the model's automatic decisions were right on its held-out newest requests.
    recent_precision: float | None = None

    def describe(self) -> str:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(self.decisions.items()))
        lines = [
            f"{self.input}: {self.n_read} read = {self.n_scored} scored + {self.n_rejected} rejected",
            f"wrote {self.output}" + (f" ({counts})" if counts else ""),
            f"rejects: {self.rejects}" if self.rejects is not None else "rejects: none",
        ]
        if self.details:
            lines.append(f"wrote {self.details}")
        lines.extend(f"note: {n}" for n in self.notices)
        return "\n".join(lines)


@contextlib.contextmanager
def _maybe_writer(path: Path | None) -> Iterator[TableWriter | None]:
    if path is None:
        yield None
    else:
        with TableWriter(path) as writer:
            yield writer


def _own_text_columns(rows: pd.DataFrame, extras: pd.DataFrame) -> tuple[str, ...]:
    """The scorer's own text columns in `rows`, never an input column carried through.

    Scorers carry the input's extra columns after their own, renamed `input_<name>` when the
    name is taken: an input `reasons` column comes out as `input_reasons` beside the tool's
    `reasons`. A `reasons` column is the input's when the input had one and the scorer
    made none (nothing was renamed).
    """
    return tuple(
        name
        for name in OWN_TEXT_COLUMNS
        if name in rows.columns and (name not in extras.columns or f"input_{name}" in rows)
    )


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """While the block runs, SIGTERM unwinds like Ctrl-C, so no temporary file outlives it.

    Python's default SIGTERM action ends the process on the spot, skipping every `finally`:
    the atomic writers would leave their hidden `.name.*.tmp` files behind. Raising
    SystemExit instead lets them remove their temporaries (the old output stays as it was).
    Signal handlers can only be set from the main thread; elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def unwind(number: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + number)  # the shell's convention for "killed by signal N"

    previous = signal.signal(signal.SIGTERM, unwind)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _progress(enabled: bool) -> contextlib.AbstractContextManager:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from linkedin_triage.console import err

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not enabled,
    )


def run_batch(
    input_path: Path,
    output: Path,
    score: Callable[[Chunk], Scored],
    details: Path | None = None,
    chunk_rows: int = 20_000,
    decision_column: str = "decision",
    show_progress: bool = True,
    date_order: DateOrder = DateOrder.DETECT,
) -> BatchSummary:
    """Score every chunk of `input_path`; outputs appear only if the whole run succeeds.

    A run that fails as a whole (unreadable file, missing column, header without rows, a
    scorer's error) leaves no file at all, not even the rejects file. The one exception:
    when every row was rejected, the rejects file is committed, because it says why (the
    error message points to it).
    """
    if chunk_rows < 1:
        raise TriageError(f"chunk size must be at least 1 (got {chunk_rows})")
    if Path(output).resolve() == Path(input_path).resolve():
        raise TriageError(f"{output}: the output would overwrite the input")
    # A ledger in place of a table: its pending requests are what gets scored.
    reader = open_requests(
        Path(input_path), "pending", chunk_rows=chunk_rows, date_order=date_order
    )
    summary = BatchSummary(
        input=Path(input_path),
        output=Path(output),
        rejects=rejects_path(Path(output)),
        details=details,
    )
    nothing_scored: _AllRejected | None = None
    assert summary.rejects is not None
    with _terminate_cleanly(), TableWriter(summary.rejects, keep_empty=False) as rejected:
        rejected.write(rejects_frame([]))  # the header first; no file at all if no row follows
        try:
            _score_all(reader, score, summary, rejected, decision_column, show_progress)
        except _AllRejected as error:
            nothing_scored = error  # commit the rejects file first: it says why
    if nothing_scored is not None:
        raise nothing_scored
    summary.n_read = reader.n_read
    summary.n_rejected = reader.n_rejected_rows
    summary.n_scored = reader.n_read - reader.n_rejected_rows
    summary.notices = list(reader.notices)
    if not summary.n_rejected:
        summary.rejects = None
    return summary


def _score_all(
    reader: RequestsReader,
    score: Callable[[Chunk], Scored],
    summary: BatchSummary,
    rejected: TableWriter,
    decision_column: str,
    show_progress: bool,
) -> None:
    with (
        TableWriter(summary.output) as written,
        _maybe_writer(summary.details) as detailed,
        _progress(show_progress) as progress,
    ):
        task = progress.add_task("scoring", total=None)
        for chunk in reader.chunks():
            if chunk.rejects:
                rejected.write(rejects_frame(chunk.rejects))
            if len(chunk.frame):
                result = score(chunk)
                written.write(result.rows, own_text=_own_text_columns(result.rows, chunk.extras))
                if detailed is not None and result.details is not None:
                    detailed.write(result.details)
                summary.decisions.update(result.rows[decision_column].astype(str))
            scored = reader.n_read - reader.n_rejected_rows
            progress.update(task, description=f"scored {scored:,} rows")
        if reader.n_read == 0:
            raise TriageError(f"{summary.input}: the table has a header but no rows")
        if written.rows == 0:
            summary.n_read, summary.n_rejected = reader.n_read, reader.n_rejected_rows
            raise _AllRejected(summary)


class _AllRejected(TriageError):
    def __init__(self, summary: BatchSummary):
        super().__init__(
            f"{summary.input}: all {summary.n_read} rows were rejected, nothing to score "
            f"(see {summary.rejects})"
        )


def predict_file(
    model: TriageModel,
    input_path: Path,
    output: Path,
    explanations: Path | None = None,
    chunk_rows: int = 20_000,
    show_progress: bool = True,
    reasons: bool = True,
    date_order: DateOrder = DateOrder.DETECT,
) -> BatchSummary:
    """Stream `input_path` through the model into `output` (and the long explanations file).

    With `reasons=False` the `reasons` column is left empty (faster), unless explanations
    are asked for, which need the contributions anyway.
    """
    explain = reasons or explanations is not None

    def score(chunk: Chunk) -> Scored:
        scored = ScoredFrame(model, chunk.frame, explain=explain)
        details = scored.explanations() if explanations is not None else None
        return Scored(rows=scored.rows(chunk.extras), details=details)

    return run_batch(
        input_path,
        output,
        score,
        details=explanations,
        chunk_rows=chunk_rows,
        show_progress=show_progress,
        date_order=date_order,
    )


def rules_file(
    policy: Policy,
    input_path: Path,
    output: Path,
    chunk_rows: int = 20_000,
    date_order: DateOrder = DateOrder.DETECT,
) -> BatchSummary:
    """`linkedin-triage rules`: the baseline alone over a whole file, streamed."""

    def score(chunk: Chunk) -> Scored:
        rows = rules_frame(chunk.frame, policy)
        if len(chunk.extras.columns):
            extras = chunk.extras.reset_index(drop=True)
            extras = extras.rename(
                columns={c: f"input_{c}" for c in extras.columns if c in rows.columns}
            )
            rows = pd.concat([rows, extras], axis=1)
        return Scored(rows=rows)

    return run_batch(
        input_path,
        output,
        score,
        chunk_rows=chunk_rows,
        decision_column="rules_decision",
        date_order=date_order,
    )
