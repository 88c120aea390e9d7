"""Corrections of the recogniser's output, in one article or everywhere, and their undo."""

from __future__ import annotations

from dataclasses import dataclass

from reader.entities.model import Correction, EntitySpan
from reader.operations.base import Result, done
from reader.store import Store


@dataclass(frozen=True)
class AppliedCorrection:
    """The stored correction's id and every touched article's spans before it."""

    correction_id: int
    before: dict[int, list[EntitySpan]]


def apply_correction(store: Store, correction: Correction) -> Result[AppliedCorrection]:
    correction_id, before, changes = store.apply_correction(correction)
    return Result(changes, AppliedCorrection(correction_id, before))


def revert_correction(store: Store, applied: AppliedCorrection) -> Result[None]:
    """Forget the correction and put the spans it changed back."""
    return done(store.revert_correction(applied.correction_id, applied.before))
