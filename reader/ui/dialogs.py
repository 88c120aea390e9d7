"""Small dialogs: a note with tags, entity corrections, import reports and errors."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reader.domain import COLORS, ENTITY_TYPES, MAX_NOTE_CHARS, NoteTooLong, clean_note_text
from reader.ui.theme import entity_label


def parse_tags(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.strip().lstrip("#") for t in text.replace(";", ",").split(",") if t.strip()))


class NoteDialog(QDialog):
    """Write or edit a note (Markdown, previewed), its colour and its tags.

    Keys: Ctrl+Enter saves, Escape cancels, Tab goes from the note to the tags (a note holds no tabs).
    """

    def __init__(self, parent: QWidget | None, quote: str, note: str = "", tags: Sequence[str] = (),
                 color: str = "yellow") -> None:
        super().__init__(parent)
        self.setWindowTitle("Note")
        self.resize(520, 420)
        quote_label = QLabel(f"“{' '.join(quote.split())[:300]}”")
        quote_label.setTextFormat(Qt.TextFormat.PlainText)
        quote_label.setWordWrap(True)
        self.editor = QPlainTextEdit(note)
        self.editor.setPlaceholderText("Your note, in Markdown: **bold**, *italic*, lists, [links](https://…)\n"
                                       "Ctrl+Enter saves, Escape cancels, Tab goes to the tags.")
        self.editor.setTabChangesFocus(True)
        self.preview = QTextBrowser()
        self.preview.setOpenExternalLinks(False)
        self.preview.setOpenLinks(False)
        tabs = QTabWidget()
        tabs.addTab(self.editor, "Write")
        tabs.addTab(self.preview, "Preview")
        tabs.currentChanged.connect(self._preview)
        self.tags = QLineEdit(", ".join(tags))
        self.tags.setPlaceholderText("tags, separated by commas")
        self.color = QComboBox()
        for c in COLORS:
            self.color.addItem(c.capitalize(), c)
        self.color.setCurrentIndex(max(0, COLORS.index(color) if color in COLORS else 0))
        form = QFormLayout()
        form.addRow("Colour", self.color)
        form.addRow("Tags", self.tags)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        save = buttons.button(QDialogButtonBox.StandardButton.Ok)
        save.setText("Save")
        save.setToolTip("Save the note (Ctrl+Enter)")
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(quote_label)
        layout.addWidget(tabs, 1)
        layout.addLayout(form)
        self.limit_message = QLabel("")
        self.limit_message.setTextFormat(Qt.TextFormat.PlainText)
        self.limit_message.setWordWrap(True)
        self.limit_message.setVisible(False)
        layout.addWidget(self.limit_message)
        layout.addWidget(buttons)
        self.setTabOrder(self.editor, self.tags)  # the note, then its tags
        self.setTabOrder(self.tags, self.color)
        self.editor.setFocus()

    def _preview(self, tab: int) -> None:
        if tab == 1:
            self.preview.setMarkdown(self.editor.toPlainText())  # the user's own note, not article text

    def accept(self) -> None:
        """Save, unless the note is over the size limit: then say so and keep the dialog open."""
        length = len(clean_note_text(self.editor.toPlainText().strip()))
        if length > MAX_NOTE_CHARS:
            self.limit_message.setText(f"{NoteTooLong(length, 'This note')}: shorten it to save it "
                                       f"(nothing was saved).")
            self.limit_message.setVisible(True)
            return
        super().accept()

    def values(self) -> tuple[str, tuple[str, ...], str]:
        """The note (control characters removed), its tags and colour."""
        note = clean_note_text(self.editor.toPlainText().strip())
        return note, parse_tags(self.tags.text()), str(self.color.currentData())


class CorrectionDialog(QDialog):
    """Asks for what a correction needs: a type, a name, or a target entity; and where it applies."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str, *, kind: str, type_: str = "",
                 name: str = "", names: Sequence[str] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.kind = kind
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        layout.addWidget(label)
        form = QFormLayout()
        self.type_box = QComboBox()
        for t in ENTITY_TYPES:
            self.type_box.addItem(f"{entity_label(t)} ({t})", t)
        if type_ in ENTITY_TYPES:
            self.type_box.setCurrentIndex(ENTITY_TYPES.index(type_))
        self.name_edit = QLineEdit(name)
        if names:
            completer = QCompleter(list(names), self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.name_edit.setCompleter(completer)
        if kind in ("retype", "add"):
            form.addRow("Type", self.type_box)
        if kind in ("rename", "merge", "add"):
            form.addRow("Into" if kind == "merge" else "Name", self.name_edit)
        layout.addLayout(form)
        self.everywhere = QCheckBox("Apply everywhere (all articles, and future imports)")
        layout.addWidget(self.everywhere)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def type_(self) -> str:
        return str(self.type_box.currentData())

    def name(self) -> str:
        return " ".join(self.name_edit.text().split())


def show_import_report(parent: QWidget | None, outcomes: Sequence[object]) -> None:
    """After an import: counts in one line, and each failure with its reason."""
    failed = [o for o in outcomes if getattr(o, "status", "") == "failed"]
    if not failed:
        return
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Import")
    box.setText(f"{len(failed)} file{'s' if len(failed) != 1 else ''} could not be imported.")
    box.setDetailedText("\n".join(getattr(o, "error", "") or getattr(o, "path", "") for o in failed))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.open()


def show_error(parent: QWidget | None, title: str, message: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Critical, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.open()
    return box


def confirm(parent: QWidget | None, title: str, question: str, yes: str = "Delete") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, question, QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    ok = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is ok
