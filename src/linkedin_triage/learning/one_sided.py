"""Histories of accepts only: what can be learned from them, and what cannot.

LinkedIn's data export forgets the invitations a user ignored: real exports list 96-100%
accepts. From such a history no model can learn what the user ignores or why, and any
metric that needs both classes (ROC-AUC, log-loss, accuracy, precision) is meaningless on
it: a held-out slice of accepts is "1.000 accurate" for a model that accepts everyone.

Below `min_labels_per_class` ignores `train` therefore says so, shows no metric that needs
both classes (no held-out table, learning curve or report; only how the rules treated the
requests the user accepted, `AcceptedByTheRules`), and ranks with the hand-written rules,
recalibrated to what the labels can estimate:
- under CALIBRATE_FROM ignores, nothing: their score as written. Moving it to the accept
  rate of the history (0.99, a rate the export made up by forgetting the ignores) gave
  everyone p_accept 0.998. No automatic decision either: the precision of one cannot be
  measured without ignores, so every request goes to review, ranked by the rules;
- from CALIBRATE_FROM ignores on, the rules' score calibrated to the accept rate (the
  calibrated rules, `rules_prior`), as with few labels of both kinds; still no automatic
  decision: a gate's precision measured on a handful of ignores is luck.

Positive-unlabelled learning (accepted vs. not-yet-answered requests) was measured as an
alternative and is not used: see benchmarks/RESULTS.md, "One-sided histories".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# What the user can do about it; the commands named are those of the request ledger.
COLLECT_IGNORES = (
    "to teach it what you ignore, keep every request in the ledger (`linkedin-triage "
    "ingest` your invitation emails: they keep the requests the export forgets) and record "
    "your decisions on the review page (`linkedin-triage review`) or with `linkedin-triage "
    "decide`; from {minimum} ignores on, `train` learns your own weights"
)


# Below this many ignores not even the accept rate can be estimated (triage_model.py's
# CALIBRATE_RULES_FROM is the same line for few labels of either kind).
CALIBRATE_FROM = 5


def headline(n_ignore: int) -> str:
    """The first thing `train` says about a one-sided history."""
    ranked = (
        "the rules rank your requests and every request goes to review"
        if n_ignore < CALIBRATE_FROM
        else "the rules rank your requests, calibrated to your accept rate, and every "
        "request goes to review"
    )
    return f"too few ignores to learn from: the tool cannot learn what you ignore; {ranked}"


def is_one_sided(n_accept: int, n_ignore: int, min_per_class: int) -> bool:
    """Too few ignores to learn from, though the accepts alone would be enough."""
    return n_ignore < min_per_class <= n_accept


@dataclass(frozen=True)
class AcceptedByTheRules:
    """How the rules' verdicts would have treated the requests the user accepted."""

    n_accept: int
    accept: float  # share of the user's accepts the rules accept
    review: float
    ignore: float

    def line(self) -> str:
        return (
            f"of your {self.n_accept} accepted requests the rules would have accepted "
            f"{self.accept:.0%}, sent {self.review:.0%} to review and ignored {self.ignore:.0%}"
        )


def accepted_by_the_rules(verdicts: np.ndarray, y: np.ndarray) -> AcceptedByTheRules:
    """The rules' verdicts on the accepted rows: a measure that needs no ignores."""
    accepted = np.asarray(verdicts, dtype=object)[np.asarray(y) == 1]
    n = len(accepted)
    share = {
        v: float(np.mean(accepted == v)) if n else float("nan")
        for v in ("accept", "review", "ignore")
    }
    return AcceptedByTheRules(n, share["accept"], share["review"], share["ignore"])


def one_sided_notes(n_accept: int, n_ignore: int, minimum: int) -> list[str]:
    """What `train` tells a user whose history has (almost) no ignores, in plain words."""
    ignores = "no ignored ones" if n_ignore == 0 else f"only {n_ignore} ignored"
    first = (
        f"your history has {n_accept} accepted requests and {ignores}: LinkedIn's export "
        "forgets the requests you ignore, so the tool cannot learn what you ignore or why"
    )
    if n_ignore < CALIBRATE_FROM:
        ranked = (
            "until it can, the hand-written rules rank your requests (p_accept is their score "
            "as written; your accept rate cannot be estimated from accepts alone) and every "
            "request goes to review: no automatic accept or ignore, since their precision "
            "cannot be measured without ignores"
        )
    else:
        ranked = (
            "until it can, the hand-written rules rank your requests, their score calibrated "
            "to your accept rate, and every request goes to review: with so few ignores the "
            "precision of an automatic accept or ignore cannot be measured, and no table of "
            "held-out metrics is shown, since each would rest on a handful of them"
        )
    return [first, ranked, COLLECT_IGNORES.format(minimum=minimum)]
