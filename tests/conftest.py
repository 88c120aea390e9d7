"""Shared fixtures: a temp settings location for Qt, and libraries built from the bundled articles."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from reader.entities.model import EntitySpan

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # tests never need a screen, even run by hand

# Property tests: no deadline (a shared machine is slow at times, speed is for bench/), and in CI the
# same examples every run, so a red build always reproduces; by hand they explore afresh.
settings.register_profile("reader", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("reader")

KNOWN = (("Ilham Aliyev", "PER"), ("Vladimir Poutine", "PER"), ("Jens Stoltenberg", "PER"), ("Poutine", "PER"),
         ("OTAN", "ORG"), ("Bakou", "LOC"), ("Azerbaïdjan", "LOC"), ("Russie", "LOC"), ("Moscou", "LOC"),
         ("Arménie", "LOC"), ("Haut-Karabakh", "LOC"), ("Caucase du Sud", "LOC"))


class SimpleRecognizer:
    """A fast stand-in for the spaCy pipeline: finds a fixed list of names (tests that need no model)."""

    def analyze(self, text: str, published: str = "") -> list[EntitySpan]:
        spans: list[EntitySpan] = []
        taken: list[tuple[int, int]] = []
        for name, type_ in KNOWN:
            for m in re.finditer(r"\b" + re.escape(name) + r"\b", text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                spans.append(EntitySpan(m.start(), m.end(), type_, name, name, source="rule"))
        return sorted(spans, key=lambda s: s.start)

    def analyze_many(self, items: Iterable[tuple[str, str]], batch_size: int = 32) -> Iterator[list[EntitySpan]]:
        for text, published in items:
            yield self.analyze(text, published)


@pytest.fixture(scope="session")
def entity_pipeline() -> object:
    """The real recogniser, loaded once per test session."""
    from reader.entities import EntityPipeline

    return EntityPipeline()


def _build_library(path: Path, recognizer: object) -> Path:
    from reader.operations.library import bundled_article_paths, import_files
    from reader.store import Store

    with Store(path) as store:
        outcomes = import_files(store, bundled_article_paths(), recognizer).value  # type: ignore[arg-type]
        assert not [o for o in outcomes if o.status == "failed"], outcomes
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(scope="session")
def simple_library_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_library(tmp_path_factory.mktemp("simple") / "library.sqlite", SimpleRecognizer())


@pytest.fixture(scope="session")
def real_library_template(tmp_path_factory: pytest.TempPathFactory, entity_pipeline: object) -> Path:
    return _build_library(tmp_path_factory.mktemp("real") / "library.sqlite", entity_pipeline)


@pytest.fixture
def simple_library(tmp_path: Path, simple_library_template: Path) -> Path:
    """A fresh copy of the bundled articles with a few known entities (no spaCy)."""
    return Path(shutil.copy(simple_library_template, tmp_path / "library.sqlite"))


@pytest.fixture
def real_library(tmp_path: Path, real_library_template: Path) -> Path:
    """A fresh copy of the bundled articles with the real recogniser's entities."""
    return Path(shutil.copy(real_library_template, tmp_path / "library.sqlite"))


@pytest.fixture(scope="session")
def simple_recognizer() -> SimpleRecognizer:
    """The fast stand-in recogniser, for tests that import through the window without spaCy."""
    return SimpleRecognizer()
