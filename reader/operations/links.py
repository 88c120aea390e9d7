"""Links between passages, notes and articles: add, edit, delete (and put back)."""

from __future__ import annotations

from dataclasses import replace

from reader.domain import Link, clean_note_text
from reader.operations.base import Result, done
from reader.operations.notes import checked_note
from reader.store import Store


def add_link(store: Store, link: Link) -> Result[Link]:
    """Store a link (or put a deleted one back with its id and uuid); the value is the stored link."""
    link = replace(link, label=clean_note_text(link.label), note=checked_note(link.note))
    new_id, changes = store.links.add(link)
    return Result(changes, store.links.get(new_id))


def edit_link(store: Store, link_id: int, *, label: str | None = None, note: str | None = None) -> Result[Link]:
    """Change a link's label or note; the value is the link before."""
    before = store.links.get(link_id)
    label = clean_note_text(label) if label is not None else None
    note = checked_note(note) if note is not None else None
    return Result(store.links.update(link_id, label=label, note=note), before)


def delete_link(store: Store, link_id: int) -> Result[Link]:
    """Delete a link; the value is the deleted link, for add_link to put it back."""
    link, changes = store.links.delete(link_id)
    return Result(changes, link)


def restore_link(store: Store, link: Link) -> Result[None]:
    return done(add_link(store, link).changes)
