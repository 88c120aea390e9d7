"""What the reading pane marks over the text without changing it: search hits, the flashed target, the
entities pointed at, link sources; and the keys that move through them (find, F3, caret browsing)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QToolButton

from reader.domain import Article, Mention
from reader.explore.find import find_all
from reader.ui.article_text import ArticleText
from reader.ui.find_bar import FindBar
from reader.ui.highlighting import Rendered
from reader.ui.theme import Palette


def _selection(doc: object, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
    selection = QTextEdit.ExtraSelection()
    cursor = QTextCursor(doc)  # type: ignore[call-overload]
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    selection.cursor = cursor
    selection.format = fmt
    return selection


class MarksMixin:
    """Mixed into ArticleView: extra selections (never the document's formats) and their actions."""

    # What the view provides (declared, not defined, so nothing here shadows the view or QWidget).
    text: ArticleText
    find_bar: FindBar
    strong_button: QToolButton
    article: Article | None
    rendered: Rendered
    palette_: Palette
    _flash: list[QTextEdit.ExtraSelection]
    search_query: str
    hits: list[tuple[int, int]]
    current_hit: int
    hover_entity: int | None
    picked_type: str
    _link_sources: list[tuple[int, int]]
    update_content: Callable[[], None]
    strong_entities_changed: SignalInstance  # a Signal(bool) of the view

    def _build_actions(self) -> None:
        def action(text: str, keys: list[str], slot: object, tip: str) -> QAction:
            a = QAction(text, self.text)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setStatusTip(tip)
            a.setToolTip(f"{tip} ({keys[0]})")
            a.triggered.connect(lambda *_: slot())  # type: ignore[operator]
            return a

        self.find_action = action("&Find in article…", ["Ctrl+F"], self.open_find, "Find words in this article")
        self.next_hit_action = action("Find &next", ["F3"], self.next_hit, "Go to the next match of the search")
        self.previous_hit_action = action("Find &previous", ["Shift+F3"], self.previous_hit,
                                          "Go to the previous match of the search")
        self.caret_action = action("&Caret browsing", ["F7"], lambda: None,
                                   "Move a text cursor with the arrows; Shift+arrows select")
        self.caret_action.setCheckable(True)
        self.caret_action.toggled.connect(self.set_caret_browsing)
        self.library_query = ""  # the library search's words, marked when no find bar is open
        self.focus_action = action("&Reading pane", ["Ctrl+2"], self.focus_text, "Put the keyboard in the article")
        self.set_caret_browsing(False)

    # keyboard ------------------------------------------------------------------------------------

    def focus_text(self) -> None:
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_caret_browsing(self, on: bool) -> None:
        """F7: a visible text cursor the arrows move (Shift+arrows select), as in browsers."""
        flags = Qt.TextInteractionFlag.TextSelectableByMouse
        if on:
            flags |= Qt.TextInteractionFlag.TextSelectableByKeyboard
        self.text.setTextInteractionFlags(flags)
        self.text.setCursorWidth(2 if on else 1)
        if self.caret_action.isChecked() != on:
            self.caret_action.setChecked(on)
        if on and not self.text.textCursor().hasSelection():
            # Start where the reader is looking, not at the top of the article.
            cursor = self.text.cursorForPosition(self.text.viewport().rect().topLeft())
            self.text.setTextCursor(cursor)
        if on:
            self.focus_text()

    def open_find(self) -> None:
        self.find_bar.open_bar(self.text.textCursor().selectedText().strip()[:80])

    def _find_closed(self) -> None:
        self.set_search(self.library_query, jump=False)  # back to the library search's words, if any
        self.focus_text()

    # search hits ---------------------------------------------------------------------------------

    def set_search(self, query: str, jump: bool = True) -> int:
        """Mark every match of ``query``'s words; go to the first one. Returns how many there are."""
        self.search_query = query.strip()
        self._find_hits(keep=False)
        if jump and self.hits:
            self.current_hit = 0
            self._show_hit()
        else:
            self._refresh_extra()
        self.find_bar.show_count(self.current_hit, len(self.hits))
        return len(self.hits)

    def _find_hits(self, keep: bool) -> None:
        offsets = self.rendered.offsets
        text = self.article.text if self.article else ""
        spans = find_all(text, self.search_query) if self.search_query else []
        self.hits = [(offsets.to_qt(s), offsets.to_qt(e)) for s, e in spans]
        if not keep or not 0 <= self.current_hit < len(self.hits):
            self.current_hit = -1

    def next_hit(self) -> None:
        self._step_hit(1)

    def previous_hit(self) -> None:
        self._step_hit(-1)

    def _step_hit(self, delta: int) -> None:
        if not self.hits:
            return
        if self.current_hit < 0:
            self.current_hit = 0 if delta > 0 else len(self.hits) - 1
        else:
            self.current_hit = (self.current_hit + delta) % len(self.hits)
        self._show_hit()

    def _show_hit(self) -> None:
        start, end = self.hits[self.current_hit]
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)  # selected: Ctrl+C, 1-5 and N work on the match
        rect = self.text.cursorRect(cursor)
        bar = self.text.verticalScrollBar()
        if not 0 <= rect.top() < self.text.viewport().height() - rect.height():
            bar.setValue(bar.value() + rect.top() - self.text.viewport().height() // 3)
        self.find_bar.show_count(self.current_hit, len(self.hits))
        self._refresh_extra()

    def current_hit_text(self) -> str:
        if not 0 <= self.current_hit < len(self.hits):
            return ""
        start, end = self.hits[self.current_hit]
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText()

    # entity emphasis -----------------------------------------------------------------------------

    def set_strong_entities(self, on: bool) -> None:
        """The strong style: entities in coloured semi-bold text (else a coloured underline only)."""
        if self.strong_button.isChecked() != on:
            self.strong_button.setChecked(on)
            return
        if self.palette_.strong_entities == on:
            return
        from dataclasses import replace

        self.palette_ = replace(self.palette_, strong_entities=on)
        if self.article is not None:
            self.update_content()
        self.strong_entities_changed.emit(on)

    def pick_type(self, type_: str) -> None:
        if type_ != self.picked_type:
            self.picked_type = type_
            self._refresh_extra()

    def _set_hover(self, entity_id: int | None) -> None:
        if entity_id != self.hover_entity:
            self.hover_entity = entity_id
            self._refresh_extra()

    def emphasised(self) -> list[Mention]:
        """The mentions shown in full colour now: the hovered entity's, and the picked type's."""
        return [s.item for s in self.rendered.mentions.spans if isinstance(s.item, Mention)
                and (s.item.entity_id == self.hover_entity or s.item.type == self.picked_type)]

    # link sources ----------------------------------------------------------------------------------

    def set_link_sources(self, ranges: list[tuple[int, int]]) -> None:
        """Passages (str offsets) that are the source of a link: a mark in the margin and a dotted underline."""
        self._link_sources = list(ranges)
        self._place_link_marks()
        self._refresh_extra()

    def _place_link_marks(self) -> None:
        offsets = self.rendered.offsets
        limit = offsets.qt_length()
        self.text.link_marks = [(min(offsets.to_qt(s), limit), min(offsets.to_qt(e), limit))
                                for s, e in self._link_sources if e > s]
        self.text.viewport().update()

    # composing -------------------------------------------------------------------------------------

    def _refresh_extra(self) -> None:
        doc = self.text.document()
        extra: list[QTextEdit.ExtraSelection] = []
        for s in self.rendered.mentions.spans:
            m = s.item
            if isinstance(m, Mention) and (m.entity_id == self.hover_entity or m.type == self.picked_type):
                fmt = QTextCharFormat()
                fmt.setForeground(self.palette_.entity(m.type))
                extra.append(_selection(doc, s.start, s.end, fmt))
        mark = QTextCharFormat()
        mark.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        mark.setUnderlineColor(self.palette_.link_mark())
        extra += [_selection(doc, start, end, mark) for start, end in self.text.link_marks]
        hit = QTextCharFormat()
        hit.setBackground(self.palette_.search_hit())
        hit.setForeground(QColor("#000000") if not self.palette_.dark else QColor("#ffffff"))
        current = QTextCharFormat(hit)
        current.setBackground(self.palette_.flash())
        for i, (start, end) in enumerate(self.hits):
            extra.append(_selection(doc, start, end, current if i == self.current_hit else hit))
        self.text.setExtraSelections(extra + self._flash)


__all__ = ["MarksMixin"]
