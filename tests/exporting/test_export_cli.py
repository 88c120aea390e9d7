"""`reader export` and `reader import notes.jsonld` from the command line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from export_library import Library, add_articles

from reader.cli import main
from reader.store import Store


@pytest.fixture
def db(library: Library) -> str:
    path = library.store.path
    library.store.close()
    return path


@pytest.mark.parametrize("fmt,name", [("md", "vault"), ("html", "n.html"), ("pdf", "n.pdf"),
                                      ("annotated-pdf", "a.pdf"), ("json", "n.jsonld"), ("csv", "n.csv"),
                                      ("mentions-csv", "e.csv")])
def test_export_every_format(db: str, tmp_path: Path, fmt: str, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / name
    assert main(["--db", db, "export", "--format", fmt, "--all", "-o", str(out)]) == 0
    assert out.exists()
    assert capsys.readouterr().out.startswith("wrote ")
    files = sorted(out.iterdir()) if out.is_dir() else [out]
    mask = os.umask(0)
    os.umask(mask)
    assert {f.stat().st_mode & 0o777 for f in files} == {0o666 & ~mask}  # as any file the user saves


def test_export_one_article_and_a_tag(db: str, tmp_path: Path) -> None:
    assert main(["--db", db, "export", "-f", "md", "--article", "1", "-o", str(tmp_path / "one.md")]) == 0
    assert "Bakou" in (tmp_path / "one.md").read_text(encoding="utf-8")
    assert main(["--db", db, "export", "-f", "json", "--tag", "russie", "-o", str(tmp_path / "t.jsonld")]) == 0
    items = json.loads((tmp_path / "t.jsonld").read_text(encoding="utf-8"))["first"]["items"]
    assert len([i for i in items if i["motivation"] != "linking"]) == 2


@pytest.mark.parametrize("args,message", [
    (["--article", "42"], "reader: no article with id 42\n"),
    (["--tag", "nulle-part"], "reader: no note is tagged “nulle-part”\n"),
])
def test_export_errors_are_one_line(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                    message: str) -> None:
    assert main(["--db", db, "export", "-f", "html", *args, "-o", str(tmp_path / "x.html")]) == 1
    assert capsys.readouterr().err == message


def test_export_to_an_unwritable_place(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x")
    assert main(["--db", db, "export", "-f", "csv", "--all", "-o", str(tmp_path / "file" / "e.csv")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("reader: cannot write") and err.count("\n") == 1


def test_empty_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "empty.sqlite")
    Store(db).close()  # a library with nothing in it (a missing one is "no library at", see test_cli_maintenance)
    assert main(["--db", db, "export", "-f", "json", "--all", "-o", str(tmp_path / "x.jsonld")]) == 1
    assert capsys.readouterr().err == "reader: the library has no articles to export\n"


def test_import_notes_from_the_command_line(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.jsonld"
    assert main(["--db", db, "export", "-f", "json", "--all", "-o", str(notes)]) == 0
    fresh = tmp_path / "fresh.sqlite"
    with Store(fresh) as store:
        add_articles(store)
    capsys.readouterr()
    assert main(["--db", str(fresh), "import", "--no-entities", str(notes)]) == 0
    assert "7 notes placed, 0 not placed, 4 links imported" in capsys.readouterr().out
