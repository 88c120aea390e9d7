"""The entity index: every entity by type with its counts, its mentions across articles, and its companions."""

from __future__ import annotations

import html

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QPainter,
    QPalette,
    QShowEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.domain import ENTITY_TYPES, Changes
from reader.explore.text import counted
from reader.store import EntityRow
from reader.ui.models import PARTS_ROLE, MentionListModel
from reader.ui.session import Session
from reader.ui.theme import entity_label

AnyIndex = QModelIndex | QPersistentModelIndex
SortRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2


class EntityTableModel(QAbstractTableModel):
    """Rows of ``store.entities.rows()``: name, type, mentions, articles. Refreshed from Changes."""

    COLUMNS = ("Name", "Type", "Mentions", "Articles")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._rows: list[EntityRow] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self.session.store.entities.rows()
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, entity_label(row.type), row.mentions, row.articles)[column]
        if role == SortRole:
            return (row.name.casefold(), row.type, row.mentions, row.articles)[column]
        if role == IdRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{row.name} ({entity_label(row.type)}): {counted(row.mentions, 'mention')} in "
                    f"{counted(row.articles, 'article')}")
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def entity_row(self, row: int) -> EntityRow:
        return self._rows[row]

    def row_of(self, entity_id: int) -> int:
        for i, row in enumerate(self._rows):
            if row.id == entity_id:
                return i
        return -1


class EntityFilterModel(QSortFilterProxyModel):
    """Filters by a text in the name (accent- and case-blind) and by type; sorts numbers as numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._type = ""
        self.setSortRole(SortRole)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = _fold(text.strip())
        self.endFilterChange()

    def set_type(self, type_: str) -> None:
        self.beginFilterChange()
        self._type = type_
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, EntityTableModel)
        row = model.entity_row(source_row)
        if self._type and row.type != self._type:
            return False
        return not self._text or self._text in _fold(row.name)


class MentionDelegate(QStyledItemDelegate):
    """The article's title in bold above its first mention; the mention itself bold inside its context."""

    PAD = 4

    def _document(self, option: QStyleOptionViewItem, row: tuple[str, str, str, str], width: int) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(0)
        doc.setTextWidth(max(width, 50))
        cursor = QTextCursor(doc)
        plain, bold = QTextCharFormat(), QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        title, before, mention, after = row
        if title:
            cursor.insertText(title, bold)
            cursor.insertBlock()
        block = cursor.blockFormat()
        block.setLeftMargin(14)
        cursor.setBlockFormat(block)
        cursor.insertText(before, plain)
        cursor.insertText(mention, bold)
        cursor.insertText(after, plain)
        return doc

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        row = index.data(PARTS_ROLE)
        widget = option.widget
        if row is None or not isinstance(widget, QAbstractItemView):
            return super().sizeHint(option, index)
        width = widget.viewport().width() - 2 * self.PAD
        doc = self._document(option, row, width)
        return QSize(width, int(doc.size().height()) + 2 * self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row = index.data(PARTS_ROLE)
        if row is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        rect = option.rect
        doc = self._document(option, row, rect.width() - 2 * self.PAD)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        painter.save()
        painter.translate(rect.left() + self.PAD, rect.top() + self.PAD)
        doc.documentLayout().draw(painter, context)
        painter.restore()


class EntityIndex(QWidget):
    """Search and sort every entity; pick one to see where it is mentioned and what comes with it."""

    open_requested = Signal(int, object, object)  # article_id, start, end

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.entity_id: int | None = None
        self._dirty = False
        self.model = EntityTableModel(session, self)
        self.proxy = EntityFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter entities…")
        self.filter.setClearButtonEnabled(True)
        self.type_box = QComboBox(self)
        self.type_box.addItem("All types", "")
        for type_ in ENTITY_TYPES:
            self.type_box.addItem(entity_label(type_), type_)
        self.table = QTableView(self)
        self.table.setObjectName("entity-table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        # Names are what the index is for: never cut; the table scrolls sideways in a narrow dock instead.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.title = QLabel("Pick an entity to see its mentions.", self)
        self.title.setWordWrap(True)
        self.mentions_model = MentionListModel(session, self)
        self.mentions = QListView(self)
        self.mentions.setObjectName("entity-mentions")
        self.mentions.setModel(self.mentions_model)
        self.mentions.setItemDelegate(MentionDelegate(self.mentions))
        self.mentions.setResizeMode(QListView.ResizeMode.Adjust)
        self.mentions.setWordWrap(True)
        self.mentions.setAlternatingRowColors(True)
        self.mentions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.companions_label = QLabel("Named most often with it:", self)
        self.companions = QLabel(self)
        self.companions.setObjectName("entity-companions")
        self.companions.setWordWrap(True)
        self.companions.setTextFormat(Qt.TextFormat.RichText)
        self.companions.linkActivated.connect(lambda href: self.select_entity(int(href)))

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.type_box)
        top_layout.addLayout(bar)
        top_layout.addWidget(self.table)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.title)
        bottom_layout.addWidget(self.mentions, 1)
        bottom_layout.addWidget(self.companions_label)
        bottom_layout.addWidget(self.companions)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self.filter.textChanged.connect(self.proxy.set_text)
        self.type_box.currentIndexChanged.connect(lambda _: self.proxy.set_type(self.type_box.currentData()))
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.mentions.doubleClicked.connect(self._open_mention)
        self.mentions.activated.connect(self._open_mention)
        session.changed.connect(self._on_changed)

    # data ---------------------------------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        if changes.entities or changes.mentions_of or changes.library:
            if self.isVisible():
                self.reload()
            else:
                self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        if self._dirty:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        self._dirty = False
        keep = self.entity_id
        self.model.reload()
        if keep is not None and self.model.row_of(keep) >= 0:
            self.select_entity(keep)
        else:
            self.entity_id = None
            self._show_details(None)

    def select_entity(self, entity_id: int) -> bool:
        """Show this entity (clearing filters that hide it); False if the library no longer has it."""
        row = self.model.row_of(entity_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.filter.clear()
            self.type_box.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        if self.entity_id != entity_id:  # same row: the current-row signal does not fire
            self._show_details(entity_id)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        self._show_details(int(self.proxy.data(current, IdRole)))

    def _show_details(self, entity_id: int | None) -> None:
        self.entity_id = entity_id
        store = self.session.store
        self.mentions_model.set_entity(entity_id)
        if entity_id is None:
            self.title.setText("Pick an entity to see its mentions.")
            self.companions.setText("")
            return
        entity = store.entities.get(entity_id)
        model = self.mentions_model
        self.title.setText(f"<b>{html.escape(entity.name)}</b> ({entity_label(entity.type)}): "
                           f"{counted(model.rowCount(), 'mention')} in {counted(model.article_count(), 'article')}. "
                           "Double-click one to read it.")
        companions = store.entities.cooccurring(entity_id, limit=12)
        self.companions.setText(", ".join(
            f'<a href="{row.id}">{html.escape(row.name)}</a> ({shared})' for row, shared in companions) or "—")
        self.companions.setToolTip("Number of articles naming both. Click a name to show it.")

    def _open_mention(self, index: QModelIndex) -> None:
        m = self.mentions_model.mention(index.row()) if index.isValid() else None
        if m is not None:
            self.open_requested.emit(m.article_id, m.start, m.end)

    def companion_names(self) -> list[str]:
        store = self.session.store
        return [row.name for row, _ in store.entities.cooccurring(self.entity_id, limit=12)] if self.entity_id else []


def _fold(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
