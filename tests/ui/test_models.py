"""The custom models pass qtmodeltester and show what the store holds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from reader import anchoring
from reader.domain import Annotation
from reader.store import Store
from reader.ui.article_model import ArticleListModel
from reader.ui.models import MentionListModel
from reader.ui.session import Session


def _session(path: Path) -> Session:
    return Session(Store(path))


def _titles(model: ArticleListModel) -> list[str]:
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_article_model_passes_modeltester_and_sorts(qtmodeltester, simple_library: Path) -> None:
    session = _session(simple_library)
    model = ArticleListModel(session)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 5
    model.sort(0, Qt.SortOrder.AscendingOrder)
    titles = _titles(model)
    assert titles == sorted(titles, key=str.lower)
    qtmodeltester.check(model, force_py=True)
    session.store.close()


def test_filter_searches_the_full_text(simple_library: Path) -> None:
    session = _session(simple_library)
    model = ArticleListModel(session)
    model.set_filter(query="Kremlin")
    expected = session.store.articles.ids(query="Kremlin")
    assert 0 < model.rowCount() == len(expected) < 5
    model.set_filter(query="zzzznotaword")
    assert model.rowCount() == 0
    model.set_filter(query="")
    assert model.rowCount() == 5
    session.store.close()


def test_notes_column_follows_changes(qtmodeltester, simple_library: Path) -> None:
    session = _session(simple_library)
    model = ArticleListModel(session)
    article_id = model.id_at(0)
    assert article_id is not None
    text = session.store.articles.get(article_id).text
    anchor = anchoring.describe(text, 0, 10)
    _, changes = session.store.annotations.add(Annotation(article_id, anchor, start=0, end=10))
    session.changed.emit(changes)
    assert model.data(model.index(0, 3)) == "1"
    qtmodeltester.check(model, force_py=True)
    session.store.close()


def test_rows_are_fetched_lazily_in_pages(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = Store(tmp_path / "big.sqlite")
    with store.transaction() as conn:
        conn.executemany("INSERT INTO articles (title, text, source, author, published, url, path, content_hash, "
                         "imported_at) VALUES (?, ?, '', '', '2024-01-01', '', '', ?, '')",
                         [(f"Article {i}", f"texte {i}", f"h{i}") for i in range(1000)])
    calls: list[int] = []
    original = store.articles.rows
    store.articles.rows = lambda ids: calls.append(len(ids)) or original(ids)  # type: ignore[method-assign]
    model = ArticleListModel(Session(store))
    # the list opens on its first rows at once; the others come from another thread, appended
    assert model.rowCount() == 2 * ArticleListModel.PAGE and not model.complete
    with qtbot.waitSignal(model.completed):
        pass
    assert model.rowCount() == 1000 and model.total == 1000
    assert [model.id_at(r) for r in (0, 999)] == store.articles.ids()[0:1] + store.articles.ids()[-1:]
    assert calls == []
    assert model.data(model.index(999, 0)).startswith("Article")
    assert calls == [ArticleListModel.PAGE]
    store.close()


def test_annotation_and_mention_models(qtbot, qtmodeltester, simple_library: Path) -> None:
    from reader.ui.annotation_panel import AnnotationPanel

    session = _session(simple_library)
    store = session.store
    entity = store.entities.find("Ilham Aliyev", "PER")
    assert entity is not None
    mentions = MentionListModel(session)
    mentions.set_entity(entity.id)
    qtmodeltester.check(mentions, force_py=True)
    assert mentions.rowCount() == len(store.entities.mentions_of(entity.id)) > 0
    assert "[Ilham Aliyev]" in mentions.data(mentions.index(0, 0))

    article_id = store.entities.mentions_of(entity.id)[0].article_id
    text = store.articles.get(article_id).text
    for start in (40, 0):
        anchor = anchoring.describe(text, start, start + 12)
        store.annotations.add(Annotation(article_id, anchor, note="**gras**", start=start, end=start + 12))
    panel = AnnotationPanel(session)
    qtbot.addWidget(panel)
    panel.set_article(article_id)
    qtmodeltester.check(panel.model, force_py=True)
    starts = [panel.model.annotation(r).start for r in range(panel.model.rowCount())]  # type: ignore[union-attr]
    assert starts == [0, 40]  # reading order
    listed = panel.model.index(0, 0).data()
    assert "✎ gras" in listed and "**" not in listed  # the list previews the note as text, not Markdown
    panel.list.setCurrentIndex(panel.model.index(0, 0))
    assert "gras" in panel.note_view.toPlainText() and "**" not in panel.note_view.toPlainText()
    panel.deleteLater()
    store.close()
