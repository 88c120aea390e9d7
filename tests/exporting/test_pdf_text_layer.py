"""Exported PDFs can be searched: ligature glyphs ("ﬂ") read back as their letters."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pypdf
import pytest
from export_library import Library

from reader.anchoring import describe
from reader.domain import Annotation
from reader.exporting import Scope, export_notes
from reader.exporting.tounicode import plain_cmap

LIGATURES = {chr(c) for c in range(0xFB00, 0xFB07)}


@pytest.mark.parametrize("fmt", ["pdf", "annotated-pdf"])
def test_influence_is_found_in_exported_pdfs(library: Library, tmp_path: Path, fmt: str) -> None:
    text = library.store.articles.get(library.moscou).text
    start = text.index("étendre son influence")
    anchor = describe(text, start, start + len("étendre son influence"))
    library.store.annotations.add(Annotation(library.moscou, anchor, note="Une influence officielle, efficace ?",
                                             start=anchor.start, end=anchor.end))
    out = tmp_path / f"export-{fmt}.pdf"
    export_notes(library.store, fmt, Scope(everything=True), out)
    with pymupdf.open(out) as doc:
        # the fonts do set ligature glyphs, but the text layer holds the letters
        assert any("Charis" in font[3] for page in doc for font in page.get_fonts())
        layer = "".join(page.get_text() for page in doc)
        assert not LIGATURES & set(layer)
        hits = sum(len(page.search_for("influence")) for page in doc)
        if fmt == "pdf":
            assert hits >= 2 and "officielle, efficace" in " ".join(layer.split())  # the quote and the note
        else:  # the article's text, with the passage highlighted and the note as its popup
            assert hits >= 1
            notes = [a.info["content"] for page in doc for a in page.annots(types=[pymupdf.PDF_ANNOT_HIGHLIGHT])]
            assert "Une influence officielle, efficace ?" in notes
    extracted = " ".join(page.extract_text() for page in pypdf.PdfReader(out).pages)  # another reader
    assert "influence" in extracted and not LIGATURES & set(extracted)


def test_ranges_and_single_codes_of_a_cmap_are_rewritten() -> None:
    cmap = (b"/CIDInit /ProcSet findresource begin\n2 beginbfrange\n<0001> <0003> <0041>\n<006d> <006e> <fb01>\n"
            b"endbfrange\n1 beginbfchar\n<00e6> <fb03>\nendbfchar\nendcmap\n")
    rewritten = plain_cmap(cmap)
    assert rewritten is not None
    assert b"<0001> <0003> <0041>" in rewritten  # untouched range kept
    assert b"<006D> <00660069>" in rewritten and b"<006E> <0066006C>" in rewritten  # fi, fl
    assert b"<00e6> <006600660069>" in rewritten  # ffi
    assert b"fb0" not in rewritten.lower().replace(b"findresource", b"")
    assert rewritten.startswith(b"/CIDInit") and rewritten.endswith(b"endcmap\n")
    assert plain_cmap(b"1 beginbfchar\n<0001> <0041>\nendbfchar\n") is None  # nothing to change
