"""CSV of entities and their mentions: one row per mention, for spreadsheets and scripts."""

from __future__ import annotations

from pathlib import Path

from reader.exporting.csvnotes import write_rows
from reader.exporting.scope import ExportSet

HEADER = ("article_id", "article_title", "type", "canonical_name", "text", "start", "end", "date_value")


def rows(export: ExportSet) -> list[tuple[object, ...]]:
    """Mentions of every exported article, in article then text order; ``date_value`` is ISO for dates."""
    out: list[tuple[object, ...]] = []
    for item in export.items:
        for m in item.mentions:
            out.append((item.id, item.article.title, m.type, m.entity, m.text, m.start, m.end, m.value))
    return out


def write(export: ExportSet, path: Path) -> list[Path]:
    return write_rows(path, HEADER, rows(export))
