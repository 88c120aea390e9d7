"""Notes made in other tools (a Hypothesis API export, Recogito, PDF readers) land exactly right, or say why."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from w3c import failures

from reader.cli import main
from reader.domain import Annotation, Article
from reader.importing.notes import HOLDER_TITLE, holder_id, import_notes
from reader.importing.w3c import annotation_iri
from reader.store import Store

NOTES = Path(__file__).resolve().parent.parent / "fixtures" / "notes"
HYPOTHESIS = NOTES / "hypothesis-rows.json"
RECOGITO = NOTES / "recogito.jsonld"


def article_id(store: Store, stem: str) -> int:
    """The bundled article imported from the file ``stem``.md."""
    return next(i for i in store.articles.ids(sort="imported", descending=False)
                if Path(store.articles.get(i).path).stem == stem)


def notes_by_quote(store: Store) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for i in store.articles.ids(sort="imported", descending=False):
        for a in store.annotations.for_article(i):
            found.setdefault(a.anchor.exact, []).append(a)
    return found


def exported(db: Path, tmp_path: Path) -> list[dict[str, Any]]:
    out = tmp_path / "out.jsonld"
    assert main(["--db", str(db), "export", "-f", "json", "--all", "-o", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))["first"]["items"]  # type: ignore[no-any-return]


def test_a_hypothesis_api_export_is_placed_reported_and_kept(simple_library: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(simple_library), "import", "--no-entities", str(HYPOTHESIS)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"imported   {HYPOTHESIS}: 2 notes placed, 3 not placed"
    with Store(simple_library) as store:
        bakou = article_id(store, "04-poutine-bakou")
        holder = holder_id(store)
        text = store.articles.get(bakou).text
        tass = text.index("selon l'agence de presse russe TASS")
        second_bakou = [m.start() for m in re.finditer("Bakou", text)][1]
        assert out[1:] == [
            f"placed     « selon l’agence de presse russe TASS » -> article #{bakou} at {tass}-{tass + 35}",
            f"placed     « Bakou » -> article #{bakou} at {second_bakou}-{second_bakou + 5}",
            # Not placed, but the other notes of their page went to one article: kept there, as orphans.
            "not placed note S2pNc4wvEe6bYx0R3qMn2B: no quoted passage (TextQuoteSelector) to attach it to; "
            f"kept as an orphan in article #{bakou}",
            "not placed « Kremlin »: the quote occurs 3 times with context that does not tell them apart; not "
            f"attached; kept as an orphan in article #{bakou}",
            # A page none of whose notes was placed: kept in the "Notes not placed" article.
            "not placed « le sommet de Vilnius a été reporté »: the quote is in no article of the library; "
            f"kept as an orphan in article #{holder}",
        ]
        # The straight apostrophe of the article and the curly one of the web page are the same quote.
        notes = notes_by_quote(store)
        (placed,) = notes["selon l'agence de presse russe TASS"]
        assert (placed.note, placed.tags) == ("Source **russe** : à recouper.", ("sources", "tass"))
        assert placed.modified == "2024-03-22T08:30:45.001290+00:00"
        assert placed.origin.creator_name == "Analyste Caucase"
        assert placed.origin.source == "https://news.example/2024/05/poutine-bakou"
        assert placed.origin.via == "https://hypothes.is/a/Qd7bYn2sEe6tUb8Zr0Kkqw"
        assert placed.origin.format == ""  # Hypothesis writes Markdown, as we do
        # The three not placed are kept, each with its reason.
        orphans = [a for a in store.annotations.for_article(bakou) if a.orphan]
        assert [a.note for a in orphans] == ["Article à relire en entier.", "Le Kremlin, encore."]
        assert "does not tell them apart" in orphans[1].origin.unplaced
        assert store.articles.get(holder).title == HOLDER_TITLE  # type: ignore[arg-type]
        kept = store.annotations.for_article(holder)  # type: ignore[arg-type]
        assert [(a.orphan, a.note) for a in kept] == [(True, "Pas dans nos articles.")]
    # Importing the same export again adds nothing.
    assert main(["--db", str(simple_library), "import", "--no-entities", "--json", str(HYPOTHESIS)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["annotations"], report["skipped"], report["placed"], report["unplaced"]) == (0, 5, [], [])


def test_the_json_report_lists_every_note_with_its_id_and_reason(simple_library: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(simple_library), "import", "--no-entities", "--json", str(HYPOTHESIS)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [(p["id"], p["quote"]) for p in report["placed"]] == [
        ("Qd7bYn2sEe6tUb8Zr0Kkqw", "selon l’agence de presse russe TASS"), ("Rk3mZt0uEe6aXw9Q2pLm1A", "Bakou")]
    assert [(u["id"], u["reason"].split(";")[0]) for u in report["unplaced"]] == [
        ("S2pNc4wvEe6bYx0R3qMn2B", "no quoted passage (TextQuoteSelector) to attach it to"),
        ("T9qOd5xwEe6cZy1S4rNo3C", "the quote occurs 3 times with context that does not tell them apart"),
        ("U1rPe6yxEe6dAz2T5sOp4D", "the quote is in no article of the library")]
    assert all(u["article"] is not None for u in report["unplaced"])  # every one is kept


def test_recogito_context_decides_and_entity_bodies_are_kept(simple_library: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(simple_library), "import", "--no-entities", str(RECOGITO)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith("2 notes placed, 1 not placed, 1 link imported")
    with Store(simple_library) as store:
        caspienne = article_id(store, "03-azerbaidjan-otan-menaces")
        bakou = article_id(store, "04-poutine-bakou")
        holder = holder_id(store)
        text = store.articles.get(caspienne).text
        # The quote is in one article only, but its context says another passage: not attached there.
        wrong = store.annotations.by_uuid("https://recogito.pelagios.org/annotation/5f0c1a52-8d6e-4a7e-9c55-3f0e2b1d7a10")
        assert wrong is not None and wrong.orphan and wrong.article_id == holder
        assert "context says otherwise" in wrong.origin.unplaced and "tonnes de pétrole à Makhatchkala" in out
        # With its own context it is placed, and the entity it names comes along, not in the note.
        right = store.annotations.by_uuid("https://recogito.pelagios.org/annotation/0b7f2c8e-1d3a-4c59-8e61-7a9d2f4b6c21")
        assert right is not None and right.article_id == caspienne
        assert text[right.start:right.end] == "Makhatchkala"  # type: ignore[misc]
        assert right.note == "Port *russe* sur la Caspienne."
        assert (right.origin.entity_type, right.origin.identifier) == ("PLACE", "http://www.wikidata.org/entity/Q4205")
        assert (right.origin.format, right.origin.language, right.origin.creator_name) == ("text/plain", "fr", "analyste")
        # "Bakou" is everywhere; the context of one article sends it there.
        city = store.annotations.by_uuid("https://recogito.pelagios.org/annotation/9c4e6a1b-7f2d-4e83-b5a0-2d8c1e9f3b42")
        assert city is not None and city.article_id == bakou and city.start == store.articles.get(bakou).text.index("Bakou")
        # The relation's tagging body is the link's label.
        (link,) = store.links.from_article(bakou)
        assert (link.label, link.source.annotation_id, link.target.annotation_id) == ("livre du pétrole à", city.id, right.id)
    items = {item["id"]: item for item in exported(simple_library, tmp_path)}
    back = items["https://recogito.pelagios.org/annotation/0b7f2c8e-1d3a-4c59-8e61-7a9d2f4b6c21"]
    assert back["body"] == [
        {"type": "TextualBody", "value": "Port *russe* sur la Caspienne.", "format": "text/plain", "language": "fr",
         "purpose": "commenting"},
        {"type": "TextualBody", "value": "PLACE", "purpose": "classifying"},
        {"type": "SpecificResource", "source": "http://www.wikidata.org/entity/Q4205", "purpose": "identifying"}]
    assert back["creator"] == {"id": "https://recogito.pelagios.org/analyste", "type": "Person", "name": "analyste"}
    assert back["target"]["source"]["via"] == "https://recogito.pelagios.org/document/xk7q3sb4lhp0ds/part/1"


def test_a_plain_text_note_stays_plain_in_every_export(simple_library: Path, tmp_path: Path) -> None:
    with Store(simple_library) as store:
        assert import_notes(store, RECOGITO).error == ""
    html, md = tmp_path / "notes.html", tmp_path / "notes"
    assert main(["--db", str(simple_library), "export", "-f", "html", "--all", "-o", str(html)]) == 0
    assert main(["--db", str(simple_library), "export", "-f", "md", "--all", "-o", str(md)]) == 0
    page = html.read_text(encoding="utf-8") if html.is_file() else "".join(
        p.read_text(encoding="utf-8") for p in html.glob("*.html"))
    assert "<p>Port *russe* sur la Caspienne.</p>" in page and "<em>russe</em>" not in page
    markdown = "".join(p.read_text(encoding="utf-8") for p in md.rglob("*.md"))
    assert "Port \\*russe\\* sur la Caspienne." in markdown


def test_foreign_ids_are_kept_and_never_exported_as_malformed_urns(simple_library: Path, tmp_path: Path) -> None:
    with Store(simple_library) as store:
        assert import_notes(store, HYPOTHESIS).error == ""
        assert import_notes(store, RECOGITO).error == ""
        # A note kept as it was by an older version, under a bare id.
        bakou = article_id(store, "04-poutine-bakou")
        legacy = store.annotations.for_article(bakou)[0]
        store.annotations.add(Annotation(bakou, legacy.anchor, uuid="abc123", note="ancienne", start=legacy.start,
                                         end=legacy.end))
    items = exported(simple_library, tmp_path)
    ids = [item["id"] for item in items]
    for ident in ids:
        assert not ident.startswith("urn:uuid:") or str(uuid.UUID(ident[9:])) == ident[9:]
    assert "https://recogito.pelagios.org/annotation/9c4e6a1b-7f2d-4e83-b5a0-2d8c1e9f3b42" in ids  # an IRI: kept
    hypothesis = [i for i in items if i.get("via", "").startswith("https://hypothes.is/a/")]
    assert sorted(i["via"] for i in hypothesis) == sorted(
        f"https://hypothes.is/a/{r['id']}" for r in json.loads(HYPOTHESIS.read_text(encoding="utf-8"))["rows"])
    assert annotation_iri("abc123") in ids
    for item in items:
        assert failures(item) == [], item["id"]


def test_a_note_placed_nowhere_is_placed_once_its_article_is_in(tmp_path: Path) -> None:
    with Store(tmp_path / "lib.sqlite") as store:
        assert import_notes(store, HYPOTHESIS).unplaced
        holder = holder_id(store)
        text = (Path(__file__).resolve().parents[2] / "articles" / "04-poutine-bakou.md").read_text(encoding="utf-8")
        body = text.split("---", 2)[2].strip()
        store.articles.add(Article("Poutine à Bakou", body, content_hash="poutine-bakou"))
        again = import_notes(store, HYPOTHESIS)
        # "Kremlin" too: in this library it occurs once, in the one article.
        assert [o.quote for o in again.placed] == ["selon l’agence de presse russe TASS", "Bakou", "Kremlin"]
        assert [a.note for a in store.annotations.for_article(holder)] == [  # type: ignore[arg-type]
            "Article à relire en entier.", "Pas dans nos articles."]
        moved = notes_by_quote(store)["Bakou"][0]
        assert moved.article_id != holder and not moved.orphan and moved.origin.unplaced == ""


def pdf_highlighted_by_pypdf(path: Path) -> Path:
    """A PDF whose highlights another library (pypdf) wrote: one over a passage, one over an empty margin."""
    import pymupdf
    from pypdf import PdfWriter
    from pypdf.annotations import Highlight
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    plain = path.with_suffix(".plain.pdf")
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_textbox(pymupdf.Rect(72, 72, 520, 400), (
        "Le président Ilham Aliyev a reçu à Bakou le secrétaire général de l'OTAN. Depuis que l'Azerbaïdjan "
        "a rejoint le Partenariat pour la Paix, en 1994, le pays participe à de nombreuses opérations."),
        fontsize=11, fontname="helv")
    (passage,) = page.search_for("Partenariat pour la Paix")
    height = page.rect.height
    doc.save(plain)
    doc.close()
    writer = PdfWriter(clone_from=str(plain))
    for rect, note in ((passage, "Le PpP, 1994"), (pymupdf.Rect(72, 600, 300, 614), "Rien ici ?")):
        x0, y0, x1, y1 = rect.x0, height - rect.y1, rect.x1, height - rect.y0  # PDF space is bottom-up
        highlight = Highlight(rect=(x0, y0, x1, y1), highlight_color="ffff00",
                              quad_points=ArrayObject([FloatObject(v) for v in (x0, y1, x1, y1, x0, y0, x1, y0)]))
        highlight[NameObject("/Contents")] = TextStringObject(note)
        highlight[NameObject("/T")] = TextStringObject("Analyste")
        highlight[NameObject("/M")] = TextStringObject("D:20240305143000+01'00'")
        writer.add_annotation(page_number=0, annotation=highlight)
    with path.open("wb") as out:
        writer.write(out)
    return path


def test_pdf_highlights_not_placed_are_reported_and_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = pdf_highlighted_by_pypdf(tmp_path / "lu-ailleurs.pdf")
    db = tmp_path / "lib.sqlite"
    assert main(["--db", str(db), "import", "--no-entities", str(pdf)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(f"{pdf} (1 of 2 highlights placed)")
    assert lines[1].startswith("not placed highlight page 1: ") and lines[1].endswith("kept as an orphan in article #1")
    with Store(db) as store:
        placed, kept = store.annotations.for_article(1)
        text = store.articles.get(1).text
        assert text[placed.start:placed.end] == "Partenariat pour la Paix"  # type: ignore[misc]
        assert (placed.note, placed.color, placed.origin.format) == ("Le PpP, 1994", "yellow", "text/plain")
        assert (placed.origin.creator_name, placed.modified) == ("Analyste", "2024-03-05T14:30:00+01:00")
        assert kept.orphan and kept.note == "Rien ici ?" and kept.origin.unplaced in lines[1]


def test_our_export_of_notes_not_placed_places_them_where_their_article_is(tmp_path: Path) -> None:
    from reader.importing import read_file

    bundled = Path(__file__).resolve().parents[2] / "articles" / "04-poutine-bakou.md"
    db = tmp_path / "lib.sqlite"
    with Store(db) as store:
        assert len(import_notes(store, HYPOTHESIS).unplaced) == 5  # an empty library: all kept, not placed
    exported_file = tmp_path / "kept.jsonld"
    assert main(["--db", str(db), "export", "-f", "json", "--all", "-o", str(exported_file)]) == 0
    for library in (db, tmp_path / "other.sqlite"):  # the same library, and another one
        with Store(library) as store:
            store.articles.add(read_file(bundled))
            report = import_notes(store, exported_file)
            assert [o.quote for o in report.placed] == ["selon l’agence de presse russe TASS", "Bakou", "Kremlin"]
