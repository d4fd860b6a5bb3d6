"""The `linkedin-triage` command: parse arguments, call one library function, print the result.

Heavy libraries (sklearn, shap, mlflow, matplotlib) are imported inside the commands,
so `--help` stays fast.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from linkedin_triage.console import err, out, visible_lines
from linkedin_triage.errors import TriageError

app = typer.Typer(
    name="linkedin-triage",
    help="Learn how you decide on LinkedIn connection requests; sort new ones the same way.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def command(*args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`app.command`, turning the project's errors into exit code 2 with a clear message."""

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def run(*a: Any, **k: Any) -> Any:
            try:
                return function(*a, **k)
            except TriageError as error:
                # Messages quote file contents (headers, values): show control
                # characters as code points, never let them drive the terminal. Line
                # breaks stay: a message listing several problems puts one on each line.
                message = escape(visible_lines(str(error)))
                err.print(f"[bold red]error:[/] {message}", soft_wrap=True)
                raise typer.Exit(2) from None

        return app.command(*args, **kwargs)(run)

    return decorate


def show_version(asked: bool) -> None:
    if asked:
        from linkedin_triage import __version__

        out.print(f"linkedin-triage {__version__}")
        raise typer.Exit()


@app.callback()
def options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=show_version, is_eager=True, help="Print the version and exit"
        ),
    ] = False,
) -> None:
    """Learn how you decide on LinkedIn connection requests; sort new ones the same way."""


ExistingFile = Annotated[Path, typer.Argument(help="A requests table: .csv, .parquet or .jsonl")]
PolicyOption = Annotated[Path, typer.Option("--policy", "-p", help="Your policy.toml")]
# One default model folder for every command: where `train` writes when not told otherwise.
DEFAULT_MODEL_DIR = Path("models/latest")
ModelDirOption = Annotated[Path, typer.Option("--model-dir", "-m", help="A trained model folder")]
DayFirstOption = Annotated[
    bool,
    typer.Option(
        "--dayfirst",
        help="Read numeric dates day first: 04/12/2026 is 4 December. Without this or "
        "--monthfirst each date column decides from its own values, and one that cannot "
        "tell is an error",
    ),
]
MonthFirstOption = Annotated[
    bool,
    typer.Option("--monthfirst", help="Read numeric dates month first: 04/12/2026 is April 12"),
]


def date_order(dayfirst: bool, monthfirst: bool) -> Any:
    """The DateOrder the two flags ask for (sources/date_order.py; imported when used)."""
    from linkedin_triage.sources.date_order import DateOrder

    return DateOrder.from_flags(dayfirst, monthfirst)


TrackOption = Annotated[
    bool,
    typer.Option(
        help="Log the run with MLflow: to $MLFLOW_TRACKING_URI if set, "
        "else to experiments/mlflow.db in the current folder"
    ),
]


@command()
def sample(
    out_dir: Annotated[
        Path, typer.Option("--out", "--output", "-o", help="Folder to write the sample into")
    ],
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same bytes")] = 7,
    persona: Annotated[str, typer.Option(help="Whose requests to simulate")] = "consultant",
) -> None:
    """Write the bundled synthetic sample: policy.toml, history.csv, pending.csv, truth.csv."""
    from linkedin_triage.sample import write_sample

    written = write_sample(out_dir, seed=seed, persona=persona)
    for path in written:
        out.print(f"wrote {path}")


@command()
def validate(
    path: ExistingFile,
    every: Annotated[
        bool,
        typer.Option("--all", help="List every problem, not the first 3 of each column"),
    ] = False,
    rejects: Annotated[
        Path | None,
        typer.Option(
            help="Also write every problem to this CSV (row, request_id, column, value, reason)"
        ),
    ] = None,
    dayfirst: DayFirstOption = False,
    monthfirst: MonthFirstOption = False,
) -> None:
    """Check a requests table against the data contract and report every problem."""
    from linkedin_triage.commands.validation import print_validation, validate_table

    order = date_order(dayfirst, monthfirst)
    report = validate_table(path, every_problem=every, rejects_file=rejects, date_order=order)
    print_validation(report)
    if not report.clean:
        raise typer.Exit(2)


@command("import-linkedin")
def import_linkedin(
    export: Annotated[
        Path, typer.Argument(help="LinkedIn data export: the .zip or its unzipped folder")
    ],
    out_file: Annotated[
        Path,
        typer.Option("--out", "--output", "-o", help="Requests table to write (.csv or .parquet)"),
    ],
    enrich: Annotated[
        Path | None, typer.Option(help="Profile attributes keyed by profile URL")
    ] = None,
    grace_days: Annotated[
        int, typer.Option(help="Unanswered this many days before the export = ignored")
    ] = 21,
    policy_out: Annotated[
        Path | None, typer.Option(help="Also write a starting policy.toml here")
    ] = None,
    dayfirst: DayFirstOption = False,
    monthfirst: MonthFirstOption = False,
) -> None:
    """Turn LinkedIn's own data export into a requests table, with labels where derivable."""
    from linkedin_triage.commands.linkedin_import import import_export

    summary = import_export(
        export,
        out_file,
        enrich=enrich,
        grace_days=grace_days,
        policy_out=policy_out,
        date_order=date_order(dayfirst, monthfirst),
    )
    for line in summary.lines():
        out.print(line)


@command()
def rules(
    policy: PolicyOption,
    input_file: Annotated[Path, typer.Option("--input", "-i", help="Requests table to score")],
    output: Annotated[
        Path, typer.Option("--output", "--out", "-o", help="Where to write (.csv or .parquet)")
    ],
    dayfirst: DayFirstOption = False,
    monthfirst: MonthFirstOption = False,
) -> None:
    """The hand-written baseline alone: a decision, a 0..1 score and the rules that fired."""
    from linkedin_triage.commands.terminal_views import show_batch
    from linkedin_triage.commands.workflows import rules as run_rules

    show_batch(run_rules(policy, input_file, output, date_order(dayfirst, monthfirst)))


@command()
def train(
    policy: PolicyOption,
    history: Annotated[Path, typer.Option("--history", help="Labelled past decisions")],
    model_dir: Annotated[
        Path,
        typer.Option(
            "--model-dir",
            "-m",
            help="Where to write the trained model folder (replaced if it exists); "
            "the report goes beside it, in <model-dir>-train-report",
        ),
    ] = DEFAULT_MODEL_DIR,
    seed: Annotated[int, typer.Option(help="Random seed")] = 0,
    track: TrackOption = True,
    dayfirst: DayFirstOption = False,
    monthfirst: MonthFirstOption = False,
) -> None:
    """Fit, calibrate, compare with the baseline, save the model and log the run."""
    from linkedin_triage.commands.terminal_views import show_train, steps
    from linkedin_triage.commands.workflows import train as run_training

    order = date_order(dayfirst, monthfirst)
    with steps("training") as step:
        outcome = run_training(
            policy, history, model_dir, seed=seed, track=track, step=step, date_order=order
        )
    show_train(outcome)


@command()
def evaluate(
    data: Annotated[Path, typer.Option("--data", help="Labelled requests to score")],
    report_dir: Annotated[
        Path | None,
        typer.Option(
            help="Where to write report.html, metrics.json, plots",
            show_default="<model-dir>-evaluation-report, beside the model folder",
        ),
    ] = None,
    track: TrackOption = True,
    dayfirst: DayFirstOption = False,
    monthfirst: MonthFirstOption = False,
    model_dir: ModelDirOption = DEFAULT_MODEL_DIR,
) -> None:
    """Score a trained model on labelled data, side by side with the baseline."""
    from linkedin_triage.commands.terminal_views import show_evaluate
    from linkedin_triage.commands.workflows import evaluate as run_evaluation

    order = date_order(dayfirst, monthfirst)
    show_evaluate(
        run_evaluation(model_dir, data, report_dir=report_dir, track=track, date_order=order)
    )


@command()
def predict(
    input_file: Annotated[Path, typer.Option("--input", "-i", help="Requests to sort")],
    output: Annotated[
        Path, typer.Option("--output", "--out", "-o", help="Predictions (.csv or .parquet)")
    ],
    explanations: Annotated[
        Path | None, typer.Option(help="Also write every contribution (long format)")
    ] = None,
    chunk_rows: Annotated[int, typer.Option(help="Rows per chunk (memory bound)")] = 20_000,
    reasons: Annotated[bool, typer.Option(help="Write plain-language reasons (slower)")] = True,
    dayfirst: DayFirstOption = False,
    monthfirst: MonthFirstOption = False,
    model_dir: ModelDirOption = DEFAULT_MODEL_DIR,
) -> None:
    """Batch predictions: p_accept, a three-way decision and reasons for every request."""
    from linkedin_triage.commands.terminal_views import show_batch
    from linkedin_triage.commands.workflows import predict as run_prediction

    order = date_order(dayfirst, monthfirst)
    show_batch(
        run_prediction(model_dir, input_file, output, explanations, chunk_rows, reasons, order)
    )


@command()
def explain(
    input_file: Annotated[
        Path, typer.Option("--input", "-i", help="Requests table holding the request")
    ],
    request_id: Annotated[str, typer.Option("--id", help="The request_id to explain")],
    html: Annotated[
        Path | None, typer.Option(help="Also write an HTML page with a waterfall plot")
    ] = None,
    dayfirst: DayFirstOption = False,
    monthfirst: MonthFirstOption = False,
    model_dir: ModelDirOption = DEFAULT_MODEL_DIR,
) -> None:
    """Why one request got its prediction: every contribution, the rules, the fake indicators."""
    from linkedin_triage.commands.terminal_views import show_explanation, show_warning
    from linkedin_triage.commands.workflows import find_request
    from linkedin_triage.explaining.request_explanation import (
        explain_request,
        write_explanation_html,
    )
    from linkedin_triage.storage.model_loading import load_bundle

    order = date_order(dayfirst, monthfirst)
    model = load_bundle(model_dir).model
    found = find_request(input_file, request_id, order)
    if (note := found.repeats_note()) is not None:
        show_warning(note)
    explanation = explain_request(model, found.frame)
    show_explanation(explanation, target=model.policy.decisions.target_precision)
    if html is not None:
        out.print(f"wrote {write_explanation_html(explanation, html)}")


@command()
def network(
    source: Annotated[
        Path, typer.Argument(help="LinkedIn data export: the .zip or its unzipped folder")
    ],
    policy: PolicyOption,
    out_html: Annotated[
        Path, typer.Option("--out", "--output", "-o", help="The HTML report to write")
    ],
    json_file: Annotated[
        Path | None, typer.Option("--json", help="Also write every number to this JSON file")
    ] = None,
    grace_days: Annotated[
        int, typer.Option(help="Invitations younger than this many days count as unanswered yet")
    ] = 21,
) -> None:
    """Where you stand on the article's advice: critical mass, bridges, whom to invite."""
    from linkedin_triage.commands.network_workflow import network_report

    outcome = network_report(source, policy, out_html, json_file, grace_days=grace_days)
    for line in outcome.lines():
        out.print(line, soft_wrap=True)


@command()
def demo(
    workdir: Annotated[
        Path,
        typer.Option(help="Folder for the sample, the predictions and the explanation page"),
    ] = Path("data/demo"),
    model_dir: Annotated[
        Path,
        typer.Option(
            "--model-dir",
            help="Where to write the demo's model folder; its report goes beside it",
        ),
    ] = Path("models/demo"),
    seed: Annotated[int, typer.Option(help="Random seed")] = 7,
    track: TrackOption = True,
) -> None:
    """The whole loop on the bundled sample: sample, train, evaluate, predict, explain."""
    from linkedin_triage.commands.demo import run_demo

    run_demo(workdir, seed=seed, model_dir=model_dir, track=track)


def exit_cleanly_on_sigterm() -> None:
    """Make SIGTERM (`kill`, a job scheduler's timeout) unwind like an error, not a hard stop.

    Python's default for SIGTERM ends the process on the spot: no `finally` runs, so an
    interrupted `train` left its hidden staging folder beside the model and an interrupted
    `predict` its temporary output file. As SystemExit(143), the shell's code for "killed
    by SIGTERM", every cleanup runs and an open MLflow run is closed as failed.
    """
    import signal

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def main() -> None:
    """Entry point of the console script and `python -m linkedin_triage`."""
    exit_cleanly_on_sigterm()
    app()


# Commands kept in modules of their own register on `app` when imported; last, because they
# use `command` from this module.
from linkedin_triage.commands import ledger_cli, review_cli  # noqa: E402, F401
