"""What every form that edits a file shares: tab order that holds for a fast typist, a
save that keeps the form open when it fails, and a question before escape drops changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual.content import Content
from textual.widgets import Input, Label

from lessontui.tui.screens.dialog import Dialog

Changes = TypeVar("Changes")

# Writes a form's changes (the feature's code: no widget writes a file); returns
# None when written, else why not, shown in the form, which stays open.
SaveChanges = Callable[[Changes], str | None]


class FormInput(Input):
    """A form's one-line box: it adds to its text, never drops part of it.

    It does not select its text on focus: the box focused as a form opens was not
    picked by the user, and keys typed ahead of the form would replace a title
    they never saw selected. (A paste of several lines keeps them all, joined by
    spaces, as in every Input: tui/textual_compat/input_paste.py.)
    """

    def __init__(self, value: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(value, **kwargs)


class FormScreen(Dialog[bool], Generic[Changes]):
    """A modal form, dismissed with True once its changes are written.

    Subclasses call `submit` from their save action and `cancel_or_ask` from
    their cancel action, and show problems in a Label `#<PROBLEM_ID>`.

    tab and shift+tab hold for a fast typist as in every dialog (the Dialog base).
    """

    PROBLEM_ID = "form-problem"

    def __init__(self, save: SaveChanges[Changes]) -> None:
        super().__init__()
        self._save = save

    def show_problem(self, text: str) -> None:
        self.query_one(f"#{self.PROBLEM_ID}", Label).update(Content(text))

    def submit(self, changes: Changes, nothing: bool) -> None:
        """Write `changes` (`nothing`: there are none, close); stay open, saying why, if
        the write fails: what the user typed is still here to save again."""
        if self.dismissed:
            return  # a second ctrl+s in the same burst: the first one wrote it
        if nothing:
            self.dismiss(False)
            return
        problem = self._save(changes)
        if problem is not None:
            self.show_problem(f"Not saved: {problem}")
            return
        self.dismiss(True)

    def cancel_or_ask(self, edited: list[str]) -> None:
        """Cancel; when the user changed something (`edited` names it), only once they say so."""
        self.dismiss_or_ask(False, edited, "the form (ctrl+s saves there)")
