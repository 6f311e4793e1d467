"""The one exception type for bad input, caught once in the CLI and printed as one line."""


class BadInput(Exception):
    """Input that cannot be used. The message names the cause and what to do about it.

    The CLI prints `zhpress: <file>: <message>` on stderr and exits with status 1.
    """
