"""`lessontui review COURSE` in a real terminal: keys in bursts, the moment replayed in a
real mpv, grades in the course's review log (the file on disk is the judge)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lessontui.course import reviews
from lessontui.course.course import Course
from tests.fixtures_player import HEADLESS
from tests.tmux_terminal import LESSONTUI, Terminal, app_environment, tmux_app, wait_until

pytestmark = [pytest.mark.needs_tmux, pytest.mark.needs_mpv, pytest.mark.needs_ffmpeg]

CONFIG = "autosave_delay = 3600.0\n" + f"mpv_args = {HEADLESS!r}\n".replace("'", '"')
BODY = """Intro.
[0:30] the middle of the clip shows gradient descent

## Things I learned
- [x] gradient descent follows the slope down
- [x] learning rate sets the step size
- [ ] not ticked: never reviewed
"""


def test_a_review_session_with_real_keys_and_the_moment_in_mpv(
    tmp_path: Path, player_clip: Path
) -> None:
    course = Course.create(tmp_path / "course", "Review course")
    (course.root / "media").mkdir()
    shutil.copy(player_clip, course.root / "media" / "lesson.mp4")
    course.add_lesson("One", body=BODY, video="../media/lesson.mp4")
    app = Terminal([LESSONTUI, "review", course.root], env=app_environment(tmp_path, CONFIG))
    try:
        app.wait_for_text("gradient descent follows the slope down")
        assert "2 to go" in app.screen()
        # Show the first card, play its moment ([0:30], the note line sharing its words);
        # grade it easy, then show the next and grade it again: keys in bursts.
        app.burst((" ",), "p")
        app.burst("4", (" ",), "1")
        wait_until(lambda: len(reviews.read_log(course.root).records) == 2, "two grades", 30)
        records = reviews.read_log(course.root).records
        assert [(r.grade, r.text) for r in records] == [
            (4, "gradient descent follows the slope down"),
            (1, "learning rate sets the step size"),
        ]
        # `again` comes back in this session; the other is done for days.
        app.wait_for_text("1 to go · 1 done")
        app.keys("Escape")
        # The first time the bar shows is past the stamp (from 0:00 it would take 30 s).
        playing = re.compile(r"playing +One +0:(\d\d) /")
        wait_until(lambda: playing.search(app.screen()), "mpv playing", 60)
        match = playing.search(app.screen())
        assert match is not None, app.screen()
        assert 30 <= int(match.group(1)) < 50, app.screen()
        assert "to review" not in app.screen()  # "again" is due in a minute, not now
        app.keys("C-q")
        app.wait_for_exit()
    finally:
        app.close()
    # Every byte written is a record: nothing else was touched.
    text = reviews.log_path(course.root).read_text()
    assert text.count("\n") == 2
    assert not reviews.read_log(course.root).problems


def test_alt_v_in_a_burst_reviews_the_note_as_typed_and_opens_once(tmp_path: Path) -> None:
    """The main screen's alt+v (the review feature's key) behind typed and pasted items,
    pressed three times in one write: one review screen, on the note with those items."""
    course = Course.create(tmp_path / "course", "Burst course")
    course.add_lesson("One", body=BODY)
    with tmux_app(course.root, tmp_path, CONFIG) as app:
        app.wait_for_text("2 to review")
        app.focus_editor()
        app.burst(("C-End",), "\n- [x] typed right before the key")
        app.paste_then("\n- [x] pasted ✓ [ünïcode] `x`", "M-v", "M-v", "M-v")
        app.wait_for_text("4 to go")
        app.keys("Escape")  # one screen: escape is back on the notes
        app.wait_for_text("4 to review")
        assert "to go" not in app.screen()
        assert "typed right before the key" in Course.load(course.root).lessons[0].body
        app.keys("C-q")
        app.wait_for_exit()
