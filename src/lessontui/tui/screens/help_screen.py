"""The help screen: every key, by pane, read from the live bindings, and how it works."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.actions import parse
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Label, Static

from lessontui.tui.screens.dialog import Dialog
from lessontui.tui.textual_compat.node_bindings import bindings_with_keymap

HOW_IT_WORKS = """\
A course is a folder of Markdown files: course.md and lessons/NN-title.md. Pick a \
lesson on the left; write notes in the middle (saved as you type, ctrl+s saves now); \
the "Things I learned" pane on the right is the task list under that heading in the \
same note, so ticking it edits the text. Play the lesson in mpv, stamp [m:ss] into \
your notes, read along in its transcript (alt+s; alt+q quotes what is being said), \
keep the frame with the time and what is said (alt+i), \
and export the finished page for your blog. ctrl+p finds any command; \
keys can be changed in the config file's [keymap] table with the ids below \
(lessontui config --path shows where it is)."""

# What each pane is called on the help screen, by widget id.
PANE_NAMES = {
    "lessons": "Lesson list",
    "editor": "Note editor",
    "preview": "Preview",
    "transcript": "Transcript",
    "learned": "Things I learned",
    "player-bar": "Player bar",
    "library-courses": "Courses",
}


@dataclass(frozen=True)
class HelpRow:
    keys: str  # as shown, after the user's keymap: "ctrl+f" or "d, delete"
    description: str
    binding_id: str  # "" when the binding has none (not remappable)
    action: str


@dataclass(frozen=True)
class HelpSection:
    title: str
    rows: list[HelpRow]


def _rows(app: App[Any], node: DOMNode) -> list[HelpRow]:
    """The node's bindings with the keymap applied, one row per binding."""
    bindings = bindings_with_keymap(node)
    rows: dict[tuple[str, str, str], list[str]] = {}
    for _key, binding in bindings:
        if not binding.description or _never_here(node, binding.action):
            continue
        ident = (binding.id or "", binding.action, binding.description)
        display = app.get_key_display(binding)
        keys = rows.setdefault(ident, [])
        if display not in keys:
            keys.append(display)
    return [
        HelpRow(", ".join(keys), description, binding_id, action)
        for (binding_id, action, description), keys in rows.items()
    ]


def _never_here(node: DOMNode, action: str) -> bool:
    """The node turns this action down for good (`check_action` False: NoteEditor's
    f6 and f7, which go on to the screen)."""
    namespace, name, parameters = parse(action)
    return not namespace and node.check_action(name, parameters) is False


def collect_help(app: App[Any], screen: Screen[Any] | None = None) -> list[HelpSection]:
    """Sections for the app, the screen and each focusable pane of `screen` with keys."""
    screen = screen or app.screen
    sections = [HelpSection("Everywhere", _rows(app, app))]
    screen_rows = _rows(app, screen)
    if screen_rows:
        name = type(screen).__name__.removesuffix("Screen")
        sections.append(HelpSection(f"{name} screen" if name else "Between panes", screen_rows))
    for widget in screen.query("*"):
        if not widget.focusable and widget.id not in PANE_NAMES:
            continue
        rows = _rows(app, widget)
        if rows:
            title = PANE_NAMES.get(widget.id or "", type(widget).__name__)
            sections.append(HelpSection(title, rows))
    return [section for section in sections if section.rows]


def section_content(section: HelpSection, key_width: int) -> Content:
    lines = [Content.styled(section.title, "bold $text-primary")]
    for row in section.rows:
        ident = f"  [{row.binding_id}]" if row.binding_id else ""
        lines.append(
            Content.assemble(
                (f"  {row.keys:<{key_width}} ", "bold $text-accent"),
                row.description,
                (ident, "dim"),
            )
        )
    return Content("\n").join(lines)


class HelpScreen(Dialog[None]):
    """Keys by pane for the screen under it; escape, F1 or q closes."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close help", id="help.close")]

    def __init__(self, sections: list[HelpSection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        key_width = max(
            (len(row.keys) for section in self.sections for row in section.rows), default=8
        )
        key_width = min(key_width, 22)
        with Vertical(id="help-box"):
            yield Label("lessontui help · escape closes", id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(HOW_IT_WORKS, id="help-how", markup=False)
                for section in self.sections:
                    yield Static(section_content(section, key_width), classes="help-section")

    def action_close(self) -> None:
        self.dismiss(None)
