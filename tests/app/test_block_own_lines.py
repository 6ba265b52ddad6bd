"""A block typed at the cursor (a capture, alt+q) right below a list item or a paragraph
starts a block of its own: the image shows as a picture, not as text of the item."""

from __future__ import annotations

from pathlib import Path

from lessontui.course.course import Course
from lessontui.render.images import HALF
from lessontui.services.exporter import ExportOptions, html_page
from lessontui.tui.app import LessonApp
from tests.app.test_preview_images import two_colour_png, until
from tests.app.test_preview_widget import screen_lines
from tests.fixtures_player import player_settings

BLOCK = "![0:42](../media/frames/01-a-0h00m42s.png)\n> [0:42] What was said.\n"


async def test_a_block_below_an_item_or_a_paragraph_is_its_own(tmp_path: Path) -> None:
    root = tmp_path / "course"
    course = Course.create(root, "Blocks")
    two_colour_png(root / "media/frames/01-a-0h00m42s.png")
    course.add_lesson("A", body="- an item\n\nA paragraph line\n")
    app = LessonApp(course=Course.load(root), settings=player_settings())
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.main_screen
        editor = screen.editor
        editor.focus()
        editor.move_cursor((0, len("- an item")))  # the end of the item: text before it
        screen.insert_block(BLOCK)
        assert editor.text.startswith(f"- an item\n\n{BLOCK}\n")
        editor.move_cursor(editor.document.end)  # the line right below the paragraph
        assert editor.document.get_line(editor.cursor_location[0] - 1) == "A paragraph line"
        screen.insert_block(BLOCK)
        assert editor.text.endswith(f"A paragraph line\n\n{BLOCK}\n")
        # The preview draws both images (an image alone on its paragraph's line).
        await until(pilot, lambda: "".join(screen_lines(app)).count(HALF) > 0, "the images")
        lines = screen_lines(app)
        item = next(line for line in lines if "an item" in line)
        image = next(line for line in lines if "🖼" in line)
        # Its own block: at the item's bullet, not indented under it as its text.
        assert image.index("🖼") == item.index("•")
        await pilot.press("ctrl+s")
    page = html_page(Course.load(root), ExportOptions("html", notes=True))
    # On the page: the image is not inside the item nor the paragraph's text.
    assert "<li>an item</li>" in page.replace("\n", "")
    assert "<p>A paragraph line</p>" in page
    assert page.count("<img") == 2


async def test_a_quote_below_a_paragraph_needs_no_blank_line(tmp_path: Path) -> None:
    root = tmp_path / "course"
    course = Course.create(root, "Blocks")
    course.add_lesson("A", body="- an item\nA paragraph line\n")
    app = LessonApp(course=Course.load(root), settings=player_settings())
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.main_screen
        editor = screen.editor
        editor.move_cursor((1, 0))  # the line below the item: a `>` line starts a quote
        screen.insert_block("> [0:42] What was said.\n")
        assert editor.text == "- an item\n> [0:42] What was said.\n\nA paragraph line\n"
        editor.focus()
        await pilot.press("ctrl+s")
    page = html_page(Course.load(root), ExportOptions("html", notes=True))
    assert "<blockquote>" in page
    assert "<li>an item</li>" in page.replace("\n", "")
