"""Review order benchmark: does asking in the review page's order teach the model faster?

A simulated user answers requests of the synthetic sample with the sample's own drawn labels
(`linkedin_triage.sample`), in one of two orders:

- **arrival order**: the oldest unanswered request first;
- **question order**: `linkedin_triage.learning.question_order`, as the review page asks:
  the review pile by how much the answer would teach the model (expected reduction of its
  uncertainty over all pending requests, given what is already answered), then the
  automatic decisions nearest their gate.

Per persona and seed, a pool of `pool` older requests is answered and the newest `test`
requests are held out. Both orders start from the same first `start` answers (arrival
order), then the model is retrained with `fit_model` (default candidate selection, as
`train` does) every `step` answers, and its log-loss on the held-out requests is recorded.
Reported: the log-loss curves, and how many answers each order needs to reach the log-loss
that arrival order reaches with all `budget` answers (and with half of them).

    .venv/bin/python benchmarks/review_order.py            # full; writes its RESULTS.md section
    .venv/bin/python benchmarks/review_order.py --quick    # one seed, smaller budget; prints only
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BENCH_DIR, machine, machine_markdown, number, out_dir, table, write_section
from learning_curve import World, load_world

PERSONAS = ("consultant", "recruiter", "private")
SECTION = "review-order"
SECTION_TITLE = "## Review order: answers needed to reach a log-loss"
ORDERS = ("arrival order", "question order")


@dataclass(frozen=True)
class Config:
    personas: tuple[str, ...] = PERSONAS
    seeds: tuple[int, ...] = (1, 2, 3)
    pool: int = 1000
    test: int = 1000
    start: int = 20
    step: int = 20
    budget: int = 200
    jobs: int = 2


def next_questions(
    world: World, model: object, answered: list[int], unanswered: np.ndarray, k: int
) -> np.ndarray:
    """The `k` pool rows the review page would ask next, as positions in the pool."""
    from linkedin_triage.learning.question_order import question_order

    matrix, rules = model.matrix(world.pool.iloc[unanswered])  # type: ignore[attr-defined]
    p = model.p_accept(matrix)  # type: ignore[attr-defined]
    decisions = model.decide(p, rules)  # type: ignore[attr-defined]
    known, _ = model.matrix(world.pool.iloc[answered])  # type: ignore[attr-defined]
    thresholds = model.thresholds  # type: ignore[attr-defined]
    order = question_order(
        p,
        decisions,
        matrix,
        thresholds.accept,
        thresholds.ignore,
        answered_features=known,
        answered_p=model.p_accept(known),  # type: ignore[attr-defined]
        spread_pool=k,
    )
    return unanswered[order[:k]]


def held_out_log_loss(world: World, model: object) -> float:
    from linkedin_triage.learning.metrics import metrics_with_ci

    matrix, _ = model.matrix(world.test)  # type: ignore[attr-defined]
    p = np.asarray(model.p_accept(matrix), dtype=float)  # type: ignore[attr-defined]
    decisions = np.full(len(p), "review", dtype=object)
    return float(metrics_with_ci(world.y, p, decisions, n_boot=0)["log_loss"].value)


def simulate(world: World, order: str, config: Config) -> list[tuple[int, float]]:
    """(answers so far, held-out log-loss) after each retraining, for one order."""
    from linkedin_triage.learning.triage_model import fit_model

    answered = list(range(config.start))  # the pool is oldest first: arrival order
    curve = []
    while True:
        model, _ = fit_model(world.pool.iloc[answered], world.policy, seed=world.seed)
        curve.append((len(answered), held_out_log_loss(world, model)))
        if len(answered) >= config.budget:
            return curve
        unanswered = np.setdiff1d(np.arange(len(world.pool)), answered)
        k = min(config.step, config.budget - len(answered))
        if order == "arrival order":
            chosen = unanswered[:k]
        else:
            chosen = next_questions(world, model, answered, unanswered, k)
        answered += [int(i) for i in chosen]


def run_world(args: tuple[str, int, Config]) -> dict[str, object]:
    from threadpoolctl import threadpool_limits

    persona, seed, config = args
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder, threadpool_limits(limits=1):
        world = load_world(persona, seed, config.pool, config.test, Path(folder))
        curves = {order: simulate(world, order, config) for order in ORDERS}
    return {
        "persona": persona,
        "seed": seed,
        "accept_rate": float(world.y.mean()),
        "curves": curves,
        "seconds": time.perf_counter() - started,
    }


def answers_to_reach(curve: list[tuple[int, float]], target: float) -> int | None:
    """The first number of answers at which the log-loss is at or below `target`."""
    return next((n for n, loss in curve if loss <= target + 1e-12), None)


def summarise(worlds: list[dict], config: Config) -> list[dict]:
    """Per persona and seed: targets and the answers each order needs to reach them."""
    rows = []
    half = config.start + ((config.budget - config.start) // 2 // config.step) * config.step
    for w in worlds:
        arrival = dict(w["curves"]["arrival order"])
        for label, n in (("half", half), ("budget", config.budget)):
            target = arrival[n]
            rows.append(
                {
                    "persona": w["persona"],
                    "seed": w["seed"],
                    "target": label,
                    "target_n": n,
                    "target_log_loss": target,
                    "arrival": answers_to_reach(w["curves"]["arrival order"], target),
                    "question": answers_to_reach(w["curves"]["question order"], target),
                }
            )
    return rows


def run(config: Config) -> dict[str, object]:
    jobs = [(persona, seed, config) for persona in config.personas for seed in config.seeds]
    started = time.perf_counter()
    if config.jobs > 1:
        with ProcessPoolExecutor(config.jobs) as pool:
            worlds = list(pool.map(run_world, jobs))
    else:
        worlds = [run_world(job) for job in jobs]
    return {
        "config": asdict(config),
        "worlds": worlds,
        "reach": summarise(worlds, config),
        "seconds": time.perf_counter() - started,
    }


def _needed(value: int | None, budget: int) -> str:
    return f"> {budget}" if value is None else str(value)


def section(result: dict, info: dict | None = None, command: str | None = None) -> str:
    """This benchmark's section of RESULTS.md."""
    config = Config(
        **{k: tuple(v) if isinstance(v, list) else v for k, v in result["config"].items()}
    )
    reach = result["reach"]
    lines = [
        SECTION_TITLE,
        "",
        "A simulated user answers the synthetic sample's requests with their drawn labels, "
        f"from a pool of the {config.pool:,} oldest, in arrival order or in the review page's "
        f"question order; both start from the same first {config.start} answers and the model "
        f"is retrained (`fit_model`, default selection) every {config.step} answers. Log-loss "
        f"on the newest {config.test:,} requests, held out. "
        f"Command: `{command or '.venv/bin/python benchmarks/review_order.py'}`; "
        f"runtime {result['seconds'] / 60:.1f} min.",
        "",
    ]
    if info is not None:
        lines += [machine_markdown(info), ""]
    wins = sum(
        r["question"] is not None and (r["arrival"] is None or r["question"] < r["arrival"])
        for r in reach
    )
    ties = sum(r["question"] is not None and r["question"] == r["arrival"] for r in reach)
    means = {
        persona: (
            _mean_log_loss(result, persona, "question order"),
            _mean_log_loss(result, persona, "arrival order"),
        )
        for persona in config.personas
    }
    lower = [persona for persona, (ours, arrival) in means.items() if ours < arrival]
    gap = max(abs(ours - arrival) for ours, arrival in means.values())
    per_persona = "; ".join(
        f"{persona} {ours:.4f} against {arrival:.4f}" for persona, (ours, arrival) in means.items()
    )
    lines += [
        f"In plain words: of {len(reach)} targets (persona x seed x target), the question "
        f"order reached the log-loss with fewer answers in {wins}, as few in {ties}, and "
        f"needed more in {len(reach) - wins - ties}. Averaged over the whole curve (every "
        f"retraining after the shared start, every seed), its held-out log-loss was lower "
        f"for {len(lower)} of {len(config.personas)} personas, and never by more than "
        f"{gap:.4f} either way ({per_persona}). "
        "The targets are points of arrival order's own curve, so arrival order reaches each "
        "by construction, while the question order must reach a value that arrival order's "
        "noise may have set low; the mean curves at the end compare both evenly.",
        "",
        "Answers needed to reach the log-loss arrival order reaches with half the budget "
        "(`half`) and with the whole budget (`budget`); `> N` means not reached within the "
        "budget:",
        "",
    ]
    rows = [
        [
            r["persona"],
            r["seed"],
            f"{r['target']} ({r['target_n']} answers)",
            number(r["target_log_loss"], 4),
            _needed(r["arrival"], config.budget),
            _needed(r["question"], config.budget),
        ]
        for r in reach
    ]
    lines += [
        table(["persona", "seed", "target", "log-loss", "arrival order", "question order"], rows),
        "",
        "Held-out log-loss by answers (mean over seeds):",
        "",
    ]
    sizes = [n for n, _ in result["worlds"][0]["curves"]["arrival order"]]
    curve_rows = []
    for persona in config.personas:
        worlds = [w for w in result["worlds"] if w["persona"] == persona]
        for order in ORDERS:
            means = [float(np.mean([dict(w["curves"][order])[n] for w in worlds])) for n in sizes]
            curve_rows.append([persona, order, *[number(m, 4) for m in means]])
    lines += [table(["persona", "order", *[str(n) for n in sizes]], curve_rows), ""]
    return "\n".join(lines)


def _mean_log_loss(result: dict, persona: str, order: str) -> float:
    """Mean held-out log-loss over every retraining after the shared start, every seed."""
    return float(
        np.mean(
            [
                loss
                for w in result["worlds"]
                if w["persona"] == persona
                for loss in [loss for _, loss in w["curves"][order]][1:]
            ]
        )
    )


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one seed, budget 120; prints only")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--render", type=Path, help="write the section again from a saved JSON result; no run"
    )
    args = parser.parse_args(argv)
    if args.render is not None:
        result = json.loads(args.render.read_text())
        text = section(result, result.get("machine"), result.get("command"))
        print(text)
        write_section(SECTION, text)
        return result
    config = Config(jobs=args.jobs)
    if args.quick:
        config = Config(seeds=(1,), budget=120, jobs=args.jobs)
    info = machine()
    result = run(config)
    command = ".venv/bin/python benchmarks/review_order.py" + (" --quick" if args.quick else "")
    result["machine"] = info
    result["command"] = command
    name = "review_order-quick.json" if args.quick else "review_order.json"
    (out_dir() / name).write_text(json.dumps(result, indent=1, default=str))
    text = section(result, info, command)
    print(text)
    if not args.quick:
        write_section(SECTION, text)
        print(f"wrote its section of {BENCH_DIR / 'RESULTS.md'}")
    return result


if __name__ == "__main__":
    main()
