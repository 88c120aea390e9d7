"""What a daily user tripped on first: Redo's key, Merge into…, Back after a restart, a stale Entities panel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reader.ui.article_view import ContextRequest
from reader.ui.dialogs import CorrectionDialog


def _open_with(window, needle: str) -> int:  # type: ignore[no-untyped-def]
    store = window.session.store
    article_id = next(i for i in store.articles.ids() if needle in store.articles.get(i).text)
    window.open_article(article_id)
    assert window.article_view.select_text(needle)
    return article_id


def test_ctrl_shift_z_redoes(open_window, simple_library: Path, qtbot) -> None:
    window = open_window(simple_library)
    article_id = _open_with(window, "Bakou")
    window.article_view.text.setFocus()
    QTest.keyClick(window.article_view.text, Qt.Key.Key_1)
    assert len(window.session.store.annotations.for_article(article_id)) == 1
    QTest.keyClick(window.article_view.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.store.annotations.for_article(article_id) == []
    QTest.keyClick(window.article_view.text, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(window.session.store.annotations.for_article(article_id)) == 1
    keys = [k.toString() for k in window.redo_action.shortcuts()]
    assert len(keys) == len(set(keys)) and "Ctrl+Shift+Z" in keys


def test_merge_into_takes_the_target_identity(open_window, simple_library: Path, qtbot) -> None:
    """Aliyev typed Other, merged into Ilham Aliyev everywhere: one index row, a person."""
    window = open_window(simple_library)
    store = window.session.store
    article_id = _open_with(window, "achoppement : Aliyev")
    window.article_view.select_text("Aliyev")
    window.notes.correct("add", selection=window.selected_range(), type_="MISC")
    mention = next(m for m in window.article_view.mentions if m.text == "Aliyev")
    assert mention.type == "MISC"
    menu = window.notes.context_menu(ContextRequest(QPoint(0, 0), mention, None, ()))
    merge = next(a for a in menu.actions() if a.text() == "Merge into…")

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CorrectionDialog)
        dialog.name_edit.setText("Ilham Aliyev")  # typed: the completer's popup cannot grab keys offscreen
        dialog.everywhere.setChecked(True)
        QTest.keyClick(dialog.name_edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, fill)
    merge.trigger()
    rows = [(r.name, r.type) for r in store.entities.rows() if "Aliyev" in r.name]
    assert rows == [("Ilham Aliyev", "PER")]
    assert next(m for m in store.entities.mentions(article_id) if m.start == mention.start).type == "PER"
