"""The NER fine-tuned on French news: shipped with the program, loaded over the model's own, part of the version."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.entities.pipeline import TRAINED_NER_ENV, load_ner, pipeline_version, trained_ner_path
from reader.paths import resources_dir


def test_the_program_ships_the_trained_component() -> None:
    path = trained_ner_path()
    assert path == resources_dir() / "ner"
    assert {p.name for p in path.iterdir()} >= {"cfg", "model", "moves"}


def test_the_trained_weights_are_the_ones_recognising(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Le président Ilham Aliyev a reçu à Bakou le secrétaire général de l'OTAN."
    trained = load_ner()
    monkeypatch.setenv(TRAINED_NER_ENV, "none")
    own = load_ner()
    shipped = (resources_dir() / "ner" / "model").read_bytes()
    assert trained.get_pipe("ner").model.to_bytes() == shipped
    assert own.get_pipe("ner").model.to_bytes() != shipped
    # same labels, so the rest of the pipeline reads both alike
    assert trained.get_pipe("ner").labels == own.get_pipe("ner").labels
    assert {e.label_ for e in trained(text).ents} <= {"PER", "ORG", "LOC", "MISC"}


def test_other_weights_make_every_article_out_of_date(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shipped = pipeline_version()
    assert "; ner " in shipped
    monkeypatch.setenv(TRAINED_NER_ENV, "none")
    assert "; ner " not in pipeline_version()
    other = tmp_path / "ner"
    other.mkdir()
    for name in ("cfg", "moves"):
        (other / name).write_bytes((resources_dir() / "ner" / name).read_bytes())
    (other / "model").write_bytes(b"other weights")
    monkeypatch.setenv(TRAINED_NER_ENV, str(other))
    assert pipeline_version() != shipped
