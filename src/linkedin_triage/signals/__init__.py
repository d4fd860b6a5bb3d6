"""From a normalised request to readable signals, and the hand-written policy on them.

Owns the policy prepared for matching (`prepared_policy`), the feature pipeline (`features`),
fake-profile indicators (`fake_signals`), the word lists and how words become RE2 patterns
(`word_lists`, `word_patterns`, `text_matching`, `company_names`), continents (`regions`)
and the named rules with their verdicts and `rules_score` (`rules`).

May import: sources, storage, ledger and the shared root modules (in practice only sources).
"""
