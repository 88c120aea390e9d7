"""Saved news pages: main text kept; menus, scripts, comments and "read also" blocks left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.importing import ImportFailure, read_file

PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Stoltenberg à Bakou | Le Journal</title>
<meta name="author" content="Marie Dupont">
<meta property="og:site_name" content="Le Journal">
<meta property="article:published_time" content="2024-03-18T10:00:00Z">
<link rel="canonical" href="https://example.org/monde/stoltenberg-bakou">
<script>document.write('SCRIPT-INJECTED'); console.log('SCRIPT-RAN');</script>
</head><body>
<nav><ul><li><a href="/">Accueil</a></li><li><a href="/monde">MENU-MONDE</a></li><li><a href="/sport">MENU-SPORT</a></li></ul></nav>
<article>
<h1>Stoltenberg à Bakou</h1>
<p class="byline">Par Marie Dupont</p>
<p>Le président azerbaïdjanais Ilham Aliyev a rencontré le secrétaire général de l’OTAN à Bakou, pour discuter de la coopération militaire entre les deux parties.</p>
<img src="http://tracker.example.com/pixel.png" alt="REMOTE-IMAGE">
<p>La visite de Jens Stoltenberg est la preuve que l’alliance transatlantique prend à cœur la stabilité de la région du Caucase du Sud, selon plusieurs analystes.</p>
<div class="lire-aussi"><p>Lire aussi : <a href="/x">RELATED-ONE un autre article</a></p></div>
<p><strong>Lire aussi :</strong> <a href="/y">RELATED-TWO encore un autre</a></p>
<p>Il a enfin rappelé l’importance de la COP 29 que l’Azerbaïdjan accueillera en novembre prochain à Bakou.</p>
<script>document.body.innerHTML = 'SCRIPT-REPLACED';</script>
</article>
<section id="comments" class="comments"><h3>Commentaires</h3>
<div class="comment"><p>COMMENT-TEXT super article, bravo à tous les contributeurs du site.</p></div></section>
<footer>Mentions légales FOOTER-TEXT</footer>
</body></html>"""


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "stoltenberg.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_main_text_and_metadata_are_extracted(page: Path) -> None:
    article = read_file(page)
    assert "Ilham Aliyev a rencontré le secrétaire général de l’OTAN" in article.text
    assert "COP 29" in article.text
    assert article.title == "Stoltenberg à Bakou"
    assert article.author == "Marie Dupont"
    assert article.source == "Le Journal"
    assert article.published == "2024-03-18"
    assert article.url == "https://example.org/monde/stoltenberg-bakou"
    assert article.path == str(page.absolute())


@pytest.mark.parametrize(
    "unwanted",
    ["SCRIPT", "MENU-", "COMMENT-TEXT", "RELATED-ONE", "RELATED-TWO", "FOOTER-TEXT", "REMOTE-IMAGE", "tracker", "Lire aussi"],
)
def test_page_furniture_is_left_out(page: Path, unwanted: str) -> None:
    assert unwanted not in read_file(page).text


def test_title_is_not_repeated_as_the_first_line(page: Path) -> None:
    assert not read_file(page).text.startswith("Stoltenberg à Bakou")


def test_legacy_charset_is_honoured(tmp_path: Path) -> None:
    html = PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("’", "'").replace("œ", "oe")
    path = tmp_path / "latin.htm"
    path.write_bytes(html.encode("cp1252"))
    assert "Le président azerbaïdjanais" in read_file(path).text


def test_page_without_article_markup_falls_back_to_visible_text(tmp_path: Path) -> None:
    path = tmp_path / "court.html"
    path.write_text("<html><head><title>Court</title><script>var x='SCRIPT'</script></head>"
                    "<body><div>Bakou, mars 2024.</div></body></html>", encoding="utf-8")
    article = read_file(path)
    assert "Bakou, mars 2024." in article.text
    assert "SCRIPT" not in article.text
    assert article.title


def test_page_without_text_fails(tmp_path: Path) -> None:
    path = tmp_path / "vide.html"
    path.write_text("<html><head><script>alert(1)</script></head><body><nav>Menu</nav></body></html>", encoding="utf-8")
    with pytest.raises(ImportFailure, match=r"^vide\.html: no article text found$"):
        read_file(path)
