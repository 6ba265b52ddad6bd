"""Keys typed right after a key that opens a screen wait for that screen.

Textual sends each key to the widget focused when the App reads it. A key that
opens a screen (ctrl+f) runs its action in the editor's turn (see NoteEditor),
after the App has already sent the editor the keys typed behind it; and the new
screen focuses its input only once it has composed, a few turns later. So
`ctrl+f rate` in one burst typed `rate` into the note, and keys read while the
screen composed went to no widget at all. (The same race as Textual issue
#6605, for keys that change screens rather than edit.)

While a screen opened by a key gets ready, the App keeps the keys it reads, and
the widgets of the screen left behind hand over the keys still queued to them;
once the new screen has its focus, both are sent there in the order typed: the
left-behind ones first, since the App sent them before it started keeping.

The same holds for keys typed right behind the key that closes a dialog (`x1 enter
EDAFTER` in a prompt, `T9 ctrl+s after` in a form): the dialog's box had them
queued before the dialog answered, and typed them into a box about to vanish. From
the answer on they are kept, and sent where the focus is once the dialog is gone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.dom import NoScreen
from textual.widgets import Input

from lessontui.tui.textual_compat.bindings_in_order import forward, run_priority_binding

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen
    from textual.timer import Timer
    from textual.widget import Widget

# At most this long (s) before kept keys go wherever focus is: a screen that
# fails to compose must not swallow the keyboard.
MAX_WAIT = 2.0

TypedEvent = events.Key | events.Paste


class TypeAhead:
    """The keys kept while a screen opened by a key gets ready (one per App)."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.keeping = False
        self._left_behind: list[TypedEvent] = []  # queued to widgets of the old screen
        self._read: list[TypedEvent] = []  # read by the App meanwhile
        self._timer: Timer | None = None
        self._closing: Screen[Any] | None = None  # a dialog that answered, until popped
        # Counts the times keeping started: a release asked for one time must not
        # end a later one (the push of a dialog asks twice; its answer keeps again).
        self._round = 0
        self._queue_wait_round = 0  # the round a tab waits for the keys before it (`wait_for`)

    def start(self) -> None:
        """A key's action is pushing a screen: keep what is typed until it is ready."""
        if not self.keeping:
            self.keeping = True
            self._round += 1
            self._timer = self.app.set_timer(MAX_WAIT, self._time_up)

    async def _time_up(self) -> None:
        """MAX_WAIT passed: send the kept keys where the focus is, unless the dialog's
        answer is work still running (the file picker's copy), which ends by itself."""
        screen = self.app.screen
        running = getattr(screen, "answer_running", None)
        if getattr(screen, "answering", False) and callable(running) and running():
            self._timer = self.app.set_timer(MAX_WAIT, self._time_up)
            return
        await self.release()

    @property
    def round(self) -> int:
        """Which time keeping started (it counts up): tells one round from the next."""
        return self._round

    def closing(self, dialog: Screen[Any]) -> None:
        """`dialog` answered and is about to be popped: keep what is typed from now on,
        for the screen the focus goes back to."""
        self.start()
        self._closing = dialog

    def screen_pushed(self, screen: Screen[Any]) -> None:
        """The screen became the App's screen: while keeping, send it the kept keys once
        it has its focus (after its compose, mount and resume). A dialog pushed, or the
        screen below a dialog that answered, once it is popped."""
        if not self.keeping:
            return
        popped = self._closing is not None and self._closing not in self.app.screen_stack
        if screen.is_modal or popped:
            self.release_when_ready(screen)

    def release_when_ready(self, screen: Screen[Any]) -> None:
        """Release once `screen` has its focus: after its compose, mount and resume
        (where it gives the focus back), which are in its queue; the App's turn after."""
        screen.call_later(self.app.call_later, self._release_round, self._round)

    async def _release_round(self, round_: int) -> None:
        if round_ == self._round:
            await self.release()

    def keep(self, event: TypedEvent) -> None:
        """A key (or paste) the App read while keeping."""
        self._read.append(event)

    def hand_over(self, widget: Widget, event: TypedEvent) -> bool:
        """Called by a widget that acts on typed keys: True if the key is not its own.

        It is not when a key typed before it opened another screen, and the App is
        keeping keys for that screen; nor when its screen (a dialog) has answered or
        is answering (`answering`), and the keys are for the screen the focus goes to.
        """
        if not self.keeping:
            return False
        try:
            screen = widget.screen
        except NoScreen:  # removed with its dialog
            screen = None
        if screen is not None and screen.is_active and not getattr(screen, "answering", False):
            return False
        self.left_behind(event)
        return True

    def left_behind(self, event: TypedEvent) -> None:
        """A key the App sent to the old screen before it started keeping."""
        self._left_behind.append(event)

    async def release(self) -> None:
        """The new screen has its focus: send it the kept keys, in the order typed.

        One by one, as the App would have: a priority key (a form's tab) runs as
        it comes, so the keys behind it go where it moved the focus. Nothing here
        waits on the event loop between two keys (a form's tab moves the focus
        at once), so no key read meanwhile can pass the kept ones. A key that
        starts keeping again (a tab waiting for the keys just sent, `wait_for`;
        a screen it opened) keeps the rest too.
        """
        if not self.keeping:
            return
        self.keeping = False
        self._closing = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        kept = [*self._left_behind, *self._read]
        self._left_behind.clear()
        self._read.clear()
        adds = getattr(self.app.screen, "TYPED_AHEAD_ADDS", False)
        if kept and adds and isinstance(self.app.focused, Input):
            # Typed before the user could see the box: they add to its text, never
            # replace what select-on-focus selected unseen (a rename's old title).
            # (Not in the search box: a new search replaces the last term.)
            # Queued behind the box's Focus event, which makes that selection.
            self.app.focused.call_later(_unselect, self.app.focused)
        for sent, event in enumerate(kept, start=1):
            if isinstance(event, events.Paste):
                forward(self.app.focused or self.app.screen, events.Paste(event.text))
            elif not await run_priority_binding(self.app, event.key):
                forward(self.app.focused or self.app.screen, events.Key(event.key, event.character))
            if self.keeping:  # it waits for the keys just sent (`wait_for`): so do the rest
                self._read.extend(kept[sent:])
                return

    def wait_for(self, widget: Widget, event: TypedEvent) -> None:
        """A priority key that moves the focus (a dialog's tab) came while `widget`, which
        has the focus, still has keys queued: it, and the keys typed behind it, wait
        until `widget` has handled them.

        Those keys may move the focus themselves: `goal a enter Part B tab goal b` in
        f7, where enter adds the part and focuses the next part's title box. Run at
        once, tab moved the focus before that enter did, and `goal b` was lost.
        """
        self.start()
        self._queue_wait_round = self._round
        self._read.append(event)
        self._settle(widget, self._round)

    def keeps_bubbled(self) -> bool:
        """True if a key bubbling up to the App now was sent to the screen left behind
        (it is kept); not while only a tab waits for the keys before it, whose
        bindings (at the App) must run, unless one of them was a dialog's answer."""
        if not self.keeping:
            return False
        if self._queue_wait_round != self._round:
            return True
        return bool(getattr(self.app.screen, "answering", False))

    def _settle(self, widget: Widget, round_: int, at_app: bool = False) -> None:
        """Once the keys queued before a waiting key are handled, send the kept keys on.

        A key is handled once it has bubbled from `widget` to the App, where its
        binding runs (enter on a button or a list: Textual #6605), and the messages
        that binding posted reached the screen; the focus change they asked for is
        applied on the App's turn after. Unless one of them was a dialog's answer,
        which sends the kept keys itself.
        """
        try:
            answering = getattr(widget.screen, "answering", False)
            busy = next(
                (
                    n
                    for n in widget.ancestors_with_self
                    if n is not self.app and n.message_queue_size
                ),
                None,
            )
        except NoScreen:  # its dialog closed: the pop sends them
            return
        if round_ != self._round or not self.keeping or answering:
            return
        if busy is not None:
            busy.call_later(self._settle, widget, round_)
        elif at_app:  # the bubbled keys ran their bindings, and nothing is queued since
            self.app.call_later(self._release_round, round_)
        else:
            self.app.call_later(self._settle, widget, round_, True)


def keys_queued(widget: Widget) -> bool:
    """True while `widget` or a parent below the App has messages queued: keys typed
    before the one read now may not have run their bindings yet (Textual #6605)."""
    return any(n is not widget.app and n.message_queue_size for n in widget.ancestors_with_self)


def _unselect(box: Input) -> None:
    if not box.selection.is_empty:
        box.cursor_position = len(box.value)


def opening_screen(widget: Widget) -> None:
    """A widget's key action asks its screen (by a message) to open a dialog: keep what
    is typed from now on, as for a key whose action pushes the screen itself.

    The message is handled after the keys typed behind the key were sent to the
    widget, so `e " EDIT" enter` on the learned list ticked an item with the space
    and lost the text. The App sends the kept keys once the dialog has its focus
    (`LessonApp.push_screen`), or after MAX_WAIT if no dialog opens.
    """
    type_ahead = getattr(widget.app, "type_ahead", None)
    if isinstance(type_ahead, TypeAhead):
        type_ahead.start()


def moving_focus(widget: Widget) -> None:
    """A widget's key action asks its screen (by a message) to move the focus away
    (enter on the lesson list opens the lesson in the editor): keep what is typed
    from now on, until `focus_moved`.

    While a big note opened, `enter` and the letters typed after it were all sent to
    the lesson list before it handled `enter`; the list takes no text and dropped them.
    """
    opening_screen(widget)


def focus_moved(app: App[Any]) -> None:
    """The focus is where `moving_focus` said it would go: send it the kept keys
    (after the focus change itself, which Textual applies on its next turn)."""
    type_ahead = getattr(app, "type_ahead", None)
    if isinstance(type_ahead, TypeAhead) and type_ahead.keeping:
        app.call_later(type_ahead.release)


def submitting(widget: Widget) -> None:
    """A box posted its Submitted message (enter): if its screen is a dialog, the
    answer may follow, once the message reaches it; the keys behind enter wait for it."""
    answer_coming = getattr(widget.screen, "answer_coming", None)
    if callable(answer_coming):
        answer_coming()


def hand_over(widget: Widget, event: TypedEvent) -> bool:
    """`TypeAhead.hand_over` of the widget's App, if it keeps keys (the lessontui App)."""
    type_ahead = getattr(widget.app, "type_ahead", None)
    return isinstance(type_ahead, TypeAhead) and type_ahead.hand_over(widget, event)
