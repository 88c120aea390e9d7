"""Every export format, checked with a real reader of that format."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path

import pymupdf
import pytest
from export_library import Library, _annotate
from markdown_it import MarkdownIt
from w3c import failures

from reader.colors import HEX, nearest_color, rgb
from reader.exporting import ExportError, Scope, collect, export_notes


def front_matter(text: str) -> dict[str, object]:
    """A tiny YAML reader for what the exporter writes: ``key: "string"`` and ``key: ["a", "b"]``."""
    assert text.startswith("---\n")
    block, _, _ = text[4:].partition("\n---\n")
    out: dict[str, object] = {}
    for line in block.splitlines():
        key, _, value = line.partition(": ")
        assert re.fullmatch(r"[a-z]+", key), line
        out[key] = json.loads(value)
    return out


def test_markdown_one_article_front_matter_quotes_notes_and_entities(library: Library, tmp_path: Path) -> None:
    out = tmp_path / "bakou.md"
    assert export_notes(library.store, "md", Scope(article_ids=(library.bakou,)), out) == [out]
    text = out.read_text(encoding="utf-8")
    meta = front_matter(text)
    assert meta["title"] == "Jens Stoltenberg à Bakou : l’OTAN et l’Azerbaïdjan"
    assert meta["source"] == "L-Post" and meta["author"] == "Sébastien Boussois" and meta["date"] == "2024-03-19"
    assert meta["tags"] == ["chronologie", "diplomatie", "otan", "paix"]
    assert {"Jens Stoltenberg", "OTAN", "Bakou", "Erevan"} <= set(meta["entities"])  # type: ignore[arg-type]

    tokens = MarkdownIt("commonmark").parse(text[text.index("\n---\n") + 5:])
    quotes = [t for t in tokens if t.type == "blockquote_open"]
    assert len(quotes) == 4
    inline = " ".join(t.content for t in tokens if t.type == "inline")
    assert "« la longue coopération »" in inline
    assert "🟨 yellow · #diplomatie · #otan" in inline
    html = MarkdownIt("commonmark").render(text)
    # The note keeps its Markdown; the article text does not turn into HTML or emphasis.
    assert "<strong>diplomatique</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *pas d’emphase*" in html
    # Every quote carries its Obsidian block id; the link to the other note of the article is a block link.
    cooperation, coeur = library.ann("cooperation"), library.ann("coeur")
    assert f"^ann-{cooperation.uuid}\n" in text
    assert f"[[#^ann-{coeur.uuid}|" in text
    # The other article is not exported: a wiki link to the note it gets when exported too.
    assert ("[[Moscou « suit de près » la tournée de l’OTAN|Moscou « suit de près » la tournée de l’OTAN: "
            "« Le Kremlin y voit") in text
    assert "- **People**: Jens Stoltenberg (1)" in text


def test_a_title_ending_in_a_full_stop_is_not_followed_by_a_second_stop() -> None:
    from reader.exporting.markdown import titled_quote

    assert titled_quote("La Russie alarmée par la Russie.", "un passage") == "La Russie alarmée par la Russie: « un passage »"
    assert titled_quote("Qui gagne ?", "x") == "Qui gagne ? « x »"


def test_markdown_library_writes_one_note_per_article_linked_by_wiki_links(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    written = export_notes(library.store, "md", Scope(everything=True), folder)
    names = sorted(p.name for p in written)
    assert names == ["Jens Stoltenberg à Bakou l’OTAN et l’Azerbaïdjan.md",
                     "Moscou « suit de près » la tournée de l’OTAN.md"]
    bakou = (folder / names[0]).read_text(encoding="utf-8")
    moscou = (folder / names[1]).read_text(encoding="utf-8")
    kremlin = library.ann("kremlin")
    assert f"[[Moscou « suit de près » la tournée de l’OTAN#^ann-{kremlin.uuid}|" in bakou
    assert f"^ann-{kremlin.uuid}" in moscou
    # The note ends with a list and the links follow as a separate list.
    tokens = MarkdownIt("commonmark").parse(moscou)
    assert sum(t.type == "bullet_list_open" for t in tokens) >= 3
    with pytest.raises(ExportError, match="give a folder"):
        export_notes(library.store, "md", Scope(everything=True), tmp_path / "all.md")


def test_markdown_tag_scope_keeps_only_tagged_notes(library: Library, tmp_path: Path) -> None:
    export = collect(library.store, Scope(tag="russie"))
    assert [item.id for item in export.items] == [library.moscou]
    assert [a.id for a in export.items[0].annotations] == [library.notes["kremlin"], library.notes["bases"]]
    written = export_notes(library.store, "md", Scope(tag="russie"), tmp_path / "russie.md")
    text = written[0].read_text(encoding="utf-8")
    assert "Le Kremlin y voit" in text and "Paragraphe 8" not in text


def test_html_is_self_contained_escaped_and_coloured(library: Library, tmp_path: Path) -> None:
    out = tmp_path / "notes.html"
    export_notes(library.store, "html", Scope(everything=True), out)
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "href=\"javascript:" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;pas du HTML&lt;/b&gt;" in page  # raw HTML in a note is shown, not obeyed
    for color, hex_ in HEX.items():
        assert f"mark.c-{color} {{ background: {hex_}; }}" in page
    kremlin = library.ann("kremlin")
    assert f'<section class="note c-blue" id="ann-{kremlin.uuid}">' in page
    assert f'<mark class="c-blue"><a href="#ann-{kremlin.uuid}">Le Kremlin y voit une tentative de l’OTAN</a></mark>' in page
    assert "<strong>russe</strong>" in page and "<li>point 1</li>" in page
    assert not re.search(r"<(link|img|iframe)\b[^>]*(src|href)=\"https?:", page)  # nothing fetched from outside


def test_notes_pdf_text_outline_and_links(library: Library, tmp_path: Path) -> None:
    out = tmp_path / "notes.pdf"
    export_notes(library.store, "pdf", Scope(everything=True), out)
    with pymupdf.open(out) as doc:
        text = unicodedata.normalize("NFKC", "".join(page.get_text() for page in doc))  # ﬁ ligatures
        for needle in ("« la longue coopération »", "l’œuvre", "Le cœur du sujet", "Nous n’accepterons pas",
                       "Date clé — à vérifier", "#chronologie", "Formule diplomatique classique"):
            assert needle in " ".join(text.split()), needle
        toc = doc.get_toc()
        assert [entry[1] for entry in toc if entry[0] == 1] == [
            "Contents", "Jens Stoltenberg à Bakou : l’OTAN et l’Azerbaïdjan", "Moscou « suit de près » la tournée de l’OTAN"]
        moscou_page = next(entry[2] for entry in toc if entry[1].startswith("Moscou"))
        assert "Moscou « suit de près »" in doc[moscou_page - 1].get_text()
        contents_links = [link for link in doc[0].get_links() if link["kind"] == pymupdf.LINK_GOTO]
        assert sorted(link["page"] for link in contents_links) == [1, moscou_page - 1]


def test_annotated_pdf_has_native_highlights_with_colours_and_notes(library: Library, tmp_path: Path) -> None:
    out = tmp_path / "articles.pdf"
    export_notes(library.store, "annotated-pdf", Scope(everything=True), out)
    found: list[tuple[int, str, tuple[float, ...], str]] = []
    with pymupdf.open(out) as doc:
        assert "Le cœur du sujet reste la paix avec Erevan" in doc[0].get_text()
        for page in doc:
            for annot in page.annots(types=[pymupdf.PDF_ANNOT_HIGHLIGHT]):
                found.append((page.number, annot.info["id"],
                              tuple(round(c, 3) for c in annot.colors["stroke"]), annot.info["content"]))
        by_content = {content: color for _, _, color, content in found}
        assert {name for _, name, _, _ in found} >= {library.ann("kremlin").uuid, library.ann("geneve").uuid + "-2"}
        cooperation = library.ann("cooperation")
        assert by_content[cooperation.note] == tuple(round(c, 3) for c in rgb(HEX["yellow"]))
        assert by_content["Citation anonyme."] == tuple(round(c, 3) for c in rgb(HEX["purple"]))
        # 7 annotations; the long passage runs over a page break and is split in two highlights.
        assert len(found) == 8
        long_parts = [(page, content) for page, _, _, content in found if "Passage long" in content]
        assert [content[:5] for _, content in long_parts] == ["(1/2)", "(2/2)"]
        assert long_parts[0][0] + 1 == long_parts[1][0]
        # The words under each highlight are its passage, the long one read over its two parts.
        under: dict[str, list[str]] = {}
        for page in doc:
            for annot in page.annots(types=[pymupdf.PDF_ANNOT_HIGHLIGHT]):
                under.setdefault(re.sub(r"^\(\d/\d\) ", "", annot.info["content"]), []).extend(chars_under(page, annot))
    for name in library.notes:
        ann = library.ann(name)
        assert "".join(under[ann.note]).replace(" ", "") == "".join(ann.anchor.exact.split()), name


def chars_under(page: pymupdf.Page, annot: pymupdf.Annot) -> list[str]:
    """The characters drawn inside the highlight's quads."""
    points = annot.vertices
    rects = [pymupdf.Quad(points[i:i + 4]).rect for i in range(0, len(points), 4)]
    chars = []
    for block in page.get_text("rawdict", flags=0)["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                for char in span["chars"]:
                    x0, y0, x1, y1 = char["bbox"]
                    if any(pymupdf.Point((x0 + x1) / 2, (y0 + y1) / 2) in rect for rect in rects):
                        chars.append(char["c"])
    return chars


def test_jsonld_passes_the_w3c_must_assertions(library: Library, tmp_path: Path) -> None:
    out = tmp_path / "notes.jsonld"
    export_notes(library.store, "json", Scope(everything=True), out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert failures(doc, "collections/collectionMusts.test") == []
    items = doc["first"]["items"]
    assert doc["total"] == len(items) == 7 + 4
    for item in items:
        assert failures(item) == [], item["id"]
    kremlin = next(i for i in items if i["id"] == f"urn:uuid:{library.ann('kremlin').uuid}")
    assert kremlin["target"]["styleClass"] == "reader-blue"
    assert kremlin["stylesheet"]["type"] == "CssStylesheet" and HEX["blue"] in kremlin["stylesheet"]["value"]
    assert kremlin["target"]["source"]["id"].startswith("urn:reader:article:")
    assert kremlin["target"]["source"]["label"] == "Moscou « suit de près » la tournée de l’OTAN"
    selectors = {s["type"]: s for s in kremlin["target"]["selector"]}
    assert selectors["TextQuoteSelector"]["exact"] == "Le Kremlin y voit une tentative de l’OTAN"
    start, end = selectors["TextPositionSelector"]["start"], selectors["TextPositionSelector"]["end"]
    assert library.store.articles.get(library.moscou).text[start:end] == selectors["TextQuoteSelector"]["exact"]
    bodies = {(b["purpose"], b["value"]) for b in kremlin["body"]}
    assert ("tagging", "russie") in bodies and ("commenting", library.ann("kremlin").note) in bodies
    links = [i for i in items if i["motivation"] == "linking"]
    assert len(links) == 4
    cross = next(i for i in links if i["body"][0]["value"] == "contredit")
    assert cross["target"] == [f"urn:uuid:{library.ann('cooperation').uuid}", f"urn:uuid:{library.ann('kremlin').uuid}"]
    bakou = next(i for i in items if i["id"] == f"urn:uuid:{library.ann('cooperation').uuid}")
    assert bakou["target"]["source"]["id"] == "https://example.org/stoltenberg-bakou"


def test_jsonld_identifies_a_note_made_on_a_known_name(library: Library, tmp_path: Path) -> None:
    on_name = _annotate(library.store, library.moscou, "OTAN", "green", "L’Alliance.")
    uuid = library.store.annotations.get(on_name).uuid
    out = tmp_path / "notes.jsonld"
    export_notes(library.store, "json", Scope(article_ids=(library.moscou,)), out)
    items = {i["id"]: i for i in json.loads(out.read_text(encoding="utf-8"))["first"]["items"]}
    otan = items[f"urn:uuid:{uuid}"]
    assert failures(otan) == []
    assert {"type": "SpecificResource", "source": "http://www.wikidata.org/entity/Q7184",
            "purpose": "identifying"} in otan["body"]
    kremlin = items[f"urn:uuid:{library.ann('kremlin').uuid}"]  # a passage, not one name
    assert not [b for b in kremlin["body"] if b["purpose"] == "identifying"]


def test_w3c_check_catches_a_broken_annotation() -> None:
    good = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:1", "type": "Annotation",
            "target": {"source": "urn:x", "styleClass": "reader-red"}, "stylesheet": {"type": "CssStylesheet",
                                                                                     "value": ".reader-red {}"}}
    assert failures(good) == []
    assert failures({**good, "created": "yesterday"})
    assert failures({k: v for k, v in good.items() if k != "stylesheet"})
    assert failures({**good, "body": {"type": "TextualBody", "value": "x"}, "bodyValue": "x"})


def test_csv_has_one_row_per_note(library: Library, tmp_path: Path) -> None:
    out = tmp_path / "notes.csv"
    export_notes(library.store, "csv", Scope(everything=True), out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["article_id", "article", "note_id", "quote", "note", "color", "tags", "created",
                             "modified", "links"]
    assert len(rows) == len(library.notes) == 7
    by_id = {row["note_id"]: row for row in rows}
    cooperation = library.ann("cooperation")
    row = by_id[cooperation.uuid]
    assert row["article"] == "Jens Stoltenberg à Bakou : l’OTAN et l’Azerbaïdjan"
    assert (row["quote"], row["color"], row["tags"]) == ("« la longue coopération »", "yellow", "diplomatie; otan")
    assert row["note"] == cooperation.note  # the note as written, Markdown and all
    assert row["created"] == cooperation.created and row["created"][:2] == "20"
    assert row["modified"] == cooperation.modified
    assert row["links"] == "→ Moscou « suit de près » la tournée de l’OTAN « Le Kremlin y voit une tentative de l’OTAN » (contredit)"
    kremlin = by_id[library.ann("kremlin").uuid]
    assert kremlin["links"].startswith("← Jens Stoltenberg à Bakou")  # the link arrives at this note
    assert kremlin["note"] == "Lecture **russe** de la tournée.\n\n- point 1\n- point 2"  # lines kept in one cell
    bases = by_id[library.ann("bases").uuid]
    assert bases["links"] == "→ Moscou « suit de près » la tournée de l’OTAN « la Russie garde des troupes » (voir aussi)"
    assert by_id[library.ann("coeur").uuid]["tags"] == "paix" and by_id[library.ann("coeur").uuid]["note"] == ""


def test_csv_cells_never_start_a_spreadsheet_formula(library: Library, tmp_path: Path) -> None:
    kremlin = library.ann("kremlin")
    library.store.annotations.update(library.notes["kremlin"], note="=HYPERLINK(\"http://x\")", tags=("+1",))
    out = tmp_path / "notes.csv"
    export_notes(library.store, "csv", Scope(everything=True), out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["note_id"] == kremlin.uuid)
    assert (row["note"], row["tags"]) == ("'=HYPERLINK(\"http://x\")", "'+1")


def test_mentions_csv_lists_every_mention(library: Library, tmp_path: Path) -> None:
    out = tmp_path / "entities.csv"
    export_notes(library.store, "mentions-csv", Scope(article_ids=(library.bakou, library.moscou)), out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["article_id", "article_title", "type", "canonical_name", "text", "start", "end",
                             "date_value"]
    assert len(rows) == len(library.store.entities.mentions(library.bakou)) + len(library.store.entities.mentions(library.moscou))
    date = next(r for r in rows if r["type"] == "DATE")
    assert date["date_value"] == "2024-03-17" and date["article_title"].startswith("Jens Stoltenberg à Bakou")
    text = library.store.articles.get(int(date["article_id"])).text
    assert text[int(date["start"]):int(date["end"])] == date["text"] == "17 mars"


@pytest.mark.parametrize("scope,message", [
    (Scope(article_ids=(999,)), "no article with id 999"),
    (Scope(tag="inconnu"), "no note is tagged “inconnu”"),
])
def test_bad_scopes_say_why(library: Library, tmp_path: Path, scope: Scope, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        export_notes(library.store, "html", scope, tmp_path / "x.html")


def test_unwritable_path_is_an_export_error(library: Library, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        export_notes(library.store, "json", Scope(everything=True), blocker / "sub" / "notes.jsonld")
    assert not list(tmp_path.glob("**/*.part"))


def test_nearest_colour_of_foreign_highlights() -> None:
    assert nearest_color("#ffff00") == "yellow"
    assert nearest_color((1.0, 0.65, 0.0)) == "yellow"  # orange
    assert nearest_color("#ff0000") == "red" and nearest_color("#ff69b4") == "red"
    assert nearest_color("#00ff00") == "green" and nearest_color("#00ffff") == "blue"
    assert nearest_color("#0000ff") == "blue" and nearest_color("#8000ff") == "purple"
    assert nearest_color("#808080") == "yellow" and nearest_color(None) == "yellow"
    assert nearest_color("blue") == "blue"
