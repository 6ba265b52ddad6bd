"""A full-text index of notes, course intros and transcripts: SQLite FTS5, trigram + words.

The files stay the only source of truth; the index is a cache in the platform
cache folder (`LESSONTUI_INDEX` names another file, for tests). `sync` brings
it up to date from each file's stat (mtime, size, inode, ctime, as the header
cache does): only files whose stat changed are read again, files gone are
dropped; `refresh` re-reads named files (the app, after saving a note). A
missing index, or one of ours that is corrupt or of another layout, is deleted
and built anew; a file that is not ours is never touched.

Two lessontui processes may sync at once: WAL lets readers go on while one
writes, writes are short transactions (a batch of files each) taken with
BEGIN IMMEDIATE and a busy timeout, and each batch re-checks the stored stat
after taking the lock, so work the other process did is not done twice.

Rows are lines of note bodies (learned items are lines too), of course intros,
part goals and transcript cues. A row's rowid is `course << 44 | file << 24 |
line`: one course's rows are one rowid range (a course search asks FTS5 for
that range only), one file's rows are a range inside it (deleted without a
scan), and a page of hits comes in file order. Three structures answer a term:
`lines` (trigram: any substring of 3+ characters), `words` (each row's words,
contentless, no positions: the rows holding a given word) and `vocab` (every
word indexed, with a trigram index of its own): a term whose words no indexed
word can hold is "no match" at once, and a one-word term held by a few words
is read from `words`. Case folding is SQLite's (services/casefold.py), in the
index and in the file scan. Regex searches read the files (`scan`).
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_cache_path

from lessontui.course import safe_paths
from lessontui.course.binary import looks_binary
from lessontui.course.document import DocumentError, load_yaml, split_text, stat_key
from lessontui.course.markdown_blocks import split_lines
from lessontui.services import search, transcripts
from lessontui.services.casefold import FOLDS_FROM_BEYOND_ASCII, WORD, fold, spans, words
from lessontui.services.transcripts import Cancel, Cancelled

__all__ = ["Cancelled", "Hit", "IndexError_", "SearchIndex", "scan"]

INDEX_ENV = "LESSONTUI_INDEX"
VERSION = 5  # PRAGMA user_version; another value means another layout: rebuild
APP_ID = 0x4C545549  # PRAGMA application_id, "LTUI": marks a file as lessontui's index
_LEGACY_TABLES = {"files", "files_course", "lines"}  # an index made before APP_ID (and lines_*)
_NO_MATCH = ("none", "")
OURS, NEW, FOREIGN = "ours", "new", "foreign"
SHIFT = 24  # rowid = course id << COURSE_SHIFT | file id << SHIFT | line (or cue number)
MAX_ROWS = (1 << SHIFT) - 1
COURSE_SHIFT = 44
MAX_FILES = 1 << (COURSE_SHIFT - SHIFT)  # file ids past this: the index is made again
MAX_COURSES = 1 << (63 - COURSE_SHIFT)
WORDS_AT_MOST = 64  # a one-word term held by at most this many words is read from `words`
# ...and a 1-2 character one by at most this many: a letter in more words is common, and
# a LIKE scan finds a page of it at once (measured on the benchmark's index, one course:
# `t`, in 32 words, 7.6 ms from `words` against 0.05 ms; `q`, in 9, 0.3 against 12 ms).
SHORT_WORDS_AT_MOST = 16
# A trigram query asks the trigrams of at most this many characters of a term: thousands
# of trigrams took 120 ms where the first 48 characters find the same candidates at once.
GRAMS_AT_MOST = 48
ROWS_PER_STEP = 2000  # rows inserted between looks at `cancel`
PROGRESS_STEP = 4 << 20  # bytes read between progress reports inside a batch
BATCH = 200  # files per write transaction: another process gets a turn between batches
BUSY_MS = 30_000
# A file changed this recently may change again within the same timestamp tick
# (coarse clocks): its stat is stored as unknown so the next sync reads it again.
RACY_NS = 3_000_000_000
# A temporary index (`_create`) lives for milliseconds; one older than this process and
# than STALE_S was left by a crash and is deleted by the next `_create`.
STARTED = time.time()
STALE_S = 60

NOTE, COURSE, TRANSCRIPT = "note", "course", "transcript"

_SCHEMA = f"""
CREATE TABLE files(
    id INTEGER PRIMARY KEY,
    path TEXT UNIQUE NOT NULL,  -- the file read (absolute)
    kind TEXT NOT NULL,         -- note, course or transcript
    shown TEXT NOT NULL,        -- the file a hit names: a transcript's lesson
    course TEXT NOT NULL,       -- the course folder it belongs to
    stat TEXT NOT NULL,         -- mtime_ns:size:inode:ctime_ns when read, or '' to re-read
    video TEXT NOT NULL DEFAULT '',  -- a lesson's `video` field, to find its subtitles
    bytes INTEGER NOT NULL DEFAULT 0,
    first INTEGER NOT NULL DEFAULT 1,  -- the file line the body starts on (editor row 0)
    course_id INTEGER NOT NULL        -- courses.id: the high bits of the file's rowids
);
CREATE INDEX files_course ON files(course);
CREATE TABLE courses(id INTEGER PRIMARY KEY, root TEXT UNIQUE NOT NULL);
-- No positions (detail=none) and no token counts (columnsize=0): a trigram query is an
-- AND of the term's trigrams, and every candidate row is checked against the term
-- anyway; positions were 60% of the index (docs/search.md, "Its size").
CREATE VIRTUAL TABLE lines USING fts5(
    text, time UNINDEXED, tokenize='trigram', detail='none', columnsize=0
);
-- Each row's folded words, space separated (ascii splits at ASCII non-alphanumerics
-- only, so it keeps our words whole); no content, no positions: rows only.
CREATE VIRTUAL TABLE words USING fts5(
    text, content='', detail='none', columnsize=0, tokenize='ascii'
);
-- Every word ever indexed (kept until a rebuild: a word in it may be gone, never
-- the other way round), and its trigrams, to find the words holding a term.
CREATE TABLE vocab(id INTEGER PRIMARY KEY, word TEXT UNIQUE NOT NULL);
CREATE VIRTUAL TABLE vocab_grams USING fts5(
    word, content='vocab', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER vocab_added AFTER INSERT ON vocab
    BEGIN INSERT INTO vocab_grams(rowid, word) VALUES (new.id, new.word); END;
PRAGMA application_id = {APP_ID};
PRAGMA user_version = {VERSION};
"""


def index_path() -> Path:
    override = os.environ.get(INDEX_ENV)
    if override:
        return Path(override).expanduser()
    return user_cache_path("lessontui") / "search-index.sqlite"


@dataclass(frozen=True)
class Source:
    """One file to index: what it is and which file a hit in it names."""

    path: str
    kind: str
    shown: str
    course: str
    stat: str


@dataclass
class Hit:
    path: str  # the file a hit names (for a transcript, its lesson)
    kind: str
    line: int  # 1-based line in the file; for a transcript, the cue's number
    time: float | None  # a transcript cue's start, in seconds
    text: str
    spans: tuple[tuple[int, int], ...]
    source: str = ""  # the file the text is in (the subtitle file for a transcript)
    body_line: int = 0  # the editor's row: the line in the body, 0-based (notes)
    rowid: int = 0  # where the next page starts (`search(..., after=rowid)`)


@dataclass
class SyncReport:
    read: int = 0  # files (re)indexed
    dropped: int = 0
    bytes: int = 0
    rebuilt: bool = False
    skipped: list[tuple[str, str]] = field(default_factory=list)


class IndexError_(Exception):
    """The index cannot be used now (its folder cannot be written, locked too long, disk full)."""


def _stat(path: str) -> str | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    if time.time_ns() - st.st_mtime_ns < RACY_NS:
        return ""
    return ":".join(map(str, stat_key(st)))


# -- what the files hold -----------------------------------------------------------------


def note_rows(data: bytes) -> tuple[list[tuple[int, str]], str]:
    """(line number, text) of each non-blank body line, and the `video` field.

    Lines end as the editor ends them (CR, LF or CRLF: split_lines), so a hit's
    row is the editor's row. A NUL byte is text (a space): the app opens such a
    note, so its lines are found.
    """
    start = search.body_start(data)
    video = ""
    if start and b"\nvideo:" in data[:start]:
        video = _field(data, "video")
    text = data[start:].decode("utf-8", errors="replace").replace("\x00", " ")
    rows = [
        (number, line)
        for number, line in enumerate(split_lines(text), start=first_line(data, start))
        if line.strip()
    ]
    return rows, video


def first_line(data: bytes, start: int) -> int:
    """The line number (1-based) the byte at `start` is on, lines ended as split_lines ends them."""
    ends = data.count(b"\n", 0, start) + data.count(b"\r", 0, start)
    return ends - data.count(b"\r\n", 0, start) + 1


def _field(data: bytes, name: str) -> str:
    try:
        _, meta = split_text(data.decode("utf-8", errors="replace"))
    except (DocumentError, ValueError):
        return ""
    value = meta.get(name)
    return str(value) if isinstance(value, (str, int, float)) else ""


def course_rows(data: bytes) -> list[tuple[int, str]]:
    """The intro's lines and each part's title and goal (on the line the goal is on)."""
    rows, _ = note_rows(data)
    start = search.body_start(data)
    if not start:
        return rows
    header = data[:start].decode("utf-8", errors="replace")
    try:
        meta = load_yaml(header.split("\n", 1)[1].rsplit("\n---", 1)[0])
    except Exception:  # a bad header: the intro is still searchable
        return rows
    parts = meta.get("parts") if isinstance(meta, dict) else None
    lines = header.split("\n")
    goals = []
    for number, part in enumerate(parts if isinstance(parts, list) else [], start=1):
        if not isinstance(part, dict):
            continue
        text = " — ".join(str(part[k]) for k in ("title", "goal") if part.get(k))
        goal = str(part.get("goal") or part.get("title") or "")
        at = next((i for i, line in enumerate(lines, 1) if goal and goal[:40] in line), 1)
        if text:
            goals.append((at, f"Part {number}: {' '.join(text.split())}"))
    return sorted(goals + rows)


def transcript_rows(path: str, cancel: Cancel = transcripts.never) -> list[tuple[int, str, float]]:
    cues = transcripts.read_transcript(Path(path), cancel).cues
    return [(number, cue.text, cue.start) for number, cue in enumerate(cues, start=1)]


def rows_of(
    source: Source, cancel: Cancel = transcripts.never
) -> tuple[list[tuple[int, str, float | None]], str, int, int]:
    """(line, text, time) rows of a source, its `video` field, its size in bytes and the
    file line its body starts on."""
    if source.kind == TRANSCRIPT:
        size = os.path.getsize(source.path)
        return [(n, t, s) for n, t, s in transcript_rows(source.path, cancel)], "", size, 1
    _, data = safe_paths.read_regular(source.path)
    if looks_binary(data):  # not a note: the app does not open it either
        return [], "", len(data), 1
    first = first_line(data, search.body_start(data))
    if source.kind == COURSE:
        return [(n, t, None) for n, t in course_rows(data)], "", len(data), first
    rows, video = note_rows(data)
    return [(n, t, None) for n, t in rows], video, len(data), first


# -- which files a course has ----------------------------------------------------------


def course_sources(
    root: str, langs: Sequence[str], videos: dict[str, str], skipped: list[tuple[str, str]]
) -> list[Source]:
    """course.md, the lessons and each lesson's chosen transcript.

    `videos` maps a lesson path to its `video` field as last indexed: a
    subtitle file named after the video belongs to that lesson.
    """
    root = os.path.abspath(root)
    found: list[Source] = []
    course_file = os.path.join(root, search.COURSE_FILE)
    course_stat = _stat(course_file)
    if course_stat is not None:
        found.append(Source(course_file, COURSE, course_file, root, course_stat))
    lessons = search.note_files(root, skipped)
    media = os.path.join(root, "media")
    by_stem: dict[str, list[str]] = {}
    for lesson in lessons:
        lesson_stat = _stat(lesson)
        if lesson_stat is None:
            continue
        found.append(Source(lesson, NOTE, lesson, root, lesson_stat))
        for stem in transcripts.lesson_stems(lesson, videos.get(lesson)):
            by_stem.setdefault(stem, []).append(lesson)
    if not by_stem or not os.path.isdir(media):
        return found
    per_lesson: dict[str, list[Path]] = {}
    for file in transcripts.candidates(media, by_stem):
        stem = transcripts.stem_of(os.path.splitext(file.name)[0], by_stem) or ""
        for lesson in by_stem.get(stem, []):
            per_lesson.setdefault(lesson, []).append(file)
    owned: set[Path] = set()
    for lesson in lessons:
        files = per_lesson.get(lesson)
        if not files:
            continue
        stems = transcripts.lesson_stems(lesson, videos.get(lesson))
        chosen = transcripts.choose(files, stems, langs)
        if chosen is None or chosen in owned:
            continue  # a transcript is one lesson's: the first naming its video (the index's key)
        owned.add(chosen)
        chosen_stat = _stat(str(chosen))
        if chosen_stat is not None:
            found.append(Source(str(chosen), TRANSCRIPT, lesson, root, chosen_stat))
    return found


# -- the index ---------------------------------------------------------------------------


class SearchIndex:
    """The index file, opened; `sync` before searching what may have changed."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or index_path()
        self.rebuilt = False
        self.complete = True  # False when the last search ran out of its time budget
        self.plan = ""  # how the last search was answered: none, words, grams, like, holds
        self._vocab: set[str] | None = None  # words known to be in `vocab` (loaded on first use)
        self._vocab_added: set[str] = set()  # added by the open transaction
        self._bulk = False  # a sync is running: keep every word in memory
        self._db = self._open()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise IndexError_(f"{self.path.parent}: {error.strerror or error}") from None
        foreign = IndexError_(
            f"{self.path} is not lessontui's search index; it is left as it is "
            f"(point {INDEX_ENV} at another file)"
        )
        deadline = time.monotonic() + BUSY_MS / 1000
        deleted = False  # a bad file is deleted and made again once
        while True:
            owner = _owner(self.path)
            if owner == FOREIGN:
                raise foreign
            if owner == NEW:
                self.rebuilt = True
                try:
                    _create(self.path)
                except OSError as error:
                    raise IndexError_(f"{self.path}: {error.strerror or error}") from None
                except sqlite3.Error as error:
                    raise IndexError_(f"{self.path}: {error}") from None
            # Only a file known to be ours (made whole, then linked into place) gets here.
            db = None
            try:
                db = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None)
                db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version != VERSION:
                    raise sqlite3.DatabaseError(f"index version {version}, not {VERSION}")
                db.execute("SELECT count(*) FROM files WHERE id = 0").fetchone()
                return db
            except sqlite3.OperationalError as error:
                if db is not None:
                    db.close()
                if "locked" in str(error) and time.monotonic() < deadline:
                    time.sleep(0.05)  # another process is switching it to WAL: try again
                    continue
                if "no such table" not in str(error) or deleted or _owner(self.path) != OURS:
                    raise IndexError_(f"{self.path}: {error}") from None
                self._delete()
                deleted = True
            except sqlite3.DatabaseError as error:
                if db is not None:
                    db.close()
                if deleted or _owner(self.path) != OURS:
                    raise IndexError_(f"{self.path}: {error}") from None
                self._delete()  # ours but corrupt or of another layout: the files fill a new one
                deleted = True

    def _delete(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.path}{suffix}")

    def _recover(self) -> None:
        """The file went bad while open: start again with an empty index."""
        self._vocab = None
        self._db.close()
        self._delete()
        self._db = self._open()

    # -- bringing it up to date --------------------------------------------------------

    def sync(
        self,
        courses: Iterable[str | os.PathLike[str]],
        *,
        langs: Sequence[str] = ("en",),
        prune_others: bool = False,
        progress: Callable[[int, int], object] | None = None,
        cancel: Cancel = transcripts.never,
    ) -> SyncReport:
        """Index what changed in these course folders since the last sync.

        `prune_others` (a library-wide sync) also drops courses not listed.
        `progress(done, total)` is told the bytes read so far of those to read.
        `cancel()` is asked between files and between slices of a big one; True
        raises Cancelled at once (the batch being written is rolled back).
        """
        roots = [os.path.abspath(os.fspath(root)) for root in courses]
        self._bulk = True
        try:
            report = self._sync(roots, langs, prune_others, progress, cancel)
        except sqlite3.OperationalError as error:  # locked past the timeout, disk full...
            raise IndexError_(f"{self.path}: {error}") from None
        except sqlite3.DatabaseError:
            self._recover()
            report = self._sync(roots, langs, prune_others, progress, cancel)
            report.rebuilt = True
        finally:
            self._bulk = False
        return report

    def _sync(
        self,
        roots: list[str],
        langs: Sequence[str],
        prune_others: bool,
        progress: Callable[[int, int], object] | None,
        cancel: Cancel,
    ) -> SyncReport:
        report = SyncReport(rebuilt=self.rebuilt)
        # A note read now may name a video whose subtitles it then owns: a second
        # pass picks those up (it reads nothing when no `video` field changed).
        used = self._pass(roots, langs, prune_others, progress, report, cancel)
        if used != self._videos():
            self._pass(roots, langs, False, None, report, cancel)
        self.rebuilt = False
        return report

    def _videos(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT path, video FROM files WHERE video != ''"))

    def _pass(
        self,
        roots: list[str],
        langs: Sequence[str],
        prune_others: bool,
        progress: Callable[[int, int], object] | None,
        report: SyncReport,
        cancel: Cancel,
    ) -> dict[str, str]:
        """One round of reading what changed; returns the `video` fields it went by."""
        db = self._db
        known: dict[str, tuple[str, str]] = {}  # path -> (stat, course)
        videos: dict[str, str] = {}
        for path, stat_text, course, video in db.execute(
            "SELECT path, stat, course, video FROM files"
        ):
            known[path] = (stat_text, course)
            if video:
                videos[path] = video
        wanted: dict[str, Source] = {}
        for root in roots:
            if cancel():
                raise Cancelled
            for source in course_sources(root, langs, videos, report.skipped):
                wanted[source.path] = source
        root_set = set(roots)
        gone = [
            path
            for path, (_, course) in known.items()
            if path not in wanted and (course in root_set or prune_others)
        ]
        stale = [s for s in wanted.values() if known.get(s.path, ("-",))[0] != s.stat or not s.stat]
        moved = [
            s
            for s in wanted.values()
            if s.kind == TRANSCRIPT and s.path in known and s not in stale
        ]
        if moved:  # a lesson's transcript may now belong to another lesson (its video changed)
            with self._write():
                db.executemany(
                    "UPDATE files SET shown = ? WHERE path = ? AND shown != ?",
                    [(s.shown, s.path, s.shown) for s in moved],
                )
        for start in range(0, len(gone), BATCH):
            with self._write():
                for path in gone[start : start + BATCH]:
                    if cancel():
                        raise Cancelled
                    self._drop(path)
                    report.dropped += 1
        if prune_others:  # courses with no file left in the index
            with self._write():
                db.execute("DELETE FROM courses WHERE id NOT IN (SELECT course_id FROM files)")
        # Notes first: a note's `video` field tells which subtitles are its.
        stale.sort(key=lambda s: s.kind == TRANSCRIPT)
        total = sum(_size(s.path) for s in stale)
        done = told = 0
        if progress is not None and stale:
            progress(0, total)
        for start in range(0, len(stale), BATCH):
            batch = stale[start : start + BATCH]
            with self._write():
                for source in batch:
                    if cancel():
                        raise Cancelled
                    row = db.execute("SELECT stat FROM files WHERE path = ?", (source.path,))
                    stored = row.fetchone()
                    if stored is not None and stored[0] == source.stat and source.stat:
                        continue  # another process read it meanwhile
                    size = self._index(source, report, cancel)
                    done += size
                    report.read += 1
                    report.bytes += size
                    if progress is not None and done - told >= PROGRESS_STEP:
                        progress(done, total)  # a big file: told before its batch ends
                        told = done
            if progress is not None and done != told:
                progress(done, total)
                told = done
        return videos

    def refresh(self, paths: Iterable[str | os.PathLike[str]]) -> int:
        """Bring these files' rows up to date at once (the app just saved them), no walk.

        A file of a course already indexed is read again (a new lesson or
        course.md is added); a file gone is dropped; anything else waits for
        the next `sync`. Returns how many files were read.
        """
        read = 0
        report = SyncReport()
        try:
            with self._write():
                for each in paths:
                    path = os.path.abspath(os.fspath(each))
                    source = self._source_of(path)
                    if source is None:
                        continue
                    current = _stat(path)
                    if current is None:
                        self._drop(path)
                    elif current != source.stat or not current:
                        self._index(
                            Source(path, source.kind, source.shown, source.course, current),
                            report,
                        )
                        read += 1
        except sqlite3.OperationalError as error:
            raise IndexError_(f"{self.path}: {error}") from None
        return read

    def _source_of(self, path: str) -> Source | None:
        """The indexed file at `path`, or a note or course.md new in an indexed course."""
        row = self._db.execute(
            "SELECT kind, shown, course, stat FROM files WHERE path = ?", (path,)
        ).fetchone()
        if row is not None:
            return Source(path, row[0], row[1], row[2], row[3])
        folder, name = os.path.split(path)
        if name == search.COURSE_FILE:
            root, kind = folder, COURSE
        elif name.endswith(".md") and os.path.basename(folder) == search.LESSONS_DIR:
            root, kind = os.path.dirname(folder), NOTE
        else:
            return None
        known = self._db.execute("SELECT 1 FROM courses WHERE root = ?", (root,)).fetchone()
        if known is None or not os.path.isfile(path):
            return None
        return Source(path, kind, path, root, "-")

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            self._vocab_added.clear()
            raise
        self._db.execute("COMMIT")
        if self._vocab is not None:
            self._vocab |= self._vocab_added
        self._vocab_added.clear()

    def _drop(self, path: str) -> None:
        row = self._db.execute("SELECT id, course_id FROM files WHERE path = ?", (path,)).fetchone()
        if row is None:
            return
        self._drop_rows(_base(row[1], row[0]))
        self._db.execute("DELETE FROM files WHERE id = ?", (row[0],))

    def _drop_rows(self, low: int) -> None:
        """Delete one file's rows: from `words` first, which needs the words they had."""
        db = self._db
        old = db.execute(
            "SELECT rowid, text FROM lines WHERE rowid BETWEEN ? AND ?", (low, low + MAX_ROWS)
        ).fetchall()
        db.executemany(
            "INSERT INTO words(words, rowid, text) VALUES ('delete', ?, ?)",
            [(rowid, said) for rowid, text in old if (said := _word_text(text))],
        )
        db.execute("DELETE FROM lines WHERE rowid BETWEEN ? AND ?", (low, low + MAX_ROWS))

    def _course_id(self, root: str) -> int:
        row = self._db.execute("SELECT id FROM courses WHERE root = ?", (root,)).fetchone()
        if row is not None:
            return int(row[0])
        course_id = self._db.execute("INSERT INTO courses(root) VALUES (?)", (root,)).lastrowid
        assert course_id is not None
        if course_id >= MAX_COURSES:
            raise sqlite3.DatabaseError("course ids used up: the index is made again")
        return course_id

    def _index(self, source: Source, report: SyncReport, cancel: Cancel = transcripts.never) -> int:
        """Replace one file's rows; a file that cannot be read keeps no rows."""
        db = self._db
        try:
            rows, video, size, first = rows_of(source, cancel)
        except (OSError, transcripts.TranscriptError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            report.skipped.append((source.path, reason))
            rows, video, size, first = [], "", 0, 1
        course_id = self._course_id(source.course)
        values = (source.kind, source.shown, source.course, source.stat, video, size, first)
        row = db.execute(
            "SELECT id, course_id FROM files WHERE path = ?", (source.path,)
        ).fetchone()
        if row is None:
            file_id = db.execute(
                "INSERT INTO files(kind, shown, course, stat, video, bytes, first, course_id, "
                "path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, course_id, source.path),
            ).lastrowid
            assert file_id is not None
            if file_id >= MAX_FILES:
                raise sqlite3.DatabaseError("file ids used up: the index is made again")
        else:
            file_id = row[0]
            self._drop_rows(_base(row[1], file_id))
            db.execute(
                "UPDATE files SET kind = ?, shown = ?, course = ?, stat = ?, video = ?, bytes = ?, "
                "first = ?, course_id = ? WHERE id = ?",
                (*values, course_id, file_id),
            )
        base = _base(course_id, file_id)
        kept = [(base + line, text, at) for line, text, at in rows if 0 < line <= MAX_ROWS]
        for start in range(0, len(kept), ROWS_PER_STEP):
            if start and cancel():
                raise Cancelled
            step = kept[start : start + ROWS_PER_STEP]
            db.executemany("INSERT INTO lines(rowid, text, time) VALUES (?, ?, ?)", step)
            said = [(rowid, text) for rowid, text, _ in step]
            folded = [(rowid, words(fold(text))) for rowid, text in said]
            db.executemany(
                "INSERT INTO words(rowid, text) VALUES (?, ?)",
                [(rowid, " ".join(found)) for rowid, found in folded if found],
            )
            self._add_words({word for _, found in folded for word in found})
        return size

    def _add_words(self, found: set[str]) -> None:
        if self._vocab is None and not self._bulk:  # one file: not worth loading every word
            self._db.executemany(
                "INSERT OR IGNORE INTO vocab(word) VALUES (?)", [(w,) for w in found]
            )
            return
        if self._vocab is None:
            self._vocab = {row[0] for row in self._db.execute("SELECT word FROM vocab")}
        new = found - self._vocab - self._vocab_added
        if new:
            self._db.executemany(
                "INSERT OR IGNORE INTO vocab(word) VALUES (?)", [(w,) for w in new]
            )
            self._vocab_added |= new

    # -- searching -----------------------------------------------------------------------

    def search(
        self,
        term: str,
        courses: Iterable[str | os.PathLike[str]] | None = None,
        *,
        ignore_case: bool = True,
        limit: int | None = None,
        budget_ms: float | None = None,
        after: int = 0,
        cancel: Cancel | None = None,
    ) -> list[Hit]:
        """Hits for a literal `term` in these courses (None: all indexed), in rowid order.

        With a `limit` this is a page: the index is read only until it is full;
        the next page starts `after` the last hit's `rowid`. With `budget_ms`
        the search stops after about that long (a rare 1-2 character term that
        is no word's part scans rows); `complete` then says False, as it does
        when `cancel()` turns True (asked between rows and inside SQLite's
        steps). `plan` says how it was answered ("none": no indexed word can
        hold the term).
        """
        if not term:
            raise ValueError("empty search term")
        self.complete = True
        deadline = math.inf if budget_ms is None else time.perf_counter() + budget_ms / 1000
        stop = cancel or transcripts.never
        bounded = budget_ms is not None or cancel is not None
        if bounded:
            self._db.set_progress_handler(lambda: time.perf_counter() > deadline or stop(), 1000)
        hits: list[Hit] = []
        try:
            ranges = self._ranges(courses)
            plan = self._plan(term) if ranges else _NO_MATCH
            self.plan = plan[0]
            files: dict[int, tuple[str, str, str, int]] = {}
            for low, high in ranges:
                if high <= after:
                    continue
                for rowid, text, at in self._rows(plan, max(low, after + 1), high):
                    if time.perf_counter() > deadline or stop():
                        raise _OutOfTime
                    found = spans(term, text, ignore_case=ignore_case)
                    if not found:  # a candidate only: the word or trigram held, not the term
                        continue
                    file_id = (rowid >> SHIFT) & (MAX_FILES - 1)
                    if file_id not in files:
                        row = self._db.execute(
                            "SELECT path, kind, shown, first FROM files WHERE id = ?", (file_id,)
                        ).fetchone()
                        if row is None:
                            continue
                        files[file_id] = row
                    path, kind, shown, first = files[file_id]
                    line = rowid & MAX_ROWS
                    row_in_body = max(0, line - first)
                    hits.append(Hit(shown, kind, line, at, text, found, path, row_in_body, rowid))
                    if limit is not None and len(hits) >= limit:
                        return hits
        except _OutOfTime:
            self.complete = False  # out of time: the hits so far are the page
        except sqlite3.OperationalError as error:
            if not bounded or "interrupted" not in str(error):
                raise IndexError_(f"{self.path}: {error}") from None
            self.complete = False
        except sqlite3.DatabaseError:
            self._recover()
            raise IndexError_(
                "the search index was corrupt and has been emptied; search again"
            ) from None
        finally:
            if bounded:
                self._db.set_progress_handler(None, 0)
        return hits

    def _plan(self, term: str) -> tuple[str, str]:
        """How to find candidate rows: ("none", ""), ("words", fts query), ("grams",
        fts query), ("like", pattern) or ("holds", folded term)."""
        folded = fold(term)
        runs = [(m.start(), m.end(), m.group()) for m in WORD.finditer(folded)]
        held: list[str] = []
        groups: list[list[str]] = []
        for start, end, word in runs:
            # A word of the term with text on its left may be the end of a longer
            # word; one with text on its right, the start of one.
            held = self._words_holding(word, start == 0, end == len(folded))
            if not held:
                return _NO_MATCH  # no word indexed can hold it: no line can
            groups.append(held)
        at_most = WORDS_AT_MOST if len(folded) >= 3 else SHORT_WORDS_AT_MOST
        if len(runs) == 1 and runs[0][2] == folded and len(held) <= at_most:
            return "words", " OR ".join(f'"{word}"' for word in held)
        if len(groups) > 1 and all(len(group) <= WORDS_AT_MOST for group in groups):
            # The rows holding one of each word's words: two short doclists in C
            # beat a phrase of many common trigrams (measured: 0.6 against 2 ms).
            return "words", " AND ".join(
                "(" + " OR ".join(f'"{word}"' for word in group) + ")" for group in groups
            )
        if len(folded) >= 3:  # candidates only (checked after): a long term's start will do
            head = folded[:GRAMS_AT_MOST]
            grams = dict.fromkeys(head[at : at + 3] for at in range(len(head) - 2))
            return "grams", " AND ".join('"' + gram.replace('"', '""') + '"' for gram in grams)
        if folded.isascii():  # LIKE folds ASCII only: letters a non-ASCII one folds to match any
            like = "".join(
                "_" if c in FOLDS_FROM_BEYOND_ASCII else "\\" + c if c in "\\%_" else c
                for c in folded
            )
            return "like", f"%{like}%"
        return "holds", folded

    def _words_holding(self, word: str, open_left: bool, open_right: bool) -> list[str]:
        """Indexed words that hold `word` where a term can (at most WORDS_AT_MOST + 1)."""
        db = self._db
        cap = WORDS_AT_MOST + 1
        if not open_left and not open_right:
            rows = db.execute("SELECT word FROM vocab WHERE word = ?", (word,))
            return [row[0] for row in rows]
        if not open_left:
            rows = db.execute(
                "SELECT word FROM vocab WHERE word >= ? AND word < ? LIMIT ?",
                (word, word + "\U0010ffff", cap),
            )
            return [row[0] for row in rows]
        if len(word) >= 3:  # candidates, checked below: a long word's start will do
            rows = db.execute(
                "SELECT word FROM vocab_grams WHERE vocab_grams MATCH ?",
                (f'"{word[:GRAMS_AT_MOST]}"',),
            )
        else:
            rows = db.execute("SELECT word FROM vocab WHERE instr(word, ?) > 0", (word,))
        held = []
        for (found,) in rows:
            if found.endswith(word) if not open_right else word in found:
                held.append(found)
                if len(held) >= cap:
                    break
        return held

    def _rows(self, plan: tuple[str, str], low: int, high: int) -> Iterator[tuple[int, str, float]]:
        """Candidate (rowid, text, time) rows between two rowids, in rowid order."""
        kind, query = plan
        db = self._db
        if kind == "none":
            return
        if kind == "words":
            found = db.execute(
                "SELECT rowid FROM words WHERE words MATCH ? AND rowid BETWEEN ? AND ? "
                "ORDER BY rowid",
                (query, low, high),
            )
            while batch := [row[0] for row in found.fetchmany(64)]:
                # FTS5's own content table (id, c0 = text, c1 = time): one query a
                # batch, without the virtual table's overhead a row.
                marks = ",".join("?" * len(batch))
                rows = {
                    row[0]: row
                    for row in db.execute(
                        f"SELECT id, c0, c1 FROM lines_content WHERE id IN ({marks})", batch
                    )
                }
                for rowid in batch:
                    if rowid in rows:
                        yield rows[rowid]
            return
        if kind == "grams":
            yield from db.execute(
                "SELECT rowid, text, time FROM lines WHERE lines MATCH ? "
                "AND rowid BETWEEN ? AND ? ORDER BY rowid",
                (query, low, high),
            )
            return
        if kind == "like":
            yield from db.execute(
                "SELECT rowid, text, time FROM lines WHERE rowid BETWEEN ? AND ? "
                "AND text LIKE ? ESCAPE '\\' ORDER BY rowid",
                (low, high, query),
            )
            return
        db.create_function("holds", 1, lambda text: query in fold(text), deterministic=True)
        yield from db.execute(
            "SELECT rowid, text, time FROM lines WHERE rowid BETWEEN ? AND ? AND holds(text) "
            "ORDER BY rowid",
            (low, high),
        )

    def _ranges(self, courses: Iterable[str | os.PathLike[str]] | None) -> list[tuple[int, int]]:
        """The rowid ranges of these courses (one for all), in course id order."""
        everything = [(0, (1 << 63) - 1)]
        if courses is None:
            return everything
        ids = dict(self._db.execute("SELECT root, id FROM courses"))
        wanted = sorted({ids[r] for r in map(_abs, courses) if r in ids})
        if len(wanted) == len(ids) and wanted:
            return everything
        ranges: list[tuple[int, int]] = []
        for course_id in wanted:  # neighbouring ids make one range
            low, high = course_id << COURSE_SHIFT, ((course_id + 1) << COURSE_SHIFT) - 1
            if ranges and ranges[-1][1] + 1 == low:
                ranges[-1] = (ranges[-1][0], high)
            else:
                ranges.append((low, high))
        return ranges

    def knows(self, courses: Iterable[str | os.PathLike[str]]) -> bool:
        """True if every one of these courses has been indexed (maybe not since it changed)."""
        ids = {row[0] for row in self._db.execute("SELECT root FROM courses")}
        return all(_abs(root) in ids for root in courses)

    def size(self) -> int:
        """Bytes on disk: the file and its write-ahead log."""
        return sum(
            os.path.getsize(f"{self.path}{suffix}")
            for suffix in ("", "-wal")
            if os.path.exists(f"{self.path}{suffix}")
        )

    def text_bytes(self) -> int:
        return int(self._db.execute("SELECT coalesce(sum(bytes), 0) FROM files").fetchone()[0])


def _owner(path: Path) -> str:
    """OURS (lessontui's index, even a damaged one), NEW (nothing there, not even a
    link) or FOREIGN.

    Only OURS may be opened for writing, deleted and made again: a user's own
    database, text file, empty file or dangling link that `LESSONTUI_INDEX`
    names by mistake is never touched. The mark is the header's
    application_id, read as bytes so a corrupt index of ours is still known;
    a database without it is looked into as immutable (nothing is written, not
    even its -shm; a read-write open would checkpoint and delete its -wal); an
    index made before the mark is known by the tables in its main file.
    """
    try:  # non-blocking: a FIFO must not hang the open
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return FOREIGN if os.path.lexists(path) else NEW  # a link to nothing is not made
    except OSError:
        return FOREIGN
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return FOREIGN
        header = os.read(fd, 100)
    except OSError:
        return FOREIGN
    finally:
        os.close(fd)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return FOREIGN  # an empty file too: lessontui never leaves one there
    app_id = int.from_bytes(header[68:72], "big")
    if app_id == APP_ID:
        return OURS
    if app_id:
        return FOREIGN
    # immutable: SQLite reads the main file only and writes nothing, not even the
    # -shm of a WAL database its writer left (mode=ro alone rewrote 8 of its bytes).
    try:
        with contextlib.closing(
            sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
        ) as db:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error:
        return FOREIGN
    if app_id or version not in (1, 2):
        return FOREIGN
    tables = {name for name in names if not name.startswith(("lines_", "sqlite_"))}
    return OURS if {"files", "lines"} <= tables <= _LEGACY_TABLES else FOREIGN


def _create(path: Path) -> None:
    """Make an empty index beside `path` and link it into place, whole: no other
    process ever sees a half-made one (or takes an empty file for one). If
    another process made one meanwhile, that one stays."""
    _drop_stale_temporaries(path)
    fd, made = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")
    os.close(fd)
    try:
        with contextlib.closing(sqlite3.connect(made, isolation_level=None)) as db:
            db.execute("BEGIN")
            for statement in _SCHEMA.split(";\n"):  # executescript would COMMIT first
                if statement.strip():
                    db.execute(statement)
            db.execute("COMMIT")
            db.execute("PRAGMA journal_mode = WAL")
        try:
            os.link(made, path)
        except FileExistsError:
            pass  # another lessontui made it first (or a file appeared: looked at next)
        except OSError:  # no hard links on this file system: a rename, if still nothing there
            if not os.path.lexists(path):
                os.replace(made, path)
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(made + suffix)


def _drop_stale_temporaries(path: Path) -> None:
    """Delete the temporary indexes (and their journals) a crashed `_create` left beside
    `path`: only regular files named as `_create` names them, made before this process
    started and over STALE_S ago (a live one is seconds old at most)."""
    made = re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}\.new(-journal|-wal|-shm)?")
    before = min(STARTED, time.time() - STALE_S)
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            if not made.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < before:
                    os.unlink(entry.path)


class _OutOfTime(Exception):
    """A search's time budget is spent."""


def _abs(root: str | os.PathLike[str]) -> str:
    return os.path.abspath(os.fspath(root))


def _base(course_id: int, file_id: int) -> int:
    """The rowid of a file's line 0: its rows follow."""
    return course_id << COURSE_SHIFT | file_id << SHIFT


def _word_text(text: str) -> str:
    """What `words` holds for a row: its folded words, space separated."""
    return " ".join(words(fold(text)))


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


Matcher = Callable[[str], tuple[tuple[int, int], ...]]


def literal(term: str, *, ignore_case: bool = True) -> Matcher:
    """What `scan` matches for a literal term: the index's matching, exactly."""
    return lambda text: spans(term, text, ignore_case=ignore_case)


def scan(
    courses: Iterable[str | os.PathLike[str]],
    pattern: re.Pattern[str] | Matcher,
    *,
    langs: Sequence[str] = ("en",),
    skipped: list[tuple[str, str]] | None = None,
) -> Iterator[Hit]:
    """Hits for a regex or a `literal`, read from the files themselves (the index's rows)."""
    skipped = [] if skipped is None else skipped
    if isinstance(pattern, re.Pattern):
        regex = pattern
        match: Matcher = lambda text: tuple(  # noqa: E731
            m.span() for m in regex.finditer(text) if m.end() > m.start()
        )
    else:
        match = pattern
    for root in courses:
        sources = course_sources(os.fspath(root), langs, {}, skipped)
        videos = {}
        for source in sources:
            if source.kind == NOTE:
                with contextlib.suppress(OSError):
                    video = note_rows(safe_paths.read_regular(source.path)[1])[1]
                    if video:
                        videos[source.path] = video
        if videos:
            sources = course_sources(os.fspath(root), langs, videos, [])
        for source in sources:
            try:
                rows, _, _, first = rows_of(source)
            except (OSError, transcripts.TranscriptError) as error:
                skipped.append((source.path, getattr(error, "strerror", None) or str(error)))
                continue
            for line, text, at in rows:
                found = match(text)
                if found:
                    row = max(0, line - first)
                    yield Hit(source.shown, source.kind, line, at, text, found, source.path, row)
