"""The mpv controller and the resume/status tracker, against a real headless mpv."""

from __future__ import annotations

import itertools
import os
import signal
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from lessontui.commands.demo import demo_course
from lessontui.course.course import Course
from lessontui.services.demo_clip import ffmetadata
from lessontui.services.player import MpvMissing, Player, PlayerError
from lessontui.services.player_state import Chapter, PlayerState, lesson_chapters
from lessontui.services.watching import WatchTracker, lesson_source, resume_position
from tests import fixtures_media
from tests.fixtures_media import MediaServer
from tests.fixtures_player import (
    HEADLESS,
    clip_course,
    undecodable,
    wait_for,
    wait_state,
)

media_server = fixtures_media.media_server
mpv = pytest.mark.needs_mpv
ffmpeg = pytest.mark.needs_ffmpeg


def near(value: float | None, expected: float, tolerance: float = 0.05) -> bool:
    return value is not None and abs(value - expected) <= tolerance


# -- against a real mpv ------------------------------------------------------------------


@mpv
@ffmpeg
def test_play_pause_seek_speed_chapters(player: Player, player_clip: Path) -> None:
    seen: list[PlayerState] = []
    player.listener = seen.append
    player.load(player_clip, start=3)
    state = wait_state(player, lambda s: s.status == "playing" and (s.position or 0) > 3.2)
    assert state.target == str(player_clip)
    assert near(player.duration(), 60, 0.2)
    assert [c.title for c in player.chapter_list()] == ["Opening", "Middle part", "The end"]

    player.toggle_pause()
    assert wait_state(player, lambda s: s.paused).status == "paused"
    player.seek(30, relative=False)
    wait_state(player, lambda s: near(s.position, 30))
    assert near(player.time_pos(), 30)  # exact seek, not the nearest keyframe
    player.seek(5)
    wait_state(player, lambda s: near(s.position, 35))
    player.seek(-12.5)
    wait_state(player, lambda s: near(s.position, 22.5))
    assert player.state.chapter == 1
    assert player.state.chapter_title == "Middle part"

    assert player.change_speed(0.1) == 1.1
    wait_state(player, lambda s: s.speed == 1.1)
    assert player.change_speed(0.1) == 1.2
    wait_state(player, lambda s: s.speed == 1.2)
    assert player.change_speed(-0.1) == 1.1
    wait_state(player, lambda s: s.speed == 1.1)
    assert player.reset_speed() == 1.0
    wait_state(player, lambda s: s.speed == 1.0)
    player.change_speed(0.1), player.change_speed(0.1), player.change_speed(0.1)  # quick presses
    wait_state(player, lambda s: s.speed == 1.3)
    player.reset_speed()

    player.step_chapter(1)
    wait_state(player, lambda s: s.chapter == 2 and near(s.position, 40))
    player.step_chapter(-1)
    wait_state(player, lambda s: s.chapter == 1 and near(s.position, 20))

    player.toggle_pause()
    wait_state(player, lambda s: s.status == "playing")
    # The listener saw the changes, without one call per frame.
    assert any(s.paused for s in seen)
    assert any(s.speed == 1.2 for s in seen)
    assert all(a.view() != b.view() for a, b in itertools.pairwise(seen))


@mpv
@ffmpeg
def test_file_without_chapters_uses_the_lessons(player: Player, tmp_path: Path) -> None:
    from lessontui.services.demo_clip import make_clip

    clip = make_clip(tmp_path / "plain.mp4", 12, size="64x48")
    chapters = (Chapter(0, "A"), Chapter(4, "B"), Chapter(8, "C"))
    player.load(clip, chapters=chapters, play=False)
    wait_state(player, lambda s: s.loaded and s.position is not None)
    player.set_pause(True)
    assert player.state.chapters == ()
    assert player.chapter_list() == chapters
    player.step_chapter(1)
    wait_state(player, lambda s: near(s.position, 4))
    player.step_chapter(1)
    wait_state(player, lambda s: near(s.position, 8))
    player.step_chapter(-1)
    wait_state(player, lambda s: near(s.position, 4))


@mpv
def test_private_socket_folder_removed_on_close(player: Player) -> None:
    player.start()
    socket_path = player.socket_path
    assert socket_path is not None
    assert socket_path.exists()
    assert stat.S_IMODE(socket_path.parent.stat().st_mode) == 0o700
    player.close()
    assert not player.running
    assert player.state.status == "stopped"
    assert not socket_path.parent.exists()


@mpv
@ffmpeg
def test_an_url_that_fails_reports_its_error(player: Player, player_clip: Path) -> None:
    # Port 9 on this machine: refused at once, no network needed.
    player.load("http://127.0.0.1:9/lesson.mp4")
    # mpv's log line with the reason may trail the end-file event: wait for it.
    state = wait_state(player, lambda s: s.status == "error" and "127.0.0.1:9" in str(s.error))
    assert state.running
    assert str(state.error).startswith("cannot play")
    player.load(player_clip)
    wait_state(player, lambda s: s.status == "playing" and s.error is None)


@mpv
@ffmpeg
def test_a_stream_mpv_cannot_read_is_a_failure_with_its_reason(
    player: Player, player_clip: Path, tmp_path: Path, media_server: MediaServer
) -> None:
    """Not an end: mpv's reason is the state's error, and nothing counts as played."""
    player.load(player_clip)  # first a good file: what it decoded must not carry over
    wait_state(player, lambda s: s.status == "playing" and s.rendered)
    # A file whose index is fine but whose frames cannot be decoded: mpv "ends" at
    # once, keep-open showing 1:00 of 1:00 for a last frame it never had.
    broken = media_server.add_file("/broken.mp4", undecodable(player_clip, tmp_path / "b.mp4"))
    player.load(broken, tag="broken")
    state = wait_state(player, lambda s: s.status == "error" and s.tag == "broken")
    assert not state.rendered
    assert str(state.error).startswith("cannot play: nothing in it could be decoded: ")
    page = media_server.add("/lesson.mp4", b"<html>Sign in to watch</html>\n" * 50, "text/html")
    player.load(page, tag="page")
    state = wait_state(player, lambda s: s.status == "error" and s.tag == "page")
    assert str(state.error).startswith("cannot play: unrecognized file format")  # file_error
    player.load(player_clip, start=58, tag="good")  # a good file plays, to its end
    state = wait_state(player, lambda s: s.tag == "good" and s.status == "ended")
    assert state.rendered
    assert state.error is None


@mpv
def test_a_long_tmpdir_still_gets_a_socket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """TMPDIR past AF_UNIX's 108 bytes: the socket goes to a short private folder."""
    long_tmp = tmp_path / ("t" * 60) / ("m" * 60)
    long_tmp.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(long_tmp))
    assert len(str(long_tmp / "lessontui-mpv-12345678" / "mpv.sock")) > 108
    player = Player(args=HEADLESS, timeout=20)
    try:
        player.start()
        socket_path = player.socket_path
        assert player.running
        assert socket_path is not None
        assert socket_path.exists()
        assert len(os.fsencode(socket_path)) <= 103
        assert stat.S_IMODE(socket_path.parent.stat().st_mode) == 0o700
    finally:
        player.close()
    assert not socket_path.parent.exists()


@mpv
def test_mpv_that_cannot_start_says_why() -> None:
    player = Player(args=[*HEADLESS, "--no-such-option=1"], timeout=20)
    with pytest.raises(PlayerError) as caught:
        player.start()
    message = str(caught.value)
    assert "exited with code 1" in message
    assert "no-such-option" in message
    assert player.state.status == "stopped"


def test_only_http_urls_are_streamed() -> None:
    player = Player(program="/nonexistent/mpv")
    for url in ("edl://x;y", "file:///etc/passwd", "av://lavfi:sine"):
        with pytest.raises(PlayerError, match="http"):
            player.load(url)


@mpv
@ffmpeg
def test_killed_mpv_is_stopped_not_an_exception(player: Player, player_clip: Path) -> None:
    player.load(player_clip, start=10)
    wait_state(player, lambda s: s.status == "playing" and (s.position or 0) > 10.2)
    assert player.pid is not None
    os.kill(player.pid, signal.SIGKILL)
    state = wait_state(player, lambda s: not s.running)
    assert state.status == "stopped"
    assert state.position is not None
    assert state.position >= 10
    with pytest.raises(PlayerError, match="not running"):
        player.command("get_property", "time-pos")
    player.load(player_clip, start=5)  # play again: a new mpv
    wait_state(player, lambda s: s.status == "playing" and s.running)


def _alive(pid: int) -> bool:
    """Running, not exited (an exited orphan may linger as a zombie until init reaps it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):  # reaped before or during the read
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


@mpv
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("through_wrapper", [False, True])
def test_mpv_quits_when_lessontui_is_killed(tmp_path: Path, through_wrapper: bool) -> None:
    """kill -9 of the process that started mpv must not leave a player running.

    With a wrapper script that does not exec mpv, the wrapper stays mpv's parent
    after lessontui dies; it exits when mpv does.
    """
    program = "mpv"
    if through_wrapper:
        wrapper = tmp_path / "my-mpv"
        wrapper.write_text('#!/bin/sh\nmpv "$@"\n')
        wrapper.chmod(0o755)
        program = str(wrapper)
    code = (
        "import sys, time\n"
        "from lessontui.services.player import Player\n"
        f"player = Player(program={program!r}, args={HEADLESS!r})\n"
        "player.start()\n"
        "print(player.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    mpv_pid = None
    try:
        assert parent.stdout is not None
        mpv_pid = int(parent.stdout.readline())
        assert _alive(mpv_pid)
        parent.kill()
        parent.wait()
        wait_for(lambda: not _alive(mpv_pid), timeout=10, what="the orphaned mpv to quit")
    finally:
        parent.kill()
        parent.wait()
        if mpv_pid is not None and _alive(mpv_pid):
            os.kill(mpv_pid, signal.SIGKILL)  # a failed run leaves no player behind


@mpv
@ffmpeg
def test_attach_to_a_running_mpv(tmp_path: Path, player_clip: Path) -> None:
    socket_path = tmp_path / "user.sock"
    user_mpv = subprocess.Popen(
        ["mpv", "--idle=yes", "--no-terminal", f"--input-ipc-server={socket_path}", *HEADLESS]
    )
    try:
        player = Player(socket_path=socket_path)
        player.load(player_clip, start=2)
        wait_state(player, lambda s: s.status == "playing")
        player.close()
        assert user_mpv.poll() is None  # the user's mpv keeps running
        assert player.state.status == "stopped"
    finally:
        user_mpv.kill()
        user_mpv.wait()


def test_attach_to_nothing_says_so(tmp_path: Path) -> None:
    player = Player(socket_path=tmp_path / "none.sock", timeout=0.2)
    with pytest.raises(PlayerError, match="cannot connect"):
        player.start()
    assert player.state.status == "stopped"


def test_mpv_missing_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without mpv
    player = Player()
    with pytest.raises(MpvMissing) as caught:
        player.load("/some/video.mp4")
    assert "apt install mpv" in str(caught.value)
    assert "https://mpv.io" in str(caught.value)
    assert player.state.status == "stopped"


# -- resume and status ------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def playing(tag: str, position: float, **changes: object) -> PlayerState:
    """mpv playing the load tagged `tag` (here also its file), a frame shown."""
    fields: dict[str, object] = {
        "running": True,
        "target": tag,
        "tag": tag,
        "loaded": True,
        "rendered": True,
        "position": position,
        "duration": 100.0,
        "idle": False,
    }
    fields.update(changes)
    return PlayerState(**fields)  # type: ignore[arg-type]


def test_tracker_saves_position_at_most_every_interval(demo_course: Course) -> None:
    lesson = demo_course.lessons[2]  # todo, position 0
    clock = Clock()
    tracker = WatchTracker(demo_course, save_interval=5, clock=clock)
    tracker.begin(lesson, "video")
    assert tracker.update(playing("video", 1.0)) == {lesson}  # status: watching
    assert lesson.status == "watching"
    assert lesson.meta["status_changed"]
    clock.now += 4
    tracker.update(playing("video", 5.0))
    assert Course.load(demo_course.root).lessons[2].position == 0  # not yet
    clock.now += 1.5
    assert tracker.update(playing("video", 6.4)) == {lesson}
    assert Course.load(demo_course.root).lessons[2].position == 6
    clock.now += 10
    mtime = lesson.path.stat().st_mtime_ns
    assert tracker.update(playing("video", 6.9)) == set()  # same second: no write
    assert lesson.path.stat().st_mtime_ns == mtime
    # stopping (mpv quit) saves the last position at once
    tracker.update(playing("video", 8.2))
    assert tracker.update(PlayerState(running=False, position=8.2)) == {lesson}
    fresh = Course.load(demo_course.root).lessons[2]
    assert fresh.position == 8
    assert fresh.duration == 4732


def test_tracker_marks_done_and_ignores_other_targets(demo_course: Course) -> None:
    lesson = demo_course.lessons[2]
    tracker = WatchTracker(demo_course, done_threshold=0.9, clock=Clock())
    tracker.begin(lesson, "video")
    assert tracker.update(playing("other", 95.0)) == set()  # mpv not on our file yet
    assert lesson.status == "todo"
    tracker.update(playing("video", 89.0, duration=100.0))
    assert lesson.status == "watching"
    tracker.update(playing("video", 90.5, duration=100.0))
    assert lesson.status == "done"
    tracker.end()
    assert Course.load(demo_course.root).lessons[2].position == 90


def test_tracker_marks_done_only_what_was_played(demo_course: Course) -> None:
    lesson = demo_course.lessons[2]  # todo, duration 4732 in its file
    tracker = WatchTracker(demo_course, done_threshold=0.9, save_interval=0, clock=Clock())
    tracker.begin(lesson, "lesson")
    # keep-open's jump to the "end" of a stream with nothing decoded: not a position
    assert tracker.update(playing("lesson", 100.0, eof=True, rendered=False)) == set()
    assert lesson.status == "todo"
    assert lesson.position == 0
    # a stream cut at half: it ends, but half was played
    tracker.update(playing("lesson", 50.0, eof=True, paused=True))
    assert lesson.status == "todo"
    assert lesson.position == 50
    # the same file for another lesson (another tag): not ours
    tracker.update(playing("other lesson", 99.0, target="lesson"))
    assert lesson.status == "todo"
    assert lesson.position == 50
    tracker.update(playing("lesson", 90.0))
    assert lesson.status == "done"


def test_tracker_without_a_duration_takes_the_end(demo_course: Course) -> None:
    lesson = demo_course.lessons[2]
    lesson.update(duration=None)
    tracker = WatchTracker(demo_course, clock=Clock())
    tracker.begin(lesson, "live")
    tracker.update(playing("live", 30.0, duration=None))
    assert lesson.status == "watching"
    tracker.update(playing("live", 31.0, duration=None, eof=True))
    assert lesson.status == "done"


def test_tracker_never_clobbers_unsaved_editor_text(demo_course: Course) -> None:
    lesson = demo_course.lessons[1]
    before = lesson.body
    tracker = WatchTracker(demo_course, save_interval=0, clock=Clock())
    tracker.begin(lesson, "v")
    editor_text = before + "typed but not saved yet\n"
    tracker.update(playing("v", 2000.0, duration=5531.0))
    assert lesson.path.read_text().endswith(before)
    lesson.save_body(editor_text)  # the editor's autosave, later
    text = lesson.path.read_text()
    assert text.endswith(editor_text)
    assert "position: 2000" in text


def test_tracker_leaves_read_only_lessons_alone(demo_course: Course) -> None:
    lesson = demo_course.lessons[0]
    lesson.path.write_bytes(b"---\ntitle: [broken\n---\nbody\n")
    lesson.reload()
    assert lesson.read_only
    tracker = WatchTracker(demo_course, save_interval=0, clock=Clock())
    tracker.begin(lesson, "v")
    assert tracker.update(playing("v", 50.0)) == set()
    assert tracker.end() == set()
    assert tracker.errors == []


def test_resume_point_and_source(demo_course: Course, tmp_path: Path) -> None:
    first, second, third = demo_course.lessons
    assert resume_position(second) == 1834
    assert resume_position(first) == 0  # finished: start over
    assert lesson_source(third) == "https://www.youtube.com/watch?v=hBBOjCiFcuo"
    third.update(url="file:///etc/passwd")
    assert lesson_source(third) is None
    video = tmp_path / "demo" / "media" / "v.mp4"
    video.parent.mkdir()
    video.write_bytes(b"")
    third.update(video="../media/v.mp4")
    assert lesson_source(third) == str(video)
    assert lesson_chapters(first.chapters)[1] == Chapter(754, "Is it a bird?")


def test_ffmetadata_escapes_titles() -> None:
    text = ffmetadata([(0, "a=b;c#d\\e\nf"), (5, "g")], 10)
    assert "title=a\\=b\\;c\\#d\\\\e\\\nf" in text
    assert "START=5000\nEND=10000" in text


@mpv
@ffmpeg
def test_resume_across_an_mpv_crash(tmp_path: Path, player_clip: Path) -> None:
    """Play, get killed, resume from the saved second, finish: todo -> watching -> done."""
    course = clip_course(tmp_path / "course", player_clip)
    lesson = course.lessons[0]
    source = lesson_source(lesson)
    assert source is not None
    tracker = WatchTracker(course, save_interval=0.5)
    player = Player(tracker.update, args=HEADLESS)  # one writer: the reader thread
    try:
        tracker.begin(lesson, source)
        player.load(source, resume_position(lesson), tag=source)
        wait_for(lambda: lesson.status == "watching", what="watching")
        player.seek(25, relative=False)
        wait_state(player, lambda s: (s.position or 0) > 25.5)
        assert player.pid is not None
        os.kill(player.pid, signal.SIGKILL)
        wait_state(player, lambda s: not s.running)
        # The tracker runs on the reader thread, just after the state changed.
        wait_for(lambda: Course.load(course.root).lessons[0].position >= 25, what="saved")
        saved = Course.load(course.root).lessons[0].position
        assert resume_position(lesson) == saved
        tracker.begin(lesson, source)
        player.load(source, resume_position(lesson), tag=source)
        wait_state(player, lambda s: s.loaded and s.position is not None)
        assert (player.state.position or 0) >= saved
        player.seek(55, relative=False)
        wait_for(lambda: lesson.status == "done", what="done")
        assert Course.load(course.root).lessons[0].status == "done"
    finally:
        player.close()
    assert Course.load(course.root).lessons[0].position >= 55


@ffmpeg
def test_demo_command_gives_lesson_one_a_clip(tmp_path: Path) -> None:
    course = demo_course(tmp_path / "demo")
    first = course.lessons[0]
    assert first.video_path == tmp_path / "demo" / "media" / "demo-clip.mp4"
    assert first.video_path.stat().st_size < 400_000
    assert first.duration == 90
    assert first.position == 0
    assert [c["time"] for c in first.chapters] == [0, 30, 60]


def _mpv_children() -> list[int]:
    """The mpv processes this test process started (and that still run)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            name = Path(f"/proc/{entry}/comm").read_text().strip()
        except OSError:
            continue
        if name == "mpv" and fields[0] != "Z" and int(fields[1]) == os.getpid():
            found.append(int(entry))
    return found


@mpv
@ffmpeg
def test_loads_from_several_threads_at_once_start_one_mpv(
    player: Player, player_clip: Path
) -> None:
    # `p p p p p` in the review (or f5 in a burst): each key loads in a thread of its
    # own; every thread saw no mpv running yet and started one, five mpvs playing.
    before = set(_mpv_children())
    gate = threading.Barrier(5)

    def load() -> None:
        gate.wait()
        player.load(player_clip, 3.0)

    threads = [threading.Thread(target=load) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    wait_state(player, lambda s: s.loaded and not s.paused)
    assert set(_mpv_children()) - before == {player.pid}
