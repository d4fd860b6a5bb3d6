"""The ledger's commands: ingest, history, decide, forget.

Registered on the app of cli.py (which imports this module at its end), so `linkedin-triage
--help` lists them with the others.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from linkedin_triage.commands.cli import command
from linkedin_triage.errors import TriageError

LedgerOption = Annotated[
    Path,
    typer.Option("--ledger", help="The ledger file (created by the first ingest)"),
]
GraceOption = Annotated[
    int | None,
    typer.Option(
        help="A request not connected this many days before your newest export counts as "
        "ignored; ingest remembers it for the ledger (default 21)",
        show_default=False,
    ),
]
DEFAULT_LEDGER = Path("data/ledger.sqlite")


def parse_moment(text: str, option: str) -> datetime:
    """An ISO 8601 date or time from the command line, as naive UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise TriageError(
            f"{option} {text!r}: not a date or time (use ISO 8601, e.g. 2026-06-30 or "
            "2026-06-30T18:00)"
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


@command()
def ingest(
    sources: Annotated[
        list[Path],
        typer.Argument(
            help="LinkedIn exports (zip or folder), requests tables, enrichment tables, "
            "invitation emails (.eml, a folder, .mbox), the invitations page (.txt, .html)"
        ),
    ],
    ledger: LedgerOption = DEFAULT_LEDGER,
    kind: Annotated[
        str | None,
        typer.Option(help="Read every source as this kind: export, table, enrich, emails, page"),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing")
    ] = False,
    observed_at: Annotated[
        str | None,
        typer.Option(
            help="When a saved invitations page was looked at (ISO 8601); "
            "default: the file's modification time"
        ),
    ] = None,
    grace_days: GraceOption = None,
) -> None:
    """Add what your sources show to the ledger: new requests, labels, your decisions."""
    from linkedin_triage.commands.ledger_views import show_ingest
    from linkedin_triage.ledger.ingest import ingest as run_ingest

    moment = parse_moment(observed_at, "--observed-at") if observed_at else None
    show_ingest(
        run_ingest(
            sources,
            ledger,
            kind=kind,
            dry_run=dry_run,
            observed_at=moment,
            grace_days=grace_days,
        )
    )


@command()
def history(
    out_file: Annotated[
        Path,
        typer.Option(
            "--out", "--output", "-o", help="The requests table to write (.csv or .parquet)"
        ),
    ],
    ledger: LedgerOption = DEFAULT_LEDGER,
    grace_days: GraceOption = None,
    labelled: Annotated[
        bool, typer.Option("--labelled", help="Only requests with a label (for train)")
    ] = False,
    pending: Annotated[
        bool, typer.Option("--pending", help="Only requests without a label (for predict)")
    ] = False,
) -> None:
    """The ledger as a requests table, with label_source, first_seen_at and sources."""
    from linkedin_triage.commands.ledger_views import show_history
    from linkedin_triage.ledger.history import Which, build_history
    from linkedin_triage.ledger.store import Ledger
    from linkedin_triage.storage.output_files import TableWriter

    if labelled and pending:
        raise TriageError("history: --labelled and --pending exclude each other; give one")
    which: Which = "labelled" if labelled else "pending" if pending else "all"
    writer = TableWriter(out_file)  # checks the extension before any work
    with Ledger.open(ledger) as opened:
        built = build_history(opened, grace_days=grace_days, which=which)
    with writer:
        writer.write(built.frame)
    show_history(built, str(out_file))


@command()
def decide(
    request_id: Annotated[str, typer.Argument(help="The request's id (see history --pending)")],
    decision: Annotated[str, typer.Argument(help="accept or ignore")],
    ledger: LedgerOption = DEFAULT_LEDGER,
) -> None:
    """Record what you decided on a request (the latest decision counts)."""
    from linkedin_triage.commands.ledger_views import show_decision
    from linkedin_triage.ledger.decisions import record_decision
    from linkedin_triage.ledger.store import Ledger

    with Ledger.open(ledger) as opened:
        show_decision(record_decision(opened, request_id, decision.strip().lower()))


@command()
def forget(
    request_id: Annotated[str | None, typer.Option(help="Erase the person of this request")] = None,
    profile_url: Annotated[str | None, typer.Option(help="Erase the person with this link")] = None,
    name: Annotated[str | None, typer.Option(help="Erase everyone with this name")] = None,
    ledger: LedgerOption = DEFAULT_LEDGER,
) -> None:
    """Erase a person from the ledger: no byte of their name, link or notes stays in it."""
    from linkedin_triage.commands.ledger_views import show_erasure
    from linkedin_triage.ledger.erasure import forget as run_forget
    from linkedin_triage.ledger.store import Ledger

    with Ledger.open(ledger) as opened:
        erasure = run_forget(opened, request_id=request_id, profile_url=profile_url, name=name)
    show_erasure(erasure, str(ledger))
