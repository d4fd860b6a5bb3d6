"""The user-family benchmark's other checks: one-sided histories, fakes, training time.

- One-sided histories: a random user's first 1,000 requests with the ignores dropped (the
  export forgets them) and the newest 200 unanswered; what `fit_model` does with that, how
  the rules rank the user's later requests, and whether positive-unlabelled learning
  (accepted vs. not-yet-answered, Elkan & Noto's g/c) ranks them better.
- Fakes: the issue's empty-executive profile and its variants through the rules and a
  trained model; the fakes of held-out users' test slices and what was decided for them;
  how well each fake sign separates fakes from everyone else.
- Training time: `workflows.train` (the CLI's train) on the consultant sample's 2,000 labels.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ONE_SIDED_KEPT, ONE_SIDED_UNANSWERED = 1000, 200
TRAIN_SECONDS = 30.0
TRAIN_REPEATS = 3


# -- one-sided histories ------------------------------------------------------------------------
def one_sided_user(seed: int, test_rows: int, folder: Path) -> dict[str, object]:
    """One user's accept-only history: the tool's behaviour, the rules' and PU's ranking."""
    import user_family as uf

    from linkedin_triage.learning.calibration import fit_calibrated
    from linkedin_triage.learning.candidates import CANDIDATES_BY_NAME, DEFAULT_CANDIDATE
    from linkedin_triage.learning.selection import cross_fitted_p
    from linkedin_triage.learning.triage_model import fit_model, model_matrix

    world = uf.load_user(seed, ONE_SIDED_KEPT + ONE_SIDED_UNANSWERED, test_rows, folder, False)
    policy = world.user.persona.policy
    answered = world.pool.iloc[:ONE_SIDED_KEPT]
    accepted = answered[answered["decision"] == "accept"]
    unanswered = world.pool.iloc[ONE_SIDED_KEPT:].assign(decision=None)
    model, _ = fit_model(pd.concat([accepted, unanswered], ignore_index=True), policy, seed=seed)
    matrix, rules = model.matrix(world.test)
    p_rules = model.p_accept(matrix)
    decisions = model.decide(p_rules, rules)
    # Positive-unlabelled: accepted (1) vs unanswered (0); p = g / c, c = mean g on accepts.
    x_acc, _ = model_matrix(accepted, policy)
    x_new, _ = model_matrix(unanswered, policy)
    x = pd.concat([x_acc, x_new], ignore_index=True)
    s = np.r_[np.ones(len(x_acc), int), np.zeros(len(x_new), int)]
    candidate = CANDIDATES_BY_NAME[DEFAULT_CANDIDATE]
    g_model, _ = fit_calibrated(candidate, x, s, seed)
    c = float(cross_fitted_p(candidate, x, s, seed, fitted=g_model)[s == 1].mean())
    p_pu = np.clip(g_model.predict_proba(matrix)[:, 1] / c, 0.002, 0.998)
    rules_m, pu_m = uf._metrics(world.y, p_rules), uf._metrics(world.y, p_pu)
    return {
        "seed": seed,
        "accepts": len(accepted),
        "unanswered": len(unanswered),
        "one_sided": bool(model.one_sided),
        "automatic": int((decisions != "review").sum()),
        "mean_p": float(np.mean(p_rules)),
        "test_accept_rate": float(world.y.mean()),
        "auc_rules": rules_m["roc_auc"],
        "auc_pu": pu_m["roc_auc"],
        "auc_bayes": uf._metrics(world.y, world.p_true)["roc_auc"],
        "pu_estimated_rate": float(np.mean(np.clip(g_model.predict_proba(x_new)[:, 1] / c, 0, 1))),
        "true_rate_unanswered": float(
            world.pool.iloc[ONE_SIDED_KEPT:]["decision"].eq("accept").mean()
        ),
        "notes": list(model.notes),
    }


def one_sided_markdown(rows: list[dict]) -> str:
    from common import number, table

    frame = pd.DataFrame(rows)
    body = [
        [
            r["seed"],
            r["accepts"],
            r["unanswered"],
            "yes" if r["one_sided"] else "no",
            r["automatic"],
            number(r["mean_p"], 2),
            f"{r['test_accept_rate']:.0%}",
            number(r["auc_rules"]),
            number(r["auc_pu"]),
            number(r["auc_bayes"]),
            f"{r['pu_estimated_rate']:.0%} (true {r['true_rate_unanswered']:.0%})",
        ]
        for r in rows
    ]
    pu_wins = int((frame["auc_pu"] > frame["auc_rules"]).sum())
    verdict = (
        f"Positive-unlabelled learning ranked better than the rules for {pu_wins} of "
        f"{len(frame)} users (median ROC-AUC {frame['auc_pu'].median():.3f} against the "
        f"rules' {frame['auc_rules'].median():.3f}), and its accept-rate estimates were far "
        "off: it does not measurably help, so `train` does not use it."
    )
    notes = "\n".join(f"> {n}" for n in rows[0]["notes"]) if rows else ""
    return "\n".join(
        [
            table(
                [
                    "seed",
                    "accepts kept",
                    "unanswered",
                    "one-sided mode",
                    "automatic decisions",
                    "mean p_accept",
                    "true accept rate",
                    "rules AUC",
                    "PU AUC",
                    "Bayes AUC",
                    "PU's estimated accept rate of the unanswered",
                ],
                body,
            ),
            "",
            verdict,
            "",
            f"What `train` says for the first of them (seed {rows[0]['seed'] if rows else '-'}); "
            "no held-out table, learning curve or report is written, since every metric on "
            "them would need ignores:",
            "",
            notes,
        ]
    )


# -- fakes ---------------------------------------------------------------------------------------
EMPTY_CTO = {
    "name": "Mark Weber", "received_at": "2026-10-20T10:00:00", "headline": "CTO",
    "title": "CTO", "mutual_connections": "0", "connections": "500+", "has_photo": "true",
    "experience_count": "0", "skills_count": "0",
}  # fmt: skip
GUARD_CASES = {
    "the issue's empty CTO profile": {},
    "the same, lower-case one-word name": {"name": "mark"},
    "the same, a recruiter's 'send me your CV'": {
        "message": "Hi {first}, exciting role for you. Please send me your CV."
    },
    "the same, from an email (name, headline, location, mutuals only)": {"sparse": True},
    "the same + a shared employer": {"past_companies": "{company}"},
    "the same + a personal note": {"message": "Hi {first}, great meeting you at {event}!"},
    "the same + 25 mutual connections": {"mutual_connections": "25"},
}
SPARSE_KEEP = ("request_id", "name", "received_at", "headline", "location", "mutual_connections")


def guard_cases(seed: int, folder: Path) -> list[dict[str, object]]:
    """The issue's profile in a market and industry of interest of a random user."""
    import user_family as uf

    from linkedin_triage.learning.triage_model import fit_model
    from linkedin_triage.sources.requests_reader import read_requests

    world = uf.load_user(seed, 1000, 1000, folder, False)
    policy = world.user.persona.policy
    model, _ = fit_model(world.pool, policy, seed=seed)
    me = policy.me
    place = {"location": f"{me.city}, {me.country}", "country": me.country}
    industry = (policy.interests.industries or [me.industry])[0]
    fill = {
        "first": (me.name.split() or ["there"])[0],
        "company": me.companies[0],
        "event": "the annual partner summit",
    }
    rows = []
    for change in GUARD_CASES.values():
        row = {**EMPTY_CTO, **place, "industry": industry}
        row.update({k: str(v).format(**fill) for k, v in change.items() if k != "sparse"})
        if change.get("sparse"):
            row = {k: v for k, v in row.items() if k in SPARSE_KEEP}
        rows.append({"request_id": f"guard-{len(rows)}", **row})
    path = folder / "guard.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    read = read_requests(path)
    assert not read.rejects, read.rejects
    matrix, rules = model.matrix(read.frame)
    p = model.p_accept(matrix)
    decided = model.decide(p, rules)
    # What the model would have done without the guard: its thresholds alone.
    unguarded = model.thresholds.decide(p) if model.mode == "model" else decided
    return [
        {
            "case": label,
            "rules": f"{rules.decision.iloc[i]} ({rules.score.iloc[i]:.2f})",
            "model": f"{decided[i]} (p {p[i]:.2f}; without the guard {unguarded[i]})",
            "fake_score": float(matrix["fake_score"].iloc[i]),
        }
        for i, label in enumerate(GUARD_CASES)
    ]


FAKE_SIGNS = (
    "no_photo", "few_connections", "few_followers", "recently_joined", "not_verified",
    "thin_profile", "suspicious_text", "odd_name", "empty_profile",
    "followers_below_connections", "title_without_employer", "text_repeated_in_batch",
    "about_length", "fake_score",
)  # fmt: skip
NEW_SIGNS = {"empty_profile", "followers_below_connections", "title_without_employer",
             "text_repeated_in_batch", "about_length"}  # fmt: skip


def fake_sign_rows(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Per sign: how often it is known, its mean on fakes and on everyone else, ROC-AUC."""
    from sklearn.metrics import roc_auc_score

    out = []
    for name in FAKE_SIGNS:
        known = frame[name].notna()
        y, x = frame.loc[known, "is_fake"], frame.loc[known, name]
        auc = roc_auc_score(y, x) if y.nunique() == 2 and x.nunique() > 1 else float("nan")
        out.append(
            {
                "sign": name,
                "new": name in NEW_SIGNS,
                "known": float(known.mean()),
                "fakes": float(x[y].mean()),
                "others": float(x[~y].mean()),
                "auc": float(auc),
            }
        )
    return out


def timed_train(folder: Path) -> dict[str, object]:
    """`train` as the CLI runs it on the consultant sample's 2,000 labels, a few times."""
    from linkedin_triage.commands.workflows import train
    from linkedin_triage.sample import write_sample

    write_sample(folder / "sample", seed=7)
    seconds, cpu = [], []
    for repeat in range(TRAIN_REPEATS):
        started, cpu_started = time.perf_counter(), time.process_time()
        outcome = train(
            folder / "sample" / "policy.toml",
            folder / "sample" / "history.csv",
            folder / f"models-{repeat}" / "m",
        )
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return {
        "labels": outcome.n_labels,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "candidate": outcome.model.candidate,
    }


def in_temporary_folder(function, *args):  # type: ignore[no-untyped-def]
    """Run `function(*args, folder)` in a fresh folder under benchmarks/out (cwd too)."""
    import os

    from common import out_dir

    with tempfile.TemporaryDirectory(dir=out_dir()) as folder:
        previous = Path.cwd()
        os.chdir(folder)  # MLflow's default store is relative to the working folder
        try:
            return function(*args, Path(folder))
        finally:
            os.chdir(previous)
