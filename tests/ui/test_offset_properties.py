"""The offset map between str offsets and QTextDocument positions, for any text (properties)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.ui.highlighting import OffsetMap

# Any character, and more often those outside the BMP that take two UTF-16 units (emoji, math letters).
ASTRAL = st.sampled_from(["😀", "🏽", "𝔘", "🇫", "\U0010ffff", "\U00010000"])
TEXTS = st.text(st.one_of(st.characters(exclude_categories=["Cs"]), ASTRAL), max_size=200)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@given(TEXTS)
def test_every_offset_goes_to_its_utf16_position_and_back(text: str) -> None:
    offsets = OffsetMap(text)
    assert offsets.qt_length() == utf16_length(text)
    for i in range(len(text) + 1):
        assert offsets.to_qt(i) == utf16_length(text[:i])
        assert offsets.to_py(offsets.to_qt(i)) == i


@given(TEXTS)
def test_both_directions_keep_the_order(text: str) -> None:
    offsets = OffsetMap(text)
    forward = [offsets.to_qt(i) for i in range(len(text) + 1)]
    assert all(a < b for a, b in zip(forward, forward[1:], strict=False))  # strictly: no two offsets meet
    back = [offsets.to_py(p) for p in range(offsets.qt_length() + 1)]
    assert all(a <= b for a, b in zip(back, back[1:], strict=False))
    assert back[0] == 0 and back[-1] == len(text)


@given(TEXTS)
def test_a_position_inside_a_surrogate_pair_rounds_down_to_its_character(text: str) -> None:
    offsets = OffsetMap(text)
    for i, char in enumerate(text):
        if ord(char) > 0xFFFF:
            assert offsets.to_py(offsets.to_qt(i) + 1) == i
