"""Reading order of a PDF page's lines: columns left to right, full-width parts between them."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import NamedTuple

# A glyph with its box centre: (character, cx, cy); kept only where highlights need it.
Char = tuple[str, float, float]


class Line(NamedTuple):
    """One line of text as MuPDF positions it; ``block`` is MuPDF's block number on the page."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    block: int = 0
    chars: tuple[Char, ...] = ()
    size: float = 0.0  # font size of most of its characters; 0 when unknown


_MAX_DEPTH = 40  # a hostile page cannot recurse without end; past this, plain top-to-bottom order


def order_blocks(lines: Sequence[Line]) -> list[list[Line]]:
    """The page's lines in reading order, grouped into blocks (a block never spans two columns).

    MuPDF groups lines into blocks by proximity, so on a tightly set multi-column page one block
    can hold lines of every column, interleaved. The page is cut recursively instead: at vertical
    gutters into columns (read left to right), and at rows whose lines block every gutter (a title,
    a full-width table) into bands (read top to bottom), the way a reader's eye goes.
    """
    lines = [line for line in lines if line.text.strip()]
    if not lines:
        return []
    size = statistics.median(line.y1 - line.y0 for line in lines) or 1.0
    ordered: list[Line] = []
    _order(lines, size, 0, ordered)
    return _blocks(ordered, size)


Span = tuple[float, float]


def _spans(lines: Sequence[Line]) -> list[Span]:
    return _union([(line.x0, line.x1) for line in lines])


def _union(spans: list[Span]) -> list[Span]:
    """The horizontal extents covered by text, merged and sorted."""
    merged: list[Span] = []
    for x0, x1 in sorted(spans):
        if merged and x0 <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], x1))
        else:
            merged.append((x0, x1))
    return merged


def _gutters(intervals: list[Span], size: float) -> list[float]:
    """x positions of the gaps wide enough to be gutters between columns wide enough to be text."""
    gap, width = 0.8 * size, 4.0 * size
    cuts: list[float] = []
    left = intervals[0][0] if intervals else 0.0
    for (_a0, a1), (b0, _b1) in zip(intervals, intervals[1:], strict=False):
        if b0 - a1 >= gap and a1 - left >= width:
            cuts.append((a1 + b0) / 2)
            left = b0
    if cuts and intervals[-1][1] - left < width:
        cuts.pop()  # the last piece is too narrow to be a column (a margin note, a number)
    return cuts


def _columns(lines: list[Line], size: float) -> list[list[Line]]:
    """The lines split at gutters, where the pieces are columns of text.

    A "column" of one row beside taller ones is a wide word gap of justified text ("semaine
    prochaine   pour"), and one of one- or two-word lines is a column of a table, read row by row:
    those cuts are given up.
    """
    cuts = _gutters(_spans(lines), size)
    several_rows = len(_rows(lines)) > 1
    while cuts:
        groups: list[list[Line]] = [[] for _ in range(len(cuts) + 1)]
        for line in lines:
            groups[sum(1 for cut in cuts if line.x0 > cut)].append(line)
        thin = next((i for i, group in enumerate(groups)
                     if several_rows and (len(_rows(group)) < 2 or _cells(group))), None)
        if thin is None:
            return [group for group in groups if group]
        del cuts[min(thin, len(cuts) - 1)]
    return [lines]


def _cells(lines: list[Line]) -> bool:
    """Lines of one or two words, as in the columns of a table (lines of running text hold more)."""
    return statistics.median(len(line.text.split()) for line in lines) < 3


def _rows(lines: list[Line]) -> list[list[Line]]:
    """Lines split at the heights where nothing is printed (overlaps of a third of a line tolerated)."""
    rows: list[list[Line]] = []
    bottom = float("-inf")
    for line in sorted(lines, key=lambda item: (item.y0, item.x0)):
        if rows and line.y0 < bottom - 0.3 * (line.y1 - line.y0):
            rows[-1].append(line)
            bottom = max(bottom, line.y1)
        else:
            rows.append([line])
            bottom = line.y1
    return rows


def _bands(rows: list[list[Line]], size: float) -> list[list[Line]]:
    """Rows grouped top to bottom: a band of columns goes on while a gutter stays open through it.

    A row spanning most of the region (a title, a lead) is a band of its own; one-column rows join
    the band below them, so a column that starts lower than its neighbour is still read in turn.
    """
    left = min(line.x0 for row in rows for line in row)
    right = max(line.x1 for row in rows for line in row)
    bands: list[list[Line]] = []
    current: list[Line] = []
    covered: list[Span] = []
    current_spans = False
    for row in rows:
        spans = _spans(row)
        spanning = max(x1 - x0 for x0, x1 in spans) > 0.6 * (right - left)
        union = _union(covered + spans)
        if current and not spanning and not current_spans and (
            _gutters(union, size) or not (_gutters(covered, size) or _gutters(spans, size))
        ):
            current.extend(row)
            covered = union
        else:
            if current:
                bands.append(current)
            current, covered, current_spans = list(row), spans, spanning
    if current:
        bands.append(current)
    return bands


def _order(lines: list[Line], size: float, depth: int, out: list[Line]) -> None:
    if len(lines) == 1 or depth > _MAX_DEPTH:
        out.extend(_top_down(lines, size))
        return
    columns = _columns(lines, size)
    if len(columns) > 1:
        for column in columns:
            _order(column, size, depth + 1, out)
        return
    rows = _rows(lines)
    bands = _bands(rows, size) if len(rows) > 1 else [lines]
    if len(bands) == 1:
        out.extend(_top_down(lines, size))
        return
    for band in bands:
        _order(band, size, depth + 1, out)


def _top_down(lines: Sequence[Line], size: float) -> list[Line]:
    """Top to bottom; pieces of one visual line (same height) left to right."""
    result: list[Line] = []
    row: list[Line] = []
    for line in sorted(lines, key=lambda item: (item.y0, item.x0)):
        if row and abs((line.y0 + line.y1) - (row[0].y0 + row[0].y1)) / 2 > 0.5 * size:
            result.extend(sorted(row, key=lambda item: item.x0))
            row = []
        row.append(line)
    result.extend(sorted(row, key=lambda item: item.x0))
    return result


def _same_row(a: Line, b: Line) -> bool:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    return overlap > 0.5 * min(a.y1 - a.y0, b.y1 - b.y0) and b.x0 >= a.x1 - 1


def _join(a: Line, b: Line) -> Line:
    """Two pieces of one visual line (MuPDF splits a line at a wide gap: a number and its item)."""
    chars = (*a.chars, (" ", (a.x1 + b.x0) / 2, (a.y0 + a.y1) / 2), *b.chars) if a.chars or b.chars else ()
    return Line(f"{a.text} {b.text}", a.x0, min(a.y0, b.y0), b.x1, max(a.y1, b.y1), a.block, chars,
                max(a.size, b.size))


def _new_size(a: Line, b: Line) -> bool:
    """A change of type size between two lines: a heading and its text, not one paragraph."""
    return a.size > 0 and b.size > 0 and abs(a.size - b.size) > 0.15 * max(a.size, b.size)


def _blocks(ordered: list[Line], size: float) -> list[list[Line]]:
    """A new block where MuPDF starts one, at a paragraph gap, or where the text jumps to another column."""
    blocks: list[list[Line]] = []
    for line in ordered:
        if blocks:
            previous = blocks[-1][-1]
            if _same_row(previous, line):
                blocks[-1][-1] = _join(previous, line)
                continue
            gap = line.y0 - previous.y1
            overlaps = min(line.x1, previous.x1) - max(line.x0, previous.x0) > 0
            if (line.block == previous.block and overlaps and -0.5 * size < gap < 0.7 * size
                    and not _new_size(previous, line)):
                blocks[-1].append(line)
                continue
        blocks.append([line])
    return blocks
