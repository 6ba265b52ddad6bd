"""The transcript pane through the app (Pilot): show, filter, choose, quote, narrow layout.

The pane following a real mpv is in test_transcript_player.py.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from lessontui.course.course import Course
from lessontui.tui.app import LessonApp
from lessontui.tui.features.transcript import READING
from lessontui.tui.widgets.preview import NotePreview
from lessontui.tui.widgets.transcript_view import TranscriptView
from tests.apps import make_app

VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
Welcome to lesson one.

00:00:05.000 --> 00:00:09.000
Today we train a bird classifier.

00:00:12.000 --> 00:00:15.000
The learning rate finder picks a rate.

00:01:02.500 --> 00:01:05.000
Birds again, at the end.
"""


def course_with_transcript(root: Path, vtt: str = VTT) -> Course:
    course = Course.create(root, "Transcript course")
    course.add_lesson("One", body="# One\n\nMy notes.\n")
    course.add_lesson("Two", body="no transcript here\n")
    (root / "media").mkdir()
    stem = course.lessons[0].path.stem
    (root / "media" / f"{stem}.en.vtt").write_text(vtt, encoding="utf-8")
    return course


def view(app: LessonApp) -> TranscriptView:
    return app.main_screen.query_one("#transcript", TranscriptView)


def rows(app: LessonApp) -> list[str]:
    """The pane's text as drawn, a string per row on screen."""
    pane = view(app)
    height = pane.scrollable_content_region.height
    return [pane.render_line(y).text.rstrip() for y in range(height)]


def entries(app: LessonApp) -> list[str]:
    """The cues on screen, each "time text" with its wrapped rows joined."""
    found: list[str] = []
    for row in rows(app):
        if row[:5].strip() or not found:
            found.append(row.strip())
        elif row.strip():
            found[-1] += " " + row.strip()
    return [entry for entry in found if entry]


async def open_pane(pilot: Pilot[None], app: LessonApp) -> TranscriptView:
    app.main_screen.editor.focus()
    await pilot.press("alt+s")
    pane = view(app)
    for _ in range(100):
        if pane.cues or pane.message not in ("No lesson open.", READING):
            break
        await pilot.pause(0.02)
    await pilot.pause()
    return pane


async def test_alt_s_shows_the_cues_with_their_times_and_goes_back(tmp_path: Path) -> None:
    app = make_app(course_with_transcript(tmp_path / "c"))
    async with app.run_test(size=(160, 40)) as pilot:
        assert not view(app).display
        pane = await open_pane(pilot, app)
        assert pane.display
        assert pane.has_focus
        shown = rows(app)
        assert entries(app) == [
            "0:01 Welcome to lesson one.",
            "0:05 Today we train a bird classifier.",
            "0:12 The learning rate finder picks a rate.",
            "1:02 Birds again, at the end.",
        ]
        # A long line wraps under its text, not under its time.
        assert shown[0] == "0:01 Welcome to lesson one."
        assert shown[2].startswith("     ")
        assert shown[2].strip()
        stem = app.main_screen.course.lessons[0].path.stem  # type: ignore[union-attr]
        assert str(pane.border_title) == f"Transcript · {stem}.en.vtt"
        # The preview stays beside the note, above the transcript.
        preview = app.main_screen.query_one("#preview", NotePreview)
        assert preview.display
        assert preview.region.bottom <= pane.region.y
        await pilot.press("alt+s")
        assert not pane.display
        assert app.main_screen.editor.has_focus


async def test_typing_filters_and_escape_clears(tmp_path: Path) -> None:
    app = make_app(course_with_transcript(tmp_path / "c"))
    async with app.run_test(size=(160, 40)) as pilot:
        pane = await open_pane(pilot, app)
        await pilot.press(*"BIRD")
        assert pane.filter == "BIRD"
        assert entries(app) == [
            "0:05 Today we train a bird classifier.",
            "1:02 Birds again, at the end.",
        ]
        assert "2 of 4" in str(pane.border_subtitle)
        await pilot.press("backspace", "backspace", "backspace", "backspace", "x", "y", "z")
        assert "Nothing said matches" in rows(app)[0]
        await pilot.press("escape")
        assert pane.filter == ""
        assert len(entries(app)) == 4
        assert pane.following
        await pilot.press("escape")  # nothing left to undo: back to the note
        assert app.main_screen.editor.has_focus
        # Nothing typed in the pane reached the note.
        assert app.main_screen.editor.text == "# One\n\nMy notes.\n"


async def test_chosen_cues_are_quoted_at_the_cursor(tmp_path: Path) -> None:
    course = course_with_transcript(tmp_path / "c")
    app = make_app(course)
    async with app.run_test(size=(160, 40)) as pilot:
        pane = await open_pane(pilot, app)
        await pilot.press("down", "down", "shift+down")  # the 2nd and 3rd cues
        assert [cue.start for cue in pane.chosen_cues()] == [5.0, 12.0]
        editor = app.main_screen.editor
        editor.move_cursor((2, 3))  # inside "My notes."
        await pilot.press("alt+q")
        assert editor.text == (
            "# One\n\nMy \n"
            "> [0:05] Today we train a bird classifier.\n"
            "> [0:12] The learning rate finder picks a rate.\n"
            "\nnotes.\n"
        )
        await pilot.press("ctrl+s")
    assert "> [0:12] The learning rate finder picks a rate." in course.lessons[0].path.read_text()


async def test_alt_q_with_nothing_playing_says_what_to_do(tmp_path: Path) -> None:
    app = make_app(course_with_transcript(tmp_path / "c"))
    async with app.run_test(size=(160, 40)) as pilot:
        app.main_screen.editor.focus()
        await pilot.press("alt+q")  # the pane is hidden: it opens, loads, then answers
        for _ in range(100):
            if app._notifications:
                break
            await pilot.pause(0.02)
        assert view(app).display
        assert view(app).cues
        assert "Nothing is being said yet" in "\n".join(n.message for n in app._notifications)
        assert app.main_screen.editor.text == "# One\n\nMy notes.\n"


async def test_a_lesson_without_transcript_and_a_broken_one_say_so(tmp_path: Path) -> None:
    course = course_with_transcript(tmp_path / "c", vtt="not a subtitle file\n")
    app = make_app(course)
    async with app.run_test(size=(160, 40)) as pilot:
        pane = await open_pane(pilot, app)
        assert "Cannot read the transcript" in " ".join(rows(app))
        app.main_screen.open_lesson(app.main_screen.course.lessons[1])  # type: ignore[union-attr]
        for _ in range(100):
            if "No transcript for this lesson" in " ".join(rows(app)):
                break
            await pilot.pause(0.02)
        assert "lessontui subs" in " ".join(rows(app))
        assert not pane.cues


async def test_narrow_terminal_the_transcript_takes_the_previews_place(tmp_path: Path) -> None:
    app = make_app(course_with_transcript(tmp_path / "c"))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.main_screen
        preview = screen.query_one("#preview", NotePreview)
        assert not preview.display
        pane = await open_pane(pilot, app)
        editor = screen.editor
        assert pane.display
        assert not preview.display
        # Below the editor, as wide as it, where f2 would put the preview.
        assert pane.region.y >= editor.region.bottom
        assert pane.region.x == editor.region.x
        assert pane.region.width == editor.region.width
        assert "Welcome to lesson one." in " ".join(rows(app))


async def test_the_rows_wrap_again_when_the_terminal_is_resized(tmp_path: Path) -> None:
    app = make_app(course_with_transcript(tmp_path / "c"))
    async with app.run_test(size=(160, 40)) as pilot:
        pane = await open_pane(pilot, app)
        for width in (200, 130, 160):
            await pilot.resize_terminal(width, 40)
            await pilot.pause()
            await pilot.pause()
            shown = [row for row in rows(app) if row]
            assert max(len(row) for row in shown) <= pane.scrollable_content_region.width
            assert entries(app)[1] == "0:05 Today we train a bird classifier.", (width, shown)


async def test_a_long_transcript_keeps_the_current_cue_in_view(tmp_path: Path) -> None:
    cues = "".join(
        f"\n{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}.000 --> "
        f"{(i + 3) // 3600:02d}:{(i + 3) // 60 % 60:02d}:{(i + 3) % 60:02d}.000\n"
        f"Sentence number {i // 3} is said here, with a few more words to wrap.\n"
        for i in range(0, 3 * 3600, 3)
    )
    app = make_app(course_with_transcript(tmp_path / "c", vtt="WEBVTT\n" + cues))
    async with app.run_test(size=(160, 40)) as pilot:
        pane = await open_pane(pilot, app)
        assert len(pane.cues) == 3600
        pane.show_time(2 * 3600 + 30.5)  # cue 2410, said from 2:00:30
        await pilot.pause()
        assert pane.current == 2410
        said = "Sentence number 2410 is said here, with a few more words to wrap."
        assert f"2:00:30 {said}" in entries(app)
        pane.show_time(10.0)
        await pilot.pause()
        assert "0:09 Sentence number 3 is said here, with a few more words to wrap." in entries(app)
