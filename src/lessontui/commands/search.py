"""`lessontui search TERM [PATH]`: notes, intros and transcripts, grep-like; exit 1 when none.

A literal term is served by the search index (services/search_index.py),
brought up to date first; a regex (`-e`) reads the files. One lesson file as
PATH is searched directly. Output is `path:line:text` like `grep -rn`; a
transcript hit names its lesson and the time: `lessons/01-x.md:[12:34]:text`.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from lessontui.commands import UsageError
from lessontui.terminal_text import clean_for_terminal

if TYPE_CHECKING:
    from lessontui.services.search_index import Hit

MATCH_STYLE = "\x1b[1;31m"  # grep's colours: bold red match, magenta path, green line
PATH_STYLE = "\x1b[35m"
LINE_STYLE = "\x1b[32m"
RESET = "\x1b[0m"
INTERMIXED = True  # cli.py: options may come between TERM and PATH
_KIND_ORDER = {"course": 0, "note": 1, "transcript": 2}


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
        help="highlight matches (auto: when printing to a terminal and NO_COLOR is unset)",
    )


def run(args: argparse.Namespace) -> int:
    from lessontui.config import load_settings
    from lessontui.services import search

    if not args.term:
        raise UsageError("empty search term")
    pattern = _pattern(args)
    settings = load_settings()
    skipped: list[tuple[str, str]] = []
    spelled = None if args.path is None else search.normal_path(os.fspath(args.path))
    if spelled is not None and not os.path.exists(spelled):
        raise UsageError(f"{spelled}: no such file or folder")
    tty = sys.stdout.isatty()
    # NO_COLOR (no-color.org): any non-empty value turns off colour unless asked for.
    color = args.color == "always" or (
        args.color == "auto" and tty and not os.environ.get("NO_COLOR")
    )
    if spelled is not None and os.path.isfile(spelled):
        query = search.compile_query(
            args.term, ignore_case=not args.case_sensitive, regex=args.regex
        )
        lines = [
            _format(hit.path, str(hit.line), hit.text, hit.spans, color)
            for hit in search.search_file(Path(spelled), query)
        ]
        return _write(lines, skipped)
    roots = _course_roots(spelled, settings.library, skipped)
    hits = _hits(args, pattern, roots, spelled is None, settings.subtitle_langs, skipped)
    order = {root: position for position, root in enumerate(os.path.abspath(r) for r in roots)}
    hits.sort(
        key=lambda h: (
            order.get(_course_of(h.path), len(order)),
            h.path,
            _KIND_ORDER.get(h.kind, 3),
            h.line,
        )
    )
    lines = [
        _format(
            _shown_path(hit.path, spelled),
            _stamp(hit.time) if hit.time is not None else str(hit.line),
            hit.text,
            hit.spans,
            color,
        )
        for hit in hits
    ]
    return _write(lines, skipped)


def _pattern(args: argparse.Namespace) -> re.Pattern[str]:
    source = args.term if args.regex else re.escape(args.term)
    try:
        return re.compile(source, 0 if args.case_sensitive else re.IGNORECASE)
    except re.error as error:
        raise UsageError(f"bad regex {args.term!r}: {error}") from None


def _course_roots(spelled: str | None, library: Path, skipped: list[tuple[str, str]]) -> list[str]:
    from lessontui.services import search

    if spelled is None:
        from lessontui.library import library_course_roots

        return [str(root) for root in library_course_roots(library, skipped)]
    if os.path.isfile(os.path.join(spelled, search.COURSE_FILE)):
        return [spelled]
    return search.course_folders(spelled, skipped)


def _hits(
    args: argparse.Namespace,
    pattern: re.Pattern[str],
    roots: list[str],
    whole_library: bool,
    langs: list[str],
    skipped: list[tuple[str, str]],
) -> list[Hit]:
    from lessontui.services import search_index

    if not args.regex:
        try:
            with search_index.SearchIndex() as index:
                report = index.sync(
                    roots, langs=langs, prune_others=whole_library, progress=_Progress()
                )
                skipped.extend(report.skipped)
                return index.search(args.term, roots, ignore_case=not args.case_sensitive)
        except search_index.IndexError_ as error:
            sys.stderr.write(
                clean_for_terminal(f"lessontui: search index unusable ({error}); reading files")
                + "\n"
            )
    match = (
        pattern
        if args.regex
        else search_index.literal(args.term, ignore_case=not args.case_sensitive)
    )
    return list(search_index.scan(roots, match, langs=langs, skipped=skipped))


class _Progress:
    """A one-line bar on stderr while a big index is built (only on a terminal)."""

    SHOWN_FROM = 8 << 20  # bytes to read before a bar is worth showing

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if total < self.SHOWN_FROM or not sys.stderr.isatty():
            return
        width = 30
        filled = width * done // max(1, total)
        end = "\n" if done >= total else ""
        sys.stderr.write(
            f"\rindexing [{'#' * filled}{'.' * (width - filled)}] "
            f"{done / 1e6:.0f}/{total / 1e6:.0f} MB{end}"
        )
        sys.stderr.flush()


def _course_of(path: str) -> str:
    """The course folder of a file in it (`course.md` or `lessons/x.md`)."""
    folder = os.path.dirname(path)
    return folder if os.path.basename(path) == "course.md" else os.path.dirname(folder)


def _shown_path(path: str, spelled: str | None) -> str:
    """`path` spelled from the folder the user named, as grep would print it."""
    if spelled is None:
        return path
    base = os.path.abspath(spelled)
    if path.startswith(os.path.join(base, "")):
        relative = path[len(os.path.join(base, "")) :]
        return relative if spelled == "." else os.path.join(spelled, relative)
    return path


def _stamp(seconds: float) -> str:
    from lessontui.course.timestamps import stamp

    return stamp(seconds)


def _write(lines: list[str], skipped: list[tuple[str, str]]) -> int:
    for name, reason in sorted(set(skipped)):
        sys.stderr.write(clean_for_terminal(f"lessontui: skipped {name}: {reason}") + "\n")
    try:
        sys.stdout.write("".join(lines))
        sys.stdout.flush()
    except BrokenPipeError:
        # `lessontui search x | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return 0 if lines else 1


def _format(
    path: object, line: str, text: str, spans: tuple[tuple[int, int], ...], color: bool
) -> str:
    """One line for a terminal: control characters shown as `^[`, matches coloured."""
    shown_path = clean_for_terminal(path)
    if not color:
        return f"{shown_path}:{line}:{clean_for_terminal(text)}\n"
    parts = [f"{PATH_STYLE}{shown_path}{RESET}:{LINE_STYLE}{line}{RESET}:"]
    position = 0
    for start, end in spans:
        parts.append(clean_for_terminal(text[position:start]))
        parts.append(f"{MATCH_STYLE}{clean_for_terminal(text[start:end])}{RESET}")
        position = end
    parts.append(clean_for_terminal(text[position:]))
    return "".join(parts) + "\n"
