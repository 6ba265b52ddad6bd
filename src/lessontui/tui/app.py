"""The lessontui app: settings, theme, keymap, notifications, quit; MainScreen does the rest."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from textual import events
from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.driver import Driver
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widget import AwaitMount

from lessontui.config import Settings, load_settings, save_theme
from lessontui.course import rescue
from lessontui.course.course import Course
from lessontui.tui import shutdown
from lessontui.tui.idle_gc import IdleCollector
from lessontui.tui.main_screen import NARROW_WIDTH, MainScreen
from lessontui.tui.screens.dialog import Dialog
from lessontui.tui.screens.library import LibraryScreen
from lessontui.tui.textual_compat import installed
from lessontui.tui.textual_compat.app_state import driver_of
from lessontui.tui.textual_compat.bindings_in_order import run_priority_binding
from lessontui.tui.textual_compat.redraw_after_fg import redraw_after_fg
from lessontui.tui.type_ahead import TypeAhead

if TYPE_CHECKING:
    from lessontui.services.importer import YdlFactory

THEME_SAVE_DELAY = 1.0  # the theme picker previews themes as you move: save the last one


class LessonApp(App[None]):
    """Opens one course; with none, starts on the library of courses."""

    CSS_PATH = "app.tcss"
    TITLE = "lessontui"
    BINDINGS = [
        # Priority: it works under any dialog. What it saves waits for the keys
        # typed before it (see action_save_and_quit).
        Binding("ctrl+q", "save_and_quit", "Quit", id="app.quit", priority=True),
        Binding("f1,question_mark", "help", "Help", id="app.help"),
        Binding("f4", "change_theme", "Theme", id="app.theme", show=False),
    ]
    # Below NARROW_WIDTH columns the screen gets the -narrow class (app.tcss stacks
    # panes): side by side, the editor would be under 30 columns wide.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_WIDTH, "-wide")]

    def __init__(
        self, course: Course | None = None, settings: Settings | None = None, review: bool = False
    ) -> None:
        super().__init__()
        installed.install()  # every workaround for a Textual bug, see tui/textual_compat/
        self.settings = settings or load_settings()
        self._first_course = course
        self._review_first = review  # `lessontui review`: the review screen comes up first
        # Tests set an offline YoutubeDL factory here; None is yt-dlp with all its extractors.
        self.ydl_factory: YdlFactory | None = None
        self._theme_timer: Timer | None = None
        self.type_ahead = TypeAhead(self)
        self._quit_asked: Dialog[Any] | None = None  # ctrl+q said this dialog has changes
        self.quitter = shutdown.Quitter(
            self.save_all_and_exit, self.unsaved_text, self._terminal_modes_before
        )
        self.collector = IdleCollector(self)  # started once the first note is drawn
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    def notify(self, message: str, *, markup: bool = False, **kwargs: Any) -> None:
        """Every notification is literal text, whoever sends it.

        Messages carry lesson titles, file names, typed paths and error texts;
        Textual parses notification messages as markup by default, so `[@click=...]`
        in a title would become a live action in a toast and `[bold]x[/italic]`
        would raise. `Widget.notify` (screens, widgets) passes its own default
        `markup=True` on to `App.notify`, so the flag a caller gives cannot be
        trusted: it is ignored here, the one place every notification goes through.
        """
        del markup  # always literal
        super().notify(message, markup=False, **kwargs)

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run an action; if it opened a screen, keep what is typed until it is ready.

        See tui/type_ahead.py. Key bindings, the editor's inline bindings and the
        palette all come here; an action runs without yielding in between, so no
        key is read between the push and this check.
        """
        stack = self.screen_stack
        handled = await super().run_action(action, default_namespace, namespaces)
        screen = self.screen
        if screen not in stack:
            self.type_ahead.start()
            # After the screen's compose, mount (where it focuses its input, a turn
            # of the App's queue later) and resume: then the focus is final.
            self.type_ahead.release_when_ready(screen)
        return handled

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self.collector.input()
        if (
            self.type_ahead.keeping
            and isinstance(event, events.Key | events.Paste)
            and not event.is_forwarded
        ):
            # ctrl+q still quits at once; anything else waits for the new screen.
            if isinstance(event, events.Paste) or not await run_priority_binding(self, event.key):
                self.type_ahead.keep(event)
            return
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        # Runs before App._on_key, which checks the bindings of the focused widget
        # and its parents. While keeping, the App forwards nothing, so a key
        # bubbling up was sent to the old screen before: the new screen's key.
        if event.is_forwarded and self.type_ahead.keeps_bubbled():
            self.type_ahead.left_behind(event)
            event.prevent_default()

    def get_driver_class(self) -> type[Driver]:
        from textual.drivers.linux_driver import LinuxDriver

        driver = super().get_driver_class()
        if driver is LinuxDriver:  # see tui/textual_compat/lost_terminal.py
            from lessontui.tui.textual_compat.lost_terminal import LessonDriver

            return LessonDriver
        return driver

    def on_paste(self, event: events.Paste) -> None:
        # As on_key: a paste bubbling up while keeping was sent to a widget of the
        # old screen that does not take text (the lesson list, the checklist).
        if event.is_forwarded and self.type_ahead.keeps_bubbled():
            self.type_ahead.left_behind(event)
            event.prevent_default()

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.settings, self._first_course, self.ydl_factory, self._end)

    def _end(self, message: str | None, last_words: str | None, return_code: int) -> None:
        """The note is safe (saved, or a copy said in `message`): end the app.

        Workers are cancelled, not waited for; the quitter prints `message` (and
        `last_words`, a text no file took) once the terminal is restored.
        """
        self.workers.cancel_all()  # a download or an index build stops, or is left
        self.quitter.text_is_safe(message, last_words)
        self.exit(return_code=return_code)

    def _terminal_modes_before(self) -> Any:
        """The terminal's modes before the driver changed them (termios attrs), or None."""
        return getattr(driver_of(self), "attrs_before", None)

    @property
    def main_screen(self) -> MainScreen:
        """The screen with the course, under any dialog (the app's default screen)."""
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    async def on_mount(self) -> None:
        # A dialog opened by a widget's message (tui/type_ahead.py, opening_screen)
        # gets the keys kept for it once it has its focus.
        self.screen_change_signal.subscribe(self, self.type_ahead.screen_pushed)
        # The default screen composes in its own task: the app is ready (run_test,
        # the first frame) only once its panes exist.
        main = self.main_screen
        await AwaitMount(main, [main])
        if not self.is_headless:  # Pilot's loop is pytest's, and so is its SIGINT
            self.quitter.install()  # SIGHUP, SIGTERM, SIGINT: save_all_and_exit
            redraw_after_fg(self)
        for problem in self.settings.problems:
            self.notify(problem, title="Settings", severity="warning", timeout=10)
        if self.settings.keymap:
            from lessontui.tui.keymap import binding_ids

            self.set_keymap(self.settings.keymap)
            unknown = sorted(set(self.settings.keymap) - binding_ids(self))
            if unknown:
                self.notify(
                    f"[keymap] has ids no key uses: {', '.join(unknown)} (F1 lists the ids)",
                    title="Settings",
                    severity="warning",
                    timeout=10,
                )
            for problem in quit_key_taken(self.settings.keymap):
                self.notify(problem, title="Settings", severity="warning", timeout=10)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self._review_first:
            self.main_screen.review.open(whole_library=self._first_course is None)
        elif self._first_course is None:
            main = self.main_screen
            self.push_screen(
                LibraryScreen(self.settings.library, lambda: main.course), main.library_closed
            )

    def on_unmount(self) -> None:
        self.collector.stop()  # what it froze is given back, for whatever runs after
        if not self.is_headless:
            self.quitter.uninstall()

    def action_save_and_quit(self) -> None:
        # A priority key runs as soon as the app reads it, before the focused box
        # has handled the keys that came before it: the check and the save wait
        # for them.
        (self.focused or self.screen).call_later(self._quit_unless_a_dialog_changed)

    def _quit_unless_a_dialog_changed(self, behind_its_keys: bool = False) -> None:
        """Save and quit; a first ctrl+q over a dialog with changes only says so."""
        if self.type_ahead.keeping:  # keys typed into a dialog still opening: see them first
            self.set_timer(0.02, self._quit_unless_a_dialog_changed)
            return
        box = self.focused
        if not behind_its_keys and box is not None and isinstance(self.screen, Dialog):
            # The dialog's box may still hold keys typed before ctrl+q (handed on
            # to it by the type-ahead meanwhile): decide once it has them.
            box.call_later(lambda: self._quit_unless_a_dialog_changed(True))
            return
        dialog = self.screen
        if isinstance(dialog, Dialog) and dialog.edited() and self._quit_asked is not dialog:
            self._quit_asked = dialog
            self.notify(
                f"This dialog has changes not saved yet ({', '.join(dialog.edited())}): "
                "enter or ctrl+s keeps them; ctrl+q again quits without them.",
                severity="warning",
                timeout=10,
            )
            return
        main = self.main_screen
        main.after_typed_keys(main.session.save_and_quit)

    def save_all_and_exit(self, return_code: int = 0) -> None:
        """On a signal: quit now and keep the text (after the keys already typed)."""
        main = self.main_screen

        def save_all() -> None:
            self._rescue_dialogs()
            main.session.save_all_and_exit(return_code)

        main.after_typed_keys(save_all)

    def _rescue_dialogs(self) -> None:
        """What was typed in open dialogs and not saved goes to a rescue file, named on exit.

        A signal cannot ask, and saving a form the user did not confirm would write
        what they may have meant to cancel: it is kept aside instead, as typed.
        """
        typed = [s.unsaved_text() for s in self.screen_stack if isinstance(s, Dialog)]
        text = "\n\n".join(t for t in typed if t)
        if not text:
            return
        course = self.main_screen.course
        try:
            path = rescue.write_rescue(text + "\n", course.root.name if course else "", "dialog")
        except OSError as error:  # nowhere to write: the terminal shows it
            note = f"lessontui: a dialog's changes were not saved ({error}):\n{text}"
        else:
            note = f"lessontui: a dialog's changes were not saved; they are in {path}"
        self.quitter.notes.append(note)  # printed after the note's own message

    def unsaved_text(self) -> tuple[str, str, str] | None:
        """(text, course, lesson) of a note the disk does not have; for a last-resort rescue."""
        return self.main_screen.session.unsaved_text()

    def action_import_course(self) -> None:
        """The library's `i` opens the import dialog too."""
        self.main_screen.downloads.action_import_course()

    # -- help and theme ---------------------------------------------------------------

    def action_help(self) -> None:
        from lessontui.tui.screens.help_screen import HelpScreen, collect_help  # on first use

        if isinstance(self.screen, HelpScreen):
            return
        # `?` never gets here from the editor or an input: Textual lets a text
        # field consume printable keys before app bindings, so it types a "?".
        self.push_screen(HelpScreen(collect_help(self)))

    def _theme_changed(self, theme: Theme) -> None:
        if self._theme_timer is not None:
            self._theme_timer.stop()
        self._theme_timer = self.set_timer(THEME_SAVE_DELAY, self._save_theme)

    def _save_theme(self) -> None:
        self._theme_timer = None
        if self.theme == self.settings.theme:
            return
        problem = save_theme(self.theme)
        if problem:
            self.notify(problem, title="Theme not saved", severity="warning")
        else:
            self.settings.theme = self.theme

    # -- command palette ----------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every app and screen binding with a description is a command, its key shown.

        The focused widget's own keys (the editor's cursor moves) stay out: they
        are not commands, and f1 lists them by pane.
        """
        yield from super().get_system_commands(screen)
        yield from self.main_screen.trash.commands()  # not bindings of the App or screen
        seen = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not isinstance(active.node, (App, Screen)) or not active.enabled:
                continue  # a pane's own key, or one that does not apply now
            if binding.description and binding.action not in seen:
                seen.add(binding.action)
                yield SystemCommand(
                    binding.description,
                    f"{self.get_key_display(binding)}",
                    lambda action=binding.action, node=active.node: self.run_action(action, node),
                )


def quit_key_taken(keymap: dict[str, str]) -> list[str]:
    """[keymap] entries given quit's key: quit is a priority key and always wins, so
    the other action got no key at all, without a word (`"search.open" = "ctrl+q"`)."""
    quit_keys = set(keymap.get("app.quit", "ctrl+q").split(","))
    return [
        f"[keymap] {binding_id!r} = {key!r}: that is quit's key, and quit wins"
        for binding_id, keys in keymap.items()
        if binding_id != "app.quit"
        for key in keys.split(",")
        if key in quit_keys
    ]
