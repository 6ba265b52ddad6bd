"""Full-text search over lesson notes: one compiled regex over each whole file.

Speed matters (a 1,000-lesson library should search about as fast as `grep -rn`),
so a file is read as bytes and searched in one pass; lines are only split out
around the hits. Only the note text is searched: the YAML front matter (title,
URL, chapters) is skipped, so every hit is a line the editor shows.

No Textual here, and no YAML either: the CLI imports this module on its own.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

COURSE_FILE = "course.md"
LESSONS_DIR = "lessons"

# The front matter is `---` on the first line up to the next `---` or `...` line
# (as course.document.split_text reads it); the body starts after that line.
_OPEN = re.compile(rb"(?:\xef\xbb\xbf)?---[ \t]*\r?\n")
_CLOSE = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


class Query:
    """A compiled search: use `compile_query` to make one."""

    __slots__ = ("fold", "pattern", "term")

    def __init__(self, term: str, pattern: re.Pattern, fold: bool) -> None:  # type: ignore[type-arg]
        self.term = term
        self.pattern = pattern  # a bytes pattern, or a str one for non-ASCII terms
        self.fold = fold  # lowercase the bytes before matching (fast ASCII case folding)

    @property
    def on_bytes(self) -> bool:
        return isinstance(self.pattern.pattern, bytes)


class Hit:
    """One line holding at least one match."""

    __slots__ = ("body_line", "line", "path", "spans", "text")

    def __init__(
        self, path: Path, line: int, body_line: int, text: str, spans: tuple[tuple[int, int], ...]
    ) -> None:
        self.path = path
        self.line = line  # 1-based line number in the file (what grep and editors use)
        self.body_line = body_line  # 0-based line number in the note body (the editor's row)
        self.text = text  # the line without its newline
        self.spans = spans  # character offsets of the matches in `text`

    def __repr__(self) -> str:
        return f"Hit({self.path.name!r}, line={self.line}, text={self.text!r}, spans={self.spans})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hit) and (self.path, self.line, self.text, self.spans) == (
            other.path,
            other.line,
            other.text,
            other.spans,
        )

    __hash__ = None  # type: ignore[assignment]

    def snippet(self, width: int) -> tuple[str, tuple[tuple[int, int], ...]]:
        """The line cut to `width` characters around the first match, spans moved to fit."""
        text = self.text.expandtabs(4) if "\t" in self.text else self.text
        if "\t" in self.text:
            # Tabs change offsets; recompute spans on the expanded text.
            return _cut(text, _respan(self.text, self.spans), width)
        return _cut(text, self.spans, width)


def _respan(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    return tuple(
        (len(text[:start].expandtabs(4)), len(text[:end].expandtabs(4))) for start, end in spans
    )


def _cut(
    text: str, spans: tuple[tuple[int, int], ...], width: int
) -> tuple[str, tuple[tuple[int, int], ...]]:
    stripped = len(text) - len(text.lstrip())
    if len(text) - stripped <= width or not spans:
        text, shift = text[stripped:][:width], stripped
    elif spans[0][1] <= stripped + width - 8:
        shift = stripped  # the first match shows without cutting the line's start
        text = text[shift : shift + width]
    else:
        first = spans[0][0]
        shift = max(stripped, min(first - width // 3, len(text) - width))
        text = text[shift : shift + width]
    moved = tuple(
        (max(0, start - shift), min(len(text), end - shift))
        for start, end in spans
        if end - shift > 0 and start - shift < len(text)
    )
    return text, moved


def compile_query(term: str, *, ignore_case: bool = True, regex: bool = False) -> Query:
    """A query for `term` (a literal unless `regex`); raises re.error for a bad regex."""
    source = term if regex else re.escape(term)
    if not term:
        raise ValueError("empty search term")
    if term.isascii():
        if ignore_case and not regex:
            # bytes.lower() folds ASCII in C at memory speed and keeps every
            # offset, so a case-sensitive literal search on the lowered bytes is
            # the fastest case-insensitive search Python has.
            return Query(term, re.compile(source.lower().encode()), fold=True)
        flags = re.IGNORECASE if ignore_case else 0
        return Query(term, re.compile(source.encode(), flags | re.MULTILINE), fold=False)
    # Non-ASCII terms need Unicode case folding: search the decoded text.
    flags = re.IGNORECASE if ignore_case else 0
    return Query(term, re.compile(source, flags | re.MULTILINE), fold=False)


def body_start(data: bytes) -> int:
    """Byte offset where the note body starts (after the front matter, if any)."""
    opening = _OPEN.match(data)
    if opening is None:
        return 0
    closing = _CLOSE.search(data, opening.end())
    if closing is None:
        return 0
    end = closing.end()
    return end + 1 if data[end : end + 1] == b"\n" else end


def _rows(hay, start, pattern, newline):  # type: ignore[no-untyped-def]
    """(line number, line start, line end) of each line holding a match.

    After a hit the search jumps to the next line, so a line full of matches
    costs one regex call, and newlines are counted only between hits.
    """
    rows = []
    search, count, rfind, find = pattern.search, hay.count, hay.rfind, hay.find
    size = len(hay)
    line_no = count(newline, 0, start) + 1
    counted = start
    position = start
    while position <= size:
        match = search(hay, position)
        if match is None:
            break
        first, last = match.span()
        if first == last:  # an empty regex match says nothing useful
            position = first + 1
            continue
        line_start = rfind(newline, 0, first) + 1
        line_end = find(newline, first)
        if line_end < 0:
            line_end = size
        line_no += count(newline, counted, line_start)
        counted = line_start
        rows.append((line_no, line_start, line_end))
        position = line_end + 1
    return rows


def _prepare(data: bytes, query: Query):  # type: ignore[no-untyped-def]
    """What to search (`hay`), what to show (`source`), where the body starts, and the rows."""
    start = body_start(data)
    if query.on_bytes:
        hay = data.lower() if query.fold else data
        return hay, data, start, _rows(hay, start, query.pattern, b"\n")
    text = data.decode("utf-8", errors="replace")
    start = len(data[:start].decode("utf-8", errors="replace"))
    return text, text, start, _rows(text, start, query.pattern, "\n")


def matching_lines(data: bytes, query: Query) -> list[tuple[int, bytes]]:
    """(line number, raw line) of each matching line: the CLI's fast path, no decoding."""
    _hay, source, _start, rows = _prepare(data, query)
    if isinstance(source, str):
        return [(n, source[a:b].encode()) for n, a, b in rows]
    return [(n, source[a:b]) for n, a, b in rows]


def search_bytes(path: Path, data: bytes, query: Query) -> list[Hit]:
    """The hits in one file's bytes, with the match spans of each line."""
    hay, source, start, rows = _prepare(data, query)
    if not rows:
        return []
    header_lines = source.count("\n" if isinstance(source, str) else b"\n", 0, start)
    finditer = query.pattern.finditer
    hits = []
    for line_no, line_start, line_end in rows:
        raw = source[line_start:line_end]
        spans = [
            (a - line_start, b - line_start)
            for a, b in (m.span() for m in finditer(hay, line_start, line_end))
            if a != b
        ]
        if isinstance(raw, bytes):
            text = raw.decode("utf-8", errors="replace")
            if not raw.isascii():  # byte offsets to character offsets
                spans = [(len(_decode(raw[:a])), len(_decode(raw[:b]))) for a, b in spans]
        else:
            text = raw
        text = text.removesuffix("\r")
        spans = [(a, min(b, len(text))) for a, b in spans]
        hits.append(Hit(path, line_no, line_no - header_lines - 1, text, tuple(spans)))
    return hits


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def read_note(path: Path | str) -> bytes | None:
    """A file's bytes, or None when it cannot be read or is binary."""
    # os.open/os.read skip the buffered file object: twice as fast on 1,000 small files.
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        size = os.fstat(fd).st_size
        data = os.read(fd, size + 1)
        if len(data) > size:  # the file grew since fstat: read the rest
            chunks = [data]
            while chunk := os.read(fd, 1 << 16):
                chunks.append(chunk)
            data = b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)
    return None if b"\x00" in data[:8192] else data


def search_file(path: Path, query: Query) -> list[Hit]:
    """The hits in one file; an unreadable file has none."""
    data = read_note(path)
    return [] if data is None else search_bytes(path, data, query)


def search_paths(paths: Iterable[Path], query: Query, limit: int | None = None) -> Iterator[Hit]:
    """Hits in these files in order, stopping after `limit` hits."""
    count = 0
    for path in paths:
        for hit in search_file(path, query):
            yield hit
            count += 1
            if limit is not None and count >= limit:
                return


def lesson_files(course_root: Path) -> list[Path]:
    """The lesson files of a course, by file name (NN-slug.md keeps them in order)."""
    folder = os.path.join(course_root, LESSONS_DIR)
    try:
        names = sorted(
            entry.name
            for entry in os.scandir(folder)
            if entry.name.endswith(".md") and not entry.name.startswith(".") and entry.is_file()
        )
    except OSError:
        return []
    return [Path(folder, name) for name in names]


def course_roots(library: Path) -> list[Path]:
    """Course folders directly inside the library folder."""
    try:
        entries = sorted(os.scandir(library), key=lambda e: e.name)
    except OSError:
        return []
    return [
        Path(entry.path)
        for entry in entries
        if entry.is_dir() and os.path.isfile(os.path.join(entry.path, COURSE_FILE))
    ]


def files_to_search(path: Path) -> list[Path]:
    """A course's lessons, a library's lessons, or one Markdown file."""
    if path.is_file():
        return [path]
    if (path / COURSE_FILE).is_file():
        return lesson_files(path)
    return [file for root in course_roots(path) for file in lesson_files(root)]
