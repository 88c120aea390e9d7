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


NEWS_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Glyphosate : le vrai du faux</title></head><body>
<header><a href="/">Le Quotidien</a> <a href="/abonnement">S'abonner</a></header>
<article>
<h1>Glyphosate : le vrai du faux</h1>
<div class="article-body">
<div class="lead">LEAD-TEXT La firme Bayer, propriétaire de Monsanto, a été condamnée lundi aux Etats-Unis à payer
deux milliards de dollars de dommages et intérêts à deux personnes atteintes de cancers.</div>
<div class="tag">Économie</div>
<p>À chaque civilisation ses démons. Comment cet herbicide en est-il venu à incarner le mal aux yeux de ses
détracteurs, alors que les agences sanitaires ne le jugent pas cancérogène dans des conditions normales d'usage ?</p>
<p>En 1996, lorsque la communauté internationale bannit les essais nucléaires, une grande ONG se trouve privée de
son combat historique et se cherche un nouvel adversaire, selon plusieurs historiens de l'écologie politique.</p>
<p>Crédits photos : AFP / Jean Martin</p>
<p>Les cohortes d'agriculteurs suivies pendant vingt ans n'ont pas montré d'excès de cancers, rappelle la toxicologue
interrogée, qui plaide pour que le débat public distingue enfin le danger du risque réel.</p>
<p>« L'état de l'agriculture », hors-série n° 12, 2e trimestre 2019,</p>
<p>7,65 euros, port inclus</p>
<p>Je m'abonne</p>
</div></article>
<footer>FOOTER-TEXT Mentions légales</footer>
</body></html>"""


def test_lead_paragraph_set_in_a_div_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "glyphosate.html"
    path.write_text(NEWS_PAGE, encoding="utf-8")
    paragraphs = read_file(path).text.split("\n")
    assert paragraphs[0].startswith("LEAD-TEXT La firme Bayer")  # the chapô, first, as on the page
    assert "Économie" not in paragraphs  # a short label in a div is not a paragraph


def test_photo_credits_and_a_closing_offer_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "glyphosate.html"
    path.write_text(NEWS_PAGE, encoding="utf-8")
    text = read_file(path).text
    for unwanted in ("Crédits photos", "hors-série", "7,65 euros", "Je m'abonne", "FOOTER-TEXT"):
        assert unwanted not in text
    assert text.endswith("distingue enfin le danger du risque réel.")


def test_closing_short_lines_without_an_offer_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "glyphosate.html"
    end = "<p>« L'état de l'agriculture »"
    html = NEWS_PAGE[: NEWS_PAGE.index(end)] + "<p>— Marie Dupont (@mdupont) 17 février 2020</p><p>Paul Durand</p>"
    path.write_text(html + "</div></article></body></html>", encoding="utf-8")
    # the article's last words, short lines without a full stop: a quoted post's attribution, a signature
    assert read_file(path).text.endswith("— Marie Dupont (@mdupont) 17 février 2020\nPaul Durand")
