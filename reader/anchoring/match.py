"""Place a quote from any door (another tool's note, a PDF highlight) in the library: context decides.

Every occurrence of the quote (after the typographic equivalences of ``fold``) in every candidate
text is scored by how well the text around it agrees with the quote's prefix and suffix. A
candidate whose surroundings contradict the given context is never taken; among the rest the best
wins only when it is clearly best. Otherwise nothing is placed and the reason says why: a note
left unplaced is kept and listed, a note placed on a wrong passage is a defect.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from rapidfuzz.distance import Indel

from reader.anchoring.fold import Keyed, fold_key, keyed
from reader.anchoring.resolve import MIN_FUZZY_LEN, resolve
from reader.domain import Anchor

K = TypeVar("K", bound=Hashable)

CONTEXT_SPAN = 64  # key characters of a given prefix or suffix compared with the text
AGREE = 0.8  # similarity of a side's context for it to support a place
CONTRADICT = 0.6  # below this (and without a run of exact characters next to the quote) a side contradicts
ADJACENT_AGREE = 8  # this many exact key characters next to the quote support a place on their own
ADJACENT_SAVE = 4  # ... and this many keep a dissimilar side from contradicting
VOUCH = 0.9  # a side this similar (or this many exact characters) outweighs a contradicting other side
ADJACENT_VOUCH = 16
CLEAR_MARGIN = 0.1  # how much better than the runner-up the best place must be
SHORT_QUOTE = 16  # key characters: a shorter quote needs one side of its context to agree
MIN_SIDE = 3  # key characters of text needed on a side to judge it (less: the text starts or ends there)


@dataclass(frozen=True)
class Quote:
    """A passage as someone else described it: the quote, its surroundings, and maybe its position."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None  # offsets in the describer's copy of the text, a hint at most
    end: int | None = None


@dataclass(frozen=True)
class Placement(Generic[K]):
    """Where a quote was placed (``key`` and ``span``), or why it was not (``reason``)."""

    key: K | None = None
    span: tuple[int, int] | None = None
    reason: str = ""
    how: str = ""  # "exact" (after equivalences) or "approximate"
    seen_in: tuple[K, ...] = ()  # texts where the quote occurs, placed or not

    @property
    def placed(self) -> bool:
        return self.span is not None


@dataclass
class _Side:
    given: bool
    judged: bool = False
    similarity: float = 0.0
    adjacent: int = 0

    @property
    def agrees(self) -> bool:
        return self.judged and (self.similarity >= AGREE or self.adjacent >= ADJACENT_AGREE)

    @property
    def contradicts(self) -> bool:
        return self.judged and self.similarity < CONTRADICT and self.adjacent < ADJACENT_SAVE

    @property
    def vouches(self) -> bool:
        """Agreement too close to be chance: enough to outweigh the other side (a page's caption, say)."""
        return self.judged and (self.similarity >= VOUCH or self.adjacent >= ADJACENT_VOUCH)

    @property
    def score(self) -> float:
        return self.similarity if self.judged else 0.75  # not given or nothing to compare: neutral


@dataclass
class _Candidate(Generic[K]):
    key: K
    span: tuple[int, int]
    before: _Side
    after: _Side
    cuts_word: bool
    short: bool  # the quote is short enough to occur anywhere by chance
    score: float = field(init=False)

    def __post_init__(self) -> None:
        self.score = (self.before.score + self.after.score) / 2

    @property
    def contradicted(self) -> bool:
        """The text around this place says another passage was meant.

        One side may differ when the other agrees beyond chance and the quote is long: the tool's copy
        of the page had something else there (a caption, a menu). A short quote gets no such leeway.
        """
        if self.cuts_word:
            return True
        if self.before.contradicts and self.after.contradicts:
            return True
        if self.before.contradicts:
            return self.short or not self.after.vouches
        if self.after.contradicts:
            return self.short or not self.before.vouches
        return False


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def _side(wanted: str, found: str, before: bool) -> _Side:
    """Compare a given prefix (``before``) or suffix with the key text on that side of a place."""
    if not wanted:
        return _Side(given=False)
    if len(found) < len(wanted):
        # The text starts (or ends) closer than the context reaches: compare what there is.
        if len(found) < MIN_SIDE:
            return _Side(given=True)
        wanted = wanted[-len(found):] if before else wanted[: len(found)]
    adjacent = _common_suffix(wanted, found) if before else _common_prefix(wanted, found)
    return _Side(True, True, Indel.normalized_similarity(wanted, found), adjacent)


def _cuts_word(text: str, span: tuple[int, int], quote: Quote) -> bool:
    """True when the place splits a word although the quote's own context says it did not."""
    start, end = span
    exact = quote.exact.strip()
    inside_start = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
    inside_end = end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
    # A quote that itself began inside a word carries the word's start in its prefix.
    began_inside = bool(quote.prefix) and quote.prefix[-1:].isalnum() and exact[:1].isalnum()
    ended_inside = bool(quote.suffix) and quote.suffix[:1].isalnum() and exact[-1:].isalnum()
    return (inside_start and not began_inside) or (inside_end and not ended_inside)


class Matcher(Generic[K]):
    """Places quotes in a set of texts (article id -> text), folding each text once."""

    def __init__(self, text_of: Callable[[K], str], candidates: Callable[[Quote], Iterable[K]]) -> None:
        self._text_of = text_of
        self._candidates = candidates
        self._keyed: dict[K, Keyed] = {}

    @classmethod
    def of(cls, texts: Mapping[K, str]) -> Matcher[K]:
        """A matcher over a fixed set of texts, every one a candidate for every quote."""
        return cls(texts.__getitem__, lambda _: list(texts))

    def keyed(self, key: K) -> Keyed:
        if key not in self._keyed:
            self._keyed[key] = keyed(self._text_of(key))
        return self._keyed[key]

    def place(self, quote: Quote, home: K | None = None) -> Placement[K]:
        """Place ``quote`` in the ``home`` text when its source is known, else in any candidate text."""
        needle = fold_key(quote.exact)
        if not needle:
            return Placement(reason="no quoted text to look for")
        keys = [home] if home is not None else list(dict.fromkeys(self._candidates(quote)))
        prefix, suffix = fold_key(quote.prefix)[-CONTEXT_SPAN:], fold_key(quote.suffix)[:CONTEXT_SPAN]
        found: list[_Candidate[K]] = []
        for key in keys:
            k = self.keyed(key)
            for i, j in k.find_all(needle):
                span = k.span(i, j)
                found.append(_Candidate(
                    key, span,
                    _side(prefix, k.key[max(0, i - len(prefix)):i], before=True),
                    _side(suffix, k.key[j:j + len(suffix)], before=False),
                    _cuts_word(k.text, span, quote), len(needle) < SHORT_QUOTE))
        if not found:
            return self._approximate(quote, keys, home)
        seen = tuple(dict.fromkeys(c.key for c in found))
        fitting = [c for c in found if not c.contradicted]
        if not fitting:
            first = found[0]
            why = "inside a word" if first.cuts_word else "its context says otherwise"
            return Placement(reason=f"the quote occurs {_times(len(found))} but {why}: "
                                    f"« {_around(self.keyed(first.key).text, first.span)} »",
                             seen_in=seen)
        if len(needle) < SHORT_QUOTE and (prefix or suffix):
            # A short quote occurs anywhere by chance: one side of its context must vouch for the place.
            fitting = [c for c in fitting if c.before.agrees or c.after.agrees or not
                       (c.before.judged or c.after.judged)]
            if not fitting:
                return Placement(reason=f"the quote occurs {_times(len(found))} but its context is not found "
                                        "around it", seen_in=seen)
        fitting.sort(key=lambda c: c.score, reverse=True)
        best = fitting[0]
        if len(fitting) > 1 and best.score - fitting[1].score < CLEAR_MARGIN:
            best_by_position = self._by_position(quote, home, fitting)
            if best_by_position is None:
                tied = [c for c in fitting if best.score - c.score < CLEAR_MARGIN]
                return Placement(reason=f"the quote occurs {_times(len(tied))} with context that does not tell "
                                        "them apart; not attached", seen_in=seen)
            best = best_by_position
        return Placement(best.key, best.span, how="exact", seen_in=seen)

    def _by_position(self, quote: Quote, home: K | None, fitting: list[_Candidate[K]]) -> _Candidate[K] | None:
        """In the note's own article a given position may pick one of equally good places."""
        if home is None or quote.start is None:
            return None
        tolerance = 16
        near = [c for c in fitting if c.key == home and abs(c.span[0] - quote.start) <= tolerance]
        return near[0] if len(near) == 1 else None

    def _approximate(self, quote: Quote, keys: list[K], home: K | None) -> Placement[K]:
        """No exact occurrence: the re-anchoring matcher may find a changed passage from its context."""
        if len(fold_key(quote.exact)) >= MIN_FUZZY_LEN and (quote.prefix or quote.suffix):
            hits: list[tuple[K, tuple[int, int]]] = []
            for key in keys:
                text = self.keyed(key).text
                hint = quote.start if key == home and quote.start is not None else 0
                span = resolve(text, Anchor(quote.exact, quote.prefix, quote.suffix, hint,
                                            hint + len(quote.exact)))
                if span is not None:
                    hits.append((key, span))
            if len(hits) == 1:
                return Placement(hits[0][0], hits[0][1], how="approximate", seen_in=(hits[0][0],))
            if len(hits) > 1:
                return Placement(reason=f"a close variant of the quote occurs in {len(hits)} places; not attached",
                                 seen_in=tuple(dict.fromkeys(k for k, _ in hits)))
        return Placement(reason="the quote is not in the text" if home is not None
                         else "the quote is in no article of the library")


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def _around(text: str, span: tuple[int, int], reach: int = 24) -> str:
    start, end = span
    left = " ".join(text[max(0, start - reach):start].split())
    right = " ".join(text[end:end + reach].split())
    return ("…" if start > reach else "") + left + (" " if text[start - 1:start].isspace() else "") + \
        text[start:end] + (" " if text[end:end + 1].isspace() else "") + right + ("…" if end + reach < len(text) else "")


def place(texts: Mapping[K, str], quote: Quote, home: K | None = None) -> Placement[K]:
    """Place one quote among ``texts`` (see ``Matcher.place``)."""
    return Matcher.of(texts).place(quote, home)
