"""The window keeps the library: a check in the background after opening, restore from a backup, a backup on close."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from reader.domain import Changes
from reader.operations.check import NEEDS_WRITE, Report, check_library
from reader.store import StoreError
from reader.store.backup import BackupInfo, list_backups, newest_sound_backup, restore_backup
from reader.store.opening import Mode, open_library
from reader.ui import dialogs

CHECK_DELAY_MS = 4000  # after opening: the window is drawn and the first article shown before the check reads
BACKUP_EVERY = timedelta(days=1)


def run_check(path: str, read_only: bool) -> Report:
    """The whole check, as `reader check` runs it: pages and references read-only, then the search indexes."""
    with open_library(path, Mode.READ) as store:
        report = check_library(store).value
    if not report.problems and not read_only:
        with open_library(path, Mode.WRITE, verify=False) as store:
            more = check_library(store, names=NEEDS_WRITE).value
        report = Report(more.problems, report.ran + more.ran, [])
    return report


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} kB"


class RestoreDialog(QDialog):
    """The library's backups, newest first: date, why it was made, size."""

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.backups = backups
        layout = QVBoxLayout(self)
        label = QLabel("Choose the copy to put in place of the library. The current file is kept aside "
                       "beside it (renamed), never deleted." if backups else
                       "There is no backup of this library yet (they are made before upgrades, before "
                       "notes imports, and on closing the window after changes).")
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = QListWidget()
        for info in backups:
            item = QListWidgetItem(f"{info.when:%Y-%m-%d %H:%M:%S}   {info.reason.replace('-', ' ')}   "
                                   f"{_size(info.size)}")
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            self.list.addItem(item)
        if backups:
            self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(backups))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(520, 320)

    def chosen(self) -> BackupInfo | None:
        row = self.list.currentRow()
        return self.backups[row] if 0 <= row < len(self.backups) else None


class DamageBar(QWidget):
    """Above the window's panes: the check failed; the library is read-only; restore the newest sound backup."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.restore_button = QPushButton("Restore from backup…")
        layout.addWidget(self.label, 1)
        layout.addWidget(self.restore_button)
        self.setStyleSheet("DamageBar { background: #fde2e1; } QLabel { color: #5c1111; }")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)


class MaintenanceController(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.report: Report | None = None
        self.bar = DamageBar()
        self.bar.restore_button.clicked.connect(self.open_restore_dialog)
        window.addToolBarBreak()
        holder = QToolBar("Library check", window)
        holder.setObjectName("damageToolbar")
        holder.setMovable(False)
        holder.addWidget(self.bar)
        holder.hide()
        self.holder = holder
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, holder)
        self.restore_action = QAction("Restore from &backup…", window)
        self.restore_action.setStatusTip("Put a backup of the library in its place (the current file is kept)")
        self.restore_action.triggered.connect(lambda *_: self.open_restore_dialog())
        window.menu("File").addAction(self.restore_action)
        window.addAction(self.restore_action)
        window.installEventFilter(self)
        if self.session.store.path != ":memory:" and self.path in window.settings.damaged_libraries:
            self.show_damage("A check found this library damaged.")
        self.check_timer = QTimer(self)  # a child: it dies with the window, never fires on a closed one
        self.check_timer.setSingleShot(True)
        self.check_timer.timeout.connect(self.start_check)
        if self.session.store.path != ":memory:":
            self.check_timer.start(CHECK_DELAY_MS)

    @property
    def path(self) -> str:
        return str(Path(self.session.store.path).resolve())

    # the check ------------------------------------------------------------------------------------------

    def start_check(self) -> None:
        """Run the check off the GUI thread; a failure shows the bar and makes the library read-only."""
        if self.session.store.path == ":memory:":
            return
        path, read_only = self.session.store.path, self.session.read_only
        self.session.read(lambda _store: run_check(path, read_only), self._checked)

    def _checked(self, report: Report) -> None:
        if not shiboken6.isValid(self.window) or not shiboken6.isValid(self.bar):
            return  # the window closed while the check ran
        self.report = report
        settings = self.window.settings
        if report.ok:
            settings.mark_damaged(self.path, False)
            self.holder.hide()
            return
        if not report.damaged:  # only the search indexes: rebuilt by `reader check --repair`, nothing at risk
            self.window.statusBar().showMessage(report.problems[0].line(), 15000)
            return
        settings.mark_damaged(self.path, True)
        if not self.session.store.read_only:  # closing a read-write connection could checkpoint a bad -wal
            with contextlib.suppress(StoreError):
                self.session.store.adopt(open_library(self.session.store.path, Mode.READ))
        self.session.read_only = True
        self.show_damage(report.problems[0].message[:1].upper() + report.problems[0].message[1:] + ".")

    def show_damage(self, what: str) -> None:
        sound = newest_sound_backup(Path(self.session.store.path))
        offer = (f" The newest sound backup is from {sound.when:%Y-%m-%d %H:%M}." if sound
                 else " There is no sound backup of it.")
        self.bar.label.setText(f"{what} It is open read-only, so that nothing is written into it.{offer}")
        self.bar.restore_button.setEnabled(sound is not None)
        self.session.read_only = True
        self.holder.show()

    # restore ----------------------------------------------------------------------------------------------

    def open_restore_dialog(self) -> RestoreDialog:
        dialog = RestoreDialog(list_backups(Path(self.session.store.path)), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._restore_chosen(dialog.chosen()))
        self.restore_dialog = dialog
        dialog.open()
        return dialog

    def _restore_chosen(self, info: BackupInfo | None) -> None:
        if info is None:
            return
        if not dialogs.confirm(self.window, "Restore from backup",
                               f"Put the backup of {info.when:%Y-%m-%d %H:%M} in place of the library? "
                               "The current file is kept beside it, renamed; changes made since that backup "
                               "are only in the kept file.", yes="Restore"):
            return
        self.restore(info.path)

    def restore(self, backup: Path) -> bool:
        """Restore ``backup`` and reopen the library in the window; False (and said) when it cannot."""
        session, store = self.session, self.session.store
        session.cancel_tasks()
        QThreadPool.globalInstance().waitForDone(30000)
        try:
            store.close()
            aside = restore_backup(Path(store.path), backup)
        except StoreError as exc:
            dialogs.show_error(self.window, "Restore from backup", str(exc))
            aside = None
        try:
            store.adopt(open_library(store.path, Mode.CREATE, verify=False))
        except StoreError as exc:
            dialogs.show_error(self.window, "Reader", str(exc))
            return False
        if aside is None:
            return False
        self.window.settings.mark_damaged(self.path, False)
        session.read_only = store.read_only
        session.undo_stack.clear()  # its commands name rows of the file that was replaced
        self.holder.hide()
        self.window.reload_library()
        session._publish(Changes(library=True))
        self.window.statusBar().showMessage(f"Restored from {backup.name}; the previous file is kept as "
                                            f"{aside.name}.", 15000)
        return True

    # a backup on close ------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.backup_if_due()
        return False

    def backup_if_due(self) -> Path | None:
        """On close: a backup when something changed and the newest one is more than a day old."""
        session = self.session
        if not session.dirty or session.read_only or session.store.path == ":memory:":
            return None
        backups = list_backups(Path(session.store.path))
        if backups and datetime.now() - backups[0].when < BACKUP_EVERY:
            return None
        try:
            made = session.store.backup("on-close")
        except StoreError as exc:
            self.window.statusBar().showMessage(str(exc), 5000)
            return None
        session.dirty = False
        return made


def install(window: Any) -> MaintenanceController:
    """File > Restore from backup…, the background check after opening, the backup on close."""
    window.maintenance = MaintenanceController(window)
    return window.maintenance
