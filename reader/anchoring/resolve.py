"""Describe a passage as W3C selectors, then find it again after the article text changed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from reader.anchoring.fold import Folded, Keyed, fold_key, fold_str, fold_text, keyed, tighten
from reader.domain import Anchor

__all__ = ["CONTEXT", "describe", "refresh", "resolve", "resolve_all"]

CONTEXT = 32  # characters of prefix and suffix kept around the quote
MIN_QUOTE_SCORE = 0.75  # normalised similarity of a fuzzy match to the stored quote
MIN_SIDE_SCORE = 0.7  # similarity of one side's context for it to count as support
MIN_SOLE_SIDE_SCORE = 0.95  # a tiny quote with one side changed needs the other side intact
MIN_FUZZY_LEN = 8  # shorter quotes are only ever matched exactly (after folding)
LONG_QUOTE = 64  # an exact quote this long stands on its own, even with both sides rewritten

def describe(text: str, start: int, end: int) -> Anchor:
    """Describe ``text[start:end]`` (whitespace at its edges trimmed) as quote + position selectors."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}:{end} is not inside a text of length {len(text)}")
    span = tighten(text, start, end)
    if span is None:
        raise ValueError("cannot anchor a passage made only of whitespace")
    start, end = span
    return Anchor(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
        start=start,
        end=end,
    )


@dataclass(frozen=True)
class _Wanted:
    """The anchor with its quote and context folded once."""

    anchor: Anchor
    quote: str
    prefix: str
    suffix: str
    at_start: bool  # the passage began within CONTEXT characters of the text start
    at_end: bool
    word_start: bool  # the passage began at the start of a word, so must its new place
    word_end: bool

    @classmethod
    def of(cls, anchor: Anchor) -> _Wanted:
        exact, prefix, suffix = anchor.exact.strip(), anchor.prefix, anchor.suffix
        return cls(
            anchor,
            fold_str(exact),
            fold_str(prefix).lstrip() if len(prefix) < CONTEXT else fold_str(prefix),
            fold_str(suffix).rstrip() if len(suffix) < CONTEXT else fold_str(suffix),
            len(prefix) < CONTEXT,
            len(suffix) < CONTEXT,
            exact[:1].isalnum() and not (anchor.exact[:1].isalnum() and prefix[-1:].isalnum()),
            exact[-1:].isalnum() and not (anchor.exact[-1:].isalnum() and suffix[:1].isalnum()),
        )

    def cuts_words(self, text: str, start: int, end: int) -> bool:
        """True when ``start:end`` splits a word although the original passage did not."""
        return (self.word_start and start > 0 and text[start - 1].isalnum()) or (
            self.word_end and end < len(text) and text[end].isalnum()
        )


def _side_scores(text: str, start: int, end: int, want: _Wanted) -> tuple[float, float]:
    """Similarity of the text around ``start:end`` to the stored prefix and suffix."""
    reach = 2 * CONTEXT + 8
    before = fold_str(text[max(0, start - reach) : start])
    after = fold_str(text[end : end + reach])
    if want.at_start:
        before = before.lstrip()  # the passage was near the text start: so must its new place be
    else:
        before = before[len(before) - len(want.prefix) :] if want.prefix else ""
    after = after.rstrip() if want.at_end else after[: len(want.suffix)]
    if not want.prefix and not want.at_start:
        prefix_score = 0.0
    else:
        prefix_score = Indel.normalized_similarity(want.prefix, before)
    if not want.suffix and not want.at_end:
        suffix_score = 0.0
    else:
        suffix_score = Indel.normalized_similarity(want.suffix, after)
    return prefix_score, suffix_score


def _quote_score(text: str, start: int, end: int, want: _Wanted) -> float:
    found = fold_str(text[start:end])
    if found == want.quote:
        return 1.0
    return Levenshtein.normalized_similarity(want.quote, found)


def _rank(text: str, span: tuple[int, int], want: _Wanted, exact: bool) -> float | None:
    """Score a candidate span, or None when the evidence is too weak to attach the note there."""
    start, end = span
    if want.cuts_words(text, start, end):
        return None
    quote = 1.0 if exact else _quote_score(text, start, end, want)
    if quote < MIN_QUOTE_SCORE:
        return None
    before, after = _side_scores(text, start, end, want)
    support = (before >= MIN_SIDE_SCORE) + (after >= MIN_SIDE_SCORE)
    short = len(want.quote) < MIN_FUZZY_LEN
    if quote < 1.0:
        # A changed quote needs both of its surroundings.
        if support < 2:
            return None
    elif short:
        # Tiny quotes occur everywhere: both surroundings, or one of them intact.
        if support < 2 and max(before, after) < MIN_SOLE_SIDE_SCORE:
            return None
    elif support == 0 and len(want.quote) < LONG_QUOTE:
        return None
    distance = abs(start - want.anchor.start) / max(len(text), 1)
    return 50 * quote + 20 * before + 20 * after + 2 * (1 - distance)


def _best(text: str, spans: Sequence[tuple[int, int]], want: _Wanted, exact: bool) -> tuple[int, int] | None:
    best: tuple[float, tuple[int, int]] | None = None
    for span in dict.fromkeys(spans):
        score = _rank(text, span, want, exact)
        if score is not None and (best is None or score > best[0]):
            best = (score, span)
    return best[1] if best else None


def _occurrences(haystack: str, needle: str, limit: int = 2000) -> list[int]:
    found: list[int] = []
    i = haystack.find(needle)
    while i != -1 and len(found) < limit:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found


def _exact_real(text: str, want: _Wanted) -> list[tuple[int, int]]:
    exact = want.anchor.exact.strip()
    n = len(exact)
    starts = _occurrences(text, exact)
    if len(starts) > 64:
        # Tiny quotes: keep the occurrences whose raw neighbours look most like the stored context.
        pre, suf = want.anchor.prefix[-8:], want.anchor.suffix[:8]

        def near(i: int) -> float:
            return Indel.normalized_similarity(
                pre, text[max(0, i - len(pre)) : i]
            ) + Indel.normalized_similarity(suf, text[i + n : i + n + len(suf)])

        starts = sorted(starts, key=near, reverse=True)[:64]
    return [(i, i + n) for i in starts]


def _exact_folded(keyed_text: Keyed, want: _Wanted) -> list[tuple[int, int]]:
    """The quote after the typographic equivalences (quotes, spaces, soft hyphens, ligatures)."""
    spans = []
    for i, j in keyed_text.find_all(fold_key(want.anchor.exact), 256):
        span = tighten(keyed_text.text, *keyed_text.span(i, j))
        if span:
            spans.append(span)
    return spans


def _locate(quote: str, folded: Folded, lo: int, hi: int) -> tuple[int, int] | None:
    """Rough place of ``quote`` inside ``folded.text[lo:hi]``, in folded offsets."""
    lo, hi = max(0, lo), min(len(folded.text), hi)
    window = folded.text[lo:hi]
    if len(window) < len(quote) * MIN_QUOTE_SCORE:
        return None
    if len(window) <= len(quote):
        return lo, hi
    hit = fuzz.partial_ratio_alignment(quote, window, score_cutoff=100 * MIN_QUOTE_SCORE - 10)
    if hit is None:
        return None
    return lo + hit.dest_start, lo + hit.dest_end


def _fit(folded: Folded, want: _Wanted, rough: tuple[int, int]) -> tuple[int, int]:
    """Move the ends of a rough match to where the stored prefix ends and the suffix begins.

    The rough match has the quote's length, so words inserted into or removed from the passage
    leave its ends off; the surroundings say where the passage really starts and stops.
    """
    text, reach = folded.text, len(want.quote) // 2 + 8
    a, b = rough
    tail, head = want.prefix[-12:], want.suffix[:12]
    if len(tail) >= 6:
        a = _nearest_fit(text, tail, range(max(0, a - reach), min(len(text), a + reach) + 1), a, before=True)
    if len(head) >= 6:
        b = _nearest_fit(
            text, head, range(max(a + 1, b - reach), min(len(text), b + reach) + 1), b, before=False
        )
    return a, b


def _nearest_fit(text: str, piece: str, offsets: range, guess: int, before: bool) -> int:
    """The offset in ``offsets`` that ``piece`` best ends (before) or starts at, nearest to ``guess``."""
    if not offsets:
        return guess
    n = len(piece)
    lo, hi = (offsets.start - n, offsets.stop - 1) if before else (offsets.start, offsets.stop - 1 + n)
    exact = [i + n if before else i for i in _occurrences(text[max(0, lo) : hi], piece, 50)]
    if exact:
        return min(exact, key=lambda i: abs(max(0, lo) + i - guess)) + max(0, lo)
    fits = [
        (
            Indel.normalized_similarity(piece, text[max(0, x - n) : x] if before else text[x : x + n]),
            -abs(x - guess),
            x,
        )
        for x in offsets
    ]
    score, _, x = max(fits)
    return x if score >= 0.85 else guess


def _polish(folded: Folded, want: _Wanted, span: tuple[int, int]) -> tuple[int, int]:
    """Nudge the ends a few characters for the best similarity with the quote."""
    text, a, b = folded.text, *span
    best = (-1.0, a, b)
    for x in range(max(0, a - 3), a + 4):
        for y in range(max(x + 1, b - 3), min(len(text), b + 3) + 1):
            score = Levenshtein.normalized_similarity(want.quote, text[x:y])
            if score > best[0]:
                best = (score, x, y)
    return best[1], best[2]


def _seeded_regions(folded: Folded, quote: str, limit: int = 8) -> list[tuple[int, int]]:
    """Places in the whole text where several pieces of the quote occur in the right order.

    Real edits are local, so most pieces of a changed passage survive intact; each exact piece
    votes for where the passage would start. Pieces found too often say nothing and are skipped.
    """
    n = len(quote)
    size = max(4, min(12, n // 4))
    votes: Counter[int] = Counter()
    for offset in range(0, n - size + 1, size):
        found = _occurrences(folded.text, quote[offset : offset + size], 51)
        if len(found) <= 50:
            votes.update({(i - offset) // 16 for i in found})
    pieces = max(1, (n - size + 1 + size - 1) // size)
    needed = 2 if pieces >= 4 else 1
    best = [bucket for bucket, count in votes.most_common(limit) if count >= needed]
    return [(bucket * 16 - n // 3 - 16, bucket * 16 + n + n // 3 + 32) for bucket in best]


def _fuzzy(text: str, folded: Folded, want: _Wanted) -> tuple[int, int] | None:
    """An approximate match near the old place or the surviving context, else anywhere in the text."""
    quote, n = want.quote, len(want.quote)
    centre = folded.to_folded(want.anchor.start)
    regions = [(centre - n - 64, centre + 2 * n + 64)]
    # The context may have survived where the quote moved: look right after the prefix, before the suffix.
    tail, head = want.prefix[-16:].lstrip(), want.suffix[:16].rstrip()
    if len(tail) >= 8:
        regions += [
            (i + len(tail) - 8, i + len(tail) + n + n // 3 + 16) for i in _occurrences(folded.text, tail, 20)
        ]
    if len(head) >= 8:
        regions += [(i - n - n // 3 - 16, i + 8) for i in _occurrences(folded.text, head, 20)]
    found = _best(text, _candidates(text, folded, want, regions[:1]), want, exact=False)
    if found is None and len(regions) > 1:
        found = _best(text, _candidates(text, folded, want, regions[1:]), want, exact=False)
    if found is None:
        found = _best(
            text, _candidates(text, folded, want, _seeded_regions(folded, quote)), want, exact=False
        )
    return found


def _candidates(
    text: str, folded: Folded, want: _Wanted, regions: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    spans = []
    for lo, hi in dict.fromkeys(regions):
        rough = _locate(want.quote, folded, lo, hi)
        if rough is None:
            continue
        for hit in {rough, _polish(folded, want, rough), _fit(folded, want, rough)}:
            span = folded.to_real(*hit, text)
            if span:
                spans.append(span)
    return spans


class _Resolver:
    """Resolves anchors in one text, folding the text at most once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded: Folded | None = None
        self._keyed: Keyed | None = None

    @property
    def folded(self) -> Folded:
        if self._folded is None:
            self._folded = fold_text(self.text)
        return self._folded

    @property
    def keyed(self) -> Keyed:
        if self._keyed is None:
            self._keyed = keyed(self.text)
        return self._keyed

    def resolve(self, anchor: Anchor) -> tuple[int, int] | None:
        text, start, end = self.text, anchor.start, anchor.end
        if not anchor.exact.strip():
            return None
        # 1. The passage is where it was, with the same surroundings.
        if (
            0 <= start < end <= len(text)
            and text[start:end] == anchor.exact
            and text[max(0, start - len(anchor.prefix)) : start] == anchor.prefix
            and text[end : end + len(anchor.suffix)] == anchor.suffix
        ):
            return tighten(text, start, end)
        want = _Wanted.of(anchor)
        if not want.quote:
            return None
        # 2. The exact quote elsewhere (or with changed surroundings), then after folding.
        found = _best(text, _exact_real(text, want), want, exact=True)
        if found is None:
            found = _best(text, _exact_folded(self.keyed, want), want, exact=True)
        # 3. An approximate quote, in a window near the old position, then in the whole text.
        if found is None and len(want.quote) >= MIN_FUZZY_LEN:
            found = _fuzzy(text, self.folded, want)
        return found


def resolve(text: str, anchor: Anchor) -> tuple[int, int] | None:
    """Find the anchored passage in ``text``: its ``(start, end)``, or None when it is gone (orphan)."""
    return _Resolver(text).resolve(anchor)


def resolve_all(text: str, anchors: Sequence[Anchor]) -> list[tuple[int, int] | None]:
    """Resolve many anchors in the same text (folds the text once)."""
    resolver = _Resolver(text)
    return [resolver.resolve(anchor) for anchor in anchors]


def refresh(text: str, anchor: Anchor) -> Anchor | None:
    """Re-describe the anchored passage at its place in ``text`` (e.g. an edited re-import), or None."""
    span = resolve(text, anchor)
    return describe(text, *span) if span else None
