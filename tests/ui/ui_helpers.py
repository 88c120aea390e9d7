"""What a user sees in the reading pane, read back from the widget's document."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCursor

from reader.ui.highlighting import ANNOTATION_ID, runs_with


def text_under_annotation(window, annotation_id: int) -> str:  # type: ignore[no-untyped-def]
    """The characters of the document that carry this annotation's highlight."""
    doc = window.article_view.text.document()
    parts = []
    for start, end in runs_with(doc, ANNOTATION_ID, annotation_id):
        cursor = QTextCursor(doc)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        parts.append(cursor.selectedText().replace("\u2029", "\n"))
    return "".join(parts)


def format_at(window, py_offset: int):  # type: ignore[no-untyped-def]
    """The character format of the character at a Python str offset of the open article."""
    view = window.article_view
    pos = view.rendered.offsets.to_qt(py_offset)
    cursor = QTextCursor(view.text.document())
    cursor.setPosition(pos + 1)  # the format of the character before the cursor
    return cursor.charFormat()


def background_at(window, py_offset: int) -> QColor:  # type: ignore[no-untyped-def]
    return format_at(window, py_offset).background().color()
