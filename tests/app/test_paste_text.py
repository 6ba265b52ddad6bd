"""What a paste holds is inserted as text: in the note as pasted, in an Input on one line.

The editor used to cut lines at `\\x1c`, `\\x0c` or U+2028 (Textual's Document
uses `str.splitlines`) and save each as a newline; an Input kept only the first
line of a paste, nothing at all when it began with a line end.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.tui.app import LessonApp

# ESC ctrl+q, colours, a file separator, a form feed, U+2028, a CRLF line end.
PASTED = "bye\x1b\x11 \x1b[31mred\x1b[0m \x1c\x0c\u2028 end\r\nlast line"
IN_NOTE = "bye\x1b\x11 \x1b[31mred\x1b[0m \x1c\x0c\u2028 end\nlast line"


async def until(pilot: Pilot, condition: Callable[[], object], what: str) -> None:  # type: ignore[type-arg]
    deadline = time.monotonic() + 15
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.03)


async def test_a_paste_is_saved_in_the_note_as_pasted(demo_course: Course) -> None:
    lesson = next(x for x in demo_course.lessons if x.title == "Lesson 2: Deployment")
    # The note already holds characters str.splitlines would cut at: they stay too.
    lesson.path.write_bytes(lesson.path.read_bytes() + "odd\x0c\u2028\x85 line\x1d\n".encode())
    app = LessonApp(course=Course.load(demo_course.root), settings=Settings(autosave_delay=60))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "odd" in app.main_screen.editor.text, "the lesson open")
        editor = app.main_screen.editor
        editor.focus()
        editor.move_cursor(editor.document.end)
        app.post_message(events.Paste(PASTED))  # as the driver delivers a terminal's paste
        await until(pilot, lambda: editor.text.endswith(IN_NOTE), "the paste in the note")
        assert app.is_running
        await pilot.press("ctrl+s")
        want = ("odd\x0c\u2028\x85 line\x1d\n" + IN_NOTE).encode()
        await until(pilot, lambda: lesson.path.read_bytes().endswith(want), "the note saved")
        await pilot.press("ctrl+z")  # undo takes the paste out whole
        await until(pilot, lambda: editor.text.endswith("odd\x0c\u2028\x85 line\x1d\n"), "undo")


async def test_a_paste_into_an_input_keeps_all_its_text(demo_course: Course) -> None:
    app = LessonApp(course=Course.load(demo_course.root), settings=Settings(autosave_delay=60))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(app.focused, Input), "the search box")
        box = app.focused
        assert isinstance(box, Input)
        app.post_message(events.Paste("\nrate\r\nlimit\x1b\x11\n"))
        await until(pilot, lambda: box.value == "rate limit\x1b\x11", "the whole paste in the box")
        assert app.is_running
