"""The open library: owns the Store, the undo stack and the one background runner; says what changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from reader.domain import Changes
from reader.operations import Result
from reader.store import Store, StoreError
from reader.store.opening import Mode, open_library
from reader.ui.tasks import Task, TaskContext

T = TypeVar("T")
Work = Callable[[Store, TaskContext], Result[T]]
READ_ONLY_MESSAGE = "The library is open read-only (it is damaged or cannot be written): nothing was changed."


class Session(QObject):
    """One per window. Every data change goes widget -> command or ``run`` -> operation -> ``changed``."""

    changed = Signal(object)  # Changes
    status_reported = Signal(str)  # a short message for the status bar
    task_started = Signal(object)  # Task: the window's task bar shows its progress

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.tasks: list[Task[Any]] = []
        self._reads: set[Task[Any]] = set()
        self.read_only = store.read_only  # a read-only or damaged library: edits and writing tasks are refused
        self.dirty = False  # something changed since the library was opened (a backup is due on close)

    def refuse_writes(self) -> bool:
        """True (and the user is told) when the library is open read-only."""
        if self.read_only:
            self.status_reported.emit(READ_ONLY_MESSAGE)
        return self.read_only

    def push(self, command: QUndoCommand) -> None:
        """Run an undoable edit now (its redo emits ``changed``); refused on a library open read-only."""
        if self.refuse_writes():
            return
        self.undo_stack.push(command)

    def run(self, title: str, work: Work[T], on_done: Callable[[T], None] | None = None,
            on_error: Callable[[str], None] | None = None) -> Task[Result[T]]:
        """Run an operation off the GUI thread; its Changes reach ``changed`` like an undoable edit's.

        ``work`` gets a Store of its own (SQLite connections belong to one thread) and a TaskContext,
        and never touches widgets. ``on_done`` then gets the result's value on the GUI thread. A library
        in memory cannot be opened twice, so there the work runs at once on the session's Store.
        """
        path = self.store.path
        read_only = self.read_only

        def job(context: TaskContext) -> Result[T]:
            if read_only:
                raise StoreError(READ_ONLY_MESSAGE)
            if path == ":memory:":
                return work(self.store, context)
            with open_library(path, Mode.WRITE, verify=False) as store:
                return work(store, context)

        def finished(result: Result[T]) -> None:
            self._publish(result.changes)
            if on_done is not None:
                on_done(result.value)

        task: Task[Result[T]] = Task(self, title, job, finished, on_error, inline=path == ":memory:")
        self.tasks.append(task)
        task.finished.connect(lambda: self.tasks.remove(task) if task in self.tasks else None)
        self.task_started.emit(task)
        task.start()
        return task

    def read(self, work: Callable[[Store], T], on_done: Callable[[T], None]) -> Task[T]:
        """A query off the GUI thread, on a Store of its own; nothing to undo, nothing in the task bar.

        ``on_done`` gets the value on the GUI thread (at once for a library in memory).
        """
        path = self.store.path

        def job(_context: TaskContext) -> T:
            if path == ":memory:":
                return work(self.store)
            with open_library(path, Mode.READ) as store:
                return work(store)

        task: Task[T] = Task(self, "Reading the library", job, on_done, inline=path == ":memory:")
        self._reads.add(task)
        task.finished.connect(lambda: self._reads.discard(task))
        task.start()
        return task

    def cancel_tasks(self) -> None:
        for task in list(self.tasks):
            task.cancel()

    def _publish(self, changes: Changes) -> None:
        if changes != Changes():
            self.dirty = True
            self.changed.emit(changes)


class StoreCommand(QUndoCommand):
    """One user action: ``do`` and ``undo`` call operations and return the Changes they made."""

    def __init__(self, session: Session, text: str) -> None:
        super().__init__(text)
        self.session = session

    @property
    def store(self) -> Store:
        return self.session.store

    def redo(self) -> None:
        self.session._publish(self.do())

    def undo(self) -> None:
        self.session._publish(self.revert())

    def do(self) -> Changes:  # pragma: no cover - every command overrides it
        raise NotImplementedError

    def revert(self) -> Changes:  # pragma: no cover - every command overrides it
        raise NotImplementedError
