"""Thin QUndoCommands: each redo and undo calls one operation and hands its Changes to the session."""

from __future__ import annotations

from reader.domain import Annotation, Changes
from reader.entities.model import Correction
from reader.operations import articles, corrections, notes
from reader.operations.corrections import AppliedCorrection
from reader.operations.notes import DeletedNote
from reader.store import ArticleSnapshot
from reader.ui.session import Session, StoreCommand


class AddAnnotationCommand(StoreCommand):
    """Highlight a passage (with an optional note and tags). Redo after undo keeps the same id."""

    def __init__(self, session: Session, annotation: Annotation) -> None:
        super().__init__(session, "Highlight" if not annotation.note else "Add note")
        self.annotation = annotation
        self.annotation_id: int | None = None
        self._deleted: DeletedNote | None = None

    def do(self) -> Changes:
        if self._deleted is not None:
            return notes.restore_note(self.store, self._deleted).changes
        result = notes.add_note(self.store, self.annotation)
        self.annotation_id = result.value.id
        return result.changes

    def revert(self) -> Changes:
        assert self.annotation_id is not None
        result = notes.delete_note(self.store, self.annotation_id)
        self._deleted = result.value
        return result.changes


class EditAnnotationCommand(StoreCommand):
    """Change an annotation's colour, note or tags."""

    def __init__(self, session: Session, annotation_id: int, *, color: str | None = None,
                 note: str | None = None, tags: tuple[str, ...] | None = None) -> None:
        super().__init__(session, "Edit note" if note is not None else "Change highlight")
        self.annotation_id = annotation_id
        self.color, self.note, self.tags = color, note, tags
        self.before: Annotation | None = None

    def do(self) -> Changes:
        result = notes.edit_note(self.store, self.annotation_id, color=self.color, note=self.note, tags=self.tags)
        self.before = result.value
        return result.changes

    def revert(self) -> Changes:
        assert self.before is not None
        b = self.before
        return notes.edit_note(self.store, self.annotation_id, color=b.color, note=b.note, tags=b.tags).changes


class DeleteAnnotationCommand(StoreCommand):
    """Delete an annotation and its links; undo restores both, with the same ids."""

    def __init__(self, session: Session, annotation_id: int) -> None:
        super().__init__(session, "Delete note")
        self.annotation_id = annotation_id
        self._deleted: DeletedNote | None = None

    def do(self) -> Changes:
        result = notes.delete_note(self.store, self.annotation_id)
        self._deleted = result.value
        return result.changes

    def revert(self) -> Changes:
        assert self._deleted is not None
        return notes.restore_note(self.store, self._deleted).changes


class ReattachAnnotationCommand(StoreCommand):
    """Give an annotation (usually an orphan) the passage ``text[start:end]`` of its article, or of the
    article ``article_id`` (a note not placed on import, attached by hand where it belongs)."""

    def __init__(self, session: Session, annotation_id: int, text: str, start: int, end: int,
                 article_id: int | None = None) -> None:
        super().__init__(session, "Re-attach note")
        self.annotation_id = annotation_id
        # Not self.text: that is QUndoCommand.text(), the label of the Undo menu entry.
        self.article_text, self.start, self.end, self.article_id = text, start, end, article_id
        self.before: Annotation | None = None

    def do(self) -> Changes:
        result = notes.reattach_note(self.store, self.annotation_id, self.article_text, self.start, self.end,
                                    self.article_id)
        self.before = result.value
        return result.changes

    def revert(self) -> Changes:
        assert self.before is not None
        return notes.undo_reattach(self.store, self.before).changes


class CorrectionCommand(StoreCommand):
    """A correction of the recogniser's output, in one article or everywhere (article_id None)."""

    LABELS = {"reject": "Not an entity", "retype": "Change entity type", "add": "Add entity",
              "merge": "Merge entity", "rename": "Rename entity"}

    def __init__(self, session: Session, correction: Correction) -> None:
        where = "" if correction.article_id is not None else " everywhere"
        super().__init__(session, self.LABELS.get(correction.kind, "Correct entity") + where)
        self.correction = correction
        self._applied: AppliedCorrection | None = None

    def do(self) -> Changes:
        result = corrections.apply_correction(self.store, self.correction)
        self._applied = result.value
        return result.changes

    def revert(self) -> Changes:
        assert self._applied is not None
        return corrections.revert_correction(self.store, self._applied).changes


class DeleteArticleCommand(StoreCommand):
    """Delete an article with its notes, links and corrections; undo puts all of it back."""

    def __init__(self, session: Session, article_id: int) -> None:
        super().__init__(session, "Delete article")
        self.article_id = article_id
        self._snapshot: ArticleSnapshot | None = None

    def do(self) -> Changes:
        result = articles.delete_article(self.store, self.article_id)
        self._snapshot = result.value
        return result.changes

    def revert(self) -> Changes:
        assert self._snapshot is not None
        return articles.restore_article(self.store, self._snapshot).changes
