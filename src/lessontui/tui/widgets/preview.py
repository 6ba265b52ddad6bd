"""The live preview beside the editor: draws only visible lines, re-renders only edits."""

from __future__ import annotations

import os
import re
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import DEFAULT_TERMINAL_THEME, TerminalTheme
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from lessontui.render.images import ImageCells
from lessontui.tui.textual_compat.app_state import driver_of

if TYPE_CHECKING:
    from lessontui.render.engine import PreviewEngine
    from lessontui.render.markdown import RenderTheme

_WEB_SCHEMES = ("http", "https", "mailto")
_MARKS = re.compile(r"[ \t>*+\-0-9.)]*")  # what may stand before an image drawn on its line
# Themes with a Pygments namesake; others get a dark or light default.
_CODE_THEMES = {
    "nord": "nord",
    "dracula": "dracula",
    "gruvbox": "gruvbox-dark",
    "monokai": "monokai",
    "solarized-dark": "solarized-dark",
    "solarized-light": "solarized-light",
}


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
        "preview--quote",
        "preview--code-block",
        "preview--table-border",
        "preview--table-header",
        "preview--rule",
    }

    # Theme variables only, so every theme works; `_theme` then lifts any colour
    # that would fall below WCAG contrast in this theme and colour depth.
    DEFAULT_CSS = """
    NotePreview {
        padding: 0 1;
        scrollbar-gutter: stable;  /* a scrollbar appearing must not re-wrap the note */
        & > .preview--h1 { color: $text-primary; background: $primary 20%; text-style: bold; }
        & > .preview--h2 { color: $text-primary; text-style: bold; }
        & > .preview--h3 { color: $text-secondary; text-style: bold; }
        & > .preview--h4 { color: $text-primary; text-style: bold italic; }
        & > .preview--h5 { color: $foreground; text-style: bold; }
        & > .preview--h6 { color: $foreground-muted; text-style: bold italic; }
        & > .preview--em { text-style: italic; }
        & > .preview--strong { text-style: bold; }
        & > .preview--strike { text-style: strike; }
        & > .preview--code-inline { color: $text-warning; background: $foreground 10%; }
        & > .preview--link { color: $text-accent; text-style: underline; }
        & > .preview--timestamp { color: $text-success; text-style: bold; }
        & > .preview--bullet { color: $text-primary; }
        & > .preview--checked { color: $text-success; text-style: bold; }
        & > .preview--unchecked { color: $text-warning; text-style: bold; }
        & > .preview--quote-border { color: $primary; }
        & > .preview--quote { color: $foreground-muted; text-style: italic; }
        & > .preview--code-block { color: $foreground; background: $foreground 6%; }
        & > .preview--table-border { color: $foreground 40%; }
        & > .preview--table-header { color: $text-primary; text-style: bold; }
        & > .preview--rule { color: $foreground 40%; }
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
        self._detached_busy = False
        self._decoding = False  # a thread is decoding the note's images
        self.course_root: Path | None = None
        # config.IMAGE_MODES: "off" shows an image's line only; "auto" picks Kitty
        # graphics where render/kitty.py detects them, else half blocks.
        self.image_mode = "auto"
        self._sweep_timer: Timer | None = None
        self._drawn: dict[int, tuple[Any, int, int, Style]] = {}

    # -- the small interface the app uses ----------------------------------------------

    def update_text(self, text: str) -> None:
        """Show new note text; only blocks whose source changed are rendered again."""
        if text == self._text:
            return
        self._text = text
        if self._engine is None and not text:
            return
        images = self.engine.renderer.images
        if images is not None:
            images.new_text()
        if self.engine.set_text(text):
            self._fill()
        self._sweep_soon()

    def set_place(self, base_path: Path, course_root: Path | None) -> None:
        """The note's folder (links are relative to it) and its course (images are
        shown only from inside it)."""
        if (base_path, course_root) == (self.base_path, self.course_root):
            return
        self.base_path, self.course_root = base_path, course_root
        if self._engine is not None:
            images = self._engine.renderer.images
            if images is not None:
                images.base, images.root = base_path, course_root
                images.new_text()
            self._engine.forget_images()
            self._fill()
            self._sweep_soon()

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
            self._engine.detach_big = True
            if self.image_mode != "off":
                images = ImageCells(self.course_root, self.base_path, kitty=self._kitty())
                self._engine.renderer.images = images
        return self._engine

    def _kitty(self) -> bool:
        """Kitty graphics, asked for or detected; only in true colour, as the image's
        id is its cells' colour (fewer colours would change it: half blocks then)."""
        from lessontui.render.kitty import detected

        if self._terminal()[0] != "truecolor":
            return False
        return self.image_mode == "kitty" or (self.image_mode == "auto" and detected(os.environ))

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
        self._repaint_changed_rows()
        if engine.renderer.pending_languages:
            self._load_lexers()
        if engine.wanted and not self._detached_busy:
            self._render_detached()
        images = engine.renderer.images
        if images is not None and images.pending and not self._decoding:
            self._decode_images(images)

    def _decode_images(self, images: ImageCells) -> None:
        """Decode and scale the images asked for, in a thread; then draw their blocks."""
        from lessontui.render.images import decode

        wanted = dict(images.pending)
        images.pending.clear()
        self._decoding = True

        def work() -> None:
            made = []
            try:
                for key, path in wanted.items():
                    made.append((key, decode(path, key[3], images.kitty)))
            finally:
                self.app.call_from_thread(self._images_decoded, images, made)

        self.run_worker(work, thread=True, group="preview-images", exit_on_error=False)

    def _images_decoded(self, images: ImageCells, made: list[tuple[Any, Any]]) -> None:
        self._decoding = False
        for key, cells in made:
            images.keep(key, cells)
        self._send(images)  # before the frame that draws the placeholders
        if self._engine is not None and made:
            self._engine.forget_images()
            self._fill()
        self._sweep_soon()

    # -- Kitty graphics: images sent to the terminal ----------------------------------

    def _send(self, images: ImageCells) -> None:
        """Write the queued Kitty sequences raw through the driver, in order, as
        Textual's copy_to_clipboard does (never to sys.stdout while the app runs)."""
        if not images.outbox:
            return
        driver = driver_of(self.app)
        if driver is not None:
            driver.write("".join(images.outbox))
            driver.flush()
        images.outbox.clear()

    def _sweep_soon(self) -> None:
        """Delete the images the note no longer shows, once typing pauses."""
        images = self._engine.renderer.images if self._engine is not None else None
        if images is None or not images.sent:
            return
        if self._sweep_timer is not None:
            self._sweep_timer.stop()
        self._sweep_timer = self.set_timer(0.5, self._sweep)

    def _sweep(self) -> None:
        from lessontui.services.export_images import IMAGE

        self._sweep_timer = None
        images = self._engine.renderer.images if self._engine is not None else None
        if images is None:
            return
        text = self._text or ""
        srcs = []
        for match in IMAGE.finditer(text):
            # Only an image alone on its line is drawn (after list or quote marks).
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.end())
            after = text[match.end() : end if end >= 0 else len(text)]
            if _MARKS.fullmatch(text[start : match.start()]) and not after.strip():
                srcs.append(match.group(2).removeprefix("<").removesuffix(">"))
        if images.sweep(srcs, self._content_width()) and self._engine is not None:
            # A block rendered with a deleted image's cells is kept by its source:
            # drawn again it asks for the image anew.
            self._engine.forget_images()
            self._fill()
        self._send(images)

    def on_mount(self) -> None:
        self.app.app_resume_signal.subscribe(self, self._resumed)

    def _resumed(self, _app: object) -> None:
        """After `fg`: the terminal may have dropped the images with the alternate
        screen it left, so send those on show again (under new ids)."""
        images = self._engine.renderer.images if self._engine is not None else None
        if images is None or not images.sent or self._engine is None:
            return
        images.forget_all()
        self._send(images)
        self._engine.forget_images()
        self._fill()

    def on_unmount(self) -> None:
        images = self._engine.renderer.images if self._engine is not None else None
        if images is not None:
            images.forget_all()
            with suppress(Exception):  # the driver may be gone at exit
                self._send(images)

    def _repaint_changed_rows(self) -> None:
        """Repaint the rows that show another line than the one drawn there.

        An edit changes a block or two: a whole-widget refresh would send every row
        through the styles cache and the compositor again, a large part of the
        pause after typing. The engine keeps the same line object for a line it did
        not render again, so a row is unchanged when it would show the same object
        at the same scroll, width and base style.
        """
        engine = self._engine
        if engine is None or not self._drawn:
            self.refresh()
            return
        top = int(self.scroll_y)
        paint = (top, self._content_width(), self._text_style())
        drawn = self._drawn.get
        rows = []
        for y in range(self.size.height):
            last = drawn(y)
            if last is None or last[0] is not engine.line(top + y) or last[1:] != paint:
                rows.append(Region(0, y, self.size.width, 1))
        if rows:
            self.refresh(*rows)

    def _render_detached(self) -> None:
        """Render one big block in a thread (one at a time), so no frame waits on it.

        The UI thread keeps drawing (the thread yields the GIL every few ms); the
        block shows its old lines, or blank ones, until `_detached_done`.
        """
        from lessontui.render.engine import render_detached

        engine = self.engine
        key, source = engine.wanted.popitem()  # the newest request first
        width, theme, factory = engine.width, engine.theme, engine.line_factory
        self._detached_busy = True

        def work() -> None:
            entry = None
            try:
                entry = render_detached(source, width, theme, factory)
            finally:  # even if rendering failed, the next block must get its turn
                self.app.call_from_thread(self._detached_done, key, entry)

        self.run_worker(work, thread=True, group="preview-big", exit_on_error=False)

    def _detached_done(self, key: Any, entry: Any) -> None:
        self._detached_busy = False
        if self._engine is None or entry is None:
            return
        if self._engine.accept(key, entry):
            self._fill()  # heights changed: lay out again; also starts the next one
        elif self._engine.wanted:
            self._render_detached()

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
            images = self._engine.renderer.images
            if images is not None:
                images.new_text()  # drawn at the old width: not shown any more
            self._fill()
            self._sweep_soon()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._engine is not None and round(old_value) != round(new_value):
            self._fill()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Textual updates the component classes' styles right after this call (in
        # Stylesheet._process_component_classes): read them once they are in.
        self.call_later(self._restyle)

    def _restyle(self) -> None:
        if self._engine is not None and self._engine.set_theme(self._theme()):
            self._fill()

    def _theme(self) -> RenderTheme:
        from lessontui.render.contrast import DRAWING, TEXT, looks_alike, readable_style
        from lessontui.render.markdown import RenderTheme

        base = self._text_style()
        system, palette = self._terminal()
        dark, name = True, ""
        with suppress(Exception):  # no app yet (constructed outside one)
            dark, name = self.app.current_theme.dark, self.app.current_theme.name

        def part(component: str, minimum: float = TEXT) -> Style:
            # The partial style says what the rule sets; the full one has its
            # colours blended (`$foreground 10%`), which the partial one loses.
            # Fresh, not Widget.get_component_rich_style: its cache may hold styles
            # from before the last theme change.
            styles = self.get_component_styles(f"preview--{component}")
            given, full = styles.partial_rich_style, styles.rich_style
            color = full.color if given.color else None
            bgcolor = full.bgcolor if given.bgcolor else None
            if bgcolor == color:  # an ANSI theme cannot blend `$primary 20%`: no band
                bgcolor = None
            style = given.without_color + Style(color=color, bgcolor=bgcolor)
            return readable_style(style, base.bgcolor, minimum, system, palette)

        code_block = part("code-block")
        if code_block.bgcolor is None:  # no band (ANSI theme): code colours are on ours
            code_block += Style(bgcolor=base.bgcolor)
        code_inline = part("code-inline")
        if looks_alike(code_inline, base, system, palette):
            # Few colours (or an ANSI theme) flattened the code chip into the text.
            code_inline += Style(reverse=True)
        return RenderTheme(
            text=Style(),
            headings=tuple(part(f"h{level}") for level in range(1, 7)),
            em=part("em"),
            strong=part("strong"),
            strike=part("strike"),
            code_inline=code_inline,
            link=part("link"),
            timestamp=part("timestamp"),
            bullet=part("bullet"),
            checked=part("checked"),
            unchecked=part("unchecked"),
            quote_border=part("quote-border", DRAWING),
            quote=part("quote"),
            code_block=code_block,
            table_border=part("table-border", DRAWING),
            table_header=part("table-header"),
            rule=part("rule", DRAWING),
            code_theme=_CODE_THEMES.get(name, "github-dark" if dark else "default"),
            color_system=system,
            palette=palette,
        )

    def _terminal(self) -> tuple[str, TerminalTheme]:
        """The terminal's colour system and ANSI palette, as the app knows them."""
        with suppress(Exception):  # no app yet (constructed outside one)
            return self.app.console.color_system or "truecolor", self.app.ansi_theme
        return "truecolor", DEFAULT_TERMINAL_THEME

    def _text_style(self) -> Style:
        """The body text's style; its colour lifted where 16 colours flatten it."""
        from lessontui.render.contrast import TEXT, readable_style

        return readable_style(self.rich_style, None, TEXT, *self._terminal())

    # -- drawing -----------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # The base style and width walk the DOM: look them up once per paint, not per row.
        self._paint = (self._content_width(), self._text_style())
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width, base = self._paint or (self._content_width(), self._text_style())
        top = int(self.scroll_y)
        line = self._engine.line(top + y) if self._engine is not None else None
        self._drawn[y] = (line, top, width, base)  # what row y shows from this frame on
        if line is None:
            return Strip.blank(width, base)
        strip: Strip = line.apply_style(base).extend_cell_length(width, base)
        return strip

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
