"""Export and check dialogs: the check's findings and a preview of the page before writing.

Both screens only show things. The page and the findings are made by the
services in a thread worker, from the course as it is on disk; the screen
returns what the user chose (a file to write, or a finding to go to) and the
app's export actions do the writing through the exporter service.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from lessontui.course.course import Course, CourseError
from lessontui.course.export_options import SWITCHES
from lessontui.services import checks, exporter
from lessontui.services.checks import Finding
from lessontui.services.exporter import ExportError, ExportOptions
from lessontui.tui.screens.dialog import Dialog
from lessontui.tui.screens.form import FormInput
from lessontui.tui.widgets.marked_checkbox import MarkedCheckbox

PREVIEW_LANGUAGE = {"jekyll": "markdown", "html": "html"}

# The box, title and hint are every dialog's (the Dialog base).
DIALOG_CSS = """
.export-dialog { width: 90%; height: 90%; }
.export-dialog FindingList { height: auto; max-height: 10; border: round $panel; }
"""


@dataclass(frozen=True)
class ExportRequest:
    """What to write where; the app writes it."""

    path: Path
    text: str
    format: str
    options: ExportOptions  # to remember for the course, as chosen


@dataclass(frozen=True)
class AnkiRequest:
    """Write the course's Anki deck (of its learned items) here; the app writes it."""

    path: Path


@dataclass(frozen=True)
class ExportCancelled:
    """Closed without writing: nothing is remembered (a change was dropped only after
    the user said so)."""


@dataclass(frozen=True)
class ExportResult:
    findings: list[Finding]
    text: str | None  # None when the page could not be made
    error: str | None
    outline: list[str] = field(default_factory=list)


def make_export(root: Path, options: ExportOptions) -> ExportResult:
    """Check and export a course from disk (runs in a worker thread)."""
    try:
        course = Course.load(root)
    except CourseError as error:
        return ExportResult([], None, str(error))
    findings = checks.check_course(course, unchecked_ok=options.unchecked, notes=options.notes)
    try:
        text = exporter.export_text(course, options)
        return ExportResult(
            findings, text, None, exporter.outline(exporter.build_page(course, options))
        )
    except ExportError as error:
        return ExportResult(findings, None, str(error))


def outline_text(lines: list[str]) -> Content:
    """The page's outline, literal (titles come from the internet, never markup)."""
    return Content("\n".join(lines) if lines else "(nothing on the page yet)")


def finding_prompt(finding: Finding, root: Path) -> Content:
    style = "bold $error" if finding.severity == checks.ERROR else "$warning"
    return Content.assemble(
        (f"{finding.severity:<7}", style),
        " ",
        (finding.format(root).rsplit(f": {finding.severity}: ", 1)[0], "dim"),
        "  ",
        finding.message,  # literal text: a link in a note is not markup here
    )


class FindingList(OptionList):
    """The check's findings; choosing one goes to its line."""

    def show(self, findings: list[Finding], root: Path) -> None:
        self.findings = findings
        self.clear_options()
        self.add_options(
            Option(finding_prompt(f, root), id=str(index)) for index, f in enumerate(findings)
        )
        if findings:
            self.highlighted = 0


class CheckScreen(Dialog[Finding | None]):
    """The pre-publish check of a course; dismissed with the finding to go to."""

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    CheckScreen { align: center middle; }
    #check-findings { height: 1fr; max-height: 100%; }
    """
    )
    BINDINGS = [Binding("escape", "close", "Close", id="check.close")]

    def __init__(self, root: Path, export_defaults: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        self.root = root
        self.export_defaults = export_defaults  # the user's [export] settings

    def compose(self) -> ComposeResult:
        with Vertical(id="check-box", classes="dialog-box export-dialog"):
            yield Label("Checking…", id="check-summary", classes="dialog-title")
            yield FindingList(id="check-findings")
            yield Label("enter: go to the line · escape: close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.run_worker(self._check, thread=True, exclusive=True, group="check")

    def _check(self) -> list[Finding]:
        return checks.check_as_exported(Course.load(self.root), self.export_defaults)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        summary = self.query_one("#check-summary", Label)
        if event.state == WorkerState.ERROR:
            summary.update(Content(f"Check failed: {event.worker.error}"))
        elif event.state == WorkerState.SUCCESS:
            findings: list[Finding] = event.worker.result or []
            summary.update(Content(f"Check: {checks.summary(findings)}"))
            self.query_one(FindingList).show(findings, self.root)
            self.query_one(FindingList).focus()

    @on(OptionList.OptionSelected, "#check-findings")
    def _go_to(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.query_one(FindingList).findings[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)


class ExportScreen(Dialog[ExportRequest | AnkiRequest | ExportCancelled | Finding]):
    """Choose format, options and file; see the findings and the page; write or cancel."""

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    ExportScreen { align: center middle; }
    #export-options, #export-buttons { height: auto; }
    #export-format { width: 24; }
    #export-switches { grid-size: 3; grid-gutter: 0 1; height: auto; margin: 1 0; }
    ExportScreen.-narrow #export-switches { grid-size: 2; }
    /* One line each: the state is the `[x]`/`[ ]` text, the focus the label's highlight. */
    #export-switches MarkedCheckbox { width: 1fr; height: 1; border: none; padding: 0 1; }
    #export-format { margin-right: 1; }
    #export-pages { height: 1fr; min-height: 5; }
    #export-outline { width: 1fr; max-width: 60; height: 100%; border: round $panel; }
    #export-path-label { padding: 1 1 0 0; }
    #export-path { width: 1fr; }
    #export-preview { width: 2fr; height: 100%; }
    #export-buttons Button { margin-right: 2; }
    """
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("ctrl+s", "write", "Write file", id="export.write"),
    ]

    def __init__(self, root: Path, options: ExportOptions, output: Path) -> None:
        super().__init__()
        self.root = root
        self.options = options
        self.output = output
        self.result: ExportResult | None = None
        self._confirmed: Path | None = None  # a file the user agreed to replace
        self._opened = options  # to tell what the user changed before leaving

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog-box export-dialog"):
            yield Label("Export the finished page", classes="dialog-title")
            with Horizontal(id="export-options"):
                yield Select(
                    [("Jekyll Markdown", "jekyll"), ("HTML page", "html")],
                    value=self.options.format,
                    allow_blank=False,
                    id="export-format",
                )
                yield Label("Write to", id="export-path-label")
                # Adds to the path, never replaces it unseen (`f9 tab name` in a burst).
                yield FormInput(str(self.output), id="export-path")
            with Grid(id="export-switches"):
                for name, _, label in SWITCHES:
                    value = bool(getattr(self.options, name))
                    yield MarkedCheckbox(label, value, id=f"export-{name.replace('_', '-')}")
            yield Label("Checking…", id="export-summary")
            yield FindingList(id="export-findings")
            with Horizontal(id="export-pages"):
                yield Static("", id="export-outline")
                yield TextArea(
                    "",
                    read_only=True,
                    soft_wrap=True,
                    show_line_numbers=False,
                    language=PREVIEW_LANGUAGE.get(self.options.format),
                    id="export-preview",
                )
            with Horizontal(id="export-buttons"):
                yield Button("Write", variant="primary", id="export-write")
                yield Button("Anki deck", id="export-anki")
                yield Button("Cancel", id="export-cancel")
            yield Label(
                "ctrl+s: write · enter on a finding: go to its line · escape: cancel",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#export-preview", TextArea).border_title = "Preview"
        self.query_one("#export-outline", Static).border_title = "Outline"
        self._refresh()

    # -- making the page -----------------------------------------------------------------

    def _refresh(self) -> None:
        self.result = None
        self.query_one("#export-write", Button).disabled = True
        self.query_one("#export-summary", Label).update("Checking and exporting…")
        options = self.options
        self.run_worker(
            lambda: make_export(self.root, options), thread=True, exclusive=True, group="export"
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "export":
            return
        if event.state == WorkerState.ERROR:
            self._show(ExportResult([], None, str(event.worker.error)))
        elif event.state == WorkerState.SUCCESS and isinstance(event.worker.result, ExportResult):
            self._show(event.worker.result)

    def _show(self, result: ExportResult) -> None:
        self.result = result
        summary = f"Check: {checks.summary(result.findings)}"
        if result.error:
            summary += f" · cannot export: {result.error}"
        self.query_one("#export-summary", Label).update(Content(summary))
        self.query_one(FindingList).show(result.findings, self.root)
        self.query_one(FindingList).display = bool(result.findings)
        self.query_one("#export-outline", Static).update(outline_text(result.outline))
        preview = self.query_one("#export-preview", TextArea)
        preview.language = PREVIEW_LANGUAGE.get(self.options.format)
        preview.load_text(result.text or "")
        self.query_one("#export-write", Button).disabled = result.text is None

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        fmt = str(event.value)
        if fmt == self.options.format:
            return
        self.options = replace(self.options, format=fmt)  # keeps the config's defaults
        path_input = self.query_one("#export-path", Input)
        path = Path(path_input.value)
        suffix = ".html" if fmt == "html" else ".md"
        if path.suffix in (".md", ".html"):
            path_input.value = str(path.with_suffix(suffix))
        self._refresh()

    @on(Checkbox.Changed)
    def _option_changed(self, event: Checkbox.Changed) -> None:
        values: dict[str, Any] = {
            name: self.query_one(f"#export-{name.replace('_', '-')}", Checkbox).value
            for name, _, _ in SWITCHES
        }
        self.options = replace(self.options, **values)
        self._refresh()

    # -- leaving -----------------------------------------------------------------------------

    def edited(self) -> list[str]:
        """What the user changed in the dialog: the options and the file to write."""
        changed = ["format"] if self.options.format != self._opened.format else []
        changed += [
            label
            for name, _, label in SWITCHES
            if getattr(self.options, name) != getattr(self._opened, name)
        ]
        if self.query_one("#export-path", Input).value != str(self.output):
            changed.append("Write to")
        return changed

    def _leave(self, result: ExportCancelled | Finding) -> None:
        """Close without writing; changed options or a typed path only once the user
        says to drop them (they are remembered when the page is written)."""
        self.dismiss_or_ask(
            result,
            self.edited(),
            "the export (ctrl+s writes the page and remembers the options)",
        )

    @on(OptionList.OptionSelected, "#export-findings")
    def _go_to(self, event: OptionList.OptionSelected) -> None:
        self._leave(self.query_one(FindingList).findings[event.option_index])

    @on(Button.Pressed, "#export-write")
    @on(Input.Submitted, "#export-path")
    def action_write(self) -> None:
        result = self.result
        if result is None or result.text is None:
            self.notify("The page is not ready yet.", severity="warning")
            return
        suffix = ".html" if self.options.format == "html" else ".md"
        path = self._writable_path(suffix, "press ctrl+s again")
        if path is not None:
            self.dismiss(ExportRequest(path, result.text, self.options.format, self.options))

    @on(Button.Pressed, "#export-anki")
    def _write_anki(self) -> None:
        path = self._writable_path(".apkg", "press Anki deck again", anki=True)
        if path is not None:
            self.dismiss(AnkiRequest(path))

    def _writable_path(self, suffix: str, again: str, anki: bool = False) -> Path | None:
        """The typed file (an Anki deck's with `.apkg`), or None and why not."""
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self.notify("Type the file to write.", severity="warning")
            return None
        path = Path(raw).expanduser()
        if not path.is_absolute():
            path = self.root / path  # a typed name lands in the course folder
        if path.is_dir():
            path = path / self.output.with_suffix(suffix).name
        elif anki:
            path = path.with_suffix(suffix)
        if not path.parent.is_dir():
            self.notify(f"No such folder: {path.parent}", severity="error")
            return None
        # Never over the course's own files; a file an export did not write is
        # replaced only when asked twice (the default place is inside the course).
        problem = exporter.output_problem(path, self.root, force=True)
        if problem:
            self.notify(f"Not written: {problem}", severity="error", markup=False)
            return None
        if path.exists() and path != self._confirmed and not exporter.is_own_export(path):
            self._confirmed = path
            self.notify(
                f"{path.name} exists and was not written by an export: {again} to replace it.",
                title="Replace it?",
                severity="warning",
                markup=False,
            )
            return None
        return path

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self._leave(ExportCancelled())
