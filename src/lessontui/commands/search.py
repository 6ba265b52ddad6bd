"""`lessontui search TERM [PATH]`: grep-like search of lesson notes, exit 1 when none match."""

from __future__ import annotations

import os
import sys

from lessontui.commands import UsageError
from lessontui.terminal_text import clean_bytes_for_terminal, clean_for_terminal

TYPE_CHECKING = False  # no typing, argparse, pathlib or re on the way to a plain search
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from lessontui.services.search import Query

MATCH_STYLE = "\x1b[1;31m"  # grep's colours: bold red match, magenta path, green line
PATH_STYLE = "\x1b[35m"
LINE_STYLE = "\x1b[32m"
RESET = "\x1b[0m"
_FLAGS = {"-s": "case_sensitive", "--case-sensitive": "case_sensitive"}
_FLAGS |= {"-e": "regex", "--regex": "regex"}
_COLORS = ("auto", "always", "never")
# Pieces of output gathered before one write: about 1 MB of lines.
_WRITE_EVERY = 3 * 10_000
# From this many files on, a forked worker searches half of them (see _write_split):
# below it, the fork and the pipe cost about as much as they save.
_SPLIT_AT = 200


class Args:
    """What `parse_simple` makes of a command line: the attributes `run` reads."""

    def __init__(self, term: str, path: str | None) -> None:
        self.term = term
        self.path = path
        self.case_sensitive = False
        self.regex = False
        self.color = "auto"


def parse_simple(argv: list[str]) -> Args | None:
    """The plain command lines, parsed without argparse; None for anything else.

    argparse and the `re` it imports cost about 9 ms of a 40 ms search, so cli.py
    asks this first. It takes only TERM [PATH] with -s, -e and --color VALUE and
    the positionals side by side (argparse rejects `TERM -s PATH`); everything
    else (--help, errors, abbreviations, `--`) goes to argparse, which gives the
    same Namespace attributes for what is accepted here.
    """
    positions: list[int] = []
    flags: dict[str, bool] = {}
    color = "auto"
    index = 0
    while index < len(argv):
        arg = argv[index]
        if not arg.startswith("-"):
            if positions and positions[-1] != index - 1:
                return None
            positions.append(index)
        elif arg in _FLAGS:
            flags[_FLAGS[arg]] = True
        elif arg == "--color" and index + 1 < len(argv) and argv[index + 1] in _COLORS:
            index += 1
            color = argv[index]
        else:
            return None
        index += 1
    if not 1 <= len(positions) <= 2:
        return None
    args = Args(argv[positions[0]], argv[positions[1]] if len(positions) == 2 else None)
    args.color = color
    for name in flags:
        setattr(args, name, True)
    return args


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from pathlib import Path

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
        help="highlight matches (auto: when printing to a terminal and NO_COLOR is unset)",
    )


def run(args: argparse.Namespace | Args) -> int:
    from lessontui.services.search import compile_query, normal_path, note_files

    skipped: list[tuple[str, str]] = []
    if args.path is None:
        # The library: its folder's courses and those made or opened elsewhere.
        from lessontui.config import load_settings
        from lessontui.library import library_note_files

        files = library_note_files(load_settings().library, skipped)
    else:
        path = normal_path(os.fspath(args.path))
        if not os.path.exists(path):
            raise UsageError(f"{path}: no such file or folder")
        files = note_files(path, skipped)
    try:
        query = compile_query(args.term, ignore_case=not args.case_sensitive, regex=args.regex)
    except ValueError as error:
        raise UsageError(str(error)) from None
    except Exception as error:
        import re  # only a regex term gets here, so `re` is already loaded

        if not isinstance(error, re.error):
            raise
        raise UsageError(f"bad regex {args.term!r}: {error}") from None
    tty = sys.stdout.isatty()
    # NO_COLOR (no-color.org): any non-empty value turns off colour unless asked for.
    no_color = bool(os.environ.get("NO_COLOR"))
    color = args.color == "always" or (args.color == "auto" and tty and not no_color)
    found = False
    for name, reason in sorted(skipped):
        sys.stderr.write(clean_for_terminal(f"lessontui: skipped {name}: {reason}") + "\n")
    try:
        if color or tty:
            from pathlib import Path

            from lessontui.services.search import search_paths

            for hit in search_paths(map(Path, files), query):
                found = True
                sys.stdout.write(_format(hit.path, hit.line, hit.text, hit.spans, color))
        else:
            found = _write_plain(files, query)
    except BrokenPipeError:
        # `lessontui search x | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return 0 if found else 1


def _write_plain(files: list[str], query: Query, split_at: int | None = None) -> bool:
    """Raw matching lines to a pipe or file, byte for byte like grep; True if any.

    The output is gathered as pieces and written in a few large writes (one for
    most searches): a write per line would cost more than the search. From
    `split_at` files on (and where os.fork exists), a forked worker searches
    the second half of the list while this process searches the first; see
    `_write_split`.
    """
    write = sys.stdout.buffer.write
    if len(files) >= (_SPLIT_AT if split_at is None else split_at) and hasattr(os, "fork"):
        found = _write_split(files, query, write)
    else:
        found = _grep_files(files, query, write)
    sys.stdout.buffer.flush()
    return found


def _grep_files(files: list[str], query: Query, write: Callable[[bytes], object]) -> bool:
    """grep_lines over `files` in order, handing `write` about 1 MB at a time."""
    from lessontui.services.search import grep_lines, read_note

    pieces: list[bytes] = []
    found = False
    fsencode = os.fsencode
    for path in files:
        data = read_note(path)
        prefix = clean_bytes_for_terminal(fsencode(path) + b":", keep=b"\t")
        if data is not None and grep_lines(data, query, prefix, pieces):
            found = True
            if len(pieces) > _WRITE_EVERY:
                write(clean_bytes_for_terminal(b"".join(pieces)))
                pieces.clear()
    if pieces:
        write(clean_bytes_for_terminal(b"".join(pieces)))
    return found


def _write_split(files: list[str], query: Query, write: Callable[[bytes], object]) -> bool:
    """Search the two halves of `files` in two processes; write the output in order.

    The worker (a fork: no new interpreter, no imports) searches the second
    half and sends its output through a pipe; this process writes its own half,
    then the worker's. A worker that fails (it exits with 3) has its output
    dropped and its half searched again here, so the output never changes.
    """
    half = len(files) // 2
    sys.stdout.flush()  # the worker must not write anything buffered a second time
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process to spare: search it all here
        os.close(read_end)
        os.close(write_end)
        return _grep_files(files, query, write)
    if pid == 0:  # the worker: exit codes 0 found, 1 nothing, 3 failed
        code = 3
        try:
            os.close(read_end)
            pieces: list[bytes] = []
            found = _grep_files(files[half:], query, pieces.append)
            _write_all(write_end, b"".join(pieces))
            code = 0 if found else 1
        finally:
            os._exit(code)  # no atexit, no flushing of the parent's buffers
    os.close(write_end)
    chunks: list[bytes] = []
    try:
        found = _grep_files(files[:half], query, write)
        while chunk := os.read(read_end, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(read_end)  # a worker still writing gets EPIPE and exits
        _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        return _grep_files(files[half:], query, write) or found
    if chunks:
        write(b"".join(chunks))
    return found or code == 0


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _format(
    path: object, line: int, text: str, spans: tuple[tuple[int, int], ...], color: bool
) -> str:
    """One line for a terminal: control characters shown as `^[`, matches coloured."""
    shown_path = clean_for_terminal(path)
    if not color:
        return f"{shown_path}:{line}:{_shown(text)}\n"
    parts = [f"{PATH_STYLE}{shown_path}{RESET}:{LINE_STYLE}{line}{RESET}:"]
    position = 0
    for start, end in spans:
        parts.append(_shown(text[position:start]))
        parts.append(f"{MATCH_STYLE}{_shown(text[start:end])}{RESET}")
        position = end
    parts.append(_shown(text[position:]))
    return "".join(parts) + "\n"


def _shown(text: str) -> str:
    """Control characters in a note would drive the terminal; shown as `^[` instead."""
    return clean_for_terminal(text)
