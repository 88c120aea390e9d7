"""One QUndoCommand per user action; each calls Store methods and returns the Changes they made."""

from __future__ import annotations

from reader import anchoring
from reader.domain import Annotation, Changes, Link
from reader.entities.model import Correction, EntitySpan
from reader.store import ArticleSnapshot
from reader.ui.session import Session, StoreCommand


class AddAnnotationCommand(StoreCommand):
    """Highlight a passage (with an optional note and tags). Redo after undo keeps the same id."""

    def __init__(self, session: Session, article_id: int, start: int, end: int, color: str = "yellow",
                 note: str = "", tags: tuple[str, ...] = ()) -> None:
        super().__init__(session, "Highlight" if not note else "Add note")
        text = session.store.articles.get(article_id).text
        anchor = anchoring.describe(text, start, end)
        self.annotation = Annotation(article_id=article_id, anchor=anchor, color=color, note=note, tags=tags,
                                     start=anchor.start, end=anchor.end)
        self.annotation_id: int | None = None
        self._links: list[Link] = []

    def do(self) -> Changes:
        if self.annotation_id is None:
            self.annotation_id, changes = self.store.annotations.add(self.annotation)
            return changes
        return self.store.restore_annotation(self.annotation, self._links)

    def revert(self) -> Changes:
        assert self.annotation_id is not None
        self.annotation, self._links, changes = self.store.delete_annotation(self.annotation_id)
        return changes


class EditAnnotationCommand(StoreCommand):
    """Change an annotation's colour, note or tags."""

    def __init__(self, session: Session, annotation_id: int, *, color: str | None = None,
                 note: str | None = None, tags: tuple[str, ...] | None = None) -> None:
        super().__init__(session, "Edit note" if note is not None else "Change highlight")
        self.annotation_id = annotation_id
        self.before = session.store.annotations.get(annotation_id)
        self.color, self.note, self.tags = color, note, tags

    def do(self) -> Changes:
        return self.store.annotations.update(self.annotation_id, color=self.color, note=self.note, tags=self.tags)

    def revert(self) -> Changes:
        b = self.before
        return self.store.annotations.update(self.annotation_id, color=b.color, note=b.note, tags=b.tags)


class DeleteAnnotationCommand(StoreCommand):
    """Delete an annotation and its links; undo restores both, with the same ids."""

    def __init__(self, session: Session, annotation_id: int) -> None:
        super().__init__(session, "Delete note")
        self.annotation_id = annotation_id
        self.annotation: Annotation | None = None
        self.links: list[Link] = []

    def do(self) -> Changes:
        self.annotation, self.links, changes = self.store.delete_annotation(self.annotation_id)
        return changes

    def revert(self) -> Changes:
        assert self.annotation is not None
        return self.store.restore_annotation(self.annotation, self.links)


class ReattachAnnotationCommand(StoreCommand):
    """Give an annotation (usually an orphan) a new passage, in its article or in another one."""

    def __init__(self, session: Session, annotation_id: int, start: int, end: int,
                 article_id: int | None = None) -> None:
        super().__init__(session, "Re-attach note")
        self.annotation_id = annotation_id
        self.before = session.store.annotations.get(annotation_id)
        self.article_id = self.before.article_id if article_id is None else article_id
        text = session.store.articles.get(self.article_id).text
        self.anchor = anchoring.describe(text, start, end)

    def do(self) -> Changes:
        return self.store.annotations.reattach(self.annotation_id, self.anchor, self.article_id)

    def revert(self) -> Changes:
        # Delete and restore the earlier version: exact, and it makes an orphan an orphan again.
        _, links, changes = self.store.delete_annotation(self.annotation_id)
        return changes | self.store.restore_annotation(self.before, links)


class CorrectionCommand(StoreCommand):
    """A correction of the recogniser's output, in one article or everywhere (article_id None)."""

    LABELS = {"reject": "Not an entity", "retype": "Change entity type", "add": "Add entity",
              "merge": "Merge entity", "rename": "Rename entity"}

    def __init__(self, session: Session, correction: Correction) -> None:
        where = "" if correction.article_id is not None else " everywhere"
        super().__init__(session, self.LABELS.get(correction.kind, "Correct entity") + where)
        self.correction = correction
        self.correction_id: int | None = None
        self.before: dict[int, list[EntitySpan]] = {}

    def do(self) -> Changes:
        self.correction_id, self.before, changes = self.store.apply_correction(self.correction)
        return changes

    def revert(self) -> Changes:
        assert self.correction_id is not None
        return self.store.revert_correction(self.correction_id, self.before)


class DeleteArticleCommand(StoreCommand):
    """Delete an article with its notes, links and corrections; undo puts all of it back."""

    def __init__(self, session: Session, article_id: int) -> None:
        super().__init__(session, "Delete article")
        self.article_id = article_id
        self._snapshot: ArticleSnapshot | None = None

    def do(self) -> Changes:
        self._snapshot = self.store.snapshot_article(self.article_id)
        return self.store.articles.delete(self.article_id)

    def revert(self) -> Changes:
        assert self._snapshot is not None
        return self.store.restore_article(self._snapshot)
