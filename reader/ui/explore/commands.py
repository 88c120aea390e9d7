"""Undoable link actions: thin wrappers around the link operations."""

from __future__ import annotations

from reader.domain import Changes, Link
from reader.operations import links
from reader.ui.session import Session, StoreCommand


class AddLinkCommand(StoreCommand):
    """Create a link; undo deletes it, redo brings it back with the same id and uuid."""

    def __init__(self, session: Session, link: Link) -> None:
        super().__init__(session, f"Link “{link.label}”" if link.label else "Link")
        self.link = link
        self.link_id: int | None = None

    def do(self) -> Changes:
        result = links.add_link(self.store, self.link)
        self.link, self.link_id = result.value, result.value.id  # id, uuid and anchors kept for redo
        return result.changes

    def revert(self) -> Changes:
        assert self.link_id is not None
        return links.delete_link(self.store, self.link_id).changes


class DeleteLinkCommand(StoreCommand):
    def __init__(self, session: Session, link_id: int) -> None:
        super().__init__(session, "Delete link")
        self.link_id = link_id
        self.link: Link | None = None

    def do(self) -> Changes:
        result = links.delete_link(self.store, self.link_id)
        self.link = result.value
        return result.changes

    def revert(self) -> Changes:
        assert self.link is not None
        return links.restore_link(self.store, self.link).changes


class EditLinkCommand(StoreCommand):
    def __init__(self, session: Session, link_id: int, label: str, note: str) -> None:
        super().__init__(session, "Edit link")
        self.link_id, self.label, self.note = link_id, label, note
        self.before: Link | None = None

    def do(self) -> Changes:
        result = links.edit_link(self.store, self.link_id, label=self.label, note=self.note)
        self.before = result.value
        return result.changes

    def revert(self) -> Changes:
        assert self.before is not None
        return links.edit_link(self.store, self.link_id, label=self.before.label, note=self.before.note).changes
