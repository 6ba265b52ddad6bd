"""The downloads panel's rows read as words, and a finished batch does not stay for the session."""

from __future__ import annotations

from textual.app import App, ComposeResult

from lessontui.tui.widgets.downloads import DownloadsPanel


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield DownloadsPanel(id="downloads")


async def test_rows_read_as_words_and_the_batch_goes_away() -> None:
    app = PanelApp()
    async with app.run_test(size=(100, 10)) as pilot:
        panel = app.query_one(DownloadsPanel)
        panel.show_batch(["Lesson 1", "Lesson 2"])
        await pilot.pause()
        done, failed = panel.row(0), panel.row(1)
        assert done is not None
        assert failed is not None
        done.show_progress(1.0, 2048)
        done.finish("downloaded")
        failed.finish("failed", failed=True)
        await pilot.pause()
        # The screen's cells, spaces included (the SVG export drops blank cells).
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        first = next(line for line in lines if "Lesson 1" in line)
        second = next(line for line in lines if "Lesson 2" in line)
        assert "100% downloaded" in first
        assert "100downloaded" not in first
        assert "failed" in second
        assert "--" not in second
        panel.close_after(0.2)
        for _ in range(50):
            await pilot.pause(0.1)
            if not panel.display:
                break
        assert not panel.display
        assert panel.row(0) is None
