"""The "things I learned" checklist: add, tick, edit and remove items in the note's text."""

from __future__ import annotations

from textual.binding import Binding

from lessontui.course import checklist
from lessontui.tui.features.host import Feature, FeatureHost, feature_bindings
from lessontui.tui.screens.text_prompt import TextPrompt
from lessontui.tui.session import NoteSession


class Learned(Feature):
    """Edits the learned list as text in the editor (one text, two views), so undo,
    autosave and the preview treat it as typing."""

    NAME = "learned"
    BINDINGS = feature_bindings(
        NAME,
        [
            Binding("ctrl+l", "add_learned", "Learned+", id="learned.add"),
            Binding(
                "alt+u", "add_learned(False)", "To learn+", id="learned.add_to_learn", show=False
            ),
        ],
    )

    def __init__(self, host: FeatureHost, session: NoteSession) -> None:
        self.host = host
        self.session = session

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Learned items belong to a lesson you can edit; the course intro has none.
        return True if self.session.on_lesson and self.session.editable else None

    @property
    def heading(self) -> str:
        course = self.host.course
        return course.learned_heading if course else checklist.DEFAULT_HEADING

    def _edit(self, new_text: str) -> None:
        if self.host.editor.read_only:
            self.host.notify("This lesson is read-only.", severity="warning")
            return
        self.host.editor.apply_text(new_text)
        self.host.render_side_panes()

    def toggle(self, index: int) -> None:
        self._edit(checklist.toggle(self.host.editor.text, index, self.heading))

    def remove(self, index: int) -> None:
        self._edit(checklist.remove(self.host.editor.text, index, self.heading))

    def edit(self, index: int, text: str) -> None:
        def done(new: str | None) -> None:
            if not new:
                return
            body = self.host.editor.text
            found = checklist.find(body, index, text, self.heading)
            if found is None:  # changed or gone while the prompt was open: keep the text
                self.host.notify("That item changed meanwhile; your text is added as a new item.")
                self._edit(checklist.add(body, new, heading=self.heading))
                return
            self._edit(checklist.set_text(body, found, new, self.heading))

        self.host.open_dialog(TextPrompt("Edit learned item (Markdown)", text), done)

    def add_requested(self, checked: bool) -> None:
        """The checklist's own `a` and `u`: as ctrl+l and alt+u, where they apply."""
        if self.check_action("add_learned", (checked,)):
            self.action_add_learned(checked)

    def action_add_learned(self, checked: bool = True) -> None:
        """Ask for an item and add it at the end of the learned list: ticked (learned),
        or not (`checked=False`: still to learn)."""

        def done(text: str | None) -> None:
            if text:
                body = checklist.add(self.host.editor.text, text, checked, heading=self.heading)
                self._edit(body)
                if self.host.learned.items:  # the new item (added last) is the one to act on next
                    self.host.learned.highlighted = len(self.host.learned.items) - 1

        self.host.open_dialog(
            TextPrompt(
                "Add a thing you learned" if checked else "Add a thing still to learn",
                placeholder="[timm](https://timm.fast.ai/) is...",
            ),
            done,
        )
