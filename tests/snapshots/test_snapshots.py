"""SVG snapshots of the main screen (pytest-textual-snapshot)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.course.demo import write_demo
from lessontui.tui.app import LessonApp
from tests.screen import wait_for

SnapCompare = Callable[..., bool]  # pytest-textual-snapshot's fixture: app, then options


def demo_app(tmp_path: Path) -> LessonApp:
    course = write_demo(tmp_path / "demo")
    # Autosave far off: the saved mark must not depend on how fast the machine is.
    return LessonApp(course=Course.load(course.root), settings=Settings(autosave_delay=60))


def test_main_screen(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path), terminal_size=(160, 50))


def test_main_screen_after_ticking_an_item(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def tick(pilot: Pilot[None]) -> None:
        assert isinstance(pilot.app, LessonApp)
        learned = pilot.app.main_screen.learned
        learned.focus()
        before = [item.checked for item in learned.items]
        await pilot.press("down", "space")
        await wait_for(pilot, lambda: [item.checked for item in learned.items] != before, "a tick")
        await pilot.pause()

    assert snap_compare(demo_app(tmp_path), terminal_size=(160, 50), run_before=tick)


def _transcript_app(tmp_path: Path) -> LessonApp:
    from tests.app.test_transcript_pane import course_with_transcript

    course = course_with_transcript(tmp_path / "course")
    return LessonApp(course=Course.load(course.root), settings=Settings(autosave_delay=60))


async def _open_transcript(pilot) -> None:  # type: ignore[no-untyped-def]
    pilot.app.main_screen.editor.focus()
    await pilot.press("alt+s")
    await pilot.app.workers.wait_for_complete()
    await pilot.press("down", "down")  # a chosen line, drawn as the cursor
    await pilot.pause(0.3)


def test_transcript_pane(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = _transcript_app(tmp_path)
    assert snap_compare(app, terminal_size=(160, 40), run_before=_open_transcript)


def test_transcript_pane_narrow(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = _transcript_app(tmp_path)
    assert snap_compare(app, terminal_size=(100, 30), run_before=_open_transcript)


def _frame_app(tmp_path: Path) -> LessonApp:
    from tests.app.test_preview_images import two_colour_png

    root = tmp_path / "course"
    course = Course.create(root, "Frames course")
    lesson = course.add_lesson(
        "Deploy",
        body="Before the slide.\n\n![0:42](../media/frames/01-deploy-0h00m42s.png)\n"
        "> [0:42] The slide says deploy.\n\nAfter it.\n",
    )
    two_colour_png(root / "media" / "frames" / f"{lesson.path.stem}-0h00m42s.png")
    return LessonApp(course=Course.load(root), settings=Settings(autosave_delay=60))


async def _frame_drawn(pilot) -> None:  # type: ignore[no-untyped-def]
    screen = pilot.app.main_screen
    screen.open_lesson(screen.course.lessons[0])
    for _ in range(100):  # the image is decoded in a thread
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)
        if "▀" in "".join(s.text for s in screen.preview.render_lines(screen.preview.region)):
            break
    await pilot.pause(0.3)


def test_note_with_a_frame(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(_frame_app(tmp_path), terminal_size=(160, 40), run_before=_frame_drawn)
