"""Links in the window: made in the dialog, shown at both ends, followed, undone; history; unlinked mentions."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QDockWidget

from reader.anchoring import describe
from reader.domain import Annotation, Link, LinkEnd
from reader.store import Store
from reader.ui.commands import DeleteAnnotationCommand
from reader.ui.explore.backlinks_panel import BacklinksPanel
from reader.ui.explore.commands import AddLinkCommand, DeleteLinkCommand
from reader.ui.explore.history import History, Place
from reader.ui.explore.link_dialog import LinkDialog, TargetListModel
from reader.ui.session import Session


def article_id(store: Store, words: str) -> int:
    ids = [r.id for r in store.articles.rows(store.articles.ids()) if words in r.title]
    assert len(ids) == 1, (words, ids)
    return ids[0]


def span_of(store: Store, aid: int, quote: str) -> tuple[int, int]:
    start = store.articles.get(aid).text.index(quote)
    return start, start + len(quote)


# history -----------------------------------------------------------------------------------------------

def test_history_walks_back_and_forward_and_drops_the_forward_part_on_a_new_visit() -> None:
    history = History()
    assert history.back() is None and not history.can_back() and not history.can_forward()
    for place in (Place(1), Place(2, 40), Place(3)):
        history.visit(place)
    history.visit(Place(3))  # the same place twice counts once
    assert len(history) == 3
    assert history.back() == Place(2, 40) and history.back() == Place(1) and history.back() is None
    assert history.can_forward() and history.forward() == Place(2, 40)
    history.visit(Place(4))
    assert not history.can_forward() and history.current == Place(4)
    assert history.back() == Place(2, 40)
    history.forget_article(2)
    assert history.current in (Place(1), Place(4)) and history.article_ids() == {1, 4}


def test_back_and_forward_reopen_the_articles_read(open_window, simple_library: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(simple_library, restore=False)
    links = window.links
    store = window.session.store
    first, second, third = (article_id(store, w) for w in ("Stoltenberg", "Poutine", "Artsakh"))
    start, end = span_of(store, second, "Ilham Aliyev")
    assert not links.back_action.isEnabled()
    links.follow(first)
    links.follow(second, start, end)
    links.follow(third)
    assert window.current_article_id() == third
    links.back_action.trigger()
    assert window.current_article_id() == second and links.history.current == Place(second, start)
    links.back_action.trigger()
    assert window.current_article_id() == first and not links.back_action.isEnabled()
    links.forward_action.trigger()
    assert window.current_article_id() == second and links.forward_action.isEnabled()
    assert links.back_action.shortcut().toString() == "Alt+Left"
    assert links.forward_action.shortcut().toString() == "Alt+Right"
    assert links.back_action in window.menu("Go").actions() and links.back_action in window.toolbar.actions()
    links.follow(first)  # a new visit after going back forgets what lay ahead
    assert not links.forward_action.isEnabled()


# making a link in the UI ---------------------------------------------------------------------------------

def test_a_link_made_in_the_dialog_shows_at_both_ends_and_survives_a_restart(
        open_window, simple_library: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(simple_library, restore=False)
    store = window.session.store
    source_id, target_id = article_id(store, "Stoltenberg"), article_id(store, "Artsakh")
    window.open_article(source_id)
    window.article_view.select_range(*span_of(store, source_id, "Jens Stoltenberg"))
    window.links.link_action.trigger()
    dialog = window.links.dialog
    assert isinstance(dialog, LinkDialog) and dialog.isVisible()
    assert "Jens Stoltenberg" in dialog.source_label.text()
    dialog.search.setText("coulisses")
    qtbot.waitUntil(lambda: dialog.results_model.rowCount() == 1)
    assert dialog.target is not None and dialog.target.article_id == target_id
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled() and dialog.whole.isChecked()
    passage = span_of(store, target_id, "ont signé au Kremlin la déclaration")
    dialog.select_in_preview(*passage)
    assert dialog.passage.isChecked()
    dialog.label.setCurrentText("même événement")
    dialog.note.setText("Bakou, deux rencontres")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    panel = window.links.backlinks
    window.links.backlinks_dock.raise_()  # the user brings the Links tab forward
    assert panel.texts("out") == [
        "→ [même événement] Dans les coulisses de l’Artsakh\nfrom « Jens Stoltenberg »\n"
        "to « ont signé au Kremlin la déclaration »\nnote: Bakou, deux rencontres"]
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.tree.visualItemRect(panel.item("out", 0)).center())
    assert window.current_article_id() == target_id  # following the link opens its target
    assert window.article_view.flashed_text() == "ont signé au Kremlin la déclaration"  # scrolled there, flashing
    incoming = ["← [même événement] Jens Stoltenberg (OTAN) dans le Caucase-Sud : l’importance de "
                "la coop…\nfrom « Jens Stoltenberg »\nto « ont signé au Kremlin la déclaration » "
                "here\nnote: Bakou, deux rencontres"]
    qtbot.waitUntil(lambda: panel.texts("in") == incoming)  # the panel follows once the article is painted
    window.links.back_action.trigger()
    assert window.current_article_id() == source_id
    qtbot.waitUntil(lambda: panel.article_id == source_id)

    window.session.undo_stack.undo()
    assert panel.texts("out") == []
    window.session.undo_stack.redo()
    assert len(panel.texts("out")) == 1
    window.close()

    again = open_window(simple_library, restore=False)
    again.open_article(target_id)
    qtbot.waitUntil(lambda: [t.split("\n")[1] for t in again.links.backlinks.texts("in")] == ["from « Jens Stoltenberg »"])
    link = again.session.store.links.to_article(target_id)[0]
    assert (link.label, link.note, link.target.anchor.exact) == (  # type: ignore[union-attr]
        "même événement", "Bakou, deux rencontres", "ont signé au Kremlin la déclaration")


def test_ctrl_l_on_a_note_links_the_note_and_a_note_can_be_the_target(
        open_window, simple_library: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(simple_library, restore=False)
    store = window.session.store
    source_id, target_id = article_id(store, "Poutine"), article_id(store, "Artsakh")
    text = store.articles.get(target_id).text
    start, end = span_of(store, target_id, "Vladimir Poutine et Ilham Aliyev")
    note_id, _ = store.annotations.add(Annotation(target_id, describe(text, start, end), note="la signature",
                                                 start=start, end=end))
    window.open_article(source_id)
    window.links.link_action.trigger()  # nothing selected: the whole article is the source
    dialog = window.links.dialog
    assert "the whole article" in dialog.source_label.text()
    dialog.search.setText("signature")
    qtbot.waitUntil(lambda: dialog.results_model.rowCount() == 1)
    assert dialog.target.annotation_id == note_id and dialog.note_target.isChecked()
    assert dialog.preview_selection() == (start, end)
    dialog.accept()
    link = store.links.to_article(target_id)[0]
    assert link.target.annotation_id == note_id and link.source == LinkEnd(source_id)
    assert window.links.backlinks.texts("out")[0].endswith("to « Vladimir Poutine et Ilham Aliyev »")


def test_deleting_a_linked_note_removes_its_links_and_undo_brings_both_back(
        qtbot, simple_library: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store(simple_library)
    session = Session(store)
    source_id, target_id = article_id(store, "Stoltenberg"), article_id(store, "Artsakh")
    text = store.articles.get(source_id).text
    start, end = span_of(store, source_id, "Jens Stoltenberg")
    note_id, _ = store.annotations.add(Annotation(source_id, describe(text, start, end), start=start, end=end))
    session.push(AddLinkCommand(session, Link(LinkEnd(source_id, note_id), LinkEnd(target_id), label="cause")))
    panel = BacklinksPanel(session)
    qtbot.addWidget(panel)
    panel.set_article(target_id)
    assert len(panel.texts("in")) == 1

    with qtbot.waitSignal(session.changed) as changed:
        session.push(DeleteAnnotationCommand(session, note_id))
    assert changed.args[0].links and panel.texts("in") == []
    assert store.links.of_annotation(note_id) == [] and store.links.to_article(target_id) == []
    session.undo_stack.undo()
    assert store.annotations.get(note_id).anchor.exact == "Jens Stoltenberg"
    assert [link.source.annotation_id for link in store.links.to_article(target_id)] == [note_id]
    assert panel.texts("in")[0].startswith("← [cause]")
    session.undo_stack.redo()
    assert panel.texts("in") == []
    store.close()


def test_deleting_a_link_from_the_panel_is_undoable(qtbot, simple_library: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store(simple_library)
    session = Session(store)
    a, b = article_id(store, "Stoltenberg"), article_id(store, "Artsakh")
    command = AddLinkCommand(session, Link(LinkEnd(a), LinkEnd(b)))
    session.push(command)
    panel = BacklinksPanel(session)
    qtbot.addWidget(panel)
    panel.set_article(a)
    assert panel.texts("out") == ["→ Dans les coulisses de l’Artsakh\nto the whole article"]
    session.push(DeleteLinkCommand(session, command.link_id))  # type: ignore[arg-type]
    assert panel.texts("out") == []
    session.undo_stack.undo()
    assert store.links.get(command.link_id).source == LinkEnd(a)  # type: ignore[arg-type]
    assert len(panel.texts("out")) == 1
    store.close()


# unlinked mentions on the real seed library ---------------------------------------------------------------

def test_the_two_articles_about_putin_in_baku_rank_each_other_first(
        qtbot, real_library: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store(real_library)
    session = Session(store)
    panel = BacklinksPanel(session)
    qtbot.addWidget(panel)
    putin, artsakh = article_id(store, "Poutine"), article_id(store, "Artsakh")
    with qtbot.waitSignal(panel.related_loaded):
        panel.set_article(putin)
    related = panel.texts("related")
    assert len(related) == 4 and panel.related_header.text(0) == "Unlinked mentions (4)"
    # each ranks the other first, with what they share that is rarest (Putin) named first
    artsakh_row = related[0]
    assert artsakh_row.startswith("Dans les coulisses de l’Artsakh\nshares ")
    shared = artsakh_row.split("\n")[1].removeprefix("shares ").split(", ")
    assert shared[0] == "Vladimir Poutine"
    # Ilham Aliyev is named in every seed article (a bare "Aliyev" is him too): shared, but weighing nothing
    assert "Ilham Aliyev" in store.entities.related_articles(putin)[0].shared
    with qtbot.waitSignal(panel.related_loaded):
        panel.set_article(artsakh)
    assert panel.texts("related")[0].startswith("Le dirigeant russe, Poutine")
    opened = []
    panel.open_requested.connect(lambda *args: opened.append(args))
    panel.tree.itemClicked.emit(panel.item("related", 0), 0)
    target, start, end = opened[0]
    shared = store.entities.related_articles(artsakh)[0].shared[0]
    assert target == putin and store.articles.get(putin).text[start:end] in (shared, *shared.split())
    store.close()


def test_unlinked_mentions_are_ranked_off_the_gui_thread_and_a_late_answer_is_dropped(
        qtbot, real_library: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from reader.store.entities import EntityRepository

    ranked_on: list[threading.Thread] = []
    rank = EntityRepository.related_articles

    def spy(self, article_id, limit=20):  # type: ignore[no-untyped-def]
        ranked_on.append(threading.current_thread())
        return rank(self, article_id, limit)

    monkeypatch.setattr(EntityRepository, "related_articles", spy)
    store = Store(real_library)
    panel = BacklinksPanel(Session(store))
    qtbot.addWidget(panel)
    putin, artsakh = article_id(store, "Poutine"), article_id(store, "Artsakh")
    panel.set_article(putin)
    assert panel.related_header.text(0) == "Unlinked mentions"  # still looking; the window is free
    with qtbot.waitSignal(panel.related_loaded):
        panel.set_article(artsakh)  # the ranking for Putin's article arrives late: only Artsakh's is shown
    qtbot.wait(200)
    assert panel.texts("related")[0].startswith("Le dirigeant russe, Poutine")
    assert ranked_on and threading.main_thread() not in ranked_on
    store.close()


def test_target_list_model_passes_the_model_tester(qtmodeltester, simple_library: Path) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.explore.link_dialog import Target

    model = TargetListModel()
    model.set_rows([Target(1, "Un", "extrait"), Target(2, "Deux", "", 7)])
    qtmodeltester.check(model)
    assert model.data(model.index(1, 0)) == "Note in Deux"


def test_every_window_has_the_link_features(open_window, simple_library: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(simple_library)
    titles = {dock.windowTitle() for dock in window.findChildren(QDockWidget)}
    assert {"Links", "Entity index", "Timeline", "Entity graph"} <= titles
    assert window.links.link_action.shortcut().toString() == "Ctrl+L"
