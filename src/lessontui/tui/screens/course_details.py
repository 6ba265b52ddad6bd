"""The course details form: title, source URL, date, the parts with their goals, export layout.

Like the lesson form it only says what to change (a `CourseChanges`), only for
what the user changed since it opened; its save callback (features/details.py)
writes course.md through the model, and renumbers lessons when parts move. A
part typed in the part boxes but not confirmed with enter is saved with the form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from lessontui.course.course import Course
from lessontui.tui.screens.form import FormInput, FormScreen, SaveChanges
from lessontui.tui.screens.lesson_details import check_url
from lessontui.tui.textual_compat.bindings_in_order import forward
from lessontui.tui.type_ahead import TypeAhead, keys_queued


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
    """The parts in order; keys to add, edit, move and remove them.

    None of its keys is a letter: a letter typed here was meant for a part's
    title, so it starts (or goes on with) the part in the boxes below.
    """

    BINDINGS = [
        Binding("insert", "add", "Add part", id="parts.add"),
        Binding("enter", "edit", "Edit part", id="parts.edit"),
        Binding("alt+up", "move(-1)", "Move up", id="parts.move_up"),
        Binding("alt+down", "move(1)", "Move down", id="parts.move_down"),
        Binding("delete", "remove", "Remove part", id="parts.remove"),
    ]

    def __init__(self, rows: list[PartRow], typing_goes_to: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows = rows
        self.typing_goes_to = typing_goes_to  # the selector of the part's title box

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

    def _forward_event(self, event: events.Event) -> None:
        # The App calls this as it reads a key, before it reads the next one: a
        # letter (or a paste) moves the focus to the title box at once, so the
        # keys typed behind it follow it there in order (in on_key, the App would
        # already have sent them to this list).
        typed = isinstance(event, events.Paste) or (
            isinstance(event, events.Key) and event.is_printable
        )
        if typed and not event.is_forwarded:
            assert isinstance(event, events.Key | events.Paste)
            type_ahead = getattr(self.app, "type_ahead", None)
            if isinstance(type_ahead, TypeAhead) and keys_queued(self):
                # An enter typed before it (edit this part) has not run yet: it and
                # the keys behind it wait, then go where that enter put the focus.
                type_ahead.wait_for(self, event)
                return
            box = self.screen.query_one(self.typing_goes_to)
            self.screen.set_focus(box)
            forward(box, event)
            return
        super()._forward_event(event)

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


class CourseDetails(FormScreen[CourseChanges]):
    """Edit course.md's fields; `save` writes them (dismissed with True once it did)."""

    DEFAULT_CSS = """
    CourseDetails { align: center middle; }
    #course-box { width: 100; max-width: 95%; height: auto; max-height: 95%; overflow-y: auto; }
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
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="course_details.cancel"),
        Binding("ctrl+s", "save", "Save", id="course_details.save"),
    ]

    PROBLEM_ID = "course-problem"

    def __init__(self, course: Course, save: SaveChanges[CourseChanges]) -> None:
        super().__init__(save)
        self.course = course
        self.rows = [PartRow(n, dict(p)) for n, p in enumerate(course.parts, start=1)]
        self.opened_parts = [dict(p) for p in course.parts]  # as in the list when it opened
        # The part the two part boxes edit (the row itself: the list may be reordered
        # or shortened meanwhile), None: a new one.
        self.editing: PartRow | None = None
        # What the boxes were filled with: saving writes only what differs from it.
        meta, export = course.meta, course.export_settings
        self.opened: dict[str, Any] = {
            "title": course.title,
            "source": str(meta.get("source") or ""),
            "date": str(meta.get("date") or ""),
            "format": str(export.get("format") or "jekyll"),
            "layout": str(export.get("layout") or ""),
            "notes": bool(export.get("notes")),
            "unchecked": bool(export.get("unchecked")),
        }

    def compose(self) -> ComposeResult:
        opened = self.opened
        # Every box gets its value here, before the screen can take a key.
        with Vertical(id="course-box", classes="dialog-box"):
            yield Label(Content(f"Course details · {self.course.root}"), classes="dialog-title")
            with Grid(id="course-grid"):
                yield Label("Title")
                yield FormInput(opened["title"], id="course-title-input")
                yield Label("Source URL")
                yield FormInput(
                    opened["source"],
                    placeholder="https://www.youtube.com/playlist?list=...",
                    id="course-source",
                )
                yield Label("Date")
                yield FormInput(
                    opened["date"],
                    placeholder="YYYY-MM-DD",
                    id="course-date",
                )
            yield Label(
                "Parts: type a part below (enter adds it) · enter on a part edits it · "
                "alt+up/down moves · delete removes"
            )
            yield PartList(self.rows, "#part-title", id="part-list")
            with Horizontal(id="part-row"):
                yield FormInput(placeholder="part title", id="part-title")
                yield FormInput(
                    placeholder="its goal (enter adds or updates the part)",
                    id="part-goal",
                )
            yield Label("Export: format, Jekyll layout, what the page includes")
            with Horizontal(id="export-row"):
                yield Select(
                    [("Jekyll Markdown", "jekyll"), ("HTML page", "html")],
                    value=opened["format"],
                    allow_blank=False,
                    id="course-format",
                )
                yield FormInput(
                    opened["layout"],
                    placeholder="layout (page)",
                    id="course-layout",
                )
                yield Checkbox("Lesson notes", opened["notes"], id="course-notes")
                yield Checkbox("Unchecked items", opened["unchecked"], id="course-unchecked")
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
        title_box = self.query_one("#part-title", Input)
        if self._part_typed():
            # The boxes hold a part not added yet: never overwrite it.
            self.show_problem("Add the part in the boxes first (enter), or clear them")
            title_box.focus()
            return
        row = self.rows[event.index] if event.index is not None else None
        self.editing = row
        title_box.value = row.title if row is not None else ""
        self.query_one("#part-goal", Input).value = row.goal if row is not None else ""
        title_box.focus()

    def _part_typed(self) -> bool:
        """True when the part boxes hold text that is not in the list yet."""
        title = " ".join(self.query_one("#part-title", Input).value.split())
        goal = " ".join(self.query_one("#part-goal", Input).value.split())
        if not title and not goal:
            return False
        row = self._edited_row()
        return row is None or (title, goal) != (row.title, row.goal)

    def _edited_row(self) -> PartRow | None:
        """The row the boxes edit, if it is still in the list (removed: the text is new)."""
        return next((row for row in self.rows if row is self.editing), None)

    @on(Input.Submitted, "#part-title, #part-goal")
    def _part_submitted(self) -> None:
        if self._take_part():
            self.query_one("#part-title", Input).focus()  # the next part is typed there

    def _take_part(self) -> bool:
        """Put the part in the boxes into the list; False (and says why) if it cannot."""
        title_box = self.query_one("#part-title", Input)
        goal_box = self.query_one("#part-goal", Input)
        title = " ".join(title_box.value.split())
        goal = " ".join(goal_box.value.split())
        if not title:
            self.show_problem("a part needs a title")
            title_box.focus()
            return False
        parts = self.query_one(PartList)
        row = self._edited_row()
        if row is None:
            self.rows.append(PartRow(None, {"title": title, **({"goal": goal} if goal else {})}))
            index = len(self.rows) - 1
        else:
            index = next(i for i, x in enumerate(self.rows) if x is row)
            fields = row.fields
            fields["title"] = title
            if goal:
                fields["goal"] = goal
            else:
                fields.pop("goal", None)
        self.editing = None
        title_box.value = goal_box.value = ""
        self.show_problem("")
        parts.show(index)
        return True

    # -- saving --------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """What the boxes hold now, keyed as `opened`."""
        return {
            "title": self.query_one("#course-title-input", Input).value,
            "source": self.query_one("#course-source", Input).value,
            "date": self.query_one("#course-date", Input).value,
            "format": str(self.query_one("#course-format", Select).value),
            "layout": self.query_one("#course-layout", Input).value,
            "notes": self.query_one("#course-notes", Checkbox).value,
            "unchecked": self.query_one("#course-unchecked", Checkbox).value,
        }

    def rescue_fields(self) -> list[tuple[str, str]]:
        fields = super().rescue_fields()
        part_list = self.query_one(PartList)
        for number, row in enumerate(part_list.rows, start=1):
            fields.append((f"part {number}", f"{row.title} (goal: {row.goal})"))
        return fields

    def edited(self) -> list[str]:
        """What the user changed, in words (for the question before dropping it)."""
        now, opened = self.values(), self.opened
        names = [
            key
            for key in opened
            if (" ".join(now[key].split()) if isinstance(now[key], str) else now[key])
            != (" ".join(opened[key].split()) if isinstance(opened[key], str) else opened[key])
        ]
        if self._parts_changed():
            names.append("parts")
        if self._part_typed():
            names.append("the part typed below the list")
        return names

    def _parts_changed(self) -> bool:
        """True when the user changed the list (not when course.md did meanwhile)."""
        parts = [row.fields for row in self.rows]
        numbers = [row.number for row in self.rows]
        return parts != self.opened_parts or numbers != list(range(1, len(parts) + 1))

    def changes(self) -> CourseChanges | str:
        """What the form asks to change, or why it cannot be saved.

        Only boxes that differ from what the form was opened on are written; keys
        of course.md the form does not show are kept.
        """
        now, opened = self.values(), self.opened
        fields: dict[str, Any] = {}
        title = " ".join(now["title"].split())
        if not title:
            return "the course needs a title"
        if title != " ".join(opened["title"].split()):
            fields["title"] = title
        source = now["source"].strip()
        problem = check_url(source)
        if problem:
            return problem.replace("the URL", "the source URL")
        if source != opened["source"].strip():
            fields["source"] = source or None  # None: the user cleared the box
        date_text = now["date"].strip()
        try:
            date = dt.date.fromisoformat(date_text) if date_text else None
        except ValueError:
            return f"date {date_text!r} is not YYYY-MM-DD"
        if date_text != opened["date"].strip():
            fields["date"] = date
        export = dict(self.course.export_settings)  # keys the form does not show are kept
        defaults = {"format": "jekyll", "notes": False, "unchecked": False}
        for key in ("format", "layout", "notes", "unchecked"):
            value = now[key].strip() if key == "layout" else now[key]
            if value == (opened[key].strip() if key == "layout" else opened[key]):
                continue
            if value in ("", None) or (value == defaults.get(key) and key not in export):
                export.pop(key, None)
            else:
                export[key] = value
        if export != self.course.export_settings:
            fields["export"] = export or None
        if not self._parts_changed():
            return CourseChanges(fields)
        return CourseChanges(
            fields, [row.fields for row in self.rows], [row.number for row in self.rows]
        )

    @on(Button.Pressed, "#course-save")
    def action_save(self) -> None:
        # A part typed but not confirmed with enter is saved too: it is what the
        # user sees in the form, and dropping it while saying "Saved" loses it.
        if self._part_typed() and not self._take_part():
            self.show_problem("Not saved: the part typed below the list needs a title")
            return
        result = self.changes()
        if isinstance(result, str):
            self.show_problem(f"Not saved: {result}")
            return
        self.submit(result, nothing=not result.fields and result.parts is None)

    @on(Button.Pressed, "#course-cancel")
    def action_cancel(self) -> None:
        self.cancel_or_ask(self.edited())
