"""Every use of a Textual internal, one module per upstream issue; read this folder to upgrade.

Each module names the Textual issue it works around (or says none was found and
describes the behaviour in Textual 8.2.8), and has a canary test,
tests/unit/test_textual_compat_<module>.py, that fails when the private name or
the behaviour it relies on changes. When a canary fails after an upgrade, read
that module's docstring, check the issue, and drop or adapt the module.
`installed.install()` puts the process-wide ones in place (the App calls it first).

    bindings_in_order   #6605  a bound key acts where it was typed (editor, type-ahead)
    input_keys          #6605  the same for every Input; keys behind a dialog's answer move on
    lost_terminal       #6690, #6456  a terminal that is gone ends the app; any byte is read
    redraw_after_fg     #6298  the screen is drawn again after `fg`
    paste_undo          #6686  undo of a long paste does not crash the editor
    xterm_input         none found (#1661 for NUL)  alt keys stay alt keys, a paste is text
    input_paste         none found  a paste into an Input keeps all its lines
    control_pictures    none found  ESC and other controls are drawn as symbols
    node_bindings       no public API  a node's bindings with the keymap applied
    app_state           no public API  the App's driver

Private methods overridden elsewhere, for speed or layout rather than a bug, are
listed (with where and why) in tests/unit/test_textual_compat_overrides.py,
which fails when a Textual release adds a private name one of our classes has.
tui/widgets/markdown_text_area.py (a TextArea that highlights only drawn rows)
reads TextArea's private parts; tests/unit/test_textual_compat_text_area.py is
their canary. tests/unit/test_textual_compat_private_uses.py lists every private
Textual name our classes read, so one read by mistake (a method of ours renamed,
a call left under the old name) fails there.
"""
