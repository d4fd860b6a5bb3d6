"""The user's policy, prepared once per transform for the signal families in features.py.

Turning `policy.toml` into patterns and token sets (my companies, the functions my title
keywords name, my markets) costs more than most signals; doing it once per transform keeps
that cost out of every row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from linkedin_triage.policy import Policy
from linkedin_triage.signals import word_lists
from linkedin_triage.signals.company_names import company_tokens, without_legal_form
from linkedin_triage.signals.industry_words import industry_pattern
from linkedin_triage.signals.regions import continent
from linkedin_triage.signals.text_matching import Targets, matches, text_column, without
from linkedin_triage.signals.word_patterns import fold, keyword_pattern


def functions_of(keywords: list[str]) -> tuple[str, ...]:
    """The job functions the user's title keywords name (`Head of IT` -> it)."""
    texts = keywords_as_text(keywords)
    return tuple(f for f in word_lists.JOB_FUNCTIONS if names_functions(texts, (f,)).any())


def keywords_as_text(keywords: list[str]) -> pd.Series:
    """The user's keywords as text in the form vocab's patterns expect."""
    return text_column(pd.DataFrame({"k": keywords}, dtype=object), "k")


def names_functions(text: pd.Series, functions: Iterable[str]) -> pd.Series:
    """Rows whose text names any of the job functions.

    `Business Developer` is sales, not engineering: false friends are taken out of the text
    for every function but sales, whose own words they are.
    """
    plain = without(text, word_lists.FALSE_FRIEND_TITLES)
    hit = pd.Series(False, index=text.index)
    for function in functions:
        hit |= matches(text if function == "sales" else plain, word_lists.JOB_FUNCTIONS[function])
    return hit


def token_set(names: Iterable[str]) -> Targets:
    return tuple(t for t in (company_tokens(n) for n in names) if t)


def industry_key(value: str) -> str:
    return fold(value).strip()


@dataclass(frozen=True)
class PolicyView:
    """What the transformer needs from the policy, prepared once per transform."""

    my_companies: Targets
    my_schools: Targets
    competitors: Targets
    my_industry: str
    interest_industries: frozenset[str]
    title_pattern: str | None
    titles_name_false_friends: bool  # the user wants `Business Developer`s themselves
    wanted_functions: tuple[str, ...]
    my_country: str
    my_continent: str | None
    markets: frozenset[str]
    city_pattern: str | None
    me_pattern: str | None  # my name or city in a note: personal only if not a template
    # My companies and schools, and my competitors, in a note (a shared context) or where
    # only a headline tells where someone works.
    my_companies_pattern: str | None
    my_schools_pattern: str | None
    competitors_pattern: str | None
    my_industry_words: str | None  # words naming my industry in a headline or company name
    interest_industry_words: str | None
    many_mutuals: int
    fake_score_ignore: float
    below_critical_mass: float

    @classmethod
    def of(cls, policy: Policy) -> PolicyView:
        me, interests = policy.me, policy.interests
        name_parts = [p for p in me.name.split() if len(p) >= 3]
        below = (
            np.nan if me.connections is None else float(me.connections < policy.rules.critical_mass)
        )
        return cls(
            my_companies=token_set(me.companies),
            my_schools=token_set(me.schools),
            competitors=token_set(interests.competitors),
            my_industry=industry_key(me.industry),
            interest_industries=frozenset(industry_key(i) for i in interests.industries),
            title_pattern=keyword_pattern(interests.titles),
            titles_name_false_friends=bool(
                matches(keywords_as_text(interests.titles), word_lists.FALSE_FRIEND_TITLES).any()
            ),
            wanted_functions=functions_of(interests.titles),
            my_country=me.country,
            my_continent=continent(me.country),
            # With no markets configured, the user's own country is their market.
            markets=frozenset(interests.markets) or frozenset({me.country}),
            city_pattern=keyword_pattern([me.city], whole_word=False),
            me_pattern=keyword_pattern([*name_parts, me.city], proper_nouns=True),
            my_companies_pattern=keyword_pattern(
                [without_legal_form(c) for c in me.companies], proper_nouns=True
            ),
            my_schools_pattern=keyword_pattern(me.schools, proper_nouns=True),
            competitors_pattern=keyword_pattern(
                [without_legal_form(c) for c in interests.competitors], proper_nouns=True
            ),
            my_industry_words=industry_pattern([me.industry]),
            interest_industry_words=industry_pattern(interests.industries),
            many_mutuals=policy.rules.many_mutuals,
            fake_score_ignore=policy.rules.fake_score_ignore,
            below_critical_mass=below,
        )
