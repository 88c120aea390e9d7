"""A reading session with the real recogniser, closed and opened again on the same library file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from ui_helpers import format_at, text_under_annotation

from reader.ui import dialogs
from reader.ui.theme import Palette

pytestmark = pytest.mark.slow


def test_note_survives_undo_redo_and_a_restart(open_window, real_library: Path, qtbot, monkeypatch) -> None:
    window = open_window(real_library)
    store = window.session.store
    article_id = next(i for i in store.articles.ids() if "Ilham Aliyev" in store.articles.get(i).text)
    window.open_article(article_id)
    text = store.articles.get(article_id).text
    at = text.index("Ilham Aliyev")
    # the recogniser found him, and the pane shows him as a person
    assert any(m.start <= at < m.end and m.type == "PER" for m in window.article_view.mentions)
    assert format_at(window, at).underlineColor() == Palette(False).entity("PER")

    assert window.article_view.select_text("Ilham Aliyev")
    monkeypatch.setattr(dialogs.NoteDialog, "exec", lambda self: (
        self.editor.setPlainText("Le président *azerbaïdjanais*"), self.color.setCurrentIndex(1), 1)[-1])
    qtbot.keyClick(window.article_view.text, Qt.Key.Key_N)  # N: highlight with a note
    [note] = store.annotations.for_article(article_id)
    assert (note.color, note.note, note.anchor.exact) == ("red", "Le président *azerbaïdjanais*", "Ilham Aliyev")
    assert text_under_annotation(window, note.id) == "Ilham Aliyev"

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.annotations.for_article(article_id) == []
    assert text_under_annotation(window, note.id) == ""
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert text_under_annotation(window, note.id) == "Ilham Aliyev"
    window.close()

    again = open_window(real_library)
    assert again.current_article_id() == article_id
    [kept] = again.session.store.annotations.for_article(article_id)
    assert (kept.id, kept.note, kept.color) == (note.id, note.note, "red")
    assert text_under_annotation(again, kept.id) == "Ilham Aliyev"
    model = again.annotation_panel.model
    model_row = model.row_of(kept.id)
    assert model_row is not None
    again.annotation_panel.select(kept.id)
    assert "azerbaïdjanais" in again.annotation_panel.note_view.toPlainText()
