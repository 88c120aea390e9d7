"""A note's text on the way in: control characters removed, a note over the size limit refused."""

from __future__ import annotations

import pytest

from reader.domain import MAX_NOTE_CHARS, Article, NoteTooLong
from reader.operations.links import add_link
from reader.operations.notes import add_note, edit_note, new_note
from reader.store import Store


def test_notes_lose_control_characters_and_refuse_the_oversized(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = "Le président a parlé à Bakou."
    with Store(tmp_path / "lib.sqlite") as store:
        article_id, _ = store.articles.add(Article(title="t", text=text, content_hash="h"))
        note = add_note(store, new_note(text, article_id, 3, 12, note="a\x00b\x1b[31mc\r\nd\te")).value
        assert note.note == "ab[31mc\nd\te"
        with pytest.raises(NoteTooLong, match="over the limit of 100,000"):
            edit_note(store, note.id, note="x" * (MAX_NOTE_CHARS + 1))
        assert store.annotations.get(note.id).note == "ab[31mc\nd\te"  # unchanged
        from reader.domain import Link, LinkEnd

        link = add_link(store, Link(LinkEnd(article_id, note.id), LinkEnd(article_id), label="l\x00x",
                                    note="n\x07")).value
        assert (link.label, link.note) == ("lx", "n")
