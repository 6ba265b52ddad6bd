"""A checkbox whose state reads without colour: `[x]` when on, `[ ]` when off."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widgets import Checkbox


class MarkedCheckbox(Checkbox):
    """Textual's Checkbox draws the same `X` on and off, told apart only by colour;
    this one draws `[x]` or `[ ]`, so the state reads in any theme, on a monochrome
    terminal and to a screen reader."""

    def render(self) -> Content:
        mark = "[x]" if self.value else "[ ]"
        style = self.get_visual_style("toggle--label")
        content = Content.assemble((mark, "bold" if self.value else ""), " ", self.label)
        return content.stylize_before(style)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return 4 + self.label.cell_length
