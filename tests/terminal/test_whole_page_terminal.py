"""A new user writes the example page from an empty folder, with the app's keys only.

`lessontui new` makes the course; the installed app, in tmux, gets the intro
(the course note), a part and its goal (f7), two lessons (ctrl+n) with their
URLs (f6), notes and learned items (typing, ctrl+l), and the export (f9,
ctrl+s). The page written is compared with the example page's structure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from lessontui.course.course import Course
from lessontui.services import exporter
from tests.fixtures_export import example_parts, example_sections, example_text
from tests.tmux_terminal import LESSONTUI, Terminal, app_environment, start_app, wait_until

pytestmark = pytest.mark.needs_tmux

PROBE = "\u00a7"  # §: typed until it shows, to know which box has the keys


def type_in_focused_box(app: Terminal, text: str) -> None:
    """Type `text` once a box that shows typed text has the focus (a dialog opened
    by the previous key may not have taken it yet)."""
    deadline = time.monotonic() + 30
    while PROBE not in app.screen():
        if time.monotonic() > deadline:
            raise AssertionError(f"no text box took the keys:\n{app.screen()}")
        app.keys("-l", PROBE)
        time.sleep(0.3)
    for _ in range(app.screen().count(PROBE)):
        app.keys("BSpace")
    try:
        wait_until(lambda: PROBE not in app.screen(), "the probe to be deleted", 30)
    except AssertionError:
        raise AssertionError(f"the probe stayed:\n{app.screen()}") from None
    app.keys("-l", text)


def move_focus(app: Terminal, *keys: str) -> None:
    """Keys that move the focus, one at a time with a pause after each: a key bubbles
    up to the App (which moves the focus) through the widgets' queues, while the
    next key already goes to the widget focused before (Textual issue #6605). Every
    step is then checked by what reaches the disk, not by the pause."""
    for key in keys:
        app.keys(key)
        time.sleep(1.0)


def on_disk(path: Path, text: str) -> bool:
    try:
        return text in path.read_text(encoding="utf-8")
    except OSError:
        return False


def wait_on_disk(app: Terminal, path: Path, text: str) -> None:
    try:
        wait_until(lambda: on_disk(path, text), f"{text!r} in {path.name}", 30)
    except AssertionError:
        shown = app.screen()
        raise AssertionError(f"{text!r} never reached {path}; the screen:\n{shown}") from None


def test_a_new_user_writes_the_example_page_with_the_apps_keys(tmp_path: Path) -> None:
    if shutil.which("tmux") is None or not LESSONTUI.exists():
        pytest.skip("needs tmux and the installed lessontui")
    home = tmp_path / "home"
    home.mkdir()
    environment = app_environment(home)  # config, library and state in `home`
    made = subprocess.run(
        [str(LESSONTUI), "new", "--title", "Course Notes -- Fast.ai"],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    root = Path(re.search(r"Open it with: lessontui (.+)", made.stdout).group(1).strip())  # type: ignore[union-attr]
    assert root.parent == home / "library"
    course_md = root / "course.md"
    intro, goal, items = example_parts()
    items = [
        item.replace("https://i]pywidgets", "https://ipywidgets")  # the example's slips
        for item in items[:3]
    ]
    app = start_app(root, home)
    try:
        app.wait_for_text("Course intro")
        # The intro: a new course opens its course note; enter moves to the editor.
        app.focus_editor()
        app.paste_then(intro + "\n", "C-s")
        wait_on_disk(app, course_md, "But now it's time to roll my sleeves up")

        # f7 from the lesson list: date, a part with its goal, the Jekyll layout.
        move_focus(app, "BTab")  # editor -> lesson list
        app.keys("F7")
        app.wait_for_text("Course details")
        move_focus(app, "Tab", "Tab")  # title -> source -> date
        app.keys("End", "C-u")
        type_in_focused_box(app, "2024-03-18")
        move_focus(app, "Tab")  # the part list: what is typed there goes to a new part
        type_in_focused_box(app, "Part 1")
        move_focus(app, "Tab")
        app.keys("-l", goal)
        app.keys("Enter")
        app.wait_for_text("1. Part 1")
        move_focus(app, "Tab", "Tab", "Tab")  # from the part title: goal, format, layout
        app.keys("-l", "project")  # a box too narrow at 80 columns to show a probe
        app.keys("C-s")
        wait_on_disk(app, course_md, "layout: project")
        wait_on_disk(app, course_md, "goal: ")

        # Two lessons: ctrl+n, their URL in f6, notes typed, learned items with ctrl+l.
        for number, lesson_items in ((1, items[:2]), (2, items[2:])):
            app.keys("C-n")
            app.wait_for_text("New lesson title")
            type_in_focused_box(app, f"Lesson {number}")
            app.keys("Enter")
            wait_until(
                lambda n=number: any((root / "lessons").glob(f"0{n}-*.md")),  # type: ignore[misc]
                "the lesson file",
                30,
            )
            lesson_file = next((root / "lessons").glob(f"0{number}-*.md"))
            move_focus(app, "BTab")  # to the lesson list: the editor keeps f6 for itself
            app.keys("F6")
            app.wait_for_text("Lesson details")
            move_focus(app, "Tab")  # title -> URL
            type_in_focused_box(app, f"https://www.youtube.com/watch?v=Xy{number}lesson0{number}")
            app.keys("C-s")
            wait_on_disk(app, lesson_file, "url: https://www.youtube.com/watch")
            move_focus(app, "Enter")  # the list opens the lesson in the editor
            type_in_focused_box(app, f"[12:3{number}] my notes on lesson {number}")
            app.keys("Enter")
            for item in lesson_items:
                app.keys("C-l")
                app.wait_for_text("Add a thing you learned")
                type_in_focused_box(app, item)
                app.keys("Enter")
                wait_until(lambda: "Add a thing you learned" not in app.screen(), "the prompt", 30)
            app.keys("C-s")
            wait_on_disk(app, lesson_file, f"- [x] {lesson_items[-1]}")
            wait_on_disk(app, lesson_file, f"my notes on lesson {number}")

        # Export: f9, wait for the check and the page, ctrl+s writes it.
        output, _ = exporter.course_output(Course.load(root), "jekyll")
        app.keys("F9")
        app.wait_for_text("Export the finished page")
        app.wait_for_text("Check:")
        app.keys("C-s")
        wait_until(output.exists, f"the export {output}", 30)
        app.keys("C-q")
        app.wait_for_exit()
    finally:
        app.close()

    page = output.read_text(encoding="utf-8")
    ours, theirs = example_sections(page), example_sections(example_text())
    assert list(ours) == list(theirs) == ["---", "Intro", "Part 1"]
    front, their_front = yaml.safe_load(ours["---"]), yaml.safe_load(theirs["---"])
    assert set(their_front) <= set(front)  # layout, title, date, last_modified
    assert {k: front[k] for k in ("layout", "title", "date")} == {
        k: their_front[k] for k in ("layout", "title", "date")
    }
    assert ours["Intro"] == theirs["Intro"]  # the excerpt mark included
    assert "<!--more-->" in ours["Intro"]
    goal_line, label, *learned = ours["Part 1"].replace("\n\n", "\n").splitlines()
    their_goal, their_label, *_ = theirs["Part 1"].replace("\n\n", "\n").splitlines()
    assert (goal_line, label) == (their_goal, their_label)
    assert learned == [f"- {item}" for item in items]
