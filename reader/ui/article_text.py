"""The article's text widget: read-only, selectable, set in a centred column, with link marks in its margin."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QResizeEvent, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

from reader.ui.reading_style import side_margin


class ArticleText(QTextBrowser):
    """Read-only, selectable text; links are inert (the document holds no anchors at all)."""

    margin_changed = Signal(int)  # the side margin of the text column, for what lines up with it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleText")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches the text: selection without a mouse
        self.document().setDocumentMargin(16)
        self.link_marks: list[tuple[int, int]] = []  # document ranges that are the source of a link
        self.mark_color = QColor("#2f6fb3")

    def fit_measure(self) -> None:
        """Centre a column of about 70 characters, whatever the pane's width and the font size."""
        margin = side_margin(self.viewport().width(), QFontMetricsF(self.document().defaultFont()))
        frame = self.document().rootFrame()
        fmt = frame.frameFormat()
        if (fmt.leftMargin(), fmt.rightMargin()) != (margin, margin):
            fmt.setLeftMargin(margin)
            fmt.setRightMargin(margin)
            frame.setFrameFormat(fmt)
            self.margin_changed.emit(margin)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_measure()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if not self.link_marks:
            return
        # A bar in the margin beside each passage that links elsewhere, as a bucket bar does.
        painter = QPainter(self.viewport())
        left = int(self.document().rootFrame().frameFormat().leftMargin()) - 10
        cursor = QTextCursor(self.document())
        for start, end in self.link_marks:
            cursor.setPosition(start)
            top = self.cursorRect(cursor).top()
            cursor.setPosition(end)
            bottom = self.cursorRect(cursor).bottom()
            painter.fillRect(left, top, 3, max(bottom - top, 4), self.mark_color)
        painter.end()
