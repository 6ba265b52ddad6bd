"""Features declare their keys: each binding has an id and names an action its feature has."""

from __future__ import annotations

import pytest
from textual.actions import parse
from textual.binding import Binding

from lessontui.tui.features.host import FEATURE_ACTION, Feature, feature_bindings
from lessontui.tui.main_screen import FEATURES, MainScreen
from lessontui.tui.widgets.note_editor import NoteEditor


def test_every_main_screen_key_has_an_id_and_is_bound_once() -> None:
    bindings = [b for b in MainScreen.BINDINGS if isinstance(b, Binding)]
    ids = [b.id for b in bindings]
    assert all(ids)
    assert len(ids) == len(set(ids))
    keys = [k for b in bindings for k in b.key.split(",")]
    assert len(keys) == len(set(keys))
    # f6 and f7 are the screen's alone: the editor binds nothing else to them.
    assert not {"f6", "f7"} & {b.key for b in NoteEditor.BINDINGS if isinstance(b, Binding)}


@pytest.mark.parametrize("feature", FEATURES, ids=lambda f: f.NAME)
def test_each_feature_key_runs_an_action_of_its_feature(feature: type[Feature]) -> None:
    for binding in feature.BINDINGS:
        namespace, action, params = parse(binding.action)
        assert not namespace
        assert action == FEATURE_ACTION
        assert params[0] == feature.NAME
        assert callable(getattr(feature, f"action_{params[1]}", None)), binding


def test_feature_bindings_keep_parameters_and_refuse_other_nodes_actions() -> None:
    (moved,) = feature_bindings("lessons", [Binding("alt+up", "move_lesson(-1)", id="x.up")])
    assert parse(moved.action) == ("", FEATURE_ACTION, ("lessons", "move_lesson", -1))
    assert moved.id == "x.up"
    assert moved.key == "alt+up"
    with pytest.raises(ValueError, match="another node"):
        feature_bindings("lessons", [Binding("f1", "app.help", id="x.help")])
