"""Named entities in French news: recogniser, clean-up, dates, gazetteer linking and user corrections."""

from __future__ import annotations

from reader.entities.corrections import apply_corrections
from reader.entities.model import Correction, EntitySpan
from reader.entities.pipeline import EntityPipeline

__all__ = ["Correction", "EntityPipeline", "EntitySpan", "apply_corrections"]
