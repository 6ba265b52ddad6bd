"""App commands to check a course and export its finished page (mixed into LessonApp)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding

from lessontui.course.document import SaveError

if TYPE_CHECKING:
    from lessontui.config import Settings
    from lessontui.course.course import Course
    from lessontui.services.checks import Finding
    from lessontui.tui.screens.export_screen import ExportRequest

# The exporter, the checks and their screens are imported on first use: start-up
# of the app does not pay for them.

# f-keys: the note editor (a TextArea) takes ctrl+e, f6 and f7 for itself. Kept
# out of the crowded footer: both are in the command palette and the help screen.
EXPORT_BINDINGS = [
    Binding("f9", "export_page", "Export page", id="export.page", show=False),
    Binding("f8", "check_course", "Check course", id="export.check", show=False),
]


def default_output(course: Course, fmt: str) -> Path:
    """`export: output:` from course.md (inside the course only), else in the course folder."""
    from lessontui.services import exporter

    return exporter.course_output(course, fmt)[0]


class ExportActions:
    """Export and check for `LessonApp` (expects `course`, `current_lesson`, `editor`,
    `lesson_list`, `save_current` and `open_lesson` from the app). The screens only
    show and choose; the file is written here, through the exporter service."""

    course: Course | None
    settings: Settings

    def action_export_page(self) -> None:
        course = self.course
        if course is None:
            self.notify("Open a course first.", severity="warning")
            return
        from lessontui.services import exporter
        from lessontui.services.exporter import ExportOptions
        from lessontui.tui.screens.export_screen import ExportScreen

        self.save_current()  # the page is made from the files on disk
        # course.md's `export:` block over the user's `[export]` config table.
        options = ExportOptions.for_course(course, defaults=self.settings.export)
        # Absolute, so the path shown is the one written whatever the working folder.
        root = course.root.resolve()
        output, warning = exporter.course_output(course, options.format)
        output = output.resolve()
        if warning:
            self.notify(warning, title="Export", severity="warning", markup=False)
        self.push_screen(ExportScreen(root, options, output), self._export_closed)

    def action_check_course(self) -> None:
        if self.course is None:
            self.notify("Open a course first.", severity="warning")
            return
        from lessontui.tui.screens.export_screen import CheckScreen

        self.save_current()
        self.push_screen(
            CheckScreen(self.course.root.resolve(), self.settings.export), self._check_closed
        )

    def _export_closed(self, result: ExportRequest | Finding | None) -> None:
        from lessontui.services import exporter
        from lessontui.services.checks import Finding
        from lessontui.tui.screens.export_screen import ExportRequest

        if isinstance(result, Finding):
            self.go_to_finding(result)
        elif isinstance(result, ExportRequest):
            try:
                exporter.write_export(result.path, result.text)
            except SaveError as error:
                self.notify(str(error), title="Export not written", severity="error", timeout=10)
                return
            self.notify(f"Wrote {result.path}", title="Exported", timeout=6)

    def _check_closed(self, finding: Finding | None) -> None:
        if finding is not None:
            self.go_to_finding(finding)

    def go_to_finding(self, finding: Finding) -> None:
        """Open the lesson a finding is in, with the cursor on its line."""
        course = self.course
        lessons = course.lessons if course else []
        lesson = next((x for x in lessons if x.path.resolve() == finding.file), None)
        if lesson is None:
            self.notify(finding.format(), title="Not a lesson: edit it outside", timeout=8)
            return
        self.open_lesson(lesson)
        if self.current_lesson is not lesson or lesson.read_only:
            return
        if course is not None and lesson in course.lessons:
            self.lesson_list.highlighted = course.lessons.index(lesson)
        body_line = finding.line - 1 - lesson.document().header_line_count
        self.editor.move_cursor((max(0, body_line), 0), center=True)
        self.editor.focus()
