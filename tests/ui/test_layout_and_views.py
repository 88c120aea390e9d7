"""Space where the content is: 1024×700, the docks below the article, the graph's labels, the entity index."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyleOptionHeader

from reader.explore.text import counted
from reader.ui.explore.entity_index import EntityIndex
from reader.ui.session import Session
from reader.ui.theme import sort_arrow


def test_first_start_at_1024_by_700_gives_space_to_content(open_window, simple_library: Path, qtbot) -> None:
    window = open_window(simple_library, restore=False)
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    window.fit_layout()
    qtbot.waitUntil(lambda: window.splitter.sizes()[0] > 200)
    list_width, pane_width = window.splitter.sizes()
    assert list_width >= 260 and pane_width >= 400
    assert window.notes_dock.width() <= 300  # the panels take what their buttons need, no more
    # titles stay readable: the title column is the widest of the list
    header = window.article_list.table.horizontalHeader()
    assert header.sectionSize(0) >= 150 and header.sectionSize(0) >= max(header.sectionSize(c) for c in (2, 3))
    assert window.article_list.table.isColumnHidden(1)  # the source is in the article's header
    window.splitter.setSizes([500, 400])
    qtbot.waitUntil(lambda: not window.article_list.table.isColumnHidden(1))
    # the graph below the article takes at most about a third of the height
    window.links.show_dock(window.links.graph_dock)
    qtbot.waitUntil(lambda: window.links.graph_dock.isVisible())
    qtbot.wait(50)
    assert window.article_view.height() >= 300
    assert window.article_view.text.height() >= 150


def test_graph_fits_with_labels_at_screen_size(open_window, real_library: Path, qtbot) -> None:
    window = open_window(real_library)
    window.links.show_dock(window.links.graph_dock)
    view = window.links.graph.view
    qtbot.waitUntil(lambda: bool(view.nodes))
    qtbot.wait(50)
    scale = view.transform().m11()
    for node in view.nodes.values():
        on_screen = view.mapFromScene(node.pos())
        assert view.viewport().rect().contains(on_screen), node.row.name  # the whole graph is in view
        # a label is drawn at the screen's size whatever the zoom: as tall as its font
        label = node.label.deviceTransform(view.viewportTransform()).mapRect(node.label.boundingRect())
        assert label.height() >= QFontMetrics(node.font).height() - 1
    window.resize(900, 600)
    qtbot.waitUntil(lambda: window.width() == 900)
    qtbot.wait(50)
    assert view.transform().m11() <= scale  # refitted on resize, never blown up
    for node in view.nodes.values():
        assert view.viewport().rect().contains(view.mapFromScene(node.pos()))


def test_entity_index_names_are_whole_and_counts_agree(qtbot, real_library: Path) -> None:
    from reader.store import Store

    store = Store(real_library)
    try:
        index = EntityIndex(Session(store))
        index.resize(330, 600)
        index.show()
        qtbot.waitExposed(index)
        name_width = index.table.horizontalHeader().sectionSize(0)
        metrics = index.table.fontMetrics()
        for row in range(min(20, index.proxy.rowCount())):
            name = index.proxy.index(row, 0).data()
            assert metrics.horizontalAdvance(name) <= name_width, name  # never "Azerb…"
        assert index.table.textElideMode() == Qt.TextElideMode.ElideNone
        single = next(r for r in store.entities.rows() if r.mentions == 1 and r.articles == 1)
        index.select_entity(single.id)
        assert "1 mention in 1 article." in index.title.text()
        row = index.model.row_of(single.id)
        assert index.model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole).endswith("1 mention in 1 article")
        assert counted(2, "article") == "2 articles"
    finally:
        shiboken6.delete(index)  # before its library closes
        store.close()


def test_sort_arrows_point_the_way_the_column_runs(open_window, simple_library: Path) -> None:
    """Descending (newest first) shows a down arrow, as in file managers."""
    window = open_window(simple_library)
    header = window.article_list.table.horizontalHeader()
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    image = header.grab().toImage()
    left = header.sectionViewportPosition(2) + header.sectionSize(2) - 22
    widths = []
    for y in range(image.height()):
        dark = [x for x in range(left, left + 22) if image.pixelColor(x, y).lightness() < 110]
        if dark:
            widths.append(len(dark))
    assert len(widths) >= 3 and widths[0] > widths[-1]  # wide at the top: ▼
    Sort = QStyleOptionHeader.SortIndicator
    assert sort_arrow(Sort.SortUp) == Sort.SortDown and sort_arrow(Sort.None_) == Sort.None_
