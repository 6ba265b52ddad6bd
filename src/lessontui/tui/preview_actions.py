"""Preview wiring: timestamps seek, lesson links open, the preview follows the editor's cursor."""

from __future__ import annotations

from typing import Any


class PreviewActions:
    """Mixin for LessonApp: routes NotePreview's messages to the app's actions."""

    def on_note_preview_timestamp_clicked(self, event: Any) -> None:
        app: Any = self
        seek = getattr(app, "action_seek_to", None)
        if seek is None:
            app.notify("No player to seek with.", severity="warning")
        else:
            seek(event.seconds)

    def on_note_preview_lesson_link_clicked(self, event: Any) -> None:
        app: Any = self
        course = app.course
        if course is None:
            return
        # Only lessons of this course open: a link cannot reach other files.
        target = event.path.resolve()
        for lesson in course.lessons:
            if lesson.path.resolve() == target:
                app.open_lesson(lesson)
                app.lesson_list.highlighted = course.lessons.index(lesson)
                app.editor.focus()
                return
        app.notify(f"No lesson {event.path.name} in this course.", severity="warning")

    def on_lesson_app_lesson_opened(self, event: Any) -> None:
        app: Any = self
        app.preview.base_path = event.lesson.path.parent

    def on_text_area_selection_changed(self, event: Any) -> None:
        app: Any = self
        if event.text_area.id == "editor" and app.preview.display:
            app.preview.scroll_to_source_line(event.selection.end[0])
