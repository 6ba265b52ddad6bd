"""The one-widget footer: the screen's shown keys, kept current, clickable."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from lessontui.tui.widgets.key_footer import KeyFooter
from tests.screen import rendered_text


class Field(Input):
    BINDINGS = [Binding("f4", "app.shout", "Shout", id="test.shout")]


class FooterApp(App[None]):
    BINDINGS = [
        Binding("f2", "count", "Count", id="test.count"),
        Binding("f3", "hidden", "Hidden", show=False),
        Binding("f6", "never", "Never"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.counted = 0
        self.shouted = 0

    def compose(self) -> ComposeResult:
        yield Field(id="field")
        yield Input(id="plain")
        yield KeyFooter()

    def action_count(self) -> None:
        self.counted += 1

    def action_shout(self) -> None:
        self.shouted += 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "never" else True  # None: shown, but disabled


def footer_line(app: App[Any]) -> str:
    return rendered_text(app).splitlines()[-1]


def x_of(app: App[Any], text: str) -> int:
    """The column where `text` starts in the footer (rendered_text drops the gaps)."""
    return app.query_one(KeyFooter).render().plain.index(text)


async def test_shows_the_shown_keys_and_the_palette_on_the_right() -> None:
    app = FooterApp()
    async with app.run_test(size=(80, 10)) as pilot:
        app.query_one("#plain").focus()
        await pilot.pause()
        line = footer_line(app)
        assert "F2 Count" in line.replace("f2", "F2")
        assert "Hidden" not in line
        assert "Shout" not in line  # the field with that key is not focused
        assert line.rstrip().endswith("^p palette")
        assert line.index("Count") < line.index("palette")


async def test_follows_the_focus() -> None:
    app = FooterApp()
    async with app.run_test(size=(80, 10)) as pilot:
        app.query_one("#plain").focus()
        await pilot.pause()
        assert "Shout" not in footer_line(app)
        app.query_one("#field").focus()
        await pilot.pause()
        assert "Shout" in footer_line(app)
        app.query_one("#plain").focus()
        await pilot.pause()
        assert "Shout" not in footer_line(app)


async def test_a_click_presses_the_key() -> None:
    app = FooterApp()
    async with app.run_test(size=(80, 10)) as pilot:
        app.query_one("#field").focus()
        await pilot.pause()
        await pilot.click(KeyFooter, offset=(x_of(app, "Count"), 0))
        await pilot.click(KeyFooter, offset=(x_of(app, "Shout"), 0))
        await pilot.pause()
        assert (app.counted, app.shouted) == (1, 1)


async def test_a_click_on_a_disabled_key_does_nothing() -> None:
    app = FooterApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        footer = app.query_one(KeyFooter)
        never = next(item for item in footer.items if item.description == "Never")
        assert not never.enabled
        await pilot.click(KeyFooter, offset=(x_of(app, "Never"), 0))
        await pilot.click(KeyFooter, offset=(x_of(app, "▏"), 0))  # the separator
        await pilot.pause()
        assert app.counted == 0
        assert len(app.screen_stack) == 1  # the separator is not the palette's key


async def test_narrow_keeps_the_palette_and_cuts_the_rest() -> None:
    app = FooterApp()
    async with app.run_test(size=(24, 10)) as pilot:
        app.query_one("#field").focus()
        await pilot.pause()
        line = footer_line(app)
        assert line.rstrip().endswith("^p palette")
        assert len(line.rstrip()) <= 24
        await pilot.click(KeyFooter, offset=(x_of(app, "palette"), 0))
        await pilot.pause()
        assert len(app.screen_stack) == 2  # the command palette opened


async def test_hover_shades_a_key_and_only_the_palette_has_a_tooltip() -> None:
    app = FooterApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        footer = app.query_one(KeyFooter)
        await pilot.hover(KeyFooter, offset=(x_of(app, "Count"), 0))
        assert footer.tooltip is None  # the description is on the key already
        assert "Count" in footer.render().plain  # drawn hovered, and still there
        await pilot.hover(KeyFooter, offset=(x_of(app, "palette"), 0))
        assert footer.tooltip == "Open the command palette"  # Textual's own tooltip


async def test_the_footer_keeps_its_keys_while_the_terminal_is_in_the_background() -> None:
    # Textual takes the focus away when the terminal window loses it (and gives
    # it back on return); the stock Footer ignores that, so the keys of the
    # focused widget do not vanish and come back each time the user looks away.
    app = FooterApp()
    async with app.run_test(size=(80, 10)) as pilot:
        app.query_one("#field").focus()
        await pilot.pause()
        line = footer_line(app)
        assert "Shout" in line
        app.post_message(events.AppBlur())
        await pilot.pause()
        assert not app.app_focus
        assert app.focused is None
        assert footer_line(app) == line
        app.post_message(events.AppFocus())
        await pilot.pause()
        assert app.focused is app.query_one("#field")
        assert footer_line(app) == line


async def test_the_footer_catches_up_when_the_terminal_comes_back() -> None:
    app = FooterApp()
    async with app.run_test(size=(80, 10)) as pilot:
        app.query_one("#field").focus()
        await pilot.pause()
        app.post_message(events.AppBlur())
        await pilot.pause()
        app.query_one("#plain").focus()  # in the background: a dialog, a course opened
        await pilot.pause()
        app.post_message(events.AppFocus())
        await pilot.pause()
        assert app.focused is app.query_one("#plain")
        assert "Shout" not in footer_line(app)
