"""Help › Keyboard shortcuts (read from the actions) and the command palette (Ctrl+K, Ctrl+Shift+P)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reader.ui.command_palette import CommandPalette
from reader.ui.shortcuts_dialog import ShortcutsDialog

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def _press(qtbot, window, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:  # type: ignore[no-untyped-def]
    """A window shortcut, pressed once the window is active again (after a dialog closed)."""
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window.article_list.table, key, modifiers)


def _modal(kind: type):  # type: ignore[no-untyped-def]
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, kind), dialog
    return dialog


def test_shortcuts_list_is_built_from_the_actions(open_window, simple_library: Path, qtbot) -> None:
    window = open_window(simple_library)
    window.article_list.table.setFocus()
    QTest.keyClick(window.article_list.table, Qt.Key.Key_Slash, CTRL)
    dialog = _modal(ShortcutsDialog)
    rows = dict(dialog.rows())
    assert rows["Redo"].split(",  ")[0] == "Ctrl+Shift+Z" or "Ctrl+Shift+Z" in rows["Redo"]
    assert rows["Find in article"] == "Ctrl+F" and rows["Find next"] == "F3"
    assert rows["Search the library"] == "Ctrl+Shift+F" and rows["Caret browsing"] == "F7"
    assert rows["Highlight red"] == "2" and "Ctrl+K" in rows["Command palette"]
    assert rows["Back"] == "Alt+Left"
    QTest.keyClicks(dialog.filter, "F3")
    assert {text for text, _ in dialog.rows()} == {"Find next", "Find previous"}
    QTest.keyClick(dialog.filter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    # a new action shows up the next time: nothing is written down twice
    extra = QAction("Say hello", window)
    extra.setShortcut(QKeySequence("Ctrl+Alt+H"))
    window.menu("Tools").addAction(extra)
    assert ("Say hello", "Ctrl+Alt+H") in window.show_shortcuts().rows()


def test_palette_runs_actions_opens_articles_and_shows_entities(open_window, simple_library: Path, qtbot) -> None:
    window = open_window(simple_library)
    store = window.session.store
    window.article_list.table.setFocus()
    QTest.keyClick(window.article_list.table, Qt.Key.Key_K, CTRL)
    palette = _modal(CommandPalette)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.edit)  # typing goes straight to the search
    QTest.keyClicks(palette.edit, "stoltenbreg")  # a typo
    shown = palette.shown()
    assert shown and {c.kind for c in shown[:3]} & {"Article", "Person"}
    assert any("Stoltenberg" in c.text for c in shown[:3])
    article = next(c for c in shown if c.kind == "Article")
    while palette.list.currentIndex().row() < shown.index(article):
        QTest.keyClick(palette.edit, Qt.Key.Key_Down)
    QTest.keyClick(palette.edit, Qt.Key.Key_Return)
    assert not palette.isVisible()
    assert store.articles.get(window.current_article_id()).title == article.text
    # an entity shows its mentions
    _press(qtbot, window, Qt.Key.Key_P, CTRL | SHIFT)
    palette = _modal(CommandPalette)
    QTest.keyClicks(palette.edit, "ilham aliyev")
    assert palette.shown()[0].text == "Ilham Aliyev"
    QTest.keyClick(palette.edit, Qt.Key.Key_Return)
    entity = store.entities.find("Ilham Aliyev", "PER")
    assert window.entity_panel.model.entity_id == entity.id and window.entities_dock.isVisible()
    # an action runs, as its menu would
    _press(qtbot, window, Qt.Key.Key_K, CTRL)
    palette = _modal(CommandPalette)
    QTest.keyClicks(palette.edit, "bigger text")
    assert palette.shown()[0].kind == "Action"
    size = window.settings.font_size
    QTest.keyClick(palette.edit, Qt.Key.Key_Return)
    assert window.settings.font_size == size + 1
    window.change_font_size(0)
    # Escape closes without doing anything
    _press(qtbot, window, Qt.Key.Key_K, CTRL)
    palette = _modal(CommandPalette)
    QTest.keyClick(palette.edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
