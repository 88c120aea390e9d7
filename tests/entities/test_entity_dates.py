"""French date expressions: what is found, where the span sits, and the ISO value it gets."""

from __future__ import annotations

import pytest

from reader.entities.dates import find_dates


@pytest.mark.parametrize(
    ("sentence", "expression", "published", "iso"),
    [
        ("Le sommet a eu lieu le 17 mars 2024 à Bakou.", "17 mars 2024", "", "2024-03-17"),
        ("Il est arrivé le 8 août.", "8 août", "2023-09-01", "2023-08-08"),
        ("La réunion est prévue en août 2025.", "août 2025", "", "2025-08"),
        ("Le traité a été signé en 1994.", "1994", "", "1994"),
        ("Les travaux reprendront début octobre.", "début octobre", "2021-09-12", "2021-10"),
        ("L'invasion a commencé le 22 février 2022.", "22 février 2022", "", "2022-02-22"),
        ("Il a été élu en novembre 2020.", "novembre 2020", "", "2020-11"),
        ("Il dirige le pays depuis 2009.", "2009", "", "2009"),
        ("La loi s'applique depuis le 1er janvier 2017.", "1er janvier 2017", "", "2017-01-01"),
        ("Publié le octobre 05, 2023 par la rédaction.", "octobre 05, 2023", "", "2023-10-05"),
        ("Il parlera vendredi 20 janvier devant le Sénat.", "vendredi 20 janvier", "2017-01-18", "2017-01-20"),
        ("Le vote du 22 décembre dernier a été annulé.", "22 décembre dernier", "2017-01-10", "2016-12-22"),
        ("La date du 12/03/2019 reste dans les mémoires.", "12/03/2019", "", "2019-03-12"),
    ],
)
def test_date_expression_and_iso_value(sentence: str, expression: str, published: str, iso: str) -> None:
    found = find_dates(sentence, published)
    assert [(sentence[d.start:d.end], d.value) for d in found] == [(expression, iso)]


def test_year_less_date_without_article_date_is_found_but_not_valued() -> None:
    found = find_dates("Rendez-vous le 8 août.")
    assert len(found) == 1
    assert found[0].value == ""


def test_quantities_are_not_years() -> None:
    text = "Environ 2000 membres et 1900 domiciles, à 1780 m d'altitude, pour 2000 euros."
    assert find_dates(text) == []


def test_impossible_day_gets_no_value() -> None:
    found = find_dates("le 31 février 2020")
    assert [d.value for d in found] == [""]
