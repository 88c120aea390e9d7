"""The left pane: the search box, tag and entity filters, and the list of articles."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.store.articles import MAX_QUERY_WORDS, query_is_capped
from reader.ui.article_model import ArticleListModel
from reader.ui.list_delegate import TitleSnippetDelegate
from reader.ui.session import Session


class ArticleList(QWidget):
    """Filters and the article table; ``chosen`` when the user picks a row, ``counted`` when the rows change."""

    chosen = Signal(int)  # article id
    counted = Signal()
    searched = Signal(str)  # the words of the library search, applied (marked in the reading pane)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.current: int | None = None
        self._syncing = False
        self.model = ArticleListModel(session, self)
        self.filter_edit = QLineEdit(placeholderText="Search the library…  (Ctrl+Shift+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self, singleShot=True, interval=250)
        self._filter_timer.timeout.connect(self.apply_query)
        self.filter_edit.returnPressed.connect(self._search_entered)
        self.filter_edit.textChanged.connect(lambda: self._filter_timer.start())
        self.tag_box = QComboBox()
        self.tag_box.setToolTip("Show only the articles with notes carrying this tag")
        self.tag_box.currentIndexChanged.connect(lambda: self.model.set_filter(tag=self.tag_box.currentData() or ""))
        self.entity_chip = QPushButton()
        self.entity_chip.setToolTip("Showing only the articles that mention this entity: click to show all")
        self.entity_chip.clicked.connect(lambda: self.filter_by_entity(None))
        self.entity_chip.hide()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # newest first, the model's own order: enabling sorting then asks for nothing new
        self.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the reading pane, not the next cell
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setItemDelegateForColumn(0, TitleSnippetDelegate(self.table))
        self.table.installEventFilter(self)  # a narrow list drops the source column to keep titles readable
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 92), (2, 82), (3, 44)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        header.setStretchLastSection(False)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.modelReset.connect(self._after_reset)
        self.model.layoutChanged.connect(self._sync_selection)
        self.model.completed.connect(self._after_reset)
        filters = QHBoxLayout()
        filters.addWidget(self.tag_box)
        filters.addWidget(self.entity_chip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.filter_edit)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.refresh_tags()

    def set_current(self, article_id: int | None) -> None:
        """Select the open article's row (when the filters show it) without opening it again."""
        self.current = article_id
        self._sync_selection()

    def apply_query(self) -> None:
        """Filter the list by the search box's words; search results show their context on a second line."""
        query = self.filter_edit.text()
        self.model.set_filter(query=query)
        line = self.fontMetrics().height()
        self.table.verticalHeader().setDefaultSectionSize(2 * line + 10 if query.strip() else line + 8)
        self._fit_columns()
        self.searched.emit(query)

    def _fit_columns(self) -> None:
        # The source gives its room to the title in a narrow list, and to the snippets of search results.
        self.table.setColumnHidden(1, self.table.width() < 420 or bool(self.model.query.strip()))

    def _search_entered(self) -> None:
        """Enter in the search box: apply it now and go to the results, the first one open."""
        self._filter_timer.stop()
        self.apply_query()
        if self.model.rowCount():
            self.table.selectRow(0)
        self.focus_list()

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def filter_by_entity(self, entity_id: int | None) -> None:
        self.model.set_filter(entity_id=entity_id)
        if entity_id is None:
            self.entity_chip.hide()
            return
        try:
            name = self.session.store.entities.get(entity_id).name
        except KeyError:
            name = "?"
        self.entity_chip.setText(f"{name}  ✕")
        self.entity_chip.show()

    def refresh_tags(self) -> None:
        current = self.tag_box.currentData() or ""
        self.tag_box.blockSignals(True)
        self.tag_box.clear()
        self.tag_box.addItem("All tags", "")
        for name, count in self.session.store.annotations.tags():
            self.tag_box.addItem(f"#{name} ({count})", name)
        self.tag_box.setCurrentIndex(max(0, self.tag_box.findData(current)))
        self.tag_box.blockSignals(False)
        self.tag_box.setVisible(self.tag_box.count() > 1)

    def count_text(self) -> str:
        if not self.model.complete:
            return "Counting the articles…"
        shown = self.model.rowCount()
        total = self.model.total if self.model.total is not None else self.session.store.articles.count()
        text = f"{total} articles" if shown == total else f"{shown} of {total} articles"
        if query_is_capped(self.model.query):  # a pasted page: say which part of it was searched
            text += f" (the first {MAX_QUERY_WORDS} words searched)"
        return text

    def neighbour(self, delta: int) -> int | None:
        """The article ``delta`` rows from the open one (the first row when none is open)."""
        row = self.model.row_of(self.current) if self.current is not None else None
        return self.model.id_at((row + delta) if row is not None else 0)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        article_id = self.model.id_at(current.row())
        if article_id is not None and article_id != self.current:
            self.chosen.emit(article_id)

    def _sync_selection(self) -> None:
        row = self.model.row_of(self.current) if self.current is not None else None
        self._syncing = True
        try:
            if row is None:
                self.table.clearSelection()
            else:
                index = self.model.index(row, 0)
                self.table.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                self.table.scrollTo(index)
        finally:
            self._syncing = False

    def _after_reset(self) -> None:
        self._sync_selection()
        self.counted.emit()
