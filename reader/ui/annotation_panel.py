"""Side panel: the open article's annotations in reading order, the selected note rendered."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reader.domain import Annotation
from reader.exporting.markdown import escape as markdown_escape
from reader.ui.models import AnnotationListModel
from reader.ui.session import Session


class AnnotationPanel(QWidget):
    """Lists annotations; asks the window to scroll, edit, delete or re-attach (it changes nothing itself)."""

    activated = Signal(int)  # annotation id: scroll there
    edit_requested = Signal(int)
    delete_requested = Signal(int)
    reattach_requested = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AnnotationListModel(session, self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.clicked.connect(self._clicked)
        self.list.activated.connect(self._clicked)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._show_current())
        self.model.modelReset.connect(self._show_current)
        self.empty = QLabel("No notes yet. Select text, then press 1–5 to highlight.")
        self.empty.setWordWrap(True)
        self.empty.setObjectName("panelHint")
        self.note_view = QTextBrowser()
        self.note_view.setOpenLinks(False)
        self.note_view.setPlaceholderText("The selected note shows here.")
        self.tags_label = QLabel()
        self.tags_label.setTextFormat(Qt.TextFormat.PlainText)
        self.tags_label.setWordWrap(True)
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete")
        self.reattach_button = QPushButton("Re-attach here")
        self.reattach_button.setToolTip("Attach this note to the text selected in the article")
        self.edit_button.clicked.connect(lambda: self._request(self.edit_requested))
        self.delete_button.clicked.connect(lambda: self._request(self.delete_requested))
        self.reattach_button.clicked.connect(lambda: self._request(self.reattach_requested))
        buttons = QHBoxLayout()
        for b in (self.edit_button, self.reattach_button, self.delete_button):
            buttons.addWidget(b)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.note_view, 1)
        detail_layout.addWidget(self.tags_label)
        detail_layout.addLayout(buttons)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.empty)
        top_layout.addWidget(self.list, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(detail)
        split.setSizes([300, 160])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)
        self._show_current()

    def set_article(self, article_id: int | None) -> None:
        self.model.set_article(article_id)

    def current(self) -> Annotation | None:
        index = self.list.currentIndex()
        return self.model.annotation(index.row()) if index.isValid() else None

    def select(self, annotation_id: int) -> None:
        row = self.model.row_of(annotation_id)
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row, 0))

    def _request(self, signal: SignalInstance) -> None:
        a = self.current()
        if a is not None and a.id is not None:
            signal.emit(a.id)

    def _clicked(self, index: QModelIndex) -> None:
        a = self.model.annotation(index.row())
        if a is not None and a.id is not None and not a.orphan:
            self.activated.emit(a.id)

    def _show_current(self) -> None:
        self.empty.setVisible(self.model.rowCount() == 0)
        a = self.current()
        for b in (self.edit_button, self.delete_button, self.reattach_button):
            b.setEnabled(a is not None)
        if a is None:
            self.note_view.clear()
            self.tags_label.clear()
            return
        note = a.note or "*No note.*"
        if a.note and a.origin.format == "text/plain":  # another tool's plain text: shown as written
            note = markdown_escape(a.note).replace("\n", "  \n")
        if a.orphan:
            note = ("**Orphan**: this passage is no longer in the article. Select the right text, then "
                    "*Re-attach here*.\n\n> " + " ".join(a.anchor.exact.split()) + "\n\n" + (a.note or ""))
        self.note_view.setMarkdown(note)  # the user's own note, not article text
        self.tags_label.setText(("Tags: " + ", ".join(a.tags)) if a.tags else "")
