"""The window's library actions: import (menu and drag-and-drop), re-run entities, delete an article."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QWidget

from reader.operations.library import ImportOutcome, import_files, reprocess
from reader.operations.recognition import (
    MissingRecognition,
    RecognitionReport,
    missing_recognition,
    resume_recognition,
)
from reader.store import Store
from reader.ui import dialogs
from reader.ui.article_model import ArticleListModel
from reader.ui.article_view import ArticleView
from reader.ui.commands import DeleteArticleCommand
from reader.ui.session import Session
from reader.ui.tasks import RecognizerFactory, Task, TaskContext, load_recognizer, release_workers
from reader.ui.theme import icon

IMPORT_BATCH = 32


class LibraryController(QObject):
    """Owns the library actions; slow work runs through the session's runner with progress and cancel."""

    imported = Signal(int)  # the first article an import added or updated: the window opens it

    def __init__(self, session: Session, view: ArticleView, model: ArticleListModel, parent: QWidget,
                 open_first: Callable[[], None]) -> None:
        super().__init__(parent)
        self.session, self.view, self.model, self.parent_widget = session, view, model, parent
        self.open_first = open_first  # opens the list's first article when none is open
        self.recognizer_factory: RecognizerFactory = None  # None: the spaCy pipeline, loaded in the worker
        self._last_reload = 0.0
        self.resumed: Task[Any] | None = None  # the start-up's recognition of what was left without entities
        Key = QKeySequence.StandardKey
        self.import_action = self._action("&Import files…", self.import_files_dialog, QKeySequence(Key.Open),
                                          "Import articles (txt, md, html, pdf)", "import")
        self.import_folder_action = self._action("Import &folder…", self.import_folder_dialog,
                                                 QKeySequence("Ctrl+Shift+O"))
        self.delete_article_action = self._action("&Delete article…", self.delete_current_article,
                                                  QKeySequence("Shift+Del"))
        self.rerun_action = self._action(
            "&Re-run entity recognition", self.rerun_entities, QKeySequence("F5"),
            "Recognise the entities of this article again (your corrections are kept)")

    def _action(self, text: str, slot: Callable[[], object], shortcut: QKeySequence, tip: str = "",
                icon_name: str = "") -> QAction:
        action = QAction(text, self.parent_widget)
        if icon_name:
            action.setIcon(icon(icon_name))
        action.setShortcut(shortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda *_: slot())
        self.parent_widget.addAction(action)
        return action

    # import, delete, re-run ----------------------------------------------------------------------

    def import_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self.parent_widget, "Import articles", str(Path.home()),
                                                "Articles (*.txt *.md *.markdown *.html *.htm *.pdf);;All files (*)")
        if files:
            self.import_paths([Path(f) for f in files])

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.parent_widget, "Import a folder", str(Path.home()))
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path], title: str = "Importing") -> Task[Any]:
        """Import in the background; the list fills as articles arrive, failures are listed at the end."""
        factory = self.recognizer_factory

        def work(store: Store, ctx: TaskContext) -> Any:
            ctx.progress(0, 0, "loading the entity model")
            recognizer = load_recognizer(factory)
            try:  # batches big enough to share among worker processes, small enough to cancel soon
                return import_files(store, paths, recognizer, progress=ctx.progress, cancelled=ctx.cancelled,
                                    batch=IMPORT_BATCH)
            finally:
                release_workers(recognizer)

        def done(outcomes: list[ImportOutcome]) -> None:
            counts = {s: sum(o.status == s for o in outcomes) for s in ("imported", "updated", "failed")}
            self.session.status_reported.emit(
                f"Imported {counts['imported']}, updated {counts['updated']}, failed {counts['failed']}.")
            dialogs.show_import_report(self.parent_widget, outcomes)
            new = [o.id for o in outcomes if o.status in ("imported", "updated") and o.id is not None]
            if self.view.article is None:
                self.open_first()
            elif new:
                self.imported.emit(new[0])  # what the user just brought in, selected and open

        task = self.session.run(title, work, done, self._task_failed)
        task.progressed.connect(self._import_progress)
        return task

    def _import_progress(self, done: int, _total: int, _text: str) -> None:
        now = time.monotonic()
        if done and now - self._last_reload > 1.5:  # show articles as they arrive, without thrashing
            self._last_reload = now
            self.model.reload()

    def rerun_entities(self) -> Task[Any] | None:
        article = self.view.article
        if article is None or article.id is None:
            return None
        factory, article_ids = self.recognizer_factory, [article.id]

        def work(store: Store, ctx: TaskContext) -> Any:
            ctx.progress(0, 0, "loading the entity model")
            recognizer = load_recognizer(factory)
            if recognizer is None:
                raise RuntimeError("entity recognition is not available")
            try:
                return reprocess(store, recognizer, article_ids, progress=ctx.progress)
            finally:
                release_workers(recognizer)

        return self.session.run("Recognising entities", work, on_error=self._task_failed)

    def resume_recognition(self) -> None:
        """At start-up: recognise in the background what an interrupted import or a failure left without
        entities (the query too runs off the GUI thread); nothing shows when nothing is missing."""
        factory = self.recognizer_factory
        self.session.read(missing_recognition, lambda missing: self._resume(missing, factory))

    def _resume(self, missing: list[MissingRecognition], factory: RecognizerFactory) -> None:
        if not missing:
            return

        def work(store: Store, ctx: TaskContext) -> Any:
            ctx.progress(0, len(missing), "loading the entity model")
            recognizer = load_recognizer(factory)
            try:
                return resume_recognition(store, ctx.progress, ctx.cancelled, recognizer)
            finally:
                release_workers(recognizer)

        def done(report: RecognitionReport) -> None:
            count = len(report.recognised)
            message = f"Entities recognised in {count} article{'s' if count != 1 else ''} an import had left without."
            if report.failed:
                message += f" {len(report.failed)} failed: Tools > Re-run entity recognition tries one again."
            self.session.status_reported.emit(message)

        self.resumed = self.session.run("Recognising missing entities", work, done, self._task_failed)

    def _task_failed(self, message: str) -> None:
        self.session.status_reported.emit(message)
        dialogs.show_error(self.parent_widget, "Reader", message)

    def delete_current_article(self) -> None:
        article = self.view.article
        if article is None or article.id is None:
            return
        if not dialogs.confirm(self.parent_widget, "Delete article", f"Delete “{article.title}” with its notes and "
                               "links? Edit > Undo (Ctrl+Z) brings it back."):
            return
        self.session.push(DeleteArticleCommand(self.session, article.id))
