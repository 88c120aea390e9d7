"""Shared fixtures of the entity tests: the real gazetteer and one pipeline (one model load) per session."""

from __future__ import annotations

import pytest

from reader.entities.gazetteer import Gazetteer
from reader.entities.pipeline import EntityPipeline, default_gazetteer_path


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(default_gazetteer_path())


@pytest.fixture(scope="session")
def pipeline() -> EntityPipeline:
    return EntityPipeline()
