"""Plain-language reasons: contributions grouped by signal family, strongest first.

`+ 14 mutual connections; + works in Banking (your interest); - note pitches a service`
The sign says which way the signal pushed this prediction; the words state a fact that is
true of this person, so they read true whichever way the model weighs it:
- a yes/no signal that is *off* pushes as its absence, in its own words (`- no role you
  look for`), never under its family's phrase for what *is* there (which read backwards:
  `- works in a function you look for` when the push came from the missing title match);
- the model's input from the hand-written rules is handed to the facts that made the rules
  fire (see `grouped`);
- an effect too small to matter (under MIN_SHOWN on the log-odds) is not a reason.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from linkedin_triage.explaining.contributions import RULE_PREFIX, Contributions
from linkedin_triage.signals.features import FEATURE_GROUPS
from linkedin_triage.signals.rules import RULES, RULES_BY_NAME

TOP_REASONS = 3
# 0.05 on the log-odds moves p by at most 1.25 points: below that a line would name a fact
# that did not move the decision.
MIN_SHOWN = 0.05
BASELINE_GROUP = "your baseline rules"
ABSENT_PREFIX = "absent: "
GROUP_OF = {**FEATURE_GROUPS, "rules_score": BASELINE_GROUP}
GROUP_OF.update({RULE_PREFIX + name: RULE_PREFIX + name for name in RULES_BY_NAME})

Row = dict[str, object]


def _num(row: Row, key: str) -> float:
    value = row.get(key)
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def _is(row: Row, key: str) -> bool:
    return _num(row, key) == 1.0


def _known(row: Row, key: str) -> bool:
    return not np.isnan(_num(row, key))


def _text(row: Row, key: str) -> str | None:
    value = row.get(key)
    return value if isinstance(value, str) and value else None


def _mutuals(row: Row) -> str:
    m = _num(row, "mutual_connections")
    if np.isnan(m):
        return "mutual connections unknown"
    return f"{int(m)} mutual connection" + ("" if m == 1 else "s")


def _industry(row: Row) -> str:
    industry = _text(row, "industry")
    if industry is None:
        return "industry unknown"
    if _is(row, "industry_is_mine"):
        return f"works in {industry} (your industry)"
    if _is(row, "industry_in_interests"):
        return f"works in {industry} (your interest)"
    return f"works in {industry}"


def _title(row: Row) -> str:
    title = _text(row, "title") or _text(row, "headline")
    if title is None:
        return "role unknown"
    short = title if len(title) <= 40 else title[:39] + "…"
    if _is(row, "title_matches_interests"):
        return f"role you look for ({short})"
    if _is(row, "function_matches_interests"):
        return f"works in a function you look for ({short})"
    return f"role outside your interests ({short})"


def _geography(row: Row) -> str:
    country = _text(row, "country")
    if country is None:
        return "location unknown"
    if _is(row, "remote_and_unrelated"):
        return f"in {country}, far from your markets and work"
    if _is(row, "country_in_markets"):
        return f"in {country}, one of your markets"
    return f"in {country}, outside your markets"


_FAKE_SIGNS = {
    "no_photo": "no photo",
    "few_connections": "few connections",
    "recently_joined": "new account",
    "suspicious_text": "links, contacts or scam words",
    "odd_name": "odd name",
    "thin_profile": "thin profile",
    "empty_profile": "empty profile",
    "followers_below_connections": "far fewer followers than connections",
    "title_without_employer": "a title but no employer",
    "text_repeated_in_batch": "same About or note as other requests",
}


def _fake(row: Row) -> str:
    score = _num(row, "fake_score")
    signs = [label for key, label in _FAKE_SIGNS.items() if _num(row, key) >= 0.5]
    if score >= 0.35 and signs:
        return f"looks fake ({', '.join(signs[:3])})"
    if signs:
        return f"some fake-profile signs ({', '.join(signs[:2])})"
    return "profile looks genuine"


def _network(row: Row) -> str:
    if _is(row, "open_networker"):
        return "an open networker (accepts everyone)"
    if _is(row, "connections_500_plus"):
        return "500+ connections"
    n = _num(row, "connections_log")
    return "connection count unknown" if np.isnan(n) else f"{round(np.expm1(n))} connections"


def _completeness(row: Row) -> str:
    experiences = _num(row, "experience_count")
    skills = _num(row, "skills_count")
    if np.isnan(experiences) and np.isnan(skills):
        return "profile details unknown"
    if (experiences <= 1) or (skills < 3):
        return "thin profile"
    return "detailed profile"


def _competitor(row: Row) -> str:
    if _is(row, "is_competitor"):
        company = _text(row, "company")
        return f"works for a competitor ({company})" if company else "works for a competitor"
    if _is(row, "was_competitor"):
        return "used to work for a competitor"
    return "not a competitor" if _known(row, "is_competitor") else "employer unknown"


def _bridge(row: Row) -> str:
    reach = _num(row, "bridge_reach_log")
    if np.isnan(reach):
        return "network reach unknown"
    prefix = "at least " if _is(row, "connections_500_plus") else "~"
    return f"brings {prefix}{round(np.expm1(reach))} new 2nd-degree contacts"


def _note(row: Row) -> str:
    if _is(row, "note_is_scam"):
        return "note has scam words or contact details"
    if _is(row, "note_is_personal"):
        return "wrote a personal note"
    if _is(row, "note_is_sales_pitch"):
        return "note pitches a service"
    if _is(row, "note_is_recruiter_template"):
        return "note is a recruiter template"
    if _is(row, "note_is_generic"):
        return "generic note"
    return "sent a note" if _is(row, "has_note") else "no note"


def _seniority(row: Row) -> str:
    level = _num(row, "seniority")
    names = {
        0: "student or intern",
        1: "individual contributor",
        2: "manager or director",
        3: "C-level, founder or partner",
    }
    return "seniority unknown" if np.isnan(level) else names[int(level)]


FUNCTION_NAMES = {
    "people": "HR or recruiting",
    "it": "IT",
    "academic": "research or teaching",
    "founder": "founding or owning a business",
}


def _function(row: Row) -> str:
    named = [
        FUNCTION_NAMES.get(g.removeprefix("function_"), g.removeprefix("function_"))
        for g, family in FEATURE_GROUPS.items()
        if family == "job function" and _is(row, g)
    ]
    if named:
        return "works in " + " and ".join(named[:2])
    known = any(_known(row, g) for g, f in FEATURE_GROUPS.items() if f == "job function")
    return "job function not recognised" if known else "role unknown"


def _baseline(row: Row) -> str:
    decision = _text(row, "rules_decision") or "review"
    fired = [name for name in (_text(row, "fired_rules") or "").split("; ") if name]
    if fired:
        return f"your rules say {decision}: {RULES_BY_NAME[fired[0]].reason}"
    return f"your rules say {decision}"


# How each yes/no signal reads when it is off (0) for a request. A signal that is off and
# pushed the prediction is its own reason, in these words.
ABSENT: dict[str, str] = {
    "shares_employer": "no employer in common",
    "shares_school": "no school in common",
    "my_network_below_critical_mass": "your network has reached the critical mass your policy sets",
    "industry_is_mine": "not in your industry",
    "industry_in_interests": "not in an industry of interest to you",
    "title_matches_interests": "no role you look for",
    "function_matches_interests": "not in a function you look for",
    "senior_in_role_i_want": "not senior in a role you look for",
    "is_student": "not a student",
    "is_executive": "not an executive",
    "is_senior": "not senior",
    "is_recruiter": "not a recruiter",
    "is_sales": "not in sales",
    "is_engineer": "not in engineering, data or IT",
    "same_country": "not in your country",
    "country_in_markets": "not in one of your markets",
    "same_city": "not in your city",
    "other_continent": "on your continent",
    "remote_and_unrelated": "not remote from your markets and work",
    "no_photo": "has a photo",
    "few_connections": "not few connections",
    "few_followers": "not few followers",
    "recently_joined": "not a new account",
    "not_verified": "verified",
    "thin_profile": "profile not thin",
    "suspicious_text": "no links, contacts or scam words",
    "odd_name": "ordinary name",
    "looks_fake": "does not look fake",
    "empty_profile": "profile not empty",
    "followers_below_connections": "followers in line with connections",
    "title_without_employer": "not a bare title without an employer",
    "text_repeated_in_batch": "About and note not copied from other requests",
    "open_networker": "not an open networker",
    "connections_500_plus": "under 500 connections",
    "big_network_few_mutuals": "not a big network with few mutuals",
    "is_competitor": "not a competitor",
    "was_competitor": "never worked for a competitor",
    "competitor_with_many_mutuals": "not a competitor you share many contacts with",
    "has_note": "no note",
    "note_is_personal": "no personal note",
    "note_is_generic": "not a generic note",
    "note_is_sales_pitch": "no sales pitch in the note",
    "note_is_recruiter_template": "not a recruiter template",
    "note_is_scam": "no scam words or contacts in the note",
    # Rules that did not fire (the others share a name and a meaning with a signal above).
    "scam_or_contact_in_note": "no scam words or contacts in the note",
    "personal_note": "no personal note",
    "many_mutuals": "few mutual connections",
    "competitor": "not a competitor",
    "relevant_in_my_markets": "no industry or role you look for in your markets",
    "irrelevant_industry_and_role": "an industry or role of some relevance to you",
    "sales_pitch_note": "no sales pitch in the note",
    "unproven_profile": "a real-looking profile, or a personal tie",
    "relevant_bridge": "not a bridge to a wide network in your field",
    "below_critical_mass": (
        "your network has reached the critical mass your policy sets, or few mutual connections"
    ),
}


def _not_in_function(group: str) -> str:
    name = group.removeprefix("function_")
    return (
        "not a founder or owner"
        if name == "founder"
        else f"not in {FUNCTION_NAMES.get(name, name)}"
    )


# One yes/no signal per job function (features.py): `- not in sales`, `- not in IT`.
ABSENT.update(
    {g: _not_in_function(g) for g, family in FEATURE_GROUPS.items() if family == "job function"}
)

PHRASES: dict[str, Callable[[Row], str]] = {
    "mutual connections": _mutuals,
    "shared employer": lambda r: (
        "worked at one of your companies"
        if _is(r, "shares_employer")
        else ("no employer in common" if _known(r, "shares_employer") else "employers unknown")
    ),
    "shared school": lambda r: (
        "studied at one of your schools"
        if _is(r, "shares_school")
        else ("no school in common" if _known(r, "shares_school") else "schools unknown")
    ),
    "your network size": lambda r: (
        "your network is still short of the critical mass your policy sets"
        if _is(r, "my_network_below_critical_mass")
        else "your network has reached the critical mass your policy sets"
    ),
    "industry": _industry,
    "title": _title,
    "seniority": _seniority,
    "recruiter": lambda r: "works in recruiting" if _is(r, "is_recruiter") else "not a recruiter",
    "sales role": lambda r: "works in sales" if _is(r, "is_sales") else "not in sales",
    "tech role": lambda r: (
        "works in engineering, data or IT" if _is(r, "is_engineer") else "not in engineering"
    ),
    "job function": _function,
    "geography": _geography,
    "fake-profile signs": _fake,
    "network size": _network,
    "profile completeness": _completeness,
    "competitor": _competitor,
    "bridge to a wider network": _bridge,
    "note": _note,
    BASELINE_GROUP: _baseline,
}


def phrase(group: str, row: Row) -> str:
    if group.startswith(ABSENT_PREFIX):
        return ABSENT[group.removeprefix(ABSENT_PREFIX)]
    if group.startswith(RULE_PREFIX):
        return RULES_BY_NAME[group.removeprefix(RULE_PREFIX)].reason
    return PHRASES[group](row)


# The signal family each rule speaks for: the baseline's contribution is handed to them.
RULE_GROUP = {
    "looks_fake": "fake-profile signs",
    "scam_or_contact_in_note": "fake-profile signs",
    "shares_employer": "shared employer",
    "shares_school": "shared school",
    "personal_note": "note",
    "many_mutuals": "mutual connections",
    "competitor": "competitor",
    # Industry *or* role: the rule's own words, since either may be the fact (from an email
    # the industry is unknown while the headline names the role).
    "relevant_in_my_markets": RULE_PREFIX + "relevant_in_my_markets",
    "remote_and_unrelated": "geography",
    "irrelevant_industry_and_role": RULE_PREFIX + "irrelevant_industry_and_role",
    "sales_pitch_note": "note",
    "relevant_bridge": "bridge to a wider network",
    "below_critical_mass": "your network size",
    "unproven_profile": "fake-profile signs",
}


# Off signals whose family's phrase already says so: `in US, outside your markets` covers
# country_in_markets; `works in Farming` covers the industry flags. Left in their family, so
# one line says it instead of two.
SAID_BY_FAMILY = {"country_in_markets", "same_country", "same_city", "industry_is_mine",
                  "industry_in_interests"}  # fmt: skip
# The title family says `role outside your interests` only when both of these are off.
TITLE_SIGNALS = ("title_matches_interests", "function_matches_interests")


def _off(name: str, context: pd.DataFrame) -> np.ndarray:
    """Rows where the yes/no signal `name` is off and its family's phrase does not say so."""
    off = (pd.to_numeric(context[name], errors="coerce") == 0).to_numpy()
    if name in TITLE_SIGNALS and all(s in context for s in TITLE_SIGNALS):
        both = [(pd.to_numeric(context[s], errors="coerce") == 0).to_numpy() for s in TITLE_SIGNALS]
        off = off & ~(both[0] & both[1])
    return off


def split_absent(values: pd.DataFrame, context: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Contributions of yes/no signals that are off, moved to reasons of their own.

    Returns (what stays with the families, one `absent: <signal>` column per such signal).
    """
    present = values.copy()
    absent = {}
    for name in ABSENT:
        if name in values.columns and name in context.columns and name not in SAID_BY_FAMILY:
            off = _off(name, context)
            column = values[name].to_numpy(float)
            absent[ABSENT_PREFIX + name] = np.where(off, column, 0.0)
            present[name] = np.where(off, 0.0, column)
    return present, pd.DataFrame(absent, index=values.index)


def reason_groups(
    contrib: Contributions, context: pd.DataFrame, fired: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every candidate reason's contribution (rows x reasons): families, then absent signals."""
    present, absent = split_absent(contrib.values, context)
    by_group = grouped(Contributions(present, contrib.base, contrib.rule_rates), fired)
    for column in absent.columns:  # a signal off and a rule of the same name not fired: one
        before = by_group[column].to_numpy(float) if column in by_group else 0.0
        by_group[column] = before + absent[column].to_numpy(float)
    return _without_a_note_is_one_fact(by_group, context)


# What a note is not (not personal, no scam words...): without any note these all say one
# thing, "no note", and a line "+ no scam words in the note" under no note reads as nonsense.
NOTE_KINDS = ("note_is_personal", "note_is_generic", "note_is_sales_pitch",
              "note_is_recruiter_template", "note_is_scam", "scam_or_contact_in_note",
              "personal_note", "sales_pitch_note")  # fmt: skip
NO_NOTE = ABSENT_PREFIX + "has_note"


def _without_a_note_is_one_fact(by_group: pd.DataFrame, context: pd.DataFrame) -> pd.DataFrame:
    """On rows without a note, every "not this kind of note" reason joins "no note"."""
    if "has_note" not in context.columns:
        return by_group
    no_note = (pd.to_numeric(context["has_note"], errors="coerce") == 0).to_numpy()
    if not no_note.any():
        return by_group
    for name in NOTE_KINDS:
        column = ABSENT_PREFIX + name
        if column not in by_group.columns:
            continue
        values = by_group[column].to_numpy(float)
        before = by_group[NO_NOTE].to_numpy(float) if NO_NOTE in by_group else 0.0
        by_group[NO_NOTE] = before + np.where(no_note, values, 0.0)
        by_group[column] = np.where(no_note, 0.0, values)
    return by_group


def grouped(contrib: Contributions, fired: pd.DataFrame | None = None) -> pd.DataFrame:
    """Contributions summed per signal family (rows x groups).

    The model also sees the baseline's score; a reason "your rules say accept" would hide
    why. So that contribution is handed to the rules that made the score differ from usual
    in the same direction: a rule that fired and pushes that way (to its family), or a rule
    that usually fires (`Contributions.rule_rates`) and did not (to its absence: `- no
    industry or role you look for in your markets`), in proportion to weight times how far
    its firing is from its usual rate. With no such rule it stays its own reason.
    """
    groups = [GROUP_OF.get(c, c) for c in contrib.values.columns]
    by_group = contrib.values.T.groupby(groups, sort=False).sum().T
    if fired is None or BASELINE_GROUP not in by_group.columns:
        return by_group
    baseline = by_group[BASELINE_GROUP].to_numpy(float)
    names = [rule.name for rule in RULES]
    weights = np.array([rule.weight for rule in RULES])
    rates = (
        contrib.rule_rates.reindex(names).fillna(0.0).to_numpy(float)
        if contrib.rule_rates is not None
        else np.zeros(len(RULES))
    )
    state = fired[names].to_numpy(float)
    pushes = (state - rates) * weights
    agree = np.where(np.sign(pushes) == np.sign(baseline)[:, None], np.abs(pushes), 0.0)
    total = agree.sum(axis=1)
    has_home = total > 0
    shares = np.divide(agree, total[:, None], out=np.zeros_like(agree), where=has_home[:, None])
    for k, rule in enumerate(RULES):
        part = baseline * shares[:, k]
        on = state[:, k] == 1.0
        for group, mask in ((RULE_GROUP[rule.name], on), (ABSENT_PREFIX + rule.name, ~on)):
            if group not in by_group.columns:
                by_group[group] = 0.0
            by_group[group] = by_group[group].to_numpy(float) + np.where(mask, part, 0.0)
    by_group[BASELINE_GROUP] = np.where(has_home, 0.0, baseline)
    return by_group


# What each family's phrase reads: only these columns are looked at, and a phrase is built
# once per distinct combination of them (100,000 rows share a few thousand phrases).
GROUP_INPUTS: dict[str, tuple[str, ...]] = {
    "mutual connections": ("mutual_connections",),
    "shared employer": ("shares_employer",),
    "shared school": ("shares_school",),
    "your network size": ("my_network_below_critical_mass",),
    "industry": ("industry", "industry_is_mine", "industry_in_interests"),
    "title": ("title", "headline", "title_matches_interests", "function_matches_interests"),
    "seniority": ("seniority",),
    "recruiter": ("is_recruiter",),
    "sales role": ("is_sales",),
    "tech role": ("is_engineer",),
    "job function": tuple(g for g, family in FEATURE_GROUPS.items() if family == "job function"),
    "geography": ("country", "remote_and_unrelated", "country_in_markets"),
    "fake-profile signs": ("fake_score", *_FAKE_SIGNS),
    "network size": ("open_networker", "connections_500_plus", "connections_log"),
    "profile completeness": ("experience_count", "skills_count"),
    "competitor": ("is_competitor", "was_competitor", "company"),
    "bridge to a wider network": ("bridge_reach_log", "connections_500_plus"),
    "note": (
        "note_is_scam",
        "note_is_personal",
        "note_is_sales_pitch",
        "note_is_recruiter_template",
        "note_is_generic",
        "has_note",
    ),
    BASELINE_GROUP: ("rules_decision", "fired_rules"),
}


def _phrases_by_row(
    group: str, rows: np.ndarray, context: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """One phrase per distinct combination of the group's inputs among `rows`.

    Returns (phrases, code per row): rows with equal inputs share a code, and unknowns (NaN or
    None) count as one value, so 100,000 rows cost a few thousand `phrase` calls.
    """
    keys = GROUP_INPUTS.get(group, ())
    present = [k for k in keys if k in context]
    if not present:
        return np.array([phrase(group, dict.fromkeys(keys))], dtype=object), np.zeros(
            len(rows), dtype=np.intp
        )
    columns = {k: context[k].to_numpy(object)[rows] for k in present}
    codes = pd.DataFrame(columns).groupby(present, dropna=False, sort=False).ngroup()
    codes_array = codes.to_numpy(np.intp)
    _, first = np.unique(codes_array, return_index=True)
    # Read each group's inputs off its first row, as plain Python values (not pandas lookups).
    firsts = {k: columns[k][first].tolist() for k in present}
    phrases = [
        phrase(group, {k: (firsts[k][g] if k in firsts else None) for k in keys})
        for g in range(len(first))
    ]
    return np.array(phrases, dtype=object), codes_array


def reasons(
    contrib: Contributions,
    context: pd.DataFrame,
    fired: pd.DataFrame | None = None,
    top: int = TOP_REASONS,
) -> pd.Series:
    """The `top` strongest grouped contributions per row, as `+ words; - words`.

    `context` holds, for the same rows, the feature values, the normalised profile columns and
    the rules' verdicts (rules_decision, fired_rules), which the phrases read.
    """
    by_group = reason_groups(contrib, context, fired)
    values = by_group.to_numpy(float)
    n = len(values)
    order = np.argsort(-np.abs(values), axis=1, kind="stable")[:, :top]
    slots = np.full((n, order.shape[1]), "", dtype=object)
    for j, group in enumerate(by_group.columns):
        rows, places = np.nonzero(order == j)
        value = values[rows, j]
        said = np.abs(value) >= MIN_SHOWN
        rows, places, value = rows[said], places[said], value[said]
        if not len(rows):
            continue
        phrases, codes = _phrases_by_row(group, rows, context)
        signs = np.where(value > 0, "+ ", "- ").astype(object)
        slots[rows, places] = signs + phrases[codes]
    joined = ["; ".join(part for part in row if part) for row in slots]
    return pd.Series(joined, index=contrib.values.index, dtype="str")
