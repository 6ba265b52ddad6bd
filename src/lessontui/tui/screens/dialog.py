"""The modal screen every dialog is (dismissed once, however many keys ask for it), and
the yes/no question before something hard to take back."""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select

from lessontui.tui.type_ahead import TypeAhead, keys_queued

Result = TypeVar("Result")


class Dialog(ModalScreen[Result]):
    """A ModalScreen whose `dismiss` acts once.

    A fast `enter enter` (or `y y`, `ctrl+s ctrl+s`, `escape escape`) reaches the
    dialog's widgets before the first dismiss has taken it off the screen, so the
    dialog dismissed itself a second time: Textual's dismiss pops whatever screen is
    on top, and with only the main screen left it raised ScreenStackError and the app
    exited (Textual 8.2.8, Screen.dismiss does not check that the screen is still
    on the stack). The first dismiss acts.

    Keys typed behind the answer (a second enter included) are not the dialog's:
    they are kept from the answer on and go where the focus is once the dialog is
    gone (tui/type_ahead.py). An answer that comes as a message (a box's enter
    posts Input.Submitted, a button's enter Button.Pressed, which the dialog handles
    after the box or button has handled the keys queued behind enter) keeps them
    from the enter on (`answer_coming`); if the dialog stays open (nothing typed,
    a save that failed), they come back to it.

    tab and shift+tab are priority keys in every dialog. Textual moves the focus
    for tab only once the key has bubbled up from the focused box to the screen,
    so in a burst (`Part 3`, tab, `ship it`) the keys behind tab were already sent
    to the box it leaves: the goal was typed into the title, `tab XYZ` on the
    export dialog went to its format list. A priority key runs as the App reads it,
    before it sends on the next key. (Textual 8.2.8; the same ordering as issue #6605.)
    """

    # One look for every dialog's box (`classes="dialog-box"`), title and hint.
    DEFAULT_CSS = """
    Dialog .dialog-box { padding: 0 1; border: thick $primary; background: $surface; }
    Dialog .dialog-title { text-style: bold; padding: 0 0 1 0; }
    Dialog .dialog-hint { color: $text-muted; }
    """

    BINDINGS = [
        Binding("tab", "next_box", "Next", id="dialog.next", show=False, priority=True),
        Binding(
            "shift+tab", "previous_box", "Previous", id="dialog.previous", show=False, priority=True
        ),
    ]

    _dismissed = False
    _asking = False  # the question before dropping changes is open
    # The round of keeping (TypeAhead.round) a box's Submitted started, while it is
    # on its way to the dialog; 0: none. A round ended otherwise (after MAX_WAIT, if
    # the message never came) ends the waiting too.
    _answering_round = 0

    @property
    def answering(self) -> bool:
        """True while a box's enter may be about to answer: keys behind it wait."""
        type_ahead = getattr(self.app, "type_ahead", None)
        return (
            isinstance(type_ahead, TypeAhead)
            and type_ahead.keeping
            and self._answering_round == type_ahead.round
        )

    def answer_coming(self) -> None:
        """A box of this dialog posted Submitted: keep the keys behind it until the
        dialog has handled it (tui/type_ahead.py, submitting)."""
        type_ahead = getattr(self.app, "type_ahead", None)
        if isinstance(type_ahead, TypeAhead) and not self._dismissed:
            type_ahead.start()
            self._answering_round = type_ahead.round

    async def _on_message(self, message: Message) -> None:
        await super()._on_message(message)
        answer = isinstance(message, Input.Submitted | Button.Pressed)
        if answer and self.answering and not self.answer_waits():
            await self.answered_staying()

    def answer_waits(self) -> bool:
        """True while the answer to a box's enter is still on its way (a search's
        results for the term just typed): the keys behind enter wait for it, and
        the dialog calls `answered_staying` if it stays open."""
        return False

    def answer_running(self) -> bool:
        """True while the answer is work that runs until it ends (the file picker's
        copy): the keys typed behind its key wait for it, past MAX_WAIT."""
        return False

    async def answered_staying(self) -> None:
        """The enter being answered did not close the dialog: the keys behind it are its own."""
        if not self.answering:
            return
        self._answering_round = 0
        type_ahead = getattr(self.app, "type_ahead", None)
        if not self._dismissed and self.is_active and isinstance(type_ahead, TypeAhead):
            # Still open (nothing typed, a save that failed, a part added): the keys
            # are its own, for the box the answer focused (the next part's title).
            # Textual applies a focus() on the App's next turn: release after it, or
            # `Part B enter` behind a part's enter went to the goal box it left.
            self.app.call_later(type_ahead.release)

    def action_next_box(self) -> None:
        if not self._waits("tab"):
            self.focus_next()

    def action_previous_box(self) -> None:
        if not self._waits("shift+tab"):
            self.focus_previous()

    def _waits(self, key: str) -> bool:
        """True if tab (`key`) must wait its turn: while keys typed ahead are kept
        (tui/type_ahead.py), or while the focused box still has keys queued, which
        come before it and may move the focus themselves (enter adding a part)."""
        type_ahead = getattr(self.app, "type_ahead", None)
        if not isinstance(type_ahead, TypeAhead):
            return False
        if type_ahead.keeping:
            raise SkipAction()  # the App keeps the key with the others
        box = self.focused
        if box is not None and keys_queued(box):
            type_ahead.wait_for(box, events.Key(key, None))
            return True
        return False

    @property
    def dismissed(self) -> bool:
        """True once the dialog gave its answer: later keys must not act on it."""
        return self._dismissed

    def edited(self) -> list[str]:
        """What the user changed here and would lose if the dialog closed now, in words
        (empty: nothing). ctrl+q asks before dropping it (LessonApp)."""
        return []

    def unsaved_text(self) -> str:
        """What was typed in this dialog, for a rescue when no one can be asked (a
        signal); empty when nothing was changed."""
        edited = self.edited()
        if self.dismissed or not edited:
            return ""
        lines = [f"{type(self).__name__}, changed: {', '.join(edited)}"]
        lines += [f"{name}: {value}" for name, value in self.rescue_fields()]
        return "\n".join(lines)

    def rescue_fields(self) -> list[tuple[str, str]]:
        """(name, value) of every field of the dialog, in screen order, for the rescue:
        text boxes, checkboxes (`[x]`/`[ ]`) and choice lists."""
        fields = []
        for widget in self.query("Input, Checkbox, Select"):
            if isinstance(widget, Input):
                value = widget.value
            elif isinstance(widget, Checkbox):
                value = "[x]" if widget.value else "[ ]"
            elif isinstance(widget, Select):
                value = "" if widget.is_blank() else str(widget.value)
            else:
                continue
            fields.append((widget.id or type(widget).__name__, value))
        return fields

    def dismiss_or_ask(self, result: Result, edited: list[str], back_to: str) -> None:
        """Dismiss with `result`; when the user changed something (`edited` names it),
        only once they say so. A second escape in the same burst asks no second time."""
        if not edited:
            self.dismiss(result)
            return
        if self._asking:
            return

        def answered(drop: bool | None) -> None:
            self._asking = False
            if drop:
                self.dismiss(result)

        self._asking = True
        self.app.push_screen(
            ConfirmDialog(
                "Drop your changes?",
                f"You changed: {', '.join(edited)}. Cancel goes back to {back_to}.",
                "Drop them",
            ),
            answered,
        )

    def dismiss(self, result: Result | None = None) -> AwaitComplete:
        if self._dismissed:
            done: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
            return done
        self._dismissed = True
        self._answering_round = 0
        type_ahead = getattr(self.app, "type_ahead", None)
        if isinstance(type_ahead, TypeAhead):  # before the pop, which releases them
            type_ahead.closing(self)
        return super().dismiss(result)


class ConfirmDialog(Dialog[bool]):
    """Dismissed with True only for `y` or the confirm button; Cancel has the focus,
    so an `enter` meant for something else answers no."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    #confirm-box {
        width: 70; height: auto; border: thick $error; background: $surface; padding: 1 2;
    }
    #confirm-title { text-style: bold; }
    #confirm-buttons { height: auto; margin-top: 1; }
    #confirm-buttons Button { margin-right: 1; }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str, yes: str) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Label(Content(self.question), id="confirm-title")
            yield Label(Content(self.detail), id="confirm-detail")
            with Horizontal(id="confirm-buttons"):
                yield Button(Content(f"{self.yes} [y]"), id="confirm-yes", variant="error")
                yield Button(Content("Cancel [esc]"), id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
