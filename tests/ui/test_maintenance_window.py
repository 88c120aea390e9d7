"""The window keeps the library: restore from a backup, the check after opening, a damaged library read-only."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool

from reader.domain import Article
from reader.store import Store
from reader.store.backup import list_backups
from reader.ui import app, dialogs, maintenance
from reader.ui.commands import DeleteArticleCommand
from reader.ui.settings import Settings
from tests.test_cli_maintenance import damage_page_of, titles


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage(path: Path) -> None:
    """Random bytes over the root page of an index the window does not read at start (the check finds it)."""
    damage_page_of(path, "corrections_article")


def test_file_restore_from_backup_lists_backups_and_reopens_the_library(
        open_window, simple_library: Path, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    with Store(simple_library) as store:
        store.backup("manual")
        store.articles.add(Article(title="Ajouté après la copie", text="Un texte de plus."))
    window = open_window(simple_library)
    assert window.model.rowCount() == 6
    action = next(a for a in window.menu("File").actions() if a.text() == "Restore from &backup…")
    action.trigger()
    dialog = window.maintenance.restore_dialog
    assert dialog.list.count() == 1 and "manual" in dialog.list.item(0).text()
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    dialog.accept()
    qtbot.waitUntil(lambda: window.model.rowCount() == 5)
    assert "Ajouté après la copie" not in titles(simple_library)
    kept = [p for p in simple_library.parent.iterdir() if p.name.startswith("library.replaced-")]
    assert len(kept) == 1 and "Ajouté après la copie" in titles(kept[0])
    assert window.current_article_id() is not None  # the restored library is shown, an article open
    window.session.push(DeleteArticleCommand(window.session, window.current_article_id()))
    assert window.model.rowCount() == 4  # and it is written to again


def test_the_background_check_shows_the_bar_and_makes_a_damaged_library_read_only(
        open_window, simple_library: Path, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    with Store(simple_library) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.backup("manual")
    monkeypatch.setattr(maintenance, "CHECK_DELAY_MS", 0)
    window = open_window(simple_library, restore=False)
    qtbot.waitUntil(lambda: window.maintenance.report is not None, timeout=20000)
    assert window.maintenance.report.ok and not window.maintenance.bar.isVisible()

    window.session.store.close()
    window.close()
    damage(simple_library)
    before = digest(simple_library)
    window = open_window(simple_library, restore=False)
    qtbot.waitUntil(lambda: window.maintenance.bar.isVisible(), timeout=20000)
    bar = window.maintenance.bar
    assert "damaged" in bar.label.text() and "read-only" in bar.label.text()
    assert "newest sound backup" in bar.label.text() and bar.restore_button.isEnabled()
    assert window.session.read_only
    assert str(simple_library.resolve()) in Settings().damaged_libraries
    window.session.push(DeleteArticleCommand(window.session, 1))  # refused, and said
    assert window.session.undo_stack.count() == 0
    assert "read-only" in window.statusBar().currentMessage()
    QThreadPool.globalInstance().waitForDone(10000)
    window.close()  # no backup of a damaged library on close, nothing written
    assert digest(simple_library) == before


def test_a_library_known_damaged_opens_read_only_until_a_check_passes(
        simple_library: Path, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    Settings().mark_damaged(str(simple_library.resolve()), True)
    monkeypatch.setattr(maintenance, "CHECK_DELAY_MS", 0)
    opened = app.open_window(simple_library)
    assert not isinstance(opened, str)
    session, window = opened
    qtbot.addWidget(window)
    try:
        assert session.store.read_only and session.read_only
        assert window.maintenance.bar.isVisibleTo(window) or not window.isVisible()
        assert "read-only" in window.maintenance.bar.label.text()
        qtbot.waitUntil(lambda: window.maintenance.report is not None, timeout=20000)
        # the file is sound after all (it was repaired elsewhere): the next start opens it for writing
        assert window.maintenance.report.ok
        assert str(simple_library.resolve()) not in Settings().damaged_libraries
    finally:
        QThreadPool.globalInstance().waitForDone(10000)
        window.close()
        qtbot.wait(500)  # the panels' pending refreshes run on the open library
        session.store.close()
    assert not app.open_store(simple_library).read_only


def test_closing_after_changes_makes_a_backup_once_a_day(open_window, simple_library: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(simple_library)
    window.close()
    assert list_backups(simple_library) == []  # nothing changed: no backup
    window = open_window(simple_library)
    window.session.push(DeleteArticleCommand(window.session, 1))
    window.close()
    assert [b.reason for b in list_backups(simple_library)] == ["on-close"]
    assert len(titles(list_backups(simple_library)[0].path)) == 4
    window = open_window(simple_library)
    window.session.push(DeleteArticleCommand(window.session, 2))
    window.close()
    assert len(list_backups(simple_library)) == 1  # the newest is less than a day old


def test_the_cannot_open_message_does_not_claim_the_file_is_unchanged(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("not a folder")
    message = app.open_window(tmp_path / "plain" / "library.sqlite")
    assert isinstance(message, str) and "is a file, not a folder" in message
    source = Path(app.__file__).read_text(encoding="utf-8")
    assert "The file was not changed" not in source


def test_a_stale_wal_opens_the_window_read_only_and_is_not_merged_on_close(simple_library: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.test_cli_maintenance import stale_wal

    stale_wal(simple_library)
    before = digest(simple_library)
    opened = app.open_window(simple_library)
    assert not isinstance(opened, str)
    session, window = opened
    qtbot.addWidget(window)
    try:
        assert session.read_only and window.maintenance.bar.isVisibleTo(window)
    finally:
        window.close()
        qtbot.wait(500)  # the panels' pending refreshes run on the open library
        session.store.close()
    assert digest(simple_library) == before
