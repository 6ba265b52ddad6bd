"""Disk full, read-only folder, read-only (immutable) file, permission denied.

Real faults where the machine allows them (we run as root, as CI does: a tiny
tmpfs filled to the brim, a read-only bind mount, `chattr +i`); where it does
not (no mount rights, a filesystem without chattr), the same errno is raised
at the os call that meets it, for the temporary file of the save only.
Permission denied cannot be made real for root in-process (root ignores mode
bits), so the app test injects EACCES, and the model test makes it real by
saving from a child process that dropped to an unprivileged user.

Every case: the save fails with a visible message, the text stays in the app,
nothing on disk changes, and the next save succeeds once the fault is gone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lessontui.config import Settings
from lessontui.course.atomic import TEMP_SUFFIX, SaveError
from lessontui.course.course import Course
from lessontui.course.document import Document
from lessontui.tui.app import LessonApp
from tests.fixtures_reliability import TALLY
from tests.screen import rendered_text

pytestmark = pytest.mark.usefixtures("reliability_summary")

ROOT = os.geteuid() == 0


def _run(*cmd: str) -> bool:
    try:
        return subprocess.run(cmd, capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _fd_path(fd: int) -> str:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return ""


def make_course(root: Path) -> Course:
    course = Course.create(root, "Faults")
    course.add_lesson("Lesson one", "first notes\n")
    course.add_lesson("Lesson two", "second notes\n")
    return Course.load(root)


class Fault:
    """One fault, made real when possible; `on()` / `off()`; `real` says which it was."""

    def __init__(
        self, kind: str, course: Course, monkeypatch: pytest.MonkeyPatch, allow_real: bool = True
    ) -> None:
        self.kind = kind
        self.allow_real = allow_real
        self.course = course
        self.monkeypatch = monkeypatch
        self.real = False
        self._undo: Callable[[], None] | None = None
        self._injected: int | None = None
        self._patch_os()

    # -- injection at the os edge (only the save's temp file is affected) ------------------

    def _patch_os(self) -> None:
        real_open, real_write, real_replace = os.open, os.write, os.replace

        def open_(path, flags, mode=0o777, *args, **kwargs):  # type: ignore[no-untyped-def]
            if self._injected in (errno.EROFS, errno.EACCES) and str(path).endswith(TEMP_SUFFIX):
                raise OSError(self._injected, os.strerror(self._injected), str(path))
            return real_open(path, flags, mode, *args, **kwargs)

        def write(fd, data):  # type: ignore[no-untyped-def]
            if self._injected == errno.ENOSPC and _fd_path(fd).endswith(TEMP_SUFFIX):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_write(fd, data)

        def replace(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
            if self._injected == errno.EPERM and str(src).endswith(TEMP_SUFFIX):
                raise OSError(errno.EPERM, os.strerror(errno.EPERM), str(dst))
            return real_replace(src, dst, *args, **kwargs)

        # The model calls these through the os module it imported.
        self.monkeypatch.setattr(os, "open", open_)
        self.monkeypatch.setattr(os, "write", write)
        self.monkeypatch.setattr(os, "replace", replace)

    def on(self) -> None:
        lessons = self.course.lessons_dir
        target = self.course.lessons[0].path
        if not self.allow_real:
            injected = {"disk_full": errno.ENOSPC, "read_only_folder": errno.EROFS}
            self._injected = injected.get(self.kind, errno.EPERM)
            if self.kind == "permission_denied":
                self._injected = errno.EACCES
        elif self.kind == "disk_full":
            if self._fill(lessons):
                self.real = True
                self._undo = lambda: (lessons / "filler").unlink()
                return
            self._injected = errno.ENOSPC
        elif self.kind == "read_only_folder":
            if ROOT and _run("mount", "--bind", str(lessons), str(lessons)):
                if _run("mount", "-o", "remount,ro,bind", str(lessons)):
                    self.real = True
                    self._undo = lambda: self._umount(lessons)
                    return
                self._umount(lessons)
            self._injected = errno.EROFS
        elif self.kind == "immutable_file":
            if _run("chattr", "+i", str(target)):
                self.real = True
                self._undo = lambda: self._chattr_off(target)
                return
            self._injected = errno.EPERM
        elif self.kind == "permission_denied":
            self._injected = errno.EACCES
        else:  # pragma: no cover
            raise ValueError(self.kind)

    def off(self) -> None:
        self._injected = None
        if self._undo is not None:
            self._undo()
            self._undo = None

    def _fill(self, folder: Path) -> bool:
        """Fill the tmpfs the course lives on (see `course_on_tmpfs`)."""
        if not getattr(self.course, "on_tmpfs", False):
            return False
        with open(folder / "filler", "wb", buffering=0) as handle:
            for size in (1 << 16, 4096, 1):
                with contextlib.suppress(OSError):
                    while True:
                        handle.write(b"\0" * size)
        return True

    @staticmethod
    def _umount(path: Path) -> None:
        _run("umount", str(path))

    @staticmethod
    def _chattr_off(path: Path) -> None:
        _run("chattr", "-i", str(path))


@contextlib.contextmanager
def course_on_tmpfs(base: Path) -> Iterator[Course]:
    """A course on its own 512 KB tmpfs when we may mount one, else on the disk."""
    mount = base / "fs"
    mount.mkdir()
    mounted = ROOT and _run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount))
    try:
        course = make_course(mount / "course")
        course.on_tmpfs = mounted  # type: ignore[attr-defined]
        yield course
    finally:
        if mounted:
            _run("umount", "-l", str(mount))


KINDS = ["disk_full", "read_only_folder", "immutable_file", "permission_denied"]
# Each fault real (where the machine allows) and injected (what CI without mount
# rights or chattr gets), so both paths are known to work.
CASES = [(kind, True) for kind in KINDS[:3]] + [(kind, False) for kind in KINDS]


@pytest.mark.parametrize(("kind", "allow_real"), CASES)
async def test_failed_save_keeps_the_text_and_retries(
    kind: str, allow_real: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with course_on_tmpfs(tmp_path) as course:
        lesson_path = course.lessons[0].path
        before = lesson_path.read_bytes()
        fault = Fault(kind, course, monkeypatch, allow_real)
        app = LessonApp(course=course, settings=Settings(autosave_delay=60))
        try:
            async with app.run_test(size=(140, 40), notifications=True) as pilot:
                assert app.main_screen.current_lesson is not None
                assert app.main_screen.current_lesson.path == lesson_path
                fault.on()
                app.main_screen.editor.focus()
                app.main_screen.editor.move_cursor((0, 0))
                await pilot.press(*"kept ")
                await pilot.press("ctrl+s")
                await pilot.pause()
                await pilot.pause()  # the toast is mounted, then drawn
                screen = rendered_text(app)
                assert "Could not save" in screen, screen
                assert app.main_screen.editor.text.startswith("kept first notes")
                assert app.main_screen.editor.border_subtitle == "✗ not saved"
                assert lesson_path.read_bytes() == before
                assert not list(lesson_path.parent.glob(f".*{TEMP_SUFFIX}"))
                TALLY.add("faults")  # its effect is checked: refused, shown, nothing written
                TALLY.add("faults_real", fault.real)
                fault.off()
                await pilot.press("ctrl+s")
                await pilot.pause()
                assert app.main_screen.editor.border_subtitle == "✓ saved"
                await pilot.press("ctrl+q")
        finally:
            fault.off()
        assert Document.load(lesson_path).body == "kept first notes\n"
        print(f"{kind}: {'real' if fault.real else 'injected errno'}")
        TALLY.file_checked(lesson_path)


def _as_nobody(work: Callable[[], int]) -> int:
    """Run `work` in a child process with no root rights; re-raise its failure here.

    Returns what `work` returned (the child sends it back through the pipe).
    """
    if not ROOT:
        return work()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        code = 0
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            os.write(write, f"returned {work()}".encode())
        except BaseException as error:  # everything goes back to the parent
            os.write(write, repr(error).encode()[:4000])
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        report = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0, report
    return int(report.removeprefix("returned "))


def test_permission_denied_for_real(tmp_path: Path) -> None:
    """Folder without write permission, then a read-only file: EACCES from the kernel."""
    base = Path(tempfile.mkdtemp(prefix="lessontui-perm-"))  # a place nobody can reach
    try:
        os.chmod(base, 0o755)
        course = make_course(base / "course")
        path = course.lessons[0].path
        before = path.read_bytes()
        if ROOT:
            for folder, _, files in os.walk(base / "course"):
                os.chown(folder, 65534, 65534)
                for name in files:
                    os.chown(Path(folder) / name, 65534, 65534)

        def work() -> int:
            """The faults met and checked, each a real EACCES from the kernel."""
            checked = 0
            document = Document.load(path)
            document.set_body("new text\n")
            os.chmod(path.parent, 0o555)
            with pytest.raises(SaveError) as caught:
                document.save()
            assert caught.value.errno == errno.EACCES
            assert path.read_bytes() == before
            checked += 1
            os.chmod(path.parent, 0o755)
            os.chmod(path, 0o444)
            with pytest.raises(SaveError) as caught:
                document.save()
            assert caught.value.errno == errno.EACCES
            assert path.read_bytes() == before
            assert not list(path.parent.glob(f".*{TEMP_SUFFIX}"))
            checked += 1
            os.chmod(path, 0o644)
            assert document.save()
            assert Document.load(path).body == "new text\n"
            return checked

        checked = _as_nobody(work)
        TALLY.add("faults", checked)
        TALLY.add("faults_real", checked)
        TALLY.file_checked(path)
    finally:
        shutil.rmtree(base, ignore_errors=True)
