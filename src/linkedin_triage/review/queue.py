"""What the review page lists: every pending request, scored, explained and in asking order.

The review pile comes first, ordered by how much each answer would teach the model
(`learning.question_order`); then the automatic decisions, for a quick check. A pending
request the model cannot read (a value the reader rejects) is still listed, in the review
pile after the others, with the reason: the page lists every pending request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import quote, quote_plus, urlsplit

import numpy as np
import pandas as pd

from linkedin_triage.explaining.scoring import ScoredFrame
from linkedin_triage.learning.question_order import question_order
from linkedin_triage.learning.triage_model import TriageModel
from linkedin_triage.review.ledger_rows import read_rows

Section = Literal["review", "automatic"]
# Every fake-profile indicator of signals/fake_signals.py, as a person reads it.
FAKE_SIGNS = {
    "no_photo": "no photo",
    "few_connections": "few connections",
    "recently_joined": "new account",
    "thin_profile": "thin profile",
    "suspicious_text": "links, contact details or scam words",
    "odd_name": "odd name",
    "few_followers": "few followers",
    "not_verified": "not verified",
}
LINKEDIN = "https://www.linkedin.com"


@dataclass(frozen=True)
class ReviewItem:
    """One pending request as the page shows it. Every text field is a stranger's: escape it."""

    request_id: str
    name: str
    headline: str | None
    message: str | None
    profile_link: str  # always an https://www.linkedin.com link
    link_is_search: bool  # no usable profile link: a people search for the name instead
    section: Section
    p_accept: float | None = None  # None: the model could not read the request
    decision: str | None = None  # accept / review / ignore
    reasons: tuple[str, ...] = ()
    fake_signs: tuple[str, ...] = ()
    fake_score: float | None = None
    problem: str | None = None  # why it could not be scored


@dataclass
class ReviewQueue:
    items: list[ReviewItem] = field(default_factory=list)

    @property
    def review(self) -> list[ReviewItem]:
        return [i for i in self.items if i.section == "review"]

    @property
    def automatic(self) -> list[ReviewItem]:
        return [i for i in self.items if i.section == "automatic"]

    def automatic_decisions(self) -> dict[str, str]:
        """request_id -> the model's decision, for the requests it would decide alone."""
        return {i.request_id: str(i.decision) for i in self.automatic}


def profile_link(url: object, name: str) -> tuple[str, bool]:
    """A link that opens the person on LinkedIn, and whether it is only a search for the name.

    The profile URL is stranger text: only an http(s) link on linkedin.com is kept, rebuilt
    as https://www.linkedin.com + its quoted path, so no `javascript:` link, other site or
    query string ever reaches the page. Anything else becomes a people search for the name.
    """
    if isinstance(url, str) and url.strip():
        try:
            parts = urlsplit(url.strip())
            host = (parts.hostname or "").lower()
        except ValueError:
            parts, host = None, ""
        on_linkedin = host == "linkedin.com" or host.endswith(".linkedin.com")
        if parts is not None and parts.scheme.lower() in ("http", "https") and on_linkedin:
            path = parts.path if parts.path.startswith("/") else "/" + parts.path
            if path.strip("/"):
                return LINKEDIN + quote(path, safe="/%"), False
    return f"{LINKEDIN}/search/results/people/?keywords={quote_plus(name)}", True


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value)
    return text if text.strip() else None


def _base_item(row: pd.Series, section: Section) -> dict[str, object]:
    name = _text(row.get("name")) or "(no name)"
    link, is_search = profile_link(row.get("profile_url"), name)
    return {
        "request_id": str(row["request_id"]),
        "name": name,
        "headline": _text(row.get("headline")) or _text(row.get("title")),
        "message": _text(row.get("message")),
        "profile_link": link,
        "link_is_search": is_search,
        "section": section,
    }


def build_queue(
    pending: pd.DataFrame,
    model: TriageModel,
    label: str,
    answered: pd.DataFrame | None = None,
) -> ReviewQueue:
    """The page's list from the ledger's pending requests (contract text, as history gives).

    Args:
        answered: labelled requests, normalised: what the model already knows, so the
            question order looks for what it does not.
    """
    if pending.empty:
        return ReviewQueue()
    rows = read_rows(pending, label)
    text = pending.set_index("request_id", drop=False)
    items: list[ReviewItem] = []
    frame = rows.frame
    if len(frame):
        scored = ScoredFrame(model, frame)
        reasons = scored.reasons().to_numpy(object)
        known_matrix, known_p = None, None
        if answered is not None and len(answered):
            known_matrix, _ = model.matrix(answered)
            known_p = model.p_accept(known_matrix)
        order = question_order(
            scored.p_accept,
            scored.decision,
            scored.matrix,
            model.thresholds.accept,
            model.thresholds.ignore,
            answered_features=known_matrix,
            answered_p=known_p,
        )
        fake = scored.matrix[list(FAKE_SIGNS)].to_numpy(float)
        for position in order:
            request_id = str(frame["request_id"].iloc[position])
            decision = str(scored.decision[position])
            signs = tuple(
                label for label, v in zip(FAKE_SIGNS.values(), fake[position], strict=True)
                if v >= 0.5
            )  # fmt: skip
            items.append(
                ReviewItem(
                    **_base_item(text.loc[request_id], _section(decision)),  # type: ignore[arg-type]
                    p_accept=float(scored.p_accept[position]),
                    decision=decision,
                    reasons=tuple(r for r in str(reasons[position]).split("; ") if r),
                    fake_signs=signs,
                    fake_score=float(scored.matrix["fake_score"].iloc[position]),
                )
            )
    scored_ids = set(frame["request_id"].astype(str)) if len(frame) else set()
    unscored = [
        ReviewItem(
            **_base_item(row, "review"),  # type: ignore[arg-type]
            problem=rows.problems.get(str(row["request_id"]), "the model could not read it"),
        )
        for _, row in text.iterrows()
        if str(row["request_id"]) not in scored_ids
    ]
    # The review pile (scored, in asking order), the unreadable ones, then the automatic.
    review = [i for i in items if i.section == "review"]
    automatic = [i for i in items if i.section == "automatic"]
    return ReviewQueue([*review, *unscored, *automatic])


def _section(decision: str) -> Section:
    return "review" if decision == "review" else "automatic"


def p_accept_percent(p: float | None) -> str:
    """p_accept for people: `54%`, `<1%`, `>99%`."""
    if p is None or np.isnan(p):
        return "—"
    if p < 0.01:
        return "<1%"
    if p > 0.99:
        return ">99%"
    return f"{p * 100:.0f}%"
