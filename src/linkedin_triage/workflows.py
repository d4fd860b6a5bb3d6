"""What each command does, as library functions returning results (views.py prints them).

train:    read history -> hold out the newest 20% -> select + fit on the older part -> evaluate
          against the baseline -> learning curve -> refit on everything -> save the model
          folder -> report -> MLflow run.
evaluate: load a verified model -> score labelled data -> report -> MLflow run.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.io import read_requests
from linkedin_triage.model import TriageModel, fit_model, labelled_rows
from linkedin_triage.policy import Policy, load_policy
from linkedin_triage.writing import write_rejects

HELD_OUT_SHARE = 0.2
MIN_LABELS_TO_HOLD_OUT = 60  # below this, every label is needed for training


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


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
    rejects: Path
    n_labels: int
    n_accept: int
    evaluation: Any | None  # evaluate.Evaluation on the held-out newest slice
    curve: pd.DataFrame | None
    report: Any | None  # report.ReportPaths
    run_id: str | None
    notes: list[str] = field(default_factory=list)


@dataclass
class HeldOut:
    """A model fitted on the older labels and measured on the newest ones."""

    model: TriageModel
    selection: Any  # model.Selection, or None in rules mode
    evaluation: Any  # evaluate.Evaluation
    curve: pd.DataFrame
    newest: pd.DataFrame


def _evaluate_held_out(labelled: pd.DataFrame, policy: Policy, seed: int) -> HeldOut:
    """Fit on the older part, evaluate on the newest, and draw the learning curve."""
    from linkedin_triage.evaluate import evaluate_model, learning_curve, time_split

    older, newest = time_split(labelled, HELD_OUT_SHARE)
    model, selection = fit_model(older, policy, seed=seed)
    evaluation = evaluate_model(model, newest, seed=seed)
    # Each point chooses its own candidate, as a user with that many labels would get.
    curve = learning_curve(older, newest, policy, seed=seed)
    return HeldOut(model, selection, evaluation, curve, newest)


def _report_inputs(model: TriageModel, frame: pd.DataFrame) -> tuple[pd.DataFrame, Any]:
    from linkedin_triage.explain import contributions

    matrix, rules = model.matrix(frame)
    return matrix, contributions(model, matrix, rules.fired)


def train(
    policy_path: Path,
    history_path: Path,
    model_dir: Path,
    seed: int = 0,
    track: bool = True,
    report_dir: Path | None = None,
) -> TrainOutcome:
    """Fit, calibrate, compare with the baseline, save the model folder, report, log the run."""
    from linkedin_triage.bundle import save_bundle
    from linkedin_triage.report import write_report
    from linkedin_triage.tracking import run

    policy = load_policy(Path(policy_path))
    table = read_requests(Path(history_path))
    model_dir = Path(model_dir)
    rejects = write_rejects(model_dir, table.rejects)
    labelled = labelled_rows(table.frame)
    if labelled.empty:
        raise TriageError(
            f"{history_path}: no labelled rows (the `decision` column needs accept/ignore values)"
        )
    y = (labelled["decision"] == "accept").to_numpy(int)
    notes = list(table.notices)

    held: HeldOut | None = None
    if len(labelled) >= MIN_LABELS_TO_HOLD_OUT:
        held = _evaluate_held_out(labelled, policy, seed)
    else:
        notes.append(
            f"only {len(labelled)} labels: no held-out evaluation (needs {MIN_LABELS_TO_HOLD_OUT})"
        )
    evaluation = held.evaluation if held is not None else None

    # The candidate chosen on older data is refit on every label; thresholds come from
    # its own cross-fitted predictions over the whole history.
    chosen = (held.selection.chosen,) if held is not None and held.selection else None
    model, final_selection = fit_model(labelled, policy, seed=seed, candidates=chosen)
    if held is not None and held.selection is not None:
        notes.append(f"on the older {1 - HELD_OUT_SHARE:.0%}: {held.selection.why}")
    notes.extend(model.notes)
    info = _model_info(
        model, final_selection, evaluation, labelled, y, history_path, seed, table.n_read
    )
    save_bundle(model_dir, model, policy, info)

    report = None
    if held is not None:
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
        )

    with run("train", enabled=track) as log:
        log.params(_run_params(model, info, seed))
        log.metrics(_run_metrics(evaluation, final_selection))
        if report is not None:
            log.artifact(report.folder, "report")
        if model.mode == "model":
            example, _ = model.matrix(labelled.head(5))
            log.model(model.estimator, example)
        run_id = log.run_id

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
    rejects: Path
    run_id: str | None


def evaluate(
    model_dir: Path,
    data_path: Path,
    report_dir: Path | None = None,
    track: bool = True,
    seed: int = 0,
) -> EvaluateOutcome:
    """Score a saved model on labelled data, beside the baseline; report and log the run."""
    from linkedin_triage.bundle_load import load_bundle
    from linkedin_triage.evaluate import evaluate_model
    from linkedin_triage.report import write_report
    from linkedin_triage.tracking import run

    bundle = load_bundle(Path(model_dir))
    model: TriageModel = bundle.model
    table = read_requests(Path(data_path))
    target = report_dir or default_report_dir(Path(model_dir), "evaluation")
    rejects = write_rejects(Path(target), table.rejects)
    labelled = labelled_rows(table.frame)
    evaluation = evaluate_model(model, labelled, seed=seed)
    matrix, contrib = _report_inputs(model, labelled) if model.mode == "model" else (None, None)
    context: dict[str, object] = {
        "kind": "evaluate",
        "data_sha256": file_sha256(data_path),
    }
    report = write_report(target, evaluation, None, model, matrix, contrib, context)
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
    return EvaluateOutcome(
        Path(model_dir),
        evaluation,
        report,
        table.n_read,
        table.n_read - len(table.frame),
        rejects,
        run_id,
    )


def predict(
    model_dir: Path,
    input_path: Path,
    output: Path,
    explanations: Path | None = None,
    chunk_rows: int = 20_000,
    reasons: bool = True,
) -> Any:
    """Batch predictions with a verified model."""
    from linkedin_triage.bundle_load import load_bundle
    from linkedin_triage.predict import predict_file

    bundle = load_bundle(Path(model_dir))
    return predict_file(
        bundle.model,
        Path(input_path),
        Path(output),
        explanations=explanations,
        chunk_rows=chunk_rows,
        reasons=reasons,
    )


def find_request(input_path: Path, request_id: str) -> pd.DataFrame:
    """The normalised row with this id (streamed), or a TriageError saying why it is not there."""
    from linkedin_triage.io import RequestsReader

    reader = RequestsReader(Path(input_path))
    for chunk in reader.chunks():
        hit = chunk.frame[chunk.frame["request_id"].astype(str) == request_id]
        if len(hit):
            return hit.iloc[[0]].reset_index(drop=True)
        for reject in chunk.rejects:
            if reject.request_id == request_id:
                raise TriageError(
                    f"{input_path}: request {request_id!r} (row {reject.row}) was rejected: "
                    f"{reject.column}: {reject.reason}"
                )
    raise TriageError(f"{input_path}: no request with id {request_id!r}")
