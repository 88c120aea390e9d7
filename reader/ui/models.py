"""Qt models over Store queries: an id list plus a lazily filled row cache; no SQL here."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QTextDocument

from reader.domain import Annotation, Changes, Mention
from reader.explore.text import quote_parts
from reader.importing.notes import holder_id
from reader.ui.origin import origin_text
from reader.ui.session import Session
from reader.ui.theme import Palette


class RowListModel(QAbstractListModel):
    """A flat list of plain rows handed in by its view; subclasses say what a row shows per role."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.row_data(self._rows[index.row()], role)

    def row_data(self, row: Any, role: int) -> Any:
        return None


@lru_cache(maxsize=1024)
def note_as_text(note: str) -> str:
    """A Markdown note as the words a reader sees, for one-line previews."""
    doc = QTextDocument()
    doc.setMarkdown(note)
    return doc.toPlainText()

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2
PARTS_ROLE = Qt.ItemDataRole.UserRole + 3  # (title or "", before, mention, after)


class AnnotationListModel(QAbstractListModel):
    """The open article's annotations in reading order; orphans last, marked."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.article_id: int | None = None
        self.palette = Palette(False)
        self._items: list[Annotation] = []
        self._seen: Changes | None = None
        self._holder: int | None = None
        session.changed.connect(self.on_changed)

    def set_article(self, article_id: int | None) -> None:
        self.article_id = article_id
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        store = self.session.store
        self._items = store.annotations.for_article(self.article_id) if self.article_id is not None else []
        # Notes placed in no article are listed under every article, to be attached by hand.
        holder = holder_id(store)
        self._holder = holder
        if self.article_id is not None and holder is not None and holder != self.article_id:
            self._items += [a for a in store.annotations.for_article(holder) if a.orphan]
        self.endResetModel()

    def on_changed(self, changes: Changes) -> None:
        """Reload when a note of this article (or a note not placed anywhere) changed. The window may call
        this before the signal does (it hands the fresh list to the reading pane): one change counts once."""
        if changes is self._seen:
            return
        self._seen = changes
        if self.article_id is not None and (changes.library or (changes.annotations and (
                self.article_id in changes.articles or self._holder in changes.articles
                or any(a.id in changes.annotations for a in self._items)))):
            self.reload()

    def annotations(self) -> list[Annotation]:
        return list(self._items)

    def annotation(self, row: int) -> Annotation | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, annotation_id: int) -> int | None:
        return next((i for i, a in enumerate(self._items) if a.id == annotation_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        a = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            quote = " ".join(a.anchor.exact.split())
            quote = quote if len(quote) <= 90 else quote[:88] + "…"
            first = next((line.strip() for line in note_as_text(a.note).splitlines() if line.strip()), "")
            mark = "⚠ not placed: " if a.orphan and a.article_id == self._holder else "⚠ orphan: " if a.orphan else ""
            text = mark + f"“{quote}”"
            if first:
                text += "\n✎ " + (first if len(first) <= 80 else first[:78] + "…")
            if a.tags:
                text += "\n" + " ".join("#" + t for t in a.tags)
            return text
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(self.palette.annotation(a.color))
        if role == Qt.ItemDataRole.ToolTipRole:
            if a.orphan and a.origin.unplaced:
                how = ("This note was not placed on import. Select its passage and choose “Re-attach here”.\n\n")
            elif a.orphan:
                how = "This note lost its passage when the article changed. Select text and choose “Re-attach here”.\n\n"
            else:
                how = ""
            about = origin_text(a)
            return how + (a.note or a.anchor.exact) + ("\n\n" + about if about else "")
        if role == Qt.ItemDataRole.FontRole and a.orphan:
            font = QFont()
            font.setItalic(True)
            return font
        if role == ID_ROLE:
            return a.id
        if role == ITEM_ROLE:
            return a
        return None


class MentionListModel(QAbstractListModel):
    """Every mention of one entity across the library, with its article's title and the text around it.

    The one mention model: the entity panel lists its rows as text, the entity index draws them with
    the title over each article's first mention. An article's text is read when one of its rows shows.
    """

    CONTEXT = 60  # characters of text either side of a mention

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.entity_id: int | None = None
        self._items: list[Mention] = []
        self._titles: dict[int, str] = {}
        self._texts: dict[int, str] = {}
        session.changed.connect(self.on_changed)

    def set_entity(self, entity_id: int | None) -> None:
        self.entity_id = entity_id
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._texts.clear()
        self._items, self._titles = [], {}
        if self.entity_id is not None:
            store = self.session.store
            self._items = store.entities.mentions_of(self.entity_id)
            ids = sorted({m.article_id for m in self._items})
            self._titles = {r.id: r.title for r in store.articles.rows(ids)}
        self.endResetModel()

    def on_changed(self, changes: Changes) -> None:
        if self.entity_id is not None and (changes.library or self.entity_id in changes.entities
                                           or any(m.article_id in changes.mentions_of for m in self._items)):
            self.reload()

    def mention(self, row: int) -> Mention | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def article_count(self) -> int:
        return len(self._titles)

    def first_in_article(self, row: int) -> bool:
        return row == 0 or self._items[row - 1].article_id != self._items[row].article_id

    def parts(self, m: Mention, context: int = CONTEXT) -> tuple[str, str, str]:
        """The text before the mention, the mention, and the text after it, on one line."""
        text = self._texts.get(m.article_id)
        if text is None:
            try:
                text = self.session.store.articles.get(m.article_id).text
            except KeyError:
                text = ""
            self._texts[m.article_id] = text
        return quote_parts(text, m.start, m.end, context)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        m = self._items[index.row()]
        title = self._titles.get(m.article_id, "")
        if role == Qt.ItemDataRole.DisplayRole:
            before, passage, after = self.parts(m)
            return f"{title}\n{before}[{passage}]{after}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{title}\n{''.join(self.parts(m, 160))}\n\nClick to open the article at this mention."
        if role == PARTS_ROLE:  # the title only over an article's first mention
            return (title if self.first_in_article(index.row()) else "", *self.parts(m))
        if role == ID_ROLE:
            return m.id
        if role == ITEM_ROLE:
            return m
        return None
