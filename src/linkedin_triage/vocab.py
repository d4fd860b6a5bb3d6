"""Word lists behind the text signals, as RE2-compatible patterns.

Every pattern here runs through pandas' pyarrow string engine (RE2): linear time on any
input, so a hostile 100k-character note cannot stall a run. Keep them free of lookarounds
and backreferences, which RE2 does not support (pandas would fall back to Python's `re`).
"""

from __future__ import annotations

import re
import unicodedata

# Seniority of a title or headline: 3 C-level/founder/partner, 2 manager..director, 0 student.
SENIORITY_TOP = (
    r"\b(?:ceo|cto|cio|cfo|coo|cmo|cso|ciso|cdo|chief|founder|co-?founder|owner|partner|president|"
    r"vp|svp|evp|vice president|managing director|general manager|board member|"
    r"chair(?:man|woman)?)\b"
)
SENIORITY_MID = r"\b(?:head|director|manager|lead|principal|supervisor|team leader)\b"
SENIORITY_ENTRY = (
    r"\b(?:student|intern|internship|trainee|apprentice|graduate|undergraduate|phd candidate|"
    r"aspiring|seeking|looking for)\b"
)

RECRUITER_PROFILE = (
    r"\b(?:recruit\w*|talent acquisition|talent partner|headhunt\w*|sourcer|staffing|"
    r"executive search|hr business partner)\b"
)
SALES_PROFILE = (
    r"\b(?:sales|business development|account executive|account manager|bdr|sdr|"
    r"partnerships|growth hacker|lead generation)\b"
)

# Fake and scam indicators in a note, headline or about.
SCAM_WORDS = (
    r"\b(?:crypto\w*|bitcoin|btc|forex|binary options|trading signals|investment opportunit\w*|"
    r"passive income|financial freedom|make money|earn \$?\d+|guaranteed (?:profit|return)s?|"
    r"lottery|"
    r"inheritance|beneficiary|dear friend|western union|gift cards?|airdrop|nft|loan offer|"
    r"work from home|dm me|click (?:the|my) link|sugar (?:daddy|mommy)|\d+% (?:profit|return)s?)\b"
)
LINK = r"(?:https?://|www\.|\bbit\.ly\b|\bt\.me/|\bwa\.me/|\b[a-z0-9-]+\.(?:com|net|org|io|xyz|info|biz|ru|top|link|site)\b)"
EMAIL = r"[a-z0-9._%+-]+@[a-z0-9-]+\.[a-z0-9.-]+"
PHONE = r"\+?\d[\d\s().-]{7,}\d"
DIGIT_WORDS = r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine)\b"
SPELLED_PHONE = DIGIT_WORDS + r"(?:[\s,.-]+" + DIGIT_WORDS + r"){4,}"
MESSAGING_APPS = r"\b(?:whats\s?app|telegram|signal app|wechat|viber|kik|snapchat|skype|imo)\b"

# What a note is about.
SALES_PITCH = (
    r"\b(?:our (?:services|solutions?|platform|agency|team|product)|we help|i help|we specialize|"
    r"we offer|i offer|book a (?:call|demo|meeting)|schedule a (?:call|demo|meeting)|quick call|"
    r"\d+ minutes|(?:free|quick) (?:demo|audit|consultation|trial)|increase your|boost your|"
    r"grow your|generate (?:more )?leads|lead generation|roi|outsourc\w*|offshore|discount|"
    r"pricing|would love to show you|partnership opportunit\w*)\b"
)
RECRUITER_NOTE = (
    r"\b(?:opportunit(?:y|ies)|roles?|positions?|hiring|jobs?|vacanc(?:y|ies)|recruit\w*|"
    r"your (?:profile|background|experience)|open to (?:new )?(?:work|roles|opportunities)|"
    r"career move|headhunt\w*)\b"
)
GENERIC_NOTE = (
    r"(?:add you to my (?:professional )?network|join my (?:linkedin )?network|"
    r"(?:like|love) to connect|expand my (?:professional )?network|grow my network)"
)
SHARED_CONTEXT_NOTE = (
    r"\b(?:we met|met you|nice meeting|great meeting|good to meet|conference|webinar|meetup|"
    r"summit|panel|your (?:talk|post|article|presentation|session)|event|workshop|"
    r"former colleague|worked together|classmates?|alumn\w*|introduced)\b"
)

# Legal forms dropped before comparing company names (after dots are removed).
LEGAL_SUFFIXES = frozenset(
    [
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "llp",
        "plc",
        "gmbh",
        "ag",
        "kg",
        "spa",
        "srl",
        "sas",
        "sa",
        "sarl",
        "bv",
        "nv",
        "oy",
        "ab",
        "as",
        "corp",
        "corporation",
        "co",
        "company",
        "pty",
        "pvt",
        "private",
        "sl",
        "slu",
        "sro",
        "kk",
    ]
)


def fold(text: str) -> str:
    """Lower case without accents: `Crédit Agricole` and `credit agricole` compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def company_tokens(name: str) -> tuple[str, ...]:
    """Tokens of a company name without case, accents, punctuation or trailing legal form."""
    text = fold(name).replace(".", "")
    tokens = re.sub(r"[^0-9a-z]+", " ", text).split()
    while len(tokens) > 1 and tokens[-1] in LEGAL_SUFFIXES:
        tokens.pop()
    return tuple(tokens)


def keyword_pattern(keywords: list[str]) -> str | None:
    """Whole-word, case-insensitive pattern for any keyword (plural `s` allowed); None if none."""
    # lower() rather than fold(): the text it runs on keeps its accents (folding every
    # cell of a million-row table costs more than it buys for title keywords).
    words = sorted({k.strip().lower() for k in keywords if k.strip()}, key=len, reverse=True)
    if not words:
        return None
    escaped = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return r"\b(?:" + escaped + r")s?\b"
