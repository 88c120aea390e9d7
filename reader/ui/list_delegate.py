"""The article list's title cell: the title, and under it the search's context with the matched words bold."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reader.ui.article_model import ArticleListModel


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A marked snippet as (text, matched) runs, on one line."""
    start, end = ArticleListModel.MARKS
    runs: list[tuple[str, bool]] = []
    text = " ".join(snippet.split())
    while text:
        at = text.find(start)
        if at < 0:
            runs.append((text.replace(end, ""), False))
            break
        if at:
            runs.append((text[:at], False))
        stop = text.find(end, at)
        stop = len(text) if stop < 0 else stop
        runs.append((text[at + 1:stop], True))
        text = text[stop + 1:]
    return [r for r in runs if r[0]]


class TitleSnippetDelegate(QStyledItemDelegate):
    """Draws the snippet line only when the list shows search results (the model gives one)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        snippet = index.data(ArticleListModel.SNIPPET_ROLE)
        if not snippet:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        title = option.text
        option.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        rect: QRect = option.rect.adjusted(4, 2, -4, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal = option.palette
        text_color = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        dim = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText)
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        half = rect.height() // 2
        painter.save()
        painter.setFont(font)
        painter.setPen(text_color)
        painter.drawText(rect.adjusted(0, 0, 0, -half), int(Qt.AlignmentFlag.AlignVCenter),
                         metrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()))
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        bold = QFont(small)
        bold.setBold(True)
        x, line = rect.left(), rect.adjusted(0, half, 0, 0)
        for text, matched in snippet_parts(snippet):
            painter.setFont(bold if matched else small)
            painter.setPen(text_color if matched else dim)
            fm = QFontMetrics(bold if matched else small)
            room = rect.right() - x
            if room <= 0:
                break
            shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, room)
            painter.drawText(QRect(x, line.top(), room, line.height()), int(Qt.AlignmentFlag.AlignVCenter), shown)
            x += fm.horizontalAdvance(shown)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        if index.data(ArticleListModel.SNIPPET_ROLE):
            size.setHeight(size.height() * 2)
        return size
