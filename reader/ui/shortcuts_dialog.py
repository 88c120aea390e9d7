"""Help › Keyboard shortcuts: read from the window's actions when opened, so it is never out of date."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMainWindow,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.ui.command_palette import menu_actions


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action with a key: the menus' first, then the window's own."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def add(group: str, action: QAction) -> None:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        if keys and id(action) not in seen:
            seen.add(id(action))
            rows.append((group, action.text().replace("&", "").rstrip("…").strip(), ",  ".join(keys)))

    for path, action in menu_actions(window.menuBar()):
        add(path, action)
    for action in window.findChildren(QAction):
        if action.text():
            add("Other", action)
    return rows


class ShortcutsDialog(QDialog):
    """Every shortcut by menu, with a filter box."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("Keyboard shortcuts")
        self.setObjectName("shortcutsDialog")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter shortcuts…")
        self.filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        groups: dict[str, QTreeWidgetItem] = {}
        for group, text, keys in shortcut_rows(window):
            heading = groups.get(group)
            if heading is None:
                heading = groups[group] = QTreeWidgetItem(self.tree, [group, ""])
                font = heading.font(0)
                font.setBold(True)
                heading.setFont(0, font)
                heading.setFirstColumnSpanned(True)
            QTreeWidgetItem(heading, [text, keys])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, self.tree.columnWidth(0) + 24)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._filter)
        self.resize(560, 640)

    def _groups(self) -> list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]]:
        groups = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return [(g, [c for j in range(g.childCount()) if (c := g.child(j)) is not None]) for g in groups if g]

    def _filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for group, items in self._groups():
            shown = 0
            for item in items:
                hit = not needle or needle in item.text(0).casefold() or needle in item.text(1).casefold()
                item.setHidden(not hit)
                shown += hit
            group.setHidden(shown == 0)

    def rows(self) -> list[tuple[str, str]]:
        """What the dialog lists now (action, keys), for tests and screenshots."""
        return [(item.text(0), item.text(1)) for group, items in self._groups() if not group.isHidden()
                for item in items if not item.isHidden()]
