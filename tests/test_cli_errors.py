"""Failures on the command line: one clear line on stderr, a non-zero exit, no traceback, nothing changed."""

from __future__ import annotations

import copy
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "exporting"))
from export_library import build_library  # noqa: E402

HUGE = "99999999999999999999"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "library.sqlite"
    build_library(path).store.close()
    return path


def notes_file(db: Path, tmp_path: Path) -> Path:
    """The library's notes as W3C JSON-LD (the file another reader or Hypothesis would give)."""
    out = tmp_path / "notes.jsonld"
    assert main(["--db", str(db), "export", "-f", "json", "--all", "-o", str(out)]) == 0
    return out


def counts(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM annotations), "
                           "(SELECT count(*) FROM links)").fetchone()
    conn.close()
    return row


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


@pytest.mark.parametrize("argv", [["show", HUGE], ["links", HUGE], ["export", "-f", "html", "--article", HUGE,
                                                                    "-o", "x.html"],
                                  ["show", "0"], ["links", "--", "-1"], ["gui", "--article", HUGE],
                                  ["search", "otan", "--limit", HUGE]])
def test_absurd_ids_are_refused_by_the_parser(db: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    before = db.read_bytes()
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(db), *argv])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]
    assert "Traceback" not in err and ("is not an id" in last or "out of range" in last), err
    assert db.read_bytes() == before


def test_show_of_a_huge_id_as_the_user_types_it(db: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "reader", "--db", str(db), "show", HUGE],
                         capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines()[-1] == (
        f"reader show: error: argument id: {HUGE} is not an id (ids go from 1 to 9223372036854775807)")


def test_a_deeply_nested_json_is_one_line(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "deep.jsonld"
    deep.write_text("[" * 10_000 + "]" * 10_000)
    before = counts(db)
    assert main(["--db", str(db), "import", str(deep)]) == 1
    err = one_line(capsys.readouterr().err)
    assert err == "failed     deep.jsonld: the JSON is nested too deeply to be notes"
    assert counts(db) == before


def _many_notes(db: Path, tmp_path: Path, n: int, size: int) -> Path:
    doc = json.loads(notes_file(db, tmp_path).read_text(encoding="utf-8"))
    first = doc["first"]["items"][0]
    items = []
    for i in range(n):
        item = copy.deepcopy(first)
        item["id"] = f"urn:uuid:00000000-0000-4000-8000-{i:012d}"
        item["body"][0]["value"] = f"note {i} " + "x" * size
        items.append(item)
    doc["first"]["items"] = items
    out = tmp_path / "many.jsonld"
    out.write_text(json.dumps(doc), encoding="utf-8")
    return out


def test_disk_full_during_a_notes_import_names_the_cause(db: Path, tmp_path: Path) -> None:
    notes = _many_notes(db, tmp_path, 400, 5000)  # about 2 MB of notes
    before, size = counts(db), db.stat().st_size

    def small_disk() -> None:  # the files may grow by 256 KB more: then the disk is full
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 256 * 1024, size + 256 * 1024))

    run = subprocess.run([sys.executable, "-m", "reader", "--db", str(db), "import", str(notes)],
                         capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                         preexec_fn=small_disk)
    assert run.returncode == 1
    err = one_line(run.stderr)
    assert "cannot rollback" not in err
    assert err == (f"reader: {db}: the file could not be written or read (disk I/O error; is the disk full?); "
                   "nothing was changed")
    assert counts(db) == before


@pytest.fixture
def small_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real 512 KB file system (tmpfs); needs the right to mount, else the test is skipped."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small file system here")
    yield mnt
    subprocess.run(["umount", str(mnt)], check=True)


def test_a_full_disk_during_a_notes_import_is_one_line(db: Path, tmp_path: Path, small_disk: Path) -> None:
    notes = _many_notes(db, tmp_path, 400, 5000)  # 2 MB of notes for a 512 KB disk
    library = small_disk / "library.sqlite"
    library.write_bytes(db.read_bytes())
    before = counts(library)
    run = subprocess.run([sys.executable, "-m", "reader", "--db", str(library), "import", str(notes)],
                         capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 1
    assert one_line(run.stderr) == (f"reader: {library}: the disk is full (database or disk is full); nothing was "
                                    "changed, free some space and try again")
    assert counts(library) == before


def test_a_locked_library_is_one_line(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = _many_notes(db, tmp_path, 3, 10)
    before = counts(db)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program writing, for longer than the busy wait
    try:
        assert main(["--db", str(db), "import", str(notes)]) == 1
    finally:
        other.execute("ROLLBACK")
        other.close()
    err = one_line(capsys.readouterr().err)
    assert err == f"reader: {db} is busy: another program is writing to it; try again"
    assert counts(db) == before


def test_a_note_over_the_size_limit_is_refused_and_the_rest_imported(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reader.domain import MAX_NOTE_CHARS

    doc = json.loads(notes_file(db, tmp_path).read_text(encoding="utf-8"))
    items = doc["first"]["items"]
    for i, item in enumerate(items):
        item["id"] = f"urn:uuid:11111111-0000-4000-8000-{i:012d}"
    notes = [i for i in items if i["motivation"] != "linking"]
    notes[0]["body"][0]["value"] = "y" * (MAX_NOTE_CHARS + 1)
    notes[1]["body"][0]["value"] = "a\x00b\x07c\td"
    path = tmp_path / "big.jsonld"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = counts(db)
    assert main(["--db", str(db), "import", str(path)]) == 0
    out = capsys.readouterr().out
    refused = [line for line in out.splitlines() if "over the limit" in line]
    assert len(refused) == 1
    assert refused[0].endswith("its text is 100,001 characters long, over the limit of 100,000; not imported")
    assert "« la longue coopération »" in refused[0]  # names the note by its passage
    after = counts(db)
    assert after[1] == before[1] + len(notes) - 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM annotations WHERE note = 'abc\td'").fetchone()[0] == 1
        assert conn.execute("SELECT max(length(note)) FROM annotations").fetchone()[0] <= MAX_NOTE_CHARS
    conn.close()
