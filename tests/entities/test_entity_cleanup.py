"""French clean-up: no elided article, determiner or title at the start of a span, and no junk spans."""

from __future__ import annotations

import re

import pytest

from reader.entities.canonical import annotate
from reader.entities.cleanup import clean_span
from reader.entities.gazetteer import Gazetteer


def _cleaned(surface: str, type_: str = "ORG") -> str | None:
    bounds = clean_span(surface, 0, len(surface), type_)
    return None if bounds is None else surface[bounds[0]:bounds[1]]


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("l’OTAN", "OTAN"),
        ("l'OTAN", "OTAN"),
        ("d’Azerbaïdjan", "Azerbaïdjan"),
        ("d'Azerbaïdjan", "Azerbaïdjan"),
        ("L’Union européenne", "Union européenne"),
        ("la Reina", "Reina"),
        ("Le Monde", "Le Monde"),
        ("OTAN,", "OTAN"),
    ],
)
def test_elision_and_determiners_are_trimmed(surface: str, name: str) -> None:
    assert _cleaned(surface) == name


def test_titles_are_not_part_of_a_person_name() -> None:
    assert _cleaned("président Emmanuel Macron", "PER") == "Emmanuel Macron"
    assert _cleaned("M. Aliyev", "PER") == "Aliyev"


@pytest.mark.parametrize("junk", ["s’", "l'", "»", "1994", "42", "-", "la"])
def test_junk_spans_are_dropped(junk: str) -> None:
    assert _cleaned(junk) is None


def test_no_annotated_span_starts_with_an_elision(gazetteer: Gazetteer) -> None:
    text = "L’OTAN et l'Azerbaïdjan ; d’Arménie, s’ il le faut, l’Union européenne."
    raw = []
    for surface, label in (("L’OTAN", "ORG"), ("l'Azerbaïdjan", "LOC"), ("d’Arménie", "LOC"), ("s’", "MISC"),
                           ("l’Union européenne", "ORG")):
        start = text.index(surface)
        raw.append((start, start + len(surface), label))
    spans = annotate(text, raw, "", gazetteer)
    assert spans, "the names themselves are kept"
    for span in spans:
        assert not re.match(r"(?i)[ldjs]['’]", span.text), span
        assert text[span.start:span.end] == span.text
    assert {s.text for s in spans} >= {"OTAN", "Azerbaïdjan", "Arménie", "Union européenne"}


def test_hyphenated_pair_of_known_names_is_two_entities(gazetteer: Gazetteer) -> None:
    text = "Les relations Azerbaïdjan-OTAN se réchauffent."
    spans = annotate(text, [(14, 30, "ORG")], "", gazetteer)
    assert [(s.text, s.type) for s in spans] == [("Azerbaïdjan", "LOC"), ("OTAN", "ORG")]


def test_known_name_inside_a_hyphenated_place_is_not_split_out(gazetteer: Gazetteer) -> None:
    text = "Un séisme a frappé la Papouasie-Nouvelle-Guinée."
    spans = annotate(text, [], "", gazetteer)
    assert all(s.text != "Guinée" for s in spans)


def test_inhabitants_are_not_places(gazetteer: Gazetteer) -> None:
    text = "Les Américains et deux Britanniques ont rencontré un Français à Calais, en Belgique."
    raw = []
    for surface in ("Américains", "Britanniques", "Français", "Calais", "Belgique"):
        start = text.index(surface)
        raw.append((start, start + len(surface), "LOC"))
    assert {s.text for s in annotate(text, raw, "", gazetteer) if s.type == "LOC"} == {"Calais", "Belgique"}


def test_stop_list_words_are_never_entities(gazetteer: Gazetteer) -> None:
    text = "L'État a réagi à 14 h UTC, selon la République, mais l'État islamique a menacé."
    raw = [(2, 6, "LOC"), (22, 25, "ORG"), (39, 49, "LOC"), (58, 73, "ORG")]
    spans = annotate(text, raw, "", gazetteer)
    assert [(s.text, s.type) for s in spans] == [("État islamique", "ORG")]
