"""Fixtures for the export and notes-import tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from export_library import Library, build_library


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = build_library(tmp_path / "library.sqlite")
    yield lib
    lib.store.close()
