"""The reading pane's header: the article's title, its source line, and the entity legend."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QToolButton, QVBoxLayout, QWidget

from reader.domain import ENTITY_TYPES, Annotation, Article
from reader.ui.flow_layout import FlowLayout
from reader.ui.reading_style import header_line
from reader.ui.theme import Palette, entity_label


class ArticleHeader(QWidget):
    """Title, meta line and one toggle per entity type; the view connects the toggles."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleHeader")  # the stylesheets style them by name
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # a subclass paints its background only so
        self.title_label, self.meta_label = QLabel(), QLabel()
        self.title_label.setObjectName("articleTitle")
        self.meta_label.setObjectName("articleMeta")
        for label in (self.title_label, self.meta_label):
            label.setTextFormat(Qt.TextFormat.PlainText)  # titles are untrusted too
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.legend: dict[str, QToolButton] = {}
        legend_row = FlowLayout(spacing=4)  # wraps in a narrow pane instead of widening it
        legend_row.addWidget(QLabel("Entities:"))
        for type_ in ENTITY_TYPES:
            button = QToolButton()
            button.setObjectName("legendButton")
            button.setText(entity_label(type_))
            button.setCheckable(True)
            button.setChecked(True)
            button.setToolTip(f"Show or hide {entity_label(type_).lower()} entities ({type_})")
            self.legend[type_] = button
            legend_row.addWidget(button)
        self.strong_button = QToolButton()
        self.strong_button.setObjectName("strongEntities")
        self.strong_button.setText("Bold colours")
        self.strong_button.setCheckable(True)
        self.strong_button.setToolTip("Show entities in coloured semi-bold text, not only underlined")
        legend_row.addWidget(self.strong_button)
        self._head = QVBoxLayout(self)
        self._head.setContentsMargins(28, 12, 28, 8)
        self._head.addWidget(self.title_label)
        self._head.addWidget(self.meta_label)
        self._head.addLayout(legend_row)

    def show_empty(self) -> None:
        self.title_label.setText("No article open")
        self.meta_label.setText("Import articles with File ▸ Import (Ctrl+O) or drop files here.")

    def show_article(self, article: Article, annotations: list[Annotation]) -> None:
        self.title_label.setText(article.title or "(untitled)")
        meta = [header_line(article)] if header_line(article) else []
        # Notes made in other tools name the document they annotated: shown, so it is not lost.
        sources = list(dict.fromkeys(a.origin.source for a in annotations if a.origin.source))
        if sources:
            meta.append("notes from " + ", ".join(sources[:3]) + (f" and {len(sources) - 3} more"
                                                                  if len(sources) > 3 else ""))
        self.meta_label.setText("  ·  ".join(meta))

    def align(self, left: int) -> None:
        self._head.setContentsMargins(left, 12, left, 8)

    def hidden_types(self) -> frozenset[str]:
        return frozenset(t for t, b in self.legend.items() if not b.isChecked())

    def check_types(self, hidden: frozenset[str]) -> None:
        for type_, button in self.legend.items():
            button.blockSignals(True)
            button.setChecked(type_ not in hidden)
            button.blockSignals(False)

    def paint_legend(self, palette: Palette) -> None:
        for type_, button in self.legend.items():
            color = palette.entity(type_).name()
            button.setText(("● " if button.isChecked() else "○ ") + entity_label(type_))
            button.setStyleSheet(f"QToolButton:checked {{ color: {color}; font-weight: 600; }}")
