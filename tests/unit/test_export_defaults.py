"""The user's `[export]` config table: defaults under course.md's `export:` block,
under command-line flags and the export screen's choices; yes/no values parsed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Select, TextArea

from lessontui.cli import main
from lessontui.config import Settings, load_settings
from lessontui.course.course import Course
from lessontui.services import exporter
from lessontui.services.exporter import ExportOptions, parse_flag
from lessontui.tui.app import LessonApp
from lessontui.tui.screens.export_screen import ExportScreen
from tests.screen import press_and_settle


def plain_course(root: Path, **export: object) -> Course:
    """A course with one ticked and one open learned item; `export` is course.md's block."""
    fields = {"export": export} if export else {}
    course = Course.create(root, "Plain", **fields)
    course.add_lesson("One", "notes of one\n\n## Things I learned\n- [x] ticked\n- [ ] open\n")
    return Course.load(root)


def write_config(text: str) -> None:
    path = Path(os.environ["LESSONTUI_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        ("true", True),
        ("false", False),
        ("Yes", True),
        (" no ", False),
        ("maybe", None),
        (1, None),
        (0, None),
        (None, None),
        ([], None),
    ],
)
def test_parse_flag(value: object, expected: bool | None) -> None:
    assert parse_flag(value) is expected


def test_string_false_in_course_md_is_false(tmp_path: Path) -> None:
    course = plain_course(tmp_path / "c", notes="false", unchecked="no")
    options = ExportOptions.for_course(course)
    assert (options.notes, options.unchecked) == (False, False)
    assert "notes of one" not in exporter.jekyll_page(course, options)
    course = plain_course(tmp_path / "d", notes="yes", unchecked="TRUE")
    options = ExportOptions.for_course(course)
    assert (options.notes, options.unchecked) == (True, True)


def test_a_value_that_is_not_yes_or_no_is_ignored(tmp_path: Path) -> None:
    course = plain_course(tmp_path / "c", notes="maybe", unchecked=1)
    assert ExportOptions.for_course(course).notes is False
    assert ExportOptions.for_course(course).unchecked is False
    # Ignored means the next layer decides: the user's config.
    options = ExportOptions.for_course(course, defaults={"notes": True, "unchecked": True})
    assert (options.notes, options.unchecked) == (True, True)


def test_layers_flags_over_course_over_config(tmp_path: Path) -> None:
    config = {"format": "html", "notes": True, "layout": "post", "learned_label": "Got:"}
    bare = plain_course(tmp_path / "bare")
    options = ExportOptions.for_course(bare, defaults=config)
    assert (options.format, options.notes, options.unchecked) == ("html", True, False)
    page = exporter.jekyll_page(bare, options)
    assert "layout: post\n" in page
    assert "Got:" in page
    assert "notes of one" in page

    own = plain_course(tmp_path / "own", layout="project", notes=False, format="jekyll")
    options = ExportOptions.for_course(own, defaults=config)
    assert (options.format, options.notes) == ("jekyll", False)
    page = exporter.jekyll_page(own, options)
    assert "layout: project\n" in page
    assert "Got:" in page
    assert "notes of one" not in page

    flagged = ExportOptions.for_course(own, defaults=config, notes=True, format="html")
    assert (flagged.format, flagged.notes) == ("html", True)
    assert ExportOptions.for_course(own, defaults=config, notes=None).notes is False


def test_cli_export_uses_the_config_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config('[export]\nlayout = "post"\nnotes = true\nunchecked = true\n')
    course = plain_course(tmp_path / "c")
    assert main(["export", str(course.root)]) == 0
    page = capsys.readouterr().out
    assert page.startswith("---\nlayout: post\n")
    assert "notes of one" in page
    assert "- [ ] open" in page
    assert main(["export", str(course.root), "--no-notes", "--no-unchecked"]) == 0
    page = capsys.readouterr().out
    assert "layout: post\n" in page
    assert "notes of one" not in page
    assert "open" not in page
    own = plain_course(tmp_path / "own", layout="project", notes=False)
    assert main(["export", str(own.root)]) == 0
    page = capsys.readouterr().out
    assert "layout: project\n" in page
    assert "notes of one" not in page
    assert "- [ ] open" in page


def test_cli_export_reports_bad_config_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(
        '[export]\nformat = "pdf"\nnotes = "sometimes"\noutput = "x.md"\nlayout = "post"\n'
    )
    course = plain_course(tmp_path / "c")
    assert main(["export", str(course.root)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("---\nlayout: post\n")
    assert 'export format = "pdf" is not' in captured.err
    assert 'export notes = "sometimes" is not true or false' in captured.err
    assert "unknown export option 'output'" in captured.err


def test_config_export_table_is_validated(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n[export]\nnotes = "yes"\nfields = 3\nlayout = "post"\n')
    settings = load_settings(path)
    assert settings.export == {"notes": "yes", "layout": "post"}
    assert settings.problems == [
        f"{path}, line 2: export fields = 3 is not a table; ignored",
    ]


async def test_export_screen_starts_from_the_config_table(tmp_path: Path) -> None:
    course = plain_course(tmp_path / "c")
    config = {"format": "html", "notes": True, "layout": "post"}
    app = LessonApp(course=course, settings=Settings(autosave_delay=60, export=config))
    async with app.run_test(size=(150, 50)) as pilot:
        await press_and_settle(app, pilot, "f9")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert screen.query_one("#export-format", Select).value == "html"
        assert screen.query_one("#export-notes", Checkbox).value is True
        assert screen.query_one("#export-unchecked", Checkbox).value is False
        assert "notes of one" in screen.query_one("#export-preview", TextArea).text
        # A choice on the screen keeps the config's other defaults (layout here).
        screen.query_one("#export-format", Select).value = "jekyll"
        await press_and_settle(app, pilot)
        assert screen.options.format == "jekyll"
        assert screen.options.defaults == config
        assert "layout: post\n" in screen.query_one("#export-preview", TextArea).text


async def test_export_screen_course_md_wins_over_config(demo_course: Course) -> None:
    settings = Settings(autosave_delay=60, export={"layout": "post", "format": "jekyll"})
    app = LessonApp(course=Course.load(demo_course.root), settings=settings)
    async with app.run_test(size=(150, 50)) as pilot:
        await press_and_settle(app, pilot, "f9")
        text = app.screen.query_one("#export-preview", TextArea).text
        assert text.startswith("---\nlayout: project\n")  # the demo's course.md says so
