"""One name per person across the library: a bare surname joins the one full name the library knows for it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from reader.entities.canonical import canonical_name
from reader.entities.model import EntitySpan

PERIOD_DAYS = 730  # "its period": articles published within two years of each other
_BARE_TYPES = ("PER", "MISC")  # the recogniser often leaves a lone foreign surname untyped (MISC)


@dataclass(frozen=True)
class KnownPerson:
    """A full name the library already holds, with publication dates of articles naming it.

    ``articles``: how many articles name it, when known; else as many as the dates given.
    """

    name: str
    published: tuple[str, ...]
    articles: int | None = None


@dataclass(frozen=True)
class NameLink:
    """Why a bare surname in an article was taken for a full name: kept so the reader can see it."""

    surface: str
    entity: str
    evidence: str


def surname(name: str) -> str:
    """The last word of a full name ("Ilham Aliyev" -> "Aliyev"); "" for a one-word name."""
    words = name.split()
    return words[-1] if len(words) >= 2 else ""


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if len(value) >= 10 else date(int(value[:4]), 7, 1)
    except ValueError:
        return None


def in_period(a: str, b: str, days: int = PERIOD_DAYS) -> bool:
    """Whether two publication dates are within ``days``; an unknown date is in every period."""
    first, second = _day(a), _day(b)
    return first is None or second is None or abs((first - second).days) <= days


def _is_bare(span_entity: str, span_text: str, source: str) -> bool:
    """One capitalised word the recogniser (or a rule) named after itself: a surname, if it is anyone's."""
    return (source in ("model", "rule") and " " not in span_entity
            and span_entity == canonical_name(span_text) and len(span_entity) >= 3 and span_entity[0].isupper()
            and not span_entity.isupper())


def link_surnames(spans: Sequence[EntitySpan], published: str, people: Callable[[str], list[KnownPerson]],
                  place_elsewhere: Callable[[str], bool] | None = None) -> tuple[list[EntitySpan], list[NameLink]]:
    """Spans whose bare surname names exactly one known person of the article's period, linked to that person.

    ``people(surname)`` gives the library's full names ending with that surname.
    A surname shared by two people of the period (Ilham and Heydar Aliyev) stays as it is, and so does one
    that the article itself gives with a first name.
    A lone word the recogniser took for a place ("Aliyev a souligné") is a bare surname too when
    ``place_elsewhere(word)`` says no other article of the library names a place so.
    """
    in_article = {surname(s.entity) for s in spans if s.type == "PER"}
    decided: dict[str, NameLink | None] = {}
    result: list[EntitySpan] = []
    for span in spans:
        bare = _is_bare(span.entity, span.text, span.source) and (span.type in _BARE_TYPES or (
            span.type == "LOC" and place_elsewhere is not None and not place_elsewhere(span.entity)))
        if not bare or span.entity in in_article:
            result.append(span)
            continue
        key = span.entity
        if key not in decided:
            known = [p for p in people(key) if any(in_period(published, when) for when in p.published) or not p.published]
            decided[key] = None
            if len(known) == 1:
                person = known[0]
                count = person.articles if person.articles is not None else len(person.published)
                decided[key] = NameLink(key, person.name, (
                    f"the only {key} the library names in this period: {person.name}, "
                    f"in {count} other article{'s' if count != 1 else ''}"))
        link = decided[key]
        result.append(replace(span, type="PER", entity=link.entity, source="library") if link else span)
    return result, [link for link in decided.values() if link is not None]
