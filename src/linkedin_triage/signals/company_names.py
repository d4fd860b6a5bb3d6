"""Company names compared the way people write them: no case, accents or legal form."""

from __future__ import annotations

import re

from linkedin_triage.signals.word_patterns import fold

# Legal forms dropped before comparing company names (after dots are removed).
LEGAL_SUFFIXES = frozenset((
    "inc", "incorporated", "ltd", "limited", "llc", "llp", "lp", "plc", "gmbh", "ag", "kg", "ug",
    "se", "spa", "srl", "srls", "sapa", "sas", "sasu", "sa", "sarl", "snc", "bv", "nv", "oy",
    "oyj", "ab", "as", "asa", "aps", "corp", "corporation", "co", "company", "pty", "pte", "pvt",
    "private", "sl", "slu", "sro", "kk", "ltda", "lda",
))  # fmt: skip


def company_tokens(name: str) -> tuple[str, ...]:
    """Tokens of a company name without case, accents, punctuation or trailing legal form."""
    text = fold(name).replace(".", "")
    tokens = re.sub(r"[^0-9a-z]+", " ", text).split()
    while len(tokens) > 1 and tokens[-1] in LEGAL_SUFFIXES:
        tokens.pop()
    return tuple(tokens)


def without_legal_form(name: str) -> str:
    """`Talentwerk Berlin GmbH` -> `Talentwerk Berlin`: how people write it in a note."""
    parts = name.split()
    while len(parts) > 1 and re.sub(r"[^0-9a-z]", "", fold(parts[-1])) in LEGAL_SUFFIXES:
        parts.pop()
    return " ".join(parts).rstrip(",")
