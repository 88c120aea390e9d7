"""File > Export… and File > Import notes… in the real main window, on a real library file."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pymupdf
import pytest
from PySide6.QtWidgets import QMessageBox

from reader.importing.notes import NotesImportReport
from reader.store import Store
from reader.ui.export_dialog import ExportDialog, import_notes_file
from reader.ui.session import Session


def _library_module() -> ModuleType:
    """The annotated library of the export tests (tests/exporting/export_library.py)."""
    name = "export_library"
    if name not in sys.modules:
        path = Path(__file__).resolve().parent.parent / "exporting" / "export_library.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def library_file(tmp_path: Path) -> Path:
    path = tmp_path / "library.sqlite"
    lib = _library_module().build_library(path)
    lib.store.close()
    return path


@pytest.fixture
def window(open_window: Callable[[Path], object], library_file: Path):  # type: ignore[no-untyped-def]
    return open_window(library_file)


def test_file_menu_has_export_with_ctrl_e_and_import_notes(window) -> None:  # type: ignore[no-untyped-def]
    actions = {a.text(): a for a in window.menu("File").actions()}
    assert actions["&Export…"].shortcut().toString() == "Ctrl+E"
    assert "Import &notes…" in actions


def test_dialog_previews_markdown_and_exports_in_the_background(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_article(1)
    window.export_action.trigger()
    dialog: ExportDialog = window.export_dialog
    assert dialog.isVisible() and dialog.scope_kind() == "article"
    preview = dialog.preview.toPlainText()
    assert preview.startswith("---\ntitle: \"Jens Stoltenberg à Bakou : l’OTAN et l’Azerbaïdjan\"")
    assert "> « la longue coopération »" in preview
    assert dialog.path_edit.text().endswith(".md")

    dialog.set_format("annotated-pdf")
    assert dialog.path_edit.text().endswith(".pdf")  # the default name follows the format
    out = tmp_path / "bakou.pdf"
    dialog.set_output_path(out)
    with qtbot.waitSignal(dialog.exported, timeout=30000) as signal:
        dialog.export_button.click()
    assert signal.args[0] == [out]
    with pymupdf.open(out) as doc:
        assert len(list(doc[0].annots())) == 4
    assert not dialog.isVisible()


def test_tag_scope_and_whole_library(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = window.open_export_dialog()
    dialog.set_scope("tag", "russie")
    assert "Le Kremlin y voit" in dialog.preview.toPlainText()
    assert "> « la longue coopération »" not in dialog.preview.toPlainText()  # named by a link, not quoted
    assert dialog.message.text() == "1 article, 2 notes."
    dialog.set_format("json")
    dialog.set_output_path(tmp_path / "russie.jsonld")
    with qtbot.waitSignal(dialog.exported, timeout=30000):
        dialog.export_button.click()
    items = json.loads((tmp_path / "russie.jsonld").read_text(encoding="utf-8"))["first"]["items"]
    assert sum(i["motivation"] != "linking" for i in items) == 2

    dialog = window.open_export_dialog()
    dialog.set_scope("all")
    assert dialog.message.text() == "2 articles, 7 notes."
    assert dialog.output_path().name == "Library notes"  # Markdown of several articles: a folder
    dialog.set_format("md")
    dialog.set_output_path(tmp_path / "vault")
    with qtbot.waitSignal(dialog.exported, timeout=30000):
        dialog.export_button.click()
    assert len(list((tmp_path / "vault").glob("*.md"))) == 2


def test_export_error_is_shown_in_the_dialog(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "file").write_text("x")
    dialog = window.open_export_dialog()
    dialog.set_format("html")
    dialog.set_output_path(tmp_path / "file" / "x.html")
    with qtbot.waitSignal(dialog.failed, timeout=30000):
        dialog.export_button.click()
    assert dialog.isVisible() and dialog.message.text().startswith("cannot write")
    assert dialog.export_button.isEnabled()
    dialog.reject()


def test_import_notes_refreshes_the_window(window, qtbot, tmp_path: Path, library_file: Path) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes.jsonld"
    with Store(library_file) as store:
        from reader.exporting import Scope, export_notes

        export_notes(store, "json", Scope(everything=True), notes)
        for annotation_id in store.annotations.ids():
            store.delete_annotation(annotation_id)
    reports: list[NotesImportReport] = []
    with qtbot.waitSignal(window.session.changed, timeout=30000):
        import_notes_file(window, notes, reports.append)
    qtbot.waitUntil(lambda: bool(reports))
    # The article-to-article link survived the deletion: it is the one thing already there.
    assert (reports[0].attached, reports[0].links, reports[0].skipped) == (7, 3, 1)
    assert len(window.session.store.annotations.ids()) == 7


def test_dialog_standalone_with_a_session(qtbot, library_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with Store(library_file) as store:
        session = Session(store)
        dialog = ExportDialog(session, current_article=None, selected_articles=[1, 2])
        qtbot.addWidget(dialog)
        assert not dialog.scope_buttons["article"].isEnabled() and dialog.scope_kind() == "all"
        dialog.set_scope("selected")
        offered = [dialog.format_combo.itemData(i) for i in range(dialog.format_combo.count())]
        assert {"csv", "mentions-csv"} <= set(offered)
        dialog.set_format("mentions-csv")
        dialog.set_output_path(tmp_path / "e.csv")
        with qtbot.waitSignal(dialog.exported, timeout=30000):
            dialog.start_export()
        assert (tmp_path / "e.csv").read_text(encoding="utf-8-sig").startswith("article_id,article_title,type,")


def test_import_report_box_lists_what_was_not_placed(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "other.json"
    notes.write_text(json.dumps({"type": "Annotation", "id": "https://hypothes.is/a/x", "target": {
        "source": "https://ailleurs.example/", "selector": {"type": "TextQuoteSelector", "exact": "introuvable ici"}}}),
        encoding="utf-8")
    reports: list[NotesImportReport] = []
    import_notes_file(window, notes, reports.append)
    qtbot.waitUntil(lambda: bool(reports), timeout=30000)
    box: QMessageBox = window._notes_report_box
    assert box.text() == "0 notes placed, 1 not placed"
    assert box.detailedText() == ("not placed « introuvable ici »: the quote is in no article of the library; kept "
                                  f"as an orphan in article #{reports[0].unplaced[0].article_id}")
    # Kept where the window lists it: under the open article, with the notes not placed.
    window.open_article(window.session.store.articles.ids()[0])
    model = window.annotation_panel.model
    assert any("not placed: “introuvable ici”" in model.data(model.index(r, 0)) for r in range(model.rowCount()))
    box.close()


def test_preview_follows_the_format_and_the_folder_is_remembered(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_article(1)
    dialog = window.open_export_dialog()
    assert "Markdown" in dialog.preview_label.text() and dialog.preview.toPlainText().startswith("---")
    dialog.set_format("pdf")
    assert "PDF" in dialog.preview_label.text() and dialog.previews.currentIndex() == 1
    image = dialog.page.pixmap().toImage()
    assert image.width() > 300 and any(image.pixelColor(x, y).lightness() < 100  # text on the page
                                       for x in range(0, image.width(), 7) for y in range(0, image.height() // 3, 7))
    dialog.set_format("json")
    assert dialog.previews.currentIndex() == 0 and json.loads(dialog.preview.toPlainText())["type"]
    dialog.set_format("csv")
    assert dialog.preview.toPlainText().splitlines()[0].count(",") >= 3
    folder = tmp_path / "exports"
    folder.mkdir()
    dialog.set_format("html")
    dialog.set_output_path(folder / "bakou.html")
    with qtbot.waitSignal(dialog.exported, timeout=30000):
        dialog.export_button.click()
    again = window.open_export_dialog()  # the next export starts in the same folder, not the home folder
    assert again.output_path().parent == folder
    again.reject()
