"""kill -9 at random moments during saves: every file is the old or the new version.

Each round forks a process that loads real lesson files through the model and
saves them in a tight loop (Document.save -> atomic_write: temp file, fsync,
rename, fsync the folder), waits until it is saving, kills it with SIGKILL
after a random short delay, then checks every file byte for byte and opens the
course again, which must clean the stray temporary files up.
"""

from __future__ import annotations

import os
import random
import signal
import stat
import time
from pathlib import Path

import pytest

from lessontui.course.atomic import TEMP_SUFFIX
from lessontui.course.course import Course
from lessontui.course.document import Document
from tests.fixtures_reliability import TALLY

pytestmark = pytest.mark.usefixtures("reliability_summary")

ROUNDS = int(os.environ.get("LESSONTUI_KILL_ROUNDS", "200"))
FILES = 3


def versions(number: int) -> list[str]:
    """Bodies that differ everywhere and in length, so a torn file cannot pass."""
    return [
        "".join(
            f"[{n // 60}:{n % 60:02d}] lesson {number} version {v} line {n}\n" for n in range(size)
        )
        for v, size in enumerate((3000, 800, 4500))
    ]


def saver(paths: list[Path], bodies: list[list[str]], ready: int) -> None:
    """The child: save every file again and again, as autosave would."""
    documents = [Document.load(path) for path in paths]
    round_ = 0
    while True:
        for document, options in zip(documents, bodies, strict=True):
            document.set_body(options[round_ % len(options)])
            document.save()
        if round_ == 0:
            os.write(ready, b"1")
        round_ += 1


def test_kill_9_during_saves_never_tears_a_file(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "course", "Crash course")
    bodies = [versions(n) for n in range(FILES)]
    lessons = [course.add_lesson(f"Lesson {n}", bodies[n][0]) for n in range(FILES)]
    paths = [lesson.path for lesson in lessons]
    os.chmod(paths[0], 0o640)  # the mode must survive every save
    header = {p: Document.load(p).text()[: -len(bodies[n][0])] for n, p in enumerate(paths)}
    valid = {p: {(header[p] + b).encode() for b in bodies[n]} for n, p in enumerate(paths)}
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    mid_write = changed = 0
    last = {p: p.read_bytes() for p in paths}
    for _ in range(ROUNDS):
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            try:
                os.close(ready_r)
                saver(paths, bodies, ready_w)
            finally:
                os._exit(0)
        os.close(ready_w)
        try:
            os.read(ready_r, 1)  # it is saving now
            time.sleep(rng.uniform(0, 0.004))
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        finally:
            os.close(ready_r)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        strays = list(course.lessons_dir.glob(f".*{TEMP_SUFFIX}"))
        mid_write += bool(strays)
        for path in paths:
            data = path.read_bytes()
            TALLY.add("bytes_checked", len(data))
            if data not in valid[path]:  # torn: the last good version is what is lost
                TALLY.add("bytes_lost", len(last[path]))
            assert data in valid[path], f"{path.name} is torn (seed {seed})"
            TALLY.file_checked(path)
            changed += data != last[path]
            last[path] = data
        assert stat.S_IMODE(paths[0].stat().st_mode) == 0o640
        reopened = Course.load(course.root)  # the next start cleans up
        assert not list(course.lessons_dir.glob(f".*{TEMP_SUFFIX}"))
        assert [x.path for x in reopened.lessons] == paths
        TALLY.add("kills")  # delivered, and every file checked after it
    print(
        f"\nkill -9 loop: {ROUNDS} kills (seed {seed}), {mid_write} while a temp file "
        f"was half written, {changed} files found at a new version, 0 torn"
    )
    # The loop must really have hit saves in flight, or it proves nothing.
    assert mid_write > 0 and changed > 0
