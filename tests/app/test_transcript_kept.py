"""The transcript marks the cues the open note quotes, and alt+n / alt+shift+n go between them."""

from __future__ import annotations

import time
from pathlib import Path

from lessontui.course.course import Course
from lessontui.services.transcripts import Cue, kept_cues, quoted_texts
from tests.app.test_transcript_pane import course_with_transcript, open_pane
from tests.apps import make_app


def test_quoted_lines_are_found_whatever_their_stamp_and_spacing() -> None:
    note = (
        "> [0:05] Today we train a bird classifier.\n"
        ">[1:02:03]   Birds  again, at the end.\n"
        "> not a quote of a cue\n"
        "[0:12] The learning rate finder picks a rate.\n"  # a stamp, not a quote
    )
    assert quoted_texts(note) == {
        "Today we train a bird classifier.",
        "Birds again, at the end.",
    }
    cues = [Cue(0, 1, "Welcome."), Cue(5, 9, "Today we train a bird classifier."),
            Cue(62, 65, "Birds again, at the end.")]  # fmt: skip
    assert kept_cues(cues, note) == frozenset({1, 2})
    assert kept_cues(cues, "no quotes") == frozenset()


def test_a_quote_line_with_a_long_run_of_spaces_is_read_in_linear_time() -> None:
    """The note is read on every key while the transcript shows: a pasted quote line
    with 200,000 spaces inside took over a minute (a lazy group before `[ \t]*$`)."""
    note = "> [0:00] a" + " " * 200_000 + "b  \n> [0:01]" + " " * 200_000 + "\n"
    started = time.perf_counter()
    assert quoted_texts(note) == {"a b"}
    assert time.perf_counter() - started < 5.0  # about a millisecond; quadratic: minutes


async def test_the_pane_marks_quoted_cues_and_alt_n_goes_between_them(tmp_path: Path) -> None:
    course = course_with_transcript(tmp_path / "c")
    lesson = course.lessons[0]
    lesson.save_body(
        "# One\n\n> [0:05] Today we train a bird classifier.\n\n> [1:02] Birds again, at the end.\n"
    )
    app = make_app(Course.load(course.root))
    async with app.run_test(size=(160, 40)) as pilot:
        pane = await open_pane(pilot, app)
        assert pane.kept == frozenset({1, 3})
        assert app.main_screen.query_one("#transcript").check_action("next_kept", (1,))
        await pilot.press("alt+n")
        assert pane.parent is not None  # it called Textual's _detach: the pane left the tree
        assert pane.chosen_cues()[0].start == 5.0
        await pilot.press("alt+n")
        assert pane.chosen_cues()[0].start == 62.5
        await pilot.press("alt+n")  # round the end
        assert pane.chosen_cues()[0].start == 5.0
        await pilot.press("alt+shift+n")
        assert pane.chosen_cues()[0].start == 62.5

        # Quoting one more from the note marks it once the preview catches up.
        await pilot.press("up")  # the cue at 0:12
        assert pane.chosen_cues()[0].start == 12.0
        app.main_screen.editor.focus()
        app.main_screen.editor.move_cursor(app.main_screen.editor.document.end)
        await pilot.press("alt+q")
        deadline = time.monotonic() + 10
        while pane.kept != frozenset({1, 2, 3}):
            assert time.monotonic() < deadline, pane.kept
            await pilot.pause(0.05)

        # The note without quotes: nothing marked, and the keys are unavailable.
        app.main_screen.editor.load_text("# One\n")
        app.main_screen.render_side_panes()
        assert pane.kept == frozenset()
        assert pane.check_action("next_kept", (1,)) is None
