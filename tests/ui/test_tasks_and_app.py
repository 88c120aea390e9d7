"""Background work with progress and cancel, import from the window, start-up failures, the excepthook."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from reader.library import bundled_article_paths
from reader.store import Store
from reader.ui import app as app_module
from reader.ui.tasks import TaskContext, run_task


def test_run_task_reports_progress_result_and_errors(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[object] = []
    threads: list[str] = []

    def work(ctx: TaskContext) -> int:
        threads.append(threading.current_thread().name)
        for i in range(3):
            ctx.progress(i, 3, f"step {i}")
        return 42

    task = run_task(parent, "Counting", work, seen.append)
    task.progressed.connect(lambda d, t, s: seen.append(s))
    qtbot.waitUntil(task.is_done)
    assert seen[-1] == 42
    assert threads[0] != threading.main_thread().name
    errors: list[str] = []
    failing = run_task(parent, "Failing", lambda ctx: 1 / 0, seen.append, errors.append)
    qtbot.waitUntil(failing.is_done)
    assert errors and "division by zero" in errors[0]


def test_cancel_stops_the_work(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    started = threading.Event()

    def work(ctx: TaskContext) -> str:
        started.set()
        while not ctx.cancelled():
            threading.Event().wait(0.01)
        return "stopped"

    results: list[str] = []
    task = run_task(parent, "Waiting", work, results.append)
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(task.is_done)
    assert results == ["stopped"]


def test_import_in_background_fills_the_list(open_window, tmp_path: Path, qtbot, simple_recognizer) -> None:
    window = open_window(tmp_path / "new.sqlite")
    window.recognizer_factory = lambda: simple_recognizer
    assert window.model.rowCount() == 0
    task = window.import_paths([*bundled_article_paths(), tmp_path / "missing.txt"])
    assert window.task_bar.isVisible()
    qtbot.waitUntil(task.is_done, timeout=30000)
    assert window.model.rowCount() == 5
    assert window.current_article_id() is not None
    assert window.article_view.mentions  # entities recognised in the worker
    assert "failed 1" in window.statusBar().currentMessage()
    assert not window.task_bar.isVisible()
    boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert boxes and "could not be imported" in boxes[0].text()


def test_corrupt_library_shows_which_file(tmp_path: Path, qtbot) -> None:
    bad = tmp_path / "library.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    before = bad.read_bytes()
    result = app_module.open_window(bad)
    assert isinstance(result, str) and str(bad) in result
    assert bad.read_bytes() == before  # nothing lost


def test_excepthook_logs_and_shows_a_dialog(qtbot, monkeypatch, caplog) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    old = sys.excepthook
    try:
        app_module.install_excepthook()
        try:
            raise ValueError("boom")
        except ValueError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        sys.excepthook = old
    assert shown and "boom" in shown[0]
    assert "boom" in caplog.text


def test_the_bundled_articles_come_once_and_stay_deleted(tmp_path: Path) -> None:
    db, shot = tmp_path / "new.sqlite", tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "READER_SCREENSHOT": str(shot)}
    run = [sys.executable, "-m", "reader", "--db", str(db)]
    first = subprocess.run(run, capture_output=True, text=True, env=env, timeout=240)
    assert first.returncode == 0, first.stderr
    with Store(db) as store:
        titles = [store.articles.get(i).title for i in store.articles.ids()]
        assert len(titles) == 5 and any("Artsakh" in t for t in titles)
        assert store.entities.rows(query="Aliyev")  # recognised in the background on first start
        for article_id in store.articles.ids():
            store.articles.delete(article_id)
    shot.unlink()
    second = subprocess.run(run, capture_output=True, text=True, env=env, timeout=240)
    assert second.returncode == 0 and shot.exists(), second.stderr
    with Store(db) as store:
        assert store.articles.count() == 0
