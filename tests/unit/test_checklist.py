"""Learned items are edits of the body text."""

from __future__ import annotations

from lessontui.course import checklist

BODY = """\
Intro [1:00] notes.

## Things I learned
- [x] [timm](https://timm.fast.ai/) is a library
- [ ] python decorators
  - [ ] nested one

## Other
- [ ] not a learned item
"""


def test_items_are_only_those_under_the_heading() -> None:
    found = checklist.items(BODY)
    assert [(i.checked, i.text, i.indent) for i in found] == [
        (True, "[timm](https://timm.fast.ai/) is a library", 0),
        (False, "python decorators", 0),
        (False, "nested one", 1),
    ]
    assert checklist.counts(BODY) == (1, 3)


def test_toggle_changes_one_character() -> None:
    toggled = checklist.toggle(BODY, 1)
    assert toggled == BODY.replace("- [ ] python decorators", "- [x] python decorators")
    assert checklist.toggle(toggled, 1) == BODY


def test_add_goes_after_the_last_item() -> None:
    added = checklist.add(BODY, "sets have comprehensions too")
    assert "  - [ ] nested one\n- [x] sets have comprehensions too\n\n## Other" in added


def test_add_makes_the_section_when_missing() -> None:
    assert checklist.add("Some notes", "first thing") == (
        "Some notes\n\n## Things I learned\n- [x] first thing\n"
    )
    assert checklist.add("", "x") == "## Things I learned\n- [x] x\n"


def test_edit_and_remove() -> None:
    edited = checklist.set_text(BODY, 1, "python  decorators\nfinally")
    assert "- [ ] python decorators finally\n" in edited
    removed = checklist.remove(BODY, 0)
    assert "timm" not in removed
    assert removed.count("\n") == BODY.count("\n") - 1


def test_crlf_is_kept_and_fences_are_ignored() -> None:
    body = "## Things I learned\r\n```\r\n## not a heading\r\n- [ ] in code\r\n```\r\n- [ ] a\r\n"
    # A task line inside a code block is code, for the checklist as for check and export.
    assert [i.text for i in checklist.items(body)] == ["a"]
    assert checklist.add(body, "b").endswith("- [ ] a\r\n- [x] b\r\n")


def test_custom_heading() -> None:
    body = "## Learned\n- [ ] x\n"
    assert checklist.counts(body, "Learned") == (0, 1)
    assert checklist.counts(body) == (0, 0)


# -- the list ends where the list ends (issue 24) ------------------------------------

TYPED_BELOW = (
    "notes\n\n## Things I learned\n- [x] one\n  - [ ] nested\n\n- [x] two\n[1:23] typed after\n"
)


def test_the_learned_list_ends_at_the_first_line_that_is_not_the_list() -> None:
    assert [item.text for item in checklist.items(TYPED_BELOW)] == ["one", "nested", "two"]
    assert checklist.after_list(TYPED_BELOW) == [7]
    assert checklist.other_lines(TYPED_BELOW) == []
    # A task line in the notes further down is a note, not a learned item.
    body = TYPED_BELOW + "\n- [x] a task in the notes\n"
    assert len(checklist.items(body)) == 3
    assert checklist.after_list(body) == [7, 9]


def test_adding_an_item_keeps_the_users_text_where_it_is() -> None:
    body = checklist.add(TYPED_BELOW, "three")
    assert body == TYPED_BELOW.replace("- [x] two\n", "- [x] two\n- [x] three\n")
    assert checklist.after_list(body) == [8]
    assert [item.text for item in checklist.items(body)][-1] == "three"
