"""Notes and highlights: add, edit, delete (with their links), restore, re-attach to a passage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from reader import anchoring
from reader.domain import MAX_NOTE_CHARS, Annotation, Changes, Link, NoteTooLong, clean_note_text
from reader.operations.base import Result, done
from reader.store import Store


@dataclass(frozen=True)
class DeletedNote:
    """A deleted note with the links that went with it: enough to put both back with their ids."""

    annotation: Annotation
    links: tuple[Link, ...]


def new_note(text: str, article_id: int, start: int, end: int, *, color: str = "yellow", note: str = "",
             tags: tuple[str, ...] = ()) -> Annotation:
    """An unsaved note on ``text[start:end]``, anchored by quote and position (``text`` is the article's)."""
    anchor = anchoring.describe(text, start, end)
    return Annotation(article_id=article_id, anchor=anchor, color=color, note=checked_note(note), tags=tags,
                      start=anchor.start, end=anchor.end)


def add_note(store: Store, annotation: Annotation) -> Result[Annotation]:
    """Store a note; the value is the stored note (its id and uuid make a redo restore the same one)."""
    annotation = replace(annotation, note=checked_note(annotation.note))
    new_id, changes = store.annotations.add(annotation)
    return Result(changes, store.annotations.get(new_id))


def edit_note(store: Store, annotation_id: int, *, color: str | None = None, note: str | None = None,
              tags: tuple[str, ...] | None = None) -> Result[Annotation]:
    """Change a note's colour, text or tags (None keeps it); the value is the note before."""
    before = store.annotations.get(annotation_id)
    if note is not None:
        note = checked_note(note)
    return Result(store.annotations.update(annotation_id, color=color, note=note, tags=tags), before)


def checked_note(note: str) -> str:
    """A note's text as stored: control characters removed; NoteTooLong when over MAX_NOTE_CHARS."""
    note = clean_note_text(note)
    if len(note) > MAX_NOTE_CHARS:
        raise NoteTooLong(len(note))
    return note


def delete_note(store: Store, annotation_id: int) -> Result[DeletedNote]:
    """Delete a note and its links; the Changes name the articles at the links' other ends too."""
    annotation, links, changes = store.delete_annotation(annotation_id)
    return Result(changes | _ends(links), DeletedNote(annotation, tuple(links)))


def restore_note(store: Store, deleted: DeletedNote) -> Result[None]:
    """Undo delete_note (or add_note's undo): the note and its links come back with their ids."""
    return done(store.restore_annotation(deleted.annotation, list(deleted.links)))


def _ends(links: Iterable[Link]) -> Changes:
    return Changes(articles=frozenset(e.article_id for link in links for e in (link.source, link.target)))


def reattach_note(store: Store, annotation_id: int, text: str, start: int, end: int,
                  article_id: int | None = None) -> Result[Annotation]:
    """Give a note (usually an orphan) the passage ``text[start:end]``, of its article or of ``article_id``
    (where a note not placed on import belongs); the value is the note before."""
    before = store.annotations.get(annotation_id)
    return Result(store.annotations.reattach(annotation_id, anchoring.describe(text, start, end), article_id), before)


def undo_reattach(store: Store, before: Annotation) -> Result[None]:
    """Put the earlier version back exactly (an orphan becomes an orphan again), links included."""
    assert before.id is not None
    with store.transaction():
        _, links, changes = store.delete_annotation(before.id)
        changes = changes | store.restore_annotation(before, links)
    return done(changes)
