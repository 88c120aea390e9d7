"""Background work off the GUI thread, with progress and cancel shown in the status bar.

Tasks are started by the session's runner (``Session.run``); the work function receives a TaskContext
and core objects only and never touches widgets. Its result comes back on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

T = TypeVar("T")
log = logging.getLogger(__name__)


class TaskContext:
    """Handed to the work function: report progress, ask whether the user cancelled."""

    def __init__(self, task: Task[Any]) -> None:
        self._task = task
        self._cancel = threading.Event()

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._task.progressed.emit(int(done), int(total), str(text))

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class Task(QObject, Generic[T]):
    """One piece of background work. ``finished`` fires on the GUI thread after on_done/on_error."""

    progressed = Signal(int, int, str)
    finished = Signal()
    _succeeded = Signal(object)
    _failed = Signal(str)

    def __init__(self, parent: QObject | None, title: str, work: Callable[[TaskContext], T],
                 on_done: Callable[[T], None], on_error: Callable[[str], None] | None = None, *,
                 inline: bool = False) -> None:
        super().__init__(parent)
        self.title = title
        self.inline = inline  # run at once on this thread (a library in memory has one connection)
        self.context = TaskContext(self)
        self._work, self._on_done, self._on_error = work, on_done, on_error
        self._done = threading.Event()
        self.error = ""
        self._succeeded.connect(self._deliver)
        self._failed.connect(self._fail)

    def start(self) -> None:
        if self.inline:
            self._run()
        else:
            QThreadPool.globalInstance().start(self._run)

    def cancel(self) -> None:
        self.context._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self.context.cancelled()

    def is_done(self) -> bool:
        return self._done.is_set()

    def _run(self) -> None:
        try:
            result = self._work(self.context)
        except Exception as exc:  # reported to the user, never a crash
            log.exception("task %r failed", self.title)
            self._failed.emit(f"{self.title}: {exc}")
        else:
            self._succeeded.emit(result)

    @Slot(object)
    def _deliver(self, result: object) -> None:
        try:
            self._on_done(cast(T, result))  # a signal carries it as object: it is what _run returned
        finally:
            self._finish()

    @Slot(str)
    def _fail(self, message: str) -> None:
        self.error = message
        try:
            if self._on_error is not None:
                self._on_error(message)
        finally:
            self._finish()

    def _finish(self) -> None:
        self._done.set()
        self.finished.emit()


class TaskBar(QWidget):
    """Status-bar widget: what runs, how far it got, and a Cancel button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(180)
        self.bar.setMaximumHeight(16)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_all)
        for w in (self.label, self.bar, self.cancel_button):
            layout.addWidget(w)
        self._tasks: list[Task[Any]] = []
        self.hide()

    def track(self, task: Task[Any]) -> None:
        self._tasks.append(task)
        task.progressed.connect(lambda done, total, text, t=task: self._progress(t, done, total, text))
        task.finished.connect(lambda t=task: self._forget(t))
        self.label.setText(task.title + "…")
        self.bar.setRange(0, 0)
        self.show()

    def _progress(self, task: Task[Any], done: int, total: int, text: str) -> None:
        if not self._tasks or task is not self._tasks[-1]:
            return
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))
        self.label.setText(f"{task.title}: {text}" if text else task.title)

    def _forget(self, task: Task[Any]) -> None:
        if task in self._tasks:
            self._tasks.remove(task)
        if not self._tasks:
            self.hide()
        else:
            self.label.setText(self._tasks[-1].title + "…")

    def cancel_all(self) -> None:
        for task in self._tasks:
            task.cancel()
        self.label.setText("Cancelling…")


RecognizerFactory = Callable[[], Any] | None


_shared: Any = None
_shared_lock = threading.Lock()


def load_recognizer(factory: RecognizerFactory) -> Any:
    """The recogniser for a background task: spaCy is imported there, never on the GUI thread.

    One for the whole session: its model loads on the first import and stays for the next ones; a big
    import spreads over worker processes, stopped again when it ends (``release_workers``).
    """
    global _shared
    if factory is not None:
        return factory()
    with _shared_lock:
        if _shared is None:
            from reader.entities.parallel import ParallelRecognizer  # loads spaCy lazily, on this thread

            _shared = ParallelRecognizer()
        # load the model now, while the task says "loading the entity model", not during the first file
        _shared.local.nlp  # noqa: B018
        return _shared


def release_workers(recognizer: Any) -> None:
    """Stop a recogniser's worker processes (and their models); its in-process model stays loaded."""
    close = getattr(recognizer, "close", None)
    if callable(close):
        close()
