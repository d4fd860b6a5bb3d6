"""Shared rich consoles: results to stdout, messages and errors to stderr."""

from rich.console import Console

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)
