"""User corrections replayed over fresh spans: reject, retype, add, merge and rename."""

from __future__ import annotations

from reader.entities.corrections import apply_corrections
from reader.entities.model import Correction, EntitySpan

TEXT = "Trump a appelé Macron. Jupiter a répondu à Trump depuis Paris."


def _span(surface: str, type_: str, entity: str = "", nth: int = 0) -> EntitySpan:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(surface, start + 1)
    return EntitySpan(start, start + len(surface), type_, surface, entity or surface)


SPANS = [
    _span("Trump", "PER", "Donald Trump"),
    _span("Macron", "PER", "Emmanuel Macron"),
    _span("Jupiter", "LOC"),
    _span("Trump", "PER", "Donald Trump", nth=1),
    _span("Paris", "LOC"),
]


def test_reject_one_mention_in_one_article() -> None:
    jupiter = SPANS[2]
    fixed = apply_corrections(TEXT, SPANS, [Correction("reject", 7, "Jupiter", jupiter.start, jupiter.end)])
    assert [s.text for s in fixed] == ["Trump", "Macron", "Trump", "Paris"]


def test_reject_everywhere_drops_every_mention_with_that_text() -> None:
    fixed = apply_corrections(TEXT, SPANS, [Correction("reject", None, "Trump")])
    assert "Trump" not in [s.text for s in fixed]
    assert len(fixed) == 3


def test_reject_with_stale_offsets_leaves_spans_alone() -> None:
    fixed = apply_corrections(TEXT, SPANS, [Correction("reject", 7, "Jupiter", 0, 5)])
    assert fixed == SPANS


def test_correction_of_another_article_is_ignored() -> None:
    jupiter = SPANS[2]
    correction = Correction("reject", 8, "Jupiter", jupiter.start, jupiter.end)
    assert apply_corrections(TEXT, SPANS, [correction], article_id=7) == SPANS


def test_retype_one_mention_and_everywhere() -> None:
    jupiter = SPANS[2]
    one = apply_corrections(TEXT, SPANS, [Correction("retype", 7, "Jupiter", jupiter.start, jupiter.end, type="PER")])
    assert [s.type for s in one if s.text == "Jupiter"] == ["PER"]
    everywhere = apply_corrections(TEXT, SPANS, [Correction("retype", None, "Trump", type="ORG")])
    assert [s.type for s in everywhere if s.text == "Trump"] == ["ORG", "ORG"]
    assert [s.type for s in everywhere if s.text == "Macron"] == ["PER"]


def test_add_replaces_overlapping_spans() -> None:
    start = TEXT.index("appelé Macron")
    added = Correction("add", 7, "appelé Macron", start, start + len("appelé Macron"), type="MISC", entity="Appel")
    fixed = apply_corrections(TEXT, SPANS, [added])
    assert [(s.text, s.type, s.entity, s.source) for s in fixed if s.start == start] == [
        ("appelé Macron", "MISC", "Appel", "user")]
    assert "Macron" not in [s.text for s in fixed]
    assert [s.start for s in fixed] == sorted(s.start for s in fixed)


def test_add_everywhere_marks_every_whole_word_occurrence() -> None:
    text = "Le Quai parle. Un Quaint voisin ; le Quai répond."
    fixed = apply_corrections(text, [], [Correction("add", None, "Quai", type="ORG", entity="Quai d'Orsay")])
    assert [(text[s.start:s.end], s.entity) for s in fixed] == [("Quai", "Quai d'Orsay"), ("Quai", "Quai d'Orsay")]


def test_added_date_gets_its_iso_value() -> None:
    text = "Signé le 17 mars 2024."
    start = text.index("17")
    fixed = apply_corrections(text, [], [Correction("add", 1, "17 mars 2024", start, start + 12, type="DATE")])
    assert [(s.type, s.value) for s in fixed] == [("DATE", "2024-03-17")]


def test_merge_and_rename_change_the_canonical_name() -> None:
    merged = apply_corrections(TEXT, SPANS, [Correction("merge", entity="Jupiter", target="Emmanuel Macron")])
    assert {s.entity for s in merged if s.text in ("Jupiter", "Macron")} == {"Emmanuel Macron"}
    renamed = apply_corrections(TEXT, SPANS, [Correction("rename", entity="Donald Trump", target="Donald J. Trump")])
    assert {s.entity for s in renamed if s.text == "Trump"} == {"Donald J. Trump"}
    assert all(s.text == t.text for s, t in zip(renamed, SPANS, strict=True))


def test_corrections_are_replayed_in_order() -> None:
    corrections = [Correction("rename", entity="Donald Trump", target="DJT"), Correction("reject", None, "Trump")]
    fixed = apply_corrections(TEXT, SPANS, corrections)
    assert "DJT" not in {s.entity for s in fixed}


def test_merge_takes_the_target_type() -> None:
    """Merging an entity typed otherwise into another gives its mentions the target's identity: name and type."""
    spans = [*SPANS, _span("Trump", "MISC", "Trump")]
    merged = apply_corrections(TEXT, spans, [Correction("merge", entity="Jupiter", target="Emmanuel Macron",
                                                        type="PER")])
    assert {(s.entity, s.type) for s in merged if s.text in ("Jupiter", "Macron")} == {("Emmanuel Macron", "PER")}
    untyped = apply_corrections(TEXT, SPANS, [Correction("merge", entity="Jupiter", target="Somewhere")])
    assert [(s.entity, s.type) for s in untyped if s.text == "Jupiter"] == [("Somewhere", "LOC")]
