"""A course folder may come from anyone: stay inside it, open only regular files.

Two rules live here. Confinement: a path is inside the course when its real
path (symlinks resolved) is the course folder's real path or below it; every
write, rename and delete checks it. Regular files only: a FIFO would block an
`open()` forever, a socket or a device is no note; they are refused with a
clear reason before any byte is read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO


class NotRegularFile(OSError):
    """The path is a FIFO, a socket, a device or a folder: never opened as a file."""

    def __init__(self, path: Path | str, mode: int) -> None:
        super().__init__(errno.EINVAL, f"{_kind(mode)}, not a regular file")
        self.filename = os.fspath(path)


class OutsideCourse(PermissionError):
    """A write, rename or delete would land outside the course folder."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(errno.EACCES, "outside the course folder (a symlink leads out of it)")
        self.filename = os.fspath(path)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"


def real(path: Path | str) -> str:
    return os.path.realpath(path)


def is_inside(root: Path | str, path: Path | str) -> bool:
    """True when `path`, symlinks resolved, is `root` (resolved) or below it."""
    base = real(root)
    target = real(path)
    return target == base or target.startswith(os.path.join(base, ""))


def leads_out(root: Path | str, path: Path | str) -> bool:
    """`not is_inside(root, path)`, cheap for a file in a folder of `root`
    (`lessons/01-x.md`): two lstat calls unless a symlink is on the way."""
    path = Path(path)
    folder = path.parent
    if folder.parent == Path(root) and not os.path.islink(path) and not os.path.islink(folder):
        return False
    return not is_inside(root, path)


def require_inside(root: Path | str, path: Path | str) -> None:
    """OutsideCourse unless `path` resolves to a place inside `root`."""
    if not is_inside(root, path):
        raise OutsideCourse(path)


def open_regular(path: Path | str) -> BinaryIO:
    """`path` opened for reading if it is a regular file; NotRegularFile otherwise.

    The stat comes first so a FIFO or socket is named, not opened; the open is
    non-blocking and checked again with fstat, so a FIFO swapped in between
    cannot block either.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, mode)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, mode)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path | str) -> tuple[os.stat_result, bytes]:
    """(stat before reading, bytes) of a regular file; NotRegularFile otherwise."""
    with open_regular(path) as handle:
        st = os.fstat(handle.fileno())
        return st, handle.read()
