"""tui/textual_compat/lost_terminal.py: the Textual internals it relies on (canary), end of input.

LessonDriver replaces Textual 8.2.8's `LinuxDriver.run_input_thread` and wraps
the file its output thread writes to. If Textual renames or reshapes what that
relies on, these tests fail first; then re-check the upstream loop (and
Textualize/textual#6690) before changing the override.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import signal
import threading
from pathlib import Path

import pytest
from textual.drivers import _writer_thread, linux_driver
from textual.drivers.linux_driver import LinuxDriver

from lessontui.course.rescue import rescue_dir, write_rescue
from lessontui.tui.app import LessonApp
from lessontui.tui.textual_compat.lost_terminal import LessonDriver, input_decoder


def test_the_textual_internals_lessondriver_uses_are_still_there() -> None:
    # The thread target calls the method we override, by this name.
    assert "self.run_input_thread()" in inspect.getsource(LinuxDriver._run_input_thread)
    upstream = inspect.getsource(LinuxDriver.run_input_thread)
    for name in ("self.exit_event", "self.fileno", "XTermParser(self._debug)", "tick()"):
        assert name in upstream, name
    # xterm_input.py replaces this module attribute; we look it up at each start.
    assert hasattr(linux_driver, "XTermParser")
    # The output thread writes to the driver's `_file`, made when application mode starts.
    assert "WriterThread(self._file)" in inspect.getsource(LinuxDriver.start_application_mode)
    writer = inspect.getsource(_writer_thread.WriterThread.run)
    assert "self._file.write" in writer
    assert "self._file.flush" in writer
    # shutdown.py restores the terminal from these after cutting a quit short.
    assert "self.attrs_before = termios.tcgetattr" in inspect.getsource(
        LinuxDriver.start_application_mode
    )


def test_upstream_still_decodes_strictly_and_ours_does_not() -> None:
    # Textualize/textual#6456: once upstream decodes with errors="replace", our
    # decoder is no longer needed (the loop fix of #6690 may still be).
    upstream = inspect.getsource(LinuxDriver.run_input_thread)
    assert 'getincrementaldecoder("utf-8")()' in upstream
    assert input_decoder().decode(b"a\xffb", final=True) == "a\ufffdb"


def test_the_app_runs_on_lessondriver_in_a_terminal() -> None:
    assert LessonApp().get_driver_class() is LessonDriver


async def test_end_of_input_stops_reading_and_quits_as_on_sighup() -> None:
    app = LessonApp()
    handlers = {n: signal.getsignal(n) for n in (signal.SIGTSTP, signal.SIGCONT)}
    driver = LessonDriver(app)  # it sets SIGTSTP and SIGCONT handlers: given back below
    for number, handler in handlers.items():
        signal.signal(number, handler)
    read, write = os.pipe()
    driver.fileno = read
    os.write(write, b"abc")
    os.close(write)  # end of file after the keys
    thread = threading.Thread(target=driver.run_input_thread, daemon=True)
    thread.start()
    await asyncio.to_thread(thread.join, 10)  # the loop runs: the keys read are delivered
    os.close(read)
    assert not thread.is_alive(), "the input thread went on reading end of file"
    assert app.quitter.code == 128 + signal.SIGHUP


def test_a_rescue_file_never_overwrites_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    first = write_rescue("one", "My course", "01-intro")
    second = write_rescue("two", "My course", "01-intro")  # the same second
    assert first.parent == rescue_dir() == tmp_path / "data" / "lessontui" / "rescue"
    assert first != second
    assert first.read_text() == "one"
    assert second.read_text() == "two"
    assert first.name.startswith("my-course-01-intro-")


@pytest.mark.parametrize("broken", ["read-only", "a file", "a dangling link"])
def test_a_rescue_goes_to_the_next_place_when_the_data_folder_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    data, state = tmp_path / "data", tmp_path / "state"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    if broken == "read-only":
        data.mkdir()
        data.chmod(0o555)
        if os.access(data, os.W_OK):
            pytest.skip("root writes into a read-only folder")
    elif broken == "a file":
        data.write_text("not a folder")
    else:
        (data / "lessontui").mkdir(parents=True)
        (data / "lessontui" / "rescue").symlink_to(tmp_path / "nowhere" / "at-all")
    rescued = write_rescue("kept", "My course", "01-intro")
    assert rescued.parent == state / "lessontui" / "rescue"
    assert rescued.read_text() == "kept"
    assert rescued.stat().st_mode & 0o777 == 0o600


def test_a_rescue_with_no_data_or_state_folder_goes_to_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").write_text("a file")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    rescued = write_rescue("kept", "My course", "01-intro")
    assert rescued.parent == tmp_path / "tmp"
    assert rescued.name.startswith("lessontui-rescue-my-course-01-intro-")
    assert rescued.stat().st_mode & 0o777 == 0o600
