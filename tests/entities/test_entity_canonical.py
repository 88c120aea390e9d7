"""Linking: every mention resolves to one canonical entity; names recognised once are found everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.entities.canonical import annotate
from reader.entities.gazetteer import Gazetteer
from reader.entities.pipeline import EntityPipeline


def _entities(spans: list, surface: str) -> set[tuple[str, str]]:
    return {(s.entity, s.type) for s in spans if s.text == surface}


def test_gazetteer_aliases_share_one_entity(gazetteer: Gazetteer) -> None:
    text = "L’OTAN se réunit. La NATO, l'OTAN et l’Organisation du Traité de l’Atlantique-Nord sont une seule alliance."
    spans = annotate(text, [], "", gazetteer)
    assert {(s.entity, s.type) for s in spans} == {("OTAN", "ORG")}
    assert len(spans) == 4


def test_gazetteer_links_spelling_variants(gazetteer: Gazetteer) -> None:
    text = "Bakou, Baku, les États-Unis, les Etats-Unis, le Haut-Karabakh, le Nagorno-Karabakh et le Karabakh."
    names = {s.text: s.entity for s in annotate(text, [], "", gazetteer)}
    assert names["Baku"] == names["Bakou"]
    assert names["Etats-Unis"] == names["États-Unis"]
    assert names["Nagorno-Karabakh"] == names["Haut-Karabakh"] == names["Karabakh"]


def test_surname_links_to_full_name_in_the_same_article() -> None:
    text = "Jean Dupontel a parlé à Lyon. Plus tard, Dupontel a démenti."
    spans = annotate(text, [(0, 13, "PER")], "", Gazetteer({}))
    assert _entities(spans, "Dupontel") == {("Jean Dupontel", "PER")}


def test_name_recognised_once_is_found_at_every_occurrence() -> None:
    text = "Zorglandia a voté. Les habitants de Zorglandia attendent ; Zorglandia décidera."
    spans = annotate(text, [(0, 10, "LOC")], "", Gazetteer({}))
    assert [s.start for s in spans if s.text == "Zorglandia"] == [0, 36, 59]


def test_a_person_of_a_known_country_is_a_person_and_a_place(gazetteer: Gazetteer) -> None:
    text = "Le président Vladimir Poutine de Russie arrive. Charles de Gaulle ne vient pas."
    poutine = text.index("Vladimir")
    gaulle = text.index("Charles")
    spans = annotate(text, [(poutine, poutine + len("Vladimir Poutine de Russie"), "PER"), (gaulle, gaulle + len("Charles de Gaulle"), "PER")], "", gazetteer)
    assert [(s.text, s.type, s.entity) for s in spans] == [
        ("Vladimir Poutine", "PER", "Vladimir Poutine"), ("Russie", "LOC", "Russie"),
        ("Charles de Gaulle", "PER", "Charles de Gaulle")]


def test_user_lines_extend_the_gazetteer(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.tsv"
    path.write_text("# my entities\nBlorbville\tLOC\tBlorb | Ville de Blorb\n", encoding="utf-8")
    spans = annotate("J'habite à Blorb, la Ville de Blorb.", [], "", Gazetteer.load(path))
    assert {(s.text, s.entity, s.type) for s in spans} == {("Blorb", "Blorbville", "LOC"),
                                                           ("Ville de Blorb", "Blorbville", "LOC")}


@pytest.mark.slow
def test_pipeline_links_aliases_and_surnames(pipeline: EntityPipeline) -> None:
    text = (
        "Le 17 mars 2024, le président Ilham Aliyev a reçu à Bakou le secrétaire général de l’OTAN. "
        "Aliyev a rappelé que la NATO et l'OTAN soutiennent le dialogue. "
        "Vladimir Poutine a réagi depuis Moscou ; Poutine a appelé Aliyev."
    )
    spans = pipeline.analyze(text, "2024-03-18")
    assert _entities(spans, "OTAN") | _entities(spans, "NATO") == {("OTAN", "ORG")}
    assert _entities(spans, "Aliyev") == _entities(spans, "Ilham Aliyev") == {("Ilham Aliyev", "PER")}
    assert _entities(spans, "Poutine") == _entities(spans, "Vladimir Poutine") == {("Vladimir Poutine", "PER")}
    dates = [s for s in spans if s.text == "17 mars 2024"]
    assert [(d.type, d.value) for d in dates] == [("DATE", "2024-03-17")]
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    assert all(text[s.start:s.end] == s.text for s in spans)


@pytest.mark.slow
def test_pipeline_spans_never_start_with_an_elision(pipeline: EntityPipeline) -> None:
    text = ("L'armée d'Azerbaïdjan a repris le contrôle. Selon l’ONU, l’Arménie et l'Iran s'inquiètent "
            "de l’avancée d’Israël et de l'Union européenne.")
    spans = pipeline.analyze(text)
    assert spans
    assert not [s for s in spans if s.text[:2].lower() in ("l'", "l’", "d'", "d’", "s'", "s’")]


@pytest.mark.slow
def test_analyze_many_keeps_order_and_anchors_dates(pipeline: EntityPipeline) -> None:
    results = list(pipeline.analyze_many([("Le 8 août, à Paris.", "2020-09-01"), ("Le 8 août.", "1999-01-01")]))
    values = [[s.value for s in spans if s.type == "DATE"] for spans in results]
    assert values == [["2020-08-08"], ["1999-08-08"]]
