"""User settings: a TOML file in the platform config folder, with safe defaults.

A bad file or a bad value never stops the app: the default is kept and a message
naming the file and line says why (`Settings.problems`). Every option is
documented in `OPTIONS`; `lessontui config --show` and docs/settings.md use it.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from platformdirs import user_config_path, user_data_path

from lessontui.course.export_options import SWITCHES, assets_folder

APP_NAME = "lessontui"
CONFIG_ENV = "LESSONTUI_CONFIG"
LIBRARY_ENV = "LESSONTUI_LIBRARY"


def config_path() -> Path:
    override = os.environ.get(CONFIG_ENV)
    return Path(override).expanduser() if override else user_config_path(APP_NAME) / "config.toml"


def default_library() -> Path:
    override = os.environ.get(LIBRARY_ENV)
    return Path(override).expanduser() if override else user_data_path(APP_NAME) / "courses"


@dataclass
class Settings:
    library: Path = field(default_factory=default_library)
    theme: str = "textual-dark"
    autosave_delay: float = 1.0  # seconds after typing stops
    autosave_max_wait: float = 5.0  # seconds of typing that never stops before a save
    timestamp_offset: float = 2.0  # stamp this many seconds before "now"
    pause_on_timestamp: bool = False
    done_threshold: float = 0.9  # fraction watched that marks a lesson done
    download_format: str = "bv*[height<=720][ext=mp4]+ba[ext=m4a]/b[height<=720][ext=mp4]/b"
    show_preview: bool = True
    preview_images: str = "auto"  # one of IMAGE_MODES
    seek_step: float = 5.0
    seek_long_step: float = 30.0
    position_save_interval: float = 5.0
    mpv: str = "mpv"
    mpv_args: list[str] = field(default_factory=list)
    mpv_socket: str = ""
    subtitle_langs: list[str] = field(default_factory=lambda: ["en"])
    keymap: dict[str, str] = field(default_factory=dict)
    export: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # why parts of the file were ignored


# Every option, with what it does; docs/settings.md's table and `config --show` come from this.
OPTIONS: dict[str, str] = {
    "library": "folder holding your courses (the library screen lists them); "
    "LESSONTUI_LIBRARY overrides it",
    "theme": "Textual theme; choosing one in the app (palette: Theme) writes it here",
    "autosave_delay": "seconds of quiet after typing before the note is saved",
    "autosave_max_wait": "while typing never pauses, the note is still saved this often "
    "(seconds): at most this much typing is lost if the app is killed",
    "timestamp_offset": "a stamp is this many seconds before the playing time (reaction time)",
    "pause_on_timestamp": "pause the video while you type after stamping a time",
    "done_threshold": "fraction of a video watched that marks its lesson done (0-1)",
    "download_format": "yt-dlp format for downloaded videos",
    "show_preview": "show the Markdown preview beside the editor at start",
    "preview_images": '"auto" draws the course\'s images (captured frames) in the preview '
    "with Kitty graphics where the terminal has them (kitty, Ghostty; never inside "
    'tmux), else in Unicode half blocks; "kitty" or "halfblocks" forces one; "off" shows '
    "their line only (true is auto, false is off)",
    "seek_step": "seconds a short seek moves",
    "seek_long_step": "seconds a long seek moves",
    "position_save_interval": "seconds between saves of the playing position",
    "mpv": "the mpv program to run",
    "mpv_args": "extra mpv arguments, a list of strings",
    "mpv_socket": "attach to an mpv already running with this IPC socket",
    "subtitle_langs": 'subtitle languages to fetch and show, first found wins, e.g. ["en", "de"]',
    "keymap": '[keymap] table: binding id = keys, e.g. "search.open" = "ctrl+g" '
    "(ids are listed on the help screen, F1)",
    "export": "[export] table: export defaults for every course (format, notes, unchecked, "
    "layout, fields, front_matter, learned_label, ...); course.md's export: block wins, "
    "then command-line flags",
}

# How the preview draws images (render/kitty.py says how "auto" chooses).
IMAGE_MODES = ("auto", "kitty", "halfblocks", "off")

# Allowed ranges of numeric options: (lowest, highest).
_RANGES: dict[str, tuple[float, float]] = {
    "autosave_delay": (0.1, 3600.0),
    "autosave_max_wait": (0.5, 3600.0),
    "timestamp_offset": (0.0, 60.0),
    "done_threshold": (0.0, 1.0),
    "seek_step": (0.1, 3600.0),
    "seek_long_step": (0.1, 36000.0),
    "position_save_interval": (0.5, 3600.0),
}


def load_settings(path: Path | None = None) -> Settings:
    """Settings from the config file; a bad file or value falls back to defaults."""
    path = path or config_path()
    settings = Settings()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return settings
    except (OSError, UnicodeDecodeError) as error:
        settings.problems.append(f"{path}: cannot read ({error}); using the defaults")
        return settings
    import tomllib  # here: most users have no config file, and it costs 3-10 ms at start-up

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib's message says "(at line N, column M)", or "(at end of document)".
        message = str(error).replace(
            "at end of document", f"at the end, line {text.count(chr(10)) + 1}"
        )
        settings.problems.append(f"{path}: not valid TOML: {message}; using the defaults")
        return settings
    known = {f.name: f for f in fields(Settings) if f.name != "problems"}
    for key, value in raw.items():
        where = f"{path}, line {_line_of(text, key)}"
        if key not in known:
            settings.problems.append(f"{where}: unknown option {key!r} ignored")
            continue
        current = getattr(settings, key)
        if key == "preview_images":
            mode = _image_mode(value)
            if mode is None:
                settings.problems.append(
                    f"{where}: {key} = {_show(value)} is not one of {', '.join(IMAGE_MODES)} "
                    "(or true, false); default kept"
                )
            else:
                settings.preview_images = mode
            continue
        try:
            converted = _convert(current, value)
        except (TypeError, ValueError):
            settings.problems.append(
                f"{where}: {key} = {_show(value)} is not {_kind(current)}; default kept"
            )
            continue
        low, high = _RANGES.get(key, (None, None))
        if low is not None and not low <= converted <= high:
            settings.problems.append(
                f"{where}: {key} = {_show(value)} is outside {low:g} to {high:g}; default kept"
            )
            continue
        if key == "keymap":
            converted = _clean_keymap(converted, where, settings.problems)
        if key == "export":
            converted = _clean_export(converted, where, settings.problems)
        setattr(settings, key, converted)
    return settings


def _line_of(text: str, key: str) -> int:
    """The line where `key` is set (a top-level key or a [table] header), 1-based."""
    pattern = re.compile(
        rf"""^[ \t]*(?:\[[ \t]*{re.escape(key)}[ \t]*\]|["']?{re.escape(key)}["']?[ \t]*=)""",
        re.MULTILINE,
    )
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _image_mode(value: Any) -> str | None:
    """The preview_images value as a mode; the old true/false still work."""
    if isinstance(value, bool):
        return "auto" if value else "off"
    if isinstance(value, str) and value.strip().lower() in IMAGE_MODES:
        return value.strip().lower()
    return None


def _clean_keymap(keymap: dict[str, Any], where: str, problems: list[str]) -> dict[str, str]:
    clean = {}
    for binding_id, keys in keymap.items():
        # Empty pieces (",,,", "ctrl+g,") bound the action to no key at all, silently;
        # a control character is a key no terminal sends.
        names = [k for k in keys.replace(" ", "").split(",") if k] if isinstance(keys, str) else []
        if names and not any(_CONTROL_CHARACTER.search(name) for name in names):
            clean[binding_id] = ",".join(names)
        else:
            problems.append(f'{where}: keymap {binding_id!r} must be keys like "ctrl+g"; ignored')
    return clean


_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")


# What the [export] table may set: the keys of course.md's `export:` block that
# make sense for every course (`output` is one course's file, so it stays there).
EXPORT_KEYS: dict[str, str] = {
    "format": '"jekyll" or "html"',
    "notes": "true or false",
    "unchecked": "true or false",
    "layout": "a string",
    "learned_label": "a string",
    "excerpt_separator": "a string",
    "template": "a string",
    "fields": "a table",
    "front_matter": "a table",
    "assets": "a folder name relative to the page",
    **{name: "true or false" for name, _, _ in SWITCHES},
}


def _clean_export(table: dict[str, Any], where: str, problems: list[str]) -> dict[str, Any]:
    """The [export] table without unknown keys or values of the wrong kind."""
    clean = {}
    for key, value in table.items():
        kind = EXPORT_KEYS.get(key)
        if kind is None:
            hint = " (set it in the course's course.md)" if key == "output" else ""
            problems.append(f"{where}: unknown export option {key!r} ignored{hint}")
            continue
        if kind == "true or false":
            ok = isinstance(value, bool) or (
                isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no")
            )
        elif kind == "a table":
            ok = isinstance(value, dict)
        elif key == "assets":
            ok = isinstance(value, str) and assets_folder(value) == value.strip().rstrip("/")
        elif key == "format":
            ok = value in ("jekyll", "html")
        else:
            ok = isinstance(value, str)
        if not ok:
            problems.append(f"{where}: export {key} = {_show(value)} is not {kind}; ignored")
            continue
        clean[key] = value
    return clean


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _kind(current: Any) -> str:
    if isinstance(current, bool):
        return "true or false"
    if isinstance(current, float):
        return "a number"
    if isinstance(current, dict):
        return "a table"
    if isinstance(current, list):
        return "a list of strings"
    return "a string"


def _convert(current: Any, value: Any) -> Any:
    if isinstance(current, Path):
        if not isinstance(value, str):
            raise TypeError
        return Path(value).expanduser()
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise TypeError
        return value
    if isinstance(current, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError
        return float(value)
    if isinstance(current, dict):
        if not isinstance(value, dict):
            raise TypeError
        return dict(value)
    if isinstance(current, list):
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise TypeError
        return list(value)
    if not isinstance(value, type(current)):
        raise TypeError
    return value


def effective_toml(settings: Settings) -> str:
    """The settings in effect, as a TOML file with each option's comment."""
    lines = []
    tables = []
    for item in fields(Settings):
        name = item.name
        if name == "problems":
            continue
        value = getattr(settings, name)
        if isinstance(value, dict):
            tables.append((name, value))
            continue
        lines.append(f"# {OPTIONS.get(name, '')}")
        lines.append(f"{name} = {_toml_value(value)}")
    for name, table in tables:
        lines.append("")
        lines.append(f"# {OPTIONS.get(name, '')}")
        lines.append(f"[{name}]")
        for key, value in table.items():
            lines.append(f"{json.dumps(key)} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, Path):
        value = str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(x) for x in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
        )
    # A JSON string is a valid TOML basic string once non-ASCII is kept as is.
    return json.dumps(str(value), ensure_ascii=False)


def save_theme(theme: str, path: Path | None = None) -> str | None:
    """Store the theme in the config file, changing only its `theme` value.

    Returns None when saved, or why not (the file cannot be read or is not
    valid TOML). tomlkit edits the document in place, so the user's comments,
    order and other options stay as they were.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    from lessontui.course.atomic import atomic_write

    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as error:
        return f"cannot read {path}: {error}"
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as error:
        return f"{path} is not valid TOML ({error}); theme not saved"
    if document.get("theme") == theme:
        return None
    document["theme"] = theme  # a new top-level key goes before the first [table]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, tomlkit.dumps(document).encode("utf-8"))
    except OSError as error:
        return f"cannot write {path}: {error}"
    return None
