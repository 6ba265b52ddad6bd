"""Search lesson notes by reading the files: a whole file searched as bytes in one pass.

The search index (search_index.py) serves literal searches of whole courses;
this module lists the files to search and scans files directly where no index
helps (one lesson file, the app's search screen until it uses the index).
Only the note text is searched: the YAML front matter (title, URL, chapters) is
skipped, so every hit is a line the editor shows.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from lessontui.course.binary import looks_binary
from lessontui.services.casefold import FOLDS_FROM_BEYOND_ASCII, fold

COURSE_FILE = "course.md"
LESSONS_DIR = "lessons"
_BOM = b"\xef\xbb\xbf"
_READ_SIZE = 1 << 16  # one read() takes a whole note; bigger files take more reads


class Query:
    """A compiled search: use `compile_query` to make one."""

    __slots__ = ("_pattern", "fold", "fold_text", "ignore_case", "needle", "regex", "term")

    def __init__(self, term: str, *, ignore_case: bool, regex: bool) -> None:
        self.term = term
        self.ignore_case = ignore_case
        self.regex = regex
        # An ASCII literal is found with bytes.find, without `re`; when folding,
        # in the lowered bytes: bytes.lower() folds ASCII in C and keeps every offset.
        # Ignoring case, a literal matches as the search index does (casefold.py): on
        # the lowered bytes when no non-ASCII letter folds to one of the term's, else
        # on the folded text (the same length as the text: offsets stay put).
        ascii_fold = ignore_case and not regex and term.isascii()
        if ascii_fold and FOLDS_FROM_BEYOND_ASCII.intersection(term.lower()):
            ascii_fold = False
        self.fold = ascii_fold  # search data.lower()
        self.fold_text = ignore_case and not regex and not ascii_fold  # search fold(text)
        literal = not regex and term.isascii() and "\n" not in term and not self.fold_text
        self.needle = (term.lower() if ignore_case else term).encode() if literal else None
        self._pattern: re.Pattern[Any] | None = None

    @property
    def on_bytes(self) -> bool:
        return self.term.isascii() and not self.fold_text

    @property
    def pattern(self) -> re.Pattern[Any]:
        """The regex (bytes for ASCII terms, str otherwise), compiled on first use."""
        if self._pattern is None:
            term = self.term
            source = term if self.regex else re.escape(term)
            flags = re.IGNORECASE if self.ignore_case else 0
            if self.fold:
                self._pattern = re.compile(source.lower().encode())
            elif self.fold_text:
                self._pattern = re.compile(re.escape(fold(term)))
            elif term.isascii():
                self._pattern = re.compile(source.encode(), flags | re.MULTILINE)
            else:  # non-ASCII terms need Unicode case folding: search the decoded text
                self._pattern = re.compile(source, flags | re.MULTILINE)
        return self._pattern


class Hit:
    """One line holding at least one match."""

    __slots__ = ("body_line", "kind", "line", "path", "spans", "text", "time")

    def __init__(
        self,
        path: Path,
        line: int,
        body_line: int,
        text: str,
        spans: tuple[tuple[int, int], ...],
        time: float | None = None,
        kind: str = "note",
    ) -> None:
        self.path = path
        self.line = line  # 1-based line number in the file (what grep and editors use)
        self.body_line = body_line  # 0-based line number in the note body (the editor's row)
        self.text = text  # the line without its newline
        self.spans = spans  # character offsets of the matches in `text`
        self.time = time  # a transcript cue's start in seconds (then `path` is its lesson)
        self.kind = kind  # note, course (course.md) or transcript

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
    if not term:
        raise ValueError("empty search term")
    query = Query(term, ignore_case=ignore_case, regex=regex)
    if regex:
        query.pattern  # noqa: B018 -- compile now, so a bad regex fails here
    return query


def body_start(data: bytes) -> int:
    """Byte offset where the note body starts (after the front matter, if any).

    The front matter is `---` on the first line (after an optional BOM) up to
    the next line that is `---` or `...` (trailing blanks allowed), as
    course.document.split_text reads it. Plain bytes methods, no regex: this
    runs once per file that has a hit.
    """
    start = 3 if data.startswith(_BOM) else 0
    if not data.startswith(b"---", start):
        return 0
    end = data.find(b"\n", start + 3)
    if end < 0 or not _blank(data[start + 3 : end]):
        return 0
    closing = limit = len(data)
    for mark in (b"\n---", b"\n..."):
        # A `...` line counts only before the `---` one: bounding that search
        # keeps it from scanning the whole note (8 ms on 1,000 notes, measured).
        at = data.find(mark, end, limit)
        while at >= 0:
            line_end = data.find(b"\n", at + 4)
            if _blank(data[at + 4 : len(data) if line_end < 0 else line_end]):
                closing = limit = at
                break
            at = data.find(mark, at + 1, limit)
    if closing == len(data):
        return 0
    line_end = data.find(b"\n", closing + 4)
    return len(data) if line_end < 0 else line_end + 1


def _blank(rest: bytes) -> bool:
    """True if `rest` (a line after its `---`) is only blanks and one optional final CR."""
    return not rest.removesuffix(b"\r").strip(b" \t")


def _rows(
    hay: Any, start: int, pattern: re.Pattern[Any], newline: Any
) -> list[tuple[int, int, int]]:
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


def _prepare(data: bytes, query: Query) -> tuple[Any, Any, int, list[tuple[int, int, int]]]:
    """What to search (`hay`), what to show (`source`), where the body starts, and the rows."""
    start = body_start(data)
    if query.on_bytes:
        hay = data.lower() if query.fold else data
        if query.needle is not None:
            return hay, data, start, _literal_rows(hay, start, query.needle)
        return hay, data, start, _rows(hay, start, query.pattern, b"\n")
    text = data.decode("utf-8", errors="replace")
    start = len(data[:start].decode("utf-8", errors="replace"))
    folded = fold(text) if query.fold_text else text
    return folded, text, start, _rows(folded, start, query.pattern, "\n")


def _literal_rows(hay: bytes, start: int, needle: bytes) -> list[tuple[int, int, int]]:
    """`_rows` for a literal: bytes.find instead of a regex, the same rows."""
    rows = []
    find, rfind, count = hay.find, hay.rfind, hay.count
    line_no, counted = 1, 0
    position = find(needle, start)
    while position >= 0:
        line_start = rfind(b"\n", counted, position) + 1
        line_end = find(b"\n", position)
        if line_end < 0:
            line_end = len(hay)
        line_no += count(b"\n", counted, line_start)
        counted = line_start
        rows.append((line_no, line_start, line_end))
        position = find(needle, line_end)
    return rows


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
    """A regular file's bytes, or None when it cannot be read or is not text
    (course/binary.py: a stray NUL byte is text, as the app opens it)."""
    # os.open + one os.read skip the buffered file object: measured on 1,000
    # notes, 4.4 ms against 8.7 ms for open(path, "rb").read(). Non-blocking
    # and an fstat: a FIFO would block the open, a device never end the read.
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = os.read(fd, _READ_SIZE)
        if len(data) == _READ_SIZE:  # a big note: read the rest
            chunks = [data]
            while chunk := os.read(fd, _READ_SIZE * 16):
                chunks.append(chunk)
            data = b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)
    return None if looks_binary(data) else data


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


def normal_path(path: str) -> str:
    """`str(Path(path))` on a string: the same spelling in the output."""
    if os.sep != "/":
        return str(Path(path))
    root = ""
    if path.startswith("/"):  # POSIX keeps exactly two leading slashes
        root = "//" if path.startswith("//") and not path.startswith("///") else "/"
    return root + "/".join(part for part in path.split("/") if part and part != ".") or "."


def _join(folder: str, name: str) -> str:
    """`str(Path(folder, name))` for a normal `folder` and a plain `name`."""
    if folder == ".":
        return name
    return folder + name if folder.endswith(os.sep) else folder + os.sep + name


def _inside(base: str, path: str) -> bool:
    target = os.path.realpath(path)
    return target == base or target.startswith(os.path.join(base, ""))


def _lesson_names(course_root: str, skipped: list[tuple[str, str]] | None = None) -> list[str]:
    """The course's lesson files; what cannot be searched goes to `skipped` with why.

    One bad entry (a symlink loop, a FIFO, a link out of the course) never
    hides the others.
    """
    folder = _join(course_root, LESSONS_DIR)
    skip = skipped.append if skipped is not None else lambda _: None
    base = os.path.realpath(course_root)
    linked_folder = os.path.islink(folder)  # then every entry needs its real path checked
    names = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if not name.endswith(".md") or name[0] == ".":
                    continue
                try:
                    regular = entry.is_file()
                    outside = (entry.is_symlink() or linked_folder) and not _inside(
                        base, entry.path
                    )
                except OSError as error:
                    skip((_join(folder, name), error.strerror or str(error)))
                    continue
                if outside:
                    skip((_join(folder, name), "a link to a file outside the course folder"))
                elif regular:
                    names.append(name)
                elif os.path.exists(entry.path):
                    skip((_join(folder, name), "not a regular file"))
    except FileNotFoundError:
        return []
    except OSError as error:
        skip((folder, error.strerror or str(error)))
    names.sort()
    return [_join(folder, name) for name in names]


def course_folders(library: str, skipped: list[tuple[str, str]] | None = None) -> list[str]:
    """The course folders (holding course.md) directly inside `library`, sorted."""
    skip = skipped.append if skipped is not None else lambda _: None
    names = []
    try:
        with os.scandir(library) as entries:
            for entry in entries:
                try:
                    if entry.is_dir():
                        names.append(entry.name)
                except OSError as error:
                    skip((_join(library, entry.name), error.strerror or str(error)))
    except OSError as error:
        skip((library, error.strerror or str(error)))
    names.sort()
    folders = [_join(library, name) for name in names]
    return [folder for folder in folders if os.path.isfile(_join(folder, COURSE_FILE))]


def note_files(
    path: str | os.PathLike[str], skipped: list[tuple[str, str]] | None = None
) -> list[str]:
    """`files_to_search` as strings, spelled as pathlib spells them.

    (path, reason) for each entry that could not be listed goes to `skipped`.
    """
    path = normal_path(os.fspath(path))
    if os.path.isfile(path):
        return [path]
    if os.path.isfile(_join(path, COURSE_FILE)):
        return _lesson_names(path, skipped)
    return [file for root in course_folders(path, skipped) for file in _lesson_names(root, skipped)]


def files_to_search(path: Path, skipped: list[tuple[str, str]] | None = None) -> list[Path]:
    """A course's lessons, a library's lessons, or one Markdown file."""
    return [Path(name) for name in note_files(path, skipped)]
