"""The `reader` command end to end, in a temporary folder, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.paths import articles_dir

ROOT = Path(__file__).resolve().parent.parent


def reader(*args: str, db: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("READER_DB", None)
    done = subprocess.run([sys.executable, "-m", "reader", "--db", str(db), *args], capture_output=True,
                          text=True, env=env, timeout=300)
    if check:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "lib.sqlite"
    done = reader("import", "--json", str(articles_dir()), db=db)
    statuses = [json.loads(line)["status"] for line in done.stdout.splitlines()]
    assert statuses == ["imported"] * 5
    return db


def test_version() -> None:
    done = subprocess.run([sys.executable, "-m", "reader", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.startswith("reader ")


def test_list_shows_the_bundled_articles_with_metadata(library: Path) -> None:
    rows = json.loads(reader("list", "--json", db=library).stdout)
    assert len(rows) == 5
    assert {"id", "title", "source", "author", "published"} <= set(rows[0])
    artsakh = next(r for r in rows if "Artsakh" in r["title"])
    assert artsakh["published"] == "2023-10-05"


def test_search_finds_otan_and_accentless_etats_unis(library: Path) -> None:
    hits = json.loads(reader("search", "--json", "otan", db=library).stdout)
    assert len(hits) >= 3 and all("[" in h["snippet"] for h in hits)
    assert all("otan" in h["snippet"].lower() or "otan" in h["title"].lower() for h in hits)
    assert all(h["score"] > 0 for h in hits) and hits == sorted(hits, key=lambda h: -h["score"])
    etats = json.loads(reader("search", "--json", "etats-unis", db=library).stdout)
    assert etats and any("États-Unis" in h["snippet"] or "Etats-Unis" in h["snippet"] for h in etats)
    plain = reader("search", "otan", db=library).stdout
    assert "OTAN" in plain
    assert len(plain.splitlines()) == 2 * len(hits)  # a title line and a one-line snippet per article


def test_importing_again_is_recognised_and_entities_were_stored(library: Path) -> None:
    done = reader("import", "--json", "--no-entities", str(articles_dir()), db=library)
    assert [json.loads(line)["status"] for line in done.stdout.splitlines()] == ["unchanged"] * 5
    from reader.store import Store

    with Store(library) as store:
        rows = store.entities.rows()
        names = {r.name for r in rows}
        assert "Ilham Aliyev" in names and "OTAN" in names


def test_show_prints_the_text_and_a_missing_id_is_one_clear_line(library: Path) -> None:
    rows = json.loads(reader("list", "--json", db=library).stdout)
    shown = reader("show", str(rows[0]["id"]), db=library).stdout
    assert shown.startswith(rows[0]["title"])
    missing = reader("show", "9999", db=library, check=False)
    assert missing.returncode == 1
    assert missing.stderr.strip() == "reader: no article with id 9999"


def test_one_bad_file_is_reported_and_the_rest_go_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Erevan et Bakou\n\nUn texte sur le Caucase du Sud.", encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"GIF89a not a pdf at all")
    (folder / "noise.txt").write_bytes(os.urandom(4096))
    db = tmp_path / "lib.sqlite"
    done = reader("import", "--json", "--no-entities", str(folder), str(tmp_path / "missing.md"), db=db, check=False)
    assert done.returncode == 1
    results = {Path(r["path"]).name: r for r in map(json.loads, done.stdout.splitlines())}
    assert results["good.txt"]["status"] == "imported"
    assert results["broken.pdf"]["status"] == "failed" and "broken.pdf" in results["broken.pdf"]["error"]
    assert results["noise.txt"]["status"] == "failed"
    assert results["missing.md"]["status"] == "failed"
    assert "Traceback" not in done.stderr
    assert len(json.loads(reader("list", "--json", db=db).stdout)) == 1


def test_a_corrupt_library_is_one_clear_line_and_stays_untouched(tmp_path: Path) -> None:
    db = tmp_path / "bad.sqlite"
    db.write_bytes(b"this is not a database" * 100)
    done = reader("list", db=db, check=False)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "bad.sqlite" in done.stderr and "Traceback" not in done.stderr
    assert db.read_bytes() == b"this is not a database" * 100


def test_a_pdf_with_highlights_from_another_reader_brings_its_notes(tmp_path: Path) -> None:
    import pymupdf

    pdf = tmp_path / "rapport.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Rapport sur le Caucase", fontsize=16)
    page.insert_text((72, 110), "Le cessez-le-feu fut signé en novembre 2020 sous l'égide de Moscou.")
    annot = page.add_highlight_annot(page.search_for("cessez-le-feu fut signé")[0])
    annot.set_colors(stroke=(1, 0.1, 0.1))
    annot.set_info(content="date clé")
    annot.update()
    doc.save(pdf)
    db = tmp_path / "lib.sqlite"
    done = reader("import", "--json", "--no-entities", str(pdf), db=db)
    [result] = [json.loads(line) for line in done.stdout.splitlines()]
    assert (result["status"], result["notes"]) == ("imported", 1)
    from reader.store import Store

    with Store(db) as store:
        [note] = store.annotations.for_article(result["id"])
        assert (note.anchor.exact, note.color, note.note) == ("cessez-le-feu fut signé", "red", "date clé")
    again = reader("import", "--json", "--no-entities", str(pdf), db=db)
    assert json.loads(again.stdout)["status"] == "unchanged"


def test_no_display_is_one_clear_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-m", "reader", "--db", str(tmp_path / "l.sqlite")], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith("reader: no display to open the window on") and done.stderr.count("\n") == 1


def test_reimporting_an_edited_file_updates_it_and_its_notes_follow(tmp_path: Path) -> None:
    from reader.anchoring import describe
    from reader.domain import Annotation
    from reader.store import Store

    source = tmp_path / "poutine.md"
    source.write_text((articles_dir() / "04-poutine-bakou.md").read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "lib.sqlite"
    [first] = map(json.loads, reader("import", "--json", "--no-entities", str(source), db=db).stdout.splitlines())
    kept, lost = "a atterri dans la république soviétique", "Lire aussi:"
    with Store(db) as store:
        text = store.articles.get(first["id"]).text
        for quote in (kept, lost):
            at = text.index(quote)
            store.annotations.add(Annotation(first["id"], describe(text, at, at + len(quote)), note=quote,
                                            start=at, end=at + len(quote)))
    edited = source.read_text(encoding="utf-8").replace("Poutine, le président russe, a atterri",
                                                        "Mise à jour : Poutine, le président russe, a  atterri")
    source.write_text(edited.replace("Lire aussi:", ""), encoding="utf-8")
    done = reader("import", "--no-entities", str(source), db=db)
    assert done.stdout.startswith(f"updated    #{first['id']}") and "(1 note lost its passage)" in done.stdout
    with Store(db) as store:
        text = store.articles.get(first["id"]).text
        notes = {a.note: a for a in store.annotations.for_article(first["id"])}
        assert text[notes[kept].start:notes[kept].end] == "a  atterri dans la république soviétique"
        assert notes[lost].orphan and notes[lost].anchor.exact == lost  # kept, shown, never re-attached elsewhere
