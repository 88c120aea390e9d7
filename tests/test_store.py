"""The library file: CRUD, accent-blind search, migrations, atomic changes, bad files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.anchoring import describe
from reader.domain import Annotation, Article, Link, LinkEnd
from reader.entities.model import Correction, EntitySpan
from reader.store import Store, StoreError, fts_query
from reader.store.schema import MIGRATIONS, SCHEMA_VERSION

TEXT = (
    "Le président Ilham Aliyev a reçu à Bakou une délégation de l’OTAN. "
    "Les États-Unis soutiennent l’accord signé le 8 août à la Maison-Blanche. "
    "La Russie observe la coopération avec inquiétude."
)


def article(title: str = "Bakou et l’OTAN", text: str = TEXT, **kw: str) -> Article:
    return Article(title=title, text=text, content_hash=kw.pop("content_hash", str(hash(text))), **kw)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "lib.sqlite")
    yield s
    s.close()


def annotate(store: Store, article_id: int, quote: str, **kw: object) -> int:
    text = store.articles.get(article_id).text
    start = text.index(quote)
    anchor = describe(text, start, start + len(quote))
    new_id, _ = store.annotations.add(Annotation(article_id, anchor, start=start, end=start + len(quote), **kw))
    return new_id


def test_article_round_trip_and_delete_cascades(store: Store) -> None:
    aid, changes = store.articles.add(article(source="L-Post", author="A. Auteur", published="2024-03-17"))
    assert changes.library and aid in changes.articles
    got = store.articles.get(aid)
    assert (got.title, got.source, got.author, got.published) == ("Bakou et l’OTAN", "L-Post", "A. Auteur", "2024-03-17")
    annotate(store, aid, "Ilham Aliyev", color="red", note="à suivre", tags=("acteurs",))
    store.entities.set_mentions(aid, [EntitySpan(13, 25, "PER", "Ilham Aliyev", "Ilham Aliyev")])
    store.articles.delete(aid)
    assert store.articles.count() == 0
    assert store.conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 0
    assert store.articles.search("Aliyev") == []


def test_search_is_accent_and_case_blind_ranked_with_snippets(store: Store) -> None:
    first, _ = store.articles.add(article())
    second, _ = store.articles.add(article("Une autre page", "Rien sur ce sujet, sinon la météo à Paris.", content_hash="b"))
    third, _ = store.articles.add(article("Les Etats-Unis et la région", "Washington parle aux États-Unis.", content_hash="c"))
    hits = store.articles.search("etats-unis")
    assert {h.id for h in hits} == {first, third}
    assert hits[0].id == third  # the title match ranks first
    assert "[" in hits[1].snippet and "États" in hits[1].snippet
    assert [h.id for h in store.articles.search("OTAN")] == [first]
    assert [h.id for h in store.articles.search("meteo")] == [second]
    assert [h.id for h in store.articles.search("coopér")] == [first]  # the last word is a prefix, as one types
    assert len(store.articles.search("la", limit=1)) == 1


@pytest.mark.parametrize("query", ['"', "AND", "NEAR(", "a OR", "-", "*", "l’OTAN)", "col:x", "   "])
def test_search_never_raises_on_what_a_user_types(store: Store, query: str) -> None:
    store.articles.add(article())
    store.articles.search(query)
    store.articles.ids(query=query)
    assert fts_query("") == ""


def test_article_list_filters_and_sorts(store: Store) -> None:
    a, _ = store.articles.add(article("B", TEXT, published="2024-01-01", content_hash="1"))
    b, _ = store.articles.add(article("a", "Moscou et Erevan.", published="2025-01-01", content_hash="2"))
    assert store.articles.ids(sort="published") == [b, a]
    assert store.articles.ids(sort="title", descending=False) == [b, a]
    annotate(store, a, "Bakou", tags=("caucase",))
    assert store.articles.ids(tag="caucase") == [a]
    assert store.articles.ids(sort="notes") == [a, b]
    rows = store.articles.rows([b, a])
    assert [(r.id, r.notes) for r in rows] == [(b, 0), (a, 1)]
    store.entities.set_mentions(b, [EntitySpan(0, 6, "LOC", "Moscou", "Moscou")])
    moscou = store.entities.find("Moscou", "LOC")
    assert moscou is not None and store.articles.ids(entity_id=moscou.id) == [b]


def test_upsert_recognises_same_content_and_updates_changed_file(store: Store, tmp_path: Path) -> None:
    path = str(tmp_path / "a.txt")
    first = store.upsert_article(article(path=path, content_hash="h1"))
    assert first.status == "imported"
    assert store.upsert_article(article(path="/elsewhere.txt", content_hash="h1")).status == "unchanged"
    keep = annotate(store, first.id, "la coopération avec inquiétude", note="à garder")
    lose = annotate(store, first.id, "signé le 8 août à la Maison-Blanche", note="sans passage")
    edited = "Nouveau chapeau ajouté en tête. " + TEXT.replace("Les États-Unis soutiennent l’accord signé le 8 août à la Maison-Blanche. ", "")
    result = store.upsert_article(article(text=edited, path=path, content_hash="h2"))
    assert (result.status, result.id, result.orphaned) == ("updated", first.id, 1)
    kept = store.annotations.get(keep)
    assert kept.start is not None and edited[kept.start:kept.end] == "la coopération avec inquiétude"
    orphan = store.annotations.get(lose)
    assert orphan.orphan and orphan.note == "sans passage" and orphan.anchor.exact.startswith("signé le 8 août")
    assert [a.id for a in store.annotations.for_article(first.id)] == [keep, lose]  # orphans listed last, never deleted


def test_annotations_tags_links_delete_and_restore(store: Store) -> None:
    a, _ = store.articles.add(article(content_hash="1"))
    b, _ = store.articles.add(article("Autre", "Vladimir Poutine est arrivé à Bakou.", content_hash="2"))
    ann = annotate(store, a, "Bakou", color="green", note="**capitale**", tags=("lieux", "caucase"))
    other = annotate(store, b, "Vladimir Poutine", color="purple")
    link_id, _ = store.links.add(Link(LinkEnd(a, ann), LinkEnd(b, other), label="confirme"))
    assert store.annotations.get(ann).tags == ("caucase", "lieux")
    assert [link.id for link in store.links.from_article(a)] == [link_id]
    assert [link.id for link in store.links.to_article(b)] == [link_id]
    assert store.links.to_article(b)[0].source.anchor is not None
    store.annotations.update(ann, note="capitale de l’Azerbaïdjan", tags=("lieux",))
    assert store.annotations.get(ann).note == "capitale de l’Azerbaïdjan"
    assert [h.id for h in store.annotations.search("azerbaidjan")] == [ann]
    assert dict(store.annotations.tags()) == {"lieux": 1}
    deleted, links, changes = store.delete_annotation(ann)
    assert link_id in changes.links and store.links.from_article(a) == [] and store.links.to_article(b) == []
    store.restore_annotation(deleted, links)
    assert store.annotations.get(ann).note == "capitale de l’Azerbaïdjan"
    assert [link.label for link in store.links.to_article(b)] == ["confirme"]


def test_a_failed_change_leaves_the_library_as_it_was(store: Store) -> None:
    a, _ = store.articles.add(article(content_hash="1"))
    ann = annotate(store, a, "Bakou")
    deleted, links, _ = store.delete_annotation(ann)
    bad_link = Link(LinkEnd(a, None), LinkEnd(9999, None))  # its target article does not exist
    with pytest.raises(sqlite3.IntegrityError):
        store.restore_annotation(deleted, [bad_link])
    assert store.annotations.for_article(a) == []  # the annotation was not half-restored
    with pytest.raises(RuntimeError), store.transaction() as conn:
        conn.execute("DELETE FROM articles")
        raise RuntimeError("crash in the middle")
    assert store.articles.count() == 1 and store.integrity_ok()
    with pytest.raises(ValueError, match="colour"):
        store.annotations.add(Annotation(a, describe(TEXT, 0, 2), color="pink", start=0, end=2))
    assert store.annotations.for_article(a) == []


def test_file_library_uses_wal_and_foreign_keys(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.schema_version() == SCHEMA_VERSION


def test_v1_library_is_upgraded_without_losing_anything(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO articles (title, text) VALUES ('Ancien', 'Une note sur Erevan et Bakou.')")
    conn.execute("INSERT INTO annotations (uuid, article_id, exact, pos_start, pos_end, start, \"end\", note, created, "
                 "modified) VALUES ('u1', 1, 'Erevan', 13, 19, 13, 19, 'déjà là', 'x', 'x')")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.articles.get(1).title == "Ancien"
        assert [h.note for h in store.annotations.search("deja")] == ["déjà là"]  # the v2 index covers old notes
        assert store.entities.corrections() == []


@pytest.mark.parametrize("content", [b"", b"\x00\x01garbage" * 300, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_corrupt_library_file_gives_a_clear_error_and_is_left_alone(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.sqlite"
    path.write_bytes(content)
    if not content:
        Store(path).close()  # an empty file is a new library
        return
    with pytest.raises(StoreError, match="broken.sqlite"):
        Store(path)
    assert path.read_bytes() == content


def test_a_newer_library_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer version"):
        Store(path)


def test_corrections_survive_reprocessing_and_undo(store: Store) -> None:
    a, _ = store.articles.add(article(content_hash="1"))
    spans = [EntitySpan(13, 25, "PER", "Ilham Aliyev", "Ilham Aliyev"), EntitySpan(35, 40, "ORG", "Bakou", "Bakou")]
    store.store_spans(a, spans)
    cid, before, _ = store.apply_correction(Correction("retype", a, text="Bakou", start=35, end=40, type="LOC"))
    assert [m.type for m in store.entities.mentions(a)] == ["PER", "LOC"]
    store.store_spans(a, spans)  # the recogniser runs again: the correction is replayed
    assert [m.type for m in store.entities.mentions(a)] == ["PER", "LOC"]
    store.revert_correction(cid, before)
    assert [m.type for m in store.entities.mentions(a)] == ["PER", "ORG"]
    store.store_spans(a, spans)
    assert [m.type for m in store.entities.mentions(a)] == ["PER", "ORG"]


def test_related_articles_rank_rare_shared_entities_first(store: Store) -> None:
    ids = [store.articles.add(article(f"A{i}", f"texte {i}", content_hash=str(i)))[0] for i in range(4)]
    common = EntitySpan(0, 5, "LOC", "texte", "Russie")
    rare = EntitySpan(0, 5, "PER", "texte", "Ilham Aliyev")
    store.entities.set_mentions(ids[0], [common, rare])
    store.entities.set_mentions(ids[1], [common])
    store.entities.set_mentions(ids[2], [common])
    store.entities.set_mentions(ids[3], [rare])
    related = store.entities.related_articles(ids[0])
    assert related[0].article_id == ids[3] and related[0].shared == ("Ilham Aliyev",)
    assert {r.article_id for r in related} == set(ids[1:])


def test_the_schema_seen_through_sqlite_utils(store: Store) -> None:
    tables = set(store.db.table_names())
    assert {"articles", "entities", "mentions", "annotations", "tags", "links", "corrections"} <= tables
    assert {"articles_fts", "annotations_fts"} <= tables
    assert {c.name for c in store.db["annotations"].columns} >= {"exact", "prefix", "suffix", "pos_start", "note"}


def test_library_facts_are_kept_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    with Store(path) as store:
        assert store.meta.get("bundled_offered") == ""
        store.meta.set("bundled_offered", "1")
        store.meta.set("bundled_offered", "2")
    with Store(path) as store:
        assert store.meta.get("bundled_offered") == "2"


def test_a_deleted_article_comes_back_whole(store: Store) -> None:
    a, _ = store.articles.add(article(content_hash="1"))
    b, _ = store.articles.add(article("Autre", "Vladimir Poutine est arrivé à Bakou.", content_hash="2"))
    store.store_spans(a, [EntitySpan(13, 25, "PER", "Ilham Aliyev", "Ilham Aliyev"), EntitySpan(35, 40, "ORG", "Bakou", "Bakou")])
    store.apply_correction(Correction("retype", a, text="Bakou", start=35, end=40, type="LOC"))
    note = annotate(store, a, "Ilham Aliyev", color="red", note="à suivre", tags=("acteurs",))
    other = annotate(store, b, "Vladimir Poutine")
    store.links.add(Link(LinkEnd(a, note), LinkEnd(b, other), label="même événement"))
    store.links.add(Link(LinkEnd(b, None), LinkEnd(a, None), label="cause"))
    before = store.snapshot_article(a)
    store.articles.delete(a)
    assert store.links.to_article(b) == [] and store.links.from_article(b) == []
    store.restore_article(before)
    assert store.snapshot_article(a) == before
    assert [m.type for m in store.entities.mentions(a)] == ["PER", "LOC"]
    store.store_spans(a, before.spans[:1] + [EntitySpan(35, 40, "ORG", "Bakou", "Bakou")])
    assert [m.type for m in store.entities.mentions(a)] == ["PER", "LOC"]  # the correction came back too
    assert [h.id for h in store.articles.search("Aliyev")] == [a]


def _dated(store: Store, title: str, published: str) -> int:
    return store.articles.add(article(title, TEXT + " " + title, published=published))[0]


def _titles(store: Store, **kw: str) -> list[str]:
    return [row.title for row in store.articles.rows(store.articles.ids(**kw))]


def test_the_article_list_follows_every_change_to_its_articles(tmp_path: Path, store: Store) -> None:
    first = _dated(store, "Premier", "2024-01-01")
    _dated(store, "Deuxième", "2024-02-01")
    assert _titles(store) == _titles(store, query="Bakou") == ["Deuxième", "Premier"]
    third = _dated(store, "Troisième", "2024-03-01")
    assert _titles(store, query="Bakou") == ["Troisième", "Deuxième", "Premier"]
    store.articles.update_meta(first, published="2024-12-31")  # a date corrected: the article moves up
    assert _titles(store) == ["Premier", "Troisième", "Deuxième"]
    store.articles.delete(third)
    assert _titles(store, query="Bakou") == ["Premier", "Deuxième"]
    with pytest.raises(RuntimeError), store.transaction():  # an import that failed half-way stores nothing
        _dated(store, "Annulé", "2025-01-01")
        assert _titles(store)[0] == "Annulé"
        raise RuntimeError("stopped")
    assert _titles(store) == ["Premier", "Deuxième"] and len(store.articles.ids()) == 2
    with Store(tmp_path / "lib.sqlite") as other:  # a second program on the same library
        _dated(other, "D'ailleurs", "2025-06-01")
    assert _titles(store, query="Bakou") == ["D'ailleurs", "Premier", "Deuxième"]


def test_a_note_added_does_not_make_the_list_read_every_article_again(store: Store) -> None:
    for month in range(1, 10):
        _dated(store, f"Article {month}", f"2024-{month:02d}-01")
    before = store.articles.ids(query="Bakou")
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    annotate(store, before[0], "Ilham Aliyev", note="à suivre")
    statements.clear()
    assert store.articles.ids(query="Bakou") == before
    assert not [s for s in statements if "FROM articles a" in s]  # the order kept: only the full-text query ran
    assert _titles(store, sort="notes")[0] == "Article 9"  # the one with a note comes first by notes
    store.conn.set_trace_callback(None)
