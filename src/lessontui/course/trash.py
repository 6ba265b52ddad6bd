"""The course's `.trash/` folder: what is in it, and putting a lesson file back.

Nothing here ever overwrites a file: a name already taken in lessons/ gets
`-2`, `-3`... and the move itself refuses an existing target (a hard link,
or an exclusive create where the disk has no hard links), so a file that
appears in between is not lost either.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from lessontui.course.atomic import fsync_dir
from lessontui.course.slug import unique_path

_NO_HARD_LINKS = (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK)


def trashed_files(trash: Path) -> list[Path]:
    """Lesson files in `trash`, the most recently trashed first (the move sets ctime)."""
    try:
        entries = [
            (p.stat().st_ctime, p)
            for p in trash.iterdir()
            if p.suffix == ".md" and not p.name.startswith(".") and _plain_file(p)
        ]
    except FileNotFoundError:
        return []
    return [p for _, p in sorted(entries, key=lambda e: (-e[0], e[1].name))]


def _plain_file(path: Path) -> bool:
    return not path.is_symlink() and path.is_file()


def move_without_overwriting(source: Path, folder: Path) -> Path:
    """Move `source` into `folder` under its name or the first free variant of it."""
    while True:
        target = unique_path(folder, source.name)
        try:
            _place(source, target)
        except FileExistsError:
            continue  # taken since unique_path looked: pick the next free name
        source.unlink()
        fsync_dir(folder)
        fsync_dir(source.parent)
        return target


def _place(source: Path, target: Path) -> None:
    """Make `target` hold `source`'s bytes; FileExistsError if `target` exists."""
    try:
        os.link(source, target, follow_symlinks=False)  # a symlink moves as itself
        return
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
        return
    with source.open("rb") as reader, target.open("xb") as writer:
        shutil.copyfileobj(reader, writer)
        writer.flush()
        os.fsync(writer.fileno())
    shutil.copystat(source, target)


def restore(trash: Path, path: Path, lessons: Path) -> Path:
    """Put the trashed file `path` back into `lessons`; returns where it went.

    Only a plain file directly inside `trash` is taken (a name from elsewhere,
    or a symlink planted in the trash, is refused with ValueError).
    """
    if path.parent.resolve() != trash.resolve() or not _plain_file(path):
        raise ValueError(f"not a file in the trash: {path.name}")
    lessons.mkdir(exist_ok=True)
    return move_without_overwriting(path, lessons)
