"""Check a course and export its finished page: the main screen's export feature."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from textual.binding import Binding

from lessontui.course.atomic import SaveError
from lessontui.tui.features.host import Feature, FeatureHost, feature_bindings

if TYPE_CHECKING:
    from pathlib import Path

    from lessontui.services.checks import Finding
    from lessontui.services.exporter import ExportOptions
    from lessontui.tui.screens.export_screen import AnkiRequest, ExportCancelled, ExportRequest
    from lessontui.tui.session import NoteSession

# The exporter, the checks and their screens are imported on first use: start-up
# of the app does not pay for them.

# f-keys: the note editor (a TextArea) takes ctrl+e, f6 and f7 for itself. Kept
# out of the crowded footer: both are in the command palette and the help screen.


class Export(Feature):
    """Export (f9) and check (f8). The dialogs only show and choose; the file is
    written here, through the exporter service."""

    NAME = "export"
    BINDINGS = feature_bindings(
        NAME,
        [
            Binding("f9", "export_page", "Export page", id="export.page", show=False),
            Binding("f8", "check_course", "Check course", id="export.check", show=False),
        ],
    )

    def __init__(self, host: FeatureHost, session: NoteSession) -> None:
        self.host = host
        self.session = session
        self._shown_options: ExportOptions | None = None  # as the dialog opened with them

    def action_export_page(self) -> None:
        course = self.host.course
        if course is None:
            self.host.notify("Open a course first.", severity="warning")
            return
        from lessontui.services import exporter
        from lessontui.services.exporter import ExportOptions
        from lessontui.tui.screens.export_screen import ExportScreen

        self.session.save()  # the page is made from the files on disk
        # course.md's `export:` block over the user's `[export]` config table.
        options = ExportOptions.for_course(course, defaults=self.host.settings.export)
        # Absolute, so the path shown is the one written whatever the working folder.
        root = course.root.resolve()
        output, warning = exporter.course_output(course, options.format)
        output = output.resolve()
        if warning:
            self.host.notify(warning, title="Export", severity="warning", markup=False)
        self._shown_options = options
        self.host.open_dialog(ExportScreen(root, options, output), self._export_closed)

    def action_check_course(self) -> None:
        if self.host.course is None:
            self.host.notify("Open a course first.", severity="warning")
            return
        from lessontui.tui.screens.export_screen import CheckScreen

        self.session.save()
        self.host.open_dialog(
            CheckScreen(self.host.course.root.resolve(), self.host.settings.export),
            self._check_closed,
        )

    def _export_closed(
        self, result: ExportRequest | AnkiRequest | ExportCancelled | Finding | None
    ) -> None:
        from lessontui.services import exporter
        from lessontui.services.checks import Finding
        from lessontui.tui.screens.export_screen import AnkiRequest, ExportCancelled, ExportRequest

        if isinstance(result, ExportCancelled):
            return  # nothing written, nothing remembered
        if isinstance(result, AnkiRequest):
            self._write_anki(result.path)
            return
        if isinstance(result, Finding):
            self.go_to_finding(result)
        elif isinstance(result, ExportRequest):
            try:
                exporter.write_export(result.path, result.text)
            except SaveError as error:
                self.host.notify(
                    str(error), title="Export not written", severity="error", timeout=10
                )
                return
            self._copy_images(result.path, result.options)
            self.host.notify(f"Wrote {result.path}", title="Exported", timeout=6)
            self._remember(result.options)  # the choices of a page written, for next time

    def _copy_images(self, page: Path, options: ExportOptions) -> None:
        """The frames the page shows, copied into its assets folder beside it."""
        from lessontui.services import exporter
        from lessontui.services.export_images import copy_images

        course = self.host.course
        if course is None:
            return
        images, assets = exporter.page_images(course, options)
        problems = copy_images(images, page, assets)
        if problems:
            self.host.notify("\n".join(problems[:5]), title="Images not copied",
                             severity="warning", timeout=10, markup=False)  # fmt: skip

    def _write_anki(self, path: Path) -> None:
        """The course's learned items as an Anki deck, from the notes on disk."""
        from lessontui.course.course import Course, CourseError
        from lessontui.services import anki_export

        course = self.host.course
        if course is None:
            return
        root, app = course.root, self.host.app

        def write() -> None:
            # In a thread, from a copy of the course: 5,000 items take about 0.8 s.
            try:
                count = anki_export.write_apkg(path, Course.load(root))
            except (SaveError, CourseError, OSError) as error:
                said, title, severity = str(error), "Deck not written", "error"
            else:
                said, title, severity = f"Wrote {path} ({count} notes)", "Anki deck", "information"
            with contextlib.suppress(RuntimeError):  # the app has gone
                app.call_from_thread(
                    self.host.notify, said, title=title, severity=severity, timeout=8
                )

        self.host.run_worker(write, thread=True, group="anki-export", exit_on_error=False)

    def _remember(self, options: ExportOptions) -> None:
        """The choices of a page written from f9, kept in course.md's `export:` block:
        only those changed in the dialog, so defaults from the config stay defaults."""
        from lessontui.course.course import CourseError
        from lessontui.course.document import DocumentError
        from lessontui.course.export_options import SWITCHES

        course, shown = self.host.course, self._shown_options
        if course is None or shown is None:
            return
        names = ["format", *(name for name, _, _ in SWITCHES)]
        changed = {
            n: getattr(options, n) for n in names if getattr(options, n) != getattr(shown, n)
        }
        if not changed:
            return
        try:
            course.set_export_settings(changed)
        except (OSError, CourseError, DocumentError) as error:
            self.host.notify(
                f"The export options were not saved in course.md: {error}",
                severity="warning",
                markup=False,
            )

    def _check_closed(self, finding: Finding | None) -> None:
        if finding is not None:
            self.go_to_finding(finding)

    def go_to_finding(self, finding: Finding) -> None:
        """Open the lesson a finding is in, with the cursor on its line."""
        course = self.host.course
        lessons = [course.note, *course.lessons] if course else []
        lesson = next((x for x in lessons if x.path.resolve() == finding.file), None)
        if lesson is None:
            self.host.notify(finding.format(), title="Not a lesson: edit it outside", timeout=8)
            return
        if lesson.read_only:
            self.host.open_lesson(lesson)  # shown whole, with a notice of what is wrong
            return
        body_line = finding.line - 1 - lesson.document().header_line_count
        self.host.open_lesson_at(lesson, body_line)
