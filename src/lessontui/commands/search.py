"""`lessontui search TERM [PATH]`: grep-like search of lesson notes, exit 1 when none match."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from lessontui.commands import UsageError

MATCH_STYLE = "\x1b[1;31m"  # grep's colours: bold red match, magenta path, green line
PATH_STYLE = "\x1b[35m"
LINE_STYLE = "\x1b[32m"
RESET = "\x1b[0m"
# Control characters in a note would drive the terminal; shown as '?' instead.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("term", help="text to find (case-insensitive unless -s)")
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="a course folder, a library folder or a lesson file (default: the library)",
    )
    parser.add_argument("-s", "--case-sensitive", action="store_true", help="match case exactly")
    parser.add_argument("-e", "--regex", action="store_true", help="TERM is a Python regex")
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="highlight matches (auto: when printing to a terminal)",
    )


def run(args: argparse.Namespace) -> int:
    from lessontui.services.search import compile_query, files_to_search, search_paths

    path = args.path
    if path is None:
        from lessontui.config import load_settings

        path = load_settings().library
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    try:
        query = compile_query(args.term, ignore_case=not args.case_sensitive, regex=args.regex)
    except re.error as error:
        raise UsageError(f"bad regex {args.term!r}: {error}") from None
    except ValueError as error:
        raise UsageError(str(error)) from None
    tty = sys.stdout.isatty()
    color = args.color == "always" or (args.color == "auto" and tty)
    found = False
    try:
        if color or tty:
            for hit in search_paths(files_to_search(path), query):
                found = True
                sys.stdout.write(_format(hit.path, hit.line, hit.text, hit.spans, color))
        else:
            found = _write_plain(files_to_search(path), query)
    except BrokenPipeError:
        # `lessontui search x | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return 0 if found else 1


def _write_plain(files: list[Path], query) -> bool:  # type: ignore[no-untyped-def]
    """Raw matching lines to a pipe or file, byte for byte like grep; True if any."""
    from lessontui.services.search import matching_lines, read_note

    out = sys.stdout.buffer
    found = False
    for path in files:
        data = read_note(path)
        if data is None:
            continue
        rows = matching_lines(data, query)
        if rows:
            found = True
            prefix = os.fsencode(path) + b":"
            out.write(b"".join(b"%s%d:%s\n" % (prefix, n, line) for n, line in rows))
    out.flush()
    return found


def _format(
    path: Path, line: int, text: str, spans: tuple[tuple[int, int], ...], color: bool
) -> str:
    """One line for a terminal: control characters shown as '?', matches coloured."""
    if not color:
        return f"{path}:{line}:{_CONTROL.sub('?', text)}\n"
    parts = [f"{PATH_STYLE}{path}{RESET}:{LINE_STYLE}{line}{RESET}:"]
    position = 0
    for start, end in spans:
        parts.append(_CONTROL.sub("?", text[position:start]))
        parts.append(f"{MATCH_STYLE}{_CONTROL.sub('?', text[start:end])}{RESET}")
        position = end
    parts.append(_CONTROL.sub("?", text[position:]))
    return "".join(parts) + "\n"
