"""The entity index, the timeline and the entity graph on the seed library."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent

from reader.domain import Changes
from reader.store import Store
from reader.ui.explore.entity_index import EntityFilterModel, EntityIndex, EntityTableModel
from reader.ui.explore.graph import GraphWidget
from reader.ui.explore.timeline import TimelineWidget
from reader.ui.models import PARTS_ROLE
from reader.ui.session import Session


@pytest.fixture
def session(real_library: Path) -> Session:
    store = Store(real_library)
    yield Session(store)
    store.close()


def article_id(store: Store, words: str) -> int:
    return next(r.id for r in store.articles.rows(store.articles.ids()) if words in r.title)


# entity index ---------------------------------------------------------------------------------------------

def test_entity_models_pass_the_model_tester(qtmodeltester, session: Session) -> None:  # type: ignore[no-untyped-def]
    model = EntityTableModel(session)
    qtmodeltester.check(model)
    proxy = EntityFilterModel()
    proxy.setSourceModel(model)
    proxy.set_text("bak")
    qtmodeltester.check(proxy)


def test_entity_index_filters_sorts_and_shows_mentions_and_companions(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    index = EntityIndex(session)
    qtbot.addWidget(index)
    index.show()
    table = index.table
    names = [table.model().index(r, 0).data() for r in range(table.model().rowCount())]
    assert names[0] == "Azerbaïdjan"  # most mentioned first
    index.filter.setText("poutine")  # case- and accent-blind
    rows = [(table.model().index(r, 0).data(), table.model().index(r, 1).data()) for r in range(table.model().rowCount())]
    assert ("Vladimir Poutine", "Person") in rows
    index.filter.clear()
    index.type_box.setCurrentIndex(index.type_box.findData("ORG"))
    types = {table.model().index(r, 1).data() for r in range(table.model().rowCount())}
    assert types == {"Organisation"}
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    names = [table.model().index(r, 0).data() for r in range(table.model().rowCount())]
    assert names == sorted(names, key=str.casefold) and "OTAN" in names
    index.type_box.setCurrentIndex(0)

    putin = session.store.entities.find("Vladimir Poutine", "PER")
    assert putin is not None and index.select_entity(putin.id)
    assert "Vladimir Poutine" in index.title.text() and "2 articles" in index.title.text()
    every_poutine = sum(a.text.count("Poutine") for a in session.store.articles.all())
    assert index.mentions_model.rowCount() == len(session.store.entities.mentions_of(putin.id)) == every_poutine
    first = index.mentions_model.index(0, 0).data()
    assert "Poutine" in first and "\n" in first  # the article's title, then the text around the mention
    title, before, passage, after = index.mentions_model.index(0, 0).data(PARTS_ROLE)
    assert title and "Poutine" in passage and (before + after).strip()
    model = index.mentions_model
    titles = [model.index(r, 0).data(PARTS_ROLE)[0] for r in range(model.rowCount())]
    assert len([t for t in titles if t]) == 2  # the title over each article's first mention only
    assert "Ilham Aliyev" in index.companion_names()
    opened = []
    index.open_requested.connect(lambda *args: opened.append(args))
    index.mentions.doubleClicked.emit(index.mentions_model.index(0, 0))
    aid, start, end = opened[0]
    assert session.store.articles.get(aid).text[start:end] in ("Vladimir Poutine", "Poutine")
    index.companions.linkActivated.emit(str(session.store.entities.find("Ilham Aliyev", "PER").id))  # type: ignore[union-attr]
    assert "Ilham Aliyev" in index.title.text()


def test_entity_index_refreshes_when_mentions_change(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    index = EntityIndex(session)
    qtbot.addWidget(index)
    index.show()
    before = index.model.rowCount()
    aid = article_id(session.store, "Artsakh")
    session.changed.emit(session.store.entities.set_mentions(aid, []))
    assert 0 < index.model.rowCount() < before


# timeline ---------------------------------------------------------------------------------------------------

def test_timeline_and_graph_follow_changes_when_shown(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    timeline, graph = TimelineWidget(session), GraphWidget(session)
    for view in (timeline, graph):
        qtbot.addWidget(view)
    timeline.show()
    graph.show()
    assert "2022-02-22" in {value for value, _ in timeline.values()} and graph.view.nodes
    graph.hide()
    changes = [session.store.entities.set_mentions(aid, []) for aid in session.store.articles.ids()]
    session.changed.emit(changes[0])
    assert timeline.values() == []  # visible: follows at once
    graph.show()
    assert graph.view.nodes == {}  # shown again: built from the library as it is now


def test_timeline_holds_the_seed_dates_and_opens_the_passage(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    widget = TimelineWidget(session)
    qtbot.addWidget(widget)
    widget.resize(1100, 500)
    widget.show()
    qtbot.waitExposed(widget)
    store = session.store
    stoltenberg, artsakh = article_id(store, "Stoltenberg"), article_id(store, "Artsakh")
    values = widget.values()
    assert ("2024-03-17", stoltenberg) in values and ("2022-02-22", artsakh) in values
    items = {(i.event.value, i.event.article_id): i for i in widget.view.events}
    assert items[("2020-11", stoltenberg)].event.label == "novembre 2020 (cessez-le-feu)"
    assert items[("2024-03-17", stoltenberg)].event.label.startswith("17 mars 2024")
    # later dates sit further right, one row per article
    assert items[("2024-03-17", stoltenberg)].x() > items[("2022-02-22", artsakh)].x()
    assert len(widget.view.bands) == len({a for _, a in values})

    item = items[("2022-02-22", artsakh)]
    view = widget.view
    view.centerOn(item)
    point = view.mapFromScene(item.mapToScene(QPointF(0, 12)))
    with qtbot.waitSignal(widget.open_requested) as opened:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    aid, start, end = opened.args
    assert aid == artsakh and store.articles.get(aid).text[start:end] == "22 février 2022"
    item.hoverEnterEvent(None)  # type: ignore[arg-type]
    assert "22 février 2022" in widget.info.text() and "Vladimir Poutine" in widget.info.text()

    widget.rows_box.setCurrentIndex(1)  # one row per entity
    titles = [title for _, _, title in view.bands]
    assert "Azerbaïdjan" in titles and "Ilham Aliyev" in titles


def test_timeline_zooms_around_the_mouse_and_fits(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    widget = TimelineWidget(session)
    qtbot.addWidget(widget)
    widget.resize(1100, 500)
    widget.show()
    qtbot.waitExposed(widget)
    view = widget.view
    fitted = view.time_scale.pixels_per_day
    assert view.sceneRect().width() <= view.viewport().width() + 5  # everything fits at first
    widget.zoom_in.click()
    assert view.time_scale.pixels_per_day == pytest.approx(fitted * 1.6)
    x = 700
    day_under_mouse = view.time_scale.day_at(view.mapToScene(x, 0).x() - 224)
    wheel = QWheelEvent(QPointF(x, 100), view.viewport().mapToGlobal(QPointF(x, 100)), QPoint(0, 0), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    view.wheelEvent(wheel)
    assert view.time_scale.pixels_per_day == pytest.approx(fitted * 1.6 * 1.25 ** 2)
    after = view.time_scale.day_at(view.mapToScene(x, 0).x() - 224)
    assert abs((after - day_under_mouse).days) <= 2 / view.time_scale.pixels_per_day + 1
    widget.fit_button.click()
    assert view.time_scale.pixels_per_day == pytest.approx(fitted)
    widget.zoom_out.click()  # never smaller than the whole span
    assert view.time_scale.pixels_per_day == pytest.approx(fitted)


# graph --------------------------------------------------------------------------------------------------------

def test_graph_draws_cooccurring_entities_and_filters_them(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    widget = GraphWidget(session)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    names = {node.row.name for node in widget.view.nodes.values()}
    assert {"Azerbaïdjan", "OTAN", "Vladimir Poutine", "Ilham Aliyev"} <= names
    assert all(node.row.type != "DATE" for node in widget.view.nodes.values())
    assert all(w >= 2 for _, _, w, _ in widget.view.edges)
    positions = {n: (node.x(), node.y()) for n, node in widget.view.nodes.items()}
    edges = len(widget.view.edges)
    widget.min_weight.setValue(3)
    assert len(widget.view.edges) < edges
    widget.min_weight.setValue(2)
    assert {n: (node.x(), node.y()) for n, node in widget.view.nodes.items()} == positions  # a fixed seed
    widget.type_boxes["PER"].setChecked(False)
    assert all(node.row.type != "PER" for node in widget.view.nodes.values())
    widget.type_boxes["PER"].setChecked(True)
    widget.max_nodes.setValue(5)
    assert len(widget.view.nodes) == 5


def test_clicking_a_graph_node_shows_it_in_the_entity_index(open_window, real_library: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(real_library, restore=False)
    links = window.links
    links.graph_action.trigger()
    assert links.graph_dock.isVisible()
    qtbot.waitUntil(lambda: bool(links.graph.view.nodes))
    entity = window.session.store.entities.find("Ilham Aliyev", "PER")
    node = links.graph.view.nodes[entity.id]
    view = links.graph.view
    view.centerOn(node)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(node.scenePos()))
    assert links.index_dock.isVisible() and links.entity_index.entity_id == entity.id
    links.timeline_action.trigger()
    assert links.timeline_dock.isVisible() and links.timeline.values()
    window.session.changed.emit(Changes(library=True))  # views follow library changes without errors
