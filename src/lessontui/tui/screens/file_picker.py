"""Pick a video or subtitle file anywhere and bring it into the course (copy or link)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, DirectoryTree, Input, Label, RadioButton, RadioSet, Tree
from textual.worker import Worker, WorkerState

from lessontui.services import media_import
from lessontui.services.media_import import SUBTITLE, VIDEO, MediaImportError
from lessontui.tui.screens.dialog import Dialog
from lessontui.tui.textual_compat.bindings_in_order import run_binding_inline
from lessontui.tui.textual_compat.input_paste import one_line
from lessontui.tui.type_ahead import hand_over


@dataclass(frozen=True)
class PickedFile:
    """A file now usable by the lesson: in media/ (copied) or where it is (linked)."""

    path: Path
    kind: str  # media_import.VIDEO or SUBTITLE


def video_options(videos: list[Path], media: Path) -> list[tuple[str, str]]:
    """The video choices of the details form: none, then each file (by its media/ name,
    or its whole path when linked from elsewhere)."""
    inside = media.resolve()
    return [("(no video file)", "")] + [
        (f"media/{p.name}" if p.parent == inside else str(p), str(p)) for p in videos
    ]


class MediaTree(DirectoryTree):
    """Folders, and only the files a lesson can use; hidden ones left out."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            p
            for p in paths
            if not p.name.startswith(".") and (p.is_dir() or media_import.kind_of(p))
        ]


class FilePicker(Dialog[PickedFile | None]):
    """Browse (or type a path), see the file's size and the free space, then copy it
    into media/ (the default) or link to it where it is. Copies run in a thread."""

    DEFAULT_CSS = """
    FilePicker { align: center middle; }
    #picker-box { width: 100; max-width: 95%; height: 90%; }
    #picker-tree { height: 1fr; border: round $panel; }
    #picker-info { height: auto; color: $text-muted; }
    #picker-problem { height: auto; color: $text-error; }
    #picker-how { height: auto; layout: horizontal; }
    #picker-buttons { height: auto; }
    #picker-buttons Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("ctrl+s", "bring_in", "Bring in", id="picker.bring_in"),
    ]

    def __init__(self, media: Path, lesson_stem: str, start: Path | None = None) -> None:
        super().__init__()
        self.media = media
        self.lesson_stem = lesson_stem  # a subtitle is named after the lesson
        self.start = start or Path.home()
        self.chosen: Path | None = None
        self._typed_pending = False  # the path box was typed in since the last choice

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box", classes="dialog-box"):
            yield Label("Bring in a video or subtitle file", classes="dialog-title")
            # No select on focus: typing on the tree moves here, and the keys behind
            # the first would replace it.
            yield Input(
                placeholder="a file's path (or choose one below)",
                id="picker-path",
                select_on_focus=False,
            )
            yield MediaTree(self.start, id="picker-tree")
            yield Label("", id="picker-info")
            with RadioSet(id="picker-how"):
                yield RadioButton(f"Copy into {self.media.name}/", value=True, id="picker-copy")
                yield RadioButton("Link to it where it is", id="picker-link")
            yield Label("", id="picker-problem")
            with Horizontal(id="picker-buttons"):
                yield Button("Bring in", variant="primary", id="picker-ok", disabled=True)
                yield Button("Cancel", id="picker-cancel")
            yield Label(
                "enter on a file: choose it · ctrl+s: bring it in · escape: cancel",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#picker-tree", MediaTree).focus()

    async def on_key(self, event: events.Key) -> None:
        # The tree has the focus, and takes no text: a path typed (or typed behind
        # the key that opened the picker) went nowhere. It goes to the path box.
        if not self._on_tree():
            return
        if hand_over(self, event):  # typed behind ctrl+s: for the form, once this closes
            event.stop()
            event.prevent_default()
            return
        if event.is_printable and event.character:
            self._to_path_box(event, event.character)
        elif await run_binding_inline(self, event.key):
            # ctrl+s (or escape) acts here, in line with the text typed around it,
            # not once it has bubbled up to the App, after the keys behind it were
            # typed into the path (Textual #6605, tui/textual_compat/bindings_in_order.py).
            event.stop()
            event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        if hand_over(self, event):
            event.stop()
            event.prevent_default()
            return
        if self._on_tree():
            self._to_path_box(event, one_line(event.text))

    def _on_tree(self) -> bool:
        return self.focused is self.query_one("#picker-tree", MediaTree)

    def _to_path_box(self, event: events.Event, text: str) -> None:
        event.stop()
        box = self.query_one("#picker-path", Input)
        box.focus()
        box.insert_text_at_cursor(text)
        self._typed_pending = True  # now, not when its Changed comes: ctrl+s may be next

    # -- choosing ------------------------------------------------------------------------

    @on(Tree.NodeHighlighted, "#picker-tree")
    def _highlighted(self, event: Tree.NodeHighlighted[Any]) -> None:
        entry = event.node.data
        path = getattr(entry, "path", None)
        if isinstance(path, Path) and path.is_file():
            self._typed_pending = False  # the tree's choice is the latest
            self._choose(path)

    @on(DirectoryTree.FileSelected, "#picker-tree")
    def _selected(self, event: DirectoryTree.FileSelected) -> None:
        self._typed_pending = False
        self._choose(event.path)
        self.query_one("#picker-ok", Button).focus()

    @on(Input.Changed, "#picker-path")
    def _typing(self) -> None:
        self._typed_pending = True

    @on(Input.Submitted, "#picker-path")
    def _typed(self, event: Input.Submitted) -> None:
        self._take_typed(event.value)

    def _take_typed(self, value: str) -> None:
        """The typed path: a folder is shown in the tree, a file is chosen."""
        self._typed_pending = False
        path = Path(value.strip()).expanduser()
        if path.is_dir():
            self.query_one("#picker-tree", MediaTree).path = path
            return
        self._choose(path)

    def _choose(self, path: Path) -> None:
        info = self.query_one("#picker-info", Label)
        problem = self.query_one("#picker-problem", Label)
        self.chosen = None
        kind = media_import.kind_of(path)
        if not path.is_file() or kind is None:
            info.update("")
            problem.update(Content(f"{path.name}: not a video or subtitle file"))
            self._update_ok()
            return
        size = path.stat().st_size
        free = media_import.free_space(self.media)
        text = (
            f"{path}  ·  {media_import.human_size(size)}  ·  "
            f"{media_import.human_size(free)} free for {self.media}"
        )
        problem.update("")
        self.query_one("#picker-link", RadioButton).disabled = kind == SUBTITLE
        if kind == SUBTITLE:
            # The transcript pane reads subtitles from media/ only (never through a link).
            self.query_one("#picker-copy", RadioButton).value = True
            name = media_import.subtitle_name(path, self.lesson_stem)
            text += f"\nSubtitles are copied, named after the lesson: {name}"
        elif self._copying() and size > free:
            problem.update(Content("Not enough free space to copy it: link to it instead."))
        info.update(Content(text))
        self.chosen = path
        self._update_ok()

    def _copying(self) -> bool:
        return self.query_one("#picker-copy", RadioButton).value

    @on(RadioSet.Changed)
    def _how_changed(self) -> None:
        if self.chosen is not None:
            self._choose(self.chosen)

    def _update_ok(self) -> None:
        ok = self.chosen is not None
        if ok and self.chosen is not None and self._copying():
            ok = self.chosen.stat().st_size <= media_import.free_space(self.media)
        self.query_one("#picker-ok", Button).disabled = not ok

    # -- bringing it in ------------------------------------------------------------------

    @on(Button.Pressed, "#picker-ok")
    def action_bring_in(self) -> None:
        if self.answer_running():
            return  # already checking or copying it
        typed = self.query_one("#picker-path", Input).value
        if self._typed_pending and typed.strip():
            # A path typed and not yet confirmed with enter is what the user means.
            self._take_typed(typed)
            if self.chosen is None:
                return  # a folder (now shown) or not a usable file: the box says why
        path = self.chosen
        if path is None or self.query_one("#picker-ok", Button).disabled:
            self.notify("Choose a video or subtitle file first.", severity="warning")
            return
        kind = media_import.kind_of(path) or VIDEO
        target = None
        if self._copying():
            name = (
                media_import.subtitle_name(path, self.lesson_stem)
                if kind == SUBTITLE
                else path.name
            )
            target = media_import.free_target(self.media, name)
        self.query_one("#picker-ok", Button).disabled = True
        doing = f"Checking {path.name}, then copying to {target}…" if target else "Checking…"
        self.query_one("#picker-info", Label).update(Content(doing))
        # Checked first (a regular file, not empty, media or subtitles), copied only then.
        self.run_worker(
            lambda: PickedFile(media_import.bring_in(path, kind, target), kind),
            thread=True,
            exclusive=True,
            group="copy",
            exit_on_error=False,
        )
        # The keys typed behind ctrl+s are not the path box's: they wait for the copy,
        # and go to the form once the picker closes (back here if the copy fails).
        self.answer_coming()

    def answer_running(self) -> bool:
        return any(w.group == "copy" and w.is_running for w in self.workers)

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "copy":
            return
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, PickedFile):
            self.dismiss(event.worker.result)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            text = str(error) if isinstance(error, MediaImportError) else f"Not copied: {error}"
            self.query_one("#picker-info", Label).update("")  # no longer checking or copying
            self.query_one("#picker-problem", Label).update(Content(text))
            self._update_ok()
            await self.answered_staying()

    def edited(self) -> list[str]:
        typed = self.query_one("#picker-path", Input).value
        return ["the path typed"] if typed.strip() else []

    @on(Button.Pressed, "#picker-cancel")
    def action_cancel(self) -> None:
        if self.answer_running():
            self.notify("Copying: wait for it to finish.", severity="warning")
            return
        self.dismiss_or_ask(None, self.edited(), "the file picker")
