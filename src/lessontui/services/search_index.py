"""A full-text index of notes, course intros and transcripts: SQLite FTS5, trigram.

The files stay the only source of truth; the index is a cache in the platform
cache folder (`LESSONTUI_INDEX` names another file, for tests). `sync` brings
it up to date from each file's stat (mtime, size, inode, ctime, as the header
cache does): only files whose stat changed are read again, files gone are
dropped. A missing, foreign or corrupt index file is deleted and built anew.

Two lessontui processes may sync at once: WAL lets readers go on while one
writes, writes are short transactions (a batch of files each) taken with
BEGIN IMMEDIATE and a busy timeout, and each batch re-checks the stored stat
after taking the lock, so work the other process did is not done twice.

Rows are lines of note bodies (learned items are lines too), of course intros,
part goals and transcript cues. A row's rowid is `file id << 24 | line`, so a
file's rows are one rowid range, deleted without a scan, and a page of hits
comes in file order. The trigram tokenizer matches any substring of three
characters or more (case folded); shorter terms use LIKE, a scan in C. Regex
searches do not use the index: `scan` reads the same rows from the files.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_cache_path

from lessontui.course import safe_paths
from lessontui.course.document import DocumentError, load_yaml, split_text, stat_key
from lessontui.services import search, transcripts

INDEX_ENV = "LESSONTUI_INDEX"
VERSION = 2  # PRAGMA user_version; another value means another layout: rebuild
APP_ID = 0x4C545549  # PRAGMA application_id, "LTUI": marks a file as lessontui's index
_LEGACY_TABLES = {"files", "files_course", "lines"}  # an index made before APP_ID (and lines_*)
OURS, NEW, FOREIGN = "ours", "new", "foreign"
SHIFT = 24  # rowid = file id << SHIFT | line (or cue number)
MAX_ROWS = (1 << SHIFT) - 1
BATCH = 200  # files per write transaction: another process gets a turn between batches
BUSY_MS = 30_000
# A file changed this recently may change again within the same timestamp tick
# (coarse clocks): its stat is stored as unknown so the next sync reads it again.
RACY_NS = 3_000_000_000

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
    first INTEGER NOT NULL DEFAULT 1  -- the file line the body starts on (editor row 0)
);
CREATE INDEX files_course ON files(course);
CREATE VIRTUAL TABLE lines USING fts5(text, time UNINDEXED, tokenize='trigram');
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
    """(line number, text) of each non-blank body line, and the `video` field."""
    if data.find(b"\x00", 0, 8192) >= 0:  # binary, as the file search sees it: no lines
        return [], ""
    start = search.body_start(data)
    video = ""
    if start and b"\nvideo:" in data[:start]:
        video = _field(data, "video")
    text = data[start:].decode("utf-8", errors="replace")
    first = data.count(b"\n", 0, start) + 1
    rows = [
        (number, line.rstrip("\r"))
        for number, line in enumerate(text.split("\n"), start=first)
        if line.strip()
    ]
    return rows, video


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


def transcript_rows(path: str) -> list[tuple[int, str, float]]:
    cues = transcripts.read_transcript(Path(path)).cues
    return [(number, cue.text, cue.start) for number, cue in enumerate(cues, start=1)]


def rows_of(source: Source) -> tuple[list[tuple[int, str, float | None]], str, int, int]:
    """(line, text, time) rows of a source, its `video` field, its size in bytes and the
    file line its body starts on."""
    if source.kind == TRANSCRIPT:
        size = os.path.getsize(source.path)
        return [(n, t, s) for n, t, s in transcript_rows(source.path)], "", size, 1
    _, data = safe_paths.read_regular(source.path)
    first = data.count(b"\n", 0, search.body_start(data)) + 1
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
    for lesson, files in per_lesson.items():
        stems = transcripts.lesson_stems(lesson, videos.get(lesson))
        chosen = transcripts.choose(files, stems, langs)
        chosen_stat = _stat(str(chosen)) if chosen else None
        if chosen is not None and chosen_stat is not None:
            found.append(Source(str(chosen), TRANSCRIPT, lesson, root, chosen_stat))
    return found


# -- the index ---------------------------------------------------------------------------


class SearchIndex:
    """The index file, opened; `sync` before searching what may have changed."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or index_path()
        self.rebuilt = False
        self.complete = True  # False when the last search ran out of its time budget
        self._writes = 0  # bumped by every write: the course -> file ids cache is then stale
        self._ids: dict[tuple[str, ...], tuple[int, set[int]]] = {}
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
        if _owner(self.path) == FOREIGN:
            raise foreign
        deadline = time.monotonic() + BUSY_MS / 1000
        deleted = False  # a bad file is deleted and made again once
        while True:
            db = None
            try:
                db = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None)
                db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version == 0:
                    db.execute("BEGIN IMMEDIATE")
                    if db.execute("PRAGMA user_version").fetchone()[0] == 0:  # not made meanwhile
                        if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                            raise foreign
                        # One statement at a time: executescript would COMMIT first.
                        for statement in _SCHEMA.split(";\n"):
                            if statement.strip():
                                db.execute(statement)
                    db.execute("COMMIT")
                    self.rebuilt = True
                elif version != VERSION:
                    raise sqlite3.DatabaseError(f"index version {version}, not {VERSION}")
                else:
                    db.execute("SELECT count(*) FROM files WHERE id = 0").fetchone()
                return db
            except IndexError_:
                if db is not None:
                    db.close()
                raise
            except sqlite3.OperationalError as error:
                if db is not None:
                    db.close()
                if "locked" in str(error) and time.monotonic() < deadline:
                    # Two processes making the index at once: switching a new file to
                    # WAL can fail at once, without SQLite's busy wait. Try again.
                    time.sleep(0.05)
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
    ) -> SyncReport:
        """Index what changed in these course folders since the last sync.

        `prune_others` (a library-wide sync) also drops courses not listed.
        `progress(done, total)` is told the bytes read so far of those to read.
        """
        roots = [os.path.abspath(os.fspath(root)) for root in courses]
        try:
            report = self._sync(roots, langs, prune_others, progress)
        except sqlite3.OperationalError as error:  # locked past the timeout, disk full...
            raise IndexError_(f"{self.path}: {error}") from None
        except sqlite3.DatabaseError:
            self._recover()
            report = self._sync(roots, langs, prune_others, progress)
            report.rebuilt = True
        return report

    def _sync(
        self,
        roots: list[str],
        langs: Sequence[str],
        prune_others: bool,
        progress: Callable[[int, int], object] | None,
    ) -> SyncReport:
        report = SyncReport(rebuilt=self.rebuilt)
        # A note read now may name a video whose subtitles it then owns: a second
        # pass picks those up (it reads nothing when no `video` field changed).
        used = self._pass(roots, langs, prune_others, progress, report)
        if used != self._videos():
            self._pass(roots, langs, False, None, report)
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
                    self._drop(path)
                    report.dropped += 1
        # Notes first: a note's `video` field tells which subtitles are its.
        stale.sort(key=lambda s: s.kind == TRANSCRIPT)
        total = sum(_size(s.path) for s in stale)
        done = 0
        for start in range(0, len(stale), BATCH):
            batch = stale[start : start + BATCH]
            with self._write():
                for source in batch:
                    row = db.execute("SELECT stat FROM files WHERE path = ?", (source.path,))
                    stored = row.fetchone()
                    if stored is not None and stored[0] == source.stat and source.stat:
                        continue  # another process read it meanwhile
                    size = self._index(source, report)
                    done += size
                    report.read += 1
                    report.bytes += size
            if progress is not None:
                progress(done, total)
        return videos

    def refresh(self, paths: Iterable[str | os.PathLike[str]]) -> int:
        """Bring these already indexed files up to date (the app just saved one), no walk.

        A file not indexed yet is left to the next `sync`; a file gone is dropped.
        Returns how many files were read again.
        """
        read = 0
        report = SyncReport()
        with self._write():
            for each in paths:
                path = os.path.abspath(os.fspath(each))
                row = self._db.execute(
                    "SELECT kind, shown, course, stat FROM files WHERE path = ?", (path,)
                ).fetchone()
                if row is None:
                    continue
                kind, shown, course, stored = row
                current = _stat(path)
                if current is None:
                    self._drop(path)
                elif current != stored or not current:
                    self._index(Source(path, kind, shown, course, current), report)
                    read += 1
        return read

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        self._writes += 1
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _drop(self, path: str) -> None:
        row = self._db.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
        if row is None:
            return
        first = row[0] << SHIFT
        self._db.execute("DELETE FROM lines WHERE rowid BETWEEN ? AND ?", (first, first + MAX_ROWS))
        self._db.execute("DELETE FROM files WHERE id = ?", (row[0],))

    def _index(self, source: Source, report: SyncReport) -> int:
        """Replace one file's rows; a file that cannot be read keeps no rows."""
        db = self._db
        try:
            rows, video, size, first = rows_of(source)
        except (OSError, transcripts.TranscriptError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            report.skipped.append((source.path, reason))
            rows, video, size, first = [], "", 0, 1
        row = db.execute("SELECT id FROM files WHERE path = ?", (source.path,)).fetchone()
        if row is None:
            file_id = db.execute(
                "INSERT INTO files(path, kind, shown, course, stat, video, bytes, first) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    source.path,
                    source.kind,
                    source.shown,
                    source.course,
                    source.stat,
                    video,
                    size,
                    first,
                ),
            ).lastrowid
        else:
            file_id = row[0]
            low = file_id << SHIFT  # not `first`: that is the body's first line, stored below
            db.execute("DELETE FROM lines WHERE rowid BETWEEN ? AND ?", (low, low + MAX_ROWS))
            values = (source.kind, source.shown, source.course, source.stat, video, size, first)
            db.execute(
                "UPDATE files SET kind = ?, shown = ?, course = ?, stat = ?, video = ?, bytes = ?, "
                "first = ? WHERE id = ?",
                (*values, file_id),
            )
        assert file_id is not None
        base = file_id << SHIFT
        db.executemany(
            "INSERT INTO lines(rowid, text, time) VALUES (?, ?, ?)",
            [(base + line, text, at) for line, text, at in rows if 0 < line <= MAX_ROWS],
        )
        return size

    # -- searching -----------------------------------------------------------------------

    def search(
        self,
        term: str,
        courses: Iterable[str | os.PathLike[str]] | None = None,
        *,
        ignore_case: bool = True,
        limit: int | None = None,
        budget_ms: float | None = None,
    ) -> list[Hit]:
        """Hits for a literal `term` in these courses (None: all indexed), in file order.

        With a `limit` this is the first page: the index is read only until
        the page is full. With `budget_ms` the search stops after about that
        long (search as you type: a rare 1-2 character term has no trigram and
        would scan every row); `complete` then says False.
        """
        if not term:
            raise ValueError("empty search term")
        allowed = self._file_ids(courses)
        files: dict[int, tuple[str, str, str, int]] = {}
        pattern = re.compile(re.escape(term), re.IGNORECASE if ignore_case else 0)
        hits: list[Hit] = []
        self.complete = True
        if budget_ms is not None:
            deadline = time.perf_counter() + budget_ms / 1000
            self._db.set_progress_handler(lambda: time.perf_counter() > deadline, 1000)
        try:
            cursor = self._candidates(term)
            for rowid, text, at in cursor:
                file_id = rowid >> SHIFT
                if allowed is not None and file_id not in allowed:
                    continue
                spans = tuple(m.span() for m in pattern.finditer(text))
                if not spans:  # the trigram folding matched what `re` does not
                    continue
                if file_id not in files:
                    row = self._db.execute(
                        "SELECT path, kind, shown, first FROM files WHERE id = ?", (file_id,)
                    ).fetchone()
                    if row is None:
                        continue
                    files[file_id] = row
                path, kind, shown, first = files[file_id]
                line = rowid & MAX_ROWS
                hits.append(Hit(shown, kind, line, at, text, spans, path, max(0, line - first)))
                if limit is not None and len(hits) >= limit:
                    break
        except sqlite3.OperationalError as error:
            if budget_ms is None or "interrupted" not in str(error):
                raise IndexError_(f"{self.path}: {error}") from None
            self.complete = False  # out of time: the hits so far are the page
        except sqlite3.DatabaseError:
            self._recover()
            raise IndexError_(
                "the search index was corrupt and has been emptied; search again"
            ) from None
        finally:
            if budget_ms is not None:
                self._db.set_progress_handler(None, 0)
        return hits

    def _candidates(self, term: str) -> sqlite3.Cursor:
        if len(term) >= 3:
            phrase = '"' + term.replace('"', '""') + '"'
            return self._db.execute(
                "SELECT rowid, text, time FROM lines WHERE lines MATCH ? ORDER BY rowid", (phrase,)
            )
        if term.isascii():
            like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            return self._db.execute(
                "SELECT rowid, text, time FROM lines WHERE text LIKE ? ESCAPE '\\' ORDER BY rowid",
                (like,),
            )
        folded = term.casefold()
        self._db.create_function(
            "holds", 1, lambda text: folded in text.casefold(), deterministic=True
        )
        return self._db.execute(
            "SELECT rowid, text, time FROM lines WHERE holds(text) ORDER BY rowid"
        )

    def _file_ids(self, courses: Iterable[str | os.PathLike[str]] | None) -> set[int] | None:
        if courses is None:
            return None
        roots = tuple(os.path.abspath(os.fspath(root)) for root in courses)
        cached = self._ids.get(roots)
        if cached is not None and cached[0] == self._writes:
            return cached[1]  # each keystroke of one search asks for the same courses
        ids: set[int] = set()
        for start in range(0, len(roots), 500):
            chunk = roots[start : start + 500]
            marks = ",".join("?" * len(chunk))
            ids.update(
                row[0]
                for row in self._db.execute(
                    f"SELECT id FROM files WHERE course IN ({marks})", chunk
                )
            )
        self._ids = {roots: (self._writes, ids)}
        return ids

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
    """OURS (lessontui's index, even a damaged one), NEW (missing, empty, an empty
    database being made) or FOREIGN.

    Only OURS may be deleted and made again: a user's own database or text
    file that `LESSONTUI_INDEX` names by mistake is never touched. The mark is
    the header's application_id, read as bytes so a corrupt index of ours is
    still known; an index made before the mark is known by its tables.
    """
    try:  # non-blocking: a FIFO must not hang the open
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return NEW
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
    if not header:
        return NEW
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return FOREIGN
    app_id = int.from_bytes(header[68:72], "big")
    version = int.from_bytes(header[60:64], "big")
    if app_id == APP_ID:
        return OURS
    if app_id or version not in (0, 1, 2):
        return FOREIGN
    if version == 0:  # made just now by another lessontui, or a stranger: `_open` looks inside
        return NEW
    try:  # an index from before the mark: only our tables
        with contextlib.closing(
            sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        ) as db:
            names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error:
        return FOREIGN
    tables = {name for name in names if not name.startswith(("lines_", "sqlite_"))}
    return OURS if tables <= _LEGACY_TABLES else FOREIGN


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def scan(
    courses: Iterable[str | os.PathLike[str]],
    pattern: re.Pattern[str],
    *,
    langs: Sequence[str] = ("en",),
    skipped: list[tuple[str, str]] | None = None,
) -> Iterator[Hit]:
    """Hits for a regex, read from the files themselves (the same rows the index holds)."""
    skipped = [] if skipped is None else skipped
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
                spans = tuple(m.span() for m in pattern.finditer(text) if m.end() > m.start())
                if spans:
                    row = max(0, line - first)
                    yield Hit(source.shown, source.kind, line, at, text, spans, source.path, row)
