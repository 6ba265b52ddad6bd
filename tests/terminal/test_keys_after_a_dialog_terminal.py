"""Keys typed in the same burst right behind the key that closes a dialog (tmux).

The dialog's box had them queued before the dialog answered: they were typed into a
box about to vanish, or dropped. They go where the focus is once the dialog is gone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lessontui.course.course import Course, Lesson
from tests.tmux_terminal import Terminal, tmux_app, wait_until

BODY = "notes\n"


def _course(tmp_path: Path) -> tuple[Course, Lesson]:
    course = Course.create(tmp_path / "course", "After course", parts=[{"title": "One"}])
    lesson = course.add_lesson("Lesson", body=BODY, part=1)
    return course, lesson


def _quit(app: Terminal) -> None:
    app.keys("C-q")
    app.wait_for_exit()


def _all_text(course: Course) -> str:
    return "".join(lesson.path.read_text() for lesson in Course.load(course.root).lessons)


@pytest.mark.parametrize(
    ("burst", "answered"),
    [
        ((("C-l",), "x1", ("Enter",)), "- [x] x1"),
        ((("C-r", "C-u"), "Ren1", ("Enter",)), "title: Ren1"),
        ((("F6",), "T9", ("C-s",)), "title: LessonT9"),
        ((("C-l",), "x2", ("Enter", "Enter")), "- [x] x2"),
        # enter on the form's Save button (shift+tab twice from the title: Cancel,
        # Save): the keys behind it went to the button, which takes no text.
        ((("F6",), "T8", ("BTab", "BTab", "Enter")), "title: LessonT8"),
    ],
    ids=["learned", "rename", "f6", "enter-twice", "f6-save-button"],
)
def test_text_typed_behind_a_dialogs_answer_goes_into_the_note(
    tmp_path: Path, burst: tuple[str | tuple[str, ...], ...], answered: str
) -> None:
    course, lesson = _course(tmp_path)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("After course")
        app.focus_editor()
        app.burst(*burst, "EDAFTER")
        app.wait_for_text("EDAFTER")
        wait_until(lambda: answered in lesson.path.read_text(), "the dialog's answer saved", 30)
        app.keys("C-s")
        wait_until(lambda: "EDAFTER" in lesson.path.read_text(), "the note saved", 30)
        _quit(app)
    saved = lesson.path.read_text()
    assert answered in saved
    assert saved.count("EDAFTER") == 1
    assert "x1EDAFTER" not in saved
    assert "Ren1EDAFTER" not in saved


def test_text_typed_behind_enter_on_a_new_lesson_goes_into_its_note(tmp_path: Path) -> None:
    course, _lesson = _course(tmp_path)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("After course")
        app.focus_editor()
        app.burst(("C-n",), "Lz", ("Enter",), "NEWTEXT")
        app.wait_for_text("NEWTEXT")
        app.keys("C-s")
        wait_until(lambda: "NEWTEXT" in _all_text(course), "the note saved", 30)
        _quit(app)
    lessons = {lesson.title: lesson for lesson in Course.load(course.root).lessons}
    assert "NEWTEXT" in lessons["Lz"].body


def test_text_typed_behind_ctrl_s_on_f7_goes_into_the_note(tmp_path: Path) -> None:
    course, lesson = _course(tmp_path)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("After course")
        app.focus_editor()
        app.burst(("F7",), " X", ("C-s",), "after")
        app.wait_for_text("Saved the details")
        app.wait_for_text("after")
        app.keys("C-s")
        wait_until(lambda: "after" in lesson.path.read_text(), "the note saved", 30)
        _quit(app)
    assert Course.load(course.root).title == "After course X"


def test_a_paste_behind_a_dialogs_answer_goes_into_the_note(tmp_path: Path) -> None:
    course, lesson = _course(tmp_path)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("After course")
        app.focus_editor()
        app.tmux(
            "send-keys", "-t", "app", "C-l", ";",
            "send-keys", "-t", "app", "-l", "x3", ";",
            "send-keys", "-t", "app", "Enter", ";",
            "set-buffer", "-b", "t", "PASTED", ";",
            "paste-buffer", "-p", "-r", "-d", "-b", "t", "-t", "app",
        )  # fmt: skip
        app.wait_for_text("PASTED")
        app.keys("C-s")
        wait_until(lambda: "PASTED" in lesson.path.read_text(), "the note saved", 30)
        _quit(app)
    saved = lesson.path.read_text()
    assert "- [x] x3\n" in saved


def test_keys_typed_behind_tab_on_the_export_dialog_go_to_the_next_box(tmp_path: Path) -> None:
    """`f9 tab XYZ` in one burst: tab moved the focus only after XYZ had gone to the
    format list, which dropped it."""
    course, _lesson = _course(tmp_path)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("After course")
        app.burst(("F9", "Tab"), "XYZ")
        app.wait_for_text("XYZ")
        assert ".mdXYZ" in app.screen()  # at the end of the path to write to


def test_ctrl_q_behind_a_dialogs_answer_and_text_saves_both(tmp_path: Path) -> None:
    """`ctrl+l x enter typed ctrl+q` in one burst: the item, then the text, then quit."""
    course, lesson = _course(tmp_path)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("After course")
        app.focus_editor()
        app.burst(("C-l",), "x", ("Enter",), "typed", ("C-q",))
        app.wait_for_exit()
    body = lesson.path.read_text().split("---\n", 2)[2]
    assert body.startswith("typednotes\n")
    assert "- [x] x\n" in body


def test_enter_on_an_empty_prompt_keeps_the_keys_behind_it_in_the_prompt(
    tmp_path: Path,
) -> None:
    """The prompt stays open (nothing typed): the keys behind enter are its own."""
    course, lesson = _course(tmp_path)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("After course")
        app.focus_editor()
        app.burst(("C-l",), ("Enter",), "late item", ("Enter",))
        wait_until(lambda: "- [x] late item" in lesson.path.read_text(), "the item saved", 30)
        _quit(app)


def test_a_path_typed_behind_enter_on_file_and_ctrl_s_brings_the_file_in(
    tmp_path: Path,
) -> None:
    """f6, `File…` (four tabs from the title), then enter, a path and ctrl+s in one
    burst: the keys went to the button, and the picker opened on its folder tree,
    which takes no text, so the path typed (or pasted) there went nowhere."""
    from lessontui.services.demo_clip import make_clip

    course, lesson = _course(tmp_path)
    clip = make_clip(tmp_path / "elsewhere" / "clip.mp4", 3)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("After course")
        app.focus_editor()
        app.keys("F6")
        app.wait_for_text("Lesson details")
        app.burst(("Tab", "Tab", "Tab", "Tab", "Enter"), str(clip), ("C-s",))
        wait_until(
            lambda: (
                "video: ../media/clip.mp4" in lesson.path.read_text()
                or "media/clip.mp4" in app.screen()
            ),
            "the file brought in",
            30,
        )
        app.keys("C-s")
        wait_until(lambda: "video:" in lesson.path.read_text(), "the form saved", 30)
        _quit(app)
    assert (course.root / "media" / "clip.mp4").is_file()


def test_keys_typed_behind_ctrl_s_in_the_file_picker_go_to_the_form(tmp_path: Path) -> None:
    """f6, `File…`, a path, ctrl+s, and in the same burst shift+tab back to the title,
    ` more`, ctrl+s: the keys behind the picker's ctrl+s went into its path box while
    the copy ran, and were dropped when it closed."""
    from lessontui.services.demo_clip import make_clip

    course, lesson = _course(tmp_path)
    clip = make_clip(tmp_path / "elsewhere" / "clip.mp4", 3)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("After course")
        app.focus_editor()
        app.keys("F6")
        app.wait_for_text("Lesson details")
        app.burst(
            ("Tab", "Tab", "Tab", "Tab", "Enter"), str(clip), ("C-s",),
            ("BTab", "BTab", "BTab", "BTab"), " more", ("C-s",),
        )  # fmt: skip
        wait_until(lambda: "title: Lesson more" in lesson.path.read_text(), "the form saved", 30)
        _quit(app)
    assert "video: ../media/clip.mp4" in lesson.path.read_text()
    assert (course.root / "media" / "clip.mp4").is_file()


def test_escape_in_the_file_picker_with_a_typed_path_asks_first(tmp_path: Path) -> None:
    """A path typed in the picker, then escape: it was dropped without a word; it asks,
    as every other dialog does, and Cancel goes back to the path."""
    course, _ = _course(tmp_path)
    path = str(tmp_path / "some" / "vidéo ☃.mp4")
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("After course")
        app.focus_editor()
        app.keys("F6")
        app.wait_for_text("Lesson details")
        app.burst(("Tab", "Tab", "Tab", "Tab", "Enter"), path, ("Escape",))
        app.wait_for_text("Drop your changes?")
        app.keys("Escape")  # no: back to the picker, the path still there
        wait_until(lambda: "Drop your changes?" not in app.screen(), "the question to close")
        app.wait_for_text("vidéo ☃.mp4")
        app.keys("Escape")
        app.wait_for_text("Drop your changes?")
        app.keys("y")
        wait_until(lambda: "vidéo" not in app.screen(), "the picker to close")
        app.wait_for_text("Lesson details")
        app.keys("Escape")
        wait_until(lambda: "Lesson details" not in app.screen(), "the form to close")
        _quit(app)
