"""The command line: parse, call one library function per command, print.

Owns the typer app (`cli`), the commands as library functions (`workflows`, `batch_scoring`,
`linkedin_import`, `validation`), terminal views (`terminal_views`) and the demo (`demo`).

May import: every stage. Nothing imports it but `__main__`.
"""
