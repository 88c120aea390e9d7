"""The link dialog: find an article or a note, optionally pick a passage in it, label the link."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reader.anchoring import describe
from reader.domain import Link, LinkEnd
from reader.explore.links import LABEL_SUGGESTIONS
from reader.ui.explore.backlinks_panel import ROLE_LINES, LinkItemDelegate
from reader.ui.highlighting import OffsetMap
from reader.ui.models import RowListModel
from reader.ui.session import Session

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Target:
    """A search result: a whole article, or one of its notes."""

    article_id: int
    title: str
    snippet: str = ""
    annotation_id: int | None = None

    @property
    def display(self) -> str:
        kind = "Note in " if self.annotation_id is not None else ""
        first = f"{kind}{self.title}"
        return f"{first}\n{self.snippet}" if self.snippet else first


class TargetListModel(RowListModel):
    """Search results for the link dialog; the dialog gives it plain rows, it never queries."""

    TargetRole = Qt.ItemDataRole.UserRole + 1

    def row_data(self, row: Target, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.title + (f"\n{row.snippet}" if row.snippet else "")
        if role == self.TargetRole:
            return row
        if role == ROLE_LINES:
            return ("note" if row.annotation_id is not None else "", row.title, [row.snippet] if row.snippet else [])
        return None

    def target(self, row: int) -> Target:
        return self.row(row)


def clean_snippet(snippet: str) -> str:
    """FTS snippets mark matches with [ ]; show them as plain words on one line."""
    return " ".join(snippet.replace("[", "").replace("]", "").split())


class LinkDialog(QDialog):
    """Returns a Link with ``link()`` once accepted; stores nothing itself (the caller pushes a command)."""

    WHOLE, PASSAGE, NOTE = 0, 1, 2

    def __init__(self, session: Session, source: LinkEnd, parent: QWidget | None = None, *,
                 source_title: str = "", source_quote: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Link to…")
        self.setObjectName("link-dialog")
        self.resize(820, 620)
        self.session = session
        self.source = source
        self.target: Target | None = None
        self._text = ""
        self._offsets = OffsetMap("")

        origin = f"« {source_quote[:160]} »" if source_quote else "the whole article"
        self.source_label = QLabel(f"From {html.escape(origin)}<br><small>in {html.escape(source_title)}</small>", self)
        self.source_label.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search articles and notes…")
        self.search.setClearButtonEnabled(True)
        self.results_model = TargetListModel(self)
        self.results = QListView(self)
        self.results.setModel(self.results_model)
        self.results.setItemDelegate(LinkItemDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setAlternatingRowColors(True)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setObjectName("link-preview")
        self.preview.setPlaceholderText("Pick a result to read it here; select a passage to link to it.")
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.whole = QRadioButton("the whole article", self)
        self.passage = QRadioButton("the passage selected above", self)
        self.note_target = QRadioButton("the note", self)
        self.kind = QButtonGroup(self)
        for i, button in enumerate((self.whole, self.passage, self.note_target)):
            self.kind.addButton(button, i)
        self.whole.setChecked(True)
        self.label = QComboBox(self)
        self.label.setEditable(True)
        self.label.addItems(self._label_suggestions())
        self.label.setCurrentText("")
        editor = self.label.lineEdit()
        if editor is not None:  # an editable combo box always has one
            editor.setPlaceholderText("confirme, contredit, même événement, cause… or your own")
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("Optional note on the link")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Link")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.results)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([330, 490])
        choice = QWidget(self)
        choice_layout = QVBoxLayout(choice)
        choice_layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.whole, self.passage, self.note_target):
            choice_layout.addWidget(button)
        form = QFormLayout()
        form.addRow("Link to", choice)
        form.addRow("Label", self.label)
        form.addRow("Note", self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._timer.start)
        self.results.selectionModel().currentChanged.connect(self._picked)
        self.preview.selectionChanged.connect(self._selection_changed)
        self.kind.idToggled.connect(lambda *_: self._update_ok())
        self.run_search()
        self.search.setFocus()

    def _label_suggestions(self) -> list[str]:
        used = self.session.store.links.labels()
        return list(dict.fromkeys([*LABEL_SUGGESTIONS, *used]))

    # searching -------------------------------------------------------------------------------------

    def run_search(self) -> None:
        store = self.session.store
        query = self.search.text().strip()
        rows: list[Target] = []
        if not query:
            rows = [Target(r.id, r.title, r.published) for r in
                    store.articles.rows(store.articles.ids(sort="published", descending=True))]
        else:
            rows = [Target(h.id, h.title, clean_snippet(h.snippet)) for h in store.articles.search(query, limit=40)]
            rows += [Target(h.article_id, h.article_title, clean_snippet(h.snippet), h.id)
                     for h in store.annotations.search(query, limit=20)]
        self.results_model.set_rows(rows)
        if rows:
            self.results.setCurrentIndex(self.results_model.index(0, 0))
        else:
            self._show(None)

    def _picked(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(self.results_model.target(current.row()) if current.isValid() else None)

    def _show(self, target: Target | None) -> None:
        self.target = target
        if target is None:
            self._text = ""
            self._offsets = OffsetMap("")
            self.preview.setPlainText("")
            self._update_ok()
            return
        self._text = self.session.store.articles.get(target.article_id).text
        self._offsets = OffsetMap(self._text)
        self.preview.setPlainText(self._text)
        self.note_target.setEnabled(target.annotation_id is not None)
        if target.annotation_id is not None:
            annotation = self.session.store.annotations.get(target.annotation_id)
            if annotation.start is not None and annotation.end is not None:
                self.select_in_preview(annotation.start, annotation.end)
            self.note_target.setChecked(True)
        else:
            self.whole.setChecked(True)
        self._update_ok()

    # choosing a passage ----------------------------------------------------------------------------------

    def select_in_preview(self, start: int, end: int) -> None:
        """Select text[start:end] (Python offsets) in the preview and scroll to it."""
        cursor = self.preview.textCursor()
        cursor.setPosition(self._offsets.to_qt(start))
        cursor.setPosition(self._offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.preview.setTextCursor(cursor)
        self.preview.centerCursor()

    def preview_selection(self) -> tuple[int, int] | None:
        cursor = self.preview.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._offsets.to_py(cursor.selectionStart()), self._offsets.to_py(cursor.selectionEnd())
        # trim the spaces a drag selection often catches
        while start < end and self._text[start].isspace():
            start += 1
        while end > start and self._text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def _selection_changed(self) -> None:
        has = self.preview_selection() is not None
        self.passage.setEnabled(has)
        if has and not self.note_target.isChecked():
            self.passage.setChecked(True)
        elif not has and self.passage.isChecked():
            self.whole.setChecked(True)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.target is not None
        if ok and self.passage.isChecked():
            ok = self.preview_selection() is not None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        if self.target is None:
            self.passage.setEnabled(False)
            self.note_target.setEnabled(False)

    # result ------------------------------------------------------------------------------------------------

    def target_end(self) -> LinkEnd | None:
        if self.target is None:
            return None
        choice = self.kind.checkedId()
        if choice == self.NOTE and self.target.annotation_id is not None:
            return LinkEnd(self.target.article_id, self.target.annotation_id)
        if choice == self.PASSAGE:
            span = self.preview_selection()
            if span is not None:
                return LinkEnd(self.target.article_id, None, describe(self._text, *span))
        return LinkEnd(self.target.article_id)

    def link(self) -> Link | None:
        target = self.target_end()
        if target is None:
            return None
        return Link(self.source, target, label=self.label.currentText().strip(), note=self.note.text().strip())


class EditLinkDialog(QDialog):
    """Change a link's label and note."""

    def __init__(self, session: Session, link: Link, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit link")
        self.label = QComboBox(self)
        self.label.setEditable(True)
        self.label.addItems(list(dict.fromkeys([*LABEL_SUGGESTIONS, *session.store.links.labels()])))
        self.label.setCurrentText(link.label)
        self.note = QLineEdit(link.note, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Label", self.label)
        form.addRow("Note", self.note)
        form.addRow(buttons)
