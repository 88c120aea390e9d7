"""Cross-links, backlinks, reading history, the entity index, the timeline and the entity graph.

``install(window)`` adds them to a MainWindow: docks, actions, menus and shortcuts.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QWidget

from reader.anchoring import describe
from reader.domain import Changes, Link, LinkEnd
from reader.ui.explore.backlinks_panel import BacklinksPanel
from reader.ui.explore.commands import AddLinkCommand, DeleteLinkCommand, EditLinkCommand
from reader.ui.explore.entity_index import EntityIndex
from reader.ui.explore.graph import GraphWidget
from reader.ui.explore.history import History, Place
from reader.ui.explore.link_dialog import EditLinkDialog, LinkDialog
from reader.ui.explore.timeline import TimelineWidget

__all__ = ["LinksController", "install"]


class LinksController(QObject):
    """Owns the link views of one window and wires them to it; kept as ``window.links``."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.history = History()
        self.dialog: LinkDialog | None = None

        self.backlinks = BacklinksPanel(self.session)
        self.entity_index = EntityIndex(self.session)
        self.timeline = TimelineWidget(self.session)
        self.graph = GraphWidget(self.session)
        self.backlinks_dock = window.add_dock(self.backlinks, "Links", "linksDock")
        self.index_dock = window.add_dock(self.entity_index, "Entity index", "entityIndexDock")
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.timeline_dock = window.add_dock(self.timeline, "Timeline", "timelineDock", bottom)
        self.graph_dock = window.add_dock(self.graph, "Entity graph", "graphDock", bottom)
        window.tabifyDockWidget(self.timeline_dock, self.graph_dock)
        for dock in (self.index_dock, self.timeline_dock, self.graph_dock):
            dock.hide()

        self._build_actions()
        window.article_opened.connect(self.backlinks.set_article_soon)
        window.navigated.connect(self._navigated)
        window.article_opened.connect(self._opened)
        self.backlinks.open_requested.connect(self.follow)
        self.backlinks.delete_requested.connect(self.delete_link)
        self.backlinks.edit_requested.connect(self.edit_link)
        self.backlinks.link_article_requested.connect(self.link_articles)
        self.entity_index.open_requested.connect(self.follow)
        self.timeline.open_requested.connect(self.follow)
        self.graph.entity_clicked.connect(self.show_in_index)
        self.session.changed.connect(self._on_changed)
        self.backlinks.set_article(window.current_article_id())

    def _action(self, text: str, slot: Any, shortcut: str = "", tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda *_: slot())
        self.window.addAction(action)
        return action

    def _build_actions(self) -> None:
        w = self.window
        self.link_action = self._action("&Link to…", self.new_link, "Ctrl+L",
                                        "Link the selected passage or note (or this article) to another passage, "
                                        "note or article (Ctrl+L)")
        w.menu("Edit").addSeparator()
        w.menu("Edit").addAction(self.link_action)
        self.back_action = self._action("&Back", self.back, "Alt+Left", "Back to where you were reading (Alt+Left)")
        self.forward_action = self._action("&Forward", self.forward, "Alt+Right", "Forward again (Alt+Right)")
        style = w.style()
        self.back_action.setIcon(style.standardIcon(style.StandardPixmap.SP_ArrowBack))
        self.forward_action.setIcon(style.standardIcon(style.StandardPixmap.SP_ArrowForward))
        go = w.menu("Go")
        first = go.actions()[0] if go.actions() else None
        go.insertActions(first, [self.back_action, self.forward_action])
        if first is not None:
            go.insertSeparator(first)
        toolbar = w.toolbar
        first_tool = toolbar.actions()[0] if toolbar.actions() else None
        toolbar.insertActions(first_tool, [self.back_action, self.forward_action])
        if first_tool is not None:
            toolbar.insertSeparator(first_tool)
        toolbar.addSeparator()
        toolbar.addAction(self.link_action)
        tools = w.menu("Tools")
        tools.addSeparator()
        self.index_action = self._action("Entity &index", lambda: self.show_dock(self.index_dock), "Ctrl+Shift+I",
                                         "Every entity with its mentions and companions")
        self.timeline_action = self._action("&Timeline", lambda: self.show_dock(self.timeline_dock), "Ctrl+Shift+T",
                                            "The dates named in the library on a time axis")
        self.graph_action = self._action("Entity &graph", lambda: self.show_dock(self.graph_dock), "Ctrl+Shift+G",
                                         "Which entities are named together")
        tools.addActions([self.index_action, self.timeline_action, self.graph_action])
        self._update_history_actions()

    def show_dock(self, dock: QDockWidget) -> None:
        dock.show()
        dock.raise_()
        if dock in (self.timeline_dock, self.graph_dock):
            # Tall enough to read, never more than about a third of the window: the article stays the page.
            height = max(180, min(340, int(self.window.height() * 0.3)))
            if abs(dock.height() - height) > 40:
                self.window.resizeDocks([dock], [height], Qt.Orientation.Vertical)

    # following links and history -------------------------------------------------------------------

    def follow(self, article_id: int, start: int | None = None, end: int | None = None) -> None:
        """Open an article at a passage (and flash it); recorded in the history by the window.

        The keyboard goes to the article: Alt+Left then goes back, instead of folding the tree it came from.
        """
        self.window.open_article(article_id, start, end)
        self.window.article_view.focus_text()

    def _opened(self, article_id: int) -> None:
        self.mark_link_sources()
        # The article open at start (restored or first) is where Back returns to after the first jump.
        if not len(self.history):
            self.history.visit(Place(article_id))
            self._update_history_actions()

    def _navigated(self, article_id: int, start: object) -> None:
        self.history.visit(Place(article_id, start if isinstance(start, int) else None))
        self._update_history_actions()

    def back(self) -> None:
        self._go(self.history.back())

    def forward(self) -> None:
        self._go(self.history.forward())

    def _go(self, place: Place | None) -> None:
        if place is not None:
            self.window.open_article(place.article_id, place.start, None, flash=False, record=False)
        self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.history.can_back())
        self.forward_action.setEnabled(self.history.can_forward())

    # making and changing links ----------------------------------------------------------------------

    def source_end(self) -> tuple[LinkEnd, str] | None:
        """The end a new link starts from: the selected note or passage, else the current note, else the article."""
        article_id = self.window.current_article_id()
        if article_id is None:
            return None
        store = self.session.store
        text = store.articles.get(article_id).text
        annotations = store.annotations.for_article(article_id)
        selection = self.window.selected_range()
        if selection is not None:
            same = [a for a in annotations if (a.start, a.end) == selection and a.id is not None]
            if same:
                return LinkEnd(article_id, same[0].id), same[0].anchor.exact
            return LinkEnd(article_id, None, describe(text, *selection)), text[selection[0]:selection[1]]
        panel = getattr(self.window, "annotation_panel", None)
        current = panel.current() if panel is not None else None
        if current is not None and current.id is not None and current.article_id == article_id:
            return LinkEnd(article_id, current.id), current.anchor.exact
        return LinkEnd(article_id), ""

    def new_link(self) -> LinkDialog | None:
        """Open the link dialog (window-modal, not blocking); the link is made when it is accepted."""
        found = self.source_end()
        if found is None:
            self.window.statusBar().showMessage("Open an article first, then select the passage to link.", 5000)
            return None
        source, quote = found
        title = self.session.store.articles.get(source.article_id).title
        dialog = LinkDialog(self.session, source, self.window, source_title=title, source_quote=quote)
        dialog.accepted.connect(lambda: self._dialog_accepted(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_accepted(self, dialog: LinkDialog) -> None:
        link = dialog.link()
        if link is not None:
            self.add_link(link)

    def add_link(self, link: Link) -> int | None:
        command = AddLinkCommand(self.session, link)
        self.session.push(command)
        title = self.session.store.articles.get(link.target.article_id).title
        self.window.statusBar().showMessage(f"Linked to “{title}” (Ctrl+Z undoes it).", 5000)
        return command.link_id

    def link_articles(self, other_id: int) -> None:
        current = self.window.current_article_id()
        if current is not None:
            self.add_link(Link(LinkEnd(current), LinkEnd(other_id)))

    def delete_link(self, link_id: int) -> None:
        self.session.push(DeleteLinkCommand(self.session, link_id))
        self.window.statusBar().showMessage("Link deleted (Ctrl+Z brings it back).", 5000)

    def edit_link(self, link_id: int) -> None:
        link = self.session.store.links.get(link_id)
        dialog = EditLinkDialog(self.session, link, self.window)
        if dialog.exec():
            label, note = dialog.label.currentText().strip(), dialog.note.text().strip()
            if (label, note) != (link.label, link.note):
                self.session.push(EditLinkCommand(self.session, link_id, label, note))

    # entities ---------------------------------------------------------------------------------------------

    def show_in_index(self, entity_id: int) -> None:
        self.show_dock(self.index_dock)
        self.entity_index.select_entity(entity_id)

    def mark_link_sources(self) -> None:
        """A mark beside each passage of the open article that links elsewhere."""
        article_id = self.window.current_article_id()
        links = self.session.store.links.from_article(article_id) if article_id is not None else []
        self.window.article_view.set_link_sources(
            [(link.source.anchor.start, link.source.anchor.end) for link in links if link.source.anchor is not None])

    def _on_changed(self, changes: Changes) -> None:
        if changes.links or changes.annotations or self.window.current_article_id() in changes.articles:
            self.mark_link_sources()
        if changes.library:
            existing = set(self.session.store.articles.ids(sort="imported"))
            for article_id in self.history.article_ids() - existing:
                self.history.forget_article(article_id)
            self._update_history_actions()


def install(window: QWidget) -> LinksController:
    """Add links, backlinks, history, entity index, timeline and graph to a MainWindow."""
    controller = LinksController(window)
    window.links = controller  # type: ignore[attr-defined]
    return controller
