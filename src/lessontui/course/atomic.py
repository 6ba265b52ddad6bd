"""Replace a file so that a reader sees the old or the new version, never half of one.

Every file lessontui writes (lessons, course.md, the import record, the
exported page, settings, state) goes through `atomic_write`: a temporary file
in the same folder, fsynced, renamed over the target, then the folder fsynced.
A temporary file left by a killed process is removed by `clean_stray_temps`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

from lessontui.course import safe_paths
from lessontui.course.slug import cut_to_bytes

TEMP_SUFFIX = ".lessontui-tmp"
_NAME_MAX = 255  # bytes in one file name on Linux's file systems, macOS's too


class SaveError(OSError):
    """Writing the file failed; the file on disk is unchanged."""


def temp_name(target: Path) -> Path:
    """`.<name>.<pid>.<random>.lessontui-tmp` beside `target`; a long name is shortened
    so the temporary file's name fits the file system's 255 bytes."""
    tail = f".{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    name = cut_to_bytes(target.name, _NAME_MAX - 1 - len(tail))
    return target.with_name(f".{name}{tail}")


def atomic_write(path: Path, data: bytes, within: Path | None = None) -> os.stat_result:
    """Replace `path` with `data` so a reader sees the old or the new file, never half.

    A symlink is written through to its target, but with `within` (the course
    folder) only when that target lies inside it. The original's mode is kept.
    Raises SaveError, leaving the file as it was. Returns the new file's stat
    (taken before the rename, so a write by someone else just after ours is
    not mistaken for ours).
    """
    target = Path(os.path.realpath(path))
    tmp = temp_name(target)
    try:
        if within is not None:
            safe_paths.require_inside(within, target)
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        else:
            # Renaming over a file needs only the folder to be writable: respect a
            # file the user made read-only, as an editor does (root included, whom
            # os.access always lets write).
            if not mode & 0o222 or not os.access(target, os.W_OK):
                raise PermissionError(errno.EACCES, "Permission denied (the file is read-only)")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fchmod(fd, mode)
            os.fsync(fd)
            st = os.fstat(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as error:
        with contextlib.suppress(OSError):  # a read-only folder: it was never made
            tmp.unlink(missing_ok=True)
        raise SaveError(error.errno, f"could not save {path.name}: {error.strerror}") from None
    fsync_dir(target.parent)
    return st


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def clean_stray_temps(folder: Path) -> list[Path]:
    """Remove temporary files left by a save that was killed midway."""
    removed: list[Path] = []
    try:
        candidates = list(folder.glob(f".*{TEMP_SUFFIX}"))
    except OSError:
        return removed
    for tmp in candidates:
        pid = tmp.name.split(".")[-3] if tmp.name.count(".") >= 3 else ""
        if pid.isdigit() and int(pid) != os.getpid() and _pid_alive(int(pid)):
            continue  # another lessontui is saving right now
        try:
            tmp.unlink()
            removed.append(tmp)
        except OSError:
            pass
    return removed


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
