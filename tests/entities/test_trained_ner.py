"""The NER fine-tuned on French news: shipped with the program, loaded over the model's own, part of the version."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.entities.pipeline import TRAINED_NER_ENV, load_ner, pipeline_version, trained_ner_path
from reader.paths import resources_dir


def test_the_shipped_weights_are_the_ones_recognising(monkeypatch: pytest.MonkeyPatch) -> None:
    assert trained_ner_path() == resources_dir() / "ner"
    trained = load_ner()
    monkeypatch.setenv(TRAINED_NER_ENV, "none")
    own = load_ner()
    shipped = (resources_dir() / "ner" / "model").read_bytes()
    assert trained.get_pipe("ner").model.to_bytes() == shipped
    assert own.get_pipe("ner").model.to_bytes() != shipped
    # what a reader sees change: "les Alliés" is no longer underlined as a name; the council still is
    text = "Autre point d'achoppement : Aliyev a souligné que le Conseil de partenariat euro-atlantique réunit les Alliés."
    found = {(e.text, e.label_) for e in trained(text).ents}
    assert ("Conseil de partenariat euro-atlantique", "ORG") in found
    assert "Alliés" not in {name for name, _ in found}
    assert "Alliés" in {e.text for e in own(text).ents}


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
