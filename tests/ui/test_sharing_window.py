"""The window shares its library: a locked edit is retried, not lost; another program's import shows up."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer

REPO = Path(__file__).resolve().parents[2]


def test_an_edit_that_meets_another_programs_write_is_saved_when_it_ends(open_window, simple_library: Path,
                                                                        qtbot) -> None:
    window = open_window(simple_library)
    store = window.session.store
    article_id = next(i for i in store.articles.ids() if "Ilham Aliyev" in store.articles.get(i).text)
    window.open_article(article_id)
    assert window.article_view.select_text("Ilham Aliyev")
    other = sqlite3.connect(simple_library, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program is writing ...
    QTimer.singleShot(700, lambda: other.execute("COMMIT"))  # ... for a while longer than one wait
    qtbot.keyClick(window.article_view.text, Qt.Key.Key_2)  # 2 = red
    assert store.annotations.for_article(article_id) == []  # not yet: it waits, the window stays responsive
    qtbot.waitUntil(lambda: len(store.annotations.for_article(article_id)) == 1, timeout=5000)
    [note] = store.annotations.for_article(article_id)
    assert note.anchor.exact == "Ilham Aliyev" and note.color == "red"
    assert window.annotation_panel.model.rowCount() == 1
    assert window.session.undo_stack.count() == 1
    window.undo_action.trigger()
    assert store.annotations.for_article(article_id) == []
    other.close()


def test_an_edit_still_locked_after_the_retries_is_said_and_its_text_kept(open_window, simple_library: Path,
                                                                         qtbot) -> None:
    from PySide6.QtGui import QGuiApplication

    window = open_window(simple_library)
    store = window.session.store
    article_id = next(i for i in store.articles.ids() if "Ilham Aliyev" in store.articles.get(i).text)
    window.open_article(article_id)
    assert window.article_view.select_text("Ilham Aliyev")
    other = sqlite3.connect(simple_library, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with qtbot.waitSignal(window.session.write_failed, timeout=15000) as failed:
        window.notes.highlight("yellow", "mon analyse de la visite")
    other.execute("ROLLBACK")
    other.close()
    assert "was not saved" in failed.args[0] and "clipboard" in failed.args[0]
    assert QGuiApplication.clipboard().text() == "mon analyse de la visite"
    assert store.annotations.for_article(article_id) == [] and window.session.undo_stack.count() == 0


def test_the_window_shows_an_article_another_program_imported(open_window, simple_library: Path, qtbot,
                                                             tmp_path: Path) -> None:
    window = open_window(simple_library)
    first = window.model.rowCount()
    opened = window.session.store.articles.ids()[0]
    window.open_article(opened)
    page = tmp_path / "depeche.txt"
    page.write_text("Une dépêche importée par la ligne de commande\n\nLe texte de la dépêche, assez long pour "
                    "être un article du corpus.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "reader", "--db", str(simple_library), "import", "--no-entities",
                    str(page)], env=env, check=True, capture_output=True, timeout=120)
    qtbot.waitUntil(lambda: window.model.rowCount() == first + 1, timeout=10000)
    assert window.current_article_id() == opened  # the open article stays open
