"""CSV of notes: one row per note (article, quote, note, colour, tags, dates, links), for spreadsheets."""

from __future__ import annotations

import csv
from pathlib import Path

from reader.domain import Annotation, Link
from reader.exporting.common import end_quote, link_direction, shorten, write_atomic
from reader.exporting.scope import ArticleNotes, ExportSet

HEADER = ("article_id", "article", "note_id", "quote", "note", "color", "tags", "created", "modified", "links")
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def inert(value: object) -> object:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and (value.startswith(_FORMULA_START) or (value[:1] == "-" and value[1:2] not in ("", " "))):
        return "'" + value
    return value


def link_text(export: ExportSet, link: Link, ann: Annotation, item: ArticleNotes) -> str:
    """"→ Other article « passage » (label)": where a link of the note goes, or comes from (←)."""
    arrow, other = link_direction(link, ann.id, item.id)
    quote = end_quote(export, other)
    title = export.titles.get(other.article_id, f"article {other.article_id}")
    return (f"{arrow} {title}" + (f" « {shorten(quote, 80)} »" if quote else "")
            + (f" ({link.label})" if link.label else ""))


def rows(export: ExportSet) -> list[tuple[object, ...]]:
    """One row per note, in article then text order; tags joined by "; ", links one per line."""
    out: list[tuple[object, ...]] = []
    for item in export.items:
        for ann in item.annotations:
            links = export.links_of(ann.id) if ann.id is not None else []
            out.append((item.id, item.article.title, ann.uuid, ann.anchor.exact, ann.note, ann.color,
                        "; ".join(ann.tags), ann.created, ann.modified,
                        "\n".join(link_text(export, link, ann, item) for link in links)))
    return out


def write_rows(path: Path, header: tuple[str, ...], table: list[tuple[object, ...]]) -> list[Path]:
    """Write a CSV a spreadsheet opens safely: UTF-8 with a BOM, formula-like cells made inert."""
    def dump(tmp: Path) -> None:
        # utf-8-sig: spreadsheet programs then read the accents right.
        with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(tuple(inert(cell) for cell in row) for row in table)

    write_atomic(Path(path), dump)
    return [Path(path)]


def write(export: ExportSet, path: Path) -> list[Path]:
    return write_rows(path, HEADER, rows(export))
