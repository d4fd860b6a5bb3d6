"""Fake-profile signs: the indicators, fake_score and looks_fake, from a normalised frame.

The weights are shown to users: features.py's docstring states them (a test holds it to
FAKE_WEIGHTS), so change both together. Also yields `_note_scam` and `_note_contact`, the
note's share of suspicious_text, which the note signals reuse.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from linkedin_triage.signals import word_lists
from linkedin_triage.signals.text_matching import (
    Signals,
    any_matches,
    as_float,
    matches,
    number_column,
    text_column,
)
from linkedin_triage.signals.word_patterns import SPACE

FEW_CONNECTIONS = 30
FEW_FOLLOWERS = 15
RECENTLY_JOINED_DAYS = 120
# Everyone a person is connected to follows them by default: followers well under the
# connection count mean connections bought or farmed, or an account that never posts.
FOLLOWERS_PER_CONNECTION = 0.5
# `500+` is all LinkedIn shows past 500: compare followers with that floor.
CONNECTIONS_FLOOR_500 = 500

FAKE_WEIGHTS = {
    "no_photo": 0.20,
    "few_connections": 0.20,
    "recently_joined": 0.15,
    "thin_profile": 0.15,
    "suspicious_text": 0.30,
    "odd_name": 0.10,
    "few_followers": 0.05,
    "not_verified": 0.05,
    "empty_profile": 0.25,
    "followers_below_connections": 0.10,
    "title_without_employer": 0.05,
}

_CONTACT_PATTERNS = (
    word_lists.LINK,
    word_lists.EMAIL,
    word_lists.PHONE,
    word_lists.SPELLED_PHONE,
    word_lists.MESSAGING_APPS,
)


def _suspicious_text(frame: pd.DataFrame) -> Signals:
    """Scam words or contact details (links, emails, phones, apps) in note, headline or About."""
    message, headline = text_column(frame, "message"), text_column(frame, "headline")
    note_scam = matches(message, word_lists.SCAM_WORDS)
    note_contact = any_matches(message, _CONTACT_PATTERNS)
    in_headline = any_matches(headline, (word_lists.SCAM_WORDS, *_CONTACT_PATTERNS))
    # A scam can hide in the About section too; a link there is normal, so only scam words count.
    in_about = matches(text_column(frame, "about"), word_lists.SCAM_WORDS)
    known = message.notna() | headline.notna() | frame["about"].notna()
    suspicious = note_scam | note_contact | in_headline | in_about
    return {
        "suspicious_text": as_float(suspicious, known),
        "_note_scam": note_scam,
        "_note_contact": note_contact,
    }


def _odd_name(frame: pd.DataFrame) -> pd.Series:
    """A name in an unusual form: all lower/upper case, digits, one word, or symbols.

    Case and word checks apply to scripts with letter case only: `王伟` is neither
    lower case nor an odd single word.
    """
    name = text_column(frame, "name").str.strip()
    lower, upper = name.str.lower(), name.str.upper()
    cased = (name != upper) | (name != lower)
    lower_only = cased & (name == lower)
    upper_only = cased & (name == upper) & (name.str.len() > 3)
    digits = matches(name, r"\p{Nd}")
    one_word = cased & ~matches(name, SPACE)
    symbols = matches(name, r"[$€£@#*!?=_/\\|<>{}\[\]~^]")
    odd = (lower_only | upper_only | one_word).fillna(False).astype(bool) | digits | symbols
    return as_float(odd, name.notna())


def _thin_profile(frame: pd.DataFrame) -> pd.Series:
    """The share (0..1) of the known thin signs: no About, few experiences or skills, no school."""
    experiences = number_column(frame, "experience_count")
    skills = number_column(frame, "skills_count")
    education = number_column(frame, "education_count")
    connections = number_column(frame, "connections")
    thin_parts = pd.DataFrame(
        {
            "no_about": frame["about"].isna().astype(float),
            "few_experiences": as_float(experiences <= 1, experiences.notna()),
            "few_skills": as_float(skills < 3, skills.notna()),
            "no_education": as_float(education == 0, education.notna()),
        }
    )
    # An absent About is only evidence when the profile was enriched at all.
    enriched = experiences.notna() | skills.notna() | education.notna() | connections.notna()
    thin_parts.loc[~enriched, "no_about"] = np.nan
    return thin_parts.mean(axis=1, skipna=True)


def _empty_profile(frame: pd.DataFrame) -> pd.Series:
    """1 when every known section of the profile is empty (at least two of them known).

    Sections: experience, skills, education (their counts) and About (absent, on a profile
    that was enriched at all). An empty profile with an executive headline and 500+
    connections is the article's first "no": made for spam or phishing.
    """
    counts = {
        c: number_column(frame, c) for c in ("experience_count", "skills_count", "education_count")
    }
    sections = pd.DataFrame({c: as_float(v == 0, v.notna()) for c, v in counts.items()})
    enriched = pd.concat([v.notna() for v in counts.values()], axis=1).any(axis=1)
    sections["about"] = as_float(frame["about"].isna(), enriched)
    known = sections.notna().sum(axis=1)
    empty = sections.fillna(1.0).min(axis=1) == 1.0
    return as_float(empty, known >= 2)


def _followers_below_connections(connections: pd.Series, followers: pd.Series) -> pd.Series:
    floor = connections.clip(upper=CONNECTIONS_FLOOR_500)
    below = followers < FOLLOWERS_PER_CONNECTION * floor
    return as_float(below, connections.notna() & followers.notna())


def _about_length(frame: pd.DataFrame) -> pd.Series:
    """log(1 + characters of About): 0 when an enriched profile has none, unknown otherwise."""
    length = np.log1p(frame["about"].astype("str").str.len().astype(float))
    enriched = frame[["experience_count", "skills_count", "education_count"]].notna().any(axis=1)
    return length.where(frame["about"].notna(), np.where(enriched, 0.0, np.nan))


def _days_between(start: pd.Series, end: pd.Series) -> pd.Series:
    """Whole days from start to end as floats, NaN where either is unknown.

    Counted on day numbers, not by subtracting timestamps: pandas raises OverflowError on
    `NaT - 2195-01-01` (a far date is a valid cell), and one row must not stop a run.
    """
    days = [
        pd.to_datetime(column, errors="coerce").to_numpy("datetime64[D]").astype("int64")
        for column in (start, end)
    ]
    known = start.notna().to_numpy() & end.notna().to_numpy()
    span = (days[1].astype(float) - days[0].astype(float)).astype(float)
    return pd.Series(np.where(known, span, np.nan), index=start.index)


def _title_without_employer(frame: pd.DataFrame, names_employer: pd.Series) -> pd.Series:
    """The role is named (`CTO`, `Founder & CEO | Investor`) but no employer, anywhere."""
    role = text_column(frame, "title").fillna(text_column(frame, "headline"))
    bare = matches(role, word_lists.ROLE_WORDS) & ~names_employer & frame["company"].isna()
    return as_float(bare, role.notna())


def fake_profile_signals(
    frame: pd.DataFrame, fake_score_ignore: float, names_employer: pd.Series
) -> Signals:
    """The fake indicators, account_age_days, fake_score and looks_fake (+ the note's share).

    Args:
        fake_score_ignore: the policy's line on fake_score; looks_fake is 1 at or above it.
        names_employer: rows whose headline names an employer (`... at Acme`).
    """
    connections = number_column(frame, "connections")
    followers = number_column(frame, "followers")
    age = _days_between(frame["joined_on"], frame["received_at"]).clip(lower=0)
    text = _suspicious_text(frame)
    has_photo, verified = number_column(frame, "has_photo"), number_column(frame, "verified")
    indicators = {
        "no_photo": as_float(has_photo == 0, has_photo.notna()),
        "few_connections": as_float(connections < FEW_CONNECTIONS, connections.notna()),
        "few_followers": as_float(followers < FEW_FOLLOWERS, followers.notna()),
        "recently_joined": as_float(age < RECENTLY_JOINED_DAYS, age.notna()),
        "not_verified": as_float(verified == 0, verified.notna()),
        "thin_profile": _thin_profile(frame),
        "suspicious_text": text["suspicious_text"],
        "odd_name": _odd_name(frame),
        "empty_profile": _empty_profile(frame),
        "followers_below_connections": _followers_below_connections(connections, followers),
        "title_without_employer": _title_without_employer(frame, names_employer),
    }
    # An unknown indicator adds nothing: missing data is not evidence of a fake.
    fake_score = sum(indicators[k].fillna(0.0) * w for k, w in FAKE_WEIGHTS.items())
    return {
        **indicators,
        "_note_scam": text["_note_scam"],
        "_note_contact": text["_note_contact"],
        "account_age_days": age,
        "about_length": _about_length(frame),
        "fake_score": pd.Series(fake_score, index=frame.index).clip(0.0, 1.0),
        # The score past the user's own line: a fake is a kind of profile, not a degree of
        # one, and a linear model cannot draw that step from the score alone.
        "looks_fake": (pd.Series(fake_score, index=frame.index) >= fake_score_ignore).astype(float),
    }
