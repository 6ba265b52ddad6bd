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
from collections import Counter
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


def temp_left(folder: Path, valid: dict[Path, set[bytes]]) -> str:
    """What the killed process left as a temporary file: "" (none) or its tally name."""
    strays = list(folder.glob(f".*{TEMP_SUFFIX}"))
    if not strays:
        return ""
    # The saver writes one file at a time, so at most one temporary file is left.
    (stray,) = strays
    data = stray.read_bytes()
    if not data:
        return "temp_empty"
    whole = any(data in versions for versions in valid.values())
    return "temp_whole" if whole else "temp_partial"


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
    changed = 0
    temps: Counter[str] = Counter()
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
        # Only a process the kernel really killed with SIGKILL counts as a kill.
        assert os.WIFSIGNALED(status)
        assert os.WTERMSIG(status) == signal.SIGKILL
        temp = temp_left(course.lessons_dir, valid)  # read before Course.load removes it
        for path in paths:
            data = path.read_bytes()
            TALLY.add("rereads")
            TALLY.add("bytes_compared", len(data))
            TALLY.add("torn", data not in valid[path])
            assert data in valid[path], f"{path.name} is torn (seed {seed})"
            TALLY.file_checked(path)
            TALLY.add("new_version", data != last[path])
            changed += data != last[path]
            last[path] = data
        assert stat.S_IMODE(paths[0].stat().st_mode) == 0o640
        reopened = Course.load(course.root)  # the next start cleans up
        assert not list(course.lessons_dir.glob(f".*{TEMP_SUFFIX}"))
        assert [x.path for x in reopened.lessons] == paths
        TALLY.add("kills")  # killed by SIGKILL, every file re-read and compared
        if temp:
            TALLY.add(temp)
            temps[temp] += 1
    print(
        f"\nkill -9 loop: {ROUNDS} rounds (seed {seed}), temp files left: {dict(temps)}, "
        f"{changed} re-reads at a new version, 0 torn"
    )
    # The loop must really have hit saves in flight, or it proves nothing.
    assert temps
    assert changed > 0
