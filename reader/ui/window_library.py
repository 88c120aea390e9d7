"""The window's library actions: import (menu and drag-and-drop), re-run entities, delete an article."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog

from reader.domain import Changes
from reader.ui import dialogs
from reader.ui.commands import DeleteArticleCommand
from reader.ui.tasks import Task, TaskContext, import_work, reprocess_work, run_task

if TYPE_CHECKING:
    from reader.ui.mainwindow import MainWindow

    _Base = MainWindow
else:
    _Base = object


class LibraryActions(_Base):
    """Mixed into MainWindow: slow work runs in the background with progress and cancel."""

    # import, delete, re-run ----------------------------------------------------------------------

    def import_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import articles", str(Path.home()),
                                                "Articles (*.txt *.md *.markdown *.html *.htm *.pdf);;All files (*)")
        if files:
            self.import_paths([Path(f) for f in files])

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder", str(Path.home()))
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path], title: str = "Importing") -> Task[Any]:
        """Import in the background; the list fills as articles arrive, failures are listed at the end."""
        work = import_work(self.session.store.path, paths, self.recognizer_factory)

        def done(result: tuple[list[Any], Changes]) -> None:
            outcomes, changes = result
            self.session.notify(changes | Changes(library=True))
            counts = {s: sum(o.status == s for o in outcomes) for s in ("imported", "updated", "failed")}
            self.statusBar().showMessage(
                f"Imported {counts['imported']}, updated {counts['updated']}, failed {counts['failed']}.", 8000)
            dialogs.show_import_report(self, outcomes)
            if self._current is None and self.model.rowCount():
                self.open_article(self.model.id_at(0), record=False)  # type: ignore[arg-type]

        task = self._start(title, work, done)
        task.progressed.connect(self._import_progress)
        return task

    def _import_progress(self, done: int, _total: int, _text: str) -> None:
        now = time.monotonic()
        if done and now - self._last_reload > 1.5:  # show articles as they arrive, without thrashing
            self._last_reload = now
            self.model.reload()

    def rerun_entities(self) -> Task[Any] | None:
        if self._current is None:
            return None
        work = reprocess_work(self.session.store.path, [self._current], self.recognizer_factory)
        return self._start("Recognising entities", work, self.session.notify)

    def _start(self, title: str, work: Callable[[TaskContext], Any], done: Callable[[Any], None]) -> Task[Any]:
        task = run_task(self, title, work, done, self._task_failed)
        self.tasks.append(task)
        task.finished.connect(lambda t=task: self.tasks.remove(t) if t in self.tasks else None)
        return task

    def _task_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        dialogs.show_error(self, "Reader", message)

    def delete_current_article(self) -> None:
        article = self.article_view.article
        if article is None or article.id is None:
            return
        if not dialogs.confirm(self, "Delete article", f"Delete “{article.title}” with its notes and links? "
                               "Edit > Undo (Ctrl+Z) brings it back."):
            return
        self.session.push(DeleteArticleCommand(self.session, article.id))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)
