"""The slips a reader sees first: verbs, titles, page chrome and cut compounds taken as names."""

from __future__ import annotations

import pytest

from reader.entities.french import chrome_ranges, split_title, title_length, whole_compound
from reader.entities.gazetteer import Gazetteer
from reader.entities.model import EntitySpan
from reader.entities.pipeline import EntityPipeline


def _named(spans: list[EntitySpan]) -> list[tuple[str, str]]:
    return [(s.text, s.type) for s in spans if s.type != "DATE"]


def test_a_title_is_cut_from_the_name_it_precedes() -> None:
    text = "le Président azerbaïdjanais Ilham Aliyev"
    start = text.index("Président")
    assert title_length(text[start:]) == len("Président azerbaïdjanais")
    new_start, end, kind = split_title(text, start, len(text)) or (0, 0, "")
    assert (text[new_start:end], kind) == ("Ilham Aliyev", "name")


def test_a_title_of_an_organisation_leaves_the_organisation() -> None:
    text = "le Secrétaire général de l’OTAN, Jens Stoltenberg"
    start, end = text.index("Secrétaire"), text.index(",")
    new_start, new_end, kind = split_title(text, start, end) or (0, 0, "")
    assert (text[new_start:new_end], kind) == ("OTAN", "org")


def test_a_title_alone_is_no_name() -> None:
    text = "avec le Président azerbaïdjanais, Ilham Aliyev"
    start = text.index("Président")
    assert split_title(text, start, text.index(","))[2] == "none"  # type: ignore[index]


def test_a_cut_hyphenated_place_grows_whole() -> None:
    text = "dans le Caucase-Sud et le Haut-Karabakh."
    caucase = text.index("Caucase")
    karabakh = text.index("Karabakh")
    assert text[slice(*whole_compound(text, caucase, caucase + len("Caucase")))] == "Caucase-Sud"
    assert text[slice(*whole_compound(text, karabakh, karabakh + len("Karabakh")))] == "Haut-Karabakh"


def test_a_sharing_bar_is_page_chrome() -> None:
    text = "Bakou a reçu Ilham Aliyev.\n\nPartager cet article :\nCourriel ,\nFacebook ,\nGoogle ,\nReddit\n\nLa suite."
    (start, end), = chrome_ranges(text)
    assert "Google" in text[start:end] and "Aliyev" not in text[start:end] and "suite" not in text[start:end]


@pytest.mark.slow
@pytest.mark.parametrize("heading", ["Renforcer le partenariat", "Laisser un commentaire"])
def test_a_heading_that_starts_with_a_verb_is_no_name(pipeline: EntityPipeline, heading: str) -> None:
    text = f"Jens Stoltenberg est arrivé à Bakou.\n\n{heading}\n\nLe dialogue continue."
    assert heading.split()[0] not in {s.text.split()[0] for s in pipeline.analyze(text)}


@pytest.mark.slow
def test_sentence_initial_auxiliaries_and_participles_are_no_names(pipeline: EntityPipeline) -> None:
    text = "Ont été arrêtés trois hommes à Lyon. Loué par ses pairs, Jean Dupont quitte Lille."
    assert _named(pipeline.analyze(text)) == [("Lyon", "LOC"), ("Jean Dupont", "PER"), ("Lille", "LOC")]


@pytest.mark.slow
def test_a_job_title_is_not_an_organisation(pipeline: EntityPipeline) -> None:
    text = ("Jens Stoltenberg a salué, lors de sa rencontre avec le Président azerbaïdjanais, Ilham Aliyev, "
            "la longue coopération.")
    assert _named(pipeline.analyze(text)) == [("Jens Stoltenberg", "PER"), ("Ilham Aliyev", "PER")]


@pytest.mark.slow
def test_secretary_general_of_nato_is_nato_not_a_place(pipeline: EntityPipeline) -> None:
    text = "Ilham Aliyev (à droite sur la photo) rencontre le Secrétaire général de l’OTAN, Jens Stoltenberg (à gauche)."
    assert _named(pipeline.analyze(text)) == [("Ilham Aliyev", "PER"), ("OTAN", "ORG"), ("Jens Stoltenberg", "PER")]


@pytest.mark.slow
def test_an_agency_credit_glued_to_the_next_word_is_the_agency(pipeline: EntityPipeline) -> None:
    text = "Il est en visite en Arménie, en Azerbaïdjan et en Géorgie. AFPLa sécurité est une priorité pour le Caucase-Sud."
    named = _named(pipeline.analyze(text))
    assert ("AFP", "ORG") in named
    assert not [t for t, _ in named if t.startswith("AFPL")]
    assert ("Caucase-Sud", "LOC") in named


@pytest.mark.slow
def test_compound_places_stay_whole(pipeline: EntityPipeline) -> None:
    spans = pipeline.analyze("La sécurité du Caucase-Sud et du Haut-Karabakh.")
    assert [(s.text, s.entity) for s in spans] == [("Caucase-Sud", "Caucase du Sud"), ("Haut-Karabakh", "Haut-Karabakh")]


@pytest.mark.slow
def test_a_ministers_title_is_split_from_his_name(pipeline: EntityPipeline) -> None:
    text = "Le ministre des Affaires étrangères Sergueï Lavrov a rencontré le ministre de l'Intérieur Gérald Darmanin."
    named = _named(pipeline.analyze(text))
    assert ("Sergueï Lavrov", "PER") in named and ("Gérald Darmanin", "PER") in named
    assert not [t for t, type_ in named if type_ == "ORG" and ("ministre" in t or "Lavrov" in t or "Darmanin" in t)]


def test_the_sharing_bar_of_a_page_gives_no_entity(gazetteer: Gazetteer) -> None:
    from reader.entities.canonical import annotate

    text = "Bakou accueille l'OTAN.\n\nPartager cet article :\nCourriel ,\nFacebook ,\nTwitter\n"
    facebook = text.index("Facebook")
    spans = annotate(text, [(facebook, facebook + len("Facebook"), "ORG")], "", gazetteer)
    assert [s.text for s in spans] == ["Bakou", "OTAN"]


def test_what_the_writer_says_an_organisation_is_makes_it_one(gazetteer: Gazetteer) -> None:
    from reader.entities.canonical import annotate

    text = "Selon la société Zorblax, le journal Quotidia et la station Trocadéro sont fermés."
    ents = [(text.index(word), text.index(word) + len(word), "LOC") for word in ("Zorblax", "Quotidia", "Trocadéro")]
    assert [(s.text, s.type) for s in annotate(text, ents, "", gazetteer)] == [
        ("Zorblax", "ORG"), ("Quotidia", "ORG"), ("Trocadéro", "LOC")]


def test_the_sentences_article_is_not_part_of_a_known_name(gazetteer: Gazetteer) -> None:
    from reader.entities.canonical import annotate

    text = "La France a gagné. Le Monde le dit."
    spans = annotate(text, [(0, 9, "LOC"), (19, 27, "ORG")], "", gazetteer)
    assert [(s.text, s.type) for s in spans] == [("France", "LOC"), ("Le Monde", "ORG")]
