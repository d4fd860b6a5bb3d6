"""How words become RE2 patterns: whole words in any script, accents optional, any space.

signal_helpers.py runs every pattern through `pyarrow.compute.match_substring_regex`, that
is Google's RE2: linear time on any input, so a hostile 100k-character note cannot stall a
run. They are RE2 syntax, not Python `re`: no lookarounds or backreferences, and `\\x{...}`
escapes where Python's `re` has none. pandas' own `.str.contains` is not used on purpose: it
silently switches to Python's backtracking `re` whenever a pattern holds `\\s`, or
`\\b`/`\\w`/`\\d` and the data is not pure ASCII (which real names and notes never are).

Whole words are delimited with START/END rather than `\\b`, because RE2's `\\b` is ASCII-only:
it sees a boundary inside `Università` and none after `José`. Text is matched in Unicode NFD
form (accents as separate combining marks), so the patterns here are NFD too.

vocab.py holds the fixed word lists built with `words`; `keyword_pattern` builds patterns
from the user's own words (titles, names, city, companies) at run time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# A word character: ASCII letters, digits and `_`, and every non-ASCII character except the
# blocks of punctuation, spaces, symbols and emoji. Spelled as ranges rather than `\\pL\\pN\\pM`
# because RE2 takes ~5 ms to compile each Unicode category (x2 per pattern, x30 patterns,
# on every transform); ranges compile in microseconds. Combining accents (U+0300..) are word
# characters, so `José` in NFD form stays one word.
_WORD_CHARS = (
    r"0-9A-Za-z_\x{AA}\x{B5}\x{BA}\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{1FFF}\x{2C00}-\x{2DFF}"
    r"\x{3040}-\x{D7FF}\x{F900}-\x{FDFF}\x{FE70}-\x{FEFE}\x{FF10}-\x{FF19}\x{FF21}-\x{FF3A}"
    r"\x{FF41}-\x{FF5A}\x{FF66}-\x{FFDC}\x{10000}-\x{1EFFF}\x{20000}-\x{10FFFF}"
)
WORD_CHAR = f"[{_WORD_CHARS}]"
START = rf"(?:^|[^{_WORD_CHARS}])"
END = rf"(?:[^{_WORD_CHARS}]|$)"
# RE2's \s is ASCII whitespace only; people (and filter-dodging scammers) also type these.
SPACE_CHARS = r"\s\x{00A0}\x{1680}\x{2000}-\x{200D}\x{202F}\x{205F}\x{2060}\x{3000}\x{FEFF}"
SPACE = rf"[{SPACE_CHARS}]"


# Text is matched in NFD form (signal_helpers.text_column decomposes it): `é` arrives as
# `e` + U+0301, so a letter followed by optional combining accents matches it with or
# without its accent.
_MARKS = r"[\x{0300}-\x{036F}]*"


def _accents_optional(alternative: str) -> str:
    """Each accented letter also matches bare: `selección` finds `seleccion` too.

    People type notes on phones and foreign keyboards and drop accents. Accented letters are
    never RE2 syntax, so this is safe on a whole alternative; the group keeps a quantifier
    after the letter (`é?`) applying to the whole letter.
    """
    out = []
    for char in unicodedata.normalize("NFC", alternative):
        decomposed = unicodedata.normalize("NFD", char)
        out.append(f"(?:{decomposed[0]}{_MARKS})" if len(decomposed) > 1 else char)
    return "".join(out)


def words(*alternatives: str) -> str:
    """Whole-word RE2 pattern for any alternative.

    In an alternative, a space matches any run of spaces, `\\w` any word character of any
    script (RE2's own `\\w` is ASCII-only), and an accented letter itself with or without
    its accent. Matched against NFD text, so the pattern is NFD too.
    """
    return unicodedata.normalize("NFD", f"{START}(?:{alternation(alternatives)}){END}")


def alternation(alternatives: Iterable[str]) -> str:
    """`words`' alternatives joined, with its rules for spaces, `\\w` and accents."""
    body = "|".join(_accents_optional(a).replace(" ", SPACE + "+") for a in alternatives)
    return body.replace(r"\w", WORD_CHAR)


# Letters whose mark is part of the letter, so Unicode decomposition leaves them whole: how
# people type them on a keyboard without them (`ORSTED` for `Ørsted`, `Lodz` for `Łódź`).
_WHOLE_LETTER_FOLDS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"}
)


def fold(text: str) -> str:
    """Lower case without accents: `Crédit Agricole` and `credit agricole` compare equal."""
    return _without_marks(text).translate(_WHOLE_LETTER_FOLDS)


def _without_marks(text: str) -> str:
    """Lower case without combining accents; letters like `ø` or `ð` stay as they are."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# Letters that carry their stroke in the character itself rather than as a combining mark.
_STROKED = {"o": "ø", "l": "ł", "d": "đ"}
_STROKE_BASE = {v: k for k, v in _STROKED.items()}
_SEPARATORS = rf"[{SPACE_CHARS}\-‐–]+"


def _char_pattern(char: str, exact_case: bool) -> str:
    """One keyword character: accent-insensitive letters, flexible spaces and apostrophes."""
    if char.isspace() or char in "-‐–":
        return _SEPARATORS
    if char in "'’":
        return "['’]?"
    if char == "ß":
        return "(?:ß|ss)"
    # not fold(): `ð` must keep matching `ð`, not become a `d` that only matches `d`
    base = _STROKE_BASE.get(char.lower(), _without_marks(char))
    if len(base) == 1 and "a" <= base <= "z":
        letters = base + _STROKED.get(base, "")
        if exact_case and char.isupper():
            letters = letters.upper()
        return (f"[{letters}]" if len(letters) > 1 else letters) + _MARKS
    return re.escape(unicodedata.normalize("NFD", char))


def _keyword_body(keyword: str, proper_noun: bool) -> str:
    """A keyword as RE2 text; a proper noun keeps the case of its capital first letter."""
    chars = list(unicodedata.normalize("NFC", keyword))
    if proper_noun and chars and chars[0].isupper():
        return _char_pattern(chars[0], True) + "(?i:" + _body(chars[1:]) + ")"
    return "(?i:" + _body(chars) + ")"


def _body(chars: list[str]) -> str:
    return "".join(_char_pattern(c, False) for c in chars)


def keyword_pattern(
    keywords: Iterable[str], proper_nouns: bool = False, whole_word: bool = True
) -> str | None:
    """Pattern finding any keyword (plural `s` allowed); None if there is none.

    Case-insensitive and accent-insensitive (`Lucía` finds `Lucia`, `Universita` finds
    `Università`) with no per-row cost: each letter becomes a class of its accented forms.
    With `proper_nouns`, a capital first letter must stay capital, so `Reply` (a company)
    is not found in `looking forward to your reply`. Match with ignore_case off: the case
    rules are inside the pattern. Without `whole_word`, a word may continue after the
    keyword (`Milan` finds `Milano`), but must start where it starts.
    """
    cleaned = {k.strip() for k in keywords if k.strip()}
    if not cleaned:
        return None
    ordered = sorted(cleaned, key=lambda k: (-len(k), k))  # longest first: `Head of IT` > `IT`
    body = "|".join(_keyword_body(k, proper_nouns) for k in ordered)
    if not whole_word:
        return f"{START}(?:{body})"
    return f"{START}(?:{body})(?i:s)?{END}"
