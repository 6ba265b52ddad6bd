"""What the app remembers between runs: last course, lesson and cursor, when each course was opened.

Kept in a small JSON file in the platform state folder (not the config file, which
is the user's). A missing or damaged file is simply an empty memory.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from platformdirs import user_state_path

from lessontui.config import APP_NAME

STATE_ENV = "LESSONTUI_STATE"
MAX_COURSES = 200  # forget the oldest beyond this, so the file stays small


def state_path() -> Path:
    override = os.environ.get(STATE_ENV)
    return Path(override).expanduser() if override else user_state_path(APP_NAME) / "state.json"


def _recency(entry: Any) -> str:
    """When a course was last opened or, never opened, added (ISO text sorts by time)."""
    if not isinstance(entry, dict):
        return ""
    return str(entry.get("opened") or entry.get("added") or "")


class AppState:
    """Last course and, per course, last lesson (file name), cursor and open time."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or state_path()
        self.data: dict[str, Any] = {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        if isinstance(loaded, dict):
            self.data = loaded
        if not isinstance(self.data.get("courses"), dict):
            self.data["courses"] = {}

    @staticmethod
    def _key(root: Path) -> str:
        return str(Path(root).expanduser().resolve())

    @property
    def last_course(self) -> Path | None:
        value = self.data.get("last_course")
        return Path(value) if isinstance(value, str) else None

    def course(self, root: Path) -> dict[str, Any]:
        entry = self.data["courses"].get(self._key(root))
        return entry if isinstance(entry, dict) else {}

    def last_opened(self, root: Path) -> dt.datetime | None:
        value = self.course(root).get("opened")
        try:
            return dt.datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None

    def last_place(self, root: Path) -> tuple[str, tuple[int, int]] | None:
        """(lesson file name, (row, column)) where the user was in this course."""
        entry = self.course(root)
        lesson, cursor = entry.get("lesson"), entry.get("cursor")
        if not isinstance(lesson, str):
            return None
        if (
            isinstance(cursor, list)
            and len(cursor) == 2
            and all(isinstance(x, int) and x >= 0 for x in cursor)
        ):
            return lesson, (cursor[0], cursor[1])
        return lesson, (0, 0)

    def opened(self, root: Path, now: dt.datetime | None = None) -> None:
        key = self._key(root)
        entry = self.data["courses"].setdefault(key, {})
        entry["opened"] = (now or dt.datetime.now()).isoformat(timespec="seconds")
        self.data["last_course"] = key
        self._trim()

    def remember_course(self, root: Path) -> None:
        """Keep `root` in the library's list (a course made or imported outside the library)."""
        entry = self.data["courses"].setdefault(self._key(root), {})
        entry.setdefault("added", dt.datetime.now().isoformat(timespec="seconds"))
        self._trim()

    def forget_course(self, root: Path) -> None:
        """Leave the course out of the library's list; its files are not touched."""
        key = self._key(root)
        self.data["courses"].pop(key, None)
        if self.data.get("last_course") == key:
            del self.data["last_course"]

    def known_courses(self) -> list[Path]:
        """Every course folder made, imported or opened with lessontui, newest first."""
        courses = self.data["courses"]
        by_age = sorted(courses, key=lambda k: _recency(courses[k]), reverse=True)
        return [Path(key) for key in by_age]

    def remember_place(self, root: Path, lesson_name: str, cursor: tuple[int, int]) -> None:
        entry = self.data["courses"].setdefault(self._key(root), {})
        entry["lesson"] = lesson_name
        entry["cursor"] = [int(cursor[0]), int(cursor[1])]

    def _trim(self) -> None:
        courses = self.data["courses"]
        if len(courses) > MAX_COURSES:
            by_age = sorted(courses, key=lambda k: _recency(courses[k]))
            for key in by_age[: len(courses) - MAX_COURSES]:
                del courses[key]

    def save(self) -> str | None:
        """Write the file; returns why not instead of raising (memory is a nicety)."""
        from lessontui.course.atomic import atomic_write

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(self.data, indent=1, ensure_ascii=False, sort_keys=True)
            current = self.path.read_bytes() if self.path.exists() else b""
            if current != text.encode("utf-8"):
                atomic_write(self.path, text.encode("utf-8"))
        except OSError as error:
            return f"cannot write {self.path}: {error}"
        return None
