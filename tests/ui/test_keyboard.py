"""The window without a mouse: find an article, open it, select with caret browsing, highlight, write, save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from reader.ui.dialogs import NoteDialog

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def _key(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key where the keyboard is now, as a user does."""
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, key, modifiers)


def in_dialog(qtbot, act, kind: type = NoteDialog) -> list[BaseException]:  # type: ignore[no-untyped-def]
    """Run ``act`` on the modal dialog about to open; a failure closes it (no test hangs) and is re-raised."""
    errors: list[BaseException] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or not dialog.isActiveWindow() or dialog.focusWidget() is None:
            QTimer.singleShot(20, run)  # not shown yet
            return
        try:
            act(dialog)
        except BaseException as error:  # noqa: BLE001 - reported by the test after the dialog closes
            errors.append(error)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, run)
    return errors


def test_find_open_select_highlight_write_save_without_a_mouse(open_window, simple_library: Path, qtbot) -> None:
    window = open_window(simple_library)
    store = window.session.store
    window.article_list.table.setFocus()
    _key(Qt.Key.Key_F, CTRL | SHIFT)  # the library search
    assert QApplication.focusWidget() is window.article_list.filter_edit
    QTest.keyClicks(window.article_list.filter_edit, "Stoltenberg")
    _key(Qt.Key.Key_Return)  # to the results, the first one open
    assert QApplication.focusWidget() is window.article_list.table
    article_id = window.current_article_id()
    assert "Stoltenberg" in store.articles.get(article_id).text
    view = window.article_view
    assert view.current_hit_text() == "Stoltenberg"  # the view went to the first match
    _key(Qt.Key.Key_Tab)  # from the list to the article
    assert QApplication.focusWidget() is view.text
    _key(Qt.Key.Key_F7)  # caret browsing
    assert view.caret_action.isChecked()
    hit_end = view.selected_range()[1]  # type: ignore[index]
    _key(Qt.Key.Key_Right)  # the caret after the match
    for _ in range(3):
        _key(Qt.Key.Key_Right, CTRL | SHIFT)  # word by word
    _key(Qt.Key.Key_Right, SHIFT)  # and one more character
    selection = view.selected_range()
    assert selection is not None and selection[0] == hit_end
    chosen = store.articles.get(article_id).text[selection[0]:selection[1]]
    assert len(chosen.strip()) > 3
    _key(Qt.Key.Key_2)  # red
    [note] = store.annotations.for_article(article_id)
    assert (note.color, note.anchor.exact) == ("red", chosen.strip())

    def write(dialog: NoteDialog) -> None:
        assert QApplication.focusWidget() is dialog.editor
        QTest.keyClicks(dialog.editor, "À relire")
        _key(Qt.Key.Key_Tab)  # to the tags, no tab in the note
        assert QApplication.focusWidget() is dialog.tags
        QTest.keyClicks(dialog.tags, "otan")
        _key(Qt.Key.Key_Return, CTRL)  # saves

    errors = in_dialog(qtbot, write)
    _key(Qt.Key.Key_N)  # the note of the new highlight
    assert not errors, errors
    [note] = store.annotations.for_article(article_id)
    assert (note.note, note.tags, note.color) == ("À relire", ("otan",), "red")


def test_note_editor_escape_cancels_and_tab_goes_to_tags(qtbot) -> None:
    dialog = NoteDialog(None, "un passage", note="avant")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.focusWidget() is dialog.editor
    QTest.keyClick(dialog.editor, Qt.Key.Key_Tab)
    assert dialog.editor.toPlainText() == "avant"
    assert isinstance(dialog.focusWidget(), QLineEdit) and dialog.focusWidget() is dialog.tags
    QTest.keyClick(dialog.tags, Qt.Key.Key_Escape)
    assert dialog.result() == NoteDialog.DialogCode.Rejected and not dialog.isVisible()
    editor = NoteDialog(None, "x")
    qtbot.addWidget(editor)
    assert isinstance(editor.editor, QPlainTextEdit) and editor.editor.tabChangesFocus()


def test_ctrl_enter_saves_an_edited_note(open_window, simple_library: Path, qtbot) -> None:
    window = open_window(simple_library)
    store = window.session.store
    article_id = window.current_article_id()
    window.article_view.select_range(0, 12)
    annotation_id = window.notes.highlight("green")

    def edit(dialog: NoteDialog) -> None:
        QTest.keyClicks(dialog.editor, "Vu.")
        QTest.keyClick(dialog.editor, Qt.Key.Key_Enter, CTRL)  # the keypad's Enter too

    errors = in_dialog(qtbot, edit)
    window.notes.edit_annotation(annotation_id)
    assert not errors, errors
    assert store.annotations.get(annotation_id).note == "Vu."
    assert [a.id for a in store.annotations.for_article(article_id)] == [annotation_id]
