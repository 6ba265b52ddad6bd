"""A save flushes the new bytes, renames, then flushes the folder, in that order.

A kill cannot show a missing fsync (the page cache survives it; only a power
cut would not), so this watches the calls: `os.fsync` and `os.replace` wrapped.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lessontui.course.document import atomic_write


def test_file_fsync_then_rename_then_folder_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "lesson.md"
    target.write_bytes(b"old\n")
    events: list[tuple[str, str, bytes | None]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        path = os.readlink(f"/proc/self/fd/{fd}")
        content = Path(path).read_bytes() if Path(path).is_file() else None
        events.append(("fsync", path, content))
        real_fsync(fd)

    def replace(source: str | Path, destination: str | Path) -> None:
        events.append(("replace", str(destination), Path(source).read_bytes()))
        real_replace(source, destination)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    atomic_write(target, b"new text\n")

    assert [kind for kind, _, _ in events] == ["fsync", "replace", "fsync"]
    (_, flushed, flushed_bytes), (_, renamed, _), (_, folder, _) = events
    assert Path(flushed).parent == tmp_path and flushed != str(target)  # the temp file
    assert flushed_bytes == b"new text\n"  # flushed whole, before the rename
    assert renamed == str(target)
    assert folder == str(tmp_path)  # the folder, after the rename
    assert target.read_bytes() == b"new text\n"
