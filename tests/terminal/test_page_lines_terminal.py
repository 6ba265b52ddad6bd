"""A note written line by line in a real terminal keeps its lines on the exported page.

The installed app in tmux, mpv playing headless: three stamps (alt+t) each on
its own line, a quote of three transcript cues (alt+q), then f9 writes the
Jekyll page; the HTML page is exported from the same files by the CLI. Both
must keep one line per stamp and per cue.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lessontui.course.course import Course
from lessontui.services import exporter
from tests.app.test_transcript_pane import VTT
from tests.fixtures_player import HEADLESS
from tests.tmux_terminal import LESSONTUI, tmux_app, wait_until

pytestmark = pytest.mark.needs_tmux

URL = "https://www.youtube.com/watch?v=abcdefghijk"
STAMP = r"\[\d:\d\d\]\(https://youtu\.be/abcdefghijk\?t=\d+\)"


def test_stamped_lines_and_a_quote_stay_lines_on_both_pages(
    tmp_path: Path, player_clip: Path
) -> None:
    if shutil.which("mpv") is None or not LESSONTUI.exists():
        pytest.skip("needs mpv and the installed lessontui")
    root = tmp_path / "course"
    # Lesson notes on, as f9 remembers a choice in course.md.
    course = Course.create(root, "Lines course", export={"notes": True})
    course.add_lesson("One", body="", url=URL, video="../media/clip.mp4")
    (root / "media").mkdir()
    shutil.copy(player_clip, root / "media" / "clip.mp4")
    stem = course.lessons[0].path.stem
    (root / "media" / f"{stem}.en.vtt").write_text(VTT, encoding="utf-8")
    lesson_file = course.lessons[0].path
    config = "autosave_delay = 0.5\n" + f"mpv_args = {HEADLESS!r}\n".replace("'", '"')
    output = exporter.course_output(Course.load(root), "jekyll")[0]

    with tmux_app(root, tmp_path, config) as app:
        app.wait_for_text("Lines course")
        app.focus_editor()
        app.keys("F5")
        wait_until(lambda: re.search(r"playing.*0:0[1-9] /", app.screen()), "mpv playing", 60)
        app.burst(("M-t",), "Clean the data", ("Enter",), ("M-t",), "Deploy it", ("Enter",))
        app.burst(("M-t",), "Share it", ("Enter",), ("Enter",))
        wait_until(lambda: "Share it" in app.screen(), "the third stamp", 30)
        # Three cues chosen in the transcript pane, quoted into the note.
        app.keys("M-s")
        app.wait_for_text("Welcome to lesson one")
        app.burst(("Home",), ("S-Down",), ("S-Down",), ("M-q",))
        wait_until(lambda: "> [0:12] The learning rate" in app.screen(), "the quote", 30)
        app.keys("Escape")
        app.keys("M-s")
        wait_until(lambda: "Transcript ·" not in app.screen(), "the pane to hide", 30)
        app.keys("C-s")
        wait_until(lambda: "> [0:12]" in lesson_file.read_text(), "the note saved", 30)
        app.keys("F9")
        app.wait_for_text("Export the finished page")
        app.wait_for_text("Check:")
        wait_until(lambda: "[x] Lesson notes" in app.screen(), "notes on:\n" + app.screen(), 30)
        app.keys("C-s")
        wait_until(output.exists, f"the export {output}", 30)
        app.keys("C-q")
        app.wait_for_exit()

    body = Course.load(root).lessons[0].body
    assert re.search(r"\[0:\d\d\] Clean the data\n\[0:\d\d\] Deploy it\n\[0:\d\d\] Share it", body)
    page = output.read_text(encoding="utf-8")
    # Jekyll: each stamp line and each cue but the last of its paragraph ends in a hard break.
    assert re.search(rf"{STAMP} Clean the data  \n{STAMP} Deploy it  \n{STAMP} Share it\n", page), (
        page
    )
    assert re.search(
        r"> \[0:01\]\(\S+\) Welcome to lesson one\.  \n"
        r"> \[0:05\]\(\S+\) Today we train a bird classifier\.  \n"
        r"> \[0:12\]\(\S+\) The learning rate finder picks a rate\.\n",
        page,
    ), page
    html = subprocess.run(
        [str(LESSONTUI), "export", str(root), "--format", "html"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    # HTML: one <br /> between the stamp lines, and between the cues.
    stamped = re.search(r"<p>(.*?Clean the data.*?)</p>", html, re.S)
    assert stamped, html
    assert stamped.group(1).count("<br />") == 2, html
    quoted = re.search(r"<blockquote>(.*?)</blockquote>", html, re.S)
    assert quoted, html
    assert quoted.group(1).count("<br />") == 2, html
