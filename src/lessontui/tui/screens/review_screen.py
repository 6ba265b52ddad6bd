"""The review screen: the learned items due today, one card at a time, graded with one key."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Static
from textual.worker import get_current_worker

from lessontui.course import reviews
from lessontui.course.timestamps import format_time
from lessontui.tui.widgets.key_footer import KeyFooter

REVIEW_SCREEN_BINDINGS = [
    Binding("space,enter", "show_context", "Show", id="review.show"),
    Binding("1", "grade(1)", "Again", id="review.again"),
    Binding("2", "grade(2)", "Hard", id="review.hard"),
    Binding("3", "grade(3)", "Good", id="review.good"),
    Binding("4", "grade(4)", "Easy", id="review.easy"),
    Binding("p", "play", "Play the moment", id="review.play"),
    Binding("o", "open_note", "Open note", id="review.open"),
    Binding("s", "stats", "Stats", id="review.stats"),
    Binding("escape", "close", "Close", id="review.close"),
]


@dataclass(frozen=True)
class ReviewActions:
    """What the screen asks of the app: it shows and grades, the feature writes and plays."""

    record: Callable[[reviews.ReviewItem, reviews.Record], None]  # into its course's log
    play: Callable[[reviews.ReviewItem, reviews.Moment], None]
    open_note: Callable[[reviews.ReviewItem, reviews.Moment], None]
    stats: Callable[[], tuple[reviews.Stats, int]]  # progress, and how many are due now


class ReviewScreen(Screen[None]):
    """Cards due now, in order; `again` and `hard` come back at the end of the session."""

    BINDINGS: ClassVar[list[BindingType]] = [*REVIEW_SCREEN_BINDINGS]
    DEFAULT_CSS = """
    ReviewScreen { align: center middle; }
    #review-card {
        width: 90%; max-width: 100; height: auto;
        border: round $primary; padding: 1 2; background: $surface;
    }
    #review-progress, #review-keys { color: $text-muted; }
    #review-lesson { color: $text-secondary; }
    #review-item { text-style: bold; margin: 1 0; }
    #review-context { border-top: solid $panel; padding: 1 0 0 0; margin: 0 0 1 0; }
    """
    # A card graded again or hard whose next step falls within this is shown again.
    AGAIN_WITHIN_S = 30 * 60

    def __init__(
        self,
        title: str,
        queue: list[reviews.ReviewItem],
        actions: ReviewActions,
        clock: reviews.Clock = reviews.utc_now,
        more: Iterator[list[reviews.ReviewItem]] | None = None,
    ) -> None:
        """`more`: batches of cards still being found (read in a thread of this screen)."""
        super().__init__()
        self.more = more
        self.finding = more is not None
        self.course_title = title
        self.queue = list(queue)
        self.actions = actions
        self.clock = clock
        self.done = 0
        self.revealed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="review-card"):
            yield Label("", id="review-progress")
            yield Label("", id="review-lesson")
            yield Static("", id="review-item")
            yield Static("", id="review-context")
            yield Label("", id="review-keys")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_card()
        if self.more is not None:
            self.run_worker(self._find_more, thread=True, group="review-cards")

    def _find_more(self) -> None:
        worker = get_current_worker()
        assert self.more is not None
        try:
            for batch in self.more:
                if worker.is_cancelled:
                    return
                if batch:
                    self.app.call_from_thread(self._add_cards, batch)
        finally:
            if not worker.is_cancelled:
                with contextlib.suppress(RuntimeError):  # the app has gone
                    self.app.call_from_thread(self._all_found)

    def _add_cards(self, batch: list[reviews.ReviewItem]) -> None:
        first = not self.queue
        self.queue.extend(batch)
        if first:
            self.show_card()
        else:
            self._show_progress()

    def _all_found(self) -> None:
        """In due order now that all are in (the card on screen stays)."""
        self.finding = False
        if len(self.queue) > 2:
            self.queue[1:] = reviews.due(self.queue[1:], self.clock())
        if self.queue:
            self._show_progress()
        else:
            self.show_card()

    def _show_progress(self) -> None:
        left = f"{len(self.queue)}+" if self.finding else str(len(self.queue))
        self.query_one("#review-progress", Label).update(
            Content(f"Review · {self.course_title} · {left} to go · {self.done} done")
        )

    @property
    def card(self) -> reviews.ReviewItem | None:
        return self.queue[0] if self.queue else None

    def show_card(self) -> None:
        self.revealed = False
        card = self.card
        self._show_progress()
        context = self.query_one("#review-context", Static)
        context.update("")
        context.display = False
        if card is None:
            self.query_one("#review-lesson", Label).update("")
            if self.finding:
                text = "Looking for items to review…"
            else:
                text = "Nothing to review now." if not self.done else "All done for now."
            self.query_one("#review-item", Static).update(Content(text))
            self.query_one("#review-keys", Label).update("escape: back to the notes")
        else:
            where = f"{card.course_title} · {card.lesson_title}"
            self.query_one("#review-lesson", Label).update(Content(where))
            self.query_one("#review-item", Static).update(Content(card.item.text))
            self.query_one("#review-keys", Label).update(
                "space: show where it was taught · 1 again · 2 hard · 3 good · 4 easy"
            )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("show_context", "grade", "play", "open_note"):
            return self.card is not None
        return True

    def action_show_context(self) -> None:
        card = self.card
        if card is None:
            return
        moment = reviews.moment(card)
        stamp = f"[{format_time(moment.seconds)}]" if moment.seconds is not None else "no stamp"
        lines = "\n".join(f"  {line}" for line in moment.context)
        context = self.query_one("#review-context", Static)
        context.update(Content(f"{card.lesson_title} · {stamp}\n{lines}"))
        context.display = True
        self.revealed = True
        self.query_one("#review-keys", Label).update(
            "1 again · 2 hard · 3 good · 4 easy · p plays the moment · o opens the note"
        )

    def action_grade(self, grade: int) -> None:
        card = self.card
        if card is None:
            return
        now = self.clock()
        self.queue.pop(0)
        record = reviews.grade(card, grade, now)
        if (card.due - now).total_seconds() <= self.AGAIN_WITHIN_S:
            self.queue.append(card)  # a learning step: once more before the session ends
        else:
            self.done += 1
        self.show_card()
        # The next card first: the log's fsync waits until it is drawn.
        self.call_after_refresh(self.actions.record, card, record)

    def action_play(self) -> None:
        if self.card is not None:
            self.actions.play(self.card, reviews.moment(self.card))

    def action_open_note(self) -> None:
        card = self.card
        if card is not None:
            self.dismiss()
            self.actions.open_note(card, reviews.moment(card))

    def action_stats(self) -> None:
        from lessontui.tui.screens.review_stats import ReviewStatsScreen

        figures, due = self.actions.stats()
        today = self.clock().astimezone().date()
        self.app.push_screen(ReviewStatsScreen(self.course_title, figures, due, today))

    def action_close(self) -> None:
        self.dismiss()
