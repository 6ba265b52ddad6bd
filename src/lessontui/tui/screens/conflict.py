"""Dialogs for a lesson changed or removed on disk while it was open with unsaved edits."""

from __future__ import annotations

import difflib
import time

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Label, TextArea

from lessontui.tui.screens.dialog import Dialog

MAX_DIFF_CHARS = 2_000_000  # difflib is quadratic on big, very different texts

# What the user chose; the app acts on it (screens never write files).
KEEP_MINE = "mine"
TAKE_DISK = "disk"
SAVE_BESIDE = "beside"
RECREATE = "recreate"
FOLLOW_RENAME = "follow"
SAVE_AS = "save_as"
DISCARD = "discard"


def unified_diff(disk: str, mine: str, name: str) -> str:
    """The change from the disk's version to mine, or a note when too big to diff."""
    if len(disk) + len(mine) > MAX_DIFF_CHARS:
        return "(too large to compare line by line: see both versions above)"
    lines = difflib.unified_diff(
        disk.splitlines(keepends=True),
        mine.splitlines(keepends=True),
        fromfile=f"{name} (on disk)",
        tofile=f"{name} (mine)",
    )
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    return text or "(the texts are the same)"


class DiskDialog(Dialog[str | None]):
    """A question the disk poll asks on its own, possibly in the middle of typing.

    A key answers only after ANSWER_GUARD seconds without keys (counted from
    when the dialog appeared): letters of a sentence still being typed into
    the note must not pick "take disk's".
    """

    ANSWER_GUARD = 1.0

    def __init__(self) -> None:
        super().__init__()
        self._last_key = time.monotonic()
        self._quiet_before_key = 0.0  # seconds without keys before the latest one
        self._last_mouse = 0.0

    def on_key(self, event: events.Key) -> None:
        # Runs before the key's binding or button press (the key bubbles up first).
        now = time.monotonic()
        self._quiet_before_key = now - self._last_key
        self._last_key = now

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._last_mouse = time.monotonic()

    def _answerable(self) -> bool:
        if self._last_key >= self._last_mouse:  # answered by a key (its on_key ran first)
            quiet = self._quiet_before_key
        else:  # by a click: how long since the last key
            quiet = self._last_mouse - self._last_key
        if quiet >= self.ANSWER_GUARD:
            return True
        self.notify(
            "Still typing? Nothing was chosen: wait a moment, then pick.",
            severity="warning",
            timeout=3,
        )
        return False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self._answerable():
            self.dismiss(None if event.button.id == "later" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        if choice is None or self._answerable():  # "later" (escape) is always safe
            self.dismiss(choice)


def _viewer(text: str, id: str) -> TextArea:
    # A read-only TextArea: virtualised (a 10 MB note is fine) and always literal text.
    return TextArea(text, read_only=True, soft_wrap=False, show_line_numbers=True, id=id)


class ConflictScreen(DiskDialog):
    """The open lesson changed on disk while it had unsaved edits: pick a version.

    Dismissed with KEEP_MINE, TAKE_DISK, SAVE_BESIDE, or None to decide later.
    """

    DEFAULT_CSS = """
    ConflictScreen { align: center middle; }
    #conflict-box {
        width: 95%; height: 90%; border: thick $error; background: $surface; padding: 0 1;
    }
    #conflict-title { text-style: bold; color: $text-error; }
    #conflict-versions { height: 1fr; }
    #conflict-versions > Vertical { width: 1fr; }
    #conflict-versions TextArea { height: 1fr; }
    #conflict-diff { height: 1fr; }
    #conflict-buttons { height: auto; }
    #conflict-buttons Button { margin-right: 1; }
    """

    BINDINGS = [
        Binding("m", "choose('mine')", "Keep mine", id="conflict.keep_mine"),
        Binding("d", "choose('disk')", "Take disk's", id="conflict.take_disk"),
        Binding("b", "choose('beside')", "Save mine beside", id="conflict.save_beside"),
        Binding("escape", "choose(None)", "Decide later", id="conflict.later"),
    ]

    def __init__(self, name: str, mine: str, disk: str) -> None:
        super().__init__()
        self.file_name = name
        self.mine = mine
        self.disk = disk

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict-box"):
            yield Label(
                Content(f"{self.file_name} was changed by another program"), id="conflict-title"
            )
            yield Label(
                "You have unsaved edits. Nothing is written until you choose.", id="conflict-hint"
            )
            with Horizontal(id="conflict-versions"):
                with Vertical():
                    yield Label("Mine (in lessontui)")
                    yield _viewer(self.mine, "conflict-mine")
                with Vertical():
                    yield Label("On disk")
                    yield _viewer(self.disk, "conflict-disk")
            yield Label("Difference (disk → mine)")
            yield _viewer(unified_diff(self.disk, self.mine, self.file_name), "conflict-diff")
            with Horizontal(id="conflict-buttons"):
                yield Button(Content("Keep mine [m]"), id=KEEP_MINE, variant="warning")
                yield Button(Content("Take disk's [d]"), id=TAKE_DISK)
                yield Button(Content("Save mine beside [b]"), id=SAVE_BESIDE, variant="primary")
                yield Button(Content("Later [esc]"), id="later")

    def on_mount(self) -> None:
        self.query_one(f"#{SAVE_BESIDE}", Button).focus()


class MissingFileScreen(DiskDialog):
    """The open lesson's file was deleted or renamed outside; the text is still here.

    Dismissed with RECREATE, FOLLOW_RENAME (when `renamed_to` is known), SAVE_AS,
    DISCARD, or None to decide later.
    """

    DEFAULT_CSS = """
    MissingFileScreen { align: center middle; }
    #missing-box {
        width: 80; height: auto; border: thick $warning; background: $surface; padding: 1 2;
    }
    #missing-title { text-style: bold; color: $text-warning; }
    #missing-buttons { height: auto; margin-top: 1; }
    #missing-buttons Button { margin-right: 1; }
    """

    BINDINGS = [
        Binding("r", "choose('recreate')", "Re-create", id="missing.recreate"),
        Binding("f", "choose('follow')", "Follow rename", id="missing.follow"),
        Binding("s", "choose('save_as')", "Save as", id="missing.save_as"),
        Binding("escape", "choose(None)", "Decide later", id="missing.later"),
    ]

    def __init__(self, name: str, renamed_to: str | None = None) -> None:
        super().__init__()
        self.file_name = name
        self.renamed_to = renamed_to

    def compose(self) -> ComposeResult:
        with Vertical(id="missing-box"):
            if self.renamed_to:
                title = f"{self.file_name} was renamed to {self.renamed_to}"
            else:
                title = f"{self.file_name} was deleted or moved by another program"
            yield Label(Content(title), id="missing-title")
            yield Label(
                "Your text is still here and nothing is written until you choose.",
                id="missing-hint",
            )
            with Horizontal(id="missing-buttons"):
                if self.renamed_to:
                    yield Button(
                        Content("Follow the rename [f]"), id=FOLLOW_RENAME, variant="primary"
                    )
                yield Button(Content("Re-create the file [r]"), id=RECREATE, variant="primary")
                yield Button(Content("Save as… [s]"), id=SAVE_AS)
                yield Button(Content("Close it (discard)"), id=DISCARD, variant="error")
                yield Button(Content("Later [esc]"), id="later")

    def action_choose(self, choice: str | None) -> None:
        if choice == FOLLOW_RENAME and not self.renamed_to:
            return
        super().action_choose(choice)
