"""Shared rich consoles: results to stdout, messages and errors to stderr."""

import unicodedata

from rich.console import Console

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def visible(text: str) -> str:
    """Text safe to show in a terminal: control and format characters written as `\\uXXXX`.

    A cell can hold ANSI escapes or bidi overrides that would recolour or reorder the
    terminal; showing their code points keeps the report honest about what is in the file.
    """
    return "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch).startswith("C") else ch for ch in text
    )
