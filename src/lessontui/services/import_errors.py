"""Why an import cannot start: raised before anything is changed."""

from __future__ import annotations

from pathlib import Path


class ImporterError(Exception):
    """The import cannot start or the listing cannot be read: nothing was changed."""


class CourseMismatch(ImporterError):
    """The target folder already holds a course from another source."""

    def __init__(self, root: Path, existing: str, new: str) -> None:
        super().__init__(
            f"{root} holds another course (source {existing or 'unknown'}), not {new}; "
            "choose another folder with --into"
        )
        self.root = root
        self.existing = existing
        self.new = new
