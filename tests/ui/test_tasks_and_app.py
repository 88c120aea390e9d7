"""Background work with progress and cancel, import from the window, start-up failures, the excepthook."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from reader.domain import Changes
from reader.operations import Result
from reader.operations.library import bundled_article_paths
from reader.store import Store
from reader.ui import app as app_module
from reader.ui.session import Session
from reader.ui.tasks import TaskContext


def test_runner_reports_progress_result_and_errors(qtbot, tmp_path: Path) -> None:
    session = Session(Store(tmp_path / "library.sqlite"))
    progress: list[str] = []
    results: list[int] = []
    threads: list[str] = []
    # Connected before the work starts, so every step is seen.
    session.task_started.connect(lambda task: task.progressed.connect(lambda d, t, s: progress.append(s)))

    def work(store: Store, ctx: TaskContext) -> Result[int]:
        threads.append(threading.current_thread().name)
        for i in range(3):
            ctx.progress(i, 3, f"step {i}")
        return Result(Changes(), store.articles.count() + 42)

    task = session.run("Counting", work, results.append)
    qtbot.waitUntil(task.is_done)
    assert results == [42]
    assert progress == ["step 0", "step 1", "step 2"]
    assert threads[0] != threading.main_thread().name
    errors: list[str] = []
    failing = session.run("Failing", lambda store, ctx: Result(Changes(), 1 // 0), results.append, errors.append)
    qtbot.waitUntil(failing.is_done)
    assert errors and "Failing:" in errors[0] and "by zero" in errors[0]
    assert results == [42] and session.tasks == []
    session.store.close()


def test_cancel_stops_the_work(qtbot, tmp_path: Path) -> None:
    session = Session(Store(tmp_path / "library.sqlite"))
    started = threading.Event()

    def work(store: Store, ctx: TaskContext) -> Result[str]:
        started.set()
        while not ctx.cancelled():
            threading.Event().wait(0.01)
        return Result(Changes(), "stopped")

    results: list[str] = []
    task = session.run("Waiting", work, results.append)
    assert started.wait(5)
    session.cancel_tasks()
    qtbot.waitUntil(task.is_done)
    assert results == ["stopped"]
    session.store.close()


def test_a_background_import_reaches_the_window_like_an_undoable_edit(open_window, tmp_path: Path, qtbot,
                                                                      simple_recognizer) -> None:
    window = open_window(tmp_path / "new.sqlite")
    window.library.recognizer_factory = lambda: simple_recognizer
    with qtbot.waitSignal(window.session.changed, timeout=30000) as imported:
        window.library.import_paths(bundled_article_paths())
    changes = imported.args[0]
    assert changes.library and len(changes.articles) == 5 and changes.mentions_of == changes.articles
    assert window.model.rowCount() == 5
    window.article_view.select_range(0, 8)
    with qtbot.waitSignal(window.session.changed) as edited:  # the same signal, from the undo stack
        note_id = window.notes.highlight("green")
    assert edited.args[0].annotations == {note_id}


def test_import_in_background_fills_the_list(open_window, tmp_path: Path, qtbot, simple_recognizer) -> None:
    window = open_window(tmp_path / "new.sqlite")
    window.library.recognizer_factory = lambda: simple_recognizer
    assert window.model.rowCount() == 0
    task = window.library.import_paths([*bundled_article_paths(), tmp_path / "missing.txt"])
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
