"""The lesson details form: title, URL, video file, part, duration and status of one lesson.

The form only says what to change (a `LessonChanges`); its save callback
(features/details.py) writes it through the course model while the form is
still open, so front matter stays byte-faithful and no widget writes a file.
It asks only for what the user changed, compared with what it was opened on:
a field the file gained or lost meanwhile (a download recording its video,
another program) is left as the file has it, and a field is removed only when
the user cleared its box.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Select

from lessontui.course.course import STATUSES, Course, Lesson
from lessontui.course.timestamps import format_time, parse
from lessontui.services.media_import import VIDEO
from lessontui.services.media_probe import ProbeError, media_files, probe
from lessontui.tui.screens.file_picker import FilePicker, PickedFile, video_options
from lessontui.tui.screens.form import FormInput, FormScreen, SaveChanges

NO_VIDEO = ""  # the video picker's "none" choice


@dataclass(frozen=True)
class LessonChanges:
    """Fields to write (None removes one) and the new status, if it changed."""

    fields: dict[str, Any] = field(default_factory=dict)
    status: str | None = None


def parse_duration(text: str) -> int | None:
    """`1:02:03`, `62:03` or `3723` (seconds) -> seconds; None if it is none of those."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    return parse(text)


def check_url(text: str) -> str | None:
    """Why `text` is not a lesson URL, or None (empty is fine: no URL)."""
    text = text.strip()
    if not text:
        return None
    if not text.startswith(("https://", "http://")) or " " in text or len(text) < 12:
        return "the URL must start with https:// (or http://) and have no spaces"
    return None


class LessonDetails(FormScreen[LessonChanges]):
    """Edit a lesson's fields; `save` writes them (dismissed with True once it did)."""

    DEFAULT_CSS = """
    LessonDetails { align: center middle; }
    #details-box { width: 90; max-width: 95%; height: auto; max-height: 95%; }
    #details-grid { grid-size: 2; grid-columns: 12 1fr; grid-rows: auto; height: auto; }
    #details-grid Label { padding: 1 1 0 0; }
    #details-video-row { height: auto; }
    #details-video { width: 1fr; }
    #details-problem { color: $text-error; height: auto; }
    #details-media-info { color: $text-muted; height: auto; }
    #details-buttons { height: auto; }
    #details-buttons Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="details.cancel"),
        Binding("ctrl+s", "save", "Save", id="details.save"),
    ]

    PROBLEM_ID = "details-problem"

    def __init__(self, course: Course, lesson: Lesson, save: SaveChanges[LessonChanges]) -> None:
        super().__init__(save)
        self.course = course
        self.lesson = lesson
        self.media = [p.resolve() for p in media_files(course.media_dir)]
        self.filled_duration = ""  # the length the video check put in the empty box
        # What the boxes were filled with, taken once: saving compares with this,
        # never with the lesson as it is by then.
        current = lesson.video_path
        self.opened = FormValues(
            title=lesson.title,
            url=lesson.url or "",
            video=str(current) if current is not None and current in self.media else NO_VIDEO,
            part=lesson.part,
            duration=format_time(lesson.duration) if lesson.duration else "",
            status=lesson.status,
        )

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        lesson, opened = self.lesson, self.opened
        parts = [
            (f"{n}. {p.get('title') or f'Part {n}'}", n)
            for n, p in enumerate(self.course.parts, start=1)
        ]
        if opened.part not in {n for _, n in parts}:
            parts.append((f"{opened.part}. Part {opened.part}", opened.part))
        videos: list[tuple[str, str]] = [("(no video file)", NO_VIDEO)]
        videos += [(f"media/{p.name}", str(p)) for p in self.media]
        # Every box gets its value here, before the screen can take a key.
        with Vertical(id="details-box", classes="dialog-box"):
            yield Label(Content(f"Lesson details · {lesson.path.name}"), classes="dialog-title")
            with Grid(id="details-grid"):
                yield Label("Title")
                yield FormInput(opened.title, id="details-title")
                yield Label("URL")
                yield FormInput(
                    opened.url,
                    placeholder="https://youtu.be/...",
                    id="details-url",
                )
                yield Label("Video file")
                with Horizontal(id="details-video-row"):
                    yield Select(videos, value=opened.video, allow_blank=False, id="details-video")
                    yield Button("Check", id="details-check")
                    yield Button("File…", id="details-browse")
                yield Label("Part")
                yield Select(parts, value=opened.part, allow_blank=False, id="details-part")
                yield Label("Duration")
                yield FormInput(
                    opened.duration,
                    placeholder="h:mm:ss (read from the video file when empty)",
                    id="details-duration",
                )
                yield Label("Status")
                yield Select(
                    [(s, s) for s in STATUSES],
                    value=opened.status,
                    allow_blank=False,
                    id="details-status",
                )
            yield Label(self._media_hint(), id="details-media-info")
            yield Label("", id="details-problem")
            with Horizontal(id="details-buttons"):
                yield Button("Save", variant="primary", id="details-save")
                yield Button("Cancel", id="details-cancel")
            yield Label("ctrl+s: save · escape: cancel", classes="dialog-hint")

    def _media_hint(self) -> Content:
        if self.media:
            return Content(f"Video files are picked from {self.course.media_dir}")
        return Content(f"No video files in {self.course.media_dir} yet (import can download)")

    # -- the video check -----------------------------------------------------------------

    @on(Button.Pressed, "#details-check")
    def _check_pressed(self) -> None:
        self._probe_chosen()

    @on(Button.Pressed, "#details-browse")
    def _browse(self) -> None:
        def picked(file: PickedFile | None) -> None:
            if file is not None and file.kind == VIDEO:
                self.media.append(file.path)
                select = self.query_one("#details-video", Select)
                select.set_options(video_options(self.media, self.course.media_dir))
                select.value = str(file.path)

        self.app.push_screen(FilePicker(self.course.media_dir, self.lesson.path.stem), picked)

    @on(Select.Changed, "#details-video")
    def _video_changed(self) -> None:
        self._probe_chosen()

    def _probe_chosen(self) -> None:
        value = self.query_one("#details-video", Select).value
        info = self.query_one("#details-media-info", Label)
        if not isinstance(value, str) or value == NO_VIDEO:
            info.update(self._media_hint())
            return
        info.update(Content(f"Checking {Path(value).name}…"))
        self._probe(Path(value))

    @work(thread=True, exclusive=True, group="probe")
    def _probe(self, path: Path) -> None:
        """ffprobe may take a moment on a big file: off the UI thread."""
        try:
            media = probe(path)
        except ProbeError as error:
            self.app.call_from_thread(self._probed, path, None, str(error))
            return
        self.app.call_from_thread(self._probed, path, media.duration, None)

    def _probed(self, path: Path, duration: int | None, problem: str | None) -> None:
        info = self.query_one("#details-media-info", Label)
        if problem is not None:
            info.update(Content(f"✗ {problem}"))
            return
        length = format_time(duration) if duration else "unknown length"
        info.update(Content(f"✓ {path.name} plays: {length}"))
        box = self.query_one("#details-duration", Input)
        if duration and not box.value.strip():
            box.value = format_time(duration)  # filled in only where the user left it empty
            self.filled_duration = box.value

    # -- saving --------------------------------------------------------------------------

    def values(self) -> FormValues:
        """What the boxes hold now."""
        return FormValues(
            title=self.query_one("#details-title", Input).value,
            url=self.query_one("#details-url", Input).value,
            video=str(self.query_one("#details-video", Select).value),
            part=self.query_one("#details-part", Select).value,
            duration=self.query_one("#details-duration", Input).value,
            status=str(self.query_one("#details-status", Select).value),
        )

    def edited(self) -> list[str]:
        """The names of the boxes the user changed (compared as they will be saved)."""
        now, opened = self.values(), self.opened
        return [
            name
            for name, a, b in (
                ("title", " ".join(now.title.split()), " ".join(opened.title.split())),
                ("URL", now.url.strip(), opened.url.strip()),
                ("video file", now.video, opened.video),
                ("part", now.part, opened.part),
                # A length the video check filled in is saved, but asks no question.
                ("duration", now.duration.strip(), opened.duration.strip() or self.filled_duration),
                ("status", now.status, opened.status),
            )
            if a != b
        ]

    def changes(self) -> LessonChanges | str:
        """What the form asks to change, or why it cannot be saved.

        Only boxes that differ from what the form was opened on are written.
        """
        now, opened = self.values(), self.opened
        fields: dict[str, Any] = {}
        title = " ".join(now.title.split())
        if not title:
            return "the lesson needs a title"
        if title != " ".join(opened.title.split()):
            fields["title"] = title
        url = now.url.strip()
        problem = check_url(url)
        if problem:
            return problem
        if url != opened.url.strip():
            fields["url"] = url or None  # None: the user cleared the box
        duration_text = now.duration.strip()
        duration = parse_duration(duration_text) if duration_text else 0
        if duration is None:
            return f"duration {duration_text!r} is not h:mm:ss, m:ss or seconds"
        if duration_text and not duration:  # typed `0`: never read as "no duration"
            return "a duration must be more than 0 (clear the box for none)"
        if duration != (parse_duration(opened.duration) if opened.duration else 0):
            fields["duration"] = duration or None  # `62:03` for `1:02:03` is no change
        if now.part != opened.part:
            fields["part"] = now.part
        if now.video != opened.video:
            fields["video"] = self._video_field(now.video)
        status = now.status if now.status != opened.status else None
        return LessonChanges(fields, status)

    def _video_field(self, value: str) -> str | None:
        if value == NO_VIDEO:
            return None
        # Stored relative to the lesson file, as the importer writes it.
        return Path(os.path.relpath(value, self.lesson.path.parent.resolve())).as_posix()

    @on(Button.Pressed, "#details-save")
    def action_save(self) -> None:
        result = self.changes()
        if isinstance(result, str):
            self.show_problem(f"Not saved: {result}")
            return
        self.submit(result, nothing=not result.fields and result.status is None)

    @on(Button.Pressed, "#details-cancel")
    def action_cancel(self) -> None:
        self.cancel_or_ask(self.edited())


@dataclass(frozen=True)
class FormValues:
    """The form's boxes: as opened, or as they are now."""

    title: str
    url: str
    video: str
    part: Any
    duration: str
    status: str
