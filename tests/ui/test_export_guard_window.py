"""The window never exports onto the library, and its note editor refuses a note over the size limit."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from reader.domain import MAX_NOTE_CHARS
from reader.ui.dialogs import NoteDialog


def _build_library(path: Path) -> None:
    name = "export_library"
    if name not in sys.modules:
        source = Path(__file__).resolve().parent.parent / "exporting" / "export_library.py"
        spec = importlib.util.spec_from_file_location(name, source)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    sys.modules[name].build_library(path).store.close()


@pytest.fixture
def library_file(tmp_path: Path) -> Path:
    path = tmp_path / "library.sqlite"
    _build_library(path)
    return path


@pytest.mark.parametrize("target", ["library", "wal", "link"])
def test_export_dialog_refuses_the_library(open_window: Callable[[Path], object], library_file: Path, qtbot,  # type: ignore[no-untyped-def]
                                           monkeypatch: pytest.MonkeyPatch, tmp_path: Path, target: str) -> None:
    window = open_window(library_file)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text) or 0)
    path = {"library": library_file, "wal": Path(f"{library_file}-wal"), "link": tmp_path / "notes.html"}[target]
    if target == "link":
        path.symlink_to(library_file)
    dialog = window.open_export_dialog()  # type: ignore[attr-defined]
    dialog.set_format("html")
    dialog.set_output_path(path)
    before = library_file.read_bytes()
    notes = len(window.session.store.annotations.ids())  # type: ignore[attr-defined]
    with qtbot.waitSignal(dialog.failed, timeout=5000):
        dialog.export_button.click()
    assert len(shown) == 1 and "open library" in shown[0] and "\n" not in shown[0]
    assert dialog.isVisible() and dialog.message.text() == shown[0]
    assert library_file.read_bytes() == before
    assert len(window.session.store.annotations.ids()) == notes  # type: ignore[attr-defined]
    dialog.reject()


def test_note_editor_refuses_a_note_over_the_limit(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = NoteDialog(None, "un passage")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.editor.setPlainText("z" * (MAX_NOTE_CHARS + 5))
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    save.click()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.limit_message.isVisible()
    assert dialog.limit_message.text() == ("This note is 100,005 characters long, over the limit of 100,000: "
                                           "shorten it to save it (nothing was saved).")
    dialog.editor.setPlainText("court\x00 et\x07 net")
    save.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values()[0] == "court et net"
