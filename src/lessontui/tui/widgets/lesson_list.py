"""The lesson list: number, status, title, and duration or resume point of each lesson."""

from __future__ import annotations

from rich._wrap import divide_line
from textual._cells import cell_len
from textual.content import Content
from textual.css.types import TextOverflow
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from lessontui.course.course import Lesson
from lessontui.course.timestamps import format_time

STATUS_MARKS = {"todo": ("○", "dim"), "watching": ("◐", "$warning"), "done": ("●", "$success")}
ERROR_MARK = ("⚠", "$error")


class Row(Content):
    """A row's content, with a cheaper height.

    OptionList asks every row for its height when the list is shown (twice:
    again once its scrollbar appears), and Content.get_height wraps and
    formats the whole text for that: most of the time of showing 1,000
    lessons. The number of lines only needs the line breaks Rich's
    divide_line would make, which is what Content's own wrapping uses.
    """

    __slots__ = ()

    def get_height(self, rules, width: int) -> int:  # type: ignore[no-untyped-def]
        get_rule = rules.get
        plain = self.plain
        if get_rule("text_wrap", "wrap") == "nowrap" or "\t" in plain or plain.endswith("\n"):
            return super().get_height(rules, width)  # not the common case: Textual decides
        limit = width - get_rule("line_pad", 0) * 2
        overflow: TextOverflow = get_rule("text_overflow", "fold")
        height = 0
        for line in plain.split("\n"):
            if cell_len(line) <= limit:
                height += 1
            else:
                height += len(divide_line(line, limit, fold=overflow == "fold")) + 1
        return height


def lesson_prompt(number: int, lesson: Lesson) -> Content:
    """One row; the title is literal text (it comes from the internet)."""
    mark, style = ERROR_MARK if lesson.error else STATUS_MARKS[lesson.status]
    duration = format_time(lesson.duration) if lesson.duration else ""
    parts: list[str | tuple[str, str] | Content] = [
        (f"{number:>3} ", "dim"),
        (mark, style),
        " ",
        Content(lesson.title),
    ]
    if lesson.error:
        parts.append(Content.assemble("\n      ", (lesson.error, "$text-error italic")))
    elif duration:
        detail = duration
        if lesson.status == "watching" and lesson.position:
            detail = f"{format_time(lesson.position)} / {duration}"
        parts.append((f"\n      {detail}", "dim"))
    return Row.assemble(*parts)


class LessonList(OptionList):
    """Virtualised list of lessons; enter or a click opens one."""

    class LessonChosen(Message):
        """Enter or a click on a lesson."""

        def __init__(self, lesson: Lesson) -> None:
            super().__init__()
            self.lesson = lesson

    class LessonHighlighted(Message):
        """The cursor moved to a lesson."""

        def __init__(self, lesson: Lesson) -> None:
            super().__init__()
            self.lesson = lesson

    def __init__(self, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self._lessons: list[Lesson] = []

    def show(self, lessons: list[Lesson], current: Lesson | None = None) -> None:
        """Replace the rows, keeping the highlight on `current` (or the same row)."""
        highlighted = self.highlighted
        self._lessons = list(lessons)
        self.set_options(
            Option(lesson_prompt(number, lesson), id=str(number))
            for number, lesson in enumerate(self._lessons, start=1)
        )
        if current is not None and current in self._lessons:
            self.highlighted = self._lessons.index(current)
        elif highlighted is not None and self._lessons:
            self.highlighted = min(highlighted, len(self._lessons) - 1)

    def refresh_lesson(self, lesson: Lesson) -> None:
        """Redraw one row after its status, title or duration changed."""
        if lesson in self._lessons:
            index = self._lessons.index(lesson)
            prompt = lesson_prompt(index + 1, lesson)
            old = self.get_option_at_index(index).prompt
            # Opening a lesson refreshes its row, and a new prompt makes OptionList
            # measure every row again: skip that when nothing on the row changed.
            if isinstance(old, Content) and (old.plain, old.spans) == (prompt.plain, prompt.spans):
                return
            self.replace_option_prompt_at_index(index, prompt)

    @property
    def highlighted_lesson(self) -> Lesson | None:
        if self.highlighted is None or not self._lessons:
            return None
        return self._lessons[self.highlighted]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.LessonChosen(self._lessons[event.option_index]))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.LessonHighlighted(self._lessons[event.option_index]))
