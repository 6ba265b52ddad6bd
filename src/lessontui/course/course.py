"""A course folder: course.md, its lessons in order, their status and progress."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lessontui.course import checklist, safe_paths, trash
from lessontui.course.atomic import atomic_write, clean_stray_temps
from lessontui.course.binary import looks_binary
from lessontui.course.document import (
    DiskChangedError,
    Document,
    DocumentError,
    KnownHeader,
    dump_field,
    read_header,
)
from lessontui.course.header_cache import HeaderCache
from lessontui.course.slug import MAX_NAME_BYTES, cut_to_bytes, lesson_filename, unique_path

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


OUTSIDE = "a link to a file outside the course folder: shown read-only, never written or exported"


def _edit_fields(document: Document, changes: Mapping[str, Any]) -> bool:
    """Set fields (None removes one) and save; DiskChangedError if the file moved on."""
    state = document.disk_state() if document.stamp is not None else "same"
    if state != "same":
        raise DiskChangedError(document.path, missing=state == "missing")
    with document.unchanged_on_error():  # a failed save changes nothing in memory
        for key, value in changes.items():
            if value is None:
                document.delete_field(key)
            else:
                document.set_field(key, value)
        return document.save()


class Lesson:
    """One lesson file. Its front matter is read at once, its body on first use.

    With a course `root`, a lesson whose real path (symlinks resolved) lies
    outside it is `outside`: never read, written, moved or exported.
    """

    def __init__(
        self,
        path: Path,
        meta: dict[str, Any],
        error: str | None = None,
        known: KnownHeader | None = None,
        root: Path | None = None,
    ) -> None:
        self.path = path
        self._meta = meta
        self.error = error
        self._known = known  # lets opening the file skip YAML while it is unchanged
        self._document: Document | None = None
        self.root = root
        self.outside = error == OUTSIDE

    @classmethod
    def scan(
        cls, path: Path, headers: HeaderCache | None = None, root: Path | None = None
    ) -> Lesson:
        if root is not None and safe_paths.leads_out(root, path):
            return cls(path, {}, OUTSIDE, root=root)
        try:
            if headers is None:
                return cls(path, read_header(path), root=root)
            return cls(path, headers.read(path), known=headers.known(path), root=root)
        except (DocumentError, OSError) as error:
            return cls(path, {}, _reason(error), root=root)

    # -- the document --------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        return self._document is not None

    def document(self) -> Document:
        """The parsed file; raises DocumentError (and remembers why) if it is unreadable."""
        if self._document is None:
            if self.outside or (
                self.root is not None and safe_paths.leads_out(self.root, self.path)
            ):
                self.error, self.outside = OUTSIDE, True
                raise DocumentError(OUTSIDE)
            try:
                self._document = Document.load(self.path, self._known)
            except DocumentError as error:
                self.error = str(error)
                raise
            self._document.root = self.root  # its saves stay inside the course
            self.error = None
            self._known = None
            self._meta = self._document.meta
        return self._document

    def reload(self) -> None:
        """Forget the parsed file so the next use reads it again from disk."""
        self._document = None
        self._known = None
        fresh = Lesson.scan(self.path, root=self.root)
        self._meta, self.error, self.outside = fresh._meta, fresh.error, fresh.outside  # noqa: SLF001

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
        look deleted. Undecodable bytes show as U+FFFD; a line longer than
        MAX_SHOWN_LINE (a padded header) is cut, since drawing it would stall
        the editor for minutes. Never saved from here."""
        if self.outside:
            return f"({self.path.name} is {OUTSIDE}; it is not opened)"
        try:
            _, data = safe_paths.read_regular(self.path)
        except OSError as error:
            return f"(cannot read {self.path.name}: {error.strerror})"
        if looks_binary(data):
            return f"({self.path.name} is a binary file, not Markdown)"
        return _cut_long_lines(data.decode("utf-8", errors="replace"))

    def update(self, **fields: Any) -> bool:
        """Set front matter fields and save; True when the file changed.

        Raises DiskChangedError (nothing written) when the file changed or
        vanished since it was read: writing our stale copy would undo that edit.
        """
        return self.edit(fields)

    def edit(self, changes: Mapping[str, Any]) -> bool:
        """`update`, where a value of None removes that field (a form's cleared box)."""
        self._check_writable()
        return _edit_fields(self.document(), changes)

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

    is_course_note = False  # course.md's intro, opened like a lesson (CourseNote)

    def __repr__(self) -> str:
        return f"Lesson({self.path.name!r})"


COURSE_NOTE_TITLE = "Course intro"


class CourseNote(Lesson):
    """course.md opened as a note: its body (the intro) is edited and saved like a
    lesson's, through the course's own Document, so the front matter keeps every
    byte and a field edit (f7) and a body save never hold two copies of the file.

    It has no status, video or learned list; it is not one of `Course.lessons`.
    """

    is_course_note = True

    def __init__(self, course: Course) -> None:
        super().__init__(course.document.path, {}, root=course.root)
        self.course = course

    @property
    def loaded(self) -> bool:
        return self.error is None

    def document(self) -> Document:
        return self.course.document

    def reload(self) -> None:
        """Read course.md again; an unreadable one keeps the last text, read-only."""
        path = self.path
        if not safe_paths.is_inside(self.course.root, path):
            self.error, self.outside = OUTSIDE, True
            return
        try:
            document = Document.load(path)
        except DocumentError as error:
            self.error = str(error)
            return
        document.root = self.course.root
        self.course.document = document
        self.error = None

    @property
    def meta(self) -> dict[str, Any]:
        return self.course.meta

    @property
    def title(self) -> str:
        return COURSE_NOTE_TITLE

    def __repr__(self) -> str:
        return f"CourseNote({self.path.name!r})"


MAX_SHOWN_LINE = 10_000  # characters of one line shown for an unreadable lesson


def title_on_disk(path: Path) -> str | None:
    """The title in the front matter of a note not loaded (a search hit in another
    course): the course's for a course.md, the lesson's otherwise; None if unreadable."""
    try:
        meta = read_header(path)
    except (OSError, ValueError, DocumentError):  # UnicodeDecodeError is a ValueError
        return None
    title = meta.get("title")
    if title in (None, ""):
        return None
    return " ".join(str(title).split())  # on one line, as a label


def _cut_long_lines(text: str) -> str:
    lines = text.splitlines(keepends=True)
    if all(len(line) <= MAX_SHOWN_LINE for line in lines):
        return text
    shown = []
    for line in lines:
        body = line.rstrip("\r\n")
        if len(body) > MAX_SHOWN_LINE:
            hidden = len(body) - MAX_SHOWN_LINE
            line = (
                f"{body[:MAX_SHOWN_LINE]} … ({hidden:,} more characters not shown)"
                + (line[len(body) :])
            )
        shown.append(line)
    return "".join(shown)


def conflict_copy_path(path: Path, now: dt.datetime | None = None) -> Path:
    """`01-intro.md` -> `01-intro.conflict-20240318-142501.md`, never an existing file.

    A long lesson name is shortened so the copy's name fits (with room for `-2`).
    """
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    tail = f"{CONFLICT_MARK}{stamp}{path.suffix}"
    stem = cut_to_bytes(path.stem, MAX_NAME_BYTES - len(tail.encode()) - len("-999"))
    return unique_path(path.parent, f"{stem}{tail}")


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
        self.note = CourseNote(self)  # the intro, opened in the editor like a lesson

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
        if not safe_paths.is_inside(root, course_file):
            raise CourseError(
                f"{course_file}: a link to a file outside the course folder (not opened)"
            )
        headers = HeaderCache(root)
        with contextlib.suppress(DocumentError, OSError):  # Document.load says what is wrong
            headers.read(course_file)  # course.md goes through the cache too
        try:
            document = Document.load(course_file, headers.known(course_file))
        except DocumentError as error:
            raise CourseError(f"{course_file}: {error}") from None
        document.root = root
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
            if safe_paths.is_inside(self.root, self.lessons_dir):
                clean_stray_temps(self.lessons_dir)  # never in a folder linked from elsewhere
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
                    lesson = Lesson.scan(path, headers, self.root)
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
            path = self.document.path
            if not safe_paths.is_inside(self.root, path):
                raise CourseError(f"{path}: a link to a file outside the course folder")
            try:
                self.document = Document.load(path)
            except DocumentError as error:
                raise CourseError(f"{path}: {error}") from None
            self.document.root = self.root
            self.note.error = None

    def update(self, **fields: Any) -> bool:
        """Set course.md fields and save; True when the file changed.

        Raises DiskChangedError (nothing written) when the file changed or
        vanished since it was read, as `Lesson.update` does.
        """
        return self.edit(fields)

    def edit(self, changes: Mapping[str, Any]) -> bool:
        """`update`, where a value of None removes that field."""
        return _edit_fields(self.document, changes)

    def set_export_settings(self, values: Mapping[str, Any]) -> bool:
        """Set keys of course.md's `export:` block (its other keys kept) and save;
        True when the file changed. Only that field's lines are rewritten."""
        if not isinstance(self.meta.get("export", {}), dict):
            return False  # something else by hand: not ours to replace
        export = {**self.export_settings, **values}
        if export == self.export_settings:
            return False
        document = self.document
        state = document.disk_state() if document.stamp is not None else "same"
        if state != "same":
            raise DiskChangedError(document.path, missing=state == "missing")
        with document.unchanged_on_error():  # a failed save changes nothing in memory
            # Only the changed settings' lines (comments and other keys stay as typed);
            # a block too unusual for that is rewritten whole, checked on re-reading.
            document.set_field("export", export)
            return document.save()

    def set_parts(self, parts: list[dict[str, Any]], numbers: list[int | None]) -> list[Lesson]:
        """Store the parts in their new order and renumber the lessons' `part` to match.

        `numbers[i]` is the old 1-based number of the part now at position i (None
        for a new part). A part left out must have no lessons. Returns the lessons
        rewritten. Raises CourseError, before writing anything, when a lesson of a
        part left out or one that needs renumbering cannot be changed.
        """
        if len(parts) != len(numbers):
            raise ValueError("one old number per part")
        renumber = {old: new for new, old in enumerate(numbers, start=1) if old is not None}
        counted = self.counted_lessons
        # A lesson without a `part` field is in part 1; one past the last part is left be.
        orphans = [x for x in counted if x.part <= len(self.parts) and x.part not in renumber]
        if orphans:
            titles = ", ".join(x.title for x in orphans[:3])
            raise CourseError(f"move these lessons to another part first: {titles}")
        moving = [x for x in counted if renumber.get(x.part, x.part) != x.part]
        stuck = [x for x in moving if x.read_only]
        if stuck:
            raise CourseError(f"{stuck[0].path.name} is read-only, so parts cannot be reordered")
        self.edit({"parts": parts or None})
        changed = []
        for lesson in moving:
            lesson.update(part=renumber[lesson.part])
            changed.append(lesson)
        return changed

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
        safe_paths.require_inside(self.root, self.lessons_dir)
        self.lessons_dir.mkdir(parents=True, exist_ok=True)
        safe_paths.require_inside(self.root, self.lessons_dir)
        width = 3 if order > 99 or len(self.lessons) > 99 else 2
        path = unique_path(self.lessons_dir, lesson_filename(order, title, width))
        header = dump_field("title", title, "\n") + dump_field("order", order, "\n")
        fields.setdefault("status", "todo")
        for key, value in fields.items():
            header += dump_field(key, value, "\n")
        atomic_write(path, f"---\n{header}---\n{body}".encode(), within=self.root)
        lesson = Lesson.scan(path, root=self.root)
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
        """Move the lesson file to `.trash/`, never over another file; returns where it went.

        OutsideCourse (an OSError) for a lesson outside the course, or a
        `.trash` that leads out of it: nothing is moved then.
        """
        if lesson.outside:
            raise safe_paths.OutsideCourse(lesson.path)
        folder = self.root / TRASH_DIR
        safe_paths.require_inside(self.root, folder)
        folder.mkdir(exist_ok=True)
        safe_paths.require_inside(self.root, folder)
        target = trash.move_without_overwriting(lesson.path, folder)
        self.lessons = [x for x in self.lessons if x is not lesson]
        return target

    def trashed(self) -> list[Path]:
        """Lesson files in `.trash/`, the most recently trashed first."""
        return trash.trashed_files(self.root / TRASH_DIR)

    def restore_from_trash(self, path: Path) -> Lesson:
        """Put a trashed lesson file back among the lessons, under a free name.

        Never overwrites a lesson; raises ValueError for a path not in `.trash/`,
        OutsideCourse when `.trash` or `lessons/` leads out of the course.
        """
        folder = self.root / TRASH_DIR
        safe_paths.require_inside(self.root, folder)
        safe_paths.require_inside(self.root, self.lessons_dir)
        target = trash.restore(folder, path, self.lessons_dir)
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
