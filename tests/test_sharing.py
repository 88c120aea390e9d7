"""One library shared by several programs: a notes import in short transactions, a bounded WAL."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest

from reader.importing import notes as notes_module
from reader.importing.w3c import article_iri
from reader.operations.library import import_notes
from reader.store import Store


def write_notes(store: Store, path: Path, count: int) -> None:
    """``count`` notes in our JSON-LD form, on the library's articles."""
    articles = [store.articles.get(i) for i in store.articles.ids()]
    items: list[dict[str, Any]] = []
    for n in range(count):
        a = articles[n % len(articles)]
        start = (n * 7) % (len(a.text) - 40)
        end = start + 20
        items.append({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
                      "id": f"urn:uuid:{uuid.UUID(int=n + 1)}", "motivation": "commenting",
                      "body": [{"type": "TextualBody", "value": f"note {n}", "purpose": "commenting"},
                               {"type": "TextualBody", "value": "lot", "purpose": "tagging"}],
                      "target": {"source": article_iri(a), "selector": [
                          {"type": "TextQuoteSelector", "exact": a.text[start:end],
                           "prefix": a.text[max(0, start - 32):start], "suffix": a.text[end:end + 32]},
                          {"type": "TextPositionSelector", "start": start, "end": end}]}})
    path.write_text(json.dumps(items), encoding="utf-8")


def count_notes(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM annotations").fetchone()[0])
    finally:
        conn.close()


def test_another_program_writes_between_the_batches_of_a_notes_import(simple_library: Path, tmp_path: Path) -> None:
    notes_file = tmp_path / "notes.jsonld"
    other = sqlite3.connect(simple_library, timeout=0, isolation_level=None)  # gives up at once if locked
    seen: list[tuple[int, int]] = []

    def between(done: int, total: int) -> None:
        other.execute("BEGIN IMMEDIATE")  # would raise "database is locked" inside a batch
        other.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (f"other {done}", "written meanwhile"))
        other.execute("COMMIT")
        seen.append((done, int(other.execute("SELECT count(*) FROM annotations").fetchone()[0])))

    with Store(simple_library) as store:
        before = count_notes(simple_library)
        write_notes(store, notes_file, 1200)
        report = import_notes(store, notes_file, progress=between).value
    assert report.error == "" and report.attached == 1200
    # batches of at most 500 notes, each visible to the other program as soon as it was committed
    assert len(seen) >= 3 and seen[-1] == (1200, before + 1200)
    assert all(count == before + done for done, count in seen)
    assert all(b - a <= 500 for a, b in zip([0] + [d for d, _ in seen], [d for d, _ in seen], strict=False))
    assert other.execute("SELECT count(*) FROM meta WHERE key LIKE 'other %'").fetchone()[0] == len(seen)
    other.close()


def test_a_notes_import_stopped_midway_keeps_whole_notes_and_resumes(simple_library: Path, tmp_path: Path) -> None:
    notes_file = tmp_path / "notes.jsonld"
    before = count_notes(simple_library)

    other = sqlite3.connect(simple_library, isolation_level=None)

    def stop(done: int, total: int) -> None:
        other.execute("BEGIN IMMEDIATE")  # another program takes the library and keeps it

    with Store(simple_library) as store:
        write_notes(store, notes_file, 1200)
        store.set_write_wait(0.2)
        with pytest.raises(sqlite3.OperationalError, match="locked") as caught:
            import_notes(store, notes_file, progress=stop)
    other.execute("ROLLBACK")
    other.close()
    saved_count = count_notes(simple_library) - before
    assert 0 < saved_count <= 500  # the first batch, and nothing of the second
    assert f"{saved_count} notes and 0 links were saved before this" in "\n".join(caught.value.__notes__)
    with Store(simple_library) as store:
        # each saved note came in whole: its tags with it
        saved = [a for i in store.articles.ids() for a in store.annotations.for_article(i) if a.note.startswith("note ")]
        assert len(saved) == saved_count and all(a.tags == ("lot",) for a in saved)
        report = import_notes(store, notes_file).value  # again: only the rest comes in
    assert (report.attached, report.skipped) == (1200 - saved_count, saved_count)
    assert count_notes(simple_library) == before + 1200


def test_batches_are_small(simple_library: Path) -> None:
    assert notes_module.BATCH_ITEMS <= 500 and notes_module.BATCH_SECONDS <= 0.25


def test_the_wal_is_bounded(tmp_path: Path) -> None:
    with Store(tmp_path / "lib.sqlite") as store:
        assert store.conn.execute("PRAGMA journal_size_limit").fetchone()[0] == 64 * 1024 * 1024
        assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
        store.meta.set("x", "y" * 100_000)
        wal = tmp_path / "lib.sqlite-wal"
        assert wal.stat().st_size > 100_000
        assert store.checkpoint() is True
        assert wal.stat().st_size == 0  # an idle window empties the WAL
