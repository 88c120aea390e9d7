"""Corrections teach: everywhere means every alias and every later article, and a team shares them as gazetteer lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main
from reader.entities.model import Correction
from reader.operations.corrections import apply_correction
from reader.operations.library import bundled_article_paths, import_files
from reader.store import Store
from tests.conftest import SimpleRecognizer


def _library(path: Path, files: list[Path]) -> Path:
    with Store(path) as store:
        import_files(store, files, SimpleRecognizer())
    return path


def _mentions(db: Path, name: str) -> list[tuple[str, str]]:
    with Store(db) as store:
        return [(m.text, m.type) for i in store.articles.ids() for m in store.entities.mentions(i)
                if m.entity == name]


def test_a_correction_everywhere_follows_the_entity_into_articles_imported_later(tmp_path: Path) -> None:
    first, *later = bundled_article_paths()
    db = _library(tmp_path / "lib.sqlite", [first])
    with Store(db) as store:
        # corrected on one alias ("Fédération de Russie"): every alias of the entity follows
        apply_correction(store, Correction("retype", None, text="Fédération de Russie", type="MISC", entity="Russie"))
        import_files(store, later, SimpleRecognizer())
    assert _mentions(db, "Russie") and {t for _, t in _mentions(db, "Russie")} == {"MISC"}


def test_corrections_go_to_a_colleague_as_gazetteer_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = bundled_article_paths()
    mine = _library(tmp_path / "mine.sqlite", files)
    with Store(mine) as store:
        apply_correction(store, Correction("reject", None, text="Poutine", entity="Poutine"))
        apply_correction(store, Correction("retype", None, text="Caucase du Sud", type="MISC", entity="Caucase du Sud"))
        apply_correction(store, Correction("reject", store.articles.ids()[0], text="Bakou", start=0, end=5))
    shared = tmp_path / "corrections.tsv"
    assert main(["--db", str(mine), "entities", "--export-corrections", str(shared)]) == 0
    assert capsys.readouterr().out == f"wrote 2 corrections to {shared}; 1 made in one article stay in the library\n"
    lines = [line for line in shared.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert lines == ["Poutine\tIGNORE", "Caucase du Sud\tMISC"]

    theirs = _library(tmp_path / "theirs.sqlite", files)
    assert ("Poutine", "PER") in _mentions(theirs, "Poutine")
    assert main(["--db", str(theirs), "entities", "--import-corrections", str(shared)]) == 0
    assert capsys.readouterr().out == f"applied 2 corrections from {shared}\n"
    assert _mentions(theirs, "Poutine") == []
    assert {t for _, t in _mentions(theirs, "Caucase du Sud")} == {"MISC"}
    assert main(["--db", str(theirs), "entities", "--import-corrections", str(shared)]) == 0
    assert capsys.readouterr().out == f"applied 0 corrections from {shared}\n"  # nothing twice


def test_an_unreadable_corrections_file_is_one_line_and_changes_nothing(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    db = _library(tmp_path / "lib.sqlite", bundled_article_paths()[:1])
    before = _mentions(db, "Russie")
    bad = tmp_path / "bad.tsv"
    bad.write_bytes(b"\xff\xfe not text")
    assert main(["--db", str(db), "entities", "--import-corrections", str(bad)]) != 0
    err = capsys.readouterr().err
    assert err.startswith(f"reader: cannot read {bad}") and err.count("\n") == 1
    assert _mentions(db, "Russie") == before
    with Store(db) as store:
        assert store.entities.corrections() == []
