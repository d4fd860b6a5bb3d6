"""console.visible / visible_lines: what reaches the terminal from files and from the tool."""

from __future__ import annotations

from linkedin_triage.console import visible, visible_lines


def test_visible_shows_every_control_character_as_a_code() -> None:
    assert visible("a\nb\x1b[31m\u202e") == "a\\u000ab\\u001b[31m\\u202e"


def test_visible_lines_keeps_line_breaks_and_escapes_the_rest() -> None:
    message = "policy.toml: invalid policy\n  me.x\x1b[2J: unknown key\n  me.\u202ey: unknown key"
    assert visible_lines(message) == (
        "policy.toml: invalid policy\n  me.x\\u001b[2J: unknown key\n  me.\\u202ey: unknown key"
    )
    assert visible_lines("carriage\rreturn") == "carriage\\u000dreturn"


def test_visible_lines_does_not_undo_visible() -> None:
    # A user value made visible by whoever built the message stays escaped.
    assert visible_lines(f"key {visible('a' + chr(10) + 'b')}") == "key a\\u000ab"
