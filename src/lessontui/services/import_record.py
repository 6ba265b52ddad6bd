"""`.lessontui/imported.json`: what the importer last wrote, so a refresh keeps the user's edits.

A field whose value differs from the record was edited by the user and is left
alone; without a record (a hand-made course) existing fields are never
overwritten, only missing ones filled.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from lessontui.course import safe_paths
from lessontui.course.atomic import atomic_write
from lessontui.services.import_errors import ImporterError

RECORD_DIR = ".lessontui"
RECORD_FILE = "imported.json"


class ImportRecord:
    """`.lessontui/imported.json`: the values the importer last wrote, per video id."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.source: str = str(data.get("source") or "")
        self.key: str = str(data.get("key") or "")
        course = data.get("course")
        self.course: dict[str, Any] = course if isinstance(course, dict) else {}
        lessons = data.get("lessons")
        self.lessons: dict[str, dict[str, Any]] = (
            {str(k): v for k, v in lessons.items() if isinstance(v, dict)}
            if isinstance(lessons, dict)
            else {}
        )
        self._saved = self._data()

    @classmethod
    def load(cls, root: Path) -> ImportRecord:
        path = root / RECORD_DIR / RECORD_FILE
        try:
            data = json.loads(safe_paths.read_regular(path)[1].decode("utf-8"))
        except (OSError, ValueError):
            data = {}  # no record: existing fields are treated as the user's
        return cls(path, data if isinstance(data, dict) else {})

    def _data(self) -> dict[str, Any]:
        return {
            "version": 1,
            "source": self.source,
            "key": self.key,
            "course": self.course,
            "lessons": self.lessons,
        }

    def save(self) -> None:
        data = self._data()
        if data == self._saved and self.path.exists():
            return
        root = self.path.parent.parent
        if not safe_paths.is_inside(root, self.path.parent):
            raise ImporterError(f"{self.path.parent}: outside the course folder (not written)")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        atomic_write(self.path, text.encode(), within=root)
        self._saved = data


def json_value(value: Any) -> Any:
    """A value as JSON would hold it, so YAML-read and freshly made values compare."""
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def merge(
    current: dict[str, Any], previous: dict[str, Any], new: dict[str, Any]
) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    """Which of `new` to write over `current`, given what the importer wrote before.

    A field is the importer's to change when it is missing and was never
    written (so the user did not delete it), or when it still holds exactly
    what the importer wrote last time. Returns (changes, kept, new record).
    """
    changes: dict[str, Any] = {}
    kept: list[str] = []
    written = dict(previous)
    for key, value in new.items():
        if value in (None, [], ""):
            continue
        plain = json_value(value)
        if key not in current:
            if key in previous:
                continue  # the user removed it
            changes[key] = value
            written[key] = plain
        elif key in previous and json_value(current[key]) == previous[key]:
            if json_value(current[key]) != plain:
                changes[key] = value
            written[key] = plain
        elif json_value(current[key]) != plain:
            kept.append(key)
        else:
            written[key] = plain  # the user's value and yt-dlp's agree
    return changes, kept, written
