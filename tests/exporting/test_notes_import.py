"""Notes coming in: our JSON-LD (round trip), other tools' annotations, PDF highlights."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from export_library import BAKOU, Library, add_articles

from reader.anchoring import Quote, place
from reader.domain import Article
from reader.exporting import Scope, export_notes
from reader.importing import read_file
from reader.importing.notes import holder_id, import_notes
from reader.importing.pdf_highlights import import_pdf_highlights
from reader.store import Store


def items_of(path: Path) -> list[dict[str, Any]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return sorted(doc["first"]["items"], key=lambda item: item["id"])


def test_round_trip_through_a_fresh_library(library: Library, tmp_path: Path) -> None:
    first = tmp_path / "first.jsonld"
    export_notes(library.store, "json", Scope(everything=True), first)
    with Store(tmp_path / "fresh.sqlite") as fresh:
        fresh.articles.add(Article("Autre", "Un article sans rapport, pour décaler les numéros.", content_hash="x"))
        add_articles(fresh)
        report = import_notes(fresh, first)
        assert (report.error, report.attached, report.links, report.unplaced) == ("", 7, 4, [])
        again = import_notes(fresh, first)
        assert (again.attached, again.links, again.skipped) == (0, 0, 11)
        second = tmp_path / "second.jsonld"
        export_notes(fresh, "json", Scope(everything=True), second)
    before, after = items_of(first), items_of(second)
    assert after == before  # same ids, notes, tags, colours, selectors, links
    assert {i["target"]["styleClass"] for i in after if i["motivation"] != "linking"} == {
        "reader-yellow", "reader-green", "reader-red", "reader-purple", "reader-blue"}


def hypothesis_like(source: str, exact: str, text: str = "", tags: list[str] | None = None,
                    ident: str = "https://hypothes.is/a/abc123") -> dict[str, Any]:
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "id": ident,
        "created": "2024-03-21T10:00:00.000000+00:00",
        "body": [{"type": "TextualBody", "value": text, "format": "text/markdown"}]
        + [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in tags or []],
        "target": [{"source": source, "selector": [{"type": "RangeSelector", "startSelector": {}},
                                                   {"type": "TextQuoteSelector", "exact": exact}]}],
    }


def test_another_tools_notes_attach_where_their_quote_is(tmp_path: Path) -> None:
    with Store(tmp_path / "lib.sqlite") as store:
        bakou, moscou = add_articles(store)
        notes = [
            hypothesis_like("https://news.example/stoltenberg", "première étape d’une tournée", "Lu sur le web.",
                            ["web"], ident="https://hypothes.is/a/one"),
            hypothesis_like("https://news.example/kremlin", "Le Kremlin y voit", "Vu de Moscou", ident="https://hypothes.is/a/two"),
            hypothesis_like("https://news.example/x", "Jens Stoltenberg", "partout", ident="https://hypothes.is/a/three"),
            hypothesis_like("https://news.example/y", "une phrase qui n'existe nulle part", "", ident="https://hypothes.is/a/four"),
        ]
        path = tmp_path / "hypothesis.json"
        path.write_text(json.dumps(notes, ensure_ascii=False), encoding="utf-8")
        report = import_notes(store, path)
        assert report.error == "" and len(report.placed) == 2
        # Not placed, said why, and kept (in the library's "Notes not placed" article) to attach by hand.
        assert [(o.id, o.reason) for o in report.unplaced] == [
            ("https://hypothes.is/a/three", "the quote occurs twice with context that does not tell them apart; "
                                            "not attached"),
            ("https://hypothes.is/a/four", "the quote is in no article of the library")]
        holder = holder_id(store)
        assert holder is not None and {o.article_id for o in report.unplaced} == {holder}
        assert [a.note for a in store.annotations.for_article(holder) if a.orphan] == ["partout", ""]
        one = store.annotations.by_uuid("https://hypothes.is/a/one")
        assert one is not None and one.article_id == bakou and one.tags == ("web",) and one.note == "Lu sur le web."
        assert BAKOU[one.start:one.end] == "première étape d’une tournée"  # type: ignore[misc]
        two = store.annotations.by_uuid("https://hypothes.is/a/two")
        assert two is not None and two.article_id == moscou and two.color == "yellow"
        # A single annotation and a collection with items work too; nothing is added twice.
        single = tmp_path / "single.jsonld"
        single.write_text(json.dumps(notes[0]), encoding="utf-8")
        assert import_notes(store, single).skipped == 1
        collection = tmp_path / "collection.jsonld"
        collection.write_text(json.dumps({"type": "AnnotationCollection", "items": [notes[1]]}), encoding="utf-8")
        assert (import_notes(store, collection).skipped, len(store.annotations.ids())) == (1, 4)


def test_a_known_article_keeps_a_lost_passage_as_an_orphan(tmp_path: Path) -> None:
    with Store(tmp_path / "lib.sqlite") as store:
        bakou, _ = add_articles(store)
        note = hypothesis_like("https://example.org/stoltenberg-bakou", "un passage supprimé depuis", "garde-moi")
        path = tmp_path / "n.jsonld"
        path.write_text(json.dumps(note), encoding="utf-8")
        report = import_notes(store, path)
        assert (report.attached, report.orphans) == (1, 1)
        kept = store.annotations.for_article(bakou)
        assert kept[0].orphan and kept[0].note == "garde-moi"


@pytest.mark.parametrize("content,message", [
    ("{not json", "not JSON"),
    ('{"type": "AnnotationCollection", "first": "https://server/page1"}', "on a server"),
    ('"just a string"', "not a W3C annotation"),
])
def test_unreadable_notes_files_say_why(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonld"
    path.write_text(content, encoding="utf-8")
    with Store(tmp_path / "lib.sqlite") as store:
        report = import_notes(store, path)
    assert message in report.error and report.error.startswith("bad.jsonld: ")


def test_a_unique_quote_without_context_is_placed() -> None:
    text = "Il a salué « la longue coopération » entre l'OTAN et Bakou. La coopération continue."
    assert place({1: text}, Quote("la longue coopération")).placed
    assert place({1: text}, Quote("entre l’OTAN")).span == (text.index("entre"), text.index(" et Bakou"))
    assert not place({1: text}, Quote("coopération")).placed  # twice: no way to tell which


def make_highlighted_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    text = BAKOU.split("\n\n")[1]
    page.insert_textbox(pymupdf.Rect(72, 72, 520, 400), text, fontsize=11, fontname="helv")
    for quote, color, note in (("Partenariat pour la Paix", (1, 1, 0), "Dans un autre lecteur"),
                               ("Afghanistan", (0, 0.8, 0), ""), ("Kosovo", (0.1, 0.3, 1), "Balkans")):
        annot = page.add_highlight_annot(page.search_for(quote))
        annot.set_colors(stroke=color)
        annot.set_info(content=note)
        annot.update()
    doc.save(path)
    return path


def test_pdf_highlights_from_another_reader(tmp_path: Path) -> None:
    pdf = make_highlighted_pdf(tmp_path / "lu.pdf")
    with Store(tmp_path / "lib.sqlite") as store:
        article_id, _ = store.articles.add(read_file(pdf))
        report = import_pdf_highlights(store, pdf)
        assert (report.error, report.attached, report.unplaced) == ("", 3, [])
        # The other reader's quote may take the word's punctuation along.
        notes = {a.anchor.exact.rstrip(".,"): (a.color, a.note) for a in store.annotations.for_article(article_id)}
        assert notes == {"Partenariat pour la Paix": ("yellow", "Dans un autre lecteur"),
                         "Afghanistan": ("green", ""), "Kosovo": ("blue", "Balkans")}
        assert import_pdf_highlights(store, pdf, article_id).skipped == 3


def test_our_annotated_pdf_brings_its_notes_back(library: Library, tmp_path: Path) -> None:
    pdf = tmp_path / "bakou.pdf"
    export_notes(library.store, "annotated-pdf", Scope(article_ids=(library.bakou,)), pdf)
    with Store(tmp_path / "other.sqlite") as store:
        article_id, _ = store.articles.add(read_file(pdf))
        report = import_pdf_highlights(store, pdf, article_id)
        assert report.attached == 4, report.unplaced
        theirs = {(a.color, a.note) for a in store.annotations.for_article(article_id)}
    ours = {(a.color, a.note) for a in library.store.annotations.for_article(library.bakou)}
    assert theirs == ours
