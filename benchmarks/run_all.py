"""Runs the benchmarks and rewrites benchmarks/RESULTS.md with the numbers they give.

Run: `make bench` or `.venv/bin/python benchmarks/run_all.py`. With `--quick` (a smoke run)
the report goes to benchmarks/out/RESULTS-quick.md and RESULTS.md is left alone.

The learning curve, predict speed and the ledger are run here. The slower ones run on their
own (`email_reading.py`, `review_order.py`, `user_family.py`) and each keeps its own marked
section of RESULTS.md, which this rewrite carries over as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import time

import learning_curve
import ledger_ingest
import predict_speed
from common import (
    BENCH_DIR,
    REPO_DIR,
    kept_sections,
    machine,
    machine_markdown,
    out_dir,
    section_markers,
    table,
    verdict,
)


def _command() -> str:
    """How this run was started, relative to the repository."""
    script = os.path.relpath(os.path.abspath(sys.argv[0]), REPO_DIR)
    python = os.path.relpath(sys.executable, REPO_DIR) if ".venv" in sys.executable else "python"
    return " ".join([python, script, *map(shlex.quote, sys.argv[1:])])


def summary_rows(curve: dict, speed: dict, ledger: dict) -> list[list[str]]:
    """Every bar in one table: which benchmark, what was measured, PASS or FAIL."""
    rows = []
    for c in curve["checks"]:
        measured = "—" if c["passed"] is None else f"{c['mean']:.4f} (needs {c['threshold']})"
        rows.append(
            [
                "learning curve",
                f"{c['persona']}: {c['bar']} at {c['n']} labels",
                measured,
                verdict(c["passed"]),
            ]
        )
    for c in speed["checks"]:
        rows.append(["predict speed", c["bar"], c["value"], verdict(c["passed"])])
    rows += [["ledger", *row] for row in ledger_ingest.bars(ledger)]
    return rows


def render(info: dict, command: str, curve: dict, speed: dict, ledger: dict, seconds: float) -> str:
    rows = summary_rows(curve, speed, ledger)
    start, end = section_markers(ledger_ingest.SECTION)
    own = (start, end)
    kept = [s for s in kept_sections() if not s.startswith(own)]
    counts = {v: sum(r[-1] == v for r in rows) for v in ("PASS", "FAIL", "not measured")}
    headline = f"{counts['PASS']} of {len(rows)} bars pass, {counts['FAIL']} fail"
    if counts["not measured"]:
        headline += f", {counts['not measured']} not measured"
    return "\n".join(
        [
            "# Benchmark results",
            "",
            "Written by `benchmarks/run_all.py`; do not edit by hand (see benchmarks/README.md).",
            "",
            f"Command: `{command}` (from the repository root; `make bench` runs the same). "
            f"Total runtime {seconds / 60:.1f} min.",
            "",
            "## Machine",
            "",
            machine_markdown(info),
            "",
            f"## Summary: {headline}",
            "",
            table(["benchmark", "bar", "measured", "verdict"], rows),
            "",
            "## Learning curve (issue 4): quality against the true probabilities",
            "",
            learning_curve.markdown(curve),
            "",
            "## Predict speed and memory (issue 5)",
            "",
            predict_speed.markdown(speed),
            "",
            start,
            ledger_ingest.section(ledger),
            end,
            "",
            *("\n".join([section, ""]) for section in kept),
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run; RESULTS.md untouched")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile run")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    info = machine()
    quick = ["--quick"] if args.quick else []
    speed_config, _ = predict_speed.config_from_args(
        quick + ([] if args.no_profile else ["--profile"])
    )
    speed = predict_speed.run(speed_config)
    print(predict_speed.markdown(speed), flush=True)
    curve = learning_curve.run(learning_curve.config_from_args(quick))
    print(learning_curve.markdown(curve), flush=True)
    ledger = ledger_ingest.main([*quick, "--print-only"])
    for name, result in (("learning_curve", curve), ("predict_speed", speed)):
        raw = out_dir() / f"{name}{'-quick' if args.quick else ''}.json"
        raw.write_text(json.dumps(result, indent=1, default=str))
    text = render(info, _command(), curve, speed, ledger, time.perf_counter() - started)
    target = out_dir() / "RESULTS-quick.md" if args.quick else BENCH_DIR / "RESULTS.md"
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)  # never a half-written RESULTS.md
    print(f"\nwrote {target}")


if __name__ == "__main__":
    main()
