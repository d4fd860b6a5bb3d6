"""What each command does, as library functions returning results (views.py prints them).

train:    read history -> hold out the newest 20% -> select + fit on the older part -> evaluate
          against the baseline -> learning curve -> refit on everything -> save the model
          folder -> report -> MLflow run.
evaluate: load a verified model -> score labelled data -> report -> MLflow run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from linkedin_triage.commands.requests_input import open_requests, read_table
from linkedin_triage.errors import TriageError
from linkedin_triage.learning.one_sided import is_one_sided
from linkedin_triage.learning.triage_model import TriageModel, fit_model, labelled_rows
from linkedin_triage.policy import Policy, load_policy
from linkedin_triage.sources.content_hash import file_sha256
from linkedin_triage.sources.date_order import DateOrder
from linkedin_triage.sources.rejects import Reject
from linkedin_triage.storage.output_files import write_rejects

Step = Callable[[str], None]


def quietly(text: str) -> None:
    """The default `step`: library callers see no progress."""


HELD_OUT_SHARE = 0.2
MIN_LABELS_TO_HOLD_OUT = 60  # below this, every label is needed for training


def id_hash(request_id: object) -> str:
    """A short SHA-256 prefix of a request id: enough to recognise a row, not to read it."""
    return hashlib.sha256(str(request_id).encode()).hexdigest()[:16]


def training_overlap(info: dict[str, Any], data_path: Path, labelled: pd.DataFrame) -> str | None:
    """A warning when `labelled` holds rows the model was trained on; None when it does not."""
    if info.get("history_sha256") == file_sha256(data_path):
        return (
            f"{data_path} is the very file this model was trained on: every number below is "
            "measured on requests it learnt from, so it looks better than it will do on new "
            "requests. Evaluate on requests that arrived after "
            f"{str(info.get('trained_until', 'its training'))[:10]}."
        )
    trained = set(info.get("training_ids") or [])
    if not trained:
        return None
    seen = sum(id_hash(rid) in trained for rid in labelled["request_id"])
    if not seen:
        return None
    return (
        f"{seen} of {len(labelled)} labelled requests in {data_path} were used to train this "
        "model (same request_id): the numbers below are optimistic for them. Evaluate on "
        f"requests that arrived after {str(info.get('trained_until', 'its training'))[:10]}."
    )


def refuse_unwritable(path: Path) -> None:
    """Fail before any work if `path` sits under a file: name the output the user gave.

    Otherwise the first write (often the rejects file beside it) fails, and its message
    names a path the user never typed.
    """
    path = Path(path)
    for ancestor in path.parents:
        if ancestor.exists():
            if not ancestor.is_dir():
                raise TriageError(f"{path}: cannot write here ({ancestor} is a file, not a folder)")
            return


def default_report_dir(model_dir: Path, kind: str) -> Path:
    """`models/latest` -> `models/latest-train-report` (beside the model, not inside it)."""
    model_dir = Path(model_dir)
    return model_dir.with_name(f"{model_dir.name}-{kind}-report")


@dataclass
class TrainOutcome:
    """What `train` did, for printing and tests."""

    model_dir: Path
    model: TriageModel
    n_read: int
    n_rejected: int
    rejects: Path | None  # None when no row was rejected
    n_labels: int
    n_accept: int
    evaluation: Any | None  # evaluate.Evaluation on the held-out newest slice
    curve: pd.DataFrame | None
    report: Any | None  # report.ReportPaths
    run_id: str | None
    notes: list[str] = field(default_factory=list)
    n_unlabelled: int = 0  # read and valid, but with an empty `decision`: not used
    tracking_uri: str | None = None  # the MLflow store the run went to


@dataclass
class HeldOut:
    """A model fitted on the older labels and measured on the newest ones."""

    model: TriageModel
    selection: Any  # model.Selection, or None in rules mode
    evaluation: Any  # evaluate.Evaluation
    curve: pd.DataFrame
    newest: pd.DataFrame


def _evaluate_held_out(labelled: pd.DataFrame, policy: Policy, seed: int, step: Step) -> HeldOut:
    """Fit on the older part, evaluate on the newest, and draw the learning curve."""
    from linkedin_triage.learning.evaluation import evaluate_model, learning_curve, time_split

    older, newest = time_split(labelled, HELD_OUT_SHARE)
    step(f"choosing a model on your older {len(older):,} decisions")
    model, selection = fit_model(older, policy, seed=seed)
    step(f"testing it on your newest {len(newest):,} decisions")
    evaluation = evaluate_model(model, newest, seed=seed)
    step("drawing the learning curve (models fitted on fewer decisions)")
    # Each point refits the candidate chosen on the older labels (a fresh comparison per
    # point cost most of train's time and changed no curve we measured).
    chosen = (selection.chosen,) if selection is not None else None
    curve = learning_curve(older, newest, policy, seed=seed, candidates=chosen)
    return HeldOut(model, selection, evaluation, curve, newest)


def _report_inputs(model: TriageModel, frame: pd.DataFrame) -> tuple[pd.DataFrame, Any]:
    from linkedin_triage.explaining.contributions import contributions

    matrix, rules = model.matrix(frame)
    return matrix, contributions(model, matrix, rules.fired)


def train(
    policy_path: Path,
    history_path: Path,
    model_dir: Path,
    seed: int = 0,
    track: bool = True,
    report_dir: Path | None = None,
    step: Step = quietly,
    date_order: DateOrder = DateOrder.DETECT,
) -> TrainOutcome:
    """Fit, calibrate, compare with the baseline, save the model folder, report, log the run.

    `step` is told, in words, each stage as it starts (the terminal shows it with a timer).
    """
    from linkedin_triage.explaining.model_report import write_report
    from linkedin_triage.storage.mlflow_runs import run
    from linkedin_triage.storage.model_saving import save_bundle

    model_dir = Path(model_dir)
    refuse_unwritable(model_dir)
    if report_dir is not None:
        refuse_unwritable(Path(report_dir))
    policy = load_policy(Path(policy_path))
    step("reading your decisions")
    table = read_table(Path(history_path), "labelled", date_order)
    labelled = labelled_rows(table.frame)
    if labelled.empty:
        # the run fails: its rejects file is written only if rejected rows are the reason
        written = write_rejects(model_dir, table.rejects) if table.rejects else None
        raise TriageError(_no_labels(history_path, "train on", table, written))
    y = (labelled["decision"] == "accept").to_numpy(int)
    notes = list(table.notices)

    held: HeldOut | None = None
    n_ignore = len(y) - int(y.sum())
    if is_one_sided(int(y.sum()), n_ignore, policy.decisions.min_labels_per_class):
        pass  # no held-out table: every metric on it would need ignores (one_sided.py)
    elif len(labelled) >= MIN_LABELS_TO_HOLD_OUT:
        held = _evaluate_held_out(labelled, policy, seed, step)
    else:
        notes.append(
            f"only {len(labelled)} labels: no held-out evaluation (needs {MIN_LABELS_TO_HOLD_OUT})"
        )
    evaluation = held.evaluation if held is not None else None

    # The candidate chosen on older data is refit on every label; thresholds come from
    # its own cross-fitted predictions over the whole history.
    chosen = (held.selection.chosen,) if held is not None and held.selection else None
    step(f"fitting on all {len(labelled):,} decisions and setting the gates")
    model, final_selection = fit_model(labelled, policy, seed=seed, candidates=chosen)
    if held is not None and held.selection is not None:
        notes.append(f"on the older {1 - HELD_OUT_SHARE:.0%}: {held.selection.why}")
    notes.extend(model.notes)
    info = _model_info(
        model, final_selection, evaluation, labelled, y, history_path, seed, table.n_read
    )
    save_bundle(model_dir, model, policy, info)
    # Only now: a run that fails as a whole (a foreign folder, say) leaves no file behind.
    rejects = write_rejects(model_dir, table.rejects)

    report = None
    if held is not None:
        step("writing the report (explaining every held-out prediction)")
        in_model_mode = held.model.mode == "model"
        matrix, contrib = _report_inputs(held.model, held.newest) if in_model_mode else (None, None)
        # Only aggregates go into reports: a path could carry a person's name.
        context = {"kind": "train", "held_out_share": HELD_OUT_SHARE, "seed": seed}
        report = write_report(
            report_dir or default_report_dir(model_dir, "train"),
            held.evaluation,
            held.curve,
            held.model,
            matrix,
            contrib,
            context,
            saved_model=model,
        )

    if track:
        step("recording the run with MLflow")
    with run("train", enabled=track) as log:
        log.params(_run_params(model, info, seed))
        log.metrics(_run_metrics(evaluation, final_selection))
        if report is not None:
            log.artifact(report.folder, "report")
        if model.mode == "model":
            example, _ = model.matrix(labelled.head(5))
            log.model(model.estimator, example)
        run_id = log.run_id
        uri = log.uri

    return TrainOutcome(
        model_dir=model_dir,
        model=model,
        n_read=table.n_read,
        n_rejected=table.n_read - len(table.frame),
        rejects=rejects,
        n_labels=len(labelled),
        n_accept=int(y.sum()),
        evaluation=evaluation,
        curve=held.curve if held is not None else None,
        report=report,
        run_id=run_id,
        notes=notes,
        n_unlabelled=len(table.frame) - len(labelled),
        tracking_uri=uri,
    )


def _no_labels(path: Path, purpose: str, table: Any, rejects: Path | None) -> str:
    """Why a table gave no labelled row, with the counts that show where the rows went."""
    n_rejected = table.n_read - len(table.frame)
    where = f" -> {rejects}" if rejects is not None else ""
    return (
        f"{path}: no labelled rows to {purpose} ({table.n_read} rows read, {n_rejected} "
        f"rejected{where}, {len(table.frame)} without a decision); "
        "the `decision` column needs accept/ignore values"
    )


def _model_info(
    model: TriageModel,
    selection: Any,
    evaluation: Any,
    labelled: pd.DataFrame,
    y: np.ndarray,
    history_path: Path,
    seed: int,
    n_read: int,
) -> dict[str, Any]:
    """The JSON side of the model folder: what a person (or a later run) wants to know."""
    return {
        "mode": model.mode,
        "candidate": model.candidate,
        "thresholds": {"accept": model.thresholds.accept, "ignore": model.thresholds.ignore},
        "feature_names": model.feature_names,
        "notes": model.notes,
        "selection_log_loss": selection.scores if selection is not None else None,
        "held_out_metrics": evaluation.to_dict() if evaluation is not None else None,
        "n_rows_read": n_read,
        "n_labels": len(y),
        "n_accept": int(y.sum()),
        "trained_until": str(labelled["received_at"].max()),
        "history_sha256": file_sha256(history_path),
        # So `evaluate` can tell when it is given rows the model learnt from. Hashed: a
        # request_id may be a profile URL, and the model folder names nobody.
        "training_ids": sorted({id_hash(rid) for rid in labelled["request_id"]}),
        "seed": seed,
    }


def _run_params(model: TriageModel, info: dict[str, Any], seed: int) -> dict[str, object]:
    """Only aggregates and hashes: nothing that names a person goes to MLflow."""
    return {
        "mode": model.mode,
        "candidate": model.candidate or "rules",
        "n_labels": info["n_labels"],
        "n_accept": info["n_accept"],
        "n_ignore": info["n_labels"] - info["n_accept"],
        "policy_fingerprint": model.policy.fingerprint(),
        "data_sha256": info["history_sha256"],
        "seed": seed,
        "target_precision": model.policy.decisions.target_precision,
        "t_accept": round(model.thresholds.accept, 6),
        "t_ignore": round(model.thresholds.ignore, 6),
    }


def _run_metrics(evaluation: Any, selection: Any) -> dict[str, float | None]:
    metrics: dict[str, float | None] = {}
    if evaluation is not None:
        for prefix, values in (("model", evaluation.model), ("baseline", evaluation.baseline)):
            metrics.update({f"{prefix}_{name}": m.value for name, m in values.items()})
    if selection is not None:
        metrics.update(
            {
                f"cv_log_loss_{name}": value
                for name, value in selection.scores.items()
                if np.isfinite(value)
            }
        )
    return metrics


@dataclass
class EvaluateOutcome:
    model_dir: Path
    evaluation: Any
    report: Any
    n_read: int
    n_rejected: int
    rejects: Path | None
    run_id: str | None
    n_unlabelled: int = 0  # read and valid, but with an empty `decision`: not scored
    tracking_uri: str | None = None  # the MLflow store the run went to
    warnings: list[str] = field(default_factory=list)
    target_precision: float | None = None  # the saved model's policy's


def one_kind_warning(labelled: pd.DataFrame, minimum: int) -> str | None:
    """A table with (almost) only accepts, or only ignores, cannot say how good a model is:
    "right on 100%" of a table of accepts is a model that accepts everyone."""
    accepted = int((labelled["decision"] == "accept").sum())
    ignored = len(labelled) - accepted
    if min(accepted, ignored) >= minimum:
        return None
    return (
        f"these {len(labelled):,} labelled requests hold {accepted:,} accepted and {ignored:,} "
        f"ignored (fewer than {minimum} of one kind): how often it was right says little about "
        "the kind that is missing, and ROC-AUC or log-loss need both; a LinkedIn export forgets "
        "ignored requests, so evaluate on the ledger or on decisions you recorded"
    )


def evaluate(
    model_dir: Path,
    data_path: Path,
    report_dir: Path | None = None,
    track: bool = True,
    seed: int = 0,
    date_order: DateOrder = DateOrder.DETECT,
) -> EvaluateOutcome:
    """Score a saved model on labelled data, beside the baseline; report and log the run."""
    from linkedin_triage.explaining.model_report import write_report
    from linkedin_triage.learning.evaluation import evaluate_model
    from linkedin_triage.storage.mlflow_runs import run
    from linkedin_triage.storage.model_loading import load_bundle

    target = Path(report_dir or default_report_dir(Path(model_dir), "evaluation"))
    refuse_unwritable(target)
    bundle = load_bundle(Path(model_dir))
    model: TriageModel = bundle.model
    table = read_table(Path(data_path), "labelled", date_order)
    labelled = labelled_rows(table.frame)
    if labelled.empty:
        # the run fails: its rejects file is written only if rejected rows are the reason
        written = write_rejects(target, table.rejects) if table.rejects else None
        raise TriageError(_no_labels(data_path, "evaluate on", table, written))
    evaluation = evaluate_model(model, labelled, seed=seed)
    matrix, contrib = _report_inputs(model, labelled) if model.mode == "model" else (None, None)
    context: dict[str, object] = {
        "kind": "evaluate",
        "data_sha256": file_sha256(data_path),
    }
    overlap = training_overlap(bundle.info, Path(data_path), labelled)
    warnings = [overlap] if overlap else []
    lopsided = one_kind_warning(labelled, model.policy.decisions.min_labels_per_class)
    if lopsided:
        warnings.append(lopsided)
    report = write_report(
        target, evaluation, None, model, matrix, contrib, context, warnings=warnings
    )
    rejects = write_rejects(target, table.rejects)  # only once the run has succeeded
    with run("evaluate", enabled=track) as log:
        log.params(
            {
                "mode": model.mode,
                "candidate": model.candidate or "rules",
                "n_labels": evaluation.n,
                "policy_fingerprint": model.policy.fingerprint(),
                "data_sha256": context["data_sha256"],
            }
        )
        log.metrics(_run_metrics(evaluation, None))
        log.artifact(report.folder, "report")
        run_id = log.run_id
        uri = log.uri
    return EvaluateOutcome(
        Path(model_dir),
        evaluation,
        report,
        table.n_read,
        table.n_read - len(table.frame),
        rejects,
        run_id,
        n_unlabelled=len(table.frame) - len(labelled),
        tracking_uri=uri,
        warnings=warnings,
        target_precision=model.policy.decisions.target_precision,
    )


def rules(
    policy_path: Path, input_path: Path, output: Path, date_order: DateOrder = DateOrder.DETECT
) -> Any:
    """The hand-written baseline alone over a whole file (batch_scoring.rules_file), streamed."""
    from linkedin_triage.commands.batch_scoring import rules_file

    refuse_unwritable(Path(output))
    policy = load_policy(Path(policy_path))
    return rules_file(policy, Path(input_path), Path(output), date_order=date_order)


def predict(
    model_dir: Path,
    input_path: Path,
    output: Path,
    explanations: Path | None = None,
    chunk_rows: int = 20_000,
    reasons: bool = True,
    date_order: DateOrder = DateOrder.DETECT,
) -> Any:
    """Batch predictions with a verified model."""
    from linkedin_triage.commands.batch_scoring import predict_file
    from linkedin_triage.storage.model_loading import load_bundle

    for target in (output, explanations):
        if target is not None:
            refuse_unwritable(Path(target))
    bundle = load_bundle(Path(model_dir))
    summary = predict_file(
        bundle.model,
        Path(input_path),
        Path(output),
        explanations=explanations,
        chunk_rows=chunk_rows,
        reasons=reasons,
        date_order=date_order,
    )
    summary.recent_precision = recent_auto_precision(bundle.info)
    return summary


def recent_auto_precision(info: dict[str, Any]) -> float | None:
    """From the model folder: how often its automatic decisions were right when it was tested."""
    from linkedin_triage.explaining.wording import auto_precision

    metrics = (info.get("held_out_metrics") or {}).get("metrics") or {}
    return auto_precision(
        {name: (m.get("model") or {}).get("value") for name, m in metrics.items()}
    )


@dataclass
class LocatedRequest:
    """The row `explain` explains, and any later rows that repeat its request_id."""

    source: Path
    request_id: str
    frame: pd.DataFrame  # the normalised row, a frame of length 1
    row: int  # counted from 1, the first row under the header
    repeated_on: list[int]  # later rows with the same id: predict rejects them as duplicates

    def repeats_note(self) -> str | None:
        """What to tell the user when the id is not unique (None when it is)."""
        if not self.repeated_on:
            return None
        return (
            f"{self.source}: request_id {self.request_id!r} is on row {self.row} and also on "
            f"row(s) {row_list(self.repeated_on)}; explaining row {self.row}, the first, which "
            "is the one predict scores (it rejects the later rows as duplicates). Give each "
            "request its own id to explain the others."
        )


def find_request(
    input_path: Path, request_id: str, date_order: DateOrder = DateOrder.DETECT
) -> LocatedRequest:
    """The first row with this id, and the rows that repeat it; TriageError if none is usable.

    The whole file is read: a repeated id is reported, never explained quietly as if unique.
    The first row is the one chosen because it is the one `predict` scores.
    """
    reader = open_requests(Path(input_path), "pending", date_order=date_order)
    found: pd.DataFrame | None = None
    refused: dict[int, list[Reject]] = {}
    for chunk in reader.chunks():
        if found is None:
            hit = chunk.frame[chunk.frame["request_id"].astype(str) == request_id]
            if len(hit):
                found = hit.iloc[[0]].reset_index(drop=True)
        for reject in chunk.rejects:
            if reject.request_id == request_id:
                refused.setdefault(reject.row, []).append(reject)
    if found is None:
        if not refused:
            raise TriageError(f"{input_path}: no request with id {request_id!r}")
        first = min(refused)
        problem = refused[first][0]
        also = f"; it is also on row(s) {row_list(sorted(refused)[1:])}" if len(refused) > 1 else ""
        raise TriageError(
            f"{input_path}: request {request_id!r} (row {first}) was rejected: "
            f"{problem.column}: {problem.reason}{also}"
        )
    row = int(found["row"].iloc[0])
    repeats = sorted(r for r in refused if r > row)
    return LocatedRequest(Path(input_path), request_id, found, row, repeats)


def row_list(rows: list[int], shown: int = 10) -> str:
    """`3, 7, 9` (and `... and N more` past `shown`): a long list would bury the message."""
    text = ", ".join(str(r) for r in rows[:shown])
    return text + (f" and {len(rows) - shown} more" if len(rows) > shown else "")
