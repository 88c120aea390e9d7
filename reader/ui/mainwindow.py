"""The main window: layout, actions, menus and shortcuts. Wiring only: no SQL, no parsing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
    QWidget,
)

from reader.domain import Annotation, Changes
from reader.explore.identity import explain_mention
from reader.ui import dialogs
from reader.ui.annotation_panel import AnnotationPanel
from reader.ui.article_list import ArticleList
from reader.ui.article_view import ArticleView
from reader.ui.command_palette import CommandPalette, window_commands
from reader.ui.entity_panel import EntityPanel
from reader.ui.library_controller import LibraryController
from reader.ui.notes_controller import NotesController
from reader.ui.session import Session
from reader.ui.settings import MAX_FONT_SIZE, MIN_FONT_SIZE, Settings
from reader.ui.shortcuts_dialog import ShortcutsDialog
from reader.ui.tasks import TaskBar
from reader.ui.theme import Palette, apply_theme, icon

EXTENSIONS: list[Callable[[MainWindow], object]] = []
MENUS = ("File", "Edit", "View", "Go", "Tools", "Help")


def unique_keys(keys: list[QKeySequence]) -> list[QKeySequence]:
    """Key sequences without repeats (a repeated one is an ambiguous shortcut that never fires)."""
    seen: dict[str, QKeySequence] = {}
    for key in keys:
        seen.setdefault(key.toString(), key)
    return list(seen.values())


class MainWindow(QMainWindow):
    article_opened = Signal(int)
    navigated = Signal(int, object)  # article id, start offset or None

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.settings = Settings()
        self.setWindowTitle("Reader")
        self.setWindowIcon(icon("reader"))
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)
        self._current: int | None = None
        self._right_docks: list[QDockWidget] = []
        self.palette_ = Palette(False)

        self.article_list = ArticleList(session)
        self.model = self.article_list.model
        self.article_list.chosen.connect(self.open_article)
        self.article_list.counted.connect(self._update_count)
        self.article_list.searched.connect(self._searched)

        self.article_view = ArticleView()
        self.article_view.text.setAcceptDrops(False)
        self.article_view.count_articles = session.store.entities.article_count
        self.article_view.explain_mention = lambda mention: explain_mention(session.store, mention)
        self.article_view.entity_clicked.connect(self.show_entity)
        self.article_view.hidden_types_changed.connect(self._hidden_types_changed)
        self.article_view.strong_entities_changed.connect(lambda on: setattr(self.settings, "strong_entities", on))
        self.article_view.setMinimumHeight(260)  # docks below share the height; the article keeps a page
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.article_list)
        self.splitter.addWidget(self.article_view)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([400, 800])
        self.setCentralWidget(self.splitter)
        # The keyboard's way through the window: search, tags, list, article.
        QWidget.setTabOrder(self.article_list.filter_edit, self.article_list.tag_box)
        QWidget.setTabOrder(self.article_list.tag_box, self.article_list.table)
        QWidget.setTabOrder(self.article_list.table, self.article_view.text)

        self._menus: dict[str, QMenu] = {name: self.menuBar().addMenu("&" + name) for name in MENUS}
        self.toolbar = QToolBar("Main toolbar", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.annotation_panel = AnnotationPanel(session)
        self.notes = NotesController(session, self.article_view, self.annotation_panel, self, self.show_entity)
        self.library = LibraryController(session, self.article_view, self.model, self, self._open_first)
        self.library.imported.connect(self.open_article)
        self.entity_panel = EntityPanel(session)
        self.entity_panel.mention_activated.connect(lambda a, s, e: self.open_article(a, s, e))
        self.entity_panel.filter_requested.connect(self.article_list.filter_by_entity)
        self.notes_dock = self.add_dock(self.annotation_panel, "Notes", "notesDock")
        self.entities_dock = self.add_dock(self.entity_panel, "Entities", "entitiesDock")
        self.notes_dock.raise_()

        self.task_bar = TaskBar(self)
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.task_bar)
        self.statusBar().addPermanentWidget(self.count_label)
        session.task_started.connect(self.task_bar.track)
        self._build_actions()
        session.changed.connect(self._on_changed)
        session.status_reported.connect(lambda text: self.statusBar().showMessage(text, 5000))
        session.write_failed.connect(lambda text: dialogs.show_error(self, "Not saved", text))
        self._update_count()
        self.article_view.set_font_size(self.settings.font_size)
        self.article_view.set_hidden_types(self.settings.hidden_types)
        self.article_view.set_strong_entities(self.settings.strong_entities)
        for install in EXTENSIONS:
            install(self)
        self.notes_dock.raise_()  # notes in front on first start; a saved layout overrides this

    # contract ------------------------------------------------------------------------------------

    def menu(self, name: str) -> QMenu:
        return self._menus[name]

    def add_dock(self, widget: QWidget, title: str, object_name: str,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(object_name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        if area == Qt.DockWidgetArea.RightDockWidgetArea:
            if self._right_docks:
                self.tabifyDockWidget(self._right_docks[-1], dock)
            self._right_docks.append(dock)
        if hasattr(self, "_panels_menu"):
            self._panels_menu.addAction(dock.toggleViewAction())
        return dock

    def current_article_id(self) -> int | None:
        return self._current

    def selected_range(self) -> tuple[int, int] | None:
        return self.article_view.selected_range()

    def open_article(self, article_id: int, start: int | None = None, end: int | None = None, *,
                     flash: bool = True, record: bool = True) -> None:
        store = self.session.store
        if article_id != self._current or self.article_view.article is None:
            try:
                article = store.articles.get(article_id)
            except KeyError:
                self.statusBar().showMessage(f"Article {article_id} is no longer in the library.", 5000)
                return
            self._current = article_id
            # The text reaches the screen first; the notes list and the article list's selection are
            # painted in the next frame (their data is current at once).
            later: list[QWidget] = [w for w in (self.annotation_panel.list, self.article_list.table) if w.updatesEnabled()]
            for widget in later:
                widget.setUpdatesEnabled(False)
            try:
                self.annotation_panel.set_article(article_id)  # reads the notes once, for the list and the pane
                self.article_view.show_article(article, store.entities.mentions(article_id), self._own_notes())
                self.entity_panel.follow_article({m.entity_id for m in self.article_view.mentions})
                self.setWindowTitle(f"{article.title} — Reader")
                self.article_list.set_current(article_id)
            finally:
                QTimer.singleShot(0, lambda: _paint_again(later))
        if start is not None:
            self.article_view.scroll_to(start, end, flash=flash)
        self.article_opened.emit(article_id)
        if record:
            self.navigated.emit(article_id, start)

    @Slot(int)
    def show_entity(self, entity_id: int) -> None:
        self.entity_panel.show_entity(entity_id)
        self.entities_dock.show()
        self.entities_dock.raise_()

    # actions -------------------------------------------------------------------------------------

    def _action(self, menu: str | None, text: str, slot: Callable[[], Any], shortcut: Any = None,
                tip: str = "", icon_name: str = "") -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda *_: slot())
        if menu:
            self._menus[menu].addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        Key = QKeySequence.StandardKey
        library, notes = self.library, self.notes
        self._menus["File"].addActions([library.import_action, library.import_folder_action])
        self._menus["File"].addSeparator()
        self._menus["File"].addAction(library.delete_article_action)
        self._menus["File"].addSeparator()
        self._action("File", "&Quit", self.close, Key.Quit)

        undo = self.session.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence(Key.Undo))
        redo = self.session.undo_stack.createRedoAction(self, "&Redo")
        # Ctrl+Shift+Z is the platform's Redo on Linux: listing it twice makes the shortcut ambiguous (dead).
        redo.setShortcuts(unique_keys([*QKeySequence.keyBindings(Key.Redo), QKeySequence("Ctrl+Shift+Z")]))
        self._menus["Edit"].addActions([undo, redo])
        self.undo_action, self.redo_action = undo, redo
        self._menus["Edit"].addSeparator()
        for action in [*notes.highlight_actions.values(), notes.note_action]:
            self._menus["Edit"].addAction(action)
            self.toolbar.addAction(action)
        self._menus["Edit"].addSeparator()
        self._action("Edit", "&Search the library", self.article_list.focus_filter, "Ctrl+Shift+F")
        pane = self.article_view
        for action in (pane.find_action, pane.next_hit_action, pane.previous_hit_action):
            self._menus["Edit"].addAction(action)
            self.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(library.import_action)

        view = self._menus["View"]
        theme_menu = view.addMenu("&Theme")
        group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for name, label in (("system", "Follow system"), ("light", "Light"), ("dark", "Dark")):
            action = theme_menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(name == self.settings.theme)
            action.triggered.connect(lambda _=False, n=name: self.set_theme(n))
            group.addAction(action)
            self.theme_actions[name] = action
        self._action("View", "&Bigger text", lambda: self.change_font_size(1), Key.ZoomIn).setShortcuts(
            [QKeySequence(Key.ZoomIn), QKeySequence("Ctrl+=")])
        self._action("View", "&Smaller text", lambda: self.change_font_size(-1), Key.ZoomOut)
        self._action("View", "&Normal text size", lambda: self.change_font_size(0), "Ctrl+0")
        view.addSeparator()
        self._panels_menu = view.addMenu("&Panels")
        for dock in (self.notes_dock, self.entities_dock):
            self._panels_menu.addAction(dock.toggleViewAction())

        self._action("Go", "&Article list", self.article_list.focus_list, "Ctrl+1")
        for action in (self.article_view.focus_action, self.article_view.caret_action):
            self._menus["Go"].addAction(action)
            self.addAction(action)
        self._menus["Go"].addSeparator()
        self._action("Go", "&Next article", lambda: self._step(1), "Ctrl+Down")
        self._action("Go", "&Previous article", lambda: self._step(-1), "Ctrl+Up")
        self._menus["Tools"].addAction(library.rerun_action)
        self.palette_action = self._action("Help", "&Command palette…", self.open_palette, "Ctrl+K",
                                           "Run an action, open an article or show an entity by typing")
        self.palette_action.setShortcuts([QKeySequence("Ctrl+K"), QKeySequence("Ctrl+Shift+P")])
        self._action("Help", "&Keyboard shortcuts", self.show_shortcuts, "Ctrl+/", "Every key of the window")
        self._menus["Help"].addSeparator()
        self._action("Help", "&About Reader", self._about)

    # help --------------------------------------------------------------------------------------------

    def open_palette(self) -> CommandPalette:
        """Ctrl+K: the palette over the actions, articles and entities as they are now."""
        palette = CommandPalette(window_commands(self), self)
        palette.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        palette.open()
        palette.edit.setFocus()
        return palette

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # list and filters ----------------------------------------------------------------------------

    def _searched(self, query: str) -> None:
        """Mark the library search's words in the open article (F3 walks them)."""
        self.article_view.library_query = query
        self.article_view.set_search(query, jump=False)

    def _update_count(self) -> None:
        self.count_label.setText(self.article_list.count_text())

    def _step(self, delta: int) -> None:
        target = self.article_list.neighbour(delta)
        if target is not None:
            self.open_article(target)

    # changes -------------------------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        current = self._current
        if changes.annotations or changes.library:
            self.article_list.refresh_tags()
        if changes.library:
            self._update_count()
        if current is None:
            return
        if changes.library and current in changes.articles and self.model.row_of(current) is None:
            try:
                self.session.store.articles.get(current)
            except KeyError:
                self._current = None
                self.article_list.set_current(None)
                self.article_view.show_article(None)
                self.annotation_panel.set_article(None)
                self.setWindowTitle("Reader")
                return
        store = self.session.store
        self.annotation_panel.model.on_changed(changes)  # first, so the pane gets the list it just read
        annotations = self._own_notes()
        if current in changes.mentions_of:  # re-recognised or corrected: a full render
            # With the article itself changed (a re-import), its text may be new too.
            article = store.articles.get(current) if current in changes.articles else None
            self.article_view.update_content(store.entities.mentions(current), annotations, article=article)
        elif annotations != self.article_view.annotations:
            self.article_view.update_annotations(annotations)

    def _own_notes(self) -> list[Annotation]:
        """The open article's notes from the list (which also shows the notes placed nowhere)."""
        return [a for a in self.annotation_panel.model.annotations() if a.article_id == self._current]

    # view settings -------------------------------------------------------------------------------

    def set_theme(self, name: str, remember: bool = True) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.palette_ = apply_theme(app, name)
        self.article_view.set_font_size(self.settings.font_size)  # a new stylesheet resets fonts
        self.article_view.set_palette(self.palette_)
        self.annotation_panel.model.palette = self.palette_
        self.annotation_panel.model.reload()
        if name in self.theme_actions:
            self.theme_actions[name].setChecked(True)
        if remember:
            self.settings.theme = name

    def change_font_size(self, delta: int) -> None:
        size = 12 if delta == 0 else max(MIN_FONT_SIZE, min(MAX_FONT_SIZE, self.settings.font_size + delta))
        self.settings.font_size = size
        self.article_view.set_font_size(size)
        self.statusBar().showMessage(f"Text size {size} pt", 2000)

    def _hidden_types_changed(self, types: frozenset[str]) -> None:
        self.settings.hidden_types = types

    def restore_state(self) -> None:
        """Geometry, docks, splitter, list columns, the last article and where it was scrolled to."""
        s = self.settings
        if s.bytes("window/geometry") is None:
            screen = self.screen().availableGeometry()
            self.resize(min(1360, screen.width()), min(860, screen.height()))
            self.fit_layout()
        for key, restore in (("window/geometry", self.restoreGeometry), ("window/state", self.restoreState),
                             ("window/splitter", self.splitter.restoreState),
                             ("window/list_header", self.article_list.table.horizontalHeader().restoreState)):
            value = s.bytes(key)
            if value is not None:
                restore(value)
        article_id, scroll = s.last_article(self.session.store.path)
        if article_id is not None and self.model.row_of(article_id) is not None:
            self.open_article(article_id, record=False)
            QTimer.singleShot(0, lambda: self.article_view.text.verticalScrollBar().setValue(scroll))
        else:
            self._open_first()

    def fit_layout(self) -> None:
        """Share the width by content: the list keeps readable titles, the side panels take what is left.

        At 1024 px the list gets about 290 px, the reading pane about 480 and the panels about 250.
        """
        width = max(self.width(), 800)
        side = max(220, min(340, int(width * 0.24)))
        self.resizeDocks([self.notes_dock], [side], Qt.Orientation.Horizontal)
        rest = width - side
        self.splitter.setSizes([int(rest * 0.38), rest - int(rest * 0.38)])

    def reload_library(self) -> None:
        """Show the library afresh (after a restore put another file in its place): list, tags, first article."""
        self._current = None
        self.article_view.show_article(None)
        self.annotation_panel.set_article(None)
        self.setWindowTitle("Reader")
        self.model.reload()
        self.article_list.refresh_tags()
        self._update_count()
        self._open_first()

    def _open_first(self) -> None:
        first = self.model.id_at(0)
        if first is not None:
            self.open_article(first, record=False)

    def save_state(self) -> None:
        s = self.settings
        s.set("window/geometry", self.saveGeometry())
        s.set("window/state", self.saveState())
        s.set("window/splitter", self.splitter.saveState())
        s.set("window/list_header", self.article_list.table.horizontalHeader().saveState())
        s.set_last_article(self.session.store.path, self._current,
                           self.article_view.text.verticalScrollBar().value())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.session.cancel_tasks()
        self.session.stop_watching()
        super().closeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.library.import_paths(paths)

    def _about(self) -> None:
        from reader import __version__
        dialogs.QMessageBox.about(self, "About Reader", f"Reader {__version__}\nRead, annotate and link news "
                                  "articles. Entities are recognised on your machine.")



def _paint_again(widgets: list[QWidget]) -> None:
    for widget in widgets:
        if shiboken6.isValid(widget):
            widget.setUpdatesEnabled(True)


def _register_features() -> None:
    """Features that plug into the window through the extension hook."""
    from reader.ui import explore, export_dialog, maintenance

    EXTENSIONS.extend([explore.install, export_dialog.install, maintenance.install])


_register_features()
