"""The start-up baseline: a bare Textual app with LessonApp's panes, as empty stock widgets."""

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Label, OptionList, Static, TextArea


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical():
                yield Label("")
                yield OptionList()
                yield Label("")
            with Horizontal():
                yield TextArea()
                yield Static()
            with Vertical():
                yield Label("")
                yield OptionList()
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
