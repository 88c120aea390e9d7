"""The open library: owns the Store and the undo stack, and tells views what changed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from reader.domain import Changes
from reader.store import Store


class Session(QObject):
    """One per window. Every data change goes widget -> command -> Store -> ``changed``."""

    changed = Signal(object)  # Changes
    status_reported = Signal(str)  # a short message for the status bar

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)

    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def notify(self, changes: Changes) -> None:
        if changes != Changes():
            self.changed.emit(changes)


class StoreCommand(QUndoCommand):
    """One user action: ``do`` and ``undo`` call Store methods and return the Changes they made."""

    def __init__(self, session: Session, text: str) -> None:
        super().__init__(text)
        self.session = session

    @property
    def store(self) -> Store:
        return self.session.store

    def redo(self) -> None:
        self.session.notify(self.do())

    def undo(self) -> None:
        self.session.notify(self.revert())

    def do(self) -> Changes:  # pragma: no cover - every command overrides it
        raise NotImplementedError

    def revert(self) -> Changes:  # pragma: no cover - every command overrides it
        raise NotImplementedError


class FunctionCommand(StoreCommand):
    """A command from two callables, for simple actions that need no state of their own."""

    def __init__(self, session: Session, text: str, do: Callable[[], Changes], revert: Callable[[], Changes]) -> None:
        super().__init__(session, text)
        self._do, self._revert = do, revert

    def do(self) -> Changes:
        return self._do()

    def revert(self) -> Changes:
        return self._revert()
