"""The reading pane: the header (article_header.py) over the article text with entity and highlight formats."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QTextEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from reader.domain import Annotation, Article, Mention
from reader.ui.article_header import ArticleHeader
from reader.ui.article_marks import MarksMixin
from reader.ui.article_text import ArticleText
from reader.ui.find_bar import FindBar
from reader.ui.highlighting import OffsetMap, Rendered, SpanIndex, annotation_spans, render, repaint
from reader.ui.origin import origin_text
from reader.ui.reading_style import style_blocks
from reader.ui.theme import Palette, entity_label

FLASH_MS = 2000


@dataclass(frozen=True)
class ContextRequest:
    """What was under the mouse when the user asked for the context menu."""

    global_pos: QPoint
    mention: Mention | None
    selection: tuple[int, int] | None
    annotation_ids: tuple[int, ...]


class ArticleView(MarksMixin, QWidget):
    """Shows one article. Emits what the user points at; never changes data itself."""

    entity_clicked = Signal(int)  # entity id
    annotation_clicked = Signal(int)  # annotation id
    context_requested = Signal(object)  # ContextRequest
    selection_changed = Signal()
    hidden_types_changed = Signal(frozenset)
    strong_entities_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.article: Article | None = None
        self.mentions: list[Mention] = []
        self.annotations: list[Annotation] = []
        self.palette_ = Palette(False)
        self.hidden_types: frozenset[str] = frozenset()
        self.rendered = Rendered(OffsetMap(""), SpanIndex([]), [])
        self.renders = 0  # full rebuilds of the document (a note added or changed repaints its range only)
        self._article_counts: dict[int, int] = {}
        self.count_articles = lambda entity_id: 0  # set by the window: entity id -> articles mentioning it
        self.explain_mention: Callable[[Mention], list[str]] = lambda mention: []  # set by the window
        self._flash: list[QTextEdit.ExtraSelection] = []
        self._flash_text = ""
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self.clear_flash)
        self.search_query = ""
        self.hits: list[tuple[int, int]] = []  # document ranges of the search's words
        self.current_hit = -1
        self._link_sources: list[tuple[int, int]] = []  # str offsets of passages that link elsewhere
        self.hover_entity: int | None = None
        self.picked_type = ""  # a legend type pointed at: its entities in full colour

        self.header = ArticleHeader()
        self.title_label, self.meta_label = self.header.title_label, self.header.meta_label
        self.legend, self.strong_button = self.header.legend, self.header.strong_button
        for button in self.legend.values():
            button.toggled.connect(self._legend_toggled)
        self.strong_button.toggled.connect(self.set_strong_entities)

        self.text = ArticleText(self)
        self.text.viewport().installEventFilter(self)
        for button in self.legend.values():
            button.installEventFilter(self)  # pointing at a type shows its entities in full colour
        self.text.selectionChanged.connect(self.selection_changed)
        self.text.margin_changed.connect(self._align_header)
        self.find_bar = FindBar(self)
        self.find_bar.query_changed.connect(lambda q: self.set_search(q))
        self.find_bar.next_requested.connect(self.next_hit)
        self.find_bar.previous_requested.connect(self.previous_hit)
        self.find_bar.closed.connect(self._find_closed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.text, 1)
        self._build_actions()
        self._paint_legend()
        self.show_article(None)

    # content -------------------------------------------------------------------------------------

    def show_article(self, article: Article | None, mentions: list[Mention] | None = None,
                     annotations: list[Annotation] | None = None) -> None:
        self.article = article
        self.mentions = list(mentions or [])
        self.annotations = list(annotations or [])
        self._article_counts.clear()
        self.clear_flash()
        if article is None:
            self.header.show_empty()
            self.rendered = render(self.text.document(), "", [], [], self.palette_)
            return
        self._show_header(article)
        self._render()
        self.text.verticalScrollBar().setValue(0)
        if self.hits:  # opened from the search results: go to the first match
            self.current_hit = 0
            self._show_hit()

    def _show_header(self, article: Article) -> None:
        self.header.show_article(article, self.annotations)

    def update_content(self, mentions: list[Mention] | None = None, annotations: list[Annotation] | None = None,
                       *, article: Article | None = None) -> None:
        """Re-render after a change (a new text too, if given), keeping the scroll position and selection."""
        if mentions is not None:
            self.mentions = list(mentions)
            self._article_counts.clear()
        if annotations is not None:
            self.annotations = list(annotations)
        if article is not None:
            self.article = article
            self._show_header(article)
        selection = self.selected_range()
        scroll = self.text.verticalScrollBar().value()
        self._render()
        if selection:
            self.select_range(*selection)
        self.text.verticalScrollBar().setValue(scroll)

    def _align_header(self, margin: int) -> None:
        """Title, legend and find bar start where the text column starts."""
        left = max(12, margin + int(self.text.document().documentMargin()) - 4)
        self.header.align(left)
        self.find_bar.row.setContentsMargins(left, 4, left, 4)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        compact = self.width() < 640  # a narrow pane: a title of six lines would push the text off screen
        if self.title_label.property("compact") != compact:
            self.title_label.setProperty("compact", compact)
            self.title_label.style().unpolish(self.title_label)
            self.title_label.style().polish(self.title_label)

    def update_annotations(self, annotations: list[Annotation]) -> None:
        """Show a new list of annotations by repainting only the passages of those that changed.

        The document, the selection and the scroll position stay: a highlight added, recoloured or
        deleted costs its own range, not a rebuild of the article.
        """
        before = {a.id: a for a in self.annotations}
        after = {a.id: a for a in annotations}
        touched = [i for i in before.keys() | after.keys() if before.get(i) != after.get(i)]
        self.annotations = list(annotations)
        offsets = self.rendered.offsets
        self.rendered = Rendered(offsets, self.rendered.mentions, annotation_spans(offsets, self.annotations))
        ranges = [(offsets.to_qt(a.start), offsets.to_qt(a.end)) for i in touched for a in (before.get(i), after.get(i))
                  if a is not None and a.start is not None and a.end is not None]
        if ranges:
            repaint(self.text.document(), self.rendered, self.palette_, ranges)

    def _render(self) -> None:
        self.renders += 1
        text = self.article.text if self.article else ""
        # Build into a detached document, then swap it in: one layout instead of one per change.
        old = self.text.document()
        doc = QTextDocument(self.text)
        doc.setDocumentMargin(old.documentMargin())
        doc.setDefaultFont(old.defaultFont())
        self.rendered = render(doc, text, self.mentions, self.annotations, self.palette_, self.hidden_types)
        style_blocks(doc, QFontMetricsF(doc.defaultFont()))
        self.text.setDocument(doc)
        self.text.fit_measure()
        if shiboken6.isValid(old) and old.parent() is self.text:  # Qt deletes the one it made itself
            old.deleteLater()
        self._find_hits(keep=True)
        self._place_link_marks()
        self._refresh_extra()

    def set_palette(self, palette: Palette) -> None:
        self.palette_ = replace(palette, strong_entities=self.palette_.strong_entities)
        self.text.mark_color = self.palette_.link_mark()
        self._paint_legend()
        if self.article is not None:
            self.update_content()

    def set_font_size(self, points: int) -> None:
        font = QFont(self.text.font())
        font.setPointSize(points)
        self.text.setFont(font)
        self.text.document().setDefaultFont(font)
        style_blocks(self.text.document(), QFontMetricsF(font))
        self.text.fit_measure()

    def set_hidden_types(self, types: frozenset[str]) -> None:
        self.header.check_types(types)
        self.hidden_types = frozenset(types)
        self._paint_legend()
        if self.article is not None:
            self.update_content()

    def _legend_toggled(self) -> None:
        hidden = self.header.hidden_types()
        self._paint_legend()
        if hidden != self.hidden_types:
            self.set_hidden_types(hidden)
            self.hidden_types_changed.emit(hidden)

    def _paint_legend(self) -> None:
        self.header.paint_legend(self.palette_)

    # selection and scrolling (Python str offsets) ------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        cursor = self.text.textCursor()
        if not cursor.hasSelection() or self.article is None:
            return None
        offsets = self.rendered.offsets
        start, end = offsets.to_py(cursor.selectionStart()), offsets.to_py(cursor.selectionEnd())
        return (start, end) if end > start else None

    def select_range(self, start: int, end: int) -> None:
        offsets = self.rendered.offsets
        limit = offsets.qt_length()  # a selection kept across a re-import may outlast a shorter text
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(min(offsets.to_qt(start), limit))
        cursor.setPosition(min(offsets.to_qt(end), limit), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)

    def select_text(self, needle: str) -> bool:
        """Select the first occurrence of ``needle`` in the article (for scripts and screenshots)."""
        if self.article is None or not needle:
            return False
        at = self.article.text.find(needle)
        if at < 0:
            return False
        self.select_range(at, at + len(needle))
        return True

    def clear_selection(self) -> None:
        cursor = self.text.textCursor()
        cursor.clearSelection()
        self.text.setTextCursor(cursor)

    def scroll_to(self, start: int, end: int | None = None, flash: bool = True) -> None:
        offsets = self.rendered.offsets
        qs = offsets.to_qt(start)
        qe = offsets.to_qt(end if end is not None else start)
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(min(qe, self.text.document().characterCount() - 1))
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()
        cursor.setPosition(qs)
        self.text.setTextCursor(cursor)
        rect = self.text.cursorRect(cursor)
        bar = self.text.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - self.text.viewport().height() // 3)
        if flash and qe <= qs:  # a place without an end (a date): mark the word there
            word = QTextCursor(cursor)
            word.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
            qe = word.position()
        if flash and qe > qs:
            self.flash(qs, qe)
            # It stays selected after the flash: the reader sees where they landed, 1-5 can highlight it.
            cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
            self.text.setTextCursor(cursor)

    def flash(self, qt_start: int, qt_end: int) -> None:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(qt_start)
        cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(self.palette_.flash())
        fmt.setForeground(QColor("#000000") if not self.palette_.dark else QColor("#ffffff"))
        selection.format = fmt
        self._flash = [selection]
        self._flash_text = cursor.selectedText()
        self._refresh_extra()
        self._flash_timer.start(FLASH_MS)

    def is_flashing(self) -> bool:
        return bool(self._flash)

    def flashed_text(self) -> str:
        return self._flash_text if self._flash else ""

    def clear_flash(self) -> None:
        self._flash = []
        self._refresh_extra()

    # pointing ------------------------------------------------------------------------------------

    def position_at(self, point: QPoint) -> int | None:
        """Document position of the character under a viewport point, or None off the text."""
        cursor = self.text.cursorForPosition(point)
        pos = cursor.position()
        rect = self.text.cursorRect(cursor)
        if point.x() < rect.left() and pos > 0:
            pos -= 1
        if abs(point.y() - rect.center().y()) > rect.height():
            return None
        return pos

    def mention_at(self, point: QPoint) -> Mention | None:
        pos = self.position_at(point)
        span = self.rendered.mentions.at(pos) if pos is not None else None
        return span.item if span is not None and isinstance(span.item, Mention) else None

    def annotations_at(self, point: QPoint) -> tuple[int, ...]:
        pos = self.position_at(point)
        if pos is None:
            return ()
        return tuple(s.item.id for s in self.rendered.annotations
                     if s.start <= pos < s.end and s.item.id is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.text.viewport():
            kind = event.type()
            if kind == QEvent.Type.ToolTip:
                assert isinstance(event, QHelpEvent)
                self._tooltip(event)
                return True
            if kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent) \
                    and event.button() == Qt.MouseButton.LeftButton and not self.text.textCursor().hasSelection():
                point = event.position().toPoint()
                mention = self.mention_at(point)
                if mention is not None:
                    self.entity_clicked.emit(mention.entity_id)
                for annotation_id in self.annotations_at(point)[:1]:
                    self.annotation_clicked.emit(annotation_id)
            if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
                mention = self.mention_at(event.position().toPoint())
                self._set_hover(mention.entity_id if mention is not None else None)
            if kind == QEvent.Type.Leave:
                self._set_hover(None)
            if kind == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
                point = self.text.viewport().mapFromGlobal(event.globalPos())
                self.context_requested.emit(ContextRequest(
                    event.globalPos(), self.mention_at(point), self.selected_range(), self.annotations_at(point)))
                return True
        if isinstance(watched, QToolButton) and watched in self.legend.values():
            kind = event.type()
            if kind in (QEvent.Type.Enter, QEvent.Type.FocusIn):
                self.pick_type(next(t for t, b in self.legend.items() if b is watched))
            elif kind in (QEvent.Type.Leave, QEvent.Type.FocusOut):
                self.pick_type("")
        return super().eventFilter(watched, event)

    def tooltip_text(self, mention: Mention) -> str:
        count = self._article_counts.get(mention.entity_id)
        if count is None:
            count = self._article_counts[mention.entity_id] = self.count_articles(mention.entity_id)
        articles = f"{count} article" + ("s" if count != 1 else "")
        lines = [f"{entity_label(mention.type)} ({mention.type}): {mention.entity}", *self.explain_mention(mention),
                 f"Mentioned in {articles}"]
        return "\n".join(lines)

    def annotation_tooltip(self, annotation_ids: tuple[int, ...]) -> str:
        """What other tools said about the notes under the mouse (creator, entity type, identifier)."""
        parts = [origin_text(a) for a in self.annotations if a.id in annotation_ids]
        return "\n".join(p for p in parts if p)

    def _tooltip(self, event: QHelpEvent) -> None:
        mention = self.mention_at(event.pos())
        about = self.annotation_tooltip(self.annotations_at(event.pos()))
        text = "\n\n".join(p for p in (self.tooltip_text(mention) if mention else "", about) if p)
        if not text:
            QToolTip.hideText()
            return
        QToolTip.showText(event.globalPos(), text, self.text.viewport())
