"""Light and dark themes: palette, stylesheet, and the colours of entities and highlights."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QStyleOptionHeader, QWidget

from reader.paths import resources_dir


@cache
def _colors() -> dict[str, Any]:
    """The entity colours per theme, and the types' labels."""
    colors: dict[str, Any] = json.loads((resources_dir() / "entity_colors.json").read_text(encoding="utf-8"))
    return colors


def entity_label(type_: str) -> str:
    return str(_colors()["labels"].get(type_, type_))


@dataclass(frozen=True)
class Palette:
    """The colours the reading pane needs, for one theme."""

    dark: bool
    strong_entities: bool = False  # entities in coloured semi-bold text, not only a coloured underline

    def entity(self, type_: str) -> QColor:
        table = _colors()["entities"]["dark" if self.dark else "light"]
        return QColor(table.get(type_, table["MISC"]))

    def annotation(self, color: str) -> QColor:
        table = _colors()["annotations"]["dark" if self.dark else "light"]
        return QColor(table.get(color, table["yellow"]))

    def flash(self) -> QColor:
        return QColor("#ff9f1a") if not self.dark else QColor("#b86e00")

    def search_hit(self) -> QColor:
        """Where the words of the search are (the current one takes the flash colour)."""
        return QColor("#fde68a") if not self.dark else QColor("#5c4d12")

    def link_mark(self) -> QColor:
        return QColor("#2f6fb3") if not self.dark else QColor("#8ab4ff")


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def resolve(theme: str) -> bool:
    """True when ``theme`` (system, light or dark) means dark colours now."""
    if theme == "dark":
        return True
    if theme == "light":
        return False
    return system_is_dark()


def _dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor("#26272b"), QColor("#1e1f22"), QColor("#e2e2e2")
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Window, window)
        p.setColor(group, QPalette.ColorRole.WindowText, text)
        p.setColor(group, QPalette.ColorRole.Base, base)
        p.setColor(group, QPalette.ColorRole.AlternateBase, QColor("#2a2b2f"))
        p.setColor(group, QPalette.ColorRole.Text, text)
        p.setColor(group, QPalette.ColorRole.Button, QColor("#303136"))
        p.setColor(group, QPalette.ColorRole.ButtonText, text)
        p.setColor(group, QPalette.ColorRole.ToolTipBase, QColor("#2b2d31"))
        p.setColor(group, QPalette.ColorRole.ToolTipText, text)
        p.setColor(group, QPalette.ColorRole.Highlight, QColor("#3d6aa8"))
        p.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        p.setColor(group, QPalette.ColorRole.PlaceholderText, QColor("#8a8a8a"))
        p.setColor(group, QPalette.ColorRole.Link, QColor("#8ab4ff"))
        p.setColor(group, QPalette.ColorRole.Mid, QColor("#3a3b3f"))
        p.setColor(group, QPalette.ColorRole.Midlight, QColor("#44464b"))
        p.setColor(group, QPalette.ColorRole.Dark, QColor("#151619"))
        p.setColor(group, QPalette.ColorRole.Light, QColor("#4a4c52"))
    disabled = QPalette.ColorGroup.Disabled
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(disabled, role, QColor("#6c6c6c"))
    p.setColor(disabled, QPalette.ColorRole.Window, window)
    p.setColor(disabled, QPalette.ColorRole.Base, base)
    p.setColor(disabled, QPalette.ColorRole.Button, QColor("#2a2b2f"))
    return p


def apply_theme(app: QApplication, theme: str) -> Palette:
    """Set the palette and stylesheet for ``theme``; returns the reading-pane colours."""
    dark = resolve(theme)
    app.setStyle(ReaderStyle("Fusion"))
    app.setPalette(_dark_palette() if dark else app.style().standardPalette())
    qss = resources_dir() / "styles" / ("dark.qss" if dark else "light.qss")
    app.setStyleSheet(qss.read_text(encoding="utf-8") if qss.exists() else "")
    return Palette(dark)


class ReaderStyle(QProxyStyle):
    """Fusion, with sort arrows that point the way the column runs: down for descending (largest first).

    Qt draws an ascending sort with a down arrow (the Windows habit); readers of Calibre, Zotero and
    file managers expect the arrow to point at the small end.
    """

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: object,  # noqa: N802
                      widget: QWidget | None = None) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(option, QStyleOptionHeader):
            flipped = QStyleOptionHeader(option)
            flipped.sortIndicator = sort_arrow(option.sortIndicator)
            option = flipped
        super().drawPrimitive(element, option, painter, widget)  # type: ignore[arg-type]


def sort_arrow(indicator: QStyleOptionHeader.SortIndicator) -> QStyleOptionHeader.SortIndicator:
    """Qt's indicator for a sort (ascending -> SortDown) turned into the arrow readers expect."""
    Sort = QStyleOptionHeader.SortIndicator
    return {Sort.SortDown: Sort.SortUp, Sort.SortUp: Sort.SortDown}.get(indicator, indicator)


def icon(name: str) -> QIcon:
    path = resources_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()
