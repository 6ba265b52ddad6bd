"""The page's export options as course.md's `export:` block names them: cheap to import
for the settings, the CLI and f9."""

from __future__ import annotations

import re

# The page's on/off options: (name, default, what it adds), in the order f9 shows them.
# Each is a yes/no key of course.md's `export:` block and a `--[no-]name` CLI flag.
SWITCHES: tuple[tuple[str, bool, str], ...] = (
    ("notes", False, "Lesson notes"),
    ("unchecked", False, "Items still to learn"),
    ("video_links", True, "Titles link to videos"),
    ("duration", False, "Video durations"),
    ("chapters", False, "Chapter lists"),
    ("thumbnails", False, "YouTube thumbnails"),
)

DEFAULT_ASSETS = "assets"  # the images' folder beside the page (option `assets`)
_FOLDER = re.compile(r"[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*")


def assets_folder(value: object) -> str:
    """The export option `assets`, if it is a plain relative folder name; else `assets`."""
    text = str(value or "").strip().rstrip("/")
    if not _FOLDER.fullmatch(text) or any(part in (".", "..") for part in text.split("/")):
        return DEFAULT_ASSETS
    return text
