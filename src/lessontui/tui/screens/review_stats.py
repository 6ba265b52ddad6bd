"""Review progress as pictures: reviews per day and items learned per week, with retention."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label
from textual_plotext import PlotextPlot

from lessontui.course.reviews import Stats

DAYS = 14
WEEKS = 8
MOST_TICKS = 5  # labels on a chart's y axis


def count_ticks(top: int) -> list[int]:
    """Whole-number y ticks from 0 to at least `top`, a round step apart (1, 2, 5, 10,
    20...): plotext's own divide the range evenly, 0.25 of a review."""
    steps = (m * 10**e for e in range(20) for m in (1, 2, 5))
    step = next(s for s in steps if s * (MOST_TICKS - 1) >= top)
    return list(range(0, math.ceil(max(top, 1) / step) * step + 1, step))


class ReviewStatsScreen(ModalScreen[None]):
    """Two bar charts drawn with textual-plotext; escape closes."""

    DEFAULT_CSS = """
    ReviewStatsScreen { align: center middle; }
    #stats-box { width: 90%; height: 90%; border: thick $primary; background: $surface; }
    #stats-box PlotextPlot { height: 1fr; }
    """
    BINDINGS = [Binding("escape,s", "close", "Close", id="review_stats.close")]

    def __init__(self, where: str, stats: Stats, due: int, today: dt.date) -> None:
        super().__init__()
        self.where, self.stats, self.due, self.today = where, stats, due, today

    def compose(self) -> ComposeResult:
        figures = self.stats
        retention = (
            f"retention {figures.retention:.0%}" if figures.retention is not None else "no repeats"
        )
        with Vertical(id="stats-box"):
            yield Label(
                Content(
                    f"Review of {self.where}: {self.due} due · {figures.cards} items · "
                    f"{figures.reviews} reviews · {retention}"
                ),
                id="stats-summary",
            )
            yield PlotextPlot(id="stats-days")
            yield PlotextPlot(id="stats-weeks")

    def on_mount(self) -> None:
        days = [self.today - dt.timedelta(days=n) for n in range(DAYS - 1, -1, -1)]
        plot = self.query_one("#stats-days", PlotextPlot).plt
        plot.bar(
            [day.strftime("%d %b") for day in days],
            [self.stats.reviews_per_day.get(day, 0) for day in days],
        )
        plot.title(f"Reviews per day (last {DAYS} days)")
        self._count_axis(plot, max(self.stats.reviews_per_day.get(day, 0) for day in days))
        weeks = list(self.stats.learned_per_week.items())[-WEEKS:] or [("none yet", 0)]
        plot = self.query_one("#stats-weeks", PlotextPlot).plt
        plot.bar([week for week, _ in weeks], [count for _, count in weeks])
        plot.title("Items first reviewed per week")
        self._count_axis(plot, max(count for _, count in weeks))

    @staticmethod
    def _count_axis(plot: Any, top: int) -> None:
        ticks = count_ticks(top)
        plot.ylim(0, ticks[-1])
        plot.yticks(ticks, [str(tick) for tick in ticks])

    def action_close(self) -> None:
        self.dismiss()
