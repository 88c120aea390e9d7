"""Recognition always completes: every article says whether it ran, and what did not complete resumes."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from reader.cli import main
from reader.entities.chunks import CHUNK_CHARS, chunk_bounds
from reader.entities.model import EntitySpan
from reader.importing import read_file
from reader.operations.library import import_files
from reader.operations.recognition import missing_recognition, recognise_articles, resume_recognition
from reader.paths import articles_dir
from reader.store import Store
from reader.store.schema import MIGRATIONS, SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]


def reader(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("READER_DB", None)
    return subprocess.run([sys.executable, "-m", "reader", "--db", str(db), *args], capture_output=True, text=True,
                          env=env, timeout=600)


def killed_import(db: Path, files: list[Path]) -> list[int]:
    """What a kill -9 between storing the articles and storing their mentions leaves: pending, no mention."""
    ids = []
    with Store(db) as store, store.transaction():
        for path in files:
            article_id = store.upsert_article(read_file(path)).id
            store.recognition.mark([article_id], "pending")
            ids.append(article_id)
    return ids


def test_a_library_of_the_previous_version_records_what_ran(tmp_path: Path) -> None:
    path = tmp_path / "v7.sqlite"
    conn = sqlite3.connect(path)
    for number in range(7):
        MIGRATIONS[number](conn)
    conn.execute("PRAGMA user_version = 7")
    conn.execute("INSERT INTO articles (title, text) VALUES ('Avec', 'Ilham Aliyev à Bakou.')")
    conn.execute("INSERT INTO articles (title, text) VALUES ('Sans', 'Vladimir Poutine à Moscou.')")
    conn.execute("INSERT INTO entities (name, type) VALUES ('Bakou', 'LOC')")
    conn.execute("INSERT INTO mentions (article_id, entity_id, start, \"end\", text, type) VALUES (1, 1, 15, 20, 'Bakou', 'LOC')")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION == 8
        assert store.recognition.get(1).status == "done"
        assert store.recognition.get(2).status == "pending"
        assert [(m.article_id, m.status) for m in missing_recognition(store)] == [(2, "pending")]
        assert [m.text for m in store.entities.mentions(1)] == ["Bakou"]  # nothing lost


def test_an_import_marks_articles_done_with_the_version_that_found_their_entities(tmp_path: Path,
                                                                                 entity_pipeline: object) -> None:
    with Store(tmp_path / "lib.sqlite") as store:
        outcomes = import_files(store, [articles_dir()], entity_pipeline).value  # type: ignore[arg-type]
        assert {o.entities for o in outcomes} == {"done"}
        for outcome in outcomes:
            assert outcome.id is not None
            state = store.recognition.get(outcome.id)
            assert state.status == "done" and state.version.startswith("fr_core_news_md ")
            assert store.entities.mentions(outcome.id)
        assert missing_recognition(store) == []


def test_a_killed_import_is_completed_by_importing_the_same_files_again(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    files = sorted(articles_dir().iterdir())[:2]
    ids = killed_import(db, files)
    with Store(db) as store:
        assert [m.article_id for m in missing_recognition(store)] == ids
    done = reader("import", *map(str, files), db=db)
    assert done.returncode == 0, done.stderr
    assert [line.split()[:2] for line in done.stdout.splitlines()] == [["recognised", f"#{i}"] for i in ids]
    with Store(db) as store:
        assert all(store.entities.mentions(i) for i in ids)
        assert missing_recognition(store) == []
    again = reader("import", *map(str, files), db=db)
    assert [line.split()[0] for line in again.stdout.splitlines()] == ["unchanged", "unchanged"]


def test_reprocess_missing_recognises_what_a_kill_left_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    (article_id,) = killed_import(db, [sorted(articles_dir().iterdir())[0]])
    done = reader("reprocess", "--missing", db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "recognised 1 of 1 articles"
    assert "recognising: 1/1 articles" in done.stderr
    with Store(db) as store:
        assert store.entities.mentions(article_id) and store.recognition.get(article_id).status == "done"
    nothing = reader("reprocess", db=db)
    assert nothing.returncode == 0 and "nothing to recognise" in nothing.stderr


@pytest.mark.parametrize("ids", [["99"], ["99999999999999999999"], ["0"]])
def test_reprocess_of_an_unknown_article_says_so_and_changes_nothing(simple_library: Path, ids: list[str]) -> None:
    before = simple_library.read_bytes()
    done = reader("reprocess", *ids, db=simple_library)
    assert done.returncode == 1
    assert done.stderr == f"reader: no article with id {ids[0]}; nothing was recognised\n"
    assert simple_library.read_bytes() == before


class BreaksOn:
    """A recogniser that fails on texts holding a word (how a failure the user cannot cause is met)."""

    def __init__(self, word: str, inner: object) -> None:
        self.word, self.inner = word, inner

    def analyze_many(self, items: Iterable[tuple[str, str]], batch_size: int = 32) -> Iterator[list[EntitySpan]]:
        items = list(items)
        if any(self.word in text for text, _ in items):
            raise MemoryError(f"no memory left for {self.word}")
        return self.inner.analyze_many(items)  # type: ignore[attr-defined, no-any-return]

    def close(self) -> None:
        pass

    def __enter__(self) -> BreaksOn:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def test_a_failure_fails_that_article_alone_and_reprocess_says_which(simple_library: Path, simple_recognizer: object,
                                                                    monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    with Store(simple_library) as store:
        ids = store.articles.ids(sort="imported", descending=False)
        breaking = next(i for i in ids if "Stoltenberg" in store.articles.get(i).text)
        report = recognise_articles(store, BreaksOn("Stoltenberg", simple_recognizer), ids).value  # type: ignore[arg-type]
        assert report.failed.keys() == {breaking} and len(report.recognised) == len(ids) - 1
        assert [(m.article_id, m.status) for m in missing_recognition(store)] == [(breaking, "failed")]
        assert "MemoryError: no memory left" in missing_recognition(store)[0].line()
    import reader.entities.parallel as parallel

    monkeypatch.setattr(parallel, "ParallelRecognizer", lambda: BreaksOn("Stoltenberg", simple_recognizer))
    assert main(["--db", str(simple_library), "reprocess", "--missing"]) == 1
    out, err = capsys.readouterr()
    assert out == "recognised 0 of 1 articles; 1 failed (reader reprocess --missing tries them again)\n"
    failed = [line for line in err.splitlines() if line.startswith("failed")]
    assert len(failed) == 1 and failed[0].startswith(f"failed     #{breaking} ") and "MemoryError" in failed[0]
    monkeypatch.setattr(parallel, "ParallelRecognizer", lambda: simple_recognizer)
    with Store(simple_library) as store:
        assert resume_recognition(store, recognizer=simple_recognizer).value.recognised == [breaking]  # type: ignore[arg-type]
        assert missing_recognition(store) == []


def test_no_entities_is_skipped_not_missing_and_a_later_import_with_entities_recognises(
        tmp_path: Path, simple_recognizer: object) -> None:
    with Store(tmp_path / "lib.sqlite") as store:
        (outcome,) = import_files(store, [sorted(articles_dir().iterdir())[0]]).value
        assert outcome.id is not None and store.recognition.get(outcome.id).status == "skipped"
        assert missing_recognition(store) == []
        (again,) = import_files(store, [sorted(articles_dir().iterdir())[0]], simple_recognizer).value  # type: ignore[arg-type]
        assert again.status == "recognised" and store.entities.mentions(outcome.id)


def test_an_edited_file_is_pending_until_recognised_again(tmp_path: Path, simple_recognizer: object) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Bakou\n\nIlham Aliyev est à Bakou.", encoding="utf-8")
    with Store(tmp_path / "lib.sqlite") as store:
        (first,) = import_files(store, [path], simple_recognizer).value  # type: ignore[arg-type]
        assert first.id is not None
        path.write_text("Bakou\n\nVladimir Poutine est à Moscou.", encoding="utf-8")
        article = read_file(path)
        store.upsert_article(article)  # stored, not yet recognised: what a kill right here leaves
        assert store.recognition.get(first.id).status == "pending"
        (second,) = import_files(store, [path], simple_recognizer).value  # type: ignore[arg-type]
        assert second.status == "recognised"
        assert [m.text for m in store.entities.mentions(first.id)] == ["Bakou", "Vladimir Poutine", "Moscou"]


def test_chunks_cut_a_one_line_text_at_sentence_ends_and_cover_it() -> None:
    sentence = "Ilham Aliyev a reçu Jens Stoltenberg à Bakou. "
    text = sentence * 5000  # 230,000 characters, no line break
    bounds = chunk_bounds(text)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:], strict=False))
    assert all(0 < end - start <= CHUNK_CHARS for start, end in bounds)
    assert all(text[:end].endswith(". ") for _, end in bounds)
    spaces = "mot " * 60_000
    assert all(spaces[:end].endswith(" ") for _, end in chunk_bounds(spaces))
    solid = "x" * 250_000
    assert [end - start for start, end in chunk_bounds(solid)] == [100_000, 100_000, 50_000]


def test_a_long_one_line_text_has_exact_entities_past_the_first_piece(tmp_path: Path) -> None:
    parts = [read_file(p).text for p in sorted(articles_dir().iterdir())]
    one_line = " ".join(" ".join(parts).split())
    text = " ".join([one_line] * (CHUNK_CHARS // len(one_line) + 2))
    path = tmp_path / "long.txt"
    path.write_text("Un long texte " + text, encoding="utf-8")
    db = tmp_path / "lib.sqlite"
    done = reader("import", str(path), db=db)
    assert done.returncode == 0, done.stderr
    with Store(db) as store:
        (article_id,) = store.articles.ids()
        stored = store.articles.get(article_id).text
        mentions = store.entities.mentions(article_id)
        assert store.recognition.get(article_id).status == "done"
    assert "\n" not in stored.strip() and len(stored) > CHUNK_CHARS
    assert all(stored[m.start:m.end] == m.text for m in mentions)
    assert any(m.start > CHUNK_CHARS and m.text == "Stoltenberg" or m.entity == "Jens Stoltenberg"
               for m in mentions if m.start > CHUNK_CHARS)
    assert {m.entity for m in mentions if m.start < CHUNK_CHARS} >= {"OTAN", "Bakou"}


def test_what_another_recogniser_found_is_never_out_of_date(simple_library_template: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copy(simple_library_template, tmp_path / "copy.sqlite"))
    with Store(copy) as store:
        assert missing_recognition(store) == []  # a stand-in's results are never out of date


def test_check_lists_an_article_a_kill_left_without_entities_and_repair_recognises_it(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    (article_id,) = killed_import(db, [sorted(articles_dir().iterdir())[0]])
    found = reader("check", db=db)
    assert found.returncode == 1
    assert f"#{article_id} " in found.stdout + found.stderr
    assert "entity recognition was interrupted" in found.stdout + found.stderr
    with Store(db) as store:
        assert not store.entities.mentions(article_id)  # a check alone changes nothing
    repaired = reader("check", "--repair", db=db)
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "repaired recognition" in repaired.stdout
    with Store(db) as store:
        assert store.entities.mentions(article_id) and store.recognition.get(article_id).status == "done"
