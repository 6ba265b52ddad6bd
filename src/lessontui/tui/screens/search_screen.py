"""Search notes and transcripts: results update as you type; enter jumps to the line.

Served by the search index (services/search_index.py) in a thread. Each
keystroke reads the rows that fit the list from the index as it stands (a
saved note is in it already: the app refreshes its rows on save); more are read
as the list scrolls. Once per scope the index is also brought up to date from
the files' stat in the background (edits made outside the app), and the search
runs again if that changed anything. A course never indexed is built first,
with a progress line. A transcript hit shows its time; enter opens the lesson
and seeks the player there. Leaving the screen cancels its workers, and a build
stops within a fraction of a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from lessontui.course.course import COURSE_NOTE_TITLE, title_on_disk
from lessontui.course.timestamps import stamp
from lessontui.library import library_course_roots
from lessontui.services import search_index
from lessontui.services.search import Hit
from lessontui.tui.screens.dialog import Dialog

TYPING_DELAY = 0.12  # seconds of quiet typing before searching
MIN_PAGE = 10  # hits read at a time, at least; otherwise the rows the list shows
SCAN_AT_MOST = 500  # hits read from the files when the index cannot be used
SNIPPET_WIDTH = 120
BUDGET_MS = 100  # a page gives up after this (a 1-2 character term that is no word's part)


@dataclass(frozen=True)
class SearchJump:
    """Where enter on a result goes: the lesson file and the editor's (row, column)."""

    path: Path
    row: int
    column: int
    time: float | None = None  # a transcript hit: seek the player there
    kind: str = "note"


def page_for(list_height: int) -> int:
    """Hits read at a time: those that fit a list this tall (two lines each), and a few more."""
    return max(MIN_PAGE, list_height // 2 + 2)


def results_summary(lines: int, more: bool, lessons: int, where: str) -> str:
    """`1 line in 1 lesson of this course`, `200+ lines in 3 lessons of the library`."""
    count = f"{lines}+" if more else str(lines)
    line_word = "line" if lines == 1 and not more else "lines"
    lesson_word = "lesson" if lessons == 1 else "lessons"
    return f"{count} {line_word} in {lessons} {lesson_word} of {where}"


class SearchScreen(Dialog[SearchJump | None]):
    """Type to search the open course (or, with the toggle, the whole library)."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="search.close"),
        Binding("ctrl+l", "toggle_library", "Whole library", id="search.library"),
        Binding("down", "results_down", "Next result", show=False, id="search.next"),
        Binding("up", "results_up", "Previous result", show=False, id="search.previous"),
    ]

    class Results(Message):
        """A worker's results for the query it was started with."""

        def __init__(
            self,
            term: str,
            hits: list[Hit],
            more: bool,
            complete: bool = True,
            after: int = 0,
            last: int = 0,
            note: str = "",
        ) -> None:
            super().__init__()
            self.term = term
            self.hits = hits
            self.more = more
            self.complete = complete
            self.after = after  # the page read after this rowid (0: the first page)
            self.last = last  # the rowid of its last hit: where the next page starts
            self.note = note  # why the files were read instead of the index

    class SyncWanted(Message):
        """The index answered as it stood: now bring these courses up to date."""

        def __init__(self, roots: tuple[Path, ...], whole: bool) -> None:
            super().__init__()
            self.roots = roots
            self.whole = whole

    class Synced(Message):
        """The background sync is done; `changed` if it read or dropped a file."""

        def __init__(self, changed: bool) -> None:
            super().__init__()
            self.changed = changed

    class Indexing(Message):
        """Bytes read so far while the index is brought up to date."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    def __init__(
        self,
        course_root: Path | None,
        library: Path,
        titles: dict[Path, str] | None = None,
        term: str = "",
        whole_library: bool = False,
        langs: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.langs = langs or ["en"]  # which transcript of a lesson is searched
        self._synced: set[tuple[Path, ...]] = set()  # brought up to date since opened
        self.course_root = course_root
        self.library = library
        self.titles = titles or {}  # lesson path -> title, for the open course
        self._term = term
        self._whole_library = whole_library or course_root is None
        self._timer: Timer | None = None
        self._pending = False  # typed, but the debounce has not searched yet
        self._shown_term: str | None = None  # the term the rows shown are for
        # enter was pressed before the rows for the term typed came: jump once they do
        self._jump_on_results = False
        self.hits: list[Hit] = []
        self._more = False  # the index has more hits after the last page read
        self._last = 0  # the rowid of the last hit read: the next page starts after it
        self._loading = False  # a next page is being read
        self._note = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            with Horizontal(id="search-bar"):
                yield Input(value=self._term, placeholder="Search notes…", id="search-input")
                yield Checkbox("Whole library", self._whole_library, id="search-library")
            yield Label("", id="search-status")
            yield OptionList(id="search-results")
            yield Label(
                "type to search · ↑↓ choose · enter jumps to the line · "
                "ctrl+l whole library · escape closes",
                id="search-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()
        results = self.query_one("#search-results", OptionList)
        self.watch(results, "scroll_y", self._scrolled, init=False)
        if self._term:
            self.run_search()

    # -- searching ------------------------------------------------------------------------

    @property
    def term(self) -> str:
        return self.query_one("#search-input", Input).value

    @property
    def whole_library(self) -> bool:
        return self.query_one("#search-library", Checkbox).value

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._pending = True
        self._jump_on_results = False  # typing again: enter is for the new term
        self._timer = self.set_timer(TYPING_DELAY, self.run_search)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.run_search()
        self.query_one("#search-input", Input).focus()

    def action_toggle_library(self) -> None:
        box = self.query_one("#search-library", Checkbox)
        box.value = not box.value

    def run_search(self) -> None:
        """Search now, in a thread: the first page, from the index as it stands."""
        self._pending = False
        term = self.term
        if not term.strip():
            self._show(term, [], False)
            return
        whole = self.whole_library or self.course_root is None
        self._search_index(term, self._roots(whole), whole, 0, self._page())

    def _roots(self, whole: bool) -> tuple[Path, ...]:
        if whole or self.course_root is None:
            return tuple(library_course_roots(self.library))
        return (self.course_root,)

    def _page(self) -> int:
        height = self.query_one("#search-results", OptionList).size.height or self.app.size.height
        return page_for(height)

    @work(thread=True, exclusive=True, group="search")
    def _search_index(
        self, term: str, roots: tuple[Path, ...], whole: bool, after: int, page: int
    ) -> None:
        worker = get_current_worker()
        complete, note, last = True, "", 0
        try:
            with search_index.SearchIndex() as index:
                if roots not in self._synced and not index.knows(roots):
                    index.sync(  # never indexed: built now, with a progress line
                        roots,
                        langs=self.langs,
                        prune_others=whole,
                        progress=lambda done, total: self.post_message(self.Indexing(done, total)),
                        cancel=lambda: worker.is_cancelled,
                    )
                    self._synced.add(roots)  # not when cancelled: the next search goes on
                elif roots not in self._synced:
                    self._synced.add(roots)
                    self.post_message(self.SyncWanted(roots, whole))
                found = index.search(term, roots, limit=page + 1, budget_ms=BUDGET_MS, after=after)
                if not index.complete:
                    # Out of budget: show what came, then read on to the page's end, stopped
                    # only by a newer search (this worker cancelled) or leaving the screen.
                    last = found[-1].rowid if found else after
                    self.post_message(self.Results(term, _hits(found), False, False, after, last))
                    page, after = page - len(found), last
                    found = index.search(
                        term, roots, limit=page + 1, after=after, cancel=lambda: worker.is_cancelled
                    )
                    if worker.is_cancelled:
                        return
                complete = index.complete
                more = len(found) > page
                found = found[:page]
                last = found[-1].rowid if found else after
        except search_index.Cancelled:
            return
        except search_index.IndexError_ as error:  # no usable index: read the files
            note, last = str(error), -1  # -1: no next page to read
            found = []
            for hit in search_index.scan(roots, search_index.literal(term), langs=self.langs):
                found.append(hit)
                if len(found) > SCAN_AT_MOST or worker.is_cancelled:
                    break
            more = len(found) > SCAN_AT_MOST
            found = found[:SCAN_AT_MOST]
        if not worker.is_cancelled:
            self.post_message(self.Results(term, _hits(found), more, complete, after, last, note))

    def on_search_screen_sync_wanted(self, message: SearchScreen.SyncWanted) -> None:
        self._sync_index(message.roots, message.whole)

    @work(thread=True, exclusive=True, group="search-sync")
    def _sync_index(self, roots: tuple[Path, ...], whole: bool) -> None:
        """Bring the index up to date with edits made outside the app (once per scope)."""
        worker = get_current_worker()
        try:
            with search_index.SearchIndex() as index:
                report = index.sync(
                    roots,
                    langs=self.langs,
                    prune_others=whole,
                    cancel=lambda: worker.is_cancelled,
                )
        except (search_index.Cancelled, search_index.IndexError_):
            return
        if not worker.is_cancelled:
            self.post_message(self.Synced(bool(report.read or report.dropped)))

    def on_search_screen_synced(self, message: SearchScreen.Synced) -> None:
        if message.changed and self.term.strip():
            self.run_search()

    def _scrolled(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if results.scroll_y >= results.max_scroll_y - results.size.height:
            self._read_more()

    def _read_more(self) -> None:
        """The next page, when the list nears its end."""
        if not self._more or self._loading or self._last < 0 or not self.term.strip():
            return
        self._loading = True
        whole = self.whole_library or self.course_root is None
        self._search_index(self.term, self._roots(whole), whole, self._last, self._page())

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index >= len(self.hits) - 3:
            self._read_more()

    def on_search_screen_indexing(self, message: SearchScreen.Indexing) -> None:
        if message.total >= 1 << 20 and message.done < message.total:
            percent = 100 * message.done // message.total
            bar = "█" * (percent // 5) + "░" * (20 - percent // 5)
            status = f"Updating the search index {bar} {percent}%"
            self.query_one("#search-status", Label).update(status)

    async def on_search_screen_results(self, message: SearchScreen.Results) -> None:
        if message.term != self.term:  # an answer to an older query is dropped
            return
        self._note = message.note
        if message.after:  # a next page
            self._loading = False
            if message.after != self._last:
                return
            self._last, self._more = message.last, message.more
            self.hits = self.hits + message.hits
            results = self.query_one("#search-results", OptionList)
            results.add_options(Option(self._prompt(hit)) for hit in message.hits)
            self._status(message.term, message.complete)
        else:
            self._loading = False
            self._last = message.last
            self._show(message.term, message.hits, message.more, message.complete)
        if self._jump_on_results and (self.hits or message.complete):
            self._jump_on_results = False
            if self.hits:
                self._jump(0)
            else:  # no match: enter stays in the dialog, and the keys behind it too
                await self.answered_staying()

    def _show(self, term: str, hits: list[Hit], more: bool, complete: bool = True) -> None:
        self._shown_term = term
        self.hits = hits
        self._more = more
        results = self.query_one("#search-results", OptionList)
        results.set_options(Option(self._prompt(hit)) for hit in hits)
        if hits:
            results.highlighted = 0
        self._status(term, complete)

    def _status(self, term: str, complete: bool) -> None:
        hits, more = self.hits, self._more
        status = self.query_one("#search-status", Label)
        where = "the library" if self.whole_library or self.course_root is None else "this course"
        if self._note:
            where += f" (read from the files: {self._note})"
        if not term.strip():
            status.update(f"Search the notes, learned items and transcripts of {where}.")
        elif not complete:
            found = f"{len(hits)} so far" if hits else "Nothing yet"
            status.update(
                Content(f"{found} for “{term}”: still searching (type more to narrow it).")
            )
        elif not hits:
            status.update(Content(f"No match for “{term}” in {where}."))
        else:
            status.update(
                Content(results_summary(len(hits), more, len({h.path for h in hits}), where))
            )

    def _label(self, path: Path) -> str:
        """The lesson's title; for another course's note, its course's title first."""
        title = self.titles.get(path)
        if title is not None:
            return title
        is_intro = path.name == "course.md"
        root = path.parent if is_intro else path.parent.parent
        lesson = COURSE_NOTE_TITLE if is_intro else (title_on_disk(path) or path.stem)
        if root != self.course_root:
            course = title_on_disk(root / "course.md") or root.name
            lesson = f"{course} › {lesson}"
        self.titles[path] = lesson  # read once a screen: the rows are drawn again as you type
        return lesson

    def _prompt(self, hit: Hit) -> Content:
        """Lesson and line (or time), then the snippet with the matches highlighted."""
        text, spans = hit.snippet(SNIPPET_WIDTH)
        snippet = Content(_printable(text))
        for start, end in spans:
            snippet = snippet.stylize("bold reverse $accent", start, end)
        if hit.kind == "course":
            label = f"Course intro ({hit.path.parent.name})"
        else:
            label = self._label(hit.path)
        where = f"  said at {stamp(hit.time)}" if hit.time is not None else f"  line {hit.line}"
        return Content.assemble(
            (_printable(label), "bold $text-primary"),
            (where, "dim"),
            "\n  ",
            snippet,
        )

    # -- choosing ---------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        results = self.query_one("#search-results", OptionList)
        if self._pending:
            # Enter before the debounce fired: search now so the jump matches the text.
            if self._timer is not None:
                self._timer.stop()
            self.run_search()
        if self._shown_term != self.term:
            # The rows shown are an older term's (the search runs in a thread): jumping
            # to one opened the wrong line. Jump to the first hit once the rows for the
            # term typed come; the keys typed behind enter wait for them (answer_waits).
            self._jump_on_results = True
            return
        if results.highlighted is not None and self.hits:
            self._jump(results.highlighted)

    def answer_waits(self) -> bool:
        return self._jump_on_results

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._jump(event.option_index)

    def _jump(self, index: int) -> None:
        hit = self.hits[index]
        if hit.kind == "transcript":
            self.dismiss(SearchJump(hit.path, 0, 0, hit.time, hit.kind))
            return
        column = hit.spans[0][0] if hit.spans else 0
        self.dismiss(SearchJump(hit.path, max(hit.body_line, 0), column, kind=hit.kind))

    def action_results_down(self) -> None:
        self.query_one("#search-results", OptionList).action_cursor_down()

    def action_results_up(self) -> None:
        self.query_one("#search-results", OptionList).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)


def _hits(found: list[search_index.Hit]) -> list[Hit]:
    return [Hit(Path(h.path), h.line, h.body_line, h.text, h.spans, h.time, h.kind) for h in found]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _printable(text: str) -> str:
    # Same length, so match spans stay put.
    return _CONTROL.sub("?", text)
