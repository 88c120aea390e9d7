"""Start-up: the QApplication, the store, the main window, the excepthook and the screenshot hook."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.store import Store, StoreError
from reader.store.opening import LibraryReadOnly, Mode, open_library, quick_check
from reader.ui.mainwindow import MainWindow
from reader.ui.session import Session
from reader.ui.settings import Settings
from reader.ui.tasks import Task

log = logging.getLogger("reader")


def install_excepthook() -> None:
    """Log an unexpected error and tell the user in a dialog, instead of crashing."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if QApplication.instance() is None or kind is KeyboardInterrupt:
            sys.__excepthook__(kind, value, tb)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, "Reader",
                          f"Something went wrong: {value or kind.__name__}\n\nYour library is saved; "
                          "the details are in the log.")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDetailedText("".join(traceback.format_exception(kind, value, tb)))
        box.exec()

    sys.excepthook = hook


def open_store(db_path: Path | str) -> Store:
    """The window's library: created when missing; read-only when it cannot be written or is known damaged.

    No quick check here (it would delay the window on a big library): the window checks in the background
    a few seconds after opening (``reader.ui.maintenance``) and remembers a damaged library in the settings.
    """
    db_path = Path(db_path).expanduser()
    if db_path.exists() and str(db_path.resolve()) in Settings().damaged_libraries:
        return open_library(db_path, Mode.READ)
    wal = db_path.with_name(db_path.name + "-wal")
    # a -wal left by a crash, or by another copy of the file: check before a read-write connection could
    # checkpoint it into the library on close (cost: a quick_check, only in this case)
    if db_path.is_file() and wal.is_file() and wal.stat().st_size and quick_check(db_path):
        Settings().mark_damaged(str(db_path.resolve()), True)
        return open_library(db_path, Mode.READ)
    try:
        return open_library(db_path, Mode.CREATE, verify=False)
    except LibraryReadOnly:
        return open_library(db_path, Mode.READ)


def open_window(db_path: Path | str) -> tuple[Session, MainWindow] | str:
    """The session and window for a library, or a message saying which file is wrong and how."""
    try:
        store = open_store(db_path)
    except StoreError as exc:
        return str(exc)
    session = Session(store)
    window = MainWindow(session)
    theme = os.environ.get("READER_THEME", "")
    window.set_theme(theme if theme in ("light", "dark") else window.settings.theme, remember=not theme)
    window.restore_state()
    return session, window


def run_app(db_path: Path | str, article: int | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("reader")
    app.setOrganizationName("reader")
    app.setApplicationDisplayName("Reader")
    install_excepthook()
    opened = open_window(Path(db_path))
    if isinstance(opened, str):
        box = QMessageBox(QMessageBox.Icon.Critical, "Reader cannot open the library",
                          f"{opened}\n\nReader did not open it. `reader check` tells what is wrong with it and "
                          "`reader restore BACKUP` puts a backup in its place (from the backups folder beside "
                          "it); or choose another library with --db.")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()
        return 1
    session, window = opened
    window.show()
    if article is not None:
        window.open_article(article, record=False)
    bundled = None
    if session.store.articles.count() == 0 and not session.store.meta.get("bundled_offered"):
        from reader.operations.library import bundled_article_paths

        paths = bundled_article_paths()
        if paths:
            # once per library: a user who deletes them all does not get them back at every start
            session.store.meta.set("bundled_offered", "1")
            bundled = window.library.import_paths(paths, "Importing the bundled articles")
    if bundled is None:  # what an interrupted import or a failure left without entities, in the background
        window.library.resume_recognition()
    shot = os.environ.get("READER_SCREENSHOT")
    if shot:
        _screenshot_when_ready(app, window, shot, bundled)
    code = app.exec()
    session.store.close()
    return code


def _screenshot_when_ready(app: QApplication, window: MainWindow, path: str, task: Task[Any] | None) -> None:
    """Once the bundled import is done and an article is shown: select READER_SELECT, grab, quit."""

    def attempt() -> None:
        if task is not None and not task.is_done():
            QTimer.singleShot(200, attempt)
            return
        first = window.model.id_at(0)
        if window.current_article_id() is None and first is not None:
            window.open_article(first, record=False)
        needle = os.environ.get("READER_SELECT", "")
        if needle:
            window.article_view.select_text(needle)
        QTimer.singleShot(300, grab)

    def grab() -> None:
        window.grab().save(path)
        log.info("screenshot saved to %s", path)
        window.close()
        app.quit()

    QTimer.singleShot(300, attempt)
