"""Handlers of the CLI sub-commands, one a file."""
