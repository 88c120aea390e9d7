"""The note and correction actions of a window: highlight, note, edit, delete, re-attach, correct entities."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from reader.domain import COLORS, Mention
from reader.entities.model import Correction
from reader.operations.notes import new_note
from reader.ui import dialogs
from reader.ui.annotation_panel import AnnotationPanel
from reader.ui.article_view import ArticleView, ContextRequest
from reader.ui.commands import (
    AddAnnotationCommand,
    CorrectionCommand,
    DeleteAnnotationCommand,
    EditAnnotationCommand,
    ReattachAnnotationCommand,
)
from reader.ui.dialogs import CorrectionDialog, NoteDialog
from reader.ui.session import Session
from reader.ui.theme import icon


class NotesController(QObject):
    """Owns the note actions; every change goes through one undoable command.

    It is handed the reading pane, the notes panel and a parent widget (for dialogs and shortcuts);
    it knows nothing of the window's other parts.
    """

    def __init__(self, session: Session, view: ArticleView, panel: AnnotationPanel, parent: QWidget,
                 show_entity: Callable[[int], None]) -> None:
        super().__init__(parent)
        self.session, self.view, self.panel, self.parent_widget = session, view, panel, parent
        self.show_entity = show_entity
        self.highlight_actions: dict[str, QAction] = {}
        for n, color in enumerate(COLORS, start=1):
            self.highlight_actions[color] = self._action(
                f"Highlight {color}", partial(self.highlight, color), str(n),
                f"Highlight the selection in {color} ({n})", f"highlight-{color}")
        self.note_action = self._action("Add &note…", self.add_note, "N", "Highlight with a note (N)", "note")
        self.delete_note_action = QAction("Delete note", panel)
        self.delete_note_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_note_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_note_action.triggered.connect(self._delete_current_note)
        panel.addAction(self.delete_note_action)
        panel.activated.connect(self.scroll_to_annotation)
        panel.edit_requested.connect(self.edit_annotation)
        panel.delete_requested.connect(self.delete_annotation)
        panel.reattach_requested.connect(self.reattach_annotation)
        view.annotation_clicked.connect(panel.select)
        view.context_requested.connect(self._context_menu)

    def _action(self, text: str, slot: Callable[[], object], shortcut: str, tip: str, icon_name: str) -> QAction:
        action = QAction(icon(icon_name), text, self.parent_widget)
        action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda *_: slot())
        self.parent_widget.addAction(action)
        return action

    def _say(self, text: str) -> None:
        self.session.status_reported.emit(text)

    # annotations ---------------------------------------------------------------------------------

    def _need_selection(self) -> tuple[int, int] | None:
        selection = self.view.selected_range()
        if selection is None or self.view.article is None:
            self._say("Select some text in the article first.")
            return None
        return selection

    def highlight(self, color: str, note: str = "", tags: tuple[str, ...] = ()) -> int | None:
        """Highlight the selected text; returns the new annotation's id."""
        selection = self._need_selection()
        article = self.view.article
        if selection is None or article is None or article.id is None:
            return None
        same = [a.id for a in self.view.annotations if (a.start, a.end) == selection and a.id is not None]
        if same and not note:
            self.session.push(EditAnnotationCommand(self.session, same[0], color=color))
            return same[0]
        # The view holds the article's text: anchoring needs no second read of it.
        command = AddAnnotationCommand(self.session, new_note(article.text, article.id, *selection, color=color,
                                                              note=note, tags=tags))
        self.session.push(command)
        self.view.clear_selection()
        if command.annotation_id is not None:
            self.panel.select(command.annotation_id)
        return command.annotation_id

    def add_note(self) -> None:
        selection = self.view.selected_range()
        if selection is None:
            current = self.panel.current()
            if current is not None and current.id is not None:
                self.edit_annotation(current.id)
            else:
                self._need_selection()
            return
        assert self.view.article is not None
        dialog = NoteDialog(self.parent_widget, self.view.article.text[selection[0]:selection[1]])
        if dialog.exec():
            note, tags, color = dialog.values()
            self.highlight(color, note or "", tags)

    def edit_annotation(self, annotation_id: int) -> None:
        a = self.session.store.annotations.get(annotation_id)
        dialog = NoteDialog(self.parent_widget, a.anchor.exact, a.note, a.tags, a.color)
        if dialog.exec():
            note, tags, color = dialog.values()
            if (note, tags, color) != (a.note, a.tags, a.color):
                self.session.push(EditAnnotationCommand(self.session, annotation_id, color=color, note=note, tags=tags))

    def delete_annotation(self, annotation_id: int) -> None:
        links = self.session.store.links.of_annotation(annotation_id)
        if links and not dialogs.confirm(self.parent_widget, "Delete note", f"This note has {len(links)} link(s); "
                                         "they will be deleted too (Undo brings them back)."):
            return
        self.session.push(DeleteAnnotationCommand(self.session, annotation_id))

    def _delete_current_note(self) -> None:
        current = self.panel.current()
        if current is not None and current.id is not None:
            self.delete_annotation(current.id)

    def reattach_annotation(self, annotation_id: int) -> None:
        selection = self._need_selection()
        if selection is not None and self.view.article is not None:
            self.session.push(ReattachAnnotationCommand(self.session, annotation_id, self.view.article.text,
                                                        *selection, self.view.article.id))

    def scroll_to_annotation(self, annotation_id: int) -> None:
        a = next((a for a in self.view.annotations if a.id == annotation_id), None)
        if a is not None and a.start is not None:
            self.view.scroll_to(a.start, a.end, flash=True)

    # entity corrections --------------------------------------------------------------------------

    def correct(self, kind: str, *, mention: Mention | None = None, selection: tuple[int, int] | None = None,
                type_: str = "", name: str = "", everywhere: bool = False) -> None:
        """Apply one correction as an undoable command (``everywhere``: every article, and future imports)."""
        article = self.view.article
        if article is None or article.id is None:
            return
        where = None if everywhere else article.id
        text = article.text
        # Everywhere means by text, so no offsets; in one article, the offsets say which occurrence.
        if kind == "add" and selection is not None:
            s, e = selection
            c = Correction("add", where, text=text[s:e], start=None if everywhere else s,
                           end=None if everywhere else e, type=type_ or "MISC", entity=name)
        elif mention is not None:
            local = not everywhere and kind in ("reject", "retype")
            c = Correction(kind, where, text=mention.text, start=mention.start if local else None,
                           end=mention.end if local else None, type=type_ if kind == "retype" else "",
                           entity=mention.entity, target=name)
        else:
            return
        self.session.push(CorrectionCommand(self.session, c))

    def _ask_correction(self, kind: str, mention: Mention | None, selection: tuple[int, int] | None) -> None:
        names = [r.name for r in self.session.store.entities.rows(limit=2000)] if kind == "merge" else []
        article = self.view.article
        subject = mention.text if mention else (article.text[selection[0]:selection[1]]
                                                 if selection and article else "")
        prompts = {"reject": f"“{subject}” is not an entity.", "retype": f"New type for “{subject}”:",
                   "rename": f"New name for the entity “{mention.entity if mention else subject}”:",
                   "merge": f"Merge “{mention.entity if mention else subject}” into the entity:",
                   "add": f"Add “{subject}” as an entity:"}
        dialog = CorrectionDialog(self.parent_widget, CorrectionCommand.LABELS[kind], prompts[kind], kind=kind,
                                  type_=mention.type if mention else "", names=names,
                                  name=(mention.entity if mention and kind == "rename" else
                                        subject if kind == "add" else ""))
        if not dialog.exec():
            return
        if kind in ("rename", "merge") and not dialog.name():
            return
        self.correct(kind, mention=mention, selection=selection, type_=dialog.type_(), name=dialog.name(),
                     everywhere=dialog.everywhere.isChecked())

    def context_menu(self, request: ContextRequest) -> QMenu:
        """The reading pane's menu for what is under the mouse (built, not shown: tests inspect it)."""
        menu = QMenu(self.parent_widget)
        if request.selection:
            menu.addAction("Copy", self.view.text.copy)
            colors = menu.addMenu("Highlight")
            for color, action in self.highlight_actions.items():
                colors.addAction(action.icon(), color.capitalize(), partial(self.highlight, color))
            menu.addAction(self.note_action)
            current = self.panel.current()
            if current is not None and current.orphan and current.id is not None:
                menu.addAction("Re-attach the selected note here", partial(self.reattach_annotation, current.id))
            menu.addAction("Add as entity…", partial(self._ask_correction, "add", None, request.selection))
        mention = request.mention
        if mention is not None:
            if not menu.isEmpty():
                menu.addSeparator()
            menu.addSection(f"{mention.entity} ({mention.type})")
            menu.addAction("Show all mentions", lambda: self.show_entity(mention.entity_id))
            for kind, label in (("reject", "Not an entity…"), ("retype", "Change type…"),
                                ("merge", "Merge into…"), ("rename", "Rename…")):
                menu.addAction(label, partial(self._ask_correction, kind, mention, None))
        for annotation_id in request.annotation_ids[:1]:
            menu.addSeparator()
            menu.addAction("Edit note…", partial(self.edit_annotation, annotation_id))
            menu.addAction("Delete highlight", partial(self.delete_annotation, annotation_id))
        return menu

    def _context_menu(self, request: ContextRequest) -> None:
        menu = self.context_menu(request)
        if not menu.isEmpty():
            menu.exec(request.global_pos)
        menu.deleteLater()
