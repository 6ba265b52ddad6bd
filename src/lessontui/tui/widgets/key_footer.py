"""The footer: the screen's shown keys on one line, drawn by one widget."""

from __future__ import annotations

from typing import Any, NamedTuple

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

QUIT_ID = "app.quit"


class FooterItem(NamedTuple):
    key: str  # what simulate_key presses
    label: str  # how the key is shown ("^q")
    description: str
    enabled: bool
    tooltip: str


class KeyFooter(Widget, can_focus=False):
    """What Textual's Footer shows, as one line of text instead of a widget per key.

    The stock Footer mounts a FooterKey widget per binding, each styled on its
    own, and fills itself only after the screen's first bindings update: at
    start-up that was about 250 ms of a 700 ms first frame, measured with
    benchmarks/startup.py. This widget reads the screen's bindings when it
    draws, redraws when they change, and maps a click to its key.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--hover",
        "key-footer--separator",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-footer--hover {
            background: $block-hover-background;
        }
        .key-footer--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: tuple[FooterItem, ...] = ()
        self._palette: FooterItem | None = None
        self._spans: list[tuple[int, int, FooterItem]] = []  # x ranges of the last draw
        self._hover: FooterItem | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._read_bindings(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if not screen.app.app_focus:
            # As Footer: Textual drops the focus while the terminal is in the
            # background and restores it on return; keep the keys meanwhile.
            return
        if screen is self.screen and self._read_bindings(screen):
            self.refresh()

    def _read_bindings(self, screen: Screen[Any]) -> bool:
        """Take the keys to show from the screen; True if they changed."""
        app = self.app
        by_action: dict[str, FooterItem] = {}
        palette = None

        # Textual's order (the focused pane's keys, the screen's, the app's), except
        # that quit leads the keys that work on the whole screen.
        def rank(node: DOMNode, binding: Binding) -> int:
            if not isinstance(node, (Screen, App)):
                return 0
            return 1 if binding.id == QUIT_ID else 2

        active = sorted(
            screen.active_bindings.items(), key=lambda kv: rank(kv[1].node, kv[1].binding)
        )
        for key, (_, binding, enabled, tooltip) in active:
            tip = tooltip or binding.tooltip
            item = FooterItem(
                binding.key, app.get_key_display(binding), binding.description, enabled, tip
            )
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                # As Footer: only the palette's key says what it is on hover.
                palette = item._replace(tooltip=tip or binding.description)
            elif binding.show:
                by_action.setdefault(binding.action, item)  # one key per action, as Footer
        items = tuple(by_action.values())
        if (items, palette) == (self._items, self._palette):
            return False
        self._items, self._palette = items, palette
        return True

    @property
    def items(self) -> tuple[FooterItem, ...]:
        """The keys shown on the left (the command palette's key is on the right)."""
        return self._items

    def render(self) -> Content:
        width = self.size.width
        left, spans = self._line(self._items)
        right: list[Content] = []
        if self._palette is not None:
            # The palette's key stays on the right (as Footer docks it); the
            # other keys are cut to fit beside it.
            palette, palette_spans = self._line((self._palette,))
            start = max(0, width - palette.cell_length - 2)
            separator = Content.styled("▏", self.get_visual_style("key-footer--separator"))
            right = [separator, palette, Content(" ")]
            left = left.truncate(start, pad=True)
            spans = [(a, min(b, start), item) for a, b, item in spans if a < start]
            spans += [(a + start + 1, b + start + 1, item) for a, b, item in palette_spans]
        self._spans = spans
        return Content.assemble(left, *right)

    def _line(
        self, items: tuple[FooterItem, ...]
    ) -> tuple[Content, list[tuple[int, int, FooterItem]]]:
        """ " key description " for each item, with the x range each one covers."""
        parts: list[Content] = []
        spans: list[tuple[int, int, FooterItem]] = []
        x = 0
        for item in items:
            hover = ("key-footer--hover",) if item == self._hover else ()
            key = Content.styled(
                f" {item.label} ", self.get_visual_style("key-footer--key", *hover)
            )
            description = Content.styled(
                f"{item.description} " if item.description else "",
                self.get_visual_style("key-footer--description", *hover),
            )
            if not item.enabled:
                key, description = key.stylize("dim"), description.stylize("dim")
            width = key.cell_length + description.cell_length
            spans.append((x, x + width, item))
            parts += (key, description)
            x += width
        return Content.assemble(*parts), spans

    def _item_at(self, x: int) -> FooterItem | None:
        return next((item for start, end, item in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self._item_at(event.x)
        if item != self._hover:
            self._hover = item
            self.tooltip = item.tooltip if item and item.tooltip else None
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        item = self._item_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
