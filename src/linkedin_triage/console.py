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


def visible_lines(message: str) -> str:
    """`visible`, except that line breaks stay line breaks: for the tool's own messages.

    Messages such as "invalid policy" list one problem per line. Whoever builds such a
    message passes user-supplied parts through `visible` first, so a line break that is
    still here is the tool's own; every other control character is still shown as a code.
    """
    return "\n".join(visible(line) for line in message.split("\n"))
