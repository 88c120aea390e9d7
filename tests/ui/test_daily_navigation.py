"""Getting around: Back after a restart, Alt+Left after following a link, the target marked, panels that follow."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reader.anchoring import describe
from reader.domain import Link, LinkEnd

ALT = Qt.KeyboardModifier.AltModifier


def _article_with(store, needle: str) -> int:  # type: ignore[no-untyped-def]
    return next(i for i in store.articles.ids() if needle in store.articles.get(i).text)


def test_back_works_after_the_first_jump_following_a_restart(open_window, simple_library: Path, qtbot) -> None:
    first = open_window(simple_library)
    store = first.session.store
    restored = _article_with(store, "Stoltenberg")
    first.open_article(restored)
    first.close()  # the window remembers the article
    window = open_window(simple_library)
    assert window.current_article_id() == restored
    other = _article_with(window.session.store, "Kremlin")
    window.links.follow(other, 0, 5)
    assert window.links.back_action.isEnabled()
    QTest.keyClick(window.article_view.text, Qt.Key.Key_Left, ALT)
    assert window.current_article_id() == restored


def test_alt_left_after_following_a_link_goes_back(open_window, simple_library: Path, qtbot) -> None:
    window = open_window(simple_library)
    store = window.session.store
    here = _article_with(store, "Stoltenberg")
    there = _article_with(store, "Kremlin")
    window.open_article(here)
    text = store.articles.get(here).text
    at = text.index("Stoltenberg")
    window.links.add_link(Link(LinkEnd(here, None, describe(text, at, at + 11)), LinkEnd(there)))
    panel = window.links.backlinks
    window.links.show_dock(window.links.backlinks_dock)
    panel.set_article(here)
    tree = panel.tree
    item = panel.out_header.child(0)
    assert item is not None and "→" in item.text(0)
    tree.setFocus()
    tree.setCurrentItem(item)
    QTest.keyClick(tree, Qt.Key.Key_Return)  # follow the link from the keyboard
    assert window.current_article_id() == there
    assert QApplication.focusWidget() is window.article_view.text  # the keyboard came along
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, ALT)
    assert window.current_article_id() == here
    # the passage that links elsewhere is marked in the margin and underlined
    view = window.article_view
    start, end = view.text.link_marks[0]
    assert (view.rendered.offsets.to_py(start), view.rendered.offsets.to_py(end)) == (at, at + 11)
    assert any(s.cursor.selectedText() == "Stoltenberg" and s.format.underlineStyle() == s.format.UnderlineStyle.DotLine
               for s in view.text.extraSelections())


def test_following_a_mention_marks_the_target(open_window, simple_library: Path, qtbot) -> None:
    window = open_window(simple_library)
    store = window.session.store
    entity = store.entities.find("Vladimir Poutine", "PER")
    window.show_entity(entity.id)
    panel = window.entity_panel
    mention = panel.model.mention(1) if panel.model.rowCount() > 1 else panel.model.mention(0)
    panel.list.setFocus()
    panel.list.setCurrentIndex(panel.model.index(1 if panel.model.rowCount() > 1 else 0))
    QTest.keyClick(panel.list, Qt.Key.Key_Return)
    view = window.article_view
    assert window.current_article_id() == mention.article_id
    assert view.is_flashing() and view.flashed_text() == "Vladimir Poutine"
    assert view.selected_range() == (mention.start, mention.end)  # still marked when the flash is over
    # a place without an end (a timeline date) marks the word there
    window.open_article(mention.article_id, mention.start)
    assert view.flashed_text() == "Vladimir"


def test_the_entities_panel_follows_the_open_article(open_window, simple_library: Path, qtbot) -> None:
    window = open_window(simple_library)
    store = window.session.store
    otan = store.entities.find("OTAN", "ORG")
    with_otan = _article_with(store, "OTAN")
    without = next(i for i in store.articles.ids() if "OTAN" not in store.articles.get(i).text)
    window.open_article(with_otan)
    window.show_entity(otan.id)
    assert "OTAN" in window.entity_panel.title.text()
    window.open_article(without)
    assert window.entity_panel.model.entity_id is None and window.entity_panel.model.rowCount() == 0
    assert "OTAN" not in window.entity_panel.title.text()
    # an article that names it too keeps it
    window.open_article(with_otan)
    window.show_entity(otan.id)
    other = next(i for i in store.articles.ids() if i != with_otan and "OTAN" in store.articles.get(i).text)
    window.open_article(other)
    assert window.entity_panel.model.entity_id == otan.id


def test_an_imported_article_is_selected_and_opened(open_window, simple_library: Path, tmp_path: Path,
                                                    simple_recognizer, qtbot) -> None:
    window = open_window(simple_library)
    window.library.recognizer_factory = lambda: simple_recognizer
    before = window.current_article_id()
    path = tmp_path / "nouveau.md"
    path.write_text("---\ntitle: Un article tout neuf\n---\n\nLe président Ilham Aliyev était à Bakou.\n",
                    encoding="utf-8")
    task = window.library.import_paths([path])
    qtbot.waitUntil(lambda: window.article_view.article is not None
                    and window.article_view.article.title == "Un article tout neuf", timeout=20000)
    assert window.current_article_id() != before
    table = window.article_list.table
    assert table.currentIndex().row() == window.model.row_of(window.current_article_id())
    assert task is not None


def test_the_model_loads_while_the_progress_says_so(monkeypatch) -> None:
    """The first import says "loading the entity model" for as long as the model takes, not a file's name."""
    import reader.entities.pipeline as pipeline
    from reader.ui.tasks import load_recognizer

    loaded: list[str] = []
    monkeypatch.setattr(pipeline, "load_ner", lambda model=None: loaded.append("model") or object())
    recognizer = load_recognizer(None)
    assert loaded == ["model"]  # before any file is read
    assert recognizer is not None
