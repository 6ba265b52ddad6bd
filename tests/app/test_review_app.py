"""The review screen in the app: due count, marks in the learned pane, grades into the log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Label, Static

from lessontui.config import Settings
from lessontui.course import reviews
from lessontui.course.course import Course
from lessontui.tui.app import LessonApp
from lessontui.tui.screens.conflict import ConflictScreen
from lessontui.tui.screens.review_screen import ReviewScreen

BODY = """[3:05] timm collects many pretrained image models

## Things I learned
- [x] timm is a pytorch library of image models
- [ ] python decorators
- [x] [7:00] fine tuning needs few epochs
"""


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 10) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met in time")


def make_course(root: Path) -> Course:
    course = Course.create(root, "Fast.ai")
    course.add_lesson("Lesson 1", body=BODY)
    course.add_lesson("Lesson 2", body="no list\n")
    return Course.load(root)


def progress(app: LessonApp) -> str:
    return str(app.screen.query_one("#progress", Label).content)


async def test_review_session_grades_into_the_log(tmp_path: Path) -> None:
    course = make_course(tmp_path / "c")
    app = LessonApp(course=course, settings=Settings(autosave_delay=60))
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: "2 to review" in progress(app))
        await wait_for(pilot, lambda: app.main_screen.learned.due == {0, 2})
        await pilot.press("alt+v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        item = str(screen.query_one("#review-item", Static).content)
        assert item == "timm is a pytorch library of image models"
        await pilot.press("space")
        context = str(screen.query_one("#review-context", Static).content)
        assert "[3:05]" in context
        assert "Lesson 1" in context
        await pilot.press("3")  # good: a learning step, shown again later this session
        await pilot.press("4")  # easy: done for days
        await wait_for(pilot, lambda: len(reviews.read_log(course.root).records) == 2)
        assert [r.grade for r in reviews.read_log(course.root).records] == [3, 4]
        # good on a new card is a learning step of minutes: shown again this session
        assert screen.queue
        assert screen.queue[0].item.text.startswith("timm")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ReviewScreen))
        assert "to review" not in progress(app)
        assert app.main_screen.learned.due == set()


async def test_open_note_goes_to_the_moment_and_keys_without_a_card_do_nothing(
    tmp_path: Path,
) -> None:
    course = make_course(tmp_path / "c")
    app = LessonApp(course=course, settings=Settings(autosave_delay=60))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("alt+v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("o")
        await wait_for(pilot, lambda: not isinstance(app.screen, ReviewScreen))
        assert app.main_screen.editor.cursor_location == (0, 0)  # the [3:05] line
        # Everything graded easy: a second session has no card; the grade keys do nothing.
        later = dt.datetime.now(dt.UTC)
        items = reviews.schedule(
            [reviews.LessonText(x.path, x.title, x.body) for x in course.lessons],
            reviews.ReviewLog(),
            later,
        )
        reviews.append(course.root, [reviews.grade(i, 4, later) for i in items])
        await pilot.press("alt+v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("space", "1", "1", "4", "p", "o")
        assert isinstance(app.screen, ReviewScreen)
        assert "Nothing to review" in str(app.screen.query_one("#review-item", Static).content)
        assert len(reviews.read_log(course.root).records) == 2


async def test_the_export_dialog_writes_the_anki_deck(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import zipfile

    from textual.widgets import Button, Input

    from lessontui.services import anki_export
    from lessontui.tui.screens.export_screen import ExportScreen

    # In a thread: a deck of 5,000 items took 0.84 s, the app's thread held meanwhile.
    on_app_thread: list[Path] = []
    write_apkg = anki_export.write_apkg

    def watched(path: Path, course: Course) -> int:
        if threading.current_thread() is threading.main_thread():
            on_app_thread.append(path)
        return write_apkg(path, course)

    monkeypatch.setattr(anki_export, "write_apkg", watched)
    course = make_course(tmp_path / "c")
    app = LessonApp(course=course, settings=Settings(autosave_delay=60))
    target = tmp_path / "out" / "deck.md"
    target.parent.mkdir()
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        app.screen.query_one("#export-path", Input).value = str(target)
        app.screen.query_one("#export-anki", Button).press()
        await wait_for(pilot, lambda: any("Wrote" in n.message for n in app._notifications))
    assert on_app_thread == []
    with zipfile.ZipFile(target.with_suffix(".apkg")) as archive:
        assert "collection.anki2" in archive.namelist()
    assert not target.exists()


async def test_stats_view_counts_this_sessions_grades(tmp_path: Path) -> None:
    from textual_plotext import PlotextPlot

    from lessontui.tui.screens.review_stats import ReviewStatsScreen

    course = make_course(tmp_path / "c")
    app = LessonApp(course=course, settings=Settings(autosave_delay=60))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("alt+v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("4", "s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewStatsScreen))
        summary = str(app.screen.query_one("#stats-summary", Label).content)
        assert "1 due · 1 items · 1 reviews · no repeats" in summary
        assert len(app.screen.query(PlotextPlot)) == 2
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))


async def test_a_grade_that_cannot_be_written_is_kept_and_written_with_the_next(
    tmp_path: Path,
) -> None:
    course = make_course(tmp_path / "c")
    blocker = reviews.log_path(course.root)
    blocker.mkdir(parents=True)  # a folder where the log goes: no write can succeed
    app = LessonApp(course=course, settings=Settings(autosave_delay=60))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("alt+v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("4")
        await wait_for(pilot, lambda: any("not written" in n.message for n in app._notifications))
        blocker.rmdir()
        await pilot.press("4")
        await wait_for(pilot, lambda: len(reviews.read_log(course.root).records) == 2)


async def test_the_library_review_grades_into_each_courses_log(tmp_path: Path) -> None:
    from lessontui.tui.screens.library import LibraryScreen

    library = tmp_path / "library"
    first = make_course(library / "a")
    second = make_course(library / "b")
    app = LessonApp(course=None, settings=Settings(autosave_delay=60, library=library), review=True)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await wait_for(pilot, lambda: not screen.finding)
        # Drawn, not only laid out (a screen's own `loading` would hide it behind a spinner).
        await pilot.pause()
        assert "4&#160;to&#160;go" in app.export_screenshot()
        progress_text = str(screen.query_one("#review-progress", Label).content)
        assert "the library · 4 to go" in progress_text
        await pilot.press("4", "4", "4", "4")
        await wait_for(pilot, lambda: len(reviews.read_log(second.root).records) == 2)
        assert len(reviews.read_log(first.root).records) == 2
        assert "All done" in str(screen.query_one("#review-item", Static).content)
        await pilot.press("escape")  # no course open: the library comes next
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))


async def test_a_big_course_is_counted_in_a_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lessontui.tui.features.review import Review

    monkeypatch.setattr(Review, "COUNT_AT_ONCE", 0)
    course = make_course(tmp_path / "c")
    app = LessonApp(course=course, settings=Settings(autosave_delay=60))
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: "2 to review" in progress(app))
        await wait_for(pilot, lambda: app.main_screen.learned.due == {0, 2})


async def test_ticking_an_item_makes_it_due_once_saved(tmp_path: Path) -> None:
    course = make_course(tmp_path / "c")
    app = LessonApp(course=course, settings=Settings(autosave_delay=60))
    async with app.run_test(size=(160, 40)) as pilot:
        main = app.main_screen
        main.open_lesson(course.lessons[0])
        await wait_for(pilot, lambda: "2 to review" in progress(app))
        main.learned.focus()
        main.learned.highlighted = 1  # "python decorators", unticked
        await pilot.press("space", "ctrl+s")
        await wait_for(pilot, lambda: "3 to review" in progress(app))
        assert main.learned.due == {0, 1, 2}
        await pilot.press("space", "ctrl+s")  # unticked again: out of the schedule
        await wait_for(pilot, lambda: "2 to review" in progress(app))


@pytest.mark.parametrize("top", [0, 1, 3, 7, 250])
async def test_stats_charts_count_in_whole_numbers(tmp_path: Path, top: int) -> None:
    from textual.app import App
    from textual_plotext import PlotextPlot

    from lessontui.tui.screens.review_stats import ReviewStatsScreen

    today = dt.date(2026, 12, 7)
    figures = reviews.Stats(
        reviews_per_day={today: top}, learned_per_week={"2026-W49": top}, retention=None,
        reviews=top, cards=top,
    )  # fmt: skip
    app: App[None] = App()
    async with app.run_test(size=(120, 50)) as pilot:
        app.push_screen(ReviewStatsScreen("a course", figures, 0, today))
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewStatsScreen))
        await pilot.pause()
        for plot in app.screen.query(PlotextPlot):
            drawn = plot.render()
            lines = getattr(drawn, "plain", str(drawn)).splitlines()
            labels = [line.split("┤")[0].strip() for line in lines if "┤" in line]
            assert labels, lines
            assert all(label.isdigit() for label in labels), labels  # no 0.25 of a review
            assert int(labels[0]) >= top
            assert labels[-1] == "0"


async def test_alt_v_while_the_note_cannot_be_saved_leaves_the_question_on_top(
    tmp_path: Path,
) -> None:
    """The file changed on disk under typed text: alt+v's save is refused and asks what
    to keep; the review does not open over that question (it would read the old file)."""
    course = make_course(tmp_path / "c")
    app = LessonApp(course=course, settings=Settings(autosave_delay=60))
    async with app.run_test(size=(160, 40)) as pilot:
        main = app.main_screen
        await wait_for(pilot, lambda: "2 to review" in progress(app))
        lesson = course.lessons[0]
        main.open_lesson_at(lesson, 0)
        await pilot.press("x")
        lesson.path.write_text(lesson.path.read_text() + "- [x] written elsewhere\n")
        main.disk_watch.last_typed = 0  # typed a while ago: the refused save asks at once
        await pilot.press("alt+v")
        await pilot.pause()
        assert not any(isinstance(s, ReviewScreen) for s in app.screen_stack)
        assert isinstance(app.screen, ConflictScreen)
        assert "x[3:05]" in main.editor.text  # the typed text is still there


async def test_the_due_line_names_the_key_the_keymap_gave_review(tmp_path: Path) -> None:
    course = make_course(tmp_path / "c")
    settings = Settings(autosave_delay=60, keymap={"review.open_screen": "f12,ctrl+y"})
    app = LessonApp(course=course, settings=settings)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: "2 to review (f12)" in progress(app))
        await pilot.press("f12")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))


async def test_a_keymap_value_that_looks_like_markup_is_shown_as_typed(tmp_path: Path) -> None:
    course = make_course(tmp_path / "c")
    keys = "[@click=app.quit]x[/italic]"
    settings = Settings(autosave_delay=60, keymap={"review.open_screen": keys})
    app = LessonApp(course=course, settings=settings)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: f"2 to review ({keys})" in progress(app))
        await pilot.pause()
        assert app.is_running


async def test_open_note_finds_the_item_in_the_note_as_it_is_now(tmp_path: Path) -> None:
    # Another instance (or an editor) added lines above the item while its card was
    # on screen: `o` put the cursor on the line number read before, an inserted line.
    course = Course.create(tmp_path / "c", "Fast.ai")
    course.add_lesson("Lesson 1", body="no list\n")
    course.add_lesson("Lesson 2", body=BODY)
    course = Course.load(course.root)
    app = LessonApp(course=course, settings=Settings(autosave_delay=60))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("alt+v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        item = str(app.screen.query_one("#review-item", Static).content)
        assert item == "timm is a pytorch library of image models"
        path = course.lessons[1].path
        app.main_screen.disk_watch.check()  # its poll (once a second) knows the file
        text = path.read_text()
        head, body = text.split("---\n", 2)[1:]
        path.write_text(f"---\n{head}---\n" + "added elsewhere\n" * 5 + body)
        app.main_screen.disk_watch.check()  # its poll, a second later, saw the change
        await pilot.press("o")
        await wait_for(pilot, lambda: not isinstance(app.screen, ReviewScreen))
        editor = app.main_screen.editor
        row = editor.cursor_location[0]
        assert editor.document.get_line(row).startswith("[3:05] timm"), (row, editor.text)
        assert "added elsewhere" in editor.text


async def test_a_long_review_log_is_read_in_a_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Years of grades: reading and replaying 20,000 records took 0.26 s, on the app's
    # thread at start, at alt+v and when the review closed (no key read meanwhile).
    import threading

    course = make_course(tmp_path / "c")
    items = reviews.schedule(
        [reviews.LessonText(x.path, x.title, x.body) for x in course.lessons],
        reviews.ReviewLog(),
        dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    records = []
    for n in range(2000):
        at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=n)
        records.append(reviews.grade(items[n % 2], 1, at))  # "again": due at the end
    reviews.append(course.root, records)
    assert reviews.log_path(course.root).stat().st_size > 256 * 1024
    on_app_thread: list[str] = []
    read_log = reviews.read_log

    def watched(root: Path) -> reviews.ReviewLog:
        if threading.current_thread() is threading.main_thread():
            on_app_thread.append(str(root))
        return read_log(root)

    monkeypatch.setattr(reviews, "read_log", watched)
    app = LessonApp(course=course, settings=Settings(autosave_delay=60))
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: "2 to review" in progress(app))
        await pilot.press("alt+v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        screen = app.screen
        await wait_for(
            pilot, lambda: "timm" in str(screen.query_one("#review-item", Static).content)
        )
        await pilot.press("3")
        await wait_for(pilot, lambda: len(read_log(course.root).records) == 2001)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ReviewScreen))
        await wait_for(pilot, lambda: "1 to review" in progress(app))
    assert on_app_thread == []


async def test_grades_not_written_by_the_quit_go_to_a_rescue_file(tmp_path: Path) -> None:
    # "kept for the next one": with no next one, ctrl+q dropped them without a word.
    from lessontui.course import rescue

    course = make_course(tmp_path / "c")
    blocker = reviews.log_path(course.root)
    blocker.mkdir(parents=True)
    app = LessonApp(course=course, settings=Settings(autosave_delay=60))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("alt+v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("4", "4")
        await wait_for(pilot, lambda: any("2 grade(s)" in n.message for n in app._notifications))
    [note] = app.quitter.notes
    assert "2 review grade(s)" in note
    assert str(blocker) in note
    [kept] = list(rescue.rescue_dir().iterdir())
    assert str(kept) in note
    lines = kept.read_text().splitlines()
    assert len(lines) == 2
    assert all(isinstance(reviews.parse_line(x), reviews.Record) for x in lines)
