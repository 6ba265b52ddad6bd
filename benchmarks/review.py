"""The review screen, timed in a real terminal: opening it on a library, grading to the next card.

1. `lessontui review` on a library of 300 courses (10 lessons each, 10,200 learned
   items, half of them reviewed once): from the process
   start to the first card on screen, side by side with `lessontui COURSE` to its
   first frame (the main screen), interleaved so machine load hits both alike.
2. In the app: alt+v on the main screen of one of those courses, until its first
   card has been written (the course's review, read from disk at the key).
3. Grading: a key (`4`, easy) written to the terminal, until the next card's text
   has been written back; the frame budget is 16.7 ms at 60 Hz.

Run on its own: `python -m benchmarks.review [--repeat N] [--courses N]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pty
import select
import signal
import statistics
import struct
import termios
import time
from pathlib import Path

from benchmarks.startup import SIZE, commands, environment, first_frame

HERE = Path(__file__).resolve().parent
INPUTS = HERE / ".inputs"
LESSONS = 10


def library(courses: int = 300) -> Path:
    """`courses` courses of LESSONS lessons, 34 ticked items each, half of them reviewed
    once a month ago (made once, reused)."""
    from lessontui.course import reviews
    from lessontui.course.course import Course

    root = INPUTS / f"review-library-{courses}"
    done = root / ".made"
    if done.exists():
        return root
    when = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    for number in range(courses):
        course = Course.create(root / f"course-{number:03d}", f"Course {number}")
        texts = []
        for lesson in range(LESSONS):
            items = 4 if lesson < 4 else 3  # 4*4 + 6*3 = 34
            lines = [
                f"- [x] course {number} lesson {lesson} idea {n} of many" for n in range(items)
            ]
            body = f"[1:{lesson:02d}] idea talk\n\n## Things I learned\n" + "\n".join(lines) + "\n"
            made = course.add_lesson(f"Lesson {lesson}", body=body)
            texts.append(reviews.LessonText(made.path, made.title, body))
        items = reviews.schedule(texts, reviews.ReviewLog(), when)
        reviews.append(course.root, [reviews.grade(i, 3, when) for i in items[::2]])
    done.write_text("")
    return root


def grade_latency(command: list[str], env: dict[str, str], first: bytes, keys: int) -> list[float]:
    """Milliseconds from writing `4` until the screen has changed card, `keys` times."""
    pid, fd = pty.fork()
    if pid == 0:
        import fcntl

        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        try:
            os.execve(command[0], command, env)
        finally:
            os._exit(127)
    times: list[float] = []
    try:
        _read_until(fd, b"", first)
        for n in range(keys):
            time.sleep(0.3)  # quiet first: what is timed is one key, not a queue
            _drain(fd)
            started = time.perf_counter()
            os.write(fd, b"4")
            _read_until(fd, b"", f"{n + 1} done".encode())
            times.append((time.perf_counter() - started) * 1000)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return times


def key_to_card(command: list[str], env: dict[str, str], first: list[bytes], card: bytes) -> float:
    """Milliseconds from writing alt+v on the main screen until the first card is out."""
    pid, fd = pty.fork()
    if pid == 0:
        import fcntl

        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        try:
            os.execve(command[0], command, env)
        finally:
            os._exit(127)
    try:
        seen = b""
        for marker in first:
            seen = _read_until(fd, seen, marker)
        time.sleep(0.5)  # the due count (after the first frame) is in: one key is timed
        _drain(fd)
        started = time.perf_counter()
        os.write(fd, b"\x1bv")  # alt+v as a terminal sends it
        _read_until(fd, b"", card)
        return (time.perf_counter() - started) * 1000
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def _drain(fd: int) -> None:
    while select.select([fd], [], [], 0)[0]:
        os.read(fd, 1 << 20)


def _read_until(fd: int, seen: bytes, marker: bytes, timeout: float = 30.0) -> bytes:
    """Read the terminal until `marker` has been written."""
    started = time.perf_counter()
    while marker not in seen:
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"no {marker!r} in {seen[-300:]!r}")
        if select.select([fd], [], [], 0.5)[0]:
            seen += os.read(fd, 1 << 20)
    return seen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--courses", type=int, default=300)
    args = parser.parse_args(argv)
    root = library(args.courses)
    env = {**environment(), "LESSONTUI_LIBRARY": str(root)}
    one_course = root / "course-000"
    main_command, _ = commands(one_course)
    review_command = [main_command[0], "review"]
    card = b"to go"
    main_frame = [b"palette", b"Course 0", b"Lesson 0"]
    first_frame(review_command, [[card]], env)  # bytecode and header caches
    first_frame(main_command, [main_frame], env)
    review, main_screen, in_app = [], [], []
    for _ in range(args.repeat):
        review += first_frame(review_command, [[card]], env)
        main_screen += first_frame(main_command, [main_frame], env)
        in_app.append(key_to_card(main_command, env, main_frame, card))
    grades = grade_latency(review_command, env, card, 10)
    print(f"review of a library of {args.courses} courses, {args.courses * 34:,} items,")
    print(f"median of {args.repeat} (ms from process start):")
    print(f"  lessontui review: first card   {statistics.median(review):.0f} ms")
    print(f"  lessontui COURSE: first frame  {statistics.median(main_screen):.0f} ms")
    print(f"in the app, alt+v to the course's first card: {statistics.median(in_app):.0f} ms")
    print(
        f"grading to the next card (10 keys): median {statistics.median(grades):.1f} ms, "
        f"max {max(grades):.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
