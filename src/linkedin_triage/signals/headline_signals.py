"""What a headline says about where someone works or studied, and in which industry.

Rows from invitation emails and the invitations page carry a name, a headline, a location,
mutual connections and a note: no company, past employers, schools or industry columns.
There the headline is most of the evidence (`Sr. Buyer at Nordwerk Industrie GmbH`,
`Student at Politecnico di Milano`). These signals read it when the structured columns are
unknown; where a column is known, it decides (features.py combines them).

All of it is RE2 over the headline (and the company name, for industry words): linear time.
"""

from __future__ import annotations

import pandas as pd

from linkedin_triage.signals import word_lists
from linkedin_triage.signals.industry_words import ANY_INDUSTRY
from linkedin_triage.signals.prepared_policy import PolicyView
from linkedin_triage.signals.text_matching import Signals, matches, text_column, without
from linkedin_triage.signals.word_patterns import SPACE, START

# `Title at Company`, `Title @ Company`, `Titre chez X`, `Titel bei X`, `Ruolo presso X`:
# the headline names an employer (or a school).
EMPLOYER_MARKER = rf"(?:@|{START}(?:at|chez|bei|presso|en|em|na|para){SPACE}+\S)"


def optional_match(text: pd.Series, pattern: str | None, ignore_case: bool = False) -> pd.Series:
    """`matches`, or all False when the user's policy gives nothing to look for."""
    if pattern is None:
        return pd.Series(False, index=text.index)
    return matches(text, pattern, ignore_case=ignore_case)


def headline_signals(frame: pd.DataFrame, view: PolicyView) -> Signals:
    """Intermediate signals (names start with `_`) the families of features.py combine."""
    headline = text_column(frame, "headline")
    company = text_column(frame, "company")
    # Industry words may sit in the company name too (`Banca Meridiana`, `Klinikum Nord`);
    # not in whom they hire or serve: "Helping CIOs in Banking cut costs" is no banker.
    own_part = without(headline, word_lists.OTHER_PEOPLE_CLAUSE)
    sector_text = own_part.fillna("") + " | " + company.fillna("")
    sector_known = headline.notna() | company.notna()
    any_sector = optional_match(sector_text, ANY_INDUSTRY, ignore_case=True)
    mine = optional_match(sector_text, view.my_industry_words, ignore_case=True)
    interest = optional_match(sector_text, view.interest_industry_words, ignore_case=True)
    return {
        "_headline_names_my_company": optional_match(headline, view.my_companies_pattern),
        "_headline_names_my_school": optional_match(headline, view.my_schools_pattern),
        "_headline_names_competitor": optional_match(headline, view.competitors_pattern),
        "_headline_names_employer": matches(headline, EMPLOYER_MARKER),
        "_sector_words_mine": mine & sector_known,
        "_sector_words_interest": interest & sector_known,
        "_sector_words_known": (any_sector | mine | interest) & sector_known,
    }
