"""Ledger speed and size (issue 15): ingest of a large export, then `history`, against pandas.

An invented export with 50,000 INCOMING invitations and 30,000 connections (most of them
requesters who were accepted) is written to benchmarks/out/. Timed, each in-process, best of
`--repeats` (load from other work only ever adds time):

- **pandas baseline**: `read_csv` of Invitations.csv and Connections.csv and a merge of the two
  on the profile URL: the least any tool must do to join these files;
- **ingest**: `linkedin_triage.ledger.ingest.ingest` into a new ledger (reading, matching,
  labels before and after, one transaction);
- **history**: `build_history` of every request and the CSV written.

Bar: ingest and history each within 3x the pandas baseline. Also reported: the ledger's size
per request.

    .venv/bin/python benchmarks/ledger_ingest.py            # full size, prints its section
    .venv/bin/python benchmarks/ledger_ingest.py --quick    # 5,000 / 3,000 rows
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, machine_markdown, out_dir, table, write_section

BAR = 3.0
SECTION = "ledger-ingest"
EXPORT_DATE = datetime(2026, 6, 30)


def write_big_export(folder: Path, invitations: int, connections: int, seed: int = 3) -> Path:
    """An invented export: `invitations` requests over two years, `connections` accepted."""
    rng = np.random.default_rng(seed)
    root = folder / f"Complete_LinkedInDataExport_{EXPORT_DATE.strftime('%m-%d-%Y')}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    minutes = np.sort(rng.integers(0, 2 * 365 * 24 * 60, invitations))
    sent = [EXPORT_DATE - timedelta(minutes=int(m)) for m in minutes]
    notes = ["", "", "", "Hi Nora, we met at the fair", "Let's connect", "Great talk yesterday!"]
    with (root / "Invitations.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl",
             "inviteeProfileUrl"]
        )  # fmt: skip
        for i, when in enumerate(sent):
            hour = when.hour % 12 or 12
            stamp = (
                f"{when.month}/{when.day}/{when.strftime('%y')}, {hour}:{when.minute:02d} "
                f"{'AM' if when.hour < 12 else 'PM'}"
            )
            writer.writerow(
                [f"Person{i} Example", "Nora Valdemar", stamp, notes[i % len(notes)], "INCOMING",
                 f"https://www.linkedin.com/in/person-{i}", ""]
            )  # fmt: skip
    accepted = rng.choice(invitations, size=min(connections, invitations), replace=False)
    with (root / "Connections.csv").open("w", newline="", encoding="utf-8") as handle:
        handle.write('Notes:\n"Some email addresses may be missing."\n\n')
        writer = csv.writer(handle)
        writer.writerow(
            ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
             "Connected On"]
        )  # fmt: skip
        for i in sorted(accepted):
            on = sent[i] + timedelta(days=int(rng.integers(0, 5)))
            writer.writerow(
                [f"Person{i}", "Example", f"https://www.linkedin.com/in/person-{i}", "",
                 "Example Srl", "Manager", on.strftime("%d %b %Y")]
            )  # fmt: skip
    return root


def pandas_baseline(export: Path) -> None:
    invitations = pd.read_csv(export / "Invitations.csv", dtype=str, keep_default_na=False)
    connections = pd.read_csv(
        export / "Connections.csv", dtype=str, keep_default_na=False, skiprows=3
    )
    invitations.merge(
        connections, left_on="inviterProfileUrl", right_on="URL", how="left", validate="m:m"
    )


def best_of(repeats: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(invitations: int, connections: int, repeats: int) -> dict[str, object]:
    from linkedin_triage.ledger.history import build_history
    from linkedin_triage.ledger.ingest import ingest
    from linkedin_triage.ledger.store import Ledger

    folder = out_dir() / "ledger"
    export = write_big_export(folder, invitations, connections)
    ledger_path = folder / "ledger.sqlite"

    def fresh_ingest() -> None:
        ledger_path.unlink(missing_ok=True)
        ingest([export], ledger_path)

    def history() -> None:
        with Ledger.open(ledger_path) as ledger:
            built = build_history(ledger)
        built.frame.to_csv(folder / "history.csv", index=False)

    baseline = best_of(repeats, lambda: pandas_baseline(export))
    ingest_s = best_of(repeats, fresh_ingest)
    history_s = best_of(repeats, history)
    with Ledger.open(ledger_path) as ledger:
        requests = int(ledger.scalar("SELECT COUNT(*) FROM requests") or 0)
        labels = ledger.frame(
            "SELECT COUNT(*) AS n FROM decisions"
        )  # none: labels here come from connections
    size = ledger_path.stat().st_size
    shutil.rmtree(folder)
    return {
        "invitations": invitations,
        "connections": connections,
        "repeats": repeats,
        "pandas_s": baseline,
        "ingest_s": ingest_s,
        "history_s": history_s,
        "ingest_ratio": ingest_s / baseline,
        "history_ratio": history_s / baseline,
        "requests": requests,
        "user_decisions": int(labels["n"].iloc[0]),
        "ledger_bytes": size,
        "bytes_per_request": size / max(requests, 1),
    }


def bars(result: dict) -> list[list[str]]:
    rows = []
    for step in ("ingest", "history"):
        ratio = float(result[f"{step}_ratio"])
        rows.append(
            [
                f"{step} of {result['invitations']:,} invitations and {result['connections']:,} "
                f"connections <= {BAR:g}x pandas read + join",
                f"{ratio:.2f}x ({result[f'{step}_s']:.2f} s vs {result['pandas_s']:.2f} s)",
                "PASS" if ratio <= BAR else "FAIL",
            ]
        )
    return rows


def section(result: dict) -> str:
    lines = [
        "## Ledger ingest and history (issue 15)",
        "",
        machine_markdown(result["machine"]),
        "",
        f"An invented export of {result['invitations']:,} INCOMING invitations and "
        f"{result['connections']:,} connections; each step timed in-process, best of "
        f"{result['repeats']}. The baseline is pandas reading both CSVs and merging them on the "
        "profile URL. Command: `.venv/bin/python benchmarks/ledger_ingest.py`.",
        "",
        table(["bar", "measured", "verdict"], bars(result)),
        "",
        f"Ledger size: {result['ledger_bytes'] / 1e6:.1f} MB for {result['requests']:,} requests "
        f"({result['bytes_per_request']:.0f} bytes per request, observations, connections and "
        "indexes included).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="5,000 invitations, 1 repeat")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--print-only", action="store_true", help="print the section; leave RESULTS.md"
    )
    args = parser.parse_args(argv)
    size = (5_000, 3_000) if args.quick else (50_000, 30_000)
    info = machine()  # before the run: the load average it started under
    result = measure(*size, repeats=1 if args.quick else args.repeats)
    result["machine"] = info
    (out_dir() / "ledger_ingest.json").write_text(json.dumps(result, indent=2, default=str))
    print(section(result))
    if not (args.quick or args.print_only):
        write_section(SECTION, section(result))
    return result


if __name__ == "__main__":
    main()
