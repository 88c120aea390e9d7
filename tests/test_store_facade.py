"""The Store facade: repositories share one connection and one transaction; sqlite-utils stays out of reads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.anchoring import describe
from reader.domain import Annotation, Article, Link, LinkEnd
from reader.entities.model import EntitySpan
from reader.store import Store

TEXT = "Le président Ilham Aliyev a reçu à Bakou une délégation de l’OTAN."


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "lib.sqlite")
    yield s
    s.close()


def test_repositories_write_through_the_one_connection_of_the_store(store: Store) -> None:
    article_id, _ = store.articles.add(Article(title="Bakou", text=TEXT, content_hash="h"))
    ann_id, _ = store.annotations.add(Annotation(article_id, describe(TEXT, 13, 25), start=13, end=25))
    # what one repository wrote, another sees at once, and so does the plain connection
    assert store.links.add(Link(LinkEnd(article_id, ann_id), LinkEnd(article_id)))[0]
    assert store.links.from_article(article_id)[0].source.anchor == describe(TEXT, 13, 25)
    assert store.conn.execute("SELECT count(*) FROM links").fetchone()[0] == 1


def test_a_transaction_spanning_repositories_rolls_back_all_of_them(store: Store) -> None:
    article_id, _ = store.articles.add(Article(title="Bakou", text=TEXT, content_hash="h"))
    with pytest.raises(RuntimeError), store.transaction():
        store.articles.update_meta(article_id, title="Autre titre")
        store.annotations.add(Annotation(article_id, describe(TEXT, 13, 25), start=13, end=25, note="à suivre"))
        store.entities.set_mentions(article_id, [EntitySpan(13, 25, "PER", "Ilham Aliyev", "Ilham Aliyev")])
        store.meta.set("seeded", "1")
        raise RuntimeError("power cut")
    assert store.articles.get(article_id).title == "Bakou"
    assert store.annotations.for_article(article_id) == []
    assert store.entities.mentions(article_id) == [] and store.entities.rows() == []
    assert store.meta.get("seeded", "never") == "never"


def test_bulk_mentions_written_by_sqlite_utils_read_back_in_order(store: Store) -> None:
    article_id, _ = store.articles.add(Article(title="Bakou", text=TEXT, content_hash="h"))
    spans = [EntitySpan(13, 25, "PER", "Ilham Aliyev", "Ilham Aliyev"), EntitySpan(35, 40, "LOC", "Bakou", "Bakou"),
             EntitySpan(59, 65, "ORG", "l’OTAN", "OTAN")]
    changes = store.entities.set_mentions(article_id, spans)
    assert changes.mentions_of == {article_id}
    assert [(m.text, m.type, m.entity) for m in store.entities.mentions(article_id)] == [
        ("Ilham Aliyev", "PER", "Ilham Aliyev"), ("Bakou", "LOC", "Bakou"), ("l’OTAN", "ORG", "OTAN")]
    assert store.entities.spans(article_id) == spans


def test_reading_and_annotating_never_import_sqlite_utils(tmp_path: Path) -> None:
    """The window's start-up reads the library; sqlite-utils would add a third of a second to it."""
    script = (
        "import sys\n"
        "from reader.store import Store\n"
        "from reader.domain import Article, Annotation\n"
        "from reader.anchoring import describe\n"
        f"s = Store({str(tmp_path / 'lib.sqlite')!r})\n"
        "a, _ = s.articles.add(Article(title='t', text='Bakou et Paris', content_hash='h'))\n"
        "s.annotations.add(Annotation(a, describe('Bakou et Paris', 0, 5), start=0, end=5))\n"
        "s.articles.rows(s.articles.ids()); s.annotations.for_article(a); s.entities.mentions(a)\n"
        "s.links.to_article(a); s.articles.search('bakou'); s.meta.get('x')\n"
        "print('sqlite_utils' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "False"


def test_a_search_index_out_of_step_is_rebuilt_from_the_tables(store: Store) -> None:
    article_id, _ = store.articles.add(Article(title="Bakou", text=TEXT, content_hash="h"))
    store.annotations.add(Annotation(article_id, describe(TEXT, 13, 25), start=13, end=25, note="à suivre"))
    for fts in ("articles_fts", "annotations_fts"):
        store.conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('delete-all')")
    assert store.articles.search("Aliyev") == [] and store.annotations.search("suivre") == []
    store.rebuild_search_index()
    assert [h.id for h in store.articles.search("Aliyev")] == [article_id]
    assert [h.note for h in store.annotations.search("suivre")] == ["à suivre"]
