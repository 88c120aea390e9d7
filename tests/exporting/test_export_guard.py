"""`reader export` never writes onto a library: the open one, its -wal/-shm/-journal, or any SQLite file."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from export_library import Library

from reader.cli import main

FORMATS = [("md", "--all"), ("html", "--all"), ("json", "--all"), ("csv", "--all"), ("pdf", "--all"),
           ("annotated-pdf", "--all"), ("mentions-csv", "--all")]


@pytest.fixture
def db(library: Library) -> Path:
    path = Path(library.store.path)
    library.store.close()
    return path


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("reader: "), err  # one line, no traceback
    return err.strip()


@pytest.mark.parametrize("fmt,scope", FORMATS)
def test_export_onto_the_open_library_is_refused(db: Path, fmt: str, scope: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    before = db.read_bytes()
    err = _refused(["--db", str(db), "export", "-f", fmt, scope, "-o", str(db)], capsys)
    assert err == f"reader: {db} is the open library; choose another file for the export"
    assert db.read_bytes() == before
    assert sqlite3.connect(db).execute("SELECT count(*) FROM annotations").fetchone()[0] == 7


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_export_onto_the_library_journal_files_is_refused(db: Path, suffix: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    before = db.read_bytes()
    target = Path(str(db) + suffix)
    err = _refused(["--db", str(db), "export", "-f", "html", "--all", "-o", str(target)], capsys)
    assert f"is the open library's {suffix[1:]} file" in err
    assert db.read_bytes() == before
    assert not target.exists() or target.read_bytes()[:4] != b"<!DO"


def test_export_onto_the_library_by_a_symlink_or_another_spelling_is_refused(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    before = db.read_bytes()
    link = tmp_path / "notes.html"
    link.symlink_to(db)
    other = tmp_path / "sub"
    other.mkdir()
    monkeypatch.chdir(other)
    for target in (str(link), f"{tmp_path}/sub/../{db.name}", f"../{db.name}"):
        err = _refused(["--db", str(db), "export", "-f", "json", "--all", "-o", target], capsys)
        assert "is the open library" in err
    assert link.is_symlink() and db.read_bytes() == before


def test_export_onto_another_sqlite_file_is_refused(db: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "zotero.csv"  # any name: the 16-byte header says it is a database
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
    conn.close()
    before = other.read_bytes()
    err = _refused(["--db", str(db), "export", "-f", "csv", "--all", "-o", str(other)], capsys)
    assert err == f"reader: {other} is an SQLite database; an export never replaces one, choose another file"
    assert other.read_bytes() == before
    journal = tmp_path / "zotero.csv-journal"
    err = _refused(["--db", str(db), "export", "-f", "csv", "--all", "-o", str(journal)], capsys)
    assert "belongs to the SQLite database zotero.csv" in err and not journal.exists()


def test_corrections_export_onto_the_library_is_refused(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = db.read_bytes()
    err = _refused(["--db", str(db), "entities", "--export-corrections", str(db)], capsys)
    assert "is the open library" in err
    assert db.read_bytes() == before


def test_overwriting_an_export_keeps_its_mode(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "notes.html"
    out.write_text("old")
    out.chmod(0o640)
    assert main(["--db", str(db), "export", "-f", "html", "--all", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert out.stat().st_mode & 0o777 == 0o640


def test_overwriting_through_a_symlink_keeps_the_link(db: Path, tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    real = tmp_path / "shared" / "notes.csv"
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "notes.csv"
    link.symlink_to(real)
    assert main(["--db", str(db), "export", "-f", "csv", "--all", "-o", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "Bakou" in real.read_text(encoding="utf-8")
    assert real.stat().st_mode & 0o777 == 0o600
    assert not [p for p in (tmp_path / "shared").iterdir() if p.name.endswith(".part")]
