"""Keeping the library: `reader check`, `backup`, `restore`, and how each command opens (or refuses) the file."""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import stat
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from reader.cli import main
from reader.store import Store
from reader.store.backup import list_backups, make_backup, rotate
from reader.store.opening import Mode, access_of, open_library
from reader.store.schema import MIGRATIONS, SCHEMA_VERSION

ARTICLE = "Ilham Aliyev a reçu à Bakou une délégation de l'OTAN venue parler du Haut-Karabakh.\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage(path: Path) -> None:
    """4 KB of random bytes over a page in the middle of the file (never the header page)."""
    data = bytearray(path.read_bytes())
    page = 4096
    middle = max(1, (len(data) // page) // 2) * page
    data[middle:middle + page] = random.Random(11).randbytes(page)
    path.write_bytes(bytes(data))


def damage_page_of(path: Path, name: str) -> None:
    """Random bytes over the root page of a table or index (the one `list` reads first)."""
    conn = sqlite3.connect(path)
    root, size = conn.execute("SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master "
                              "WHERE name = ?", (name,)).fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * size:root * size] = random.Random(5).randbytes(size)
    path.write_bytes(bytes(data))


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "aliyev.txt"
    path.parent.mkdir()
    path.write_text(ARTICLE, encoding="utf-8")
    return path


# opening: read commands create nothing --------------------------------------------------------------


@pytest.mark.parametrize("command", [["list"], ["search", "otan"], ["show", "1"], ["links", "1"], ["timeline"],
                                     ["export", "-f", "json", "--all", "-o", "out.json"], ["check"], ["backup"]])
def test_a_read_command_on_a_missing_library_says_so_and_creates_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    db = tmp_path / "typo" / "lib.sqlite"
    code, out, err = run(capsys, "--db", str(db), *command)
    assert code == 1
    assert err.strip() == f"reader: no library at {db}"
    assert listing(tmp_path) == []


def test_a_read_command_on_a_missing_file_in_an_existing_folder_creates_no_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(tmp_path / "lib.sqlite"), "list")
    assert (code, err.count("\n")) == (1, 1) and "no library at" in err
    assert listing(tmp_path) == []


def test_import_creates_the_library_and_its_folder(tmp_path: Path, article_file: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "new" / "lib.sqlite"
    code, out, _ = run(capsys, "--db", str(db), "import", "--no-entities", str(article_file))
    assert code == 0 and out.startswith("imported")
    assert run(capsys, "--db", str(db), "list")[1].count("\n") == 1


def test_a_db_whose_parent_is_a_file_gives_one_line(tmp_path: Path, article_file: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "plain").write_text("not a folder")
    for command in (["list"], ["import", "--no-entities", str(article_file)]):
        code, _, err = run(capsys, "--db", str(tmp_path / "plain" / "lib.sqlite"), *command)
        assert code == 1
        assert err == f"reader: cannot use {tmp_path / 'plain' / 'lib.sqlite'}: {tmp_path / 'plain'} is a file, " \
                      "not a folder\n"


def test_read_commands_leave_the_file_and_folder_as_they_were(simple_library: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(simple_library)
    for command in (["list"], ["search", "otan"], ["show", "1"], ["timeline"], ["check", "--quick"]):
        assert run(capsys, "--db", str(simple_library), *command)[0] == 0
    assert digest(simple_library) == before


# read-only files and folders -------------------------------------------------------------------------


@pytest.fixture
def read_only_file(simple_library: Path) -> Iterator[Path]:
    simple_library.chmod(0o444)
    yield simple_library
    simple_library.chmod(0o644)


@pytest.fixture
def read_only_folder(simple_library: Path) -> Iterator[Path]:
    folder = simple_library.parent
    folder.chmod(0o555)
    yield simple_library
    folder.chmod(0o755)


def test_the_mode_chosen_follows_the_permission_bits_even_for_root(simple_library: Path) -> None:
    # root ignores chmod; the library still honours a chmod a-w, so the tests below hold for every user
    assert access_of(simple_library) == "rw"
    simple_library.chmod(0o444)
    try:
        assert access_of(simple_library) == "ro"
        with open_library(simple_library, Mode.READ) as store:
            assert store.read_only
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                store.conn.execute("DELETE FROM meta")
    finally:
        simple_library.chmod(0o644)
    simple_library.parent.chmod(0o555)
    try:
        assert access_of(simple_library) == "immutable"
    finally:
        simple_library.parent.chmod(0o755)


def test_a_read_only_library_is_still_read(read_only_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(read_only_file)
    code, out, _ = run(capsys, "--db", str(read_only_file), "list")
    assert code == 0 and out.count("\n") == 5
    assert run(capsys, "--db", str(read_only_file), "search", "otan")[0] == 0
    assert digest(read_only_file) == before


def test_a_library_in_a_read_only_folder_is_still_read_without_wal_files(
        read_only_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = listing(read_only_folder.parent)
    code, out, _ = run(capsys, "--db", str(read_only_folder), "list")
    assert code == 0 and out.count("\n") == 5
    assert listing(read_only_folder.parent) == before


@pytest.mark.parametrize("where", ["file", "folder"])
def test_a_write_command_on_a_read_only_library_gives_one_line_and_changes_nothing(
        simple_library: Path, article_file: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    target = simple_library if where == "file" else simple_library.parent
    before = digest(simple_library)
    target.chmod(0o444 if where == "file" else 0o555)
    try:
        code, out, err = run(capsys, "--db", str(simple_library), "import", "--no-entities", str(article_file))
    finally:
        target.chmod(0o644 if where == "file" else 0o755)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"reader: {simple_library} is read-only")
    assert digest(simple_library) == before


# damaged libraries --------------------------------------------------------------------------------


def test_a_damaged_library_is_not_written_to(simple_library: Path, article_file: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    damage(simple_library)
    before = digest(simple_library)
    code, out, err = run(capsys, "--db", str(simple_library), "import", "--no-entities", str(article_file))
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"reader: {simple_library} is damaged: ") and "reader restore" in err
    assert digest(simple_library) == before
    assert sorted(p.name for p in simple_library.parent.iterdir()) == ["in", "library.sqlite"]


def test_a_damaged_page_met_by_list_or_export_is_one_line(simple_library: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    damage_page_of(simple_library, "articles_list")
    damage_page_of(simple_library, "articles")
    for command in (["list"], ["export", "-f", "json", "--all", "-o", str(tmp_path / "out.json")]):
        code, _, err = run(capsys, "--db", str(simple_library), *command)
        assert code == 1
        assert err.count("\n") == 1 and "is damaged" in err and "Traceback" not in err


def test_check_on_a_sound_library(simple_library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", str(simple_library), "check")
    assert code == 0 and err == ""
    assert out == f"ok: {simple_library} (pages, foreign_keys, recognition, search_index checked)\n"
    code, out, _ = run(capsys, "--db", str(simple_library), "check", "--json")
    assert code == 0 and json.loads(out)["problems"] == []


def test_check_on_a_damaged_library_says_what_to_do(simple_library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    damage(simple_library)
    before = digest(simple_library)
    for quick in ([], ["--quick"]):
        code, out, err = run(capsys, "--db", str(simple_library), "check", *quick)
        assert code == 1
        lines = out.splitlines()
        assert lines and all(line.startswith("the file is damaged") and "reader restore" in line for line in lines)
    code, out, _ = run(capsys, "--db", str(simple_library), "check", "--repair")
    assert code == 1
    assert digest(simple_library) == before


def test_check_finds_a_stale_search_index_and_repair_rebuilds_it(simple_library: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(simple_library)
    conn.execute("DROP TRIGGER articles_au")  # an update that never reached the index
    conn.execute("UPDATE articles SET title = 'Tout autre chose' WHERE id = 1")
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "--db", str(simple_library), "check")
    assert code == 1
    assert out.splitlines() == [line for line in out.splitlines() if "articles_fts" in line and "--repair" in line]
    assert len(out.splitlines()) == 1
    code, out, _ = run(capsys, "--db", str(simple_library), "check", "--repair")
    assert code == 0 and out.startswith("repaired search_index\nok: ")
    assert run(capsys, "--db", str(simple_library), "search", "autre")[1].startswith("    1  Tout autre chose")


# backup and restore -----------------------------------------------------------------------------


def titles(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT title FROM articles ORDER BY id")]
    finally:
        conn.close()


def test_backup_and_restore_round_trip_keeps_the_current_file_aside(
        simple_library: Path, article_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = titles(simple_library)
    code, out, _ = run(capsys, "--db", str(simple_library), "backup")
    assert code == 0
    backup = Path(out.split("wrote backup ", 1)[1].strip())
    assert backup.parent == simple_library.parent / "backups" and backup.name.endswith("-manual.sqlite")
    assert run(capsys, "--db", str(simple_library), "import", "--no-entities", str(article_file))[0] == 0
    changed = titles(simple_library)
    assert len(changed) == len(original) + 1

    code, out, _ = run(capsys, "--db", str(simple_library), "restore", str(backup))
    assert code == 0
    assert titles(simple_library) == original
    aside = Path(out.split("kept as ", 1)[1].strip())
    assert aside.name.startswith("library.replaced-") and titles(aside) == changed
    assert not (simple_library.parent / "library.sqlite-wal").exists()


def test_backup_to_a_chosen_file(simple_library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "copy.sqlite"
    assert run(capsys, "--db", str(simple_library), "backup", "-o", str(target))[0] == 0
    assert titles(target) == titles(simple_library)
    code, _, err = run(capsys, "--db", str(simple_library), "backup", "-o", str(simple_library))
    assert code == 1 and "is the library itself" in err


def test_restore_over_a_damaged_library_keeps_it_as_damaged(simple_library: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    original = titles(simple_library)
    run(capsys, "--db", str(simple_library), "backup")
    backup = list_backups(simple_library)[0].path
    damage(simple_library)
    damaged = digest(simple_library)
    code, out, _ = run(capsys, "--db", str(simple_library), "restore", str(backup))
    assert code == 0
    aside = Path(out.split("kept as ", 1)[1].strip())
    assert aside.name.startswith("library.damaged-") and digest(aside) == damaged
    assert titles(simple_library) == original
    assert run(capsys, "--db", str(simple_library), "check")[0] == 0


def test_restore_refuses_an_unsound_backup_and_changes_nothing(simple_library: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(simple_library.read_bytes())
    damage(bad)
    before = digest(simple_library)
    code, _, err = run(capsys, "--db", str(simple_library), "restore", str(bad))
    assert code == 1 and err.count("\n") == 1 and "is not a sound backup" in err
    assert digest(simple_library) == before and sorted(p.name for p in tmp_path.iterdir()) == [
        "bad.sqlite", "library.sqlite"]


def test_rotation_keeps_the_last_day_and_the_newest_of_each_of_seven_days(simple_library: Path) -> None:
    now = datetime(2026, 3, 20, 12, 0, 0)
    conn = sqlite3.connect(simple_library)
    try:
        for hours in (1, 5, 23, 30, 34, 50, 75, 24 * 5, 24 * 6 + 2, 24 * 8, 24 * 30):
            make_backup(conn, simple_library, "auto", now=now - timedelta(hours=hours))
    finally:
        conn.close()
    rotate(simple_library, now)
    kept = sorted(round((now - b.when).total_seconds() / 3600) for b in list_backups(simple_library))
    # the last 24 hours: all; 30 h and 34 h ago fall on 19 March, whose newest is 23 h ago: gone;
    # then the newest of each day back to 14 March (146 h); 8 and 30 days ago: gone
    assert kept == [1, 5, 23, 50, 75, 120, 146]


def test_a_migration_is_preceded_by_a_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO articles (title, text) VALUES ('Ancien', 'Une note sur Erevan et Bakou.')")
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "--db", str(path), "list")
    assert code == 0 and "Ancien" in out
    backups = list_backups(path)
    assert [b.reason for b in backups] == [f"before-schema-{SCHEMA_VERSION}"]
    copy = sqlite3.connect(backups[0].path)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    copy.close()
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION


def test_a_notes_import_into_a_library_with_notes_is_preceded_by_a_backup(
        simple_library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / "notes.jsonld"
    with Store(simple_library) as store:
        text = store.articles.get(1).text
        from reader.anchoring import describe
        from reader.domain import Annotation

        store.annotations.add(Annotation(1, describe(text, 0, 10), note="première", start=0, end=10))
    assert run(capsys, "--db", str(simple_library), "export", "-f", "json", "--all", "-o", str(exported))[0] == 0
    assert list_backups(simple_library) == []
    assert run(capsys, "--db", str(simple_library), "import", str(exported))[0] == 0
    assert [b.reason for b in list_backups(simple_library)] == ["before-notes-import"]
    assert os.stat(list_backups(simple_library)[0].path).st_mode & stat.S_IFREG


def stale_wal(library: Path) -> None:
    """Beside the library, the -wal of another copy of it that went its own way (as a sync tool leaves it)."""
    other = library.with_name("other.sqlite")
    other.write_bytes(library.read_bytes())
    conn = sqlite3.connect(library)
    conn.execute("DELETE FROM articles WHERE id = 2")
    conn.commit()
    conn.close()
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE articles SET title = 'Titre de l''autre copie' WHERE id = 3")
    conn.execute("INSERT INTO articles (title, text) VALUES ('Article de l''autre copie', ?)", ("mot " * 3000,))
    conn.commit()
    library.with_name(library.name + "-wal").write_bytes(other.with_name(other.name + "-wal").read_bytes())
    conn.close()
    for path in other.parent.glob("other.sqlite*"):
        path.unlink()


def test_a_stale_wal_from_another_copy_is_refused_before_any_write(
        simple_library: Path, article_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stale_wal(simple_library)
    wal = simple_library.with_name("library.sqlite-wal")
    before = (digest(simple_library), digest(wal))
    code, out, err = run(capsys, "--db", str(simple_library), "import", "--no-entities", str(article_file))
    assert code == 1 and out == "" and err.count("\n") == 1 and "is damaged" in err
    assert (digest(simple_library), digest(wal)) == before  # not merged in, not written
