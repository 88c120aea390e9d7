"""Reading comfort and finding what you searched: measure, spacing, calm entities, search hits, find, header."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QEnterEvent, QFont, QMouseEvent, QTextCharFormat, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui_helpers import format_at

from reader.domain import Article
from reader.ui.reading_style import clean_author, header_line
from reader.ui.theme import Palette

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def _open_with(window, needle: str) -> int:  # type: ignore[no-untyped-def]
    store = window.session.store
    article_id = next(i for i in store.articles.ids() if needle in store.articles.get(i).text)
    window.open_article(article_id)
    return article_id


def _line_lengths(view) -> list[int]:  # type: ignore[no-untyped-def]
    """Characters on each full line of the article's paragraphs, as laid out on screen."""
    lengths = []
    block = view.text.document().begin()
    while block.isValid():
        layout = block.layout()
        lengths += [layout.lineAt(i).textLength() for i in range(layout.lineCount() - 1)]  # the last is short
        block = block.next()
    return lengths


def test_maximised_lines_keep_a_readable_measure_centred(open_window, simple_library: Path, qtbot) -> None:
    window = open_window(simple_library)
    window.resize(1900, 1000)
    window.splitter.setSizes([400, 1500])
    qtbot.waitUntil(lambda: window.article_view.text.viewport().width() > 1000)
    view = window.article_view
    lengths = _line_lengths(view)
    assert lengths and 55 <= sum(lengths) / len(lengths) <= 80
    frame = view.text.document().rootFrame().frameFormat()
    assert frame.leftMargin() == frame.rightMargin() > 200  # a centred column, not a wall of text
    window.change_font_size(4)  # bigger text: the column keeps its measure in characters
    qtbot.waitUntil(lambda: 55 <= sum(_line_lengths(view)) / len(_line_lengths(view)) <= 80)
    window.change_font_size(0)


def test_paragraphs_have_air(open_window, simple_library: Path) -> None:
    window = open_window(simple_library)
    doc = window.article_view.text.document()
    blocks = []
    block = doc.begin()
    while block.isValid():
        if block.text().strip():
            blocks.append(block.blockFormat())
        block = block.next()
    assert len(blocks) > 3
    assert all(f.bottomMargin() > 8 and f.lineHeight() == 150 for f in blocks)


def test_entities_are_calm_until_pointed_at(open_window, simple_library: Path, qtbot) -> None:
    window = open_window(simple_library)
    article_id = _open_with(window, "Ilham Aliyev")
    view = window.article_view
    at = window.session.store.articles.get(article_id).text.index("Ilham Aliyev")
    fmt = format_at(window, at + 2)
    assert fmt.underlineColor() == Palette(False).entity("PER")
    assert fmt.fontWeight() == QFont.Weight.Normal and not fmt.hasProperty(QTextCharFormat.Property.ForegroundBrush)
    # pointing at the mention shows every mention of the entity in full colour
    cursor = QTextCursor(view.text.document())
    cursor.setPosition(view.rendered.offsets.to_qt(at + 3))
    point = QPointF(view.text.cursorRect(cursor).center())
    move = QMouseEvent(QEvent.Type.MouseMove, point, view.text.viewport().mapToGlobal(point),
                       Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.text.viewport(), move)
    coloured = [s for s in view.text.extraSelections() if s.format.foreground().color() == Palette(False).entity("PER")]
    assert coloured and all(s.cursor.selectedText() in ("Ilham Aliyev",) for s in coloured)
    QApplication.sendEvent(view.text.viewport(), QEvent(QEvent.Type.Leave))
    assert not [s for s in view.text.extraSelections() if s.format.hasProperty(QTextCharFormat.Property.ForegroundBrush)
                and s.format.foreground().color() == Palette(False).entity("PER")]
    # pointing at a type in the legend colours all of that type
    enter = QEnterEvent(QPointF(2, 2), QPointF(2, 2), QPointF(2, 2))
    QApplication.sendEvent(view.legend["LOC"], enter)
    places = {s.cursor.selectedText() for s in view.text.extraSelections()
              if s.format.foreground().color() == Palette(False).entity("LOC")}
    assert "Bakou" in places or "Azerbaïdjan" in places
    QApplication.sendEvent(view.legend["LOC"], QEvent(QEvent.Type.Leave))
    # the strong style is one click away, and remembered
    view.strong_button.click()
    fmt = format_at(window, at + 2)
    assert fmt.foreground().color() == Palette(False).entity("PER") and fmt.fontWeight() == QFont.Weight.DemiBold
    assert window.settings.strong_entities
    view.strong_button.click()
    assert not format_at(window, at + 2).hasProperty(QTextCharFormat.Property.ForegroundBrush)


def test_search_results_open_on_their_first_hit_and_f3_walks_them(open_window, simple_library: Path,
                                                                  qtbot) -> None:
    window = open_window(simple_library)
    view = window.article_view
    window.article_list.focus_filter()
    QTest.keyClicks(window.article_list.filter_edit, "otan")
    QTest.keyClick(window.article_list.filter_edit, Qt.Key.Key_Return)
    article_id = window.current_article_id()
    text = window.session.store.articles.get(article_id).text
    expected = text.upper().count("OTAN")
    assert len(view.hits) >= expected > 1
    assert view.current_hit_text().upper() == "OTAN" and view.current_hit == 0
    first = view.selected_range()
    QTest.keyClick(window.article_list.table, Qt.Key.Key_F3)
    assert view.current_hit == 1 and view.selected_range() != first
    QTest.keyClick(window.article_list.table, Qt.Key.Key_F3, SHIFT)
    assert view.current_hit == 0 and view.selected_range() == first
    QTest.keyClick(window.article_list.table, Qt.Key.Key_F3, SHIFT)  # wraps to the last
    assert view.current_hit == len(view.hits) - 1
    hits = [s for s in view.text.extraSelections() if s.format.background().color() == Palette(False).search_hit()]
    assert len(hits) == len(view.hits) - 1  # the current one in the flash colour
    # the list shows the snippet with the match
    snippet = window.model.index(window.model.row_of(article_id), 0).data(window.model.SNIPPET_ROLE)
    assert "otan" in snippet.casefold()
    # clearing the search clears the marks
    window.article_list.filter_edit.clear()
    window.article_list._filter_timer.timeout.emit()
    assert view.hits == [] and not [s for s in view.text.extraSelections()
                                    if s.format.background().color() == Palette(False).search_hit()]


def test_find_in_article_with_ctrl_f(open_window, simple_library: Path, qtbot) -> None:
    window = open_window(simple_library)
    _open_with(window, "Bakou")
    view = window.article_view
    view.text.setFocus()
    QTest.keyClick(view.text, Qt.Key.Key_F, CTRL)
    assert view.find_bar.isVisible() and QApplication.focusWidget() is view.find_bar.edit
    QTest.keyClicks(view.find_bar.edit, "bakou")
    total = len(view.hits)
    assert total >= 1 and view.current_hit_text() == "Bakou"
    assert view.find_bar.count.text() == f"1 of {total}"
    QTest.keyClick(view.find_bar.edit, Qt.Key.Key_Return)
    assert view.current_hit == (1 if total > 1 else 0)
    QTest.keyClick(view.find_bar.edit, Qt.Key.Key_Escape)
    assert not view.find_bar.isVisible() and view.hits == []
    assert QApplication.focusWidget() is view.text
    QTest.keyClick(view.text, Qt.Key.Key_F, CTRL)
    QTest.keyClicks(view.find_bar.edit, "zzzz")
    assert view.find_bar.count.text() == "No match"
    # the library search keeps a shortcut of its own
    QTest.keyClick(view.find_bar.edit, Qt.Key.Key_F, CTRL | SHIFT)
    assert QApplication.focusWidget() is window.article_list.filter_edit


def test_header_says_each_name_once_without_the_byline_label(open_window, simple_library: Path) -> None:
    window = open_window(simple_library)
    store = window.session.store
    article_id = next(i for i in store.articles.ids() if store.articles.get(i).author == "Western Armenia")
    window.open_article(article_id)
    assert window.article_view.meta_label.text().count("Western Armenia") == 1
    article = Article(title="t", text="x", source="Le Monde", author="Auteur : Anna Kowalska", published="2024-03-01")
    assert header_line(article) == "Le Monde  ·  Anna Kowalska  ·  2024-03-01"
    assert clean_author("Auteur Anna K.") == "Anna K." and clean_author("Par Jean Dupont") == "Jean Dupont"
    assert clean_author("Pauline Durand") == "Pauline Durand"
