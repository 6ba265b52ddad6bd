"""A course folder: course.md, its lessons in order, their status and progress."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lessontui.course import checklist, trash
from lessontui.course.document import (
    DiskChangedError,
    Document,
    DocumentError,
    KnownHeader,
    atomic_write,
    clean_stray_temps,
    dump_field,
    read_header,
)
from lessontui.course.header_cache import HeaderCache
from lessontui.course.slug import lesson_filename, unique_path

COURSE_FILE = "course.md"
LESSONS_DIR = "lessons"
MEDIA_DIR = "media"
TRASH_DIR = ".trash"
STATUSES = ("todo", "watching", "done")
CONFLICT_MARK = ".conflict-"  # `01-intro.conflict-20240318-142501.md`
# Only names we make: a hand-named `03-git.conflict-resolution.md` is a lesson.
_CONFLICT_COPY = re.compile(re.escape(CONFLICT_MARK) + r"\d{8}-\d{6}(?:-\d+)?\.md$")


class CourseError(Exception):
    """The folder is not a course, or cannot be read."""


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


class Lesson:
    """One lesson file. Its front matter is read at once, its body on first use."""

    def __init__(
        self,
        path: Path,
        meta: dict[str, Any],
        error: str | None = None,
        known: KnownHeader | None = None,
    ) -> None:
        self.path = path
        self._meta = meta
        self.error = error
        self._known = known  # lets opening the file skip YAML while it is unchanged
        self._document: Document | None = None

    @classmethod
    def scan(cls, path: Path, headers: HeaderCache | None = None) -> Lesson:
        try:
            if headers is None:
                return cls(path, read_header(path))
            return cls(path, headers.read(path), known=headers.known(path))
        except (DocumentError, OSError) as error:
            return cls(path, {}, _reason(error))

    # -- the document --------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        return self._document is not None

    def document(self) -> Document:
        """The parsed file; raises DocumentError (and remembers why) if it is unreadable."""
        if self._document is None:
            try:
                self._document = Document.load(self.path, self._known)
            except DocumentError as error:
                self.error = str(error)
                raise
            self.error = None
            self._known = None
            self._meta = self._document.meta
        return self._document

    def reload(self) -> None:
        """Forget the parsed file so the next use reads it again from disk."""
        self._document = None
        self._known = None
        fresh = Lesson.scan(self.path)
        self._meta, self.error = fresh._meta, fresh.error

    @property
    def meta(self) -> dict[str, Any]:
        return self._document.meta if self._document is not None else self._meta

    @property
    def read_only(self) -> bool:
        return self.error is not None

    @property
    def is_conflict_copy(self) -> bool:
        """My version saved beside a lesson changed elsewhere: scratch to merge, not a
        lesson (left out of progress and the export; `check` points at it)."""
        return _CONFLICT_COPY.search(self.path.name) is not None

    @property
    def body(self) -> str:
        return self.document().body

    def text_to_show(self) -> str:
        """An unreadable lesson's whole file, to show read-only: the notes must not
        look deleted. Undecodable bytes show as U+FFFD; never saved from here."""
        try:
            data = self.path.read_bytes()
        except OSError as error:
            return f"(cannot read {self.path.name}: {error.strerror})"
        if b"\x00" in data[:8192]:
            return f"({self.path.name} is a binary file, not Markdown)"
        return data.decode("utf-8", errors="replace")

    def update(self, **fields: Any) -> bool:
        """Set front matter fields and save; True when the file changed.

        Raises DiskChangedError (nothing written) when the file changed or
        vanished since it was read: writing our stale copy would undo that edit.
        """
        self._check_writable()
        document = self.document()
        state = document.disk_state() if document.stamp is not None else "same"
        if state != "same":
            raise DiskChangedError(self.path, missing=state == "missing")
        for key, value in fields.items():
            document.set_field(key, value)
        return document.save()

    def save_body(self, body: str, *, check_disk: bool = False, force: bool = False) -> bool:
        """Store new note text; True when the file changed.

        `check_disk` refuses to overwrite a file changed or deleted by someone
        else (DiskChangedError); `force` writes even unchanged text (re-create).
        """
        self._check_writable()
        document = self.document()
        if check_disk and document.stamp is not None:
            # Refuse before touching the document, so it still holds what is on
            # disk as we last saw it (the base the user's edits started from).
            state = document.disk_state()
            if state != "same":
                raise DiskChangedError(self.path, missing=state == "missing")
        document.set_body(body)
        return document.save(check_disk=check_disk, force=force)

    def _check_writable(self) -> None:
        if self.error is not None:
            raise DocumentError(f"{self.path.name} is read-only: {self.error}")

    # -- fields ------------------------------------------------------------------------

    @property
    def title(self) -> str:
        title = self.meta.get("title")
        return str(title) if title not in (None, "") else self.path.stem

    @property
    def order(self) -> int:
        return _int(self.meta.get("order"), 10**6)

    @property
    def status(self) -> str:
        status = self.meta.get("status")
        return status if status in STATUSES else "todo"

    @property
    def duration(self) -> int:
        return _int(self.meta.get("duration"))

    @property
    def position(self) -> int:
        return _int(self.meta.get("position"))

    @property
    def part(self) -> int:
        return _int(self.meta.get("part"), 1)

    @property
    def url(self) -> str | None:
        url = self.meta.get("url")
        return str(url) if url else None

    @property
    def video_id(self) -> str | None:
        vid = self.meta.get("video_id")
        return str(vid) if vid else None

    @property
    def video_path(self) -> Path | None:
        """The downloaded video, resolved from the lesson's folder, if it exists."""
        video = self.meta.get("video")
        if not video:
            return None
        path = (self.path.parent / str(video)).resolve()
        return path if path.is_file() else None

    @property
    def chapters(self) -> list[dict[str, Any]]:
        chapters = self.meta.get("chapters")
        if not isinstance(chapters, list):
            return []
        return [c for c in chapters if isinstance(c, dict) and "time" in c]

    def __repr__(self) -> str:
        return f"Lesson({self.path.name!r})"


def conflict_copy_path(path: Path, now: dt.datetime | None = None) -> Path:
    """`01-intro.md` -> `01-intro.conflict-20240318-142501.md`, never an existing file."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return unique_path(path.parent, f"{path.stem}{CONFLICT_MARK}{stamp}{path.suffix}")


def _list_order(lesson: Lesson) -> tuple[int, bool, str]:
    # A conflict copy (same order) comes after its lesson, not before it.
    return (lesson.order, lesson.is_conflict_copy, lesson.path.name)


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    watched_seconds: int
    total_seconds: int


class Course:
    """A folder holding course.md and lessons/*.md."""

    def __init__(self, root: Path, document: Document, lessons: list[Lesson]) -> None:
        self.root = root
        self.document = document
        self.lessons = lessons

    # -- opening and creating ------------------------------------------------------------

    @classmethod
    def load(cls, root: Path | str) -> Course:
        root = Path(root).expanduser()
        if not root.exists():
            raise CourseError(f"{root}: no such folder")
        if not root.is_dir():
            raise CourseError(f"{root}: not a folder")
        course_file = root / COURSE_FILE
        if not course_file.is_file():
            raise CourseError(
                f"{root}: not a course (no {COURSE_FILE}; create one with `lessontui new {root}`)"
            )
        headers = HeaderCache(root)
        with contextlib.suppress(DocumentError, OSError):  # Document.load says what is wrong
            headers.read(course_file)  # course.md goes through the cache too
        try:
            document = Document.load(course_file, headers.known(course_file))
        except DocumentError as error:
            raise CourseError(f"{course_file}: {error}") from None
        course = cls(root, document, [])
        course.rescan(headers)
        return course

    @classmethod
    def create(cls, root: Path | str, title: str, **fields: Any) -> Course:
        root = Path(root).expanduser()
        if (root / COURSE_FILE).exists():
            raise CourseError(f"{root} already holds a course")
        try:
            (root / LESSONS_DIR).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CourseError(f"{root}: {error.strerror}") from None
        header = dump_field("title", title, "\n")
        for key, value in fields.items():
            header += dump_field(key, value, "\n")
        atomic_write(root / COURSE_FILE, f"---\n{header}---\n".encode())
        return cls.load(root)

    @property
    def lessons_dir(self) -> Path:
        return self.root / LESSONS_DIR

    @property
    def media_dir(self) -> Path:
        return self.root / MEDIA_DIR

    def rescan(self, headers: HeaderCache | None = None) -> list[Lesson]:
        """Re-read the lessons folder; keeps loaded lessons, returns the new ones."""
        known = {lesson.path: lesson for lesson in self.lessons}
        found: list[Lesson] = []
        added: list[Lesson] = []
        if headers is None:
            headers = HeaderCache(self.root)  # 1,000 headers: JSON, not YAML, to parse
            headers.keep(self.root / COURSE_FILE)
        if self.lessons_dir.is_dir():
            clean_stray_temps(self.lessons_dir)
            try:
                paths = sorted(
                    (
                        p
                        for p in self.lessons_dir.iterdir()
                        if p.suffix == ".md" and not p.name.startswith(".")
                    ),
                    key=lambda p: p.name,  # one folder: as Path order, without Path.__lt__
                )
            except OSError as error:
                raise CourseError(f"{self.lessons_dir}: {error.strerror}") from None
            for path in paths:
                lesson = known.get(path)
                if lesson is None:
                    lesson = Lesson.scan(path, headers)
                    added.append(lesson)
                else:
                    headers.keep(path)
                found.append(lesson)
        headers.save()
        found.sort(key=_list_order)
        self.lessons = found
        return added

    # -- course fields ----------------------------------------------------------------

    @property
    def meta(self) -> dict[str, Any]:
        return self.document.meta

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.root.name)

    @property
    def intro(self) -> str:
        return self.document.body

    @property
    def learned_heading(self) -> str:
        return str(self.meta.get("learned_heading") or checklist.DEFAULT_HEADING)

    @property
    def parts(self) -> list[dict[str, Any]]:
        parts = self.meta.get("parts")
        return [p for p in parts if isinstance(p, dict)] if isinstance(parts, list) else []

    @property
    def export_settings(self) -> dict[str, Any]:
        settings = self.meta.get("export")
        return settings if isinstance(settings, dict) else {}

    def reread(self) -> None:
        """Read course.md again if another program changed it since it was read."""
        if self.document.disk_state() == "changed":
            try:
                self.document = Document.load(self.document.path)
            except DocumentError as error:
                raise CourseError(f"{self.document.path}: {error}") from None

    def update(self, **fields: Any) -> bool:
        """Set course.md fields and save; True when the file changed.

        Raises DiskChangedError (nothing written) when the file changed or
        vanished since it was read, as `Lesson.update` does.
        """
        document = self.document
        state = document.disk_state() if document.stamp is not None else "same"
        if state != "same":
            raise DiskChangedError(document.path, missing=state == "missing")
        for key, value in fields.items():
            document.set_field(key, value)
        return document.save()

    # -- lessons --------------------------------------------------------------------------

    @property
    def counted_lessons(self) -> list[Lesson]:
        """The lessons without conflict copies: what progress, dates, the export
        and imports count (the list shows every file)."""
        return [x for x in self.lessons if not x.is_conflict_copy]

    def lesson_by_video_id(self, video_id: str) -> Lesson | None:
        return next((x for x in self.counted_lessons if x.video_id == video_id), None)

    def add_lesson(self, title: str, body: str = "", **fields: Any) -> Lesson:
        """A new lesson file `NN-slug.md` after the last one."""
        order = max((x.order for x in self.lessons if x.order < 10**6), default=0) + 1
        self.lessons_dir.mkdir(parents=True, exist_ok=True)
        width = 3 if order > 99 or len(self.lessons) > 99 else 2
        path = unique_path(self.lessons_dir, lesson_filename(order, title, width))
        header = dump_field("title", title, "\n") + dump_field("order", order, "\n")
        fields.setdefault("status", "todo")
        for key, value in fields.items():
            header += dump_field(key, value, "\n")
        atomic_write(path, f"---\n{header}---\n{body}".encode())
        lesson = Lesson.scan(path)
        self.lessons.append(lesson)
        self.lessons.sort(key=_list_order)
        return lesson

    def retitle(self, lesson: Lesson, title: str) -> None:
        """Change the title; the file keeps its name (the app never renames files)."""
        lesson.update(title=title)

    def move(self, lesson: Lesson, index: int) -> None:
        """Put `lesson` at `index` and renumber `order`, writing only lessons that moved."""
        lessons = [x for x in self.lessons if x is not lesson]
        index = max(0, min(index, len(lessons)))
        lessons.insert(index, lesson)
        for number, item in enumerate(lessons, start=1):
            if item.order != number and not item.read_only:
                item.update(order=number)
        self.lessons = lessons

    def set_status(self, lesson: Lesson, status: str, today: dt.date | None = None) -> bool:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        if lesson.status == status and "status" in lesson.meta:
            return False
        return lesson.update(status=status, status_changed=today or dt.date.today())

    def delete(self, lesson: Lesson) -> Path:
        """Move the lesson file to `.trash/`; returns where it went."""
        folder = self.root / TRASH_DIR
        folder.mkdir(exist_ok=True)
        target = trash.move_without_overwriting(lesson.path, folder)
        self.lessons = [x for x in self.lessons if x is not lesson]
        return target

    def trashed(self) -> list[Path]:
        """Lesson files in `.trash/`, the most recently trashed first."""
        return trash.trashed_files(self.root / TRASH_DIR)

    def restore_from_trash(self, path: Path) -> Lesson:
        """Put a trashed lesson file back among the lessons, under a free name.

        Never overwrites a lesson; raises ValueError for a path not in `.trash/`.
        """
        target = trash.restore(self.root / TRASH_DIR, path, self.lessons_dir)
        self.rescan()
        return next(x for x in self.lessons if x.path == target)

    def progress(self) -> Progress:
        done = watched = total_seconds = 0
        lessons = self.counted_lessons
        for lesson in lessons:
            total_seconds += lesson.duration
            if lesson.status == "done":
                done += 1
                watched += lesson.duration
            else:
                watched += min(lesson.position, lesson.duration or lesson.position)
        return Progress(done, len(lessons), watched, total_seconds)

    def last_modified(self) -> dt.date | None:
        """The date of the latest edit to any lesson (file modification time)."""
        stamps = [_mtime(x.path) for x in self.counted_lessons]
        latest = max((s for s in stamps if s is not None), default=None)
        return dt.date.fromtimestamp(latest) if latest is not None else None

    def __iter__(self) -> Iterator[Lesson]:
        return iter(self.lessons)


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None
