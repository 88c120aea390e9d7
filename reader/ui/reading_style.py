"""How the reading pane lays text out: a readable measure, paragraph spacing, line height, a clean header."""

from __future__ import annotations

import re

from PySide6.QtGui import QFontMetricsF, QTextBlockFormat, QTextCursor, QTextDocument

from reader.domain import Article

MEASURE_CHARS = 68  # about 70 characters a line: the measure book and web typography agree on
LINE_HEIGHT = 150  # percent of the font's line spacing
MIN_SIDE = 16  # pixels beside the text when the pane is narrower than the measure

_AUTHOR_LABEL = re.compile(r"^\s*(?:auteur|autrice|auteure|author|par|by)\s*(?:[:：\-–—]\s*|\s+)", re.IGNORECASE)


def column_width(metrics: QFontMetricsF) -> float:
    """Pixels that hold about ``MEASURE_CHARS`` characters of running French text in this font."""
    sample = "Le président a rencontré son homologue à Bakou pour parler de la région. "
    return metrics.horizontalAdvance(sample) / len(sample) * MEASURE_CHARS


def side_margin(viewport_width: int, metrics: QFontMetricsF) -> int:
    """Left and right margin that centre a column of the readable measure in the viewport."""
    return int(max(MIN_SIDE, (viewport_width - column_width(metrics)) / 2))


def style_blocks(doc: QTextDocument, metrics: QFontMetricsF) -> None:
    """Give paragraphs air: a line height, and one spacing between paragraphs however the text separated them.

    Imported texts separate paragraphs with one newline or with a blank line; blank blocks are flattened
    so both read the same.
    """
    spacing = metrics.height() * 0.75
    text_format = QTextBlockFormat()
    text_format.setLineHeight(LINE_HEIGHT, int(QTextBlockFormat.LineHeightTypes.ProportionalHeight.value))
    text_format.setBottomMargin(spacing)
    blank_format = QTextBlockFormat()
    blank_format.setLineHeight(1, int(QTextBlockFormat.LineHeightTypes.FixedHeight.value))
    blank_format.setBottomMargin(0)
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    block = doc.begin()
    while block.isValid():
        cursor.setPosition(block.position())
        cursor.setBlockFormat(blank_format if not block.text().strip() else text_format)
        block = block.next()
    cursor.endEditBlock()


def clean_author(author: str) -> str:
    """"Auteur : Anna K." -> "Anna K." (scraped bylines keep their label)."""
    return _AUTHOR_LABEL.sub("", author, count=1).strip() if author else ""


def header_line(article: Article) -> str:
    """Source, author and date under the title, without saying the same name twice."""
    parts: list[str] = []
    for part in (article.source.strip(), clean_author(article.author), article.published.strip()):
        if part and part.casefold() not in {p.casefold() for p in parts}:
            parts.append(part)
    return "  ·  ".join(parts)
