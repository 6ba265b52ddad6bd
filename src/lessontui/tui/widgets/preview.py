"""The live preview beside the editor: draws only visible lines, re-renders only edits."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

if TYPE_CHECKING:
    from lessontui.render.engine import PreviewEngine
    from lessontui.render.markdown import RenderTheme

_WEB_SCHEMES = ("http", "https", "mailto")


def _strip(segments: list[Segment]) -> Strip:
    return Strip(segments)


class NotePreview(ScrollView, can_focus=True):
    """Rendered Markdown of the open note.

    Small interface so the engine can be replaced: `update_text` (called off the
    keystroke path; unchanged text is skipped) and `scroll_to_source_line`. Clicking
    a `[m:ss]` timestamp posts `TimestampClicked`, a link to another lesson file posts
    `LessonLinkClicked`, a web link opens in the browser. Set `base_path` to the
    lesson file's folder so relative links resolve.
    """

    COMPONENT_CLASSES = {
        "preview--h1",
        "preview--h2",
        "preview--h3",
        "preview--h4",
        "preview--h5",
        "preview--h6",
        "preview--em",
        "preview--strong",
        "preview--strike",
        "preview--code-inline",
        "preview--link",
        "preview--timestamp",
        "preview--bullet",
        "preview--checked",
        "preview--unchecked",
        "preview--quote-border",
        "preview--code-block",
        "preview--table-border",
        "preview--table-header",
        "preview--rule",
    }

    DEFAULT_CSS = """
    NotePreview {
        padding: 0 1;
        scrollbar-gutter: stable;  /* a scrollbar appearing must not re-wrap the note */
        & > .preview--h1 { color: $markdown-h1-color; text-style: $markdown-h1-text-style; }
        & > .preview--h2 { color: $markdown-h2-color; text-style: $markdown-h2-text-style; }
        & > .preview--h3 { color: $markdown-h3-color; text-style: $markdown-h3-text-style; }
        & > .preview--h4 { color: $markdown-h4-color; text-style: $markdown-h4-text-style; }
        & > .preview--h5 { color: $markdown-h5-color; text-style: $markdown-h5-text-style; }
        & > .preview--h6 { color: $markdown-h6-color; text-style: $markdown-h6-text-style; }
        & > .preview--em { text-style: italic; }
        & > .preview--strong { text-style: bold; }
        & > .preview--strike { text-style: strike; }
        & > .preview--code-inline { color: $text-warning; background: $warning 10%; }
        & > .preview--link { color: $text-accent; text-style: underline; }
        & > .preview--timestamp { color: $text-secondary; text-style: bold underline; }
        & > .preview--bullet { color: $text-primary; }
        & > .preview--checked { color: $text-success; }
        & > .preview--unchecked { color: $text-warning; }
        & > .preview--quote-border { color: $text-primary 50%; }
        & > .preview--code-block { background: $foreground 5%; }
        & > .preview--table-border { color: $foreground 30%; }
        & > .preview--table-header { color: $primary; text-style: bold; }
        & > .preview--rule { color: $secondary; }
    }
    """

    class TimestampClicked(Message):
        """A `[m:ss]` timestamp was clicked: seek the player there."""

        def __init__(self, seconds: int) -> None:
            super().__init__()
            self.seconds = seconds

    class LessonLinkClicked(Message):
        """A relative link to a Markdown file was clicked: open that lesson."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._text: str | None = None
        self._engine: PreviewEngine | None = None
        self.base_path: Path | None = None
        self._paint: tuple[int, Style] | None = None

    # -- the small interface the app uses ----------------------------------------------

    def update_text(self, text: str) -> None:
        """Show new note text; only blocks whose source changed are rendered again."""
        if text == self._text:
            return
        self._text = text
        if self._engine is None and not text:
            return
        if self.engine.set_text(text):
            self._fill()

    def scroll_to_source_line(self, line: int) -> None:
        """Keep the element drawn from a source line in view (a third from the top)."""
        if self._engine is None:
            return
        engine = self._engine
        height = max(1, self.scrollable_content_region.height)
        y = engine.line_for_source(line)
        top = int(self.scroll_y)
        if top <= y < top + height - 1:
            return
        target = max(0, y - height // 3)
        engine.ensure(target, target + height)
        y = engine.line_for_source(line)  # exact now that its block is drawn
        target = max(0, y - height // 3)
        self._set_virtual_size()
        self.scroll_to(y=target, animate=False, immediate=True)

    # -- the engine and layout -------------------------------------------------------

    @property
    def engine(self) -> PreviewEngine:
        if self._engine is None:
            # Imported on first use: markdown-it and Pygments stay off the start-up path.
            from lessontui.render.engine import PreviewEngine

            self._engine = PreviewEngine(self._theme(), _strip, self._content_width())
            self._engine.renderer.defer_highlight = True
        return self._engine

    def _content_width(self) -> int:
        return max(4, self.scrollable_content_region.width or self.size.width or 80)

    def _set_virtual_size(self) -> None:
        if self._engine is not None:
            self.virtual_size = Size(self._content_width(), self._engine.height)

    def _fill(self) -> None:
        """Render the blocks on screen, keep the top block in place, redraw."""
        engine = self._engine
        if engine is None:
            return
        engine.set_width(self._content_width())
        top = int(self.scroll_y)
        height = max(1, self.scrollable_content_region.height or self.size.height or 24)
        new_top = engine.ensure(top, top + height)
        self._set_virtual_size()
        if new_top != top:
            self.scroll_to(y=new_top, animate=False, immediate=True)
        self.refresh()
        if engine.renderer.pending_languages:
            self._load_lexers()

    def _load_lexers(self) -> None:
        engine = self.engine
        languages = set(engine.renderer.pending_languages)
        engine.renderer.pending_languages.clear()

        def load() -> None:
            from lessontui.render.markdown import load_lexer

            for language in languages:
                load_lexer(language)
            self.app.call_from_thread(self._lexers_loaded)

        self.run_worker(load, thread=True, group="preview-lexers", exit_on_error=False)

    def _lexers_loaded(self) -> None:
        if self._engine is not None:
            self._engine.clear_cache()
            self._fill()

    def on_resize(self, event: events.Resize) -> None:
        if self._engine is not None and self._engine.set_width(self._content_width()):
            self._fill()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._engine is not None and round(old_value) != round(new_value):
            self._fill()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._engine is not None and self._engine.set_theme(self._theme()):
            self._fill()

    def _theme(self) -> RenderTheme:
        from lessontui.render.markdown import RenderTheme

        def part(name: str) -> Style:
            return self.get_component_rich_style(f"preview--{name}", partial=True)

        dark = True
        with suppress(Exception):  # no app yet (constructed outside one)
            dark = self.app.current_theme.dark
        return RenderTheme(
            text=Style(),
            headings=tuple(part(f"h{level}") for level in range(1, 7)),
            em=part("em"),
            strong=part("strong"),
            strike=part("strike"),
            code_inline=part("code-inline"),
            link=part("link"),
            timestamp=part("timestamp"),
            bullet=part("bullet"),
            checked=part("checked"),
            unchecked=part("unchecked"),
            quote_border=part("quote-border"),
            code_block=part("code-block"),
            table_border=part("table-border"),
            table_header=part("table-header"),
            rule=part("rule"),
            code_theme="monokai" if dark else "default",
        )

    # -- drawing -----------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # The base style and width walk the DOM: look them up once per paint, not per row.
        self._paint = (self._content_width(), self.rich_style)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width, base = self._paint or (self._content_width(), self.rich_style)
        line = self._engine.line(int(self.scroll_y) + y) if self._engine is not None else None
        if line is None:
            return Strip.blank(width, base)
        return line.apply_style(base).extend_cell_length(width, base)

    # -- links -------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        if "timestamp" in meta:
            event.stop()
            self.post_message(self.TimestampClicked(int(meta["timestamp"])))
        elif "link" in meta:
            event.stop()
            self.open_link(str(meta["link"]))

    def open_link(self, href: str) -> None:
        """Follow a link: web pages open in the browser, Markdown files as lessons."""
        parts = urlsplit(href)
        if parts.scheme in _WEB_SCHEMES:
            self.app.open_url(href)
            return
        if parts.scheme or parts.netloc or not parts.path:
            return  # file:, javascript: and anchors are not followed
        path = Path(unquote(parts.path))
        if path.suffix.lower() != ".md":
            return
        if self.base_path is not None and not path.is_absolute():
            path = self.base_path / path
        self.post_message(self.LessonLinkClicked(path))
