"""The details forms in a real terminal: keys sent in one burst right after f6/f7.

Pilot waits for the app between presses; here the keys that fill a form arrive
while it is still opening, as a fast typist's do, and the file on disk is checked.
"""

from __future__ import annotations

from pathlib import Path

from lessontui.course.course import Course
from tests.tmux_terminal import tmux_app, wait_until

URL = "https://youtu.be/abcdefghijk"


def test_a_part_typed_on_the_list_right_after_f7_is_saved(tmp_path: Path) -> None:
    """On the list, `a` was "add" and the other letters of "Part 3" were dropped; the
    part, never confirmed with enter, was then not saved while the app said "Saved"."""
    course = Course.create(tmp_path / "course", "Forms course", parts=[{"title": "One"}])
    course.add_lesson("Lesson", body="notes\n", part=1)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("Forms course")
        # Title, source, date, then the parts list; the part typed there, its goal, save.
        app.burst(("F7", "Tab", "Tab", "Tab"), "Part 3", ("Tab",), "ship it", ("C-s",))
        app.wait_for_text("Saved the details")
        app.keys("C-q")
        app.wait_for_exit()
    assert Course.load(course.root).parts == [
        {"title": "One"},
        {"title": "Part 3", "goal": "ship it"},
    ]


def test_keys_typed_right_after_f6_add_to_the_title_and_keep_the_url(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "course", "Forms course")
    lesson = course.add_lesson("Lesson", body="notes\n", url=URL)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("Forms course")
        app.burst(("F6",), " two", ("C-s",))
        app.wait_for_text("Saved the details")
        app.keys("C-q")
        app.wait_for_exit()
    saved = lesson.path.read_text()
    assert "title: Lesson two\n" in saved
    assert f"url: {URL}\n" in saved
    assert saved.endswith("---\nnotes\n")


def test_f6_while_a_failed_download_reports_keeps_the_url(tmp_path: Path) -> None:
    """alt+d on a URL nothing answers (a closed local port): the failure's toast and
    panel land while f6 opens and the title is typed."""
    url = "http://127.0.0.1:9/lesson.mp4"
    course = Course.create(tmp_path / "course", "Forms course")
    lesson = course.add_lesson("Lesson", body="notes\n", url=url)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("Forms course")
        app.keys("M-d")
        app.wait_for_text("waiting")  # the downloads panel: yt-dlp is starting
        app.burst(("F6",), " two")
        wait_until(lambda: "failed" in app.screen(), "the download to fail", 60)
        app.keys("C-s")
        app.wait_for_text("Saved the details")
        app.keys("C-q")
        app.wait_for_exit()
    saved = lesson.path.read_text()
    assert "title: Lesson two\n" in saved
    assert f"url: {url}\n" in saved


def test_parts_typed_behind_the_enter_that_adds_one_are_kept(tmp_path: Path) -> None:
    """`Part B enter Part C` typed right behind the enter that added a part: the keys
    were sent back to the goal box the enter left (Textual moves the focus to the next
    part's title a turn later), so Part B and Part C were lost while "Saved" showed."""
    course = Course.create(tmp_path / "course", "Forms course")
    course.add_lesson("Lesson", body="notes\n")
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("Forms course")
        app.keys("F7")
        app.wait_for_text("Course details")
        app.burst(
            ("Tab", "Tab", "Tab"), "Part A", ("Tab",), "goal a", ("Enter",),
            "Part B", ("Enter",), "Part C", ("C-s",),
        )  # fmt: skip
        app.wait_for_text("Saved the details")
        app.keys("C-q")
        app.wait_for_exit()
    assert Course.load(course.root).parts == [
        {"title": "Part A", "goal": "goal a"},
        {"title": "Part B"},
        {"title": "Part C"},
    ]


def test_a_part_typed_behind_the_enter_that_adds_one_keeps_its_goal(tmp_path: Path) -> None:
    """`goal a enter Part B tab goal b ctrl+s` in one burst: the keys behind the part's
    enter wait and are replayed in the next part's title box; `goal b`, behind the
    replayed tab, was lost."""
    course = Course.create(tmp_path / "course", "Forms course")
    course.add_lesson("Lesson", body="notes\n")
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("Forms course")
        app.keys("F7")
        app.wait_for_text("Course details")
        app.burst(
            ("Tab", "Tab", "Tab"), "Part A", ("Tab",), "goal a", ("Enter",),
            "Part B", ("Tab",), "goal b", ("C-s",),
        )  # fmt: skip
        app.wait_for_text("Saved the details")
        app.keys("C-q")
        app.wait_for_exit()
    assert Course.load(course.root).parts == [
        {"title": "Part A", "goal": "goal a"},
        {"title": "Part B", "goal": "goal b"},
    ]


def test_text_typed_behind_enter_on_a_part_edits_that_part(tmp_path: Path) -> None:
    """enter on the parts list (edit part One), then ` more` in the same burst: the
    list moved the letters to the part's title box as it read them, before enter had
    filled the boxes, so ` more` became a new part and the goal went to the wrong one."""
    course = Course.create(tmp_path / "course", "Forms course", parts=[{"title": "One"}])
    course.add_lesson("Lesson", body="notes\n", part=1)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("Forms course")
        app.keys("F7")
        app.wait_for_text("Course details")
        app.burst(
            ("Tab", "Tab", "Tab", "Enter"), " more", ("Tab",), "goal x", ("Enter",),
            "Two", ("Tab",), "g2", ("C-s",),
        )  # fmt: skip
        app.wait_for_text("Saved the details")
        app.keys("C-q")
        app.wait_for_exit()
    assert Course.load(course.root).parts == [
        {"title": "One more", "goal": "goal x"},
        {"title": "Two", "goal": "g2"},
    ]
