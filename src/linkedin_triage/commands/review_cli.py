"""The review loop's commands: `review` (the local review page) and `status`.

Registered on the app of cli.py (which imports this module at its end). The web framework
is imported inside `review` only, so `linkedin-triage --help` never loads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from linkedin_triage.commands.cli import command
from linkedin_triage.commands.ledger_cli import DEFAULT_LEDGER, LedgerOption

DEFAULT_MODEL_DIR = Path("models/latest")  # where `train` writes by default
ModelOption = Annotated[
    Path, typer.Option("--model-dir", "-m", help="The trained model folder to score with")
]


@command()
def review(
    ledger: LedgerOption = DEFAULT_LEDGER,
    model_dir: ModelOption = DEFAULT_MODEL_DIR,
    port: Annotated[
        int, typer.Option(help="Port on 127.0.0.1 to serve on (0 = any free port)")
    ] = 0,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Only print the link; do not open a browser")
    ] = False,
) -> None:
    """Open the review page: your pending requests beside LinkedIn, and buttons that record."""
    from linkedin_triage.commands.review_views import show_link, show_stopped
    from linkedin_triage.ledger.store import Ledger
    from linkedin_triage.review.overview import ModelFolder, snapshot
    from linkedin_triage.review.server import serve
    from linkedin_triage.review.web_app import ReviewState, create_app

    folder = ModelFolder.load(model_dir, required=True)
    with Ledger.open(ledger) as opened:  # refuses a missing or foreign ledger before serving
        first = snapshot(opened, folder)
    state = ReviewState(ledger, str(model_dir), lambda open_ledger: snapshot(open_ledger, folder))
    try:
        stopped = serve(
            lambda credentials: create_app(state, credentials),
            port,
            announce=lambda credentials: show_link(credentials.url, first, ledger, model_dir),
            open_browser=not no_browser,
        )
    finally:
        state.close()
    show_stopped(stopped.signal_name)


@command()
def status(
    ledger: LedgerOption = DEFAULT_LEDGER,
    model_dir: ModelOption = DEFAULT_MODEL_DIR,
) -> None:
    """Pending requests, labels by source, the model's age, and whether to retrain (drift)."""
    from linkedin_triage.commands.review_views import show_status
    from linkedin_triage.ledger.store import Ledger
    from linkedin_triage.review.overview import ModelFolder, status_of

    folder = ModelFolder.load(model_dir, required=False)
    with Ledger.open(ledger) as opened:
        show_status(status_of(opened, folder))
