"""The main window as a user meets it: list, reading pane, highlights, notes, corrections, settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTabBar
from ui_helpers import background_at, format_at, text_under_annotation

from reader.ui.article_view import ContextRequest
from reader.ui.commands import DeleteAnnotationCommand
from reader.ui.mainwindow import EXTENSIONS, MENUS, MainWindow
from reader.ui.theme import Palette


def _open_with(window: MainWindow, needle: str) -> int:
    """Open the first article containing ``needle`` and select it; returns the article id."""
    store = window.session.store
    article_id = next(i for i in store.articles.ids() if needle in store.articles.get(i).text)
    window.open_article(article_id)
    assert window.article_view.select_text(needle)
    return article_id


def test_window_starts_without_spacy(simple_library: Path, tmp_path: Path) -> None:
    """In a fresh process: the window shows its articles and spaCy is still not imported."""
    script = (
        "import sys\n"
        "from PySide6.QtCore import QSettings\n"
        f"QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, {str(tmp_path)!r})\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from reader.ui.app import open_window\n"
        f"session, window = open_window({str(simple_library)!r})\n"
        "window.show(); app.processEvents()\n"
        "print(window.model.rowCount(), 'spacy' in sys.modules)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert out.stdout.split() == ["5", "False"], out.stderr


def test_window_lists_articles(open_window, simple_library: Path) -> None:
    window = open_window(simple_library)
    assert window.model.rowCount() == 5
    assert [window.menuBar().actions()[i].text().replace("&", "") for i in range(6)] == list(MENUS)
    assert window.current_article_id() is not None  # the first article opens
    assert window.article_view.title_label.text() == window.session.store.articles.get(
        window.current_article_id()).title
    assert "5 articles" in window.count_label.text()


def test_contract_signals_and_extension_hook(open_window, simple_library: Path, qtbot) -> None:
    installed = []
    EXTENSIONS.append(installed.append)
    try:
        window = open_window(simple_library)
    finally:
        EXTENSIONS.remove(installed.append)
    assert installed == [window]
    article_id = window.model.id_at(2)
    with qtbot.waitSignal(window.article_opened), qtbot.waitSignal(window.navigated) as blocker:
        window.open_article(article_id, 10, 20)
    assert blocker.args == [article_id, 10]
    assert window.article_view.is_flashing()
    with qtbot.assertNotEmitted(window.navigated):
        window.open_article(article_id, record=False)
    dock = window.add_dock(__import__("PySide6.QtWidgets").QtWidgets.QLabel("x"), "Links", "linksDock")
    assert dock.toggleViewAction() in window.menu("View").actions()[-1].menu().actions()
    qtbot.waitUntil(lambda: bool(window.tabifiedDockWidgets(dock)))


def test_entities_are_coloured_and_explained(open_window, simple_library: Path) -> None:
    window = open_window(simple_library)
    article_id = _open_with(window, "Ilham Aliyev")
    text = window.session.store.articles.get(article_id).text
    at = text.index("Ilham Aliyev")
    palette = Palette(False)
    fmt = format_at(window, at + 3)
    assert fmt.underlineColor() == palette.entity("PER")
    assert fmt.fontUnderline()
    plain = format_at(window, text.index(" ", at + 13) + 1)  # a word after the name
    assert plain.underlineColor() != palette.entity("PER")
    mention = next(m for m in window.article_view.mentions if m.start == at)
    tip = window.article_view.tooltip_text(mention)
    assert "Ilham Aliyev" in tip and "PER" in tip
    articles = window.session.store.entities.article_count(mention.entity_id)
    assert f"{articles} article" in tip
    # switching the type off removes its colour
    window.article_view.legend["PER"].click()
    assert format_at(window, at + 3).underlineColor() != palette.entity("PER")
    assert window.settings.hidden_types == frozenset({"PER"})


def test_clicking_an_entity_lists_mentions_that_open_articles(open_window, simple_library: Path, qtbot) -> None:
    window = open_window(simple_library)
    _open_with(window, "Ilham Aliyev")
    view = window.article_view
    view.clear_selection()
    mention = next(m for m in view.mentions if m.text == "Ilham Aliyev")
    cursor = view.text.textCursor()
    cursor.setPosition(view.rendered.offsets.to_qt(mention.start) + 2)
    point = view.text.cursorRect(cursor).center() + QPoint(2, 0)
    assert view.mention_at(point) == mention
    qtbot.mouseClick(view.text.viewport(), Qt.MouseButton.LeftButton, pos=point)
    panel = window.entity_panel
    assert "Ilham Aliyev" in panel.title.text()
    assert panel.model.rowCount() >= 2
    row = next(r for r in range(panel.model.rowCount())
               if panel.model.mention(r).article_id != window.current_article_id())  # type: ignore[union-attr]
    target = panel.model.mention(row)
    assert target is not None
    panel._activate(panel.model.index(row, 0))
    assert window.current_article_id() == target.article_id
    assert view.is_flashing()
    assert view.flashed_text() == "Ilham Aliyev"


def test_highlight_note_undo_redo(open_window, simple_library: Path, qtbot) -> None:
    window = open_window(simple_library)
    article_id = _open_with(window, "Ilham Aliyev")
    qtbot.keyClick(window.article_view.text, Qt.Key.Key_2)  # 2 = red
    [annotation] = window.session.store.annotations.for_article(article_id)
    assert annotation.color == "red" and annotation.anchor.exact == "Ilham Aliyev"
    assert text_under_annotation(window, annotation.id) == "Ilham Aliyev"
    assert background_at(window, annotation.start) == Palette(False).annotation("red")
    # the entity stays visible under the highlight
    assert format_at(window, annotation.start).underlineColor() == Palette(False).entity("PER")
    assert window.model.data(window.model.index(window.model.row_of(article_id), 3)) == "1"
    assert window.annotation_panel.model.rowCount() == 1

    window.undo_action.trigger()
    assert window.session.store.annotations.for_article(article_id) == []
    assert text_under_annotation(window, annotation.id) == ""
    window.redo_action.trigger()
    assert text_under_annotation(window, annotation.id) == "Ilham Aliyev"
    assert window.session.store.annotations.get(annotation.id).uuid == annotation.uuid


def test_edit_and_delete_note(open_window, simple_library: Path, monkeypatch) -> None:
    from reader.ui import dialogs

    window = open_window(simple_library)
    article_id = _open_with(window, "Ilham Aliyev")
    annotation_id = window.notes.highlight("yellow")
    assert annotation_id is not None
    monkeypatch.setattr(dialogs.NoteDialog, "exec", lambda self: (self.editor.setPlainText("Un **point** clé"),
                                                                   self.tags.setText("caucase, otan"), 1)[-1])
    window.notes.edit_annotation(annotation_id)
    a = window.session.store.annotations.get(annotation_id)
    assert a.note == "Un **point** clé" and a.tags == ("caucase", "otan")
    window.annotation_panel.select(annotation_id)
    assert "point" in window.annotation_panel.note_view.toPlainText()
    assert window.article_list.tag_box.findData("otan") > 0
    window.annotation_panel.list.setFocus()
    window.notes.delete_note_action.trigger()
    assert window.session.store.annotations.for_article(article_id) == []
    window.undo_action.trigger()
    assert window.session.store.annotations.get(annotation_id).note == "Un **point** clé"
    window.undo_action.trigger()
    assert window.session.store.annotations.get(annotation_id).note == ""


def test_orphans_are_listed_and_reattached(open_window, simple_library: Path) -> None:
    from reader.domain import Anchor, Annotation

    window = open_window(simple_library)
    article_id = _open_with(window, "Ilham Aliyev")
    store = window.session.store
    orphan_id, changes = store.annotations.add(Annotation(article_id, Anchor("un passage disparu", "", "", 0, 18),
                                                         note="gardée"))
    window.session.changed.emit(changes)
    model = window.annotation_panel.model
    assert "orphan" in model.data(model.index(model.row_of(orphan_id), 0))
    window.annotation_panel.select(orphan_id)
    window.article_view.select_text("Ilham Aliyev")
    window.notes.reattach_annotation(orphan_id)
    assert text_under_annotation(window, orphan_id) == "Ilham Aliyev"
    window.undo_action.trigger()
    assert store.annotations.get(orphan_id).orphan
    assert store.annotations.get(orphan_id).note == "gardée"


def test_correction_from_the_pane_is_undoable(open_window, simple_library: Path) -> None:
    window = open_window(simple_library)
    article_id = _open_with(window, "Bakou")
    view = window.article_view
    mention = next(m for m in view.mentions if m.text == "Bakou")
    menu = window.notes.context_menu(ContextRequest(QPoint(0, 0), mention, None, ()))
    labels = [a.text() for a in menu.actions()]
    assert {"Not an entity…", "Change type…", "Merge into…", "Rename…"} <= set(labels)
    window.notes.correct("retype", mention=mention, type_="ORG")
    after = next(m for m in window.session.store.entities.mentions(article_id) if m.start == mention.start)
    assert after.type == "ORG"
    assert format_at(window, mention.start).underlineColor() == Palette(False).entity("ORG")
    window.undo_action.trigger()
    assert format_at(window, mention.start).underlineColor() == Palette(False).entity("LOC")
    window.notes.correct("reject", mention=mention, everywhere=True)
    assert all(m.text != "Bakou" for i in window.session.store.articles.ids()
               for m in window.session.store.entities.mentions(i))
    window.undo_action.trigger()
    assert any(m.text == "Bakou" for m in window.session.store.entities.mentions(article_id))
    # add a selection as an entity
    window.article_view.select_text("Kremlin") or window.article_view.select_text("déclaration")
    selection = window.selected_range()
    assert selection is not None
    window.notes.correct("add", selection=selection, type_="LOC")
    assert any(m.start == selection[0] and m.type == "LOC" for m in window.session.store.entities.mentions(article_id))


def test_filter_box_narrows_the_list(open_window, simple_library: Path, qtbot) -> None:
    window = open_window(simple_library)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.article_list.filter_edit.hasFocus()  # Ctrl+F finds in the article; the library has its own key
    qtbot.keyClicks(window.article_list.filter_edit, "Kremlin")
    expected = len(window.session.store.articles.ids(query="Kremlin"))
    qtbot.waitUntil(lambda: window.model.rowCount() == expected)
    assert 0 < expected < 5
    assert f"{expected} of 5 articles" in window.count_label.text()
    entity = window.session.store.entities.find("Jens Stoltenberg", "PER")
    window.article_list.filter_edit.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 5)
    window.article_list.filter_by_entity(entity.id)
    assert window.model.rowCount() == window.session.store.entities.article_count(entity.id)
    window.article_list.entity_chip.click()
    assert window.model.rowCount() == 5


def test_a_pasted_page_in_the_filter_box_is_searched_by_its_first_words(
        open_window, simple_library: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(simple_library)
    text = window.session.store.articles.get(window.model.id_at(0)).text
    page = " ".join(text.split() * 200)[:100_000] + " introuvable"  # over 32 words; the last is nowhere
    window.article_list.filter_edit.setText(page)
    qtbot.waitUntil(lambda: "words searched" in window.count_label.text(), timeout=5000)
    assert window.model.rowCount() >= 1
    assert window.count_label.text().endswith("articles (the first 32 words searched)")


def test_settings_are_restored(open_window, simple_library: Path) -> None:
    window = open_window(simple_library)
    article_id = window.model.id_at(3)
    window.open_article(article_id)
    window.change_font_size(+3)
    window.set_theme("dark")
    window.splitter.setSizes([300, 900])
    sizes = window.splitter.sizes()
    window.close()
    again = open_window(simple_library)
    assert again.current_article_id() == article_id
    assert again.article_view.text.document().defaultFont().pointSize() == 15
    assert again.settings.theme == "dark"
    assert again.splitter.sizes() == sizes
    again.set_theme("light")


def test_delete_article_after_confirmation(open_window, simple_library: Path, monkeypatch) -> None:
    from reader.ui import dialogs

    window = open_window(simple_library)
    article_id = window.current_article_id()
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: False)
    window.library.delete_current_article()
    assert window.model.rowCount() == 5
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    window.article_view.select_range(0, 12)
    assert window.notes.highlight("green", note="gardée") is not None
    window.library.delete_current_article()
    assert window.model.rowCount() == 4
    assert window.model.row_of(article_id) is None
    assert window.current_article_id() is None
    window.session.undo_stack.undo()  # the article comes back with its note
    assert window.model.rowCount() == 5 and window.model.row_of(article_id) is not None
    window.open_article(article_id)
    assert [a.note for a in window.session.store.annotations.for_article(article_id)] == ["gardée"]
    window.session.undo_stack.undo()  # and the highlight before it can still be undone
    assert window.session.store.annotations.for_article(article_id) == []


def test_changes_from_elsewhere_refresh_the_list(open_window, simple_library: Path) -> None:
    window = open_window(simple_library)
    store = window.session.store
    article_id = window.model.id_at(0)
    window.session.changed.emit(store.articles.update_meta(article_id, title="Un titre tout neuf"))
    assert window.model.data(window.model.index(0, 0)) == "Un titre tout neuf"


def test_highlight_needs_a_selection(open_window, simple_library: Path) -> None:
    window = open_window(simple_library)
    window.article_view.clear_selection()
    assert window.notes.highlight("green") is None
    assert "Select some text" in window.statusBar().currentMessage()


def test_dark_theme_keeps_colours_readable(open_window, simple_library: Path) -> None:
    window = open_window(simple_library)
    window.set_theme("dark", remember=False)
    article_id = _open_with(window, "Ilham Aliyev")
    window.notes.highlight("blue")
    at = window.session.store.articles.get(article_id).text.index("Ilham Aliyev")
    for strong in (False, True):  # the calm style draws text in the pane's colour, the strong one in the type's
        window.article_view.strong_button.setChecked(strong)
        fmt = format_at(window, at)
        fg = fmt.foreground().color() if fmt.hasProperty(fmt.Property.ForegroundBrush) \
            else window.article_view.text.palette().text().color()
        assert _contrast(fg, background_at(window, at)) >= 3.0
    base = window.article_view.text.palette().base().color()
    for type_ in ("PER", "ORG", "LOC", "DATE", "MISC"):
        assert _contrast(Palette(True).entity(type_), QColor("#1e1f22")) >= 4.5, type_
        assert _contrast(Palette(False).entity(type_), QColor("#fdfcf8")) >= 4.5, type_
    assert base.lightness() < 100
    window.set_theme("light", remember=False)


def _contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_first_start_shows_the_notes_panel_in_front(open_window, simple_library: Path) -> None:
    window = open_window(simple_library, restore=False)
    [bar] = [b for b in window.findChildren(QTabBar) if "Links" in [b.tabText(i) for i in range(b.count())]]
    assert bar.tabText(bar.currentIndex()) == "Notes"


def test_a_note_elsewhere_leaves_the_open_article_alone(open_window, simple_library: Path) -> None:
    from reader.anchoring import describe
    from reader.domain import Annotation

    window = open_window(simple_library)
    store = window.session.store
    shown = window.current_article_id()
    other = next(i for i in store.articles.ids() if i != shown)
    document = window.article_view.text.document()
    text = store.articles.get(other).text
    window.session.changed.emit(store.annotations.add(Annotation(other, describe(text, 0, 10), start=0, end=10))[1])
    assert window.article_view.text.document() is document  # not rebuilt: selection and scroll untouched
    assert window.model.data(window.model.index(window.model.row_of(other), 3)) == "1"  # its list row counts it


def _formats(window: MainWindow) -> list[tuple[int, int, str, str, object]]:
    """Every run of the reading pane's document with what a reader sees of it (colours) and its note."""
    from reader.ui.highlighting import ANNOTATION_ID

    runs = []
    block = window.article_view.text.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            fmt = frag.charFormat()
            runs.append((frag.position(), frag.length(), fmt.background().color().name(),
                         fmt.foreground().color().name(), fmt.property(ANNOTATION_ID)))
            it += 1
        block = block.next()
    return runs


def test_pressing_2_repaints_the_passage_without_rebuilding_the_article(open_window, simple_library: Path,
                                                                          qtbot, monkeypatch) -> None:
    window = open_window(simple_library)
    _open_with(window, "Ilham Aliyev")
    view = window.article_view
    document, renders = view.text.document(), view.renders
    scroll = view.text.verticalScrollBar().value()
    store = window.session.store
    reads: list[str] = []
    for repository, name in ((store.articles, "get"), (store.annotations, "for_article")):
        original = getattr(repository, name)
        monkeypatch.setattr(repository, name, lambda *a, _o=original, _n=name, **k: reads.append(_n) or _o(*a, **k))
    qtbot.keyClick(view.text, Qt.Key.Key_2)  # 2 = red
    assert reads == ["for_article"]  # the notes once (for the list and the pane), the text not at all
    [annotation] = window.annotation_panel.model.annotations()
    assert view.text.document() is document and view.renders == renders  # repainted, not rebuilt
    assert text_under_annotation(window, annotation.id) == "Ilham Aliyev"
    assert background_at(window, annotation.start) == Palette(False).annotation("red")
    assert format_at(window, annotation.start).underlineColor() == Palette(False).entity("PER")
    assert view.text.verticalScrollBar().value() == scroll
    window.undo_action.trigger()
    assert view.text.document() is document and view.renders == renders
    assert text_under_annotation(window, annotation.id) == ""
    assert background_at(window, annotation.start) != Palette(False).annotation("red")


def test_repainted_notes_look_exactly_like_a_full_render(open_window, simple_library: Path) -> None:
    window = open_window(simple_library)
    _open_with(window, "Ilham Aliyev")
    view = window.article_view
    wide = window.notes.highlight("yellow")
    assert view.select_text("Aliyev")  # a note inside another one: the later one shows on top
    inner = window.notes.highlight("green")
    assert view.select_text("Ilham Aliyev")
    window.notes.highlight("blue")  # the same passage again: recoloured
    window.session.push(DeleteAnnotationCommand(window.session, inner))  # type: ignore[arg-type]
    renders = view.renders
    repainted = _formats(window)
    view.update_content()  # a full rebuild from the same notes
    assert view.renders == renders + 1
    assert _formats(window) == repainted
    assert text_under_annotation(window, wide) == "Ilham Aliyev"  # type: ignore[arg-type]


def test_the_links_panel_recomputes_only_for_its_own_links_and_mentions(open_window, simple_library: Path,
                                                                         monkeypatch, qtbot) -> None:
    from reader.domain import Link, LinkEnd

    window = open_window(simple_library)
    shown = _open_with(window, "Ilham Aliyev")
    panel = window.links.backlinks
    qtbot.waitUntil(lambda: panel.article_id == shown and not panel._pending.isActive())
    refreshed: list[int] = []
    original = panel.refresh
    monkeypatch.setattr(panel, "refresh", lambda: refreshed.append(1) or original())
    window.notes.highlight("red")  # a note, no link: the panel stays as it is
    others = [i for i in window.session.store.articles.ids() if i != shown]
    window.links.add_link(Link(LinkEnd(others[0]), LinkEnd(others[1])))  # a link between two other articles
    assert refreshed == []
    window.links.add_link(Link(LinkEnd(shown), LinkEnd(others[0])))
    assert refreshed == [1] and len(panel.texts("out")) == 1


def test_an_opened_article_paints_its_text_first_and_its_notes_in_the_next_frame(open_window, simple_library: Path,
                                                                                 qtbot) -> None:
    from PySide6.QtCore import QEvent, QObject

    window = open_window(simple_library)
    store = window.session.store
    first, second = store.articles.ids()[:2]
    window.open_article(second)
    text = window.article_view.text.toPlainText()
    quote = text.split()[3]
    window.article_view.select_range(text.index(quote), text.index(quote) + len(quote))
    qtbot.keyClick(window.article_view.text, Qt.Key.Key_1)  # a note on the second article
    window.open_article(first)
    qtbot.wait(50)

    class Paints(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen: list[str] = []

        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint:
                self.seen.append(obj.objectName())
            return False

    paints = Paints()
    window.article_view.text.viewport().setObjectName("text")
    window.annotation_panel.list.viewport().setObjectName("notes")
    window.article_list.table.viewport().setObjectName("list")
    for widget in (window.article_view.text.viewport(), window.annotation_panel.list.viewport(),
                   window.article_list.table.viewport()):
        widget.installEventFilter(paints)
    window.open_article(second)
    window.article_view.text.viewport().repaint()
    assert paints.seen == ["text"]  # the text is on screen; the notes list and the article list wait a frame
    assert window.annotation_panel.model.rowCount() == 1  # ... with its data already current
    qtbot.waitUntil(lambda: {"notes", "list"} <= set(paints.seen))
    assert window.annotation_panel.list.updatesEnabled() and window.article_list.table.updatesEnabled()
    assert window.article_list.table.currentIndex().row() == window.model.row_of(second)
