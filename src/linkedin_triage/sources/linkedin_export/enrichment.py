"""The optional enrichment table: profile attributes read by URL and merged into requests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.sources.date_order import DateOrder
from linkedin_triage.sources.linkedin_export.reading import url_key_or_none
from linkedin_triage.sources.requests_reader import RequestsReader
from linkedin_triage.sources.value_text import as_contract_text

PROFILE_COLUMNS = (
    "headline", "title", "company", "industry", "location", "country", "mutual_connections",
    "connections", "followers", "has_photo", "verified", "joined_on", "about", "experience_count",
    "education_count", "skills_count", "recommendations_count", "past_companies", "schools",
)  # fmt: skip


@dataclass
class Enrichment:
    """Profile attributes keyed by profile URL, as contract-normalised text."""

    values: pd.DataFrame  # index = profile_url_key, columns = PROFILE_COLUMNS present
    rows: int
    rejected_rows: int
    without_url: int
    repeated: int
    notices: list[str]


def read_enrichment(path: Path, date_order: DateOrder = DateOrder.DETECT) -> Enrichment:
    """Read an enrichment table (contract columns or third-party aliases) keyed by profile URL."""
    reader = RequestsReader(Path(path), strict_columns=False, date_order=date_order)
    mapped = set(reader.columns.canonical)
    if "profile_url" not in mapped:
        raise TriageError(
            f"{path}: no profile URL column (expected profile_url or an alias such as profileUrl); "
            f"found: {', '.join(reader.headers)}"
        )
    mapped |= {"country"} if "location" in mapped else set()
    mapped |= {"has_photo"} if "photo_url" in mapped else set()
    frames = [chunk.frame for chunk in reader.chunks()]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    columns = [c for c in PROFILE_COLUMNS if c in mapped]
    text = pd.DataFrame({c: as_contract_text(frame, c) for c in columns}, index=frame.index)
    keys = frame["profile_url"].map(url_key_or_none)
    text.index = pd.Index(keys, dtype=object)
    with_url = text[text.index.notna()]
    unique = with_url[~with_url.index.duplicated(keep="first")]
    return Enrichment(
        values=unique,
        rows=reader.n_read,
        rejected_rows=reader.n_rejected_rows,
        without_url=int(keys.isna().sum()),
        repeated=len(with_url) - len(unique),
        notices=list(reader.notices),
    )


def merge_enrichment(
    requests: pd.DataFrame, enrichment: Enrichment
) -> tuple[pd.DataFrame, int, int]:
    """Profile columns added by decoded URL; core columns and labels are never touched.

    Returns the merged frame, the requests matched and the enrichment rows that matched none.
    """
    keys = requests["profile_url"].map(url_key_or_none)
    found = keys.isin(enrichment.values.index) & keys.notna()
    merged = requests.copy()
    for column in enrichment.values.columns:
        lookup = enrichment.values[column]
        merged[column] = keys.map(lambda k, s=lookup: s.get(k) if k is not None else None)
    unmatched = int((~enrichment.values.index.isin(keys.dropna())).sum())
    return merged, int(found.sum()), unmatched
