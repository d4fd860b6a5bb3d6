"""The mix of first-degree connections by the policy: own companies, competitors, roles.

Connections.csv gives each connection's Company and Position today, nothing else: no
industry, no location. So the policy's competitors and the user's own companies are matched
on Company (the project's company-name normalisation, as the signals do), its titles on
Position (the same RE2 patterns as `title_matches_interests` and `function_matches_interests`);
industries and markets cannot be told, and the report says so rather than guess.
"""

from __future__ import annotations

import pandas as pd

from linkedin_triage.explaining.network_numbers import MixNumbers, Number
from linkedin_triage.policy import Policy
from linkedin_triage.signals import word_lists
from linkedin_triage.signals.prepared_policy import PolicyView, names_functions, token_set
from linkedin_triage.signals.text_matching import (
    matches,
    names_match,
    starts_with_any,
    text_column,
    without,
)

NOT_IN_EXPORT = (
    "not computed: Connections.csv has no {what} for connections (only Company and Position); "
    "the export cannot tell"
)


def connection_mix(named: pd.DataFrame | None, policy: Policy, missing_line: str) -> MixNumbers:
    """Counts of named connections by the policy's companies, competitors and titles."""
    industries = Number(None, NOT_IN_EXPORT.format(what="industry"))
    markets = Number(None, NOT_IN_EXPORT.format(what="location"))
    if named is None:
        missing = Number(None, f"not computed: {missing_line}")
        return MixNumbers(
            missing, missing, missing, missing, missing, missing, missing, industries, markets
        )
    company = named["company"].where(named["company"].str.strip() != "")
    position = named["position"].where(named["position"].str.strip() != "")
    me, interests = policy.me, policy.interests
    own = _company_counts(company, me.companies)
    rivals = _company_counts(company, interests.competitors)
    how_company = (
        "connections whose Company is {which} (names compared without case, accents, "
        "punctuation or legal form: `Capgemini Italia S.p.A.` is Capgemini)"
    )
    return MixNumbers(
        Number(int(company.notna().sum()), "connections whose Company is not empty"),
        Number(int(position.notna().sum()), "connections whose Position is not empty"),
        Number(own[0], how_company.format(which="one of yours ([me] companies)")),
        Number(own[1], "own_companies per company of [me] companies"),
        Number(rivals[0], how_company.format(which="a competitor ([interests] competitors)")),
        Number(rivals[1], "competitors per company of [interests] competitors"),
        _interest_titles(named, position, policy),
        industries,
        markets,
    )


def _company_counts(company: pd.Series, names: list[str]) -> tuple[int, dict[str, int]]:
    """Connections at any of `names`, and per name (a connection is counted once overall)."""
    if not names:
        return 0, {}
    overall = names_match([company], token_set(names), starts_with_any).eq(1)
    each = {
        n: int(names_match([company], token_set([n]), starts_with_any).eq(1).sum()) for n in names
    }
    return int(overall.sum()), each


def _interest_titles(named: pd.DataFrame, position: pd.Series, policy: Policy) -> Number:
    view = PolicyView.of(policy)
    if view.title_pattern is None and not view.wanted_functions:
        return Number(None, "not computed: the policy's [interests] titles is empty")
    text = text_column(pd.DataFrame({"position": position}), "position")
    hit = pd.Series(False, index=named.index)
    if view.title_pattern is not None:
        # `Developer` is not found in `Business Developer`, unless the user asks for those.
        searched = (
            text
            if view.titles_name_false_friends
            else without(text, word_lists.FALSE_FRIEND_TITLES)
        )
        hit |= matches(searched, view.title_pattern, ignore_case=False)
    if view.wanted_functions:
        hit |= names_functions(text, view.wanted_functions)
    return Number(
        int((hit & position.notna()).sum()),
        "connections whose Position names one of the policy's [interests] titles, or the job "
        "function they name (the same patterns as the signals use on a request's title)",
    )
