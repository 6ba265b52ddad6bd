"""Keys reach the note in the order typed, and the disk keeps up: the installed app in tmux.

Each burst is written into the terminal at once, the way a fast typist, a paste
or a loaded machine delivers keys; the file on disk is the judge.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import time
from pathlib import Path

import pytest

from lessontui.course.course import Course
from tests.fixtures_player import HEADLESS
from tests.tmux_terminal import Terminal, tmux_app, wait_until

LONG_LINES = 3_000
NOTES = {
    "short": "line 1\nline 2\nline 3\nline 4\n",
    "long": "".join(f"line {n}\n" for n in range(1, LONG_LINES + 1)),
}
# Autosave out of the way, so only the key under test can have saved the text.
NO_AUTOSAVE = "autosave_delay = 3600.0\nautosave_max_wait = 3600.0\n"
TYPED = "words typed in a burst, right before the key. "


def make_course(root: Path, body: str, **fields: object) -> Path:
    course = Course.create(root, "Keys course")
    course.add_lesson("One", body=body, **fields)
    return course.lessons[0].path


def body_on_disk(path: Path) -> str:
    return Course.load(path.parent.parent).lessons[0].body


def open_app(app: Terminal) -> None:
    app.wait_for_text("Keys course")
    app.focus_editor()


@pytest.mark.parametrize("note", NOTES)
@pytest.mark.parametrize("how", ["typed", "pasted"])
def test_text_right_before_ctrl_q_is_saved(tmp_path: Path, note: str, how: str) -> None:
    # ctrl+q is the App's priority key: it used to save before the editor had
    # handled the keys that came just before it, and quit without them.
    path = make_course(tmp_path / "course", NOTES[note])
    with tmux_app(tmp_path / "course", tmp_path, NO_AUTOSAVE) as app:
        open_app(app)
        if how == "typed":
            app.burst(TYPED, ("C-q",))
            expected = TYPED
        else:
            expected = "pasted line one\npasted line two\n"
            app.paste_then(expected, "C-q")
        app.wait_for_exit()
    assert body_on_disk(path) == expected + NOTES[note]


@pytest.mark.parametrize("note", NOTES)
def test_text_right_before_ctrl_s_is_saved(tmp_path: Path, note: str) -> None:
    path = make_course(tmp_path / "course", NOTES[note])
    with tmux_app(tmp_path / "course", tmp_path, NO_AUTOSAVE) as app:
        open_app(app)
        app.burst(TYPED, ("C-s",))
        wait_until(lambda: body_on_disk(path) != NOTES[note], "a save", 30)
        assert body_on_disk(path) == TYPED + NOTES[note]


@pytest.mark.parametrize("note", NOTES)
def test_moves_enter_and_text_in_one_burst_apply_in_order(tmp_path: Path, note: str) -> None:
    # Textual #6605: typed keys used to overtake bound ones (the moves), so the
    # enter split line 1 instead of line 3.
    path = make_course(tmp_path / "course", NOTES[note])
    with tmux_app(tmp_path / "course", tmp_path, NO_AUTOSAVE) as app:
        open_app(app)
        app.burst(("C-Home", "Down", "Down", "End", "Enter"), "new", ("Up", "Home"), "> ")
        app.wait_for_text("> line 3")
        app.keys("C-s")
        wait_until(lambda: body_on_disk(path) != NOTES[note], "a save", 30)
    lines = body_on_disk(path).split("\n")
    assert lines[:5] == ["line 1", "line 2", "> line 3", "new", "line 4"]


def test_stamp_lands_after_the_words_typed_before_it(tmp_path: Path, player_clip: Path) -> None:
    if shutil.which("mpv") is None:
        pytest.skip("mpv is not installed")
    root = tmp_path / "course"
    path = make_course(root, "", video="../media/clip.mp4")
    (root / "media").mkdir()
    shutil.copy(player_clip, root / "media" / "clip.mp4")
    config = NO_AUTOSAVE + f"mpv_args = {HEADLESS!r}\n".replace("'", '"')
    with tmux_app(root, tmp_path, config) as app:
        open_app(app)
        app.keys("F5")
        wait_until(lambda: re.search(r"playing.*0:0[2-9] /", app.screen()), "mpv playing", 60)
        app.burst("w1 ", ("M-t",), "w2", ("C-q",))
        app.wait_for_exit()
    assert re.fullmatch(r"w1 \[0:\d\d\] w2", body_on_disk(path).strip()), body_on_disk(path)


@pytest.mark.parametrize("note", NOTES)
def test_steady_typing_reaches_the_disk_before_a_kill(tmp_path: Path, note: str) -> None:
    # The autosave timer used to restart on every key: typing that never paused
    # for a second was never saved. Now it is saved at least every max wait.
    max_wait, slack = 2.0, 3.0  # slack: a loaded machine may handle keys late
    path = make_course(tmp_path / "course", NOTES[note])
    config = f"autosave_delay = 1.0\nautosave_max_wait = {max_wait}\n"
    typed = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    with tmux_app(tmp_path / "course", tmp_path, config) as app:
        open_app(app)
        sent: list[float] = []
        start = time.monotonic()
        for character in typed:  # one key every 0.15 s for about 8 s
            if time.monotonic() - start > 8:
                break
            app.keys("-l", character)
            sent.append(time.monotonic())
            time.sleep(0.15)
        killed = time.monotonic()
        os.kill(app.pid, signal.SIGKILL)
        app.wait_for_exit()
    body = body_on_disk(path)
    assert body.endswith(NOTES[note])
    saved = body[: len(body) - len(NOTES[note])]
    assert typed.startswith(saved)  # a prefix of what was typed, nothing else
    due = sum(1 for at in sent if at < killed - max_wait - slack)
    assert len(saved) >= due > 0, f"{len(saved)} of {len(sent)} keys saved; {due} were due"


async def test_bound_keys_queued_with_typed_ones_apply_in_order(tmp_path: Path) -> None:
    # The same race without a terminal: every key is in the app's queue before the
    # first is handled (Pilot's press() would wait between them and hide it).
    from textual import events

    from lessontui.config import Settings
    from lessontui.tui.app import LessonApp

    make_course(tmp_path / "course", NOTES["short"])
    app = LessonApp(Course.load(tmp_path / "course"), Settings(autosave_delay=60))
    async with app.run_test(size=(160, 50)) as pilot:
        editor = app.main_screen.editor
        editor.focus()
        await pilot.pause()
        keys = ["ctrl+home", "down", "down", "end", "enter", "n", "e", "w", "up", "home", "x"]
        for key in keys:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
        await pilot.pause()
        assert editor.text.split("\n")[:5] == ["line 1", "line 2", "xline 3", "new", "line 4"]
