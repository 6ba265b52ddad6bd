"""Spaced review of learned items: the due count, the review screen, grades into the log."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding

from lessontui.course import checklist, rescue, reviews
from lessontui.course.course import Course, CourseError, Lesson
from lessontui.course.document import DocumentError
from lessontui.library import library_course_roots
from lessontui.services.review_queue import Schedule, course_schedule
from lessontui.tui.features.host import Feature, FeatureHost, feature_bindings

if TYPE_CHECKING:
    from lessontui.tui.features.player import Playback
    from lessontui.tui.session import NoteSession


class Review(Feature):
    """alt+v opens the review of the open course; the count of due items for the list
    and the due marks of the learned pane. The review screen only shows and grades:
    the grades are written, and the moments played, here."""

    NAME = "review"
    BINDINGS = feature_bindings(
        NAME,
        [
            # Off the crowded footer: the lesson list's "N to review (alt+v)" line names it.
            Binding("alt+v", "open_screen", "Review", id="review.open_screen", show=False),
        ],
    )

    # Up to this many lessons the count is made at once (about 3 ms for 10 lessons);
    # a bigger course is counted in a thread, so no frame waits for it.
    COUNT_AT_ONCE = 100
    # The same for a long review log: reading and replaying a record takes about
    # 13 us, so 256 KB (about 1,000 records) about 13 ms; 20,000 records took 0.26 s.
    LOG_AT_ONCE = 256 * 1024

    def __init__(
        self,
        host: FeatureHost,
        session: NoteSession,
        playback: Playback,
        clock: reviews.Clock = reviews.utc_now,
    ) -> None:
        self.host = host
        self.session = session
        self.playback = playback
        self.clock = clock
        self._due_words: dict[Path, list[str]] = {}  # lesson file -> due items' words
        self._counted_yet = False
        self._log: reviews.ReviewLog | None = None  # the open course's, as last read
        self._unsaved: list[tuple[Path, reviews.Record]] = []  # grades a failed write still holds
        self._problems_shown = False
        self._schedule: Schedule | None = None  # what the review screen shows

    # -- the due count and marks -----------------------------------------------------------

    def count_due(self) -> None:
        """Count what is due now. It reads every lesson of the course: a big one in a
        thread, from a copy of the course (the open one is never read from two threads)."""
        course = self.host.course
        if course is None:
            self._due_words, self._counted_yet, self._log = {}, False, None
            return
        root, now = course.root, self.clock()
        if self._small(course):
            self._counted(root, course_schedule(course, now))
            return

        def count() -> None:
            try:
                schedule = course_schedule(Course.load(root), now)
            except CourseError:
                return
            with contextlib.suppress(RuntimeError):  # the app has gone
                self.host.app.call_from_thread(self._counted, root, schedule)

        # A thread of the screen: it stops with it; a newer count replaces an older one.
        self.host.run_worker(count, thread=True, group="review", exclusive=True)

    def _small(self, course: Course) -> bool:
        """Few lessons and a short log: read and replayed at once, not in a thread."""
        try:
            log_size = reviews.log_path(course.root).lstat().st_size
        except OSError:
            log_size = 0
        return len(course.lessons) <= self.COUNT_AT_ONCE and log_size <= self.LOG_AT_ONCE

    def _counted(self, root: Path, schedule: Schedule) -> None:
        course = self.host.course
        if course is None or course.root != root:
            return  # another course was opened meanwhile
        self._log = schedule.logs[0] if schedule.logs else None
        self._remember_due(schedule.items)
        self._count_changed()
        if schedule.problems and not self._problems_shown:
            self._problems_shown = True
            self.host.notify(
                f"{len(schedule.problems)} line(s) of the review log are not records; kept, "
                "not used: " + schedule.problems[0],
                title="Review log",
                severity="warning",
                timeout=10,
            )

    def _remember_due(self, items: list[reviews.ReviewItem]) -> None:
        now = self.clock()
        self._counted_yet = True
        self._due_words = {}
        for item in items:
            if item.is_due(now):
                words = reviews.normalise(item.item.text)
                self._due_words.setdefault(item.lesson_path, []).append(words)

    def _count_changed(self) -> None:
        self.host.refresh_progress()  # the "N to review" line
        if self.session.lesson is not None:
            self.host.render_side_panes()  # the learned pane's due marks

    @property
    def due_count(self) -> int | None:
        """Items due now in the open course; None before they are counted."""
        if not self._counted_yet:
            return None
        return sum(len(words) for words in self._due_words.values())

    def note_saved(self, path: Path) -> None:
        """The open note was saved: its items' due marks and the count follow what was
        ticked, unticked, added or edited (the log as last read, and this lesson only)."""
        course, lesson = self.host.course, self.session.lesson
        if course is None or self._log is None or lesson is None or lesson.path != path:
            return
        if lesson.is_course_note:
            return
        now = self.clock()
        try:
            text = reviews.LessonText(lesson.path, lesson.title, lesson.body)
        except (OSError, DocumentError):
            return
        items = reviews.schedule([text], self._log, now, course.learned_heading)
        due = [reviews.normalise(i.item.text) for i in items if i.is_due(now)]
        if due == self._due_words.get(lesson.path, []):
            return
        self._due_words[lesson.path] = due
        self._count_changed()

    def due_text(self) -> str:
        """ "N to review (alt+v)", with the key the user's [keymap] gave it."""
        if not self.due_count:
            return ""
        keys = self.host.settings.keymap.get("review.open_screen", "alt+v")
        return f"{self.due_count} to review ({keys.split(',')[0].strip()})"

    def due_items(self, lesson: Lesson | None, items: list[checklist.Item]) -> set[int]:
        """Which of a lesson's checklist items are due (by their words)."""
        due = self._due_words.get(lesson.path) if lesson is not None else None
        if not due:
            return set()
        words = set(due)
        return {i.index for i in items if i.checked and reviews.normalise(i.text) in words}

    # -- the review screen -------------------------------------------------------------------

    def action_open_screen(self) -> None:
        # The review reads the notes from disk. A save refused because the file changed
        # there asks what to keep: that question comes first, not under the review.
        screens = len(self.host.app.screen_stack)
        if not self.session.save() and len(self.host.app.screen_stack) > screens:
            return
        self.open()

    def open(self, whole_library: bool = False) -> None:
        """The review screen on what is due in the open course, or in every course of
        the library (the same with no course open)."""
        from lessontui.tui.screens.review_screen import ReviewActions, ReviewScreen

        course = self.host.course
        now = self.clock()
        actions = ReviewActions(self.record, self.play, self.open_note, self.stats)
        if whole_library or course is None:
            # Course by course in the screen's thread: the first card shows as soon as
            # the first course with one is read, not after 300 courses.
            self._schedule = Schedule()
            batches = self._library_batches(self._schedule, now)
            screen = ReviewScreen("the library", [], actions, self.clock, more=batches)
        elif self._small(course):
            self._schedule = course_schedule(course, now)
            self._remember_due(self._schedule.items)
            screen = ReviewScreen(course.title, self._schedule.due(now), actions, self.clock)
        else:  # read in the screen's thread, from a copy of the course (as count_due)
            self._schedule = Schedule()
            batches = self._course_batches(course.root, self._schedule, now)
            screen = ReviewScreen(course.title, [], actions, self.clock, more=batches)
        self.host.open_dialog(screen, lambda _: self._closed())

    def _course_batches(
        self, root: Path, schedule: Schedule, now: dt.datetime
    ) -> Iterator[list[reviews.ReviewItem]]:
        """The due items of the course at `root`, in one batch (run in a thread)."""
        try:
            course_schedule(Course.load(root), now, schedule)
        except CourseError as error:
            schedule.problems.append(f"{root}: {error}")
            return
        yield reviews.due(schedule.items, now)

    def _library_batches(
        self, schedule: Schedule, now: dt.datetime
    ) -> Iterator[list[reviews.ReviewItem]]:
        """The due items of each course of the library in turn (run in a thread)."""
        for root in library_course_roots(self.host.settings.library):
            try:
                course = Course.load(root)
            except CourseError as error:
                schedule.problems.append(f"{root}: {error}")
                continue
            found = len(schedule.items)
            course_schedule(course, now, schedule)
            yield reviews.due(schedule.items[found:], now)

    def stats(self) -> tuple[reviews.Stats, int]:
        """The progress of the schedule under review, the grades of this session included."""
        schedule = self._schedule
        if schedule is None:
            return reviews.stats(reviews.ReviewLog()), 0
        records = {r for log in schedule.logs for r in log.records}
        records |= {r for item in schedule.items for r in item.records}
        log = reviews.ReviewLog(sorted(records, key=lambda r: (r.at, r.card)))
        return reviews.stats(log), len(schedule.due(self.clock()))

    def _closed(self) -> None:
        if self.host.course is None:  # `lessontui review` with no course: the library next
            self.host.open_library()
            return
        self.count_due()

    def record(self, item: reviews.ReviewItem, record: reviews.Record) -> None:
        course = self.host.course
        if self._log is not None and course is not None and course.root == item.root:
            self._log.records.append(record)  # the note_saved schedule knows the grade
        self._unsaved.append((item.root, record))
        self.record_pending()

    def record_pending(self, quiet: bool = False) -> None:
        """Append the grades not written yet to their courses' logs; say which failed
        (unless `quiet`)."""
        failed: list[tuple[Path, reviews.Record]] = []
        for root in dict.fromkeys(root for root, _ in self._unsaved):
            mine = [r for at, r in self._unsaved if at == root]
            try:
                reviews.append(root, mine)
            except reviews.ReviewLogError as error:
                failed += [(root, r) for r in mine]
                if quiet:
                    continue
                self.host.notify(
                    f"{len(mine)} grade(s) not written yet, kept for the next one: {error}",
                    title="Review log",
                    severity="error",
                    timeout=10,
                )
        self._unsaved = failed

    def close(self) -> None:
        """The app quits: grades still not written are tried once more, then go to a
        rescue file, named on the way out (there is no next grade to write them)."""
        if not self._unsaved:
            return
        self.record_pending(quiet=True)
        if not self._unsaved:
            return
        lines = "".join(record.line() + "\n" for _, record in self._unsaved)
        logs = ", ".join(
            str(reviews.log_path(root)) for root in dict.fromkeys(r for r, _ in self._unsaved)
        )
        count = len(self._unsaved)
        try:
            path = rescue.write_rescue(lines, self._unsaved[0][0].name, "review-grades")
        except OSError as error:  # nowhere to write: the terminal shows them
            note = f"lessontui: {count} review grade(s) not written to {logs} ({error}):\n{lines}"
        else:
            note = (
                f"lessontui: {count} review grade(s) not written to {logs}; they are in "
                f"{path} (append them to the log)"
            )
        quitter = getattr(self.host.app, "quitter", None)
        notes = getattr(quitter, "notes", None)
        if isinstance(notes, list):
            notes.append(note)

    # -- back to the moment ------------------------------------------------------------------

    def _show_course_at(self, root: Path) -> bool:
        """The course at `root` on the screen (opened if another is); False if it cannot be."""
        course = self.host.course
        if course is not None and course.root.resolve() == root.resolve():
            return True
        try:
            course = Course.load(root)
        except CourseError as error:
            self.host.notify(str(error), title="Cannot open course", severity="error")
            return False
        return self.host.show_course(course)

    def _lesson(self, item: reviews.ReviewItem) -> Lesson | None:
        """The item's lesson in the main screen's course (that course opened first)."""
        if not self._show_course_at(item.root):
            return None
        course = self.host.course
        lessons = course.lessons if course is not None else []
        found = next((x for x in lessons if x.path == item.lesson_path), None)
        if found is None:
            self.host.notify("That lesson is gone.", severity="warning")
        return found

    def play(self, item: reviews.ReviewItem, moment: reviews.Moment) -> None:
        """The item's lesson opened and played from the moment (its resume point without one)."""
        lesson = self._lesson(item)
        if lesson is None:
            return
        self.host.open_lesson(lesson)
        if self.session.lesson is not lesson:
            return  # the open note could not be saved: it stays
        self.host.lesson_list.highlight(lesson)
        if moment.seconds is None:
            self.playback.action_play_lesson()
        else:
            self.playback.seek_to(moment.seconds)

    def open_note(self, item: reviews.ReviewItem, moment: reviews.Moment) -> None:
        lesson = self._lesson(item)
        if lesson is None:
            return
        self.host.open_lesson(lesson)
        if self.session.lesson is not lesson:
            return  # the open note could not be saved: it stays
        # The note may have changed since the card was read (another instance, an
        # editor): the moment in the text on screen now, not at the line read then.
        course = self.host.course
        heading = course.learned_heading if course is not None else checklist.DEFAULT_HEADING
        now = reviews.find_again(item, self.host.editor.text, heading)
        self.host.open_lesson_at(lesson, reviews.moment(now).line if now else moment.line)
