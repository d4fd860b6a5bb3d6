"""Predict speed and memory benchmark (issue 5).

Builds a requests table of fresh synthetic requests (the consultant persona's pending requests,
drawn block by block with their own seeds and unique ids), then times, each in a fresh
subprocess so that peak RSS belongs to that run alone:
  - the pandas baseline: read the CSV with pandas and write a same-size CSV;
  - `predict_file` without reasons, with reasons (the default) and with the explanations file,
    using a model trained on the consultant sample's history;
  - `predict_file` with reasons on a ten times larger table, to show memory stays bounded.
The large generated files live in benchmarks/out/ (git-ignored) and are deleted afterwards.

Run: `.venv/bin/python benchmarks/predict_speed.py [--quick] [--profile]`.
"""

from __future__ import annotations

import argparse
import inspect
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from common import machine, machine_markdown, number, out_dir, table, verdict

ROWS = 100_000
BIG_ROWS = 1_000_000
BLOCK_ROWS = 100_000
REPEATS = 3
QUICK = {"rows": 10_000, "big_rows": 50_000, "repeats": 1}
MODEL_SEED = 7  # the bundled sample's seed
TABLE_SEED = 1000

# The bar of issue 5.
MAX_RATIO = 5.0  # predict with reasons / pandas read+write, on ROWS
MAX_RSS_BYTES = 1.5e9
# "Bounded": the big table may cost a little more than the small one (the duplicate-id index
# grows with the rows), but nothing close to proportional.
MAX_BIG_RSS_GROWTH = 1.3
# Bounded also means flat: the second half of the big run may not peak much above the first.
MAX_HALF_GROWTH = 1.1
RSS_POLL_SECONDS = 0.1

MODES = ("pandas", "no_reasons", "reasons", "explanations")
MODE_LABELS = {
    "pandas": "pandas read_csv + to_csv (baseline)",
    "no_reasons": "predict, no reasons",
    "reasons": "predict, with reasons",
    "explanations": "predict, reasons + explanations file",
}


@dataclass(frozen=True)
class Config:
    rows: int
    big_rows: int
    repeats: int
    profile: bool
    keep_files: bool


# -- inputs --------------------------------------------------------------------------------------
def build_model(folder: Path) -> tuple[Path, str]:
    """Train on the consultant sample's history, as `train` would, and save the model folder."""
    from threadpoolctl import threadpool_limits

    from linkedin_triage.learning.triage_model import fit_model
    from linkedin_triage.policy import load_policy
    from linkedin_triage.sample import write_sample
    from linkedin_triage.sources.requests_reader import read_requests
    from linkedin_triage.storage.model_saving import save_bundle

    write_sample(folder / "sample", seed=MODEL_SEED, persona="consultant")
    policy = load_policy(folder / "sample" / "policy.toml")
    history = read_requests(folder / "sample" / "history.csv").frame
    with threadpool_limits(limits=1):  # avoids OpenMP oversubscription on shared cores
        model, _ = fit_model(history, policy, seed=MODEL_SEED)
    model_dir = folder / "model"
    info = {"purpose": "predict benchmark", "n_labels": len(history), "seed": MODEL_SEED}
    save_bundle(model_dir, model, policy, info)
    return model_dir, str(model.candidate or model.mode)


def write_requests(path: Path, n_rows: int, seed: int) -> None:
    """`n_rows` fresh requests, written block by block so the generator's memory stays small."""
    from linkedin_triage.sample import generate_sample

    path.unlink(missing_ok=True)
    for start in range(0, n_rows, BLOCK_ROWS):
        size = min(BLOCK_ROWS, n_rows - start)
        block = generate_sample("consultant", seed=seed + start, n_history=1, n_pending=size)
        frame = block.pending.copy()
        frame["request_id"] = [f"b{start + i:08d}" for i in range(size)]
        frame.to_csv(path, mode="a", header=start == 0, index=False)


# -- one measured run, in a fresh process -------------------------------------------------------
def child(mode: str, input_path: Path, model_dir: Path, folder: Path, profile: Path | None) -> dict:
    """Run one mode here (after imports and model loading) and report time and peak RSS."""
    output = folder / f"{mode}-output.csv"
    if mode == "pandas":
        import pandas as pd

        started, cpu_started = time.perf_counter(), time.process_time()
        pd.read_csv(input_path).to_csv(output, index=False)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        n = None
    else:
        from linkedin_triage.commands.batch_scoring import predict_file
        from linkedin_triage.storage.model_loading import load_bundle

        model = load_bundle(model_dir).model
        kwargs: dict[str, object] = {"show_progress": False}
        if mode == "no_reasons":
            kwargs["reasons"] = False
        if mode == "explanations":
            kwargs["explanations"] = folder / f"{mode}-explanations.csv"
        profiler = None
        if profile is not None:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        started, cpu_started = time.perf_counter(), time.process_time()
        summary = predict_file(model, input_path, output, **kwargs)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(profile)
        n = summary.n_scored
    return {
        "mode": mode,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peak_rss": peak_rss(),
        "n_scored": n,
    }


def peak_rss() -> int:
    """This process's peak resident memory in bytes.

    VmHWM, not getrusage: on Linux ru_maxrss survives exec, so a child started from a big
    parent (this benchmark after generating a million rows) would report the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def measure(
    mode: str,
    input_path: Path,
    model_dir: Path,
    folder: Path,
    profile: Path | None = None,
) -> dict:
    """Start this script in child mode and read its one-line JSON report."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        mode,
        "--input",
        str(input_path),
        "--model-dir",
        str(model_dir),
        "--folder",
        str(folder),
    ]
    if profile is not None:
        command += ["--profile-to", str(profile)]
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr)
        trace = _rss_trace(process, started)
        process_seconds = time.perf_counter() - started
        stdout.seek(0)
        stderr.seek(0)
        out, err = stdout.read().decode(), stderr.read().decode(errors="replace")
    if process.returncode != 0:
        raise RuntimeError(f"{mode} failed ({process.returncode}):\n{err[-4000:]}")
    report = json.loads(out.strip().splitlines()[-1])
    report["process_seconds"] = process_seconds
    report["rss_trace"] = _thin(trace)
    report["rss_half_peaks"] = _half_peaks(trace)
    return report


def _rss_trace(process: subprocess.Popen, started: float) -> list[tuple[float, int]]:
    """(seconds since start, resident bytes) every RSS_POLL_SECONDS until the process ends."""
    status = Path(f"/proc/{process.pid}/status")
    trace: list[tuple[float, int]] = []
    while process.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    trace.append((time.perf_counter() - started, int(line.split()[1]) * 1024))
        except (OSError, ValueError, IndexError):
            pass  # the process ended between poll() and the read
        time.sleep(RSS_POLL_SECONDS)
    return trace


def _half_peaks(trace: list[tuple[float, int]]) -> list[int] | None:
    """Peak RSS over the first and the second half of the run: a leak shows as growth."""
    if len(trace) < 4:
        return None
    middle = trace[-1][0] / 2
    first = [rss for t, rss in trace if t <= middle]
    second = [rss for t, rss in trace if t > middle]
    return [max(first), max(second)]


def _thin(trace: list[tuple[float, int]], points: int = 40) -> list[tuple[float, int]]:
    step = max(1, len(trace) // points)
    return [(round(t, 2), rss) for t, rss in trace[::step]]


def supports_no_reasons() -> bool:
    from linkedin_triage.commands.batch_scoring import predict_file

    return "reasons" in inspect.signature(predict_file).parameters


# -- the whole benchmark ------------------------------------------------------------------------
def summarise(runs: list[dict]) -> dict:
    """Repeats of one mode: every time, the best and the median, CPU time, the highest peak RSS."""
    seconds = [r["seconds"] for r in runs]
    return {
        "all_seconds": seconds,
        "best_seconds": min(seconds),
        "median_seconds": statistics.median(seconds),
        "median_cpu_seconds": statistics.median(r["cpu_seconds"] for r in runs),
        "max_peak_rss": max(r["peak_rss"] for r in runs),
        "process_seconds": statistics.median(r["process_seconds"] for r in runs),
        "n_scored": runs[0]["n_scored"],
        "runs": runs,
    }


def run(config: Config) -> dict[str, object]:
    started = time.perf_counter()
    info = machine()
    folder = out_dir() / "predict_speed"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        model_dir, candidate = build_model(folder)
        small = folder / f"requests-{config.rows}.csv"
        write_requests(small, config.rows, TABLE_SEED)
        modes = [m for m in MODES if m != "no_reasons" or supports_no_reasons()]
        runs: dict[str, list[dict]] = {m: [] for m in modes}
        # Interleaved repeats: a burst of load from elsewhere hits every mode alike.
        for _ in range(config.repeats):
            for mode in modes:
                runs[mode].append(measure(mode, small, model_dir, folder))
        results = {mode: summarise(r) for mode, r in runs.items()}

        profile_top = None
        if config.profile:
            stats_path = folder / "reasons.prof"
            measure("reasons", small, model_dir, folder, profile=stats_path)
            profile_top = {
                "cumulative": top_functions(stats_path, key="cumtime"),
                "own": top_functions(stats_path, limit=10, key="tottime"),
            }

        sizes = {"small_csv_bytes": small.stat().st_size}
        small.unlink()
        big = folder / f"requests-{config.big_rows}.csv"
        write_requests(big, config.big_rows, TABLE_SEED)
        sizes["big_csv_bytes"] = big.stat().st_size
        big_result = measure("reasons", big, model_dir, folder)
    finally:
        if not config.keep_files:
            shutil.rmtree(folder, ignore_errors=True)
    return {
        "machine": info,
        "config": asdict(config),
        "candidate": candidate,
        "no_reasons_supported": "no_reasons" in results,
        "results": results,
        "big": big_result,
        "sizes": sizes,
        "profile_top": profile_top,
        "checks": checks(results, big_result, config),
        "seconds": time.perf_counter() - started,
    }


def top_functions(stats_path: Path, limit: int = 20, key: str = "cumtime") -> list[dict]:
    """The `limit` functions with the most cumulative (or own: key="tottime") time."""
    import pstats

    stats = pstats.Stats(str(stats_path))
    rows = []
    for (filename, line, name), (_, calls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = filename.split("site-packages/")[-1].split("src/")[-1]
        rows.append(
            {
                "function": f"{where}:{line}({name})",
                "calls": calls,
                "tottime": tottime,
                "cumtime": cumtime,
            }
        )
    rows.sort(key=lambda r: r[key], reverse=True)
    return rows[:limit]


def checks(results: dict, big: dict, config: Config) -> list[dict]:
    """The bars of issue 5; time on the best of the repeats (noise from elsewhere only adds)."""
    pandas, reasons = results["pandas"], results["reasons"]
    ratio = reasons["best_seconds"] / pandas["best_seconds"]
    median_ratio = reasons["median_seconds"] / pandas["median_seconds"]
    cpu_ratio = reasons["median_cpu_seconds"] / pandas["median_cpu_seconds"]
    growth = big["peak_rss"] / reasons["max_peak_rss"]
    halves = big["rss_half_peaks"]
    flat = halves is None or halves[1] <= MAX_HALF_GROWTH * halves[0]
    half_text = "n/a" if halves is None else f"{halves[1] / halves[0]:.2f}x"
    return [
        {
            "bar": f"predict with reasons on {config.rows:,} rows <= {MAX_RATIO:g}x pandas "
            f"(best of {config.repeats})",
            "value": f"{ratio:.2f}x (median {median_ratio:.2f}x, CPU time {cpu_ratio:.2f}x)",
            "passed": ratio <= MAX_RATIO,
        },
        {
            "bar": f"peak RSS of predict with reasons on {config.rows:,} rows < 1.5 GB",
            "value": _gb(reasons["max_peak_rss"]),
            "passed": reasons["max_peak_rss"] < MAX_RSS_BYTES,
        },
        {
            "bar": f"peak RSS of every {config.rows:,}-row run < 1.5 GB",
            "value": _gb(max(r["max_peak_rss"] for r in results.values())),
            "passed": all(r["max_peak_rss"] < MAX_RSS_BYTES for r in results.values()),
        },
        {
            "bar": f"{config.big_rows:,} rows with reasons complete in bounded memory: peak "
            f"< 1.5 GB, <= {MAX_BIG_RSS_GROWTH}x the {config.rows:,}-row peak, second half "
            f"<= {MAX_HALF_GROWTH}x the first",
            "value": f"{big['n_scored']:,} scored; {_gb(big['peak_rss'])} ({growth:.2f}x); "
            f"halves {half_text}",
            "passed": big["n_scored"] == config.big_rows
            and big["peak_rss"] < MAX_RSS_BYTES
            and growth <= MAX_BIG_RSS_GROWTH
            and flat,
        },
    ]


def _gb(n_bytes: float) -> str:
    return f"{n_bytes / 1e9:.2f} GB"


def _row(label: str, r: dict, rows: int, base: dict | None) -> list[str]:
    spread = ", ".join(f"{t:.1f}" for t in r["all_seconds"])
    versus = "—" if base is None else f"{r['best_seconds'] / base['best_seconds']:.2f}x"
    median_versus = "—" if base is None else f"{r['median_seconds'] / base['median_seconds']:.2f}x"
    return [
        label,
        f"{r['best_seconds']:.1f}",
        f"{r['median_seconds']:.1f} ({spread})",
        f"{r['median_cpu_seconds']:.1f}",
        f"{rows / r['best_seconds']:,.0f}",
        versus,
        median_versus,
        _gb(r["max_peak_rss"]),
        f"{r['process_seconds']:.1f}",
    ]


def markdown(result: dict) -> str:
    config = result["config"]
    results = result["results"]
    base = results["pandas"]
    rows = [
        _row(MODE_LABELS[mode], r, config["rows"], None if mode == "pandas" else base)
        for mode, r in results.items()
    ]
    big = summarise([result["big"]])
    rows.append(
        _row(f"predict, with reasons, {config['big_rows']:,} rows", big, config["big_rows"], None)
    )
    headers = [
        "run",
        "best s",
        "median s (each run)",
        "CPU s (median)",
        "rows/s (best)",
        "vs pandas (best)",
        "vs pandas (median)",
        "peak RSS",
        "process s (with imports, model load)",
    ]
    sizes = result["sizes"]
    parts = [
        f"{config['rows']:,} fresh requests ({sizes['small_csv_bytes'] / 1e6:.0f} MB CSV; "
        f"the big table {sizes['big_csv_bytes'] / 1e6:.0f} MB), model `{result['candidate']}` "
        f"trained on the consultant sample's history (seed {MODEL_SEED}). Each run in a fresh "
        f"process; {config['repeats']} interleaved repeat(s) per mode. Time covers the call "
        "only (reading, scoring, writing); peak RSS (VmHWM) the whole process, imports "
        "included. The bar uses the best time of the repeats, since load from other work "
        "only ever adds time; median and CPU time are shown beside it. "
        f"Benchmark runtime {result['seconds'] / 60:.1f} min.",
        "",
        table(headers, rows),
        "",
        table(
            ["bar (issue 5)", "measured", "verdict"],
            [[c["bar"], c["value"], verdict(c["passed"])] for c in result["checks"]],
        ),
    ]
    if not result["no_reasons_supported"]:
        parts += ["", "`predict_file` has no `reasons=False` yet: that mode was skipped."]
    if result["profile_top"]:
        parts += ["", profile_markdown(result["profile_top"], config["rows"])]
    return "\n".join(parts)


def profile_markdown(profile: dict[str, list[dict]], rows: int) -> str:
    """Two views of one cProfile run: by cumulative time, and by own time."""

    def rows_of(entries: list[dict]) -> list[list[object]]:
        return [
            [f"`{e['function']}`", e["calls"], number(e["tottime"], 2), number(e["cumtime"], 2)]
            for e in entries
        ]

    headers = ["function", "calls", "own s", "cumulative s"]
    return "\n".join(
        [
            f"Where predict with reasons spends its time on {rows:,} rows (one cProfile run; "
            "profiling slows it down):",
            "",
            "By cumulative time:",
            "",
            table(headers, rows_of(profile["cumulative"])),
            "",
            "By own time:",
            "",
            table(headers, rows_of(profile["own"])),
        ]
    )


def config_from_args(argv: list[str] | None) -> tuple[Config, argparse.Namespace]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"small tables: {QUICK}")
    parser.add_argument("--profile", action="store_true", help="also profile one reasons run")
    parser.add_argument("--keep-files", action="store_true", help="keep benchmarks/out files")
    parser.add_argument("--rows", type=int)
    parser.add_argument("--repeats", type=int)
    # Child mode (internal): one measured run in this fresh process.
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--model-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else {"rows": ROWS, "big_rows": BIG_ROWS, "repeats": REPEATS}
    rows = args.rows or sizes["rows"]
    config = Config(
        rows=rows,
        big_rows=sizes["big_rows"] if not args.rows else 10 * rows,
        repeats=args.repeats or sizes["repeats"],
        profile=args.profile,
        keep_files=args.keep_files,
    )
    return config, args


def main(argv: list[str] | None = None) -> None:
    config, args = config_from_args(argv)
    if args.child:
        report = child(args.child, args.input, args.model_dir, args.folder, args.profile_to)
        print(json.dumps(report))
        return
    result = run(config)
    path = out_dir() / "predict_speed.json"
    path.write_text(json.dumps(result, indent=1, default=str))
    print(machine_markdown(result["machine"]))
    print()
    print(markdown(result))


if __name__ == "__main__":
    main()
