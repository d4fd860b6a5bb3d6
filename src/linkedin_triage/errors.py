"""The one exception type users see: the CLI turns it into exit code 2."""


class TriageError(Exception):
    """A problem the user can act on (bad input, bad model dir, bad policy).

    The message names the file, and where it applies the row and column.
    Anything else that escapes is a bug and keeps its traceback.
    """
