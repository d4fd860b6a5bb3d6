"""`import-linkedin`: LinkedIn's export -> a requests table file (and a starting policy.toml)."""

from __future__ import annotations

from pathlib import Path

from linkedin_triage.errors import TriageError
from linkedin_triage.sources.date_order import DateOrder
from linkedin_triage.sources.linkedin_export import ImportSummary, build_import
from linkedin_triage.storage.output_files import TableWriter, atomic_path, write_rejects


def import_export(
    export: Path,
    out_file: Path,
    enrich: Path | None = None,
    grace_days: int = 21,
    policy_out: Path | None = None,
    date_order: DateOrder = DateOrder.DETECT,
) -> ImportSummary:
    """Turn LinkedIn's data export into a requests table (and optionally a policy.toml).

    Everything is read and checked before anything is written; outputs are atomic.
    """
    export, out_file = Path(export), Path(out_file)
    # Checks the extension up front. In CSV every text cell a spreadsheet could run as a
    # formula is neutralised, whatever its column (enrichment columns included).
    writer = TableWriter(out_file)
    if policy_out is not None and Path(policy_out).exists():
        raise TriageError(
            f"{policy_out}: already exists; move it away or choose another --policy-out"
        )
    built = build_import(
        export,
        out_file,
        enrich=enrich,
        grace_days=grace_days,
        draft_policy=policy_out is not None,
        date_order=date_order,
    )
    summary = built.summary
    with writer:
        writer.write(built.table.reset_index(drop=True))
    summary.written = writer.rows
    summary.rejects_file = write_rejects(writer.path, built.rejects)
    if policy_out is not None and built.policy_draft is not None:
        with atomic_path(Path(policy_out)) as temporary:
            temporary.write_text(
                built.policy_draft.to_toml(export.resolve().name), encoding="utf-8"
            )
        summary.policy_file, summary.policy_todo = Path(policy_out), built.policy_draft.missing
    return summary
