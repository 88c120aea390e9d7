"""The article list's model: the ids matching the filters, sorted in SQL, and a row cache filled a page at a time."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal

from reader.domain import Changes
from reader.store import ArticleRow, Store
from reader.ui.models import ID_ROLE, Index
from reader.ui.session import Session


def _whole_list_of(store: Store) -> tuple[list[int], dict[int, int]]:
    """Every id of the unfiltered list and the row of each (made off the GUI thread: it grows with the library)."""
    ids = store.articles.ids()
    return ids, {article_id: row for row, article_id in enumerate(ids)}


class ArticleListModel(QAbstractTableModel):
    """Articles matching the filters; rows come from ``store.articles.rows`` one page at a time."""

    COLUMNS = ("Title", "Source", "Date", "Notes")
    SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 3  # the search's context in the article, matches between marks
    MARKS = ("\x02", "\x03")
    SORT_KEYS = ("title", "source", "published", "notes")
    PAGE = 100
    completed = Signal()  # every row is in (the list opens with its first page, the rest comes after)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.query = ""
        self.entity_id: int | None = None
        self.tag = ""
        self.sort_key, self.descending = "published", True
        self._ids: list[int] = []
        self._rows: dict[int, ArticleRow] = {}
        self._snippets: dict[int, str] = {}
        self._row_of: dict[int, int] | None = None
        self._generation = 0
        self.total: int | None = None  # articles in the library, once the whole list is in
        # The window opens on the first page, read from an index at any library size; the whole id list
        # is read on another thread and appended when it arrives.
        self._ids = session.store.articles.first_ids(2 * self.PAGE)
        self.complete = len(self._ids) < 2 * self.PAGE
        if not self.complete:
            generation = self._generation
            session.read(_whole_list_of, lambda found: self._whole_list(generation, *found))
        session.changed.connect(self.on_changed)

    def _whole_list(self, generation: int, ids: list[int], row_of: dict[int, int]) -> None:
        if generation != self._generation:
            return  # filtered, sorted or reloaded meanwhile: that list is complete already
        first = len(self._ids)
        if ids[:first] == self._ids:
            if len(ids) > first:
                self.beginInsertRows(QModelIndex(), first, len(ids) - 1)
                self._ids, self._row_of = ids, row_of
                self.endInsertRows()
        else:  # the library changed meanwhile
            self.beginResetModel()
            self._ids, self._row_of = ids, row_of
            self.endResetModel()
        self.complete, self.total = True, len(ids)
        self.completed.emit()

    # filters and order ---------------------------------------------------------------------------

    def set_filter(self, *, query: str | None = None, entity_id: int | None | bool = False,
                   tag: str | None = None) -> None:
        """Change any of the filters (False for entity_id leaves it as is) and reload."""
        if query is not None:
            self.query = query
        if entity_id is not False:
            self.entity_id = entity_id
        if tag is not None:
            self.tag = tag
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        if (self.SORT_KEYS[column], order == Qt.SortOrder.DescendingOrder) == (self.sort_key, self.descending):
            return  # already in this order (the view asks once at start-up)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self._ids[i.row()] if 0 <= i.row() < len(self._ids) else None for i in old]
        self.sort_key = self.SORT_KEYS[column]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self._ids = self._fetch_ids()
        self._generation += 1
        self.complete, self.total = True, None
        self._row_of = None
        new = []
        for index, article_id in zip(old, old_ids, strict=True):
            row = self.row_of(article_id) if article_id is not None else None
            new.append(self.index(row, index.column()) if row is not None else QModelIndex())
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def reload(self) -> None:
        self.beginResetModel()
        self._ids = self._fetch_ids()
        self._generation += 1
        self.complete, self.total = True, None
        self._rows.clear()
        self._snippets.clear()
        self._row_of = None
        self.endResetModel()

    def _fetch_ids(self) -> list[int]:
        return self.session.store.articles.ids(query=self.query, entity_id=self.entity_id, tag=self.tag,
                                              sort=self.sort_key, descending=self.descending)

    def on_changed(self, changes: Changes) -> None:
        if changes.library:
            self.reload()
            return
        touched = changes.articles
        if not touched:
            return
        for article_id in touched:
            self._rows.pop(article_id, None)
            row = self.row_of(article_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    # lookup --------------------------------------------------------------------------------------

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, article_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {a: i for i, a in enumerate(self._ids)}
        return self._row_of.get(article_id)

    def ids(self) -> list[int]:
        return list(self._ids)

    def _row(self, row: int) -> ArticleRow | None:
        article_id = self._ids[row]
        cached = self._rows.get(article_id)
        if cached is None:
            first = row - row % self.PAGE
            page = [i for i in self._ids[first:first + self.PAGE] if i not in self._rows]
            for r in self.session.store.articles.rows(page):
                self._rows[r.id] = r
            if self.query:
                self._snippets.update(self.session.store.articles.snippets(self.query, page, self.MARKS))
            cached = self._rows.get(article_id)
        return cached

    # Qt overrides --------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role == self.SNIPPET_ROLE:
            if not self.query or index.column() != 0:
                return None
            self._row(index.row())
            return self._snippets.get(self._ids[index.row()], "")
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole):
            return None
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if col == 3 else None
        row = self._row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.title if col == 0 else None
        if col == 0:
            return row.title or "(untitled)"
        if col == 1:
            return row.source
        if col == 2:
            return row.published
        return str(row.notes) if row.notes else ""
