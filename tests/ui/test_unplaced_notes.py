"""Notes brought in from other tools that found no passage: listed under every article, attached by hand."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from ui_helpers import text_under_annotation

from reader.importing.notes import holder_id, import_notes

RECOGITO = Path(__file__).resolve().parent.parent / "fixtures" / "notes" / "recogito.jsonld"
WRONG = "https://recogito.pelagios.org/annotation/5f0c1a52-8d6e-4a7e-9c55-3f0e2b1d7a10"


def test_a_note_not_placed_is_listed_and_attached_by_hand(open_window, simple_library: Path, qtmodeltester) -> None:
    window = open_window(simple_library)
    store = window.session.store
    report = import_notes(store, RECOGITO)
    window.session.changed.emit(report.changes)
    holder = holder_id(store)
    note = store.annotations.by_uuid(WRONG)
    assert note is not None and note.article_id == holder and note.orphan
    # Open another article: the note not placed is listed there too, marked, with its reason and entity.
    article_id = next(i for i in store.articles.ids() if "Ilham Aliyev" in store.articles.get(i).text and i != holder)
    window.open_article(article_id)
    model = window.annotation_panel.model
    qtmodeltester.check(model)
    row = model.row_of(note.id)  # type: ignore[arg-type]
    assert row is not None
    index = model.index(row, 0)
    assert model.data(index).startswith("⚠ not placed: “Makhatchkala”")
    tooltip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "its context says otherwise" in tooltip
    assert "PLACE · http://www.wikidata.org/entity/Q4205" in tooltip and "By analyste" in tooltip
    # The user picks the passage it belongs to and attaches it here.
    window.annotation_panel.select(note.id)  # type: ignore[arg-type]
    assert window.article_view.select_text("Ilham Aliyev")
    window.notes.reattach_annotation(note.id)  # type: ignore[arg-type]
    moved = store.annotations.get(note.id)  # type: ignore[arg-type]
    assert (moved.article_id, moved.orphan, moved.origin.unplaced) == (article_id, False, "")
    assert text_under_annotation(window, note.id) == "Ilham Aliyev"  # type: ignore[arg-type]
    assert moved.origin.entity_type == "PLACE"  # what the tool said stays with it
    # Undo puts it back among the notes not placed.
    window.undo_action.trigger()
    back = store.annotations.get(note.id)  # type: ignore[arg-type]
    assert (back.article_id, back.orphan) == (holder, True) and "context says otherwise" in back.origin.unplaced
    assert model.row_of(note.id) is not None  # type: ignore[arg-type]


def test_the_article_header_names_the_documents_notes_came_from(open_window, simple_library: Path) -> None:
    window = open_window(simple_library)
    store = window.session.store
    window.session.changed.emit(import_notes(store, RECOGITO).changes)
    article_id = next(i for i in store.articles.ids() if "Makhatchkala" in store.articles.get(i).text)
    window.open_article(article_id)
    assert "notes from https://recogito.pelagios.org/document/xk7q3sb4lhp0ds/part/1" in \
        window.article_view.meta_label.text()


def test_the_tooltip_of_a_highlight_says_what_the_passage_names(open_window, simple_library: Path) -> None:
    window = open_window(simple_library)
    store = window.session.store
    window.session.changed.emit(import_notes(store, RECOGITO).changes)
    note = store.annotations.by_uuid("https://recogito.pelagios.org/annotation/0b7f2c8e-1d3a-4c59-8e61-7a9d2f4b6c21")
    assert note is not None and note.id is not None and note.start is not None
    window.open_article(note.article_id)
    tooltip = window.article_view.annotation_tooltip(window.article_view.annotations_at(
        window.article_view.text.cursorRect(cursor_at(window, note.start + 2)).center()))
    assert "PLACE · http://www.wikidata.org/entity/Q4205" in tooltip and "By analyste" in tooltip


def cursor_at(window, offset: int):  # type: ignore[no-untyped-def]
    """A text cursor at a stored-text offset of the open article (through the one offset conversion)."""
    cursor = window.article_view.text.textCursor()
    cursor.setPosition(window.article_view.rendered.offsets.to_qt(offset))
    return cursor
