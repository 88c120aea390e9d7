"""The explore read models: links, backlinks, timeline rows and graph layout, without Qt."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

from reader.anchoring import describe
from reader.domain import Annotation, Article, Link, LinkEnd
from reader.entities.model import EntitySpan
from reader.explore.graph import graph_layout
from reader.explore.links import link_rows, links_report
from reader.explore.text import caption_for, format_iso_fr, parse_iso, quote_around
from reader.explore.timeline import TimeScale, timeline_events, timeline_rows
from reader.store import Store

STOLTENBERG = ("Le président Ilham Aliyev rencontre Jens Stoltenberg, de l’OTAN, à Bakou le 17 mars 2024. "
               "L’Azerbaïdjan a rejoint le Partenariat pour la paix en 1994.")
ARTSAKH = ("Le 22 février 2022, Vladimir Poutine et Ilham Aliyev ont signé au Kremlin une déclaration. "
           "La Russie et Bakou coopèrent depuis le cessez-le-feu signé en novembre 2020.")
OTHER = "La météo à Paris sera belle demain."


def spans(text: str, *items: tuple[str, str, str] | tuple[str, str, str, str]) -> list[EntitySpan]:
    out = []
    for item in items:
        words, type_, name = item[:3]
        value = item[3] if len(item) > 3 else ""
        start = text.index(words)
        out.append(EntitySpan(start, start + len(words), type_, words, name, value))
    return sorted(out, key=lambda s: s.start)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "lib.sqlite")
    yield s
    s.close()


@pytest.fixture
def library(store: Store) -> dict[str, int]:
    ids = {}
    for key, title, text in (("stoltenberg", "Stoltenberg à Bakou", STOLTENBERG),
                             ("artsakh", "Coulisses de l’Artsakh", ARTSAKH), ("other", "Météo", OTHER)):
        ids[key], _ = store.articles.add(Article(title=title, text=text, content_hash=key))
    store.entities.set_mentions(ids["stoltenberg"], spans(
        STOLTENBERG, ("Ilham Aliyev", "PER", "Ilham Aliyev"), ("Jens Stoltenberg", "PER", "Jens Stoltenberg"),
        ("OTAN", "ORG", "OTAN"), ("Bakou", "LOC", "Bakou"), ("17 mars 2024", "DATE", "17 mars 2024", "2024-03-17"),
        ("Partenariat pour la paix", "MISC", "Partenariat pour la paix"), ("1994", "DATE", "1994", "1994")))
    store.entities.set_mentions(ids["artsakh"], spans(
        ARTSAKH, ("22 février 2022", "DATE", "22 février 2022", "2022-02-22"),
        ("Vladimir Poutine", "PER", "Vladimir Poutine"), ("Ilham Aliyev", "PER", "Ilham Aliyev"),
        ("Kremlin", "ORG", "Kremlin"), ("Russie", "LOC", "Russie"), ("Bakou", "LOC", "Bakou"),
        ("novembre 2020", "DATE", "novembre 2020", "2020-11")))
    store.entities.set_mentions(ids["other"], spans(OTHER, ("Paris", "LOC", "Paris")))
    return ids


def passage(store: Store, article_id: int, quote: str) -> LinkEnd:
    text = store.articles.get(article_id).text
    start = text.index(quote)
    return LinkEnd(article_id, None, describe(text, start, start + len(quote)))


# dates --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "first", "last", "shown"), [
    ("1994", date(1994, 1, 1), date(1994, 12, 31), "1994"),
    ("2020-11", date(2020, 11, 1), date(2020, 11, 30), "novembre 2020"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "février 2024"),
    ("2025-08-08", date(2025, 8, 8), date(2025, 8, 8), "8 août 2025"),
    ("2024-03-01", date(2024, 3, 1), date(2024, 3, 1), "1er mars 2024"),
])
def test_iso_values_become_periods_and_french_labels(value: str, first: date, last: date, shown: str) -> None:
    assert parse_iso(value) == (first, last)
    assert format_iso_fr(value) == shown


@pytest.mark.parametrize("value", ["", "XXe siècle", "2024-13", "2024-02-30", "24-03-17"])
def test_values_that_are_not_dates_are_refused(value: str) -> None:
    assert parse_iso(value) is None
    assert format_iso_fr(value) == value


def test_time_scale_maps_days_to_x_and_back_and_ticks_follow_the_zoom() -> None:
    scale = TimeScale(date(2020, 1, 1), pixels_per_day=2.0)
    assert scale.x(date(2020, 1, 11)) == 20.0
    assert scale.day_at(20.0) == date(2020, 1, 11)
    assert scale.x(date(2019, 12, 31)) == -2.0
    wide = TimeScale.fitting(date(1990, 1, 1), date(2026, 1, 1), 900)
    labels = [t.label for t in wide.ticks(date(1990, 1, 1), date(2026, 1, 1)) if t.major]
    assert "2000" in labels and "2020" in labels and len(labels) < 20  # years only, readable
    assert not [t for t in wide.ticks(date(1990, 1, 1), date(2026, 1, 1)) if not t.major]
    close = TimeScale(date(2024, 1, 1), pixels_per_day=30)
    ticks = close.ticks(date(2024, 3, 1), date(2024, 3, 31))
    assert any(t.label == "mars" for t in ticks) and any(t.label == "17" for t in ticks)


# text around a passage ------------------------------------------------------------------------------

def test_quote_keeps_words_whole_and_marks_cuts() -> None:
    text = "Un deux trois quatre cinq six sept huit neuf dix onze douze."
    start = text.index("six")
    quote = quote_around(text, start, start + 3, context=12)
    assert quote.startswith("…") and quote.endswith("…") and "six" in quote
    assert all(word in text.split() for word in quote.strip("…").split())
    assert quote_around("court", 0, 5) == "court"
    text = "Titre du site\nLe 22 février 2022, ils ont signé.\nAutre paragraphe"
    start = text.index("22 février")
    assert quote_around(text, start, start + 15) == "Le 22 février 2022, ils ont signé."


def test_caption_names_what_the_date_is_about(store: Store, library: dict[str, int]) -> None:
    text = store.articles.get(library["artsakh"]).text
    mentions = store.entities.mentions(library["artsakh"])
    by_value = {m.value: m for m in mentions if m.type == "DATE"}
    assert caption_for(text, by_value["2020-11"], mentions) == "cessez-le-feu"
    assert caption_for(text, by_value["2022-02-22"], mentions) == "Vladimir Poutine"


# links ------------------------------------------------------------------------------------------------

def test_a_link_shows_at_both_ends_with_its_passages(store: Store, library: dict[str, int]) -> None:
    source = passage(store, library["stoltenberg"], "Ilham Aliyev rencontre Jens Stoltenberg")
    target = passage(store, library["artsakh"], "ont signé au Kremlin une déclaration")
    link_id, _ = store.links.add(Link(source, target, label="même événement", note="deux visites"))
    out, into = link_rows(store, library["stoltenberg"])
    assert [(r.link_id, r.direction, r.there_title, r.here_quote, r.there_quote) for r in out] == [
        (link_id, "out", "Coulisses de l’Artsakh", "Ilham Aliyev rencontre Jens Stoltenberg",
         "ont signé au Kremlin une déclaration")]
    assert into == []
    out, into = link_rows(store, library["artsakh"])
    assert out == [] and [(r.there_title, r.there_quote) for r in into] == [
        ("Stoltenberg à Bakou", "Ilham Aliyev rencontre Jens Stoltenberg")]
    report = links_report(store, library["artsakh"])
    assert report["in"][0]["label"] == "même événement"  # type: ignore[index]
    assert report["in"][0]["start"] == STOLTENBERG.index("Ilham Aliyev rencontre")  # type: ignore[index]


def test_a_link_to_a_note_quotes_the_note_and_labels_are_suggested(store: Store, library: dict[str, int]) -> None:
    text = store.articles.get(library["artsakh"]).text
    start = text.index("cessez-le-feu")
    note_id, _ = store.annotations.add(Annotation(library["artsakh"], describe(text, start, start + 13),
                                                 start=start, end=start + 13))
    store.links.add(Link(LinkEnd(library["stoltenberg"]), LinkEnd(library["artsakh"], note_id), label="cause"))
    store.links.add(Link(LinkEnd(library["other"]), LinkEnd(library["artsakh"]), label="cause"))
    store.links.add(Link(LinkEnd(library["other"]), LinkEnd(library["stoltenberg"]), label="contredit"))
    out, _ = link_rows(store, library["stoltenberg"])
    assert out[0].there_quote == "cessez-le-feu" and out[0].here_quote == ""
    assert store.links.labels() == ["cause", "contredit"]


def test_deleting_a_linked_note_removes_its_links_and_restoring_brings_both_back(
        store: Store, library: dict[str, int]) -> None:
    text = store.articles.get(library["artsakh"]).text
    start = text.index("Kremlin")
    note_id, _ = store.annotations.add(Annotation(library["artsakh"], describe(text, start, start + 7),
                                                 start=start, end=start + 7, note="où"))
    link_id, _ = store.links.add(Link(LinkEnd(library["artsakh"], note_id), LinkEnd(library["stoltenberg"])))
    annotation, links, changes = store.delete_annotation(note_id)
    assert link_id in changes.links and link_rows(store, library["stoltenberg"]) == ([], [])
    store.restore_annotation(annotation, links)
    _, into = link_rows(store, library["stoltenberg"])
    assert [(r.link_id, r.there_quote) for r in into] == [(link_id, "Kremlin")]


def test_unlinked_mentions_rank_articles_by_rare_shared_entities(store: Store, library: dict[str, int]) -> None:
    report = links_report(store, library["artsakh"])
    unlinked = report["unlinked"]
    assert [u["article_id"] for u in unlinked] == [library["stoltenberg"]]  # type: ignore[index]
    assert set(unlinked[0]["shared"]) == {"Ilham Aliyev", "Bakou"}  # type: ignore[index]


# timeline ---------------------------------------------------------------------------------------------

def test_timeline_events_are_in_time_order_with_quotes_and_labels(store: Store, library: dict[str, int]) -> None:
    events = timeline_events(store)
    assert [(e.value, e.article_id) for e in events] == [
        ("1994", library["stoltenberg"]), ("2020-11", library["artsakh"]), ("2022-02-22", library["artsakh"]),
        ("2024-03-17", library["stoltenberg"])]
    last = events[-1]
    assert last.text == "17 mars 2024" and "à Bakou le 17 mars 2024" in last.quote
    assert last.label == "17 mars 2024 (Bakou)"
    assert events[0].label == "1994 (Partenariat pour la paix)"
    assert events[1].label == "novembre 2020 (cessez-le-feu)"
    assert (events[1].first, events[1].last) == (date(2020, 11, 1), date(2020, 11, 30))


def test_timeline_rows_per_article_or_per_entity(store: Store, library: dict[str, int]) -> None:
    events = timeline_events(store)
    rows = timeline_rows(events)
    assert [r.title for r in rows] == ["Stoltenberg à Bakou", "Coulisses de l’Artsakh"]  # by first date
    assert [e.value for e in rows[0].events] == ["1994", "2024-03-17"]
    by_entity = {r.title: [e.value for e in r.events] for r in timeline_rows(events, by="entity")}
    assert by_entity["Ilham Aliyev"] == ["2022-02-22", "2024-03-17"]
    assert by_entity["Partenariat pour la paix"] == ["1994"]
    assert "Paris" not in by_entity


# graph -------------------------------------------------------------------------------------------------

def test_graph_layout_is_deterministic_and_spreads_nodes(store: Store, library: dict[str, int]) -> None:
    edges = store.entities.cooccurrence_edges(types=("PER", "ORG", "LOC"))
    nodes = sorted({n for a, b, _ in edges for n in (a, b)})
    first = graph_layout(nodes, edges, size=100)
    assert first == graph_layout(nodes, edges, size=100)
    assert set(first) == set(nodes)
    xs = [p[0] for p in first.values()]
    assert max(xs) - min(xs) > 50
    assert len({(round(x), round(y)) for x, y in first.values()}) == len(nodes)  # no two nodes on top
    assert graph_layout([], []) == {} and graph_layout([5], []) == {5: (0.0, 0.0)}


@pytest.mark.parametrize("count", [500, 2000])
def test_graph_layout_of_a_big_graph_needs_only_numpy(count: int) -> None:
    # networkx's spring layout turns to scipy from 500 nodes, which the program does not ship
    nodes = list(range(1, count + 1))
    edges = [(a, a % 97 + 1 + (a * 7) % (count - 98), 1 + a % 5) for a in range(1, count + 1, 2)]
    edges = [(a, b, w) for a, b, w in edges if a != b]
    size = 90 * count ** 0.5 + 120  # as the graph view asks
    positions = graph_layout(nodes, edges, size=size)
    assert set(positions) == set(nodes)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in positions.values())
    assert max(max(abs(x), abs(y)) for x, y in positions.values()) == pytest.approx(size)
    assert len({(round(x), round(y)) for x, y in positions.values()}) == count  # no two nodes on one pixel
