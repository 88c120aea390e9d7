"""Qt fixtures: settings in a temp folder, and a main window on a library file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSettings, QThreadPool

from reader.store import Store


@pytest.fixture(autouse=True)
def temp_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Never read or write the real user's settings."""
    folder = tmp_path_factory.mktemp("settings")
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    yield folder


@pytest.fixture
def open_window(qtbot, request) -> Callable[[Path], object]:  # type: ignore[no-untyped-def]
    """Open a main window on a library file, like run_app does; closed (and tasks finished) at teardown."""
    from reader.ui.mainwindow import MainWindow
    from reader.ui.session import Session

    opened: list[tuple[MainWindow, Store]] = []

    def make(path: Path, *, restore: bool = True) -> MainWindow:
        store = Store(path)
        session = Session(store)
        window = MainWindow(session)
        window.set_theme("light", remember=False)
        qtbot.addWidget(window)
        if restore:
            window.restore_state()
        window.resize(1200, 800)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        opened.append((window, store))
        return window

    yield make
    for window, store in opened:
        window.session.cancel_tasks()
        QThreadPool.globalInstance().waitForDone(30000)
        qtbot.wait(10)
        if shiboken6.isValid(window) and window.isVisible():
            window.close()
        store.close()
