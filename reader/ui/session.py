"""The open library: owns the Store, the undo stack and the one background runner; says what changed."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QUndoCommand, QUndoStack

from reader.domain import Changes
from reader.operations import Result
from reader.store import Store, StoreError, is_locked
from reader.store.opening import Mode, open_library
from reader.ui.tasks import Task, TaskContext

T = TypeVar("T")
Work = Callable[[Store, TaskContext], Result[T]]
READ_ONLY_MESSAGE = "The library is open read-only (it is damaged or cannot be written): nothing was changed."

WRITE_WAIT = 0.25  # the window's own wait for another program's write, blocking the GUI thread ...
UNDO_WAIT = 10.0  # ... but Undo and Redo wait as the command line does: the undo stack must match the library
RETRY_DELAYS_MS = (100, 200, 400, 800, 1600)  # ... then tries again this much later, between events
POLL_MS = 1000  # how often the window asks whether another program changed the library
IDLE_CHECKPOINT_MS = 30_000  # how often an idle window copies the WAL into the library file
EVERYTHING = Changes(library=True)  # another program changed the library: anything may have changed


class Session(QObject):
    """One per window. Every data change goes widget -> command or ``run`` -> operation -> ``changed``."""

    changed = Signal(object)  # Changes
    status_reported = Signal(str)  # a short message for the status bar
    task_started = Signal(object)  # Task: the window's task bar shows its progress
    write_failed = Signal(str)  # an edit could not be saved (the library stayed locked): say so

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        store.set_write_wait(WRITE_WAIT)
        self.undo_stack = QUndoStack(self)
        self.tasks: list[Task[Any]] = []
        self._reads: set[Task[Any]] = set()
        self.read_only = store.read_only  # a read-only or damaged library: edits and writing tasks are refused
        self.dirty = False  # something changed since the library was opened (a backup is due on close)
        self._waiting: list[StoreCommand] = []  # edits that met another program's write, in order
        self._tries = 0
        self._version = store.data_version()
        self._poll = QTimer(self)
        self._poll.timeout.connect(self.poll)
        self._idle = QTimer(self)
        self._idle.timeout.connect(self.checkpoint)
        if store.path != ":memory:":
            self._poll.start(POLL_MS)
            self._idle.start(IDLE_CHECKPOINT_MS)

    def refuse_writes(self) -> bool:
        """True (and the user is told) when the library is open read-only."""
        if self.read_only:
            self.status_reported.emit(READ_ONLY_MESSAGE)
        return self.read_only

    def push(self, command: QUndoCommand) -> None:
        """Run an undoable edit now (its redo emits ``changed``).

        When another program holds the library's write lock, the edit is not lost: it waits, and is
        tried again a few times over about three seconds (the window stays responsive); only then does
        ``write_failed`` say it could not be saved. Later edits wait behind it, in order.
        A library open read-only refuses the edit (and says so).
        """
        if self.refuse_writes():
            return
        if not isinstance(command, StoreCommand):
            self.undo_stack.push(command)
            return
        self._waiting.append(command)
        if len(self._waiting) == 1:
            self._write_waiting()

    def _write_waiting(self) -> None:
        while self._waiting:
            command = self._waiting[0]
            try:
                command.first = command.do()
            except Exception as exc:
                if not is_locked(exc):
                    self._waiting.clear()
                    raise
                if self._tries < len(RETRY_DELAYS_MS):
                    QTimer.singleShot(RETRY_DELAYS_MS[self._tries], self._write_waiting)
                    self._tries += 1
                    return
                lost = [c.text() for c in self._waiting]
                typed = _typed(command)
                self._waiting.clear()
                self._tries = 0
                self.write_failed.emit(
                    f"\u201c{lost[0]}\u201d was not saved: another program kept the library busy ({exc})."
                    + (" What you typed is on the clipboard." if typed else " Try again in a moment."))
                if typed:
                    QGuiApplication.clipboard().setText(typed)
                return
            self._tries = 0
            self._waiting.pop(0)
            self.undo_stack.push(command)  # its redo publishes what ``do`` changed

    def poll(self) -> None:
        """Another program (the command line, a second window) committed: refresh every view."""
        try:
            version = self.store.data_version()
        except sqlite3.Error:  # the library was closed: nothing more to watch
            self.stop_watching()
            return
        if version != self._version:
            self._version = version
            self._publish(EVERYTHING)

    def checkpoint(self) -> None:
        """When nothing runs, copy the WAL into the library and empty it (it never grows without bound)."""
        if self.tasks or self._waiting or self.read_only:
            return
        try:
            self.store.checkpoint()
        except sqlite3.Error:
            self.stop_watching()

    def stop_watching(self) -> None:
        """No more polling nor idle checkpoints (the library is closed)."""
        self._poll.stop()
        self._idle.stop()

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
            self._version = self.store.data_version()  # our own worker's commits are published here
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


def _typed(command: QUndoCommand) -> str:
    """The note text an edit carried, so that a failed save does not lose it."""
    note = getattr(command, "note", None) or getattr(getattr(command, "annotation", None), "note", None)
    return note if isinstance(note, str) else ""


class StoreCommand(QUndoCommand):
    """One user action: ``do`` and ``undo`` call operations and return the Changes they made."""

    def __init__(self, session: Session, text: str) -> None:
        super().__init__(text)
        self.session = session
        self.first: Changes | None = None  # what ``do`` changed when the session ran it before pushing

    @property
    def store(self) -> Store:
        return self.session.store

    def redo(self) -> None:
        if self.first is not None:
            changes, self.first = self.first, None
        else:
            changes = self._patiently(self.do)
        self.session._publish(changes)

    def undo(self) -> None:
        self.session._publish(self._patiently(self.revert))

    def _patiently(self, work: Callable[[], Changes]) -> Changes:
        self.store.set_write_wait(UNDO_WAIT)
        try:
            return work()
        finally:
            self.store.set_write_wait(WRITE_WAIT)

    def do(self) -> Changes:  # pragma: no cover - every command overrides it
        raise NotImplementedError

    def revert(self) -> Changes:  # pragma: no cover - every command overrides it
        raise NotImplementedError
