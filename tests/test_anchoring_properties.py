"""Anchors for any text and any edit (properties): found where they were, never on a wrong passage."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from reader.anchoring import describe, fold_key, resolve

# Few letters, so the same words come back often and a passage has look-alikes elsewhere in the text.
WORDS = st.sampled_from(["Bakou", "bakou", "l’OTAN", "l'OTAN", "la", "paix", "accord", "signé", "2024", "«", "»",
                         "—", "😀", "Ilham", "Aliyev", "de", "et", "\n"])
TEXTS = st.lists(WORDS, min_size=1, max_size=60).map(" ".join)


@st.composite
def passages(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(TEXTS)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    assume(text[start:end].strip())
    return text, start, end


@given(passages())
def test_an_anchor_resolves_to_itself_in_the_same_text(passage: tuple[str, int, int]) -> None:
    text, start, end = passage
    anchor = describe(text, start, end)
    assert text[anchor.start:anchor.end] == anchor.exact == text[start:end].strip()
    assert resolve(text, anchor) == (anchor.start, anchor.end)


@given(passages(), st.data())
def test_after_any_edit_an_anchor_finds_its_passage_or_is_an_orphan(passage: tuple[str, int, int],
                                                                    data: st.DataObject) -> None:
    text, start, end = passage
    anchor = describe(text, start, end)
    cut_from = data.draw(st.integers(0, len(text)), label="cut_from")
    cut_to = data.draw(st.integers(cut_from, min(len(text), cut_from + 40)), label="cut_to")
    inserted = data.draw(TEXTS | st.just(""), label="inserted")
    edited = text[:cut_from] + inserted + text[cut_to:]
    span = resolve(edited, anchor)
    if span is None:
        return  # an orphan: kept and said, never attached elsewhere
    found = edited[span[0]:span[1]]
    if fold_key(found) == fold_key(anchor.exact):
        return  # the same words, up to what every matcher ignores (case, kinds of quotes and dashes, spaces)
    # Other words are only acceptable as the passage itself, edited: what is left of it, or around it.
    assert cut_from < anchor.end and anchor.start < cut_to, (found, anchor.exact)
    left_end = cut_from + len(inserted) + max(0, anchor.end - cut_to)
    assert span[0] < left_end and min(anchor.start, cut_from) < span[1], (found, anchor.exact)
