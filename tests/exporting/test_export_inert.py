"""Exports are inert: a third-party note's HTML, scripts, javascript: links and remote images do nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pymupdf
import pytest
from export_library import Library
from markdown_it import MarkdownIt

from reader.cli import main

HOSTILE = ("Voir <script>alert(1)</script> et <img src=http://tracker.example/p.png> puis "
           "<iframe src=http://evil.example/></iframe>\n\n[clic](javascript:alert(1)) "
           "[data](DATA:text/html,<b>x</b>) [vb]( vbscript:msgbox) ![photo](http://tracker.example/photo.jpg)\n\n"
           "`<code>` reste du code\x00 et\x07 fin")


@pytest.fixture
def db(library: Library, tmp_path: Path) -> Path:
    path = Path(library.store.path)
    library.store.close()
    doc = {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "motivation": "commenting",
           "id": "urn:uuid:22222222-0000-4000-8000-000000000001",
           "body": {"type": "TextualBody", "value": HOSTILE, "format": "text/markdown"},
           "target": {"source": "https://example.org/stoltenberg-bakou",
                      "selector": {"type": "TextQuoteSelector", "exact": "« la longue coopération »"}}}
    notes = tmp_path / "tiers.jsonld"
    notes.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["--db", str(path), "import", str(notes)]) == 0
    return path


def test_markdown_export_of_a_third_party_note_is_inert(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "bakou.md"
    assert main(["--db", str(db), "export", "-f", "md", "--article", "1", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "\x00" not in text and "\x07" not in text
    rendered = MarkdownIt("commonmark", {"html": True}).render(text)  # a viewer that lets raw HTML through
    for live in ("<script", "<img", "<iframe", "javascript:alert(1)\"", "href=\"javascript", "href=\"data",
                 "href=\"vbscript", "src=\""):
        assert live not in rendered.lower(), live
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered  # shown as text
    assert '<a href="http://tracker.example/photo.jpg">photo</a>' in rendered  # a link, not a load
    assert "<code>&lt;code&gt;</code>" in rendered


def test_html_export_loads_nothing_remote(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "n.html"
    assert main(["--db", str(db), "export", "-f", "html", "--all", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<img" not in page and "<script" not in page and "<iframe" not in page
    assert '<a href="http://tracker.example/photo.jpg">photo</a>' in page
    assert "\x00" not in page


def test_control_characters_left_in_an_old_library_do_not_reach_exports(db: Path, tmp_path: Path) -> None:
    with sqlite3.connect(db) as conn:  # written by an older version, before notes were cleaned on the way in
        conn.execute("UPDATE annotations SET note = ? WHERE id = 1", ("avant\x00apr\x1bès",))
    conn.close()
    for fmt, name in (("md", "one.md"), ("html", "n.html")):
        assert main(["--db", str(db), "export", "-f", fmt, "--article", "1", "-o", str(tmp_path / name)]) == 0
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert "avantaprès" in text and "\x00" not in text and "\x1b" not in text


def test_pdf_export_cuts_a_huge_note_with_a_visible_mark(db: Path, tmp_path: Path) -> None:
    with sqlite3.connect(db) as conn:  # a note far over the import limit, from an older library
        conn.execute("UPDATE annotations SET note = ? WHERE id = 1", ("mot " * 750_000,))
    conn.close()
    out = tmp_path / "n.pdf"
    assert main(["--db", str(db), "export", "-f", "pdf", "--article", "1", "-o", str(out)]) == 0
    with pymupdf.open(out) as doc:
        text = "".join(page.get_text() for page in doc)
        pages = doc.page_count
    assert "… (truncated, 3,000,000 characters)" in text
    assert pages < 40
