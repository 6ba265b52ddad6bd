"""Help, theme and remembered places for LessonApp: F1/?, a theme key, keymap, last position."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.binding import Binding
from textual.css.query import NoMatches
from textual.theme import Theme

from lessontui.config import save_theme
from lessontui.state import AppState

HELP_BINDINGS = [
    Binding("f1,question_mark", "help", "Help", id="app.help"),
    Binding("f4", "change_theme", "Theme", id="app.theme", show=False),
]

NARROW_WIDTH = 140  # LessonApp.HORIZONTAL_BREAKPOINTS: below it, app.tcss stacks panes
THEME_SAVE_DELAY = 1.0  # the theme picker previews themes as you move: save the last one


def class_binding_ids() -> set[str]:
    """The binding ids of every screen and widget class in lessontui.tui.screens and
    lessontui.tui.widgets (inherited bindings included), open or not."""
    import importlib
    import inspect
    import pkgutil

    from textual.dom import DOMNode

    import lessontui.tui.screens
    import lessontui.tui.widgets

    ids: set[str] = set()
    for package in (lessontui.tui.screens, lessontui.tui.widgets):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, DOMNode) and cls.__module__ == module.__name__:
                    bindings = cls._merged_bindings
                    if bindings is not None:
                        ids.update(b.id for _, b in bindings if b.id)
    return ids


class HelpActions:
    """Expects LessonApp's `settings`, `course`, `current_lesson`, `editor`."""

    _state: AppState | None = None
    _restore_place: tuple[Path, str, tuple[int, int]] | None = None
    _theme_timer: Any = None
    _narrow: bool = False
    _preview_before_narrow: bool = True

    # -- help ----------------------------------------------------------------------------

    def action_help(self) -> None:
        from lessontui.tui.screens.help_screen import HelpScreen, collect_help  # on first use

        app = self  # type: ignore[assignment]
        if isinstance(app.screen, HelpScreen):  # type: ignore[attr-defined]
            return
        # `?` never gets here from the editor or an input: Textual lets a text
        # field consume printable keys before app bindings, so it types a "?".
        app.push_screen(HelpScreen(collect_help(app)))  # type: ignore[attr-defined]

    # -- start-up: keymap, theme, memory ---------------------------------------------------

    def on_mount(self) -> None:
        app = self  # type: ignore[assignment]
        settings = app.settings  # type: ignore[attr-defined]
        if settings.keymap:
            app.set_keymap(settings.keymap)  # type: ignore[attr-defined]
            unknown = sorted(set(settings.keymap) - self._binding_ids())
            if unknown:
                app.notify(  # type: ignore[attr-defined]
                    f"[keymap] has ids no key uses: {', '.join(unknown)} (F1 lists the ids)",
                    title="Settings",
                    severity="warning",
                    timeout=10,
                )
        app.theme_changed_signal.subscribe(app, self._theme_changed)  # type: ignore[attr-defined]
        # Runs after LessonApp.on_mount (Textual calls handlers down the MRO), so
        # the preview's start-up display is already set (it may undo an earlier resize).
        self._narrow = False
        self._fit_width(app.size.width)  # type: ignore[attr-defined]

    def _binding_ids(self) -> set[str]:
        """Every binding id of the app, its screens' classes and the widgets in the DOM."""
        from textual.dom import DOMNode

        app = self  # type: ignore[assignment]
        ids = set()
        nodes: list[DOMNode] = [app, *app.screen_stack]  # type: ignore[attr-defined]
        for screen in app.screen_stack:  # type: ignore[attr-defined]
            nodes.extend(screen.query("*"))
        for node in nodes:
            ids.update(b.id for _, b in node._bindings if b.id)
        # Screens and widgets that are not open yet still have ids users may remap.
        return ids | class_binding_ids()

    def _theme_changed(self, theme: Theme) -> None:
        app = self  # type: ignore[assignment]
        if self._theme_timer is not None:
            self._theme_timer.stop()
        self._theme_timer = app.set_timer(THEME_SAVE_DELAY, self._save_theme)  # type: ignore[attr-defined]

    def _save_theme(self) -> None:
        app = self  # type: ignore[assignment]
        self._theme_timer = None
        theme = app.theme  # type: ignore[attr-defined]
        if theme == app.settings.theme:  # type: ignore[attr-defined]
            return
        problem = save_theme(theme)
        if problem:
            app.notify(problem, title="Theme not saved", severity="warning")  # type: ignore[attr-defined]
        else:
            app.settings.theme = theme  # type: ignore[attr-defined]

    # -- narrow terminals ------------------------------------------------------------------

    def on_resize(self, event: Any) -> None:
        self._fit_width(event.size.width)

    def _fit_width(self, width: int) -> None:
        """Hide the preview when the terminal gets narrow, bring it back when it widens.

        The preview's display is set inline (f2, `show_preview`), which CSS cannot
        override, so the breakpoint's CSS class needs this small helper.
        """
        narrow = width < NARROW_WIDTH
        if narrow == self._narrow:
            return
        try:
            preview = self.preview  # type: ignore[attr-defined]
        except NoMatches:  # the main screen is not composed yet: on_mount calls again
            return
        self._narrow = narrow
        if narrow:
            self._preview_before_narrow = preview.display
            preview.display = False
        elif self._preview_before_narrow and not preview.display:
            self.action_toggle_preview()  # type: ignore[attr-defined]

    # -- remembering the last course, lesson and cursor -------------------------------------

    @property
    def app_state(self) -> AppState:
        if self._state is None:
            self._state = AppState()
        return self._state

    def remembered_lesson(self, course: Any) -> Any:
        """The lesson the user was last in for `course` (its cursor is restored on open)."""
        state = self.app_state
        state.opened(course.root)
        state.save()
        place = state.last_place(course.root)
        if place is None:
            return None
        name, cursor = place
        lesson = next((x for x in course.lessons if x.path.name == name), None)
        if lesson is not None:
            self._restore_place = (lesson.path, name, cursor)
        return lesson

    def on_lesson_app_lesson_opened(self, event: Any) -> None:
        app = self  # type: ignore[assignment]
        lesson = event.lesson
        course = app.course  # type: ignore[attr-defined]
        if course is None:
            return
        restore, self._restore_place = self._restore_place, None
        if restore is not None and restore[0] == lesson.path and app.current_lesson is lesson:  # type: ignore[attr-defined]
            editor = app.editor  # type: ignore[attr-defined]
            row = min(restore[2][0], editor.document.line_count - 1)
            column = min(restore[2][1], len(editor.document.get_line(row)))
            editor.move_cursor((row, column), center=True)
        self.remember_place()

    def remember_place(self) -> None:
        """Store the open lesson and cursor (on switching lesson and on quitting)."""
        self._note_place()
        self.app_state.save()

    def _note_place(self) -> None:
        app = self  # type: ignore[assignment]
        course, lesson = app.course, app.current_lesson  # type: ignore[attr-defined]
        if course is None or lesson is None:
            return
        self.app_state.remember_place(course.root, lesson.path.name, app.editor.cursor_location)  # type: ignore[attr-defined]

    def on_text_area_selection_changed(self, event: Any) -> None:
        # Kept in memory as the cursor moves; written when the lesson changes or the app ends.
        if event.text_area.id == "editor" and self._restore_place is None:
            self._note_place()

    def on_unmount(self) -> None:
        # The widgets may be gone by now: write what was noted while they lived.
        if self._state is not None:
            self._state.save()
