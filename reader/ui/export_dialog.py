"""File > Export… (format, scope, output, Markdown preview) and File > Import notes… (W3C JSON-LD)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reader.domain import Changes
from reader.exporting import FORMATS, SUFFIXES, ExportError, ExportSet, Scope, collect, export_notes, writer
from reader.exporting.common import safe_stem
from reader.exporting.target import refusal
from reader.importing.notes import NotesImportReport, iter_report_lines
from reader.operations import Result
from reader.operations.library import import_notes
from reader.store import Store
from reader.ui.session import Session
from reader.ui.settings import Settings
from reader.ui.tasks import TaskContext

SCOPES = ("article", "selected", "tag", "all")
FOLDER_KEY = "export/folder"


def pdf_page_image(path: Path, width: int = 640) -> QImage:
    """The first page of a PDF as an image (PyMuPDF, loaded only when a PDF is previewed)."""
    import pymupdf

    with pymupdf.open(path) as doc:
        page = doc[0]
        pix = page.get_pixmap(matrix=pymupdf.Matrix(width / page.rect.width, width / page.rect.width))
        fmt = QImage.Format.Format_RGBA8888 if pix.alpha else QImage.Format.Format_RGB888
        return QImage(pix.samples, pix.width, pix.height, pix.stride, fmt).copy()
PREVIEW_CHARS = 20_000


class ExportDialog(QDialog):
    """Choose what to export, in which format and where; shows the Markdown it would write."""

    exported = Signal(list)  # the files written
    failed = Signal(str)

    def __init__(self, session: Session, current_article: int | None = None,
                 selected_articles: list[int] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setObjectName("exportDialog")
        self.session = session
        self.current_article = current_article
        self.selected_articles = list(selected_articles or ([current_article] if current_article else []))
        self._path_edited = False
        self.task: Any = None

        self.format_combo = QComboBox()
        for key, label in FORMATS.items():
            self.format_combo.addItem(label, key)

        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        scope_box = QVBoxLayout()
        labels = {"article": "This article", "selected": f"Selected articles ({len(self.selected_articles)})",
                  "tag": "Notes with the tag", "all": "Whole library"}
        self.tag_combo = QComboBox()
        for name, count in session.store.annotations.tags():
            self.tag_combo.addItem(f"{name} ({count})", name)
        for n, key in enumerate(SCOPES):
            button = QRadioButton(labels[key])
            self.scope_group.addButton(button, n)
            self.scope_buttons[key] = button
            if key == "tag":
                row = QHBoxLayout()
                row.addWidget(button)
                row.addWidget(self.tag_combo, 1)
                scope_box.addLayout(row)
            else:
                scope_box.addWidget(button)
        self.scope_buttons["article"].setEnabled(current_article is not None)
        self.scope_buttons["selected"].setEnabled(bool(self.selected_articles))
        self.scope_buttons["tag"].setEnabled(self.tag_combo.count() > 0)
        self.tag_combo.setEnabled(self.tag_combo.count() > 0)
        self.scope_buttons["article" if current_article is not None else "all"].setChecked(True)

        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("exportPath")
        self.path_edit.textEdited.connect(self._path_typed)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)

        self.preview = QPlainTextEdit()
        self.preview.setObjectName("exportPreview")
        self.preview.setReadOnly(True)
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.page = QLabel()  # a PDF's first page, as an image
        self.page.setObjectName("exportPage")
        self.page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        page_scroll = QScrollArea()
        page_scroll.setWidget(self.page)
        page_scroll.setWidgetResizable(True)
        self.previews = QStackedWidget()
        self.previews.addWidget(self.preview)
        self.previews.addWidget(page_scroll)
        self.preview_label = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Format:", self.format_combo)
        form.addRow("Export:", scope_box)
        form.addRow("To:", path_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.previews, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(720, 640)

        self.format_combo.currentIndexChanged.connect(self._changed)
        self.scope_group.idToggled.connect(lambda _id, on: self._changed() if on else None)
        self.tag_combo.currentIndexChanged.connect(self._changed)
        self._changed()

    # what the user chose ---------------------------------------------------------------------------

    def format(self) -> str:
        return str(self.format_combo.currentData())

    def set_format(self, fmt: str) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(fmt))

    def scope_kind(self) -> str:
        return SCOPES[max(0, self.scope_group.checkedId())]

    def set_scope(self, kind: str, tag: str = "") -> None:
        if tag:
            self.tag_combo.setCurrentIndex(self.tag_combo.findData(tag))
        self.scope_buttons[kind].setChecked(True)

    def scope(self) -> Scope:
        kind = self.scope_kind()
        if kind == "article" and self.current_article is not None:
            return Scope(article_ids=(self.current_article,))
        if kind == "selected":
            return Scope(article_ids=tuple(self.selected_articles))
        if kind == "tag":
            return Scope(tag=str(self.tag_combo.currentData() or ""))
        return Scope(everything=True)

    def output_path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def set_output_path(self, path: Path | str) -> None:
        self.path_edit.setText(str(path))
        self._path_edited = True

    # reactions ---------------------------------------------------------------------------------------

    def _path_typed(self, _text: str) -> None:
        self._path_edited = True

    def _changed(self) -> None:
        store = self.session.store
        try:
            if self.scope_kind() == "all":
                # The whole library: count it, but read only the first article for the preview.
                ids = store.articles.ids(sort="imported", descending=False)
                if not ids:
                    raise ExportError("the library has no articles to export")
                export = collect(store, Scope(article_ids=tuple(ids[:1])))
                n, notes = len(ids), sum(store.annotations.counts().values())
            else:
                export = collect(store, self.scope())
                n, notes = len(export.items), export.annotation_count()
        except ExportError as exc:
            self.preview.setPlainText("")
            self.message.setText(str(exc))
            self.export_button.setEnabled(False)
            return
        self.export_button.setEnabled(True)
        self._show_preview(replace(export, items=export.items[:1]) if export.items else None)
        self.message.setText(f"{n} article{'s' if n != 1 else ''}, {notes} note{'s' if notes != 1 else ''}.")
        label = export.label if self.scope_kind() != "all" else "Library notes"
        if not self._path_edited:
            self.path_edit.setText(str(self._default_path(label, n)))
        elif self.path_edit.text():
            # keep the user's folder and name, follow the format's extension
            path = self.output_path()
            suffix = SUFFIXES[self.format()]
            if path.suffix.lower() in set(SUFFIXES.values()) and path.suffix.lower() != suffix:
                self.path_edit.setText(str(path.with_suffix(suffix)))

    def _show_preview(self, export: ExportSet | None) -> None:
        """The first article written in the chosen format: its text, or a PDF's first page."""
        fmt = self.format()
        self.preview_label.setText(f"Preview of the first article ({FORMATS[fmt]}):")
        self.preview.clear()
        self.page.clear()
        if export is None:
            return
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / ("preview" + SUFFIXES[fmt])
            try:
                written = writer(fmt)(export, path)
            except ExportError as exc:
                self.preview.setPlainText(str(exc))
                self.previews.setCurrentIndex(0)
                return
            if fmt in ("pdf", "annotated-pdf"):
                self.page.setPixmap(QPixmap.fromImage(pdf_page_image(written[0])))
                self.previews.setCurrentIndex(1)
                return
            text = written[0].read_text(encoding="utf-8")
        self.preview.setPlainText(text[:PREVIEW_CHARS] + ("\n…" if len(text) > PREVIEW_CHARS else ""))
        self.previews.setCurrentIndex(0)

    def _default_path(self, label: str, articles: int) -> Path:
        stem = safe_stem(label, 80) or "notes"
        remembered = Path(str(Settings().q.value(FOLDER_KEY, "") or "")).expanduser()
        folder = Path.home() / "Documents"
        folder = remembered if str(remembered) not in ("", ".") and remembered.is_dir() else \
            folder if folder.is_dir() else Path.home()
        if self.format() == "md" and articles > 1:
            return folder / stem  # one note per article, in a folder
        return folder / (stem + SUFFIXES[self.format()])

    def browse(self) -> None:
        current = self.output_path()
        if self.format() == "md" and current.suffix.lower() != ".md":
            chosen = QFileDialog.getExistingDirectory(self, "Folder for the notes", str(current.parent))
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to", str(current),
                                                    f"{FORMATS[self.format()]} (*{SUFFIXES[self.format()]})")
        if chosen:
            self.set_output_path(chosen)

    # running -------------------------------------------------------------------------------------------

    def start_export(self) -> None:
        """Export in the background, through the session's runner (it changes no data)."""
        if not self.path_edit.text().strip():
            self.message.setText("Choose where to write the export.")
            return
        fmt, scope, path = self.format(), self.scope(), self.output_path()
        refused = refusal(path, self.session.store.path)
        if refused is not None:  # never written onto a library: say so, write nothing
            self.message.setText(refused)
            QMessageBox.warning(self, "Export", refused)
            self.failed.emit(refused)
            return
        self.export_button.setEnabled(False)
        self.message.setText("Exporting…")

        def work(store: Store, _context: TaskContext) -> Result[list[Path]]:
            return Result(Changes(), export_notes(store, fmt, scope, path))

        self.task = self.session.run("Exporting", work, self._done, self._failed)

    def _done(self, written: list[Path]) -> None:
        where = written[0] if len(written) == 1 else self.output_path()
        # The next export starts in the folder this one went to.
        folder = self.output_path() if self.output_path().is_dir() else self.output_path().parent
        settings = Settings()
        settings.set(FOLDER_KEY, str(folder))
        settings.sync()
        self.session.status_reported.emit(f"Exported {len(written)} file{'s' if len(written) != 1 else ''} to {where}")
        self.exported.emit(written)
        self.accept()

    def _failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.message.setText(message.removeprefix("Exporting: "))
        self.failed.emit(message)


def report_text(report: NotesImportReport) -> str:
    return "\n".join(iter_report_lines(report))


def import_notes_file(window: Any, path: Path, on_done: Callable[[NotesImportReport], None] | None = None) -> None:
    """Import notes from a JSON-LD file in the background, then refresh the views and show the report."""
    session: Session = window.session

    def finish(report: NotesImportReport) -> None:
        session.status_reported.emit(report_text(report).splitlines()[0])
        if report.error or report.unplaced:
            box = QMessageBox(QMessageBox.Icon.Warning if report.error else QMessageBox.Icon.Information,
                              "Import notes", report_text(report).splitlines()[0], QMessageBox.StandardButton.Ok,
                              window if isinstance(window, QWidget) else None)
            box.setTextFormat(Qt.TextFormat.PlainText)
            if len(report_text(report).splitlines()) > 1:
                box.setDetailedText("\n".join(report_text(report).splitlines()[1:]))
            box.open()
            window._notes_report_box = box  # kept for tests, closed with the window
        if on_done is not None:
            on_done(report)

    session.run("Importing notes", lambda store, _context: import_notes(store, path), finish)


def install(window: Any) -> None:
    """Add File > Export… (Ctrl+E) and File > Import notes… to a MainWindow."""
    menu = window.menu("File")

    def open_dialog() -> ExportDialog:
        selected = getattr(window, "selected_article_ids", None)
        current = window.current_article_id()
        dialog = ExportDialog(window.session, current, selected() if callable(selected) else None, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.export_dialog = dialog
        dialog.open()
        return dialog

    def ask_import() -> None:
        chosen, _ = QFileDialog.getOpenFileName(window, "Import notes", str(Path.home()),
                                                "Web annotations (*.jsonld *.json);;All files (*)")
        if chosen:
            import_notes_file(window, Path(chosen))

    export_action = QAction("&Export…", window)
    export_action.setShortcut(QKeySequence("Ctrl+E"))
    export_action.setStatusTip("Export notes, highlighted articles or entities")
    export_action.triggered.connect(lambda *_: open_dialog())
    import_action = QAction("Import &notes…", window)
    import_action.setStatusTip("Import notes from a W3C Web Annotation file (JSON-LD), ours or another tool's")
    import_action.triggered.connect(lambda *_: ask_import())
    # Put them before the separator that precedes Delete/Quit when there is one.
    separators = [a for a in menu.actions() if a.isSeparator()]
    before = separators[0] if separators else None
    if before is not None:
        menu.insertActions(before, [export_action, import_action])
    else:
        menu.addActions([export_action, import_action])
    window.addAction(export_action)
    window.export_action, window.import_notes_action = export_action, import_action
    window.open_export_dialog = open_dialog
