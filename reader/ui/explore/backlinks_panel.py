"""The backlinks panel: links going out of the open article, links coming in, and unlinked mentions."""

from __future__ import annotations

import html

import shiboken6
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.domain import Changes
from reader.explore.links import LinkRow, end_span, link_rows
from reader.store import RelatedArticle
from reader.ui.session import Session

ROLE_KIND = Qt.ItemDataRole.UserRole + 1  # "link" | "related" | None for headers and placeholders
ROLE_TARGET = Qt.ItemDataRole.UserRole + 2  # (article_id, start, end)
ROLE_LINK = Qt.ItemDataRole.UserRole + 3  # link id
ROLE_LINES = Qt.ItemDataRole.UserRole + 4  # (chip, title, [detail lines]) drawn by LinkItemDelegate
QUOTE_CHARS = 90
RELATED_SHOWN = 15


def short(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class LinkItemDelegate(QStyledItemDelegate):
    """Draws an entry as a bold title (after a label chip) over grey detail lines, each on one line."""

    PAD = 5

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        detail = QFont(option.font)
        detail.setPointSizeF(max(detail.pointSizeF() * 0.92, 7))
        chip = QFont(detail)
        chip.setBold(True)
        return bold, detail, chip

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        lines = index.data(ROLE_LINES)
        if not lines:
            return super().sizeHint(option, index)
        bold, detail, _ = self._fonts(option)
        height = QFontMetrics(bold).height() + len(lines[2]) * (QFontMetrics(detail).height() + 1)
        return QSize(200, height + 2 * self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        lines = index.data(ROLE_LINES)
        if not lines:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        chip_text, title, details = lines
        bold, detail, chip_font = self._fonts(option)
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal: QPalette = option.palette
        text_color = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        grey = QColor(text_color)
        grey.setAlpha(170)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x, y = rect.left() + 2, rect.top() + self.PAD
        title_metrics = QFontMetrics(bold)
        if chip_text:
            metrics = QFontMetrics(chip_font)
            width = metrics.horizontalAdvance(chip_text) + 10
            box = QRectF(x, y + 1, width, title_metrics.height() - 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#e8def8") if pal.color(QPalette.ColorRole.Base).lightness() > 128
                             else QColor("#4a3d66"))
            painter.drawRoundedRect(box, 4, 4)
            painter.setFont(chip_font)
            painter.setPen(QColor("#4a2a8a") if pal.color(QPalette.ColorRole.Base).lightness() > 128
                           else QColor("#e8def8"))
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), chip_text)
            x += width + 6
        painter.setFont(bold)
        painter.setPen(text_color)
        painter.drawText(x, y + title_metrics.ascent(),
                         title_metrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.right() - x - 4))
        y += title_metrics.height()
        painter.setFont(detail)
        painter.setPen(grey)
        metrics = QFontMetrics(detail)
        for line in details:
            painter.drawText(rect.left() + 2, y + metrics.ascent(),
                             metrics.elidedText(line, Qt.TextElideMode.ElideRight, rect.width() - 6))
            y += metrics.height() + 1
        painter.restore()


class BacklinksPanel(QWidget):
    """Everything here opens with a click: ``open_requested(article_id, start, end)``."""

    open_requested = Signal(int, object, object)
    related_loaded = Signal()  # the unlinked mentions, ranked off the GUI thread, are shown
    delete_requested = Signal(int)  # link id
    edit_requested = Signal(int)  # link id
    link_article_requested = Signal(int)  # link the open article to this one (whole articles)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pending_id: int | None = None
        self._pending = QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(lambda: self.set_article(self._pending_id))
        self.session = session
        self.article_id: int | None = None
        self._related_request = 0
        self._related: dict[int, RelatedArticle] = {}
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("backlinks-tree")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegate(LinkItemDelegate(self.tree))
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setIndentation(14)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("backlinks-hint")
        self.hint.setStyleSheet("padding: 2px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.hint)
        layout.addWidget(self.tree)
        self.out_header = self._header()
        self.in_header = self._header()
        self.related_header = self._header()
        session.changed.connect(self._on_changed)
        self.refresh()

    def _header(self) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree)
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setExpanded(True)
        return item

    # contents -------------------------------------------------------------------------------------

    def set_article(self, article_id: int | None) -> None:
        self._pending.stop()
        self.article_id = article_id
        self.refresh()

    def set_article_soon(self, article_id: int | None) -> None:
        """Follow the open article once it has been painted; quick switches refresh once."""
        self._pending_id = article_id
        self._pending.start()

    def _on_changed(self, changes: Changes) -> None:
        if self.article_id is None or self._pending.isActive():  # a refresh is on its way
            return
        # Only this article's links (a link's Changes name both its ends) or its mentions (the unlinked
        # mentions are the articles sharing its entities), or an article come or gone.
        if (changes.library or self.article_id in changes.mentions_of
                or (changes.links and self.article_id in changes.articles)):
            self.refresh()

    def refresh(self) -> None:
        self._related_request += 1  # a ranking still on its way is for what the panel showed before
        self._related = {}
        for header in (self.out_header, self.in_header, self.related_header):
            header.takeChildren()
        store = self.session.store
        if self.article_id is not None:
            try:
                title = store.articles.get(self.article_id).title
            except KeyError:
                self.article_id = None
        if self.article_id is None:
            self.hint.setText("Open an article to see what links to it.")
            self._set_headers(0, 0, 0)
            return
        self.hint.setText(f"<b>{html.escape(short(title, 90))}</b><br><small>Click an entry to open it there. "
                          "Select a passage and press Ctrl+L to add a link.</small>")
        out, into = link_rows(store, self.article_id)
        for row in out:
            self._link_item(self.out_header, row)
        for row in into:
            self._link_item(self.in_header, row)
        if not out:
            self._placeholder(self.out_header, "None yet: select a passage and press Ctrl+L.")
        if not into:
            self._placeholder(self.in_header, "No other article links here.")
        self._set_headers(len(out), len(into), None)
        self._placeholder(self.related_header, "Looking for articles that share its names…")
        for header in (self.out_header, self.in_header, self.related_header):
            header.setExpanded(True)
        # ranking against the whole library is a query for another thread: the window stays responsive
        request, article_id = self._related_request, self.article_id
        self.session.read(lambda s: s.entities.related_articles(article_id, limit=RELATED_SHOWN),
                          lambda related: self._show_related(request, related))

    def _show_related(self, request: int, related: list[RelatedArticle]) -> None:
        if request != self._related_request or not shiboken6.isValid(self.related_header):
            return  # the panel moved on to another article, or was closed, meanwhile
        self.related_header.takeChildren()
        self._related = {rel.article_id: rel for rel in related}
        for rel in related:
            self._related_item(rel)
        if not related:
            self._placeholder(self.related_header, "No other article shares its people, places or organisations.")
        self.related_header.setText(0, f"Unlinked mentions ({len(related)})")
        self.related_header.setExpanded(True)
        self.related_loaded.emit()

    def _set_headers(self, n_out: int, n_in: int, n_related: int | None) -> None:
        self.out_header.setText(0, f"Links out ({n_out})")
        self.in_header.setText(0, f"Links in ({n_in})")
        self.related_header.setText(0, "Unlinked mentions" + ("" if n_related is None else f" ({n_related})"))
        self.out_header.setToolTip(0, "Links from this article to passages, notes or articles elsewhere")
        self.in_header.setToolTip(0, "Links from other passages that point here, with the passage they come from")
        self.related_header.setToolTip(
            0, "Articles that name the same people, places and organisations but are not linked yet;\n"
               "the rarer and more numerous the shared names, the higher")

    def _placeholder(self, parent: QTreeWidgetItem, text: str) -> None:
        item = QTreeWidgetItem(parent, [text])
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = QFont(item.font(0))
        font.setItalic(True)
        item.setFont(0, font)

    def _link_item(self, parent: QTreeWidgetItem, row: LinkRow) -> None:
        arrow = "→" if row.direction == "out" else "←"
        label = f"[{row.link.label}] " if row.link.label else ""
        lines = [f"{arrow} {label}{short(row.there_title, 70)}"]
        details = []
        if row.direction == "out":
            if row.here_quote:
                details.append(f"from « {short(row.here_quote, 60)} »")
            details.append(f"to « {short(row.there_quote)} »" if row.there_quote else "to the whole article")
        else:
            details.append(f"from « {short(row.there_quote)} »" if row.there_quote else "from the whole article")
            if row.here_quote:
                details.append(f"to « {short(row.here_quote, 60)} » here")
        if row.link.note:
            details.append(f"note: {short(row.link.note, 80)}")
        lines += details
        item = QTreeWidgetItem(parent, ["\n".join(lines)])
        item.setData(0, ROLE_LINES, (row.link.label, f"{arrow} {row.there_title}", details))
        start, end = end_span(row.there)
        item.setData(0, ROLE_KIND, "link")
        item.setData(0, ROLE_TARGET, (row.there.article_id, start, end))
        item.setData(0, ROLE_LINK, row.link_id)
        tip = [row.there_title]
        if row.there_quote:
            tip.append(f"« {row.there_quote} »")
        if row.link.note:
            tip.append(row.link.note)
        item.setToolTip(0, "\n".join(tip) + "\n\nClick to open; right-click to edit or delete the link.")

    def _related_item(self, rel: RelatedArticle) -> None:
        names = ", ".join(rel.shared[:6]) + (f" +{len(rel.shared) - 6}" if len(rel.shared) > 6 else "")
        item = QTreeWidgetItem(self.related_header, [f"{short(rel.title, 70)}\nshares {names}"])
        item.setData(0, ROLE_LINES, ("", rel.title, [f"shares {len(rel.shared)}: {', '.join(rel.shared)}"]))
        item.setData(0, ROLE_KIND, "related")
        item.setData(0, ROLE_TARGET, (rel.article_id, None, None))
        item.setToolTip(0, f"{rel.title}\nscore {rel.score:.2f}: {len(rel.shared)} shared names, rarest first:\n"
                           + ", ".join(rel.shared))

    # actions ---------------------------------------------------------------------------------------

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        kind = item.data(0, ROLE_KIND)
        if kind is None:
            return
        article_id, start, end = item.data(0, ROLE_TARGET)
        if kind == "related" and self.article_id is not None:
            start, end = self._first_shared_mention(article_id)
        self.open_requested.emit(article_id, start, end)

    def _first_shared_mention(self, article_id: int) -> tuple[int | None, int | None]:
        """Where the other article first names the rarest entity it shares with this one."""
        assert self.article_id is not None
        rel = self._related.get(article_id)
        if rel is None or not rel.shared:
            return None, None
        for mention in self.session.store.entities.mentions(article_id):
            if mention.entity == rel.shared[0]:
                return mention.start, mention.end
        return None, None

    def _context_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is None or item.data(0, ROLE_KIND) is None:
            return
        menu = QMenu(self)
        open_action = QAction("Open", menu)
        open_action.triggered.connect(lambda: self._clicked(item))
        menu.addAction(open_action)
        if item.data(0, ROLE_KIND) == "link":
            link_id = int(item.data(0, ROLE_LINK))
            edit = QAction("Edit label and note…", menu)
            edit.triggered.connect(lambda: self.edit_requested.emit(link_id))
            delete = QAction("Delete link", menu)
            delete.triggered.connect(lambda: self.delete_requested.emit(link_id))
            menu.addActions([edit, delete])
        else:
            article_id = item.data(0, ROLE_TARGET)[0]
            link = QAction("Link this article to it", menu)
            link.triggered.connect(lambda: self.link_article_requested.emit(article_id))
            menu.addAction(link)
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    # for tests and the window -----------------------------------------------------------------------

    def _children(self, section: str) -> list[QTreeWidgetItem]:
        header = {"out": self.out_header, "in": self.in_header, "related": self.related_header}[section]
        children = (header.child(i) for i in range(header.childCount()))
        return [child for child in children if child is not None]

    def texts(self, section: str) -> list[str]:
        return [child.text(0) for child in self._children(section) if child.data(0, ROLE_KIND) is not None]

    def item(self, section: str, row: int) -> QTreeWidgetItem:
        return self._children(section)[row]
