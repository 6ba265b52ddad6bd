"""Canary: the private Textual names lessontui's classes use are the known ones.

`self._name` in one of our Textual subclasses is either ours (defined or assigned
by one of our classes) or Textual's. A use of Textual's by mistake is a bug that
no type checker sees: after a rename of TranscriptView's own `_detach`, a call
left under the old name ran `MessagePump._detach` and took the pane off the
screen. A new private use must be listed here with its reason, or be made ours.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap

import lessontui.tui

# Textual's private names used on purpose, each with where and why.
KNOWN = {
    ("LessonDriver", "_app"),  # textual_compat/lost_terminal.py (#6690): the driver's app
    ("LessonDriver", "_debug"),  # ... as LinuxDriver's own input loop reads it
    ("LessonList", "_get_style"),  # widgets/lesson_list.py: a span's style, as Widget draws
    ("LessonList", "_scroll_update"),  # ... the scrollbars follow a new virtual size now
    # widgets/markdown_text_area.py: a TextArea that highlights only the drawn rows
    # (canary: test_textual_compat_text_area.py).
    ("MarkdownTextArea", "_draw_cursor"),
    ("MarkdownTextArea", "_line_cache"),
    ("MarkdownTextArea", "_matching_bracket_location"),
    ("MarkdownTextArea", "_render_line"),
    ("MarkdownTextArea", "_repaint_regions"),
    ("MarkdownTextArea", "_rich_style_cache"),
    ("MarkdownTextArea", "_styles_cache"),
    ("MarkdownTextArea", "_theme"),
    ("_CountedWrappedDocument", "_offset_to_line_info"),
    ("_HighlightedDocument", "_lines"),
}


def _private_uses() -> set[tuple[str, str]]:
    """(class, name) for each `self._name` read in a class of ours that no class of
    ours defines or assigns: a name that can only be Textual's."""
    found = set()
    for info in pkgutil.walk_packages(lessontui.tui.__path__, "lessontui.tui."):
        module = importlib.import_module(info.name)
        for name, cls in vars(module).items():
            if not inspect.isclass(cls) or cls.__module__ != module.__name__:
                continue
            if not any(b.__module__.startswith("textual") for b in cls.__mro__[1:]):
                continue
            ours = [b for b in cls.__mro__ if b.__module__.startswith("lessontui")]
            defined: set[str] = set()
            read: set[str] = set()
            for base in ours:
                defined |= set(vars(base))
                tree = ast.parse(textwrap.dedent(inspect.getsource(base)))
                for node in ast.walk(tree):
                    if not (
                        isinstance(node, ast.Attribute)
                        and isinstance(node.value, ast.Name)
                        and node.value.id == "self"
                        and node.attr.startswith("_")
                        and not node.attr.startswith("__")
                    ):
                        continue
                    if isinstance(node.ctx, ast.Store):
                        defined.add(node.attr)
                    elif base is cls:
                        read.add(node.attr)
            found |= {(name, attribute) for attribute in read - defined}
    return found


def test_only_the_known_private_textual_names_are_used() -> None:
    assert _private_uses() == KNOWN
