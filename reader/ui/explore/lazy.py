"""Views that rebuild from the library only while someone is looking at them."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from reader.domain import Changes
from reader.ui.session import Session


class LazyView(QWidget):
    """Marks itself stale on the changes it cares about; rebuilds when shown, or at once if visible."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._dirty = True
        session.changed.connect(self._on_changed)

    def concerns(self, changes: Changes) -> bool:
        return bool(changes.mentions_of or changes.library or changes.entities)

    def _on_changed(self, changes: Changes) -> None:
        if self.concerns(changes):
            self._dirty = True
            if self.isVisible():
                self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._dirty:
            self.reload()

    def reload(self) -> None:
        self._dirty = False
        self.rebuild()

    def rebuild(self) -> None:  # pragma: no cover - every view overrides it
        raise NotImplementedError
