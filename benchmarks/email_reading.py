"""Reading invitation emails: 20,000 in one mbox, emails per second and peak memory.

Writes a synthetic mbox of invented invitation emails (linkedin_triage/sample/invitation_mail.py: the 2016-on
layout, multipart/alternative with quoted-printable text and HTML parts, six languages, a
note in every third, padded to the size of real ones, about 40 KB), then reads it with
`read_mail_file` in a child process and reports:

- emails per second: emails read / wall-clock seconds of the reading loop (bar: >= 500);
- the same per CPU second (what the number would be on idle cores; the machine is shared);
- peak resident memory of the reading process (VmHWM; bar: < 500 MB).

Run: `.venv/bin/python benchmarks/email_reading.py` (about 2 minutes: a minute to write the
mbox, under a minute to read it). `--emails 2000` for a smoke run. It rewrites only its own
section of benchmarks/RESULTS.md (between the `email-reading` markers) and leaves the rest.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from common import (
    REPO_DIR,
    machine,
    machine_markdown,
    out_dir,
    table,
    verdict,
    write_section,
)
from predict_speed import peak_rss  # VmHWM of this process (stdlib imports only)

# the invented-email builders the tests use
from linkedin_triage.sample.invitation_mail import WORDINGS, Invitation, Person, invitation_email

BAR_EMAILS_PER_SECOND = 500
BAR_PEAK_BYTES = 500 * 1024 * 1024
FOOTER_ROWS = 40  # pads each email to about 40 KB, the size of real invitation emails
SECTION = "email-reading"
LANGUAGES = sorted(WORDINGS)


def write_mbox(path: Path, count: int) -> int:
    """`count` invented invitation emails in one mbox; returns its size in bytes."""
    with path.open("wb") as handle:
        for i in range(count):
            person = Person(
                f"Person{i} Example",
                f"Head of Operations {i % 97} at Example Company {i % 1013}",
                "Milan, Lombardy, Italy",
                slug=f"person-{i}-example" if i % 2 else "",
                invitation_id=str(7_000_000_000_000_000_000 + i),
                mutual=f"Ada Example and {i % 40} other mutual connections" if i % 5 else None,
            )
            note = "We met at the Example Summit.\nShall we stay in touch?" if i % 3 == 0 else None
            data = invitation_email(
                Invitation(
                    person,
                    note=note,
                    language=LANGUAGES[i % len(LANGUAGES)],
                    footer_rows=FOOTER_ROWS,
                )
            )
            handle.write(b"From invitations@linkedin.com Tue Feb 03 09:15:00 2026\n")
            for line in data.split(b"\n"):
                handle.write((b">" + line if line.startswith(b"From ") else line) + b"\n")
            handle.write(b"\n")
    return path.stat().st_size


def child(path: Path) -> dict[str, object]:
    """Read the mbox; the numbers of this process only."""
    from linkedin_triage.sources.invitation_emails import read_mail_file

    kinds: Counter[str] = Counter()
    started, cpu = time.perf_counter(), time.process_time()
    for item in read_mail_file(path):
        kinds[type(item).__name__] += 1
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "peak_rss": peak_rss(),
        "kinds": dict(kinds),
    }


def ingest_child(path: Path) -> dict[str, object]:
    """`ingest` of the mbox into a new ledger (read, match, write, one transaction)."""
    from linkedin_triage.ledger.ingest import ingest

    ledger = path.with_suffix(".sqlite")
    ledger.unlink(missing_ok=True)
    started, cpu = time.perf_counter(), time.process_time()
    summary = ingest([path], ledger)
    result = {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "peak_rss": peak_rss(),
        "kinds": {"new request": summary.counts["new_requests"]},
    }
    ledger.unlink(missing_ok=True)
    return result


def measure(path: Path, mode: str = "--child") -> dict[str, object]:
    command = [sys.executable, str(Path(__file__).resolve()), mode, str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"reading failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def markdown(result: dict, command: str) -> str:
    emails, read = result["emails"], result["read"]
    rate = emails / read["seconds"]
    cpu_rate = emails / read["cpu_seconds"]
    peak = read["peak_rss"]
    ingested = result.get("ingest")
    rows = [
        [
            f"{emails:,} invitation emails in one mbox read at >= {BAR_EMAILS_PER_SECOND}/s",
            f"{rate:,.0f} emails/s ({read['seconds']:.1f} s; {cpu_rate:,.0f} per CPU second)",
            verdict(rate >= BAR_EMAILS_PER_SECOND),
        ],
        [
            "peak memory of the reading process < 500 MB",
            f"{peak / 1024**2:,.0f} MB",
            verdict(peak < BAR_PEAK_BYTES),
        ],
    ]
    if ingested:
        rate = emails / ingested["seconds"]
        rows += [
            [
                f"{emails:,} invitation emails in one mbox ingested into a new ledger at >= "
                f"{BAR_EMAILS_PER_SECOND}/s",
                f"{rate:,.0f} emails/s ({ingested['seconds']:.1f} s; "
                f"{emails / ingested['cpu_seconds']:,.0f} per CPU second)",
                verdict(rate >= BAR_EMAILS_PER_SECOND),
            ],
            [
                "peak memory of the ingesting process < 500 MB",
                f"{ingested['peak_rss'] / 1024**2:,.0f} MB",
                verdict(ingested["peak_rss"] < BAR_PEAK_BYTES),
            ],
        ]
    kinds = ", ".join(f"{count:,} {kind}" for kind, count in sorted(read["kinds"].items()))
    return "\n".join(
        [
            "## Email reading and ingest: invitation emails from one mbox (issue 16)",
            "",
            f"Command: `{command}` (from the repository root). Written by "
            "`benchmarks/email_reading.py`, which rewrites only this section.",
            "",
            machine_markdown(result["machine"]),
            "",
            f"Every email read as a sighting or a record ({kinds}). The mbox: "
            f"{emails:,} invented 2016-layout invitation emails (multipart/alternative, "
            "quoted-printable text and HTML, six languages, a note in every third), "
            f"{result['mbox_bytes'] / 1024**2:,.0f} MB, {result['mbox_bytes'] / emails / 1024:.0f} KB "
            f"per email; written in {result['write_seconds']:.0f} s. Emails per second are "
            "emails over the wall-clock time of the reading loop in a fresh process; per CPU "
            "second is the same count over that process's CPU time (the cores are shared: "
            "see the load average).",
            "",
            table(["bar", "measured", "verdict"], rows),
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=20_000)
    parser.add_argument("--keep-files", action="store_true")
    parser.add_argument("--no-results", action="store_true", help="print, leave RESULTS.md")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--ingest-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)))
        return
    if args.ingest_child:
        print(json.dumps(ingest_child(args.ingest_child)))
        return
    info = machine()
    folder = out_dir() / "email-reading"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"invitations-{args.emails}.mbox"
    started = time.perf_counter()
    size = write_mbox(path, args.emails)
    written = time.perf_counter() - started
    try:
        read = measure(path)
        ingested = measure(path, "--ingest-child")
    finally:
        if not args.keep_files:
            path.unlink(missing_ok=True)
    result = {
        "machine": info,
        "emails": args.emails,
        "mbox_bytes": size,
        "write_seconds": written,
        "read": read,
        "ingest": ingested,
    }
    (folder / "email_reading.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    script = os.path.relpath(Path(__file__).resolve(), REPO_DIR)
    python = os.path.relpath(sys.executable, REPO_DIR) if ".venv" in sys.executable else "python"
    command = " ".join([python, script, *map(shlex.quote, sys.argv[1:] if argv is None else argv)])
    section = markdown(result, command)
    print(section)
    if not args.no_results:
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
