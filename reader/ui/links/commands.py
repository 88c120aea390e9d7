"""Undoable link actions: each calls a Store method and returns the Changes it made."""

from __future__ import annotations

from reader.domain import Changes, Link
from reader.ui.session import Session, StoreCommand


class AddLinkCommand(StoreCommand):
    """Create a link; undo deletes it, redo brings it back with the same id and uuid."""

    def __init__(self, session: Session, link: Link) -> None:
        super().__init__(session, f"Link “{link.label}”" if link.label else "Link")
        self.link = link
        self.link_id: int | None = None

    def do(self) -> Changes:
        self.link_id, changes = self.store.links.add(self.link)
        self.link = self.store.links.get(self.link_id)  # keep id, uuid and anchors for redo
        return changes

    def revert(self) -> Changes:
        assert self.link_id is not None
        _, changes = self.store.links.delete(self.link_id)
        return changes


class DeleteLinkCommand(StoreCommand):
    def __init__(self, session: Session, link_id: int) -> None:
        super().__init__(session, "Delete link")
        self.link_id = link_id
        self.link: Link | None = None

    def do(self) -> Changes:
        self.link, changes = self.store.links.delete(self.link_id)
        return changes

    def revert(self) -> Changes:
        assert self.link is not None
        _, changes = self.store.links.add(self.link)
        return changes


class EditLinkCommand(StoreCommand):
    def __init__(self, session: Session, link_id: int, label: str, note: str) -> None:
        super().__init__(session, "Edit link")
        self.link_id, self.label, self.note = link_id, label, note
        self.before: tuple[str, str] | None = None

    def do(self) -> Changes:
        current = self.store.links.get(self.link_id)
        self.before = (current.label, current.note)
        return self.store.links.update(self.link_id, label=self.label, note=self.note)

    def revert(self) -> Changes:
        assert self.before is not None
        return self.store.links.update(self.link_id, label=self.before[0], note=self.before[1])
