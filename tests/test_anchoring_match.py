"""One quote matcher for every door: typographic equivalences, context decides, never a wrong passage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.anchoring import Quote, keyed, place, resolve
from reader.domain import Anchor
from reader.importing import read_file

ARTICLES = Path(__file__).resolve().parent.parent / "articles"


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    """The bundled articles as the library stores them, by file name."""
    return {p.stem: read_file(p).text for p in sorted(ARTICLES.glob("*.md"))}


def test_folding_keeps_exact_offsets() -> None:
    text = "Le ﬁls d\u2019un «\u00a0ami\u00a0» ar\u00adrivé\nici\u2026"
    k = keyed(text)
    assert k.key == "lefilsd'un\"ami\"arrivéici..."
    i = k.key.index("fils")
    assert k.span(i, i + 4) == (text.index("ﬁ"), text.index("ﬁ") + 3)  # ﬁ + l + s
    i = k.key.index("'un")
    assert text[slice(*k.span(i, i + 3))] == "\u2019un"


@pytest.mark.parametrize("quote", [
    "selon l'agence de presse russe TASS",  # as written in the article
    "selon l\u2019agence de presse russe TASS",  # curly apostrophe
    "selon l\u02bcagence de presse\u00a0russe TASS",  # modifier letter apostrophe, no-break space
    "selon l'agence de\npresse russe\u2009TASS",  # line break, thin space
    "selon l'agence de pres\u00adse russe TASS",  # soft hyphen
])
def test_straight_and_curly_apostrophes_and_spaces_are_equal(texts: dict[str, str], quote: str) -> None:
    found = place(texts, Quote(quote))
    assert found.key == "04-poutine-bakou" and found.span is not None
    assert texts["04-poutine-bakou"][slice(*found.span)] == "selon l'agence de presse russe TASS"


def test_quotation_marks_and_ligatures_are_equal(texts: dict[str, str]) -> None:
    text = texts["04-poutine-bakou"]
    found = place(texts, Quote("« questions internationales et régionales »", "discuter de partenariats stratégiques et de "))
    assert found.span is not None and text[slice(*found.span)] == '"questions internationales et régionales"'
    found = place(texts, Quote("l’inﬂuence de la Russie dans la région"))
    assert found.span is not None and text[slice(*found.span)] == "l'influence de la Russie dans la région"


def test_a_unique_quote_whose_context_contradicts_is_not_attached(texts: dict[str, str]) -> None:
    quote = Quote("Makhatchkala", "Le président du Daghestan a visité ", " lundi matin pour inaugurer")
    found = place(texts, quote)
    assert not found.placed
    assert "context says otherwise" in found.reason and "tonnes de pétrole à Makhatchkala" in found.reason
    assert place(texts, Quote("Makhatchkala")).key == "03-azerbaidjan-otan-menaces"  # no context: unique


def test_context_chooses_between_articles(texts: dict[str, str]) -> None:
    places = [(name, m.span()) for name, text in texts.items() for m in re.finditer("Bakou", text)]
    assert len({name for name, _ in places}) >= 2  # the word stands in several articles
    for name, (start, end) in places:
        text = texts[name]
        found = place(texts, Quote("Bakou", text[max(0, start - 32):start], text[end:end + 32]))
        assert (found.key, found.span) == (name, (start, end))


def test_a_tie_is_not_attached(texts: dict[str, str]) -> None:
    found = place(texts, Quote("Bakou"))
    assert not found.placed and "does not tell them apart" in found.reason
    # The same sentence in two articles, with the same context: no way to choose.
    twins = {"a": "Avant. Le même passage repris. Après.", "b": "Avant. Le même passage repris. Après."}
    assert not place(twins, Quote("même passage", "Le ", " repris")).placed


def test_a_quote_inside_a_word_is_not_placed_there(texts: dict[str, str]) -> None:
    assert not place({"a": "Les Bakouviens sont là."}, Quote("Bakou")).placed
    # ... unless its own context says it was made inside the word.
    assert place({"a": "Les Bakouviens sont là."}, Quote("Bakou", "Les ", "viens")).span == (4, 9)


def test_a_missing_passage_is_said(texts: dict[str, str]) -> None:
    found = place(texts, Quote("une phrase qui n'existe nulle part", "avant ", " après"))
    assert not found.placed and found.reason == "the quote is in no article of the library"
    found = place(texts, Quote("une phrase qui n'existe nulle part"), home="04-poutine-bakou")
    assert found.reason == "the quote is not in the text"


def test_a_changed_passage_is_found_from_its_context(texts: dict[str, str]) -> None:
    text = texts["04-poutine-bakou"]
    real = "les deux dirigeants se sont retirés pour leurs premières discussions informelles"
    start = text.index(real)
    quote = Quote("les deux dirigeants se sont retirés pour leurs discussions informelles",
                  text[start - 32:start], text[start + len(real):start + len(real) + 32])
    found = place(texts, quote)
    assert found.key == "04-poutine-bakou" and found.how == "approximate"
    assert found.span == (start, start + len(real))


def test_re_anchoring_uses_the_same_equivalences() -> None:
    old = "Il cite «\u00a0la coopération\u00a0» avec l’OTAN depuis des années."
    new = "Il cite \"la coopération\" avec l'OTAN depuis des années."
    anchor = Anchor("«\u00a0la coopération\u00a0» avec l’OTAN", "Il cite ", " depuis des années.", 8, 38)
    assert old[8:38] == anchor.exact
    span = resolve(new, anchor)
    assert span is not None and new[slice(*span)] == "\"la coopération\" avec l'OTAN"
