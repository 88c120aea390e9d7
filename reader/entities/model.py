"""Frozen value objects of the entity layer: recognised spans and user corrections."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntitySpan:
    """One mention in a text: Python str offsets, type, surface text and canonical entity name."""

    start: int
    end: int
    type: str
    text: str
    entity: str  # canonical name; with ``type`` it identifies the entity across the library
    value: str = ""  # normalised ISO date (YYYY, YYYY-MM or YYYY-MM-DD) for DATE mentions
    source: str = "model"  # model | gazetteer | rule | library (a surname linked across articles) | user


@dataclass(frozen=True)
class Correction:
    """A user's correction, replayed after every (re-)analysis of an article.

    ``article_id`` None means "apply everywhere" for reject, retype and add. For a merge, ``type`` is the
    target entity's type, which the merged mentions take.
    """

    kind: str  # reject | retype | add | merge | rename | unlink (a surname from the full name it was linked to)
    article_id: int | None = None
    text: str = ""
    start: int | None = None
    end: int | None = None
    type: str = ""
    entity: str = ""
    target: str = ""
    id: int | None = None
