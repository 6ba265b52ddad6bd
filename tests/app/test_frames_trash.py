"""The frames a trashed lesson shows go to the trash with it and come back when it is restored;
a frame another lesson also shows stays."""

from __future__ import annotations

from pathlib import Path

from lessontui.course.course import TRASH_DIR, Course
from lessontui.services.frames import FRAMES_FOLDER, TRASHED_FRAMES
from tests.apps import make_app


async def test_frames_travel_with_a_trashed_lesson(tmp_path: Path) -> None:
    root = tmp_path / "course"
    course = Course.create(root, "Frames")
    course.add_lesson("A", body="![0:01](../media/frames/a-0h00m01s.png)\n\n"
                      "![0:02](../media/frames/shared.png)\n")  # fmt: skip
    course.add_lesson("B", body="![0:02](../media/frames/shared.png)\n")
    frames = root / FRAMES_FOLDER
    frames.mkdir(parents=True)
    for name in ("a-0h00m01s.png", "shared.png", "a-0h00m09s.png"):  # the last: not linked
        (frames / name).write_bytes(name.encode())
    app = make_app(Course.load(root), autosave_delay=60)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.main_screen
        lesson = next(x for x in screen.course.lessons if x.title == "A")  # type: ignore[union-attr]
        screen.open_lesson(lesson)
        await pilot.pause()
        screen.trash._trash(lesson)
        await pilot.pause()
        assert sorted(p.name for p in frames.iterdir()) == ["a-0h00m09s.png", "shared.png"]
        assert (root / TRASHED_FRAMES / "a-0h00m01s.png").read_bytes() == b"a-0h00m01s.png"

        screen.trash._restore(root / TRASH_DIR / lesson.path.name)
        await pilot.pause()
        assert lesson.path.exists()
        names = sorted(p.name for p in frames.iterdir())
        assert names == ["a-0h00m01s.png", "a-0h00m09s.png", "shared.png"]
        assert list((root / TRASHED_FRAMES).iterdir()) == []
