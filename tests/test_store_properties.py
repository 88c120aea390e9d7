"""Whatever a user types in the search box becomes a safe FTS5 query (properties, real SQLite FTS5)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reader.domain import Article
from reader.store import Store, fts_query

# FTS5's own syntax in every spelling a user might type it, mixed with ordinary words and any character.
SYNTAX = st.sampled_from(['"', "'", "*", "^", ":", "(", ")", "{", "}", "+", "-", "AND", "OR", "NOT", "NEAR",
                          "NEAR(", "title:", "text:", "-text", "\\", ";", ",", ".", "\x00", "''", '""'])
WORDS = st.sampled_from(["Bakou", "OTAN", "l’OTAN", "aujourd'hui", "cessez-le-feu", "2024", "été", "Ελλάδα"])
QUERIES = st.lists(st.one_of(SYNTAX, WORDS, st.text(max_size=8)), max_size=8).map(" ".join) | st.text()
QUOTED = re.compile(r'(?:"[^"]*" )*"[^"]*" \*')


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(Path(tmp_path_factory.mktemp("fts")) / "library.sqlite") as store:
        store.articles.add(Article("Bakou et l’OTAN", "Le cessez-le-feu signé à Bakou en 2024, un été grec: Ελλάδα.",
                                  content_hash="one"))
        yield store


@given(QUERIES)
@example('NEAR(Bakou OTAN) AND "title":* OR ^NOT')
@example('"unbalanced')
def test_the_query_is_only_quoted_words_and_a_final_prefix(typed: str) -> None:
    query = fts_query(typed)
    assert query == "" or QUOTED.fullmatch(query), query
    words = [w for w in typed.split() if re.search(r"\w", w.replace('"', " "))]
    assert len(re.findall(r'"[^"]*"', query)) == len(words)


@given(QUERIES)
@example('NEAR(Bakou OTAN) AND "title":* OR ^NOT')
@example("text: -Bakou")
@example("\x00Bakou\x00")  # SQLite ended the quoted word at the NUL: "unterminated string"
def test_any_typed_text_runs_against_the_real_fts_table(store: Store, typed: str) -> None:
    hits = store.articles.search(typed)  # an FTS5 syntax error would raise sqlite3.OperationalError here
    assert all(hit.id == 1 for hit in hits)
    assert set(store.articles.ids(query=typed)) <= {1}


@given(st.sampled_from(["Bakou", "OTAN", "cessez", "2024", "Ελλάδα"]), SYNTAX)
def test_syntax_around_a_word_is_taken_as_text_and_the_word_still_found(store: Store, word: str, syntax: str) -> None:
    if not re.search(r"\w", syntax):
        assert [hit.id for hit in store.articles.search(f"{syntax}{word}{syntax}")] == [1]
    assert [hit.id for hit in store.articles.search(f"{word} {syntax}")] in ([1], [])
    assert [hit.id for hit in store.articles.search(word)] == [1]
