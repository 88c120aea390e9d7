"""PDF import in a child process: text, metadata, highlights, and hostile or broken files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from reader.importing import ImportFailure, read_file
from reader.importing import pdf as pdf_module
from reader.importing.pdflayout import join_lines

MakePdf = Callable[..., Path]


def test_text_with_accents_and_metadata(french_pdf: Path) -> None:
    article = read_file(french_pdf)
    assert article.title == "Présence de l'OTAN dans le Caucase"
    assert article.author == "Sébastien Boussois"
    assert "Le président azerbaïdjanais Ilham Aliyev a rencontré à Bakou" in article.text
    assert "Deuxième page : Géorgie et Arménie." in article.text
    assert article.path == str(french_pdf.absolute())
    assert article.id is None and article.content_hash


def test_lines_are_rejoined_and_hyphenation_undone(french_pdf: Path) -> None:
    text = read_file(french_pdf).text
    assert "La coopération militaire" in text
    assert "le secrétaire général de l'OTAN, Jens Stoltenberg" in text  # a line break became a space
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "Présence de l'OTAN dans le Caucase"
    assert paragraphs[-1] == "Deuxième page : Géorgie et Arménie."  # page number "2" dropped


def test_title_falls_back_to_the_first_line(make_pdf: MakePdf, tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "sans-titre.pdf", ["Bakou et Moscou : la discorde ?\n\nTexte de l'article."])
    assert read_file(path).title == "Bakou et Moscou : la discorde ?"


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("la coopé-", "ration", "la coopération"),
        ("le Caucase-", "Sud", "le Caucase-Sud"),
        ("un porte-", "parole", "un porte-parole"),
        ("fin de ligne", "suite", "fin de ligne suite"),
    ],
)
def test_dehyphenation_only_where_safe(left: str, right: str, expected: str) -> None:
    assert join_lines(left, right, {"porte-parole"}) == expected


def test_encrypted_pdf_fails_clearly(make_pdf: MakePdf, tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "secret.pdf", ["Texte secret."], encryption=pymupdf.PDF_ENCRYPT_AES_256,
                    user_pw="u", owner_pw="o")
    with pytest.raises(ImportFailure, match=r"^secret\.pdf: the PDF is encrypted"):
        read_file(path)


@pytest.mark.parametrize("keep", [0.3, 0.5, 0.9, 0.995])
def test_truncated_pdf_fails_clearly(french_pdf: Path, tmp_path: Path, keep: float) -> None:
    data = french_pdf.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(ImportFailure, match=r"^truncated\.pdf: the PDF is (damaged or )?truncated"):
        read_file(path)


def test_non_pdf_renamed_pdf_fails_before_any_parsing(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"GIF89a\x01\x00\x01\x00")
    with pytest.raises(ImportFailure) as info:
        read_file(path)
    assert str(info.value) == "broken.pdf: not a PDF file (starts with 'GIF8')"


def test_too_many_pages_is_refused(make_pdf: MakePdf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "PDF_MAX_PAGES", 2)
    path = make_pdf(tmp_path / "bomb.pdf", ["un", "deux", "trois"])
    with pytest.raises(ImportFailure, match=r"^bomb\.pdf: the PDF has 3 pages, over the 2-page limit"):
        read_file(path)


def test_too_much_text_is_refused(french_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "PDF_MAX_CHARS", 50)
    with pytest.raises(ImportFailure, match=r"^article\.pdf: .*over the limit"):
        read_file(french_pdf)


def test_slow_pdf_is_stopped_at_the_time_limit(french_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "PDF_TIMEOUT_SECONDS", 0.001)  # the child cannot even start in time
    with pytest.raises(ImportFailure, match=r"^article\.pdf: reading the PDF took longer than"):
        read_file(french_pdf)


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="memory limits need POSIX rlimits")
def test_memory_limit_stops_the_child_not_the_app(french_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "PDF_MEMORY_BYTES", 16 * 1024 * 1024)
    with pytest.raises(ImportFailure, match=r"^article\.pdf: "):
        read_file(french_pdf)
    monkeypatch.undo()
    assert read_file(french_pdf).text  # the app goes on with the normal limit


def test_story_pdf_round_trips_paragraphs_ligatures_and_page_breaks(tmp_path: Path) -> None:
    paragraphs = [
        f"Paragraphe {n} : le conflit entre l'Arménie et l'Azerbaïdjan inquiète les officiels, "
        "qui surveillent l'influence de la Russie et l'offensive dans la région du Caucase du Sud. " * 3
        for n in range(1, 13)
    ]
    story = pymupdf.Story(html="".join(f"<p>{p.strip()}</p>" for p in paragraphs))
    path = tmp_path / "story.pdf"
    writer = pymupdf.DocumentWriter(str(path))
    more = True
    while more:
        device = writer.begin_page(pymupdf.paper_rect("a5"))
        more, _ = story.place(pymupdf.paper_rect("a5") + (36, 36, -36, -36))
        story.draw(device)
        writer.end_page()
    writer.close()
    assert pymupdf.open(path).page_count > 1
    article = read_file(path)
    assert article.text.split("\n\n") == [p.strip() for p in paragraphs]
