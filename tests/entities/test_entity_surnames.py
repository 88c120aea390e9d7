"""A bare surname joins the one full name the library knows for it in the article's period, and no other."""

from __future__ import annotations

from reader.entities.model import EntitySpan
from reader.entities.surnames import KnownPerson, link_surnames

TEXT = "Aliyev a parlé à Bakou."
BARE = EntitySpan(0, 6, "MISC", "Aliyev", "Aliyev")


def _people(*people: KnownPerson):  # type: ignore[no-untyped-def]
    return lambda surname: [p for p in people if p.name.split()[-1] == surname]


def test_a_bare_surname_joins_the_only_person_of_its_period() -> None:
    spans, links = link_surnames([BARE], "2023-10-05", _people(KnownPerson("Ilham Aliyev", ("2023-09-20", "2024-01-02"))))
    assert [(s.entity, s.type, s.source) for s in spans] == [("Ilham Aliyev", "PER", "library")]
    assert [(link.surface, link.entity) for link in links] == [("Aliyev", "Ilham Aliyev")]
    assert "in 2 other articles" in links[0].evidence


def test_two_people_of_the_period_keep_the_surname_apart() -> None:
    people = _people(KnownPerson("Ilham Aliyev", ("2023-09-20",)), KnownPerson("Heydar Aliyev", ("2023-05-10",)))
    spans, links = link_surnames([BARE], "2023-10-05", people)
    assert [(s.entity, s.source) for s in spans] == [("Aliyev", "model")] and links == []


def test_a_person_named_only_in_another_period_does_not_count() -> None:
    people = _people(KnownPerson("Ilham Aliyev", ("2023-09-20",)), KnownPerson("Heydar Aliyev", ("1995-05-10",)))
    spans, _ = link_surnames([BARE], "2023-10-05", people)
    assert spans[0].entity == "Ilham Aliyev"


def test_the_articles_own_full_name_wins() -> None:
    own = EntitySpan(10, 23, "PER", "Heydar Aliyev", "Heydar Aliyev")
    spans, links = link_surnames([BARE, own], "2023-10-05", _people(KnownPerson("Ilham Aliyev", ("2023-09-20",))))
    assert [s.entity for s in spans] == ["Aliyev", "Heydar Aliyev"] and links == []


def test_places_and_known_names_are_left_alone() -> None:
    place = EntitySpan(17, 22, "LOC", "Bakou", "Bakou")
    spans, links = link_surnames([place], "", _people(KnownPerson("Jean Bakou", ("2023-09-20",))))
    assert spans == [place] and links == []


def test_a_full_name_imported_later_takes_the_bare_surnames_already_in() -> None:
    from reader.domain import Article
    from reader.store import Store

    with Store() as store:
        bare_id, _ = store.articles.add(Article("Bakou", TEXT, published="2023-10-05"))
        store.store_spans(bare_id, [BARE])
        assert [m.entity for m in store.entities.mentions(bare_id)] == ["Aliyev"]
        full_text = "Ilham Aliyev reçoit à Bakou."
        full_id, _ = store.articles.add(Article("Visite", full_text, published="2023-10-06"))
        changes = store.store_spans(full_id, [EntitySpan(0, 12, "PER", "Ilham Aliyev", "Ilham Aliyev")])
        assert bare_id in changes.mentions_of
        assert [(m.entity, m.source) for m in store.entities.mentions(bare_id)] == [("Ilham Aliyev", "library")]
        link = store.entities.name_link(bare_id, "Aliyev")
        assert link is not None and "Ilham Aliyev" in link.evidence


def test_a_surname_taken_for_a_place_joins_the_person_when_no_article_names_such_a_place() -> None:
    # "Aliyev a souligné": the recogniser read a place
    as_place = EntitySpan(0, 6, "LOC", "Aliyev", "Aliyev")
    people = _people(KnownPerson("Ilham Aliyev", ("2023-09-20",)))
    spans, links = link_surnames([as_place], "2023-10-05", people, place_elsewhere=lambda name: False)
    assert [(s.entity, s.type, s.source) for s in spans] == [("Ilham Aliyev", "PER", "library")]
    assert [link.entity for link in links] == ["Ilham Aliyev"]


def test_a_place_other_articles_name_stays_a_place_whoever_bears_its_name() -> None:
    place = EntitySpan(17, 22, "LOC", "Bakou", "Bakou")
    people = _people(KnownPerson("Jean Bakou", ("2023-09-20",)))
    spans, links = link_surnames([place], "2023-10-05", people, place_elsewhere=lambda name: name == "Bakou")
    assert spans == [place] and links == []
