"""What keeps a large library fast stays exact: entity counts kept on write, bulk writes, bounded rankings."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.domain import Article
from reader.entities.model import Correction, EntitySpan
from reader.store import Store
from reader.store import entities as entity_store
from reader.store.schema import MIGRATIONS

TEXT = "Ilham Aliyev a reçu à Bakou une délégation de l’OTAN, puis Ilham Aliyev est rentré à Bakou."


def spans_of(text: str, *names: str, type_: str = "PER") -> list[EntitySpan]:
    out = []
    for name in names:
        start = 0
        while (start := text.find(name, start)) >= 0:
            out.append(EntitySpan(start, start + len(name), type_, name, name))
            start += len(name)
    return sorted(out, key=lambda s: s.start)


def counted(store: Store) -> dict[str, tuple[int, int]]:
    """(mentions, articles) per entity, counted from the mentions themselves."""
    return {r[0]: (r[1], r[2]) for r in store.conn.execute(
        "SELECT e.name, count(m.id), count(DISTINCT m.article_id) FROM entities e JOIN mentions m "
        "ON m.entity_id = e.id GROUP BY e.id")}


def kept(store: Store) -> dict[str, tuple[int, int]]:
    return {r.name: (r.mentions, r.articles) for r in store.entities.rows()}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "lib.sqlite")
    yield s
    s.close()


def add(store: Store, title: str, text: str = TEXT) -> int:
    return store.articles.add(Article(title=title, text=text, content_hash=title))[0]


def test_entity_counts_stay_exact_through_every_write(store: Store) -> None:
    a, b, c = (add(store, t) for t in "abc")
    store.entities.set_mentions(a, spans_of(TEXT, "Ilham Aliyev", "Bakou"))
    store.entities.set_mentions_many([(b, spans_of(TEXT, "Bakou")), (c, spans_of(TEXT, "Ilham Aliyev", "OTAN"))])
    assert kept(store) == counted(store) == {"Ilham Aliyev": (4, 2), "Bakou": (4, 2), "OTAN": (1, 1)}
    assert store.entities.article_count(store.entities.find("Bakou").id) == 2  # type: ignore[union-attr]

    snapshot = store.snapshot_article(c)
    store.articles.delete(c)  # mentions go by cascade
    assert kept(store) == counted(store) == {"Ilham Aliyev": (2, 1), "Bakou": (4, 2)}
    store.restore_article(snapshot)
    assert kept(store) == counted(store) == {"Ilham Aliyev": (4, 2), "Bakou": (4, 2), "OTAN": (1, 1)}

    store.update_article_text(a, Article(title="a", text=TEXT + " Fin.", content_hash="a2"))
    store.entities.set_mentions(b, [])
    assert kept(store) == counted(store) == {"Ilham Aliyev": (2, 1), "OTAN": (1, 1)}
    # an entity nobody names any more is gone, not listed with zero articles
    assert store.entities.find("Bakou") is None


def test_bulk_spans_get_the_same_corrections_as_one_by_one(store: Store) -> None:
    ids = [add(store, t) for t in "abcd"]
    store.apply_correction(Correction(kind="reject", text="Bakou"))
    store.apply_correction(Correction(kind="retype", article_id=ids[1], text="OTAN", type="ORG"))
    spans = spans_of(TEXT, "Ilham Aliyev", "Bakou", "OTAN")
    store.store_spans(ids[0], spans)
    store.store_spans(ids[1], spans)
    one_by_one = [store.entities.spans(i) for i in ids[:2]]
    store.store_spans_many([(ids[2], TEXT, spans), (ids[3], TEXT, spans)])
    assert [store.entities.spans(i) for i in ids[2:]] == [one_by_one[0], one_by_one[0]]
    store.store_spans_many([(ids[2], TEXT, spans), (ids[3], TEXT, spans)][::-1][1:] + [(ids[1], TEXT, spans)])
    assert store.entities.spans(ids[1]) == one_by_one[1]
    assert "Bakou" not in {s.text for i in ids for s in store.entities.spans(i)}


BARE_TEXT = "Aliyev a parlé à Bakou."
BARE = EntitySpan(0, 6, "MISC", "Aliyev", "Aliyev")


def dated(store: Store, title: str, published: str, text: str = TEXT) -> int:
    return store.articles.add(Article(title=title, text=text, published=published, content_hash=title))[0]


def test_a_bare_surname_is_linked_alike_in_bulk_and_one_by_one(store: Store) -> None:
    for k in range(3):
        store.store_spans(dated(store, f"ilham{k}", f"2023-0{k + 1}-10"), spans_of(TEXT, "Ilham Aliyev"))
    store.store_spans(dated(store, "heydar", "1995-05-10", "Heydar Aliyev"), spans_of("Heydar Aliyev", "Heydar Aliyev"))
    recent, old = (dated(store, t, p, BARE_TEXT) for t, p in (("recent", "2023-10-05"), ("old", "1996-01-01")))
    store.store_spans(recent, [BARE])
    store.store_spans(old, [BARE])
    one_by_one = [(store.entities.spans(i), store.entities.name_link(i, "Aliyev")) for i in (recent, old)]
    assert [spans[0].entity for spans, _ in one_by_one] == ["Ilham Aliyev", "Heydar Aliyev"]
    assert one_by_one[0][1] is not None and one_by_one[0][1].evidence.endswith("in 3 other articles")
    again = [dated(store, t, p, BARE_TEXT) for t, p in (("recent2", "2023-10-05"), ("old2", "1996-01-01"))]
    store.store_spans_many([(again[0], BARE_TEXT, [BARE]), (again[1], BARE_TEXT, [BARE])])
    assert [store.entities.spans(i) for i in again] == [spans for spans, _ in one_by_one]
    # the articles linked since count among the person's articles
    evidence = [store.entities.name_link(i, "Aliyev").evidence for i in again]  # type: ignore[union-attr]
    assert evidence[0].endswith("Ilham Aliyev, in 4 other articles")
    assert evidence[1].endswith("Heydar Aliyev, in 2 other articles")


def steps(store: Store, work: Callable[[], object]) -> int:
    """SQLite virtual-machine steps (in thousands) that ``work`` costs: a count, not a time."""
    count = 0

    def tick() -> int:
        nonlocal count
        count += 1
        return 0

    store.conn.set_progress_handler(tick, 1000)
    try:
        work()
    finally:
        store.conn.set_progress_handler(None, 0)
    return count


def test_linking_a_bare_surname_does_not_grow_with_the_articles_naming_the_person(store: Store) -> None:
    def naming(count: int) -> None:
        ids = [dated(store, f"p{store.articles.count()}-{k}", "2023-01-10") for k in range(count)]
        store.store_spans_many([(i, TEXT, spans_of(TEXT, "Ilham Aliyev", "Bakou")) for i in ids])

    def link_one() -> int:
        bare = dated(store, f"bare{store.articles.count()}", "2023-10-05", BARE_TEXT)
        used = steps(store, lambda: store.store_spans_many([(bare, BARE_TEXT, [BARE])]))
        assert store.entities.spans(bare)[0].entity == "Ilham Aliyev"
        return used

    naming(20)
    few = link_one()
    naming(2000)
    assert link_one() <= few + 2


def test_a_v4_library_gets_its_entity_counts_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    for number in range(4):
        MIGRATIONS[number](conn)
    conn.execute(f"PRAGMA user_version = {4}")
    conn.execute("INSERT INTO articles (id, title, text) VALUES (1, 'a', ?), (2, 'b', ?)", (TEXT, TEXT))
    conn.execute("INSERT INTO entities (id, name, type) VALUES (1, 'Bakou', 'LOC')")
    conn.execute('INSERT INTO mentions (article_id, entity_id, start, "end", text, type) VALUES '
                 "(1, 1, 22, 27, 'Bakou', 'LOC'), (1, 1, 86, 91, 'Bakou', 'LOC'), (2, 1, 22, 27, 'Bakou', 'LOC')")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert kept(store) == {"Bakou": (3, 2)}


def test_unlinked_mentions_find_the_rare_name_among_thousands_sharing_a_common_one(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # a small bound stands for a large library: "OTAN" is named by far more articles than are read for it
    monkeypatch.setattr(entity_store, "CANDIDATE_ROWS", 20)
    monkeypatch.setattr(entity_store, "MIN_CANDIDATES_PER_ENTITY", 10)
    text = "Ilham Aliyev et l’OTAN."
    otan = spans_of(text, "OTAN", type_="ORG")
    both = otan + spans_of(text, "Ilham Aliyev")
    rare = add(store, "rare", text)  # the oldest: not among the newest articles naming OTAN
    store.entities.set_mentions(rare, both)
    common = [add(store, f"common {i}", text) for i in range(60)]
    store.entities.set_mentions_many([(i, otan) for i in common])
    here = add(store, "here", text)
    store.entities.set_mentions(here, both)
    related = store.entities.related_articles(here, limit=5)
    assert [r.title for r in related][:2] == ["rare", "common 59"]
    assert related[0].shared == ("Ilham Aliyev", "OTAN")
    assert related[1].shared == ("OTAN",)


def test_the_article_list_follows_writes_here_and_from_another_process(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    store, other = Store(path), Store(path)
    for i in range(40):
        text = "Bakou " + ("et l’OTAN" if i % 20 == 0 else "seule") + f" numéro {i}."
        store.articles.add(Article(title=f"t{i:02d}", text=text, published=f"2020-01-{1 + i % 28:02d}",
                                  content_hash=str(i)))
    newest_first = store.articles.ids()
    assert len(newest_first) == 40
    assert store.articles.ids(query="otan", sort="title", descending=False) == [1, 21]  # few: sorted alone
    assert store.articles.ids(query="bakou", sort="title", descending=False) == list(range(1, 41))  # many
    added, _ = other.articles.add(Article(title="t00 bis", text="Bakou encore.", published="2030-01-01",
                                         content_hash="new"))
    assert store.articles.ids()[0] == added
    assert store.articles.ids(query="bakou", sort="title", descending=False)[:2] == [1, added]
    store.articles.delete(1)
    assert 1 not in store.articles.ids(query="bakou") and len(store.articles.ids()) == 40
    store.close()
    other.close()


def test_a_pasted_page_is_searched_by_its_first_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli import main

    db = tmp_path / "lib.sqlite"
    with Store(db) as store:
        store.articles.add(Article(title="Bakou reçoit", text=TEXT, content_hash="x"))
        store.articles.add(Article(title="Autre", text="Rien à voir.", content_hash="y"))
    page = " ".join(TEXT.split() * 1200) + " introuvable"  # over 100 KB; its last word is nowhere
    assert len(page) > 100_000
    assert main(["--db", str(db), "search", page]) == 0
    out, err = capsys.readouterr()
    assert "Bakou reçoit" in out and "Autre" not in out
    assert err.strip().splitlines() == [
        "reader: the query is longer than 32 words; its first 32 are searched"]
