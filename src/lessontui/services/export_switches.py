"""The exported page's on/off options, by name: cheap to import for the CLI and f9."""

from __future__ import annotations

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
