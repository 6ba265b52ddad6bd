"""Follow the course on disk: reload outside edits, resolve conflicts, list new lessons.

A cheap poll (a stat per lesson a second; a file is hashed only when its stat
moved) notices what git, Syncthing or another editor did. The open lesson is
reloaded in place when it has no unsaved edits; otherwise the user picks a
version in the conflict dialog, and nothing is overwritten until they do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.content import Content
from textual.widgets import TextArea

from lessontui.course.atomic import atomic_write
from lessontui.course.course import CourseError, Lesson, conflict_copy_path
from lessontui.course.document import DiskChangedError, Document, DocumentError
from lessontui.course.rescue import write_rescue
from lessontui.tui.screens.text_prompt import TextPrompt
from lessontui.tui.textual_compat.app_state import is_exiting

if TYPE_CHECKING:
    from lessontui.tui.main_screen import MainScreen

CHANGED_MARK = "⚠ changed on disk · alt+r to resolve"
MISSING_MARK = "⚠ file gone · alt+r to resolve"
DISK_POLL_INTERVAL = 1.0  # seconds; a stat per lesson, so cheap even for 1,000 lessons

DISK_WATCH_BINDINGS = [
    Binding("alt+r", "check_disk", "Reload from disk / resolve", id="disk.check", show=False),
]

_Stat = tuple[int, int, int]  # mtime_ns, size, inode


def _stat(path: Path) -> _Stat | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


class DiskWatch:
    """The main screen's disk poll, the conflict dialogs and what they decide."""

    # A dialog waits until the user has stopped typing this long (seconds): it
    # would otherwise take the next letters of a sentence as its answer.
    DISK_DIALOG_AFTER_TYPING = 1.5

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.last_typed = 0.0  # time.monotonic() of the last edit in the editor
        self._disk_dialog_open = False
        self._disk_unresolved = False  # a change on disk the user has not settled yet
        self._disk_deferred: tuple[Path, str] | None = None  # (file, disk sha or "missing")
        self._disk_folder_stat: _Stat | None = None
        self._disk_stats: dict[Path, _Stat | None] = {}
        self.quitting = False  # ctrl+q is saving: a refused save opens no dialog
        self.rescue_error: OSError | None = None  # why the last rescue found no place

    # -- the poll --------------------------------------------------------------------------

    def start(self) -> None:
        """Poll while the screen lives (its timer stops with it)."""
        self.screen.set_interval(DISK_POLL_INTERVAL, self.check, name="disk-watch")

    def lesson_opened(self) -> None:
        self._disk_deferred = None

    def check_now(self) -> None:
        """alt+r: look at the disk now, and ask again about a change put off with "later"."""
        self._disk_deferred = None
        self.last_typed = 0.0  # asked for: no waiting for a pause in typing
        self.check()

    def check(self) -> None:
        """One look at the disk (the interval calls this; tests call it directly)."""
        if self.screen.course is None or self._disk_dialog_open or is_exiting(self.screen.app):
            return
        self._disk_check_folder()
        self._disk_check_others()
        self._disk_check_open()

    def _disk_check_folder(self) -> None:
        """New or removed lesson files: a folder's mtime moves when an entry does."""
        course = self.screen.course
        assert course is not None
        folder_stat = _stat(course.lessons_dir)
        if folder_stat == self._disk_folder_stat:
            return
        first_look = self._disk_folder_stat is None
        self._disk_folder_stat = folder_stat
        before = set(course.lessons)
        try:
            added = course.rescan()
        except CourseError as error:
            self.screen.notify(
                str(error), title="Cannot read the lessons folder", severity="error", markup=False
            )
            return
        current = self.screen.current_lesson
        if current is not None and not current.is_course_note and current not in course.lessons:
            # Keep the open lesson listed until the user decides what to do with it.
            course.lessons.append(current)
        if first_look and not added:
            return
        if added or set(course.lessons) != before:
            self.screen.refresh_lessons()
            for lesson in added:
                if not lesson.is_conflict_copy:  # our own copies are announced
                    self.screen.notify(
                        f"{lesson.path.name}: {lesson.title}",
                        title="New lesson on disk",
                        timeout=4,
                        markup=False,
                    )

    def _disk_check_others(self) -> None:
        """Lessons not open: re-read a header (and forget a cached body) that changed."""
        course = self.screen.course
        assert course is not None
        for lesson in [course.note, *course.lessons]:
            if lesson is self.screen.current_lesson:
                continue
            stat = _stat(lesson.path)
            known = self._disk_stats.get(lesson.path, stat)
            self._disk_stats[lesson.path] = stat
            if stat != known and stat is not None:
                lesson.reload()
                self.screen.refresh_lesson_row(lesson)
                if lesson.is_course_note:
                    self.screen.show_course_title()

    def _disk_check_open(self) -> None:
        lesson = self.screen.current_lesson
        if lesson is None:
            return
        if not lesson.loaded:
            self._disk_check_unreadable(lesson)
            return
        document = lesson.document()
        state = document.disk_state()
        self._disk_stats[lesson.path] = _stat(lesson.path)
        if state == "same":
            return
        # A refused save leaves the document as last read, so its body is the
        # base the edits started from; anything else in the editor is unsaved,
        # whether or not its Changed message has set `dirty` yet (an edit made in
        # the same turn as this poll would otherwise be reloaded away).
        unsaved = self.screen.editor.text != document.body or (
            self.screen.dirty and document.is_dirty()
        )
        if state == "missing":
            self._disk_missing(lesson)
        elif not unsaved:
            self._disk_reload_in_place(lesson)
        else:
            self._disk_conflict(lesson)

    def _disk_check_unreadable(self, lesson: Lesson) -> None:
        """A read-only (unparsable) lesson that was fixed outside opens for editing."""
        stat = _stat(lesson.path)
        known = self._disk_stats.get(lesson.path, stat)
        self._disk_stats[lesson.path] = stat
        if stat != known and stat is not None:
            self._disk_reload_in_place(lesson)

    # -- the three cases -------------------------------------------------------------------

    def _disk_reload_in_place(self, lesson: Lesson, undoable: bool = False) -> None:
        """No unsaved edits: show the disk's text, the cursor near where it was.

        `undoable` (the user took the disk's version over their own edits) makes
        it one edit, so ctrl+z in the editor brings their text back.
        """
        lesson.reload()
        try:
            body = lesson.body
        except DocumentError:
            body = None
        editor = self.screen.editor
        if body is not None and body != editor.text:
            with editor.prevent(TextArea.Changed):
                if undoable:
                    editor.apply_text(body)
                else:
                    editor.load_text_keeping_place(body)
        # An unreadable file keeps the last good text on screen, read-only.
        self.screen.dirty = False
        self._disk_unresolved = False
        editor.read_only = lesson.read_only
        editor.border_title = Content(lesson.title)
        if lesson.is_course_note:
            self.screen.show_course_title()
        self.screen.update_save_mark()
        self.screen.refresh_lesson_row(lesson)
        self.screen.render_side_panes()
        if lesson.read_only:
            self.screen.notify(
                f"{lesson.path.name} changed on disk and cannot be read now: "
                f"{lesson.error}. Shown read-only; nothing is written.",
                severity="warning",
                timeout=8,
                markup=False,
            )
        elif undoable:
            self.screen.notify(
                f"Took the disk's version of {lesson.path.name}; "
                "ctrl+z in the editor brings yours back.",
                timeout=6,
                markup=False,
            )
        else:
            self.screen.notify(
                f"{lesson.path.name} changed on disk: reloaded", timeout=3, markup=False
            )

    def _disk_conflict(self, lesson: Lesson) -> None:
        """Unsaved edits and a different file on disk: ask, never overwrite silently."""
        readable = True
        try:
            disk_doc = Document.load(lesson.path)
            disk_text, disk_key = disk_doc.body, disk_doc.stamp.sha256 if disk_doc.stamp else ""
        except DocumentError as error:
            readable = False
            disk_text, disk_key = f"(cannot read the file on disk: {error})", str(error)
        if self._disk_put_off(lesson, disk_key, CHANGED_MARK):
            return
        from lessontui.tui.screens import conflict  # the dialogs load when first needed

        def chosen(choice: str | None) -> None:
            if not self._disk_answered(lesson, choice, disk_key, CHANGED_MARK):
                return
            if not readable and choice in (conflict.KEEP_MINE, conflict.TAKE_DISK):
                # A file we cannot parse is never overwritten, and the lesson turns
                # read-only on reload: my text goes beside it whatever was picked.
                choice = conflict.SAVE_BESIDE
            if choice == conflict.KEEP_MINE:
                self._disk_keep_mine(lesson)
            elif choice == conflict.TAKE_DISK:
                self._disk_reload_in_place(lesson, undoable=True)
            elif choice == conflict.SAVE_BESIDE and self._disk_save_beside(lesson):
                self._disk_reload_in_place(lesson)

        self.screen.app.push_screen(
            conflict.ConflictScreen(lesson.path.name, self.screen.editor.text, disk_text), chosen
        )

    def _disk_put_off(self, lesson: Lesson, key: str, mark: str) -> bool:
        """True when the user said "later" to this very change: only the mark shows.

        Otherwise a dialog is about to open; the disk checks wait for its answer.
        """
        self._disk_unresolved = True
        typing = time.monotonic() - self.last_typed < self.DISK_DIALOG_AFTER_TYPING
        if self._disk_deferred == (lesson.path, key) or typing:
            self.screen.editor.border_subtitle = mark  # while typing: asked at a later poll
            return True
        self._disk_dialog_open = True
        return False

    def _disk_answered(self, lesson: Lesson, choice: str | None, key: str, mark: str) -> bool:
        """Close the dialog's bookkeeping; True when `choice` is an action to carry out."""
        self._disk_dialog_open = False
        if lesson is not self.screen.current_lesson:
            return False
        if choice is None:  # "later": remember which change, ask again on alt+r
            self._disk_deferred = (lesson.path, key)
            self.screen.editor.border_subtitle = mark
            return False
        return True

    def _disk_missing(self, lesson: Lesson) -> None:
        """The file is gone: say so, keep the text, and let the user decide."""
        if self._disk_put_off(lesson, "missing", MISSING_MARK):
            return
        # course.md is found by its name: a renamed one is no longer the course's.
        renamed = None if lesson.is_course_note else self._disk_find_rename(lesson)
        from lessontui.tui.screens import conflict

        def chosen(choice: str | None) -> None:
            if not self._disk_answered(lesson, choice, "missing", MISSING_MARK):
                return
            if choice == conflict.RECREATE:
                self._disk_write_mine(lesson)
            elif choice == conflict.FOLLOW_RENAME and renamed is not None:
                self._disk_follow(lesson, renamed, pure_rename=True)
            elif choice == conflict.SAVE_AS:
                self._disk_save_as(lesson)
            elif choice == conflict.DISCARD:
                self._disk_forget(lesson)

        name = renamed.name if renamed is not None else None
        self.screen.app.push_screen(conflict.MissingFileScreen(lesson.path.name, name), chosen)

    # -- what the choices do -----------------------------------------------------------------

    def _disk_text_of_mine(self, lesson: Lesson) -> str:
        """The whole file as it would be with my text: my header, my body.

        Built on a copy: the lesson's document stays what is on disk, the baseline
        the next disk check compares against, even if writing this text fails.
        """
        document = lesson.document()
        copy = Document(document.path, document.text())
        copy.set_body(self.screen.editor.text)
        return copy.text()

    def _disk_keep_mine(self, lesson: Lesson) -> None:
        """Overwrite the disk with my text; the disk's header (their field edits) is kept."""
        mine = self.screen.editor.text
        lesson.reload()
        try:
            lesson.save_body(mine, force=True)
        except (OSError, DocumentError) as error:
            self._disk_failed(error)
            return
        self.screen.dirty = False
        self._disk_unresolved = False
        self.screen.update_save_mark()
        self.screen.refresh_lesson_row(lesson)
        self.screen.notify(f"Kept your version of {lesson.path.name}", timeout=3, markup=False)

    def _disk_save_beside(self, lesson: Lesson) -> Path | None:
        """Write my version next to the lesson as `NN-slug.conflict-<time>.md`; where it went.

        The course intro's copy, `course.conflict-<time>.md`, goes beside course.md.
        """
        try:
            target = conflict_copy_path(lesson.path)
            atomic_write(
                target,
                self._copy_bytes(lesson, target),
                within=self.screen.course.root if self.screen.course else None,
            )
        except (OSError, ValueError) as error:  # ValueError: no safe name for the copy
            self._disk_failed(error)
            return None
        self.screen.notify(f"Your version is saved as {target.name}", timeout=6, markup=False)
        return target

    def _copy_bytes(self, lesson: Lesson, target: Path) -> bytes:
        """The conflict copy: my text, its title marked as my version where the header allows."""
        try:
            copy = Document(target, self._disk_text_of_mine(lesson))
            with contextlib.suppress(DocumentError):  # an unusual header keeps the same title
                copy.set_field("title", f"{lesson.title} (my version, {dt.datetime.now():%H:%M})")
            return copy.to_bytes()
        except Exception:  # a header nothing expected: the text as it is on screen, never nothing
            return self._mine_as_is(lesson).encode("utf-8", "surrogateescape")

    def _mine_as_is(self, lesson: Lesson) -> str:
        """My whole file (header and text), or if its header cannot be read, what is on screen."""
        try:
            return self._disk_text_of_mine(lesson)
        except Exception:  # the last resort must not fail on a header
            return self.screen.editor.text

    def _disk_write_mine(self, lesson: Lesson) -> bool:
        """Re-create a deleted lesson file from what is in the app."""
        try:
            atomic_write(
                lesson.path,
                self._disk_text_of_mine(lesson).encode("utf-8"),
                within=self.screen.course.root if self.screen.course else None,
            )
        except OSError as error:
            self._disk_failed(error)
            return False
        lesson.reload()
        self.screen.dirty = False
        self._disk_unresolved = False
        self.screen.update_save_mark()
        self._disk_folder_stat = None  # list it again at the next look
        self.check()
        self.screen.notify(f"Re-created {lesson.path.name}", timeout=3, markup=False)
        return True

    def _disk_failed(self, error: Exception) -> None:
        self.screen.notify(
            f"{error}. Your text is kept here.",
            title="Could not save",
            severity="error",
            timeout=10,
            markup=False,
        )
        self.screen.update_save_mark(failed=True)

    def _disk_find_rename(self, lesson: Lesson) -> Path | None:
        """The file the lesson was renamed to (same inode, same folder), if any."""
        stamp = lesson.document().stamp
        if stamp is None or not stamp.inode:
            return None
        try:
            entries = list(os.scandir(lesson.path.parent))
        except OSError:
            return None
        for entry in entries:
            if entry.name.endswith(".md") and entry.inode() == stamp.inode:
                return Path(entry.path)
        return None

    def _disk_follow(
        self,
        lesson: Lesson,
        renamed: Path,
        pure_rename: bool,
    ) -> None:
        """Keep editing the same text in the file's new name."""
        course = self.screen.course
        assert course is not None
        base = lesson.document().stamp
        course.lessons = [x for x in course.lessons if x is not lesson]
        course.rescan()
        new = next((x for x in course.lessons if x.path == renamed), None)
        if new is None:
            new = Lesson.scan(renamed, root=course.root)
            course.lessons.append(new)
        self.screen.current_lesson = new
        self._disk_unresolved = False
        self._disk_folder_stat = _stat(course.lessons_dir)
        self.screen.editor.border_title = Content(new.title)
        self.screen.refresh_lessons()
        try:
            document = new.document()
        except DocumentError:
            self.screen.dirty = False
            self._disk_reload_in_place(new)
            return
        stamp = document.stamp
        unchanged = base is not None and stamp is not None and stamp.sha256 == base.sha256
        if pure_rename and not unchanged and self.screen.dirty:
            self._disk_conflict(new)  # renamed and edited: ask again, for the new file
            return
        self.screen.dirty = self.screen.editor.text != document.body
        self.screen.update_save_mark()
        if self.screen.dirty:
            self.screen.save_current()

    def _disk_save_as(self, lesson: Lesson) -> None:
        """Ask for a new file name (in lessons/, or any path) and write my version there."""

        def done(name: str | None) -> None:
            if not name or lesson is not self.screen.current_lesson:
                return
            target = Path(name).expanduser()
            if not target.is_absolute():
                target = lesson.path.parent / target
            if target.suffix != ".md":
                target = target.with_name(target.name + ".md")
            if target.exists():
                self.screen.notify(
                    f"{target} exists; not overwriting it.", severity="error", markup=False
                )
                return
            try:
                atomic_write(target, self._disk_text_of_mine(lesson).encode("utf-8"))
            except OSError as error:
                self._disk_failed(error)
                return
            if target.parent.resolve() == lesson.path.parent.resolve():
                self._disk_follow(lesson, target, pure_rename=False)
            else:
                self.screen.notify(f"Saved a copy to {target}", timeout=6, markup=False)

        self.screen.app.push_screen(
            TextPrompt("Save the lesson as (file name)", lesson.path.name), done
        )

    def _disk_forget(self, lesson: Lesson) -> None:
        """Close the lesson whose file is gone; its text goes (the user chose this)."""
        course = self.screen.course
        assert course is not None
        course.lessons = [x for x in course.lessons if x is not lesson]
        self.screen.current_lesson = None
        self.screen.dirty = False
        self.screen.refresh_lessons()
        following = self.screen.lesson_list.highlighted_lesson
        if following is lesson:  # the course intro, whose file is gone
            following = course.lessons[0] if course.lessons else None
        if following is not None:
            self.screen.open_lesson(following)
            self.screen.lesson_list.highlight(following)
        else:
            self.screen.show_no_lesson()

    # -- called by save_current, and on the way out ----------------------------------------

    def disk_save_refused(self, lesson: Lesson, error: DiskChangedError) -> None:
        """A save found the file changed or gone: ask now rather than at the next poll."""
        told = self._disk_unresolved  # the mark (and maybe a toast) already says so
        self._disk_unresolved = True
        if self._disk_dialog_open or self.quitting:
            return  # ctrl+q: no dialog, the quit writes the conflict copy
        self._disk_check_open()
        if not self._disk_dialog_open and not told:
            self.screen.notify(
                f"{error}. Not saved; press alt+r to choose what to keep.",
                severity="warning",
                timeout=5,
                markup=False,
            )

    def rescue(self, always: bool = False) -> Path | None:
        """Quitting with a conflict still open (or, `always`, a save just refused):
        my text goes to a conflict copy beside the lesson, or where that folder
        cannot be written (read-only, full, gone) to a rescue file in the user's
        data folder (or the next place that takes it, see course/rescue.py).
        Returns the copy written, if any; `rescue_error` says why none was."""
        self.rescue_error = None
        lesson = self.screen.current_lesson
        if not (self._disk_unresolved or always) or lesson is None or not lesson.loaded:
            return None
        document = lesson.document()
        if not document.is_dirty() and self.screen.editor.text == document.body:
            return None
        copy = self._disk_save_beside(lesson)
        if copy is None:
            course = self.screen.course
            try:
                copy = write_rescue(
                    self._mine_as_is(lesson),
                    course.root.name if course is not None else "course",
                    lesson.path.stem,
                )
            except OSError as error:
                self.rescue_error = error
                self._disk_failed(error)
                return None
        self._disk_unresolved = False
        return copy
