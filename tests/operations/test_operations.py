"""Operations change the library in one step, say what changed, and hand back what their undo needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.domain import Link, LinkEnd
from reader.entities.model import Correction
from reader.operations import articles, corrections, library, links, notes
from reader.store import Store


@pytest.fixture
def store(simple_library: Path) -> Store:
    with Store(simple_library) as opened:
        yield opened  # type: ignore[misc]


def _article(store: Store, needle: str) -> tuple[int, str]:
    article_id = next(i for i in store.articles.ids() if needle in store.articles.get(i).text)
    return article_id, store.articles.get(article_id).text


def test_a_note_deleted_with_its_link_comes_back_with_the_same_ids(store: Store) -> None:
    article_id, text = _article(store, "Ilham Aliyev")
    at = text.index("Ilham Aliyev")
    added = notes.add_note(store, notes.new_note(text, article_id, at, at + 12, color="red", note="chef"))
    note = added.value
    assert note.id is not None and added.changes.annotations == {note.id} and added.changes.articles == {article_id}
    other = next(i for i in store.articles.ids() if i != article_id)
    link = links.add_link(store, Link(LinkEnd(article_id, note.id), LinkEnd(other), label="voir")).value
    deleted = notes.delete_note(store, note.id)
    assert store.annotations.for_article(article_id) == [] and store.links.from_article(article_id) == []
    assert deleted.changes.links == {link.id}
    notes.restore_note(store, deleted.value)
    assert store.annotations.get(note.id) == note
    assert [x.id for x in store.links.from_article(article_id)] == [link.id]


def test_edit_and_reattach_return_the_note_before(store: Store) -> None:
    article_id, text = _article(store, "Bakou")
    at = text.index("Bakou")
    note = notes.add_note(store, notes.new_note(text, article_id, at, at + 5)).value
    assert note.id is not None
    before = notes.edit_note(store, note.id, color="blue", tags=("caucase",)).value
    assert before == note and store.annotations.get(note.id).tags == ("caucase",)
    moved = notes.reattach_note(store, note.id, text, 0, 10)
    assert store.annotations.get(note.id).anchor.exact == text[:10].strip()
    notes.undo_reattach(store, moved.value)
    assert store.annotations.get(note.id).anchor == note.anchor


def test_a_link_edit_and_delete_are_undone_exactly(store: Store) -> None:
    a, b = store.articles.ids()[:2]
    link = links.add_link(store, Link(LinkEnd(a), LinkEnd(b), label="cause")).value
    before = links.edit_link(store, link.id, label="suite", note="lu").value  # type: ignore[arg-type]
    assert before == link and store.links.get(link.id).label == "suite"  # type: ignore[arg-type]
    gone = links.delete_link(store, link.id)  # type: ignore[arg-type]
    assert gone.changes.articles == {a, b}
    links.restore_link(store, gone.value)
    assert store.links.get(link.id).uuid == link.uuid  # type: ignore[arg-type]


def test_a_correction_is_reverted_to_the_spans_before(store: Store) -> None:
    article_id, _ = _article(store, "Bakou")
    spans = store.entities.spans(article_id)
    applied = corrections.apply_correction(store, Correction("reject", None, text="Bakou"))  # everywhere
    assert article_id in applied.changes.mentions_of
    assert all(m.text != "Bakou" for m in store.entities.mentions(article_id))
    corrections.revert_correction(store, applied.value)
    assert store.entities.spans(article_id) == spans and store.entities.corrections() == []


def test_a_deleted_article_is_restored_whole(store: Store) -> None:
    article_id, text = _article(store, "Ilham Aliyev")
    notes.add_note(store, notes.new_note(text, article_id, 0, 10, note="gardée"))
    deleted = articles.delete_article(store, article_id)
    assert deleted.changes.library and article_id not in store.articles.ids()
    restored = articles.restore_article(store, deleted.value)
    assert restored.changes.library
    assert [a.note for a in store.annotations.for_article(article_id)] == ["gardée"]


def test_import_files_reports_each_file_and_what_changed(tmp_path: Path, simple_recognizer: object) -> None:
    good = tmp_path / "article.txt"
    good.write_text("Un titre\n\nIlham Aliyev parle à Bakou.\n", encoding="utf-8")
    with Store(tmp_path / "new.sqlite") as store:
        result = library.import_files(store, [good, tmp_path / "missing.txt"], simple_recognizer)  # type: ignore[arg-type]
        assert [o.status for o in result.value] == ["failed", "imported"]
        new_id = result.value[1].id
        assert result.changes.library and result.changes.articles == {new_id}
        assert result.changes.mentions_of == {new_id}
        again = library.import_files(store, [good])
        assert [o.status for o in again.value] == ["unchanged"] and not again.changes.library


def _many_files(folder: Path, count: int) -> None:
    folder.mkdir()
    for i in range(count):
        (folder / f"note-{i:03d}.md").write_text(f"---\ntitle: Dépêche {i}\n---\n\nBakou, jour {i}.\n", encoding="utf-8")
    (folder / "note-013.md").write_bytes(bytes(range(256)) * 8)  # a binary file among them


def test_a_big_import_read_ahead_by_another_process_stores_what_one_process_stores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _many_files(tmp_path / "in", 40)
    with Store(tmp_path / "one.sqlite") as store:
        alone = library.import_files(store, [tmp_path / "in"], batch=8).value
        stored_alone = [(a.title, a.text) for a in map(store.articles.get, store.articles.ids(sort="title"))]
    monkeypatch.setattr(library, "PREFETCH_MIN", 10)
    seen: list[int] = []
    with Store(tmp_path / "two.sqlite") as store:
        ahead = library.import_files(store, [tmp_path / "in"], batch=8,
                                     progress=lambda done, total, name: seen.append(done)).value
        stored_ahead = [(a.title, a.text) for a in map(store.articles.get, store.articles.ids(sort="title"))]
    assert [(o.path, o.status, o.error) for o in ahead] == [(o.path, o.status, o.error) for o in alone]
    assert [o.status for o in ahead].count("failed") == 1 and "note-013.md" in next(o.error for o in ahead if o.error)
    assert stored_ahead == stored_alone and len(stored_ahead) == 39
    assert seen == sorted(seen) and seen[-1] == 40  # the progress only goes forward, to the end


def test_a_big_import_cancelled_keeps_the_batches_it_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _many_files(tmp_path / "in", 40)
    monkeypatch.setattr(library, "PREFETCH_MIN", 10)
    seen: list[int] = []
    with Store(tmp_path / "lib.sqlite") as store:
        outcomes = library.import_files(store, [tmp_path / "in"], batch=8, cancelled=lambda: bool(seen) and seen[-1] >= 8,
                                        progress=lambda done, total, name: seen.append(done)).value
        kept = store.articles.ids()
    stored = [o for o in outcomes if o.status == "imported"]
    # the two batches read before the cancel are in (the binary file among them reported), the rest is not
    assert len(kept) == len(stored) == 15 and {o.id for o in stored} == set(kept)
    assert [o.status for o in outcomes[:16]].count("failed") == 1
    assert [o.status for o in outcomes].count("cancelled") == 24 and len(outcomes) == 40
