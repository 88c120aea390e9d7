"""Finding a search's words in an article: accents, case, prefixes, characters outside the BMP."""

from __future__ import annotations

from reader.explore.find import find_all, query_terms


def test_accent_and_case_blind_whole_words() -> None:
    text = "Les États-Unis et l'OTAN. Etats voisins; otanien n'est pas un mot."
    spans = find_all(text, "etats otan", prefix_last=False)
    assert [text[s:e] for s, e in spans] == ["États", "OTAN", "Etats"]


def test_last_word_is_a_prefix_like_the_library_search() -> None:
    text = "En Azerbaïdjan, les Azerbaïdjanais votent."
    assert [text[s:e] for s, e in find_all(text, "azerb")] == ["Azerbaïdjan", "Azerbaïdjanais"]


def test_offsets_are_python_offsets_after_emoji_and_ligatures() -> None:
    text = "😀 Œuvre de Poutine 🇷🇺 à Bakou"
    spans = find_all(text, "Poutine bakou")
    assert [text[s:e] for s, e in spans] == ["Poutine", "Bakou"]


def test_operators_and_quotes_are_not_words() -> None:
    assert query_terms('"Bakou" AND Moscou') == ["moscou", "bakou"]
    assert find_all("rien", "") == [] and find_all("", "x") == []
