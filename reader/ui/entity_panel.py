"""Side panel: one entity and every mention of it across the library, with snippets."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.ui.models import MentionListModel
from reader.ui.session import Session
from reader.ui.theme import entity_label


class EntityPanel(QWidget):
    """Click a mention to open its article there (``mention_activated``: article id, start, end)."""

    mention_activated = Signal(int, int, int)
    filter_requested = Signal(int)  # entity id: show only the articles mentioning it

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = MentionListModel(session, self)
        self.title = QLabel(self.HINT)
        self.title.setObjectName("panelTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.count = QLabel()
        self.filter_button = QPushButton("Filter articles")
        self.filter_button.setToolTip("Show only the articles that mention this entity")
        self.filter_button.setEnabled(False)
        self.filter_button.clicked.connect(self._filter_requested)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.clicked.connect(self._activate)
        self.list.activated.connect(self._activate)
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.filter_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)
        self.model.modelReset.connect(self._update_header)

    HINT = "Click an entity in the text to see where else it appears."

    def show_entity(self, entity_id: int) -> None:
        self.model.set_entity(entity_id)

    def follow_article(self, entity_ids: set[int]) -> None:
        """Another article is open: keep the entity only if that article names it too, else start afresh."""
        if self.model.entity_id is not None and self.model.entity_id not in entity_ids:
            self.model.set_entity(None)
            self.title.setText(self.HINT)
            self.count.clear()
            self.filter_button.setEnabled(False)

    def _update_header(self) -> None:
        entity_id = self.model.entity_id
        if entity_id is None:
            return
        try:
            entity = self.session.store.entities.get(entity_id)
        except KeyError:
            self.title.setText("This entity is no longer in the library.")
            self.count.clear()
            self.filter_button.setEnabled(False)
            return
        self.title.setText(f"{entity.name} — {entity_label(entity.type)} ({entity.type})")
        n = self.model.rowCount()
        articles = self.model.article_count()
        self.count.setText(f"{n} mention{'s' if n != 1 else ''} in {articles} article{'s' if articles != 1 else ''}")
        self.filter_button.setEnabled(True)

    def _filter_requested(self) -> None:
        if self.model.entity_id is not None:
            self.filter_requested.emit(self.model.entity_id)

    def _activate(self, index: QModelIndex) -> None:
        m = self.model.mention(index.row())
        if m is not None:
            self.mention_activated.emit(m.article_id, m.start, m.end)
