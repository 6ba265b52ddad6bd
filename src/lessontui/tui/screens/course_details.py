"""The course details form: title, source URL, date, the parts with their goals, export layout.

Like the lesson form it only says what to change (a `CourseChanges`); the main
screen writes course.md through the model, and renumbers lessons when parts move.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from lessontui.course.course import Course
from lessontui.tui.screens.lesson_details import check_url


@dataclass
class PartRow:
    """One part in the form: its old number (None when added here) and its fields."""

    number: int | None
    fields: dict[str, Any]

    @property
    def title(self) -> str:
        return str(self.fields.get("title") or "")

    @property
    def goal(self) -> str:
        return str(self.fields.get("goal") or "")


@dataclass(frozen=True)
class CourseChanges:
    """course.md fields to write (None removes one); parts to store, when they changed."""

    fields: dict[str, Any] = field(default_factory=dict)
    parts: list[dict[str, Any]] | None = None
    numbers: list[int | None] = field(default_factory=list)


class PartList(OptionList):
    """The parts in order; keys to add, edit, move and remove them."""

    BINDINGS = [
        Binding("a", "add", "Add part", id="parts.add"),
        Binding("e", "edit", "Edit part", id="parts.edit"),
        Binding("alt+up", "move(-1)", "Move up", id="parts.move_up"),
        Binding("alt+down", "move(1)", "Move down", id="parts.move_down"),
        Binding("delete", "remove", "Remove part", id="parts.remove"),
    ]

    def __init__(self, rows: list[PartRow], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows = rows

    def on_mount(self) -> None:
        self.show()

    def show(self, highlight: int | None = None) -> None:
        self.set_options(Option(self._prompt(n, row)) for n, row in enumerate(self.rows, 1))
        if self.rows:
            self.highlighted = min(highlight or 0, len(self.rows) - 1)

    @staticmethod
    def _prompt(number: int, row: PartRow) -> Content:
        goal = (
            Content.assemble("\n   ", ("goal: ", "dim"), (row.goal, "italic")) if row.goal else ""
        )
        return Content.assemble((f"{number}. ", "bold"), row.title or f"Part {number}", goal)

    class EditRequested(Message):
        """Fill the part boxes to add a part (index None) or edit the one at `index`."""

        def __init__(self, index: int | None) -> None:
            super().__init__()
            self.index = index

    def action_add(self) -> None:
        self.post_message(self.EditRequested(None))

    def action_edit(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.EditRequested(self.highlighted))

    def action_move(self, step: int) -> None:
        index = self.highlighted
        if index is None or not 0 <= index + step < len(self.rows):
            return
        rows = self.rows
        rows[index], rows[index + step] = rows[index + step], rows[index]
        self.show(index + step)

    def action_remove(self) -> None:
        index = self.highlighted
        if index is not None:
            del self.rows[index]
            self.show(index)


class CourseDetails(ModalScreen[CourseChanges | None]):
    """Edit course.md's fields; dismissed with the changes, or None when cancelled."""

    DEFAULT_CSS = """
    CourseDetails { align: center middle; }
    #course-box {
        width: 100;
        max-width: 95%;
        height: auto;
        max-height: 95%;
        padding: 0 1;
        border: thick $primary;
        background: $surface;
        overflow-y: auto;
    }
    #course-box .dialog-title { text-style: bold; padding: 0 0 1 0; }
    #course-grid { grid-size: 2; grid-columns: 12 1fr; grid-rows: auto; height: auto; }
    #course-grid Label { padding: 1 1 0 0; }
    #part-list { height: auto; max-height: 10; border: round $panel; }
    #part-list:focus { border: round $primary; }
    #part-row { height: auto; }
    #part-title { width: 1fr; }
    #part-goal { width: 2fr; }
    #export-row { height: auto; }
    #course-format { width: 24; }
    #course-layout { width: 1fr; }
    #export-row Checkbox { width: auto; }
    #course-problem { color: $text-error; height: auto; }
    #course-buttons { height: auto; }
    #course-buttons Button { margin-right: 2; }
    .dialog-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="course_details.cancel"),
        Binding("ctrl+s", "save", "Save", id="course_details.save"),
    ]

    def __init__(self, course: Course) -> None:
        super().__init__()
        self.course = course
        self.rows = [PartRow(n, dict(p)) for n, p in enumerate(course.parts, start=1)]
        self.editing: int | None = None  # the part the two part boxes edit, None: a new one

    def compose(self) -> ComposeResult:
        course = self.course
        meta = course.meta
        export = course.export_settings
        date = meta.get("date")
        with Vertical(id="course-box"):
            yield Label(Content(f"Course details · {course.root}"), classes="dialog-title")
            with Grid(id="course-grid"):
                yield Label("Title")
                yield Input(course.title, id="course-title-input")
                yield Label("Source URL")
                yield Input(
                    str(meta.get("source") or ""),
                    placeholder="https://www.youtube.com/playlist?list=...",
                    id="course-source",
                )
                yield Label("Date")
                yield Input(str(date or ""), placeholder="YYYY-MM-DD", id="course-date")
            yield Label("Parts: a adds · e edits · alt+up/down moves · delete removes")
            yield PartList(self.rows, id="part-list")
            with Horizontal(id="part-row"):
                yield Input(placeholder="part title", id="part-title")
                yield Input(placeholder="its goal (enter adds or updates the part)", id="part-goal")
            yield Label("Export: format, Jekyll layout, what the page includes")
            with Horizontal(id="export-row"):
                yield Select(
                    [("Jekyll Markdown", "jekyll"), ("HTML page", "html")],
                    value=str(export.get("format") or "jekyll"),
                    allow_blank=False,
                    id="course-format",
                )
                yield Input(
                    str(export.get("layout") or ""), placeholder="layout (page)", id="course-layout"
                )
                yield Checkbox("Lesson notes", bool(export.get("notes")), id="course-notes")
                yield Checkbox(
                    "Unchecked items", bool(export.get("unchecked")), id="course-unchecked"
                )
            yield Label("", id="course-problem")
            with Horizontal(id="course-buttons"):
                yield Button("Save", variant="primary", id="course-save")
                yield Button("Cancel", id="course-cancel")
            yield Label(
                "ctrl+s: save · escape: cancel · the intro is the course note's text",
                classes="dialog-hint",
            )

    # -- parts ---------------------------------------------------------------------------

    def on_part_list_edit_requested(self, event: PartList.EditRequested) -> None:
        self.editing = event.index
        row = self.rows[event.index] if event.index is not None else PartRow(None, {})
        self.query_one("#part-title", Input).value = row.title
        self.query_one("#part-goal", Input).value = row.goal
        self.query_one("#part-title", Input).focus()

    @on(Input.Submitted, "#part-title, #part-goal")
    def _part_submitted(self) -> None:
        title_box = self.query_one("#part-title", Input)
        goal_box = self.query_one("#part-goal", Input)
        title = " ".join(title_box.value.split())
        goal = " ".join(goal_box.value.split())
        if not title:
            self._problem("a part needs a title")
            title_box.focus()
            return
        parts = self.query_one(PartList)
        if self.editing is None:
            self.rows.append(PartRow(None, {"title": title, **({"goal": goal} if goal else {})}))
            index = len(self.rows) - 1
        else:
            index = self.editing
            fields = self.rows[index].fields
            fields["title"] = title
            if goal:
                fields["goal"] = goal
            else:
                fields.pop("goal", None)
        self.editing = None
        title_box.value = goal_box.value = ""
        self._problem("")
        parts.show(index)
        parts.focus()

    # -- saving --------------------------------------------------------------------------

    def _problem(self, text: str) -> None:
        self.query_one("#course-problem", Label).update(Content(text))

    def changes(self) -> CourseChanges | str:
        """What the form asks to change, or why it cannot be saved."""
        meta = self.course.meta
        title = " ".join(self.query_one("#course-title-input", Input).value.split())
        if not title:
            return "the course needs a title"
        source = self.query_one("#course-source", Input).value.strip()
        problem = check_url(source)
        if problem:
            return problem.replace("the URL", "the source URL")
        date_text = self.query_one("#course-date", Input).value.strip()
        try:
            date = dt.date.fromisoformat(date_text) if date_text else None
        except ValueError:
            return f"date {date_text!r} is not YYYY-MM-DD"
        export = dict(self.course.export_settings)  # keys the form does not show are kept
        wanted_export = {
            "format": str(self.query_one("#course-format", Select).value),
            "layout": self.query_one("#course-layout", Input).value.strip() or None,
            "notes": self.query_one("#course-notes", Checkbox).value,
            "unchecked": self.query_one("#course-unchecked", Checkbox).value,
        }
        defaults = {"format": "jekyll", "notes": False, "unchecked": False}
        for key, value in wanted_export.items():
            if value is None or (value == defaults.get(key) and key not in export):
                export.pop(key, None)
            else:
                export[key] = value
        wanted: dict[str, Any] = {
            "title": title,
            "source": source or None,
            "date": date,
            "export": export or None,
        }
        fields = {k: v for k, v in wanted.items() if v != (meta.get(k) or None)}
        if "title" in fields and title == self.course.title and "title" not in meta:
            del fields["title"]
        old_parts = [dict(p) for p in self.course.parts]
        parts = [row.fields for row in self.rows]
        numbers = [row.number for row in self.rows]
        if parts == old_parts and numbers == list(range(1, len(parts) + 1)):
            return CourseChanges(fields)
        return CourseChanges(fields, parts, numbers)

    @on(Button.Pressed, "#course-save")
    def action_save(self) -> None:
        result = self.changes()
        if isinstance(result, str):
            self._problem(f"Not saved: {result}")
            return
        self.dismiss(result)

    @on(Button.Pressed, "#course-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
