"""The tooltip tells who a mention stands for: the Wikidata item, and why a bare surname is a known person."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.entities.model import Correction
from reader.operations.corrections import apply_correction

pytestmark = pytest.mark.slow


def test_a_bare_surname_is_the_person_the_library_knows(open_window, real_library: Path) -> None:
    window = open_window(real_library)
    store = window.session.store
    article_id = next(i for i in store.articles.ids() if "Aliyev" in store.articles.get(i).text
                      and "Ilham Aliyev" not in store.articles.get(i).text)
    window.open_article(article_id)
    mention = next(m for m in window.article_view.mentions if m.text == "Aliyev")
    assert (mention.entity, mention.type) == ("Ilham Aliyev", "PER")
    tip = window.article_view.tooltip_text(mention)
    assert "Ilham Aliyev" in tip and "Mentioned in 5 articles" in tip
    assert "the only Aliyev the library names in this period" in tip
    country = next(m for m in window.article_view.mentions if m.entity == "Azerbaïdjan")
    assert "Wikidata: Q227" in window.article_view.tooltip_text(country)


def test_an_unlink_correction_takes_the_surname_back(real_library: Path) -> None:
    from reader.store import Store

    with Store(real_library) as store:
        article_id = next(i for i in store.articles.ids() if "Ilham Aliyev" not in store.articles.get(i).text
                          and "Aliyev" in store.articles.get(i).text)
        apply_correction(store, Correction("unlink", article_id, text="Aliyev", entity="Ilham Aliyev"))
        assert {(m.entity, m.source) for m in store.entities.mentions(article_id) if m.text == "Aliyev"} == {
            ("Aliyev", "model")}
        ilham = store.entities.find("Ilham Aliyev", "PER")
        assert ilham is not None and store.entities.article_count(ilham.id) == 4
