"""What a feature may ask of the screen it serves (`FeatureHost`), and how it declares its keys.

A feature is a plain object: it gets the note session (tui/session.py) and a
`FeatureHost`, never the MainScreen. Its keys are `feature_bindings(...)`, its
actions `action_*` methods, and `check_action` says when a key does not apply
(see docs/development.md, "How to add a feature").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from textual.actions import parse
from textual.binding import Binding

from lessontui.tui.session import SessionHost

if TYPE_CHECKING:
    from textual.app import App
    from textual.message import Message
    from textual.screen import Screen
    from textual.timer import Timer
    from textual.widget import Widget
    from textual.worker import Worker

    from lessontui.course.course import Course, Lesson
    from lessontui.tui.widgets.checklist import LearnedChecklist
    from lessontui.tui.widgets.downloads import DownloadsPanel
    from lessontui.tui.widgets.lesson_list import LessonList
    from lessontui.tui.widgets.player_bar import PlayerBar
    from lessontui.tui.widgets.transcript_view import TranscriptView

FEATURE_ACTION = "feature"  # the screen's one action that runs a feature's


class FeatureHost(SessionHost, Protocol):
    """The screen as a feature sees it: what the session asks of it (settings, the
    course, the editor, notify, timers), its other panes, its pump (workers,
    messages), and what it redraws. Implemented by MainScreen."""

    @property
    def app(self) -> App[Any]: ...
    @property
    def is_current(self) -> bool: ...  # on top: no dialog or other screen over it

    # -- the panes --------------------------------------------------------------------------
    @property
    def lesson_list(self) -> LessonList: ...
    @property
    def learned(self) -> LearnedChecklist: ...
    @property
    def transcript_view(self) -> TranscriptView: ...
    @property
    def player_bar(self) -> PlayerBar | None: ...  # None while the app closes
    def downloads_panel(self) -> DownloadsPanel: ...

    # -- Textual's pump -----------------------------------------------------------------------
    def set_interval(
        self, interval: float, callback: Callable[[], object], *, name: str | None = None
    ) -> Timer: ...
    def run_worker(
        self,
        work: Callable[[], None],
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        *,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[None]: ...
    def post_message(self, message: Message) -> bool: ...
    def set_focus(self, widget: Widget | None) -> None: ...
    def open_dialog(self, dialog: Screen[Any], done: Callable[[Any], None] | None = None) -> None:
        """Push `dialog` over the screen; `done` gets what it returns."""
        ...

    # -- what the screen shows -------------------------------------------------------------
    def show_course(self, course: Course) -> bool: ...
    def open_library(self) -> None: ...  # the library of courses, over the screen
    def show_course_title(self) -> None: ...
    def show_no_lesson(self) -> None: ...
    def open_lesson(self, lesson: Lesson) -> None: ...
    def open_lesson_at(self, lesson: Lesson, row: int, column: int = 0) -> bool: ...
    def refresh_lessons(self) -> None: ...
    def refresh_lesson_row(self, lesson: Lesson) -> None: ...
    def refresh_progress(self) -> None: ...  # the line under the lesson list
    def render_side_panes(self) -> None: ...
    def show_transcript_pane(self, show: bool) -> None: ...
    def insert_block(self, block: str, at: tuple[int, int] | None = None) -> None: ...
    def guard(self, change: Callable[[], object]) -> bool: ...


class Feature:
    """A feature of the main screen: `NAME`, `BINDINGS` (made by `feature_bindings`),
    `action_*` methods, and `check_action` for keys that do not apply now."""

    NAME: ClassVar[str]
    BINDINGS: ClassVar[list[Binding]] = []

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """True: the key runs; None: shown disabled (it does not apply now); False: hidden."""
        return True


def feature_bindings(name: str, bindings: Iterable[Binding]) -> list[Binding]:
    """`bindings` written with the feature's own action names (`"seek_back"`,
    `"move_lesson(-1)"`), turned into the screen's `feature(name, action, ...)`."""
    routed = []
    for binding in bindings:
        namespace, action, params = parse(binding.action)
        if namespace:  # "app.x" or "screen.x" is not the feature's: say so at import
            raise ValueError(f"{name}: {binding.action!r} names another node's action")
        arguments = ", ".join(repr(x) for x in (name, action, *params))
        routed.append(replace(binding, action=f"{FEATURE_ACTION}({arguments})"))
    return routed
