"""Handlers of the CLI sub-commands, one a file: `add_arguments(parser)` and `run(args)`."""

EXIT_USAGE = 2


class UsageError(Exception):
    """A bad path or option: one line on stderr and exit code 2."""
