"""Settings file: every option loads, bad files and values fall back with the line named."""

from __future__ import annotations

import os
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from lessontui.cli import main
from lessontui.config import (
    OPTIONS,
    Settings,
    config_path,
    effective_toml,
    load_settings,
    save_theme,
)
from lessontui.state import AppState

SETTINGS_DOC = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def _write(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_every_option_is_documented_here_and_in_the_docs() -> None:
    names = {f.name for f in fields(Settings)} - {"problems"}
    assert names == set(OPTIONS)
    documented = SETTINGS_DOC.read_text()
    for name in names:
        assert f"`{name}`" in documented, f"{name} is not in docs/settings.md"


def test_values_are_read(tmp_path: Path) -> None:
    _write(
        'library = "~/courses"\ntheme = "nord"\nautosave_delay = 3\n'
        'mpv_args = ["--no-border"]\n[keymap]\n"search.open" = "ctrl+g"\n'
    )
    settings = load_settings()
    assert settings.problems == []
    assert settings.library == Path("~/courses").expanduser()
    assert (settings.theme, settings.autosave_delay) == ("nord", 3.0)
    assert settings.mpv_args == ["--no-border"]
    assert settings.keymap == {"search.open": "ctrl+g"}


def test_broken_toml_names_the_line_and_keeps_defaults() -> None:
    _write('theme = "nord"\nautosave_delay = = 2\n')
    settings = load_settings()
    assert settings.theme == Settings().theme
    (problem,) = settings.problems
    assert "line 2" in problem
    assert "using the defaults" in problem


def test_bad_values_name_their_line_and_keep_defaults() -> None:
    _write('theme = "nord"\n\nautosave_delay = "soon"\ndone_threshold = 7\nnope = 1\n')
    settings = load_settings()
    assert settings.theme == "nord"
    assert settings.autosave_delay == Settings().autosave_delay
    assert settings.done_threshold == Settings().done_threshold
    text = "\n".join(settings.problems)
    assert "line 3: autosave_delay" in text
    assert "is not a number" in text
    assert "line 4: done_threshold = 7 is outside 0 to 1" in text
    assert "line 5: unknown option 'nope'" in text


def test_effective_toml_round_trips() -> None:
    settings = Settings(keymap={"app.help": "f12"}, mpv_args=["--x"])
    again = tomllib.loads(effective_toml(settings))
    assert again["keymap"] == {"app.help": "f12"}
    assert again["mpv_args"] == ["--x"]
    assert again["library"] == str(settings.library)


def test_save_theme_changes_only_the_theme_line() -> None:
    original = '# my settings\ntheme = "nord"   # dark one\nautosave_delay = 2\n[keymap]\n'
    path = _write(original)
    assert save_theme("gruvbox") is None
    assert path.read_text() == original.replace('"nord"', '"gruvbox"')
    _write("autosave_delay = 2\n[keymap]\ntheme = 'x'\n")  # a theme key inside a table
    assert save_theme("nord") is None
    assert load_settings().theme == "nord"
    assert load_settings().keymap == {"theme": "x"}


def test_save_theme_leaves_a_broken_file_alone() -> None:
    path = _write("theme = \n")
    assert "not valid TOML" in (save_theme("nord") or "")
    assert path.read_text() == "theme = \n"


def test_save_theme_makes_the_file(tmp_path: Path) -> None:
    assert not config_path().exists()
    assert save_theme("nord") is None
    assert load_settings().theme == "nord"


def test_config_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--path"]) == 0
    assert capsys.readouterr().out.strip() == os.environ["LESSONTUI_CONFIG"]
    _write("autosave_delay = true\n")
    assert main(["config", "--show"]) == 0
    captured = capsys.readouterr()
    assert "autosave_delay = 1.0" in captured.out
    assert "line 1" in captured.err


def test_state_remembers_places_and_survives_damage(tmp_path: Path) -> None:
    state = AppState()
    root = tmp_path / "course"
    state.opened(root)
    state.remember_place(root, "02-x.md", (4, 2))
    assert state.save() is None
    again = AppState()
    assert again.last_course == root.resolve()
    assert again.last_place(root) == ("02-x.md", (4, 2))
    assert again.last_opened(root) is not None
    again.path.write_text("{not json")
    assert AppState().last_course is None


@pytest.mark.parametrize(
    ("written", "mode"),
    [
        ("true", "auto"),
        ("false", "off"),
        ('"kitty"', "kitty"),
        ('" HalfBlocks "', "halfblocks"),
        ('"off"', "off"),
    ],
)
def test_preview_images_modes_and_the_old_booleans(written: str, mode: str) -> None:
    _write(f"preview_images = {written}\n")
    settings = load_settings()
    assert (settings.preview_images, settings.problems) == (mode, [])


@pytest.mark.parametrize("written", ['"sixel"', '""', "3", '["kitty"]', '"kitty\\u0000"'])
def test_a_bad_preview_images_value_says_so_and_keeps_auto(written: str) -> None:
    _write(f"theme = 'nord'\npreview_images = {written}\n")
    settings = load_settings()
    assert settings.preview_images == "auto"
    (problem,) = settings.problems
    assert "line 2: preview_images" in problem
    assert "is not one of auto, kitty, halfblocks, off (or true, false)" in problem


def test_export_table_takes_assets_and_the_switches() -> None:
    _write('[export]\nassets = "img/frames"\nvideo_links = false\nthumbnails = true\n')
    settings = load_settings()
    assert settings.problems == []
    assert settings.export == {"assets": "img/frames", "video_links": False, "thumbnails": True}
    for bad in ('"../up"', '"/abs"', '""', "3", '"a b"'):
        _write(f"[export]\nassets = {bad}\n")
        (problem,) = load_settings().problems
        assert "export assets" in problem
        assert "is not a folder name relative to the page" in problem


def test_keymap_values_that_name_no_key_are_reported() -> None:
    """`",,,"` bound the action to no key, silently; a control character is no key;
    empty pieces of a list are dropped."""
    _write(
        '[keymap]\n"search.open" = ",,,"\n"app.help" = "x\\u0000y"\n'
        '"lesson.details" = "f10,,f11,"\n'
    )
    settings = load_settings()
    assert settings.keymap == {"lesson.details": "f10,f11"}
    assert len(settings.problems) == 2
    assert "'search.open'" in settings.problems[0]
    assert "'app.help'" in settings.problems[1]
