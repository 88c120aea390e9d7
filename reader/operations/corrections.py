"""Corrections of the recogniser's output, in one article or everywhere, and their undo."""

from __future__ import annotations

from dataclasses import dataclass, replace

from reader.entities.model import Correction, EntitySpan
from reader.operations.base import Result, done
from reader.store import Store


@dataclass(frozen=True)
class AppliedCorrection:
    """The stored correction's id and every touched article's spans before it."""

    correction_id: int
    before: dict[int, list[EntitySpan]]


def apply_correction(store: Store, correction: Correction) -> Result[AppliedCorrection]:
    if correction.kind == "merge" and not correction.type:
        correction = replace(correction, type=merge_target_type(store, correction.target))
    correction_id, before, changes = store.apply_correction(correction)
    return Result(changes, AppliedCorrection(correction_id, before))


def revert_correction(store: Store, applied: AppliedCorrection) -> Result[None]:
    """Forget the correction and put the spans it changed back."""
    return done(store.revert_correction(applied.correction_id, applied.before))


def merge_target_type(store: Store, name: str) -> str:
    """The type of the entity a merge goes into (the most mentioned one of that name), or "" if none exists."""
    rows = [r for r in store.entities.rows(query=name) if r.name == name] if name else []
    return max(rows, key=lambda r: r.mentions).type if rows else ""
