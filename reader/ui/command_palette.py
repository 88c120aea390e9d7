"""The command palette (Ctrl+K, Ctrl+Shift+P): type a few letters of an action, an article or an entity."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListView, QMenuBar, QVBoxLayout, QWidget
from rapidfuzz import fuzz, process, utils

from reader.ui.models import RowListModel
from reader.ui.session import Session
from reader.ui.theme import entity_label

LIMIT = 30


@dataclass(frozen=True)
class Command:
    """One thing the palette can do: what it shows, what it matches on, and what it runs."""

    kind: str  # Action | Article | entity type label
    text: str
    detail: str
    run: Callable[[], object]


def menu_actions(bar: QMenuBar) -> list[tuple[str, QAction]]:
    """Every enabled action of the menus, with its menu path ("Edit › Highlight red")."""
    found: list[tuple[str, QAction]] = []

    def walk(path: str, actions: list[QAction]) -> None:
        for action in actions:
            menu = action.menu()
            label = action.text().replace("&", "").rstrip("…").strip()
            if menu is not None:
                walk(f"{path} › {label}" if path else label, menu.actions())  # type: ignore[attr-defined]
            elif label and not action.isSeparator():
                found.append((path, action))

    walk("", bar.actions())
    return found


class CommandModel(RowListModel):
    def row_data(self, row: Command, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.text}    —  {row.kind}{'  ·  ' + row.detail if row.detail else ''}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.detail or row.text
        return None


def _score(query: str, choice: str, **_kwargs: object) -> float:
    """WRatio, or a word found inside a long title (partial match, a little less sure)."""
    return max(fuzz.WRatio(query, choice), 0.9 * fuzz.partial_ratio(query, choice))


def rank(commands: list[Command], query: str, limit: int = LIMIT) -> list[Command]:
    """Fuzzy order: every word typed should appear in the text; typos and order forgiven (rapidfuzz)."""
    query = query.strip()
    if not query:
        return [c for c in commands if c.kind == "Action"][:limit]
    choices = [f"{c.text} {c.detail}" for c in commands]
    best = process.extract(query, choices, scorer=_score, processor=utils.default_process,
                           limit=limit, score_cutoff=70)
    # ties go to actions, then to shorter texts (the closer match)
    best.sort(key=lambda m: (-round(m[1]), commands[m[2]].kind != "Action", len(commands[m[2]].text)))
    return [commands[i] for _, _, i in best]


class CommandPalette(QDialog):
    """A search box over a list; Enter runs the chosen command, Escape closes."""

    def __init__(self, commands: list[Command], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Command palette")
        self.setObjectName("commandPalette")
        self.commands = commands
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Type an action, an article or an entity…")
        self.model = CommandModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.activated.connect(self._run)
        self.list.clicked.connect(self._run)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.list, 1)
        self.edit.textChanged.connect(self._filter)
        self.edit.installEventFilter(self)
        self.edit.returnPressed.connect(lambda: self._run(self.list.currentIndex()))
        self.resize(620, 420)
        self._filter("")

    def shown(self) -> list[Command]:
        return [self.model.row(i) for i in range(self.model.rowCount())]

    def _filter(self, text: str) -> None:
        self.model.set_rows(rank(self.commands, text))
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}
            if event.key() in step and self.model.rowCount():
                row = self.list.currentIndex().row() + step[Qt.Key(event.key())]
                self.list.setCurrentIndex(self.model.index(max(0, min(row, self.model.rowCount() - 1))))
                return True
        return super().eventFilter(watched, event)

    def _run(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if not index.isValid():
            return
        command: Command = self.model.row(index.row())
        self.accept()
        command.run()


class PaletteHost(Protocol):
    """What the palette needs of a window."""

    session: Session

    def menuBar(self) -> QMenuBar: ...  # noqa: N802 - Qt name

    def open_article(self, article_id: int) -> None: ...

    def show_entity(self, entity_id: int) -> None: ...


def window_commands(window: PaletteHost) -> list[Command]:
    """The actions of the window's menus, its articles and its entities, as palette commands."""
    commands = [Command("Action", action.text().replace("&", ""),
                        " / ".join(k.toString() for k in action.shortcuts()) or path, action.trigger)
                for path, action in menu_actions(window.menuBar()) if action.isEnabled()]
    store = window.session.store
    for row in store.articles.rows(store.articles.ids(sort="published")):
        commands.append(Command("Article", row.title or "(untitled)", row.source,
                                partial(window.open_article, row.id)))
    for entity in store.entities.rows(limit=3000):
        commands.append(Command(entity_label(entity.type), entity.name,
                                f"{entity.mentions} mention{'s' if entity.mentions != 1 else ''}",
                                partial(window.show_entity, entity.id)))
    return commands
