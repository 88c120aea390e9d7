"""Long texts cut into pieces the model takes: at paragraph breaks, else sentence ends, else spaces."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from reader.entities.model import EntitySpan

# Each piece is recognised on its own (model, clean-up and linking), so memory and time grow with the
# piece, not the text; a news article fits in one piece and is recognised exactly as before.
CHUNK_CHARS = 100_000
_PARAGRAPH = re.compile(r"\n\s*\n\s*")
_LINE = re.compile(r"\n\s*")
_SENTENCE = re.compile(r"[.!?…][»”\"')\]]*\s+")
_SPACE = re.compile(r"\s+")


def _last_cut(pattern: re.Pattern[str], text: str, low: int, high: int) -> int:
    """End of the last match of ``pattern`` inside text[low:high], or -1."""
    cut = -1
    for m in pattern.finditer(text, low, high):
        cut = m.end()
    return cut if cut > low else -1


def chunk_bounds(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Consecutive (start, end) ranges covering ``text``, each at most ``size`` characters.

    A cut falls after the last paragraph break of the piece's second half, else after its last line
    break, sentence end or run of spaces; only a text with none of them is cut mid-word.
    """
    bounds: list[tuple[int, int]] = []
    start, length = 0, len(text)
    while length - start > size:
        high = start + size
        low = start + size // 2
        for pattern in (_PARAGRAPH, _LINE, _SENTENCE, _SPACE):
            cut = _last_cut(pattern, text, low, high)
            if cut > 0:
                break
        else:
            cut = high
        bounds.append((start, cut))
        start = cut
    bounds.append((start, length))
    return bounds


def split_items(items: Iterable[tuple[str, str]], size: int = CHUNK_CHARS
                ) -> tuple[list[tuple[str, str]], list[tuple[int, int]]]:
    """(piece, published) pairs for every text, and for each piece its (text index, offset)."""
    pieces: list[tuple[str, str]] = []
    owners: list[tuple[int, int]] = []
    for index, (text, published) in enumerate(items):
        for start, end in chunk_bounds(text, size):
            pieces.append((text[start:end] if (start, end) != (0, len(text)) else text, published))
            owners.append((index, start))
    return pieces, owners


def shifted(spans: Iterable[EntitySpan], offset: int) -> list[EntitySpan]:
    if not offset:
        return list(spans)
    return [EntitySpan(s.start + offset, s.end + offset, s.type, s.text, s.entity, s.value, s.source) for s in spans]


def merge(results: Iterable[list[EntitySpan]], owners: Sequence[tuple[int, int]], count: int) -> Iterator[list[EntitySpan]]:
    """The spans of each text, in order, from the spans of its pieces (shifted to the text's offsets)."""
    current: list[EntitySpan] = []
    index = 0
    for (owner, offset), spans in zip(owners, results, strict=True):
        while owner > index:
            yield current
            current, index = [], index + 1
        current.extend(shifted(spans, offset))
    while index < count:
        yield current
        current, index = [], index + 1
