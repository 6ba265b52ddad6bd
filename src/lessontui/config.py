"""User settings: a TOML file in the platform config folder, with safe defaults."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from platformdirs import user_config_path, user_data_path

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
    timestamp_offset: float = 2.0  # stamp this many seconds before "now"
    pause_on_timestamp: bool = False
    done_threshold: float = 0.9  # fraction watched that marks a lesson done
    download_format: str = "bv*[height<=720][ext=mp4]+ba[ext=m4a]/b[height<=720][ext=mp4]/b"
    show_preview: bool = True
    mpv: str = "mpv"  # the mpv program (a name on PATH or a full path)
    mpv_args: list[str] = field(default_factory=list)  # extra mpv options, e.g. ["--fs"]
    mpv_socket: str = ""  # attach to an mpv started with --input-ipc-server=PATH
    seek_step: float = 5.0  # seconds, alt+left / alt+right
    seek_long_step: float = 30.0  # seconds, alt+shift+left / alt+shift+right
    position_save_interval: float = 5.0  # save the resume point at most this often
    keymap: dict[str, str] = field(default_factory=dict)
    export: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # why parts of the file were ignored


def load_settings(path: Path | None = None) -> Settings:
    """Settings from the config file; a bad file or value falls back to defaults."""
    path = path or config_path()
    settings = Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return settings
    except (OSError, UnicodeDecodeError) as error:
        settings.problems.append(f"{path}: cannot read ({error}); using defaults")
        return settings
    except tomllib.TOMLDecodeError as error:
        settings.problems.append(f"{path}: {error}; using defaults")
        return settings
    known = {f.name: f for f in fields(Settings) if f.name != "problems"}
    for key, value in raw.items():
        if key not in known:
            settings.problems.append(f"{path}: unknown option {key!r} ignored")
            continue
        current = getattr(settings, key)
        try:
            converted = _convert(current, value)
        except (TypeError, ValueError):
            settings.problems.append(
                f"{path}: {key} = {value!r} is not a {type(current).__name__}; default kept"
            )
            continue
        setattr(settings, key, converted)
    return settings


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
    if not isinstance(value, type(current)):
        raise TypeError
    return value
