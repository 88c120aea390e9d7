"""Opening the window completes the entity recognition an interrupted import left, in the background."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from reader.importing import read_file
from reader.operations.recognition import missing_recognition
from reader.paths import articles_dir
from reader.store import Store
from reader.ui import app as app_module
from reader.ui import tasks
from reader.ui.mainwindow import MainWindow


def test_the_window_start_recognises_what_a_killed_import_left(tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "lib.sqlite"
    with Store(db) as store, store.transaction():  # the state a kill -9 after storing the article leaves
        article_id = store.upsert_article(read_file(sorted(articles_dir().iterdir())[0])).id
        store.recognition.mark([article_id], "pending")
    seen: dict[str, object] = {}
    opened: list[MainWindow] = []
    open_window = app_module.open_window

    def record(db_path: Path | str) -> object:
        result = open_window(db_path)
        if not isinstance(result, str):
            opened.append(result[1])
        return result

    def event_loop(app: QApplication) -> int:
        window = opened[-1]  # the one run_app opened, not a closed one an earlier test left
        assert window.isVisible()  # the window is up while recognition runs behind it
        qtbot.waitUntil(lambda: window.library.resumed is not None, timeout=60000)
        assert window.task_bar.isVisible()  # with its progress and Cancel button
        qtbot.waitUntil(lambda: window.library.resumed is None or window.library.resumed.is_done(), timeout=240000)
        seen["status"] = window.statusBar().currentMessage()
        window.close()
        return 0

    monkeypatch.setattr(app_module, "open_window", record)
    monkeypatch.setattr(QApplication, "exec", event_loop)
    monkeypatch.setattr(tasks, "_shared", None)  # the session's recogniser, as at a real start (another test fakes it)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert app_module.run_app(db) == 0
    assert seen["status"] == "Entities recognised in 1 article an import had left without."
    with Store(db) as store:
        assert store.entities.mentions(article_id)
        assert store.recognition.get(article_id).status == "done"
        assert missing_recognition(store) == []
