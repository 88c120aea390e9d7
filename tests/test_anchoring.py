"""Annotations find their passage again after real edits of bundled articles, or become orphans."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.anchoring import CONTEXT, describe, refresh, resolve, resolve_all
from reader.domain import Anchor

FIXTURES = Path(__file__).parent / "fixtures" / "anchoring"
ARTICLES = ("russie-otan", "azerbaidjan-otan")

Span = tuple[int, int]
Edit = tuple[int, int, str]  # position, number of characters removed, text inserted there


def load(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def other(name: str) -> str:
    return load(ARTICLES[1 - ARTICLES.index(name)])


def long_article(words: int = 5000) -> str:
    """The fixture articles one after the other until the text has ``words`` words."""
    parts: list[str] = []
    while sum(len(p.split()) for p in parts) < words:
        parts += [load(name) for name in ARTICLES]
    return "\n\n".join(parts)


# ---------------------------------------------------------------- spans of the seed texts


def sentences(text: str) -> list[Span]:
    return [
        (m.start(), m.end())
        for m in re.finditer(r"[^\s.!?][^.!?\n]*[.!?]?", text)
        if m.end() - m.start() >= 12
    ]


def phrases(text: str) -> list[Span]:
    """Three words from the middle of every sentence: the size of a typical highlight."""
    spans = []
    for s, e in sentences(text):
        words = [(m.start() + s, m.end() + s) for m in re.finditer(r"\S+", text[s:e])]
        if len(words) >= 5:
            mid = len(words) // 2 - 1
            spans.append((words[mid][0], words[mid + 2][1]))
    return spans


def tiny(text: str) -> list[Span]:
    """One short word (1 to 3 characters) from every sentence."""
    spans = []
    for s, e in sentences(text):
        words = [
            (m.start() + s, m.end() + s) for m in re.finditer(r"\b\w{1,3}\b", text[s:e]) if m.start() > 0
        ]
        if words:
            spans.append(words[len(words) // 2])
    return spans


SPAN_KINDS: dict[str, Callable[[str], list[Span]]] = {"sentence": sentences, "phrase": phrases, "tiny": tiny}


# ---------------------------------------------------------------- edits with known outcome


def apply_edits(text: str, edits: list[Edit], span: Span) -> tuple[str, Span]:
    """Apply non-overlapping edits; return the new text and where ``span`` went."""
    edits = sorted(edits)
    out, last = [], 0
    for pos, removed, inserted in edits:
        out += [text[last:pos], inserted]
        last = pos + removed
    out.append(text[last:])
    start, end = span
    new_start = start + sum(len(i) - r for p, r, i in edits if p + r <= start)
    new_end = end + sum(len(i) - r for p, r, i in edits if p + r <= end and not (r == 0 and p == end))
    return "".join(out), (new_start, new_end)


def line_of(text: str, span: Span) -> Span:
    start = text.rfind("\n", 0, span[0]) + 1
    end = text.find("\n", span[1])
    return start, (len(text) if end == -1 else end + 1)


def word_break_inside(text: str, span: Span) -> int | None:
    s, e = span
    breaks = [m.start() for m in re.finditer(r" ", text[s:e])]
    return s + breaks[len(breaks) // 2] if breaks else None


@dataclass(frozen=True)
class Case:
    kind: str
    old: str
    span: Span
    new: str
    expected: Span | None  # None: the passage is gone, the note must become an orphan
    anchor: Anchor | None = None  # when not simply describe(old, *span)


def make_cases(old: str, span: Span, other_text: str) -> Iterator[Case]:
    s, e = span
    exact = old[s:e]

    def edited(kind: str, edits: list[Edit]) -> Case:
        new, moved = apply_edits(old, edits, span)
        return Case(kind, old, span, new, moved)

    yield edited("unchanged", [])
    yield edited(
        "insert before (title)",
        [(0, 0, "Mise à jour du 12 septembre : la rédaction a complété cet article.\n\n")],
    )
    yield edited("insert just before span", [(s, 0, "Selon plusieurs sources, ")])
    gap = word_break_inside(old, span)
    if gap is not None:
        yield edited("insert inside span", [(gap, 0, ", selon nos informations,")])
    yield edited("insert just after span", [(e, 0, " (sic)")])
    yield edited(
        "insert after (new paragraph)", [(len(old), 0, "\n\nCet article a été mis à jour le 12 septembre.")]
    )
    line = line_of(old, span)
    yield Case("delete paragraph with span", old, span, old[: line[0]] + old[line[1] :], None)
    sentence = next((x for x in sentences(old) if x[0] <= s and e <= x[1]), None)
    if sentence is not None:
        cut = (sentence[0], sentence[1] + (old[sentence[1] : sentence[1] + 1] == " "))
        yield Case("delete sentence with span", old, span, old[: cut[0]] + old[cut[1] :], None)
    others = [x for x in re.finditer(r"[^\n]+\n?", old) if x.end() <= line[0] or x.start() >= line[1]]
    if others:
        para = max(others, key=lambda m: len(m.group()))
        yield edited("delete other paragraph", [(para.start(), para.end() - para.start(), "")])
    letters = [i for i in range(s + 1, e - 1) if old[i].isalpha() and old[i] != "z"]
    if len(exact) >= 8 and letters:
        i = letters[len(letters) // 2]
        yield edited("typo fixed inside span", [(i, 1, "z" if old[i].islower() else "Z")])
    yield edited("’ replaced by '", [(m.start(), 1, "'") for m in re.finditer("\u2019", old)])
    reflow = [(m.start(), len(m.group()), " ") for m in re.finditer(r"\n+", old)]
    reflow += [(m.start() + 1, 0, " ") for m in re.finditer(r"[,.] (?=\w)", old)]
    yield edited("whitespace reflowed", reflow)
    yield edited("quote also elsewhere", [(0, 0, f"À lire aussi : « {exact} », notre dossier complet.\n\n")])
    yield edited("emoji before span", [(0, 0, "🇦🇿 🎉 "), (line[0], 0, "👉🏽 ")])
    yield Case("replaced by other article", old, span, other_text, None)
    anchor = describe(old, s, e)
    invented = "Qwz, une phrase inventée qui ne figure nulle part dans l’article"[: max(3, len(exact))]
    assert invented not in old
    yield Case(
        "quote found nowhere",
        old,
        span,
        old,
        None,
        Anchor(invented, anchor.prefix, anchor.suffix, s, s + len(invented)),
    )


def all_cases() -> Iterator[tuple[str, str, Case]]:
    for name in ARTICLES:
        old = load(name)
        for span_kind, spans_of in SPAN_KINDS.items():
            for span in spans_of(old):
                for case in make_cases(old, span, other(name)):
                    yield name, span_kind, case


def verdict(case: Case, found: Span | None) -> str:
    if found == case.expected:
        return "correct"
    return "orphan" if found is None else "wrong"


def run_case(case: Case) -> tuple[Span | None, float]:
    anchor = case.anchor or describe(case.old, *case.span)
    t0 = time.perf_counter()
    found = resolve(case.new, anchor)
    return found, time.perf_counter() - t0


def results_table() -> tuple[dict[str, Counter[str]], dict[str, float]]:
    counts: dict[str, Counter[str]] = {}
    seconds: dict[str, float] = {}
    for _, _, case in all_cases():
        found, took = run_case(case)
        counts.setdefault(case.kind, Counter())[verdict(case, found)] += 1
        seconds[case.kind] = seconds.get(case.kind, 0.0) + took
    return counts, seconds


# ---------------------------------------------------------------- the tests

CASES = list(all_cases())


@pytest.mark.parametrize(
    ("case"), [c for _, _, c in CASES], ids=[f"{n}-{k}-{c.span[0]}-{c.kind}" for n, k, c in CASES]
)
def test_edit_never_attaches_to_the_wrong_passage(case: Case) -> None:
    found, _ = run_case(case)
    assert verdict(case, found) != "wrong", (case.new[found[0] : found[1]] if found else None, case.expected)


def test_every_kind_of_edit_reanchors_or_orphans_and_never_misplaces() -> None:
    counts, _ = results_table()
    for kind, c in counts.items():
        assert c["wrong"] == 0, kind
        if kind != "insert inside span":  # a long insertion can change a short quote beyond recognition
            assert c["orphan"] == 0, kind
    assert counts["insert inside span"]["correct"] >= 40


def test_describe_keeps_quote_context_and_position() -> None:
    text = load("russie-otan")
    start = text.index("Ilham Aliyev")
    anchor = describe(text, start, start + len("Ilham Aliyev"))
    assert anchor == Anchor(
        "Ilham Aliyev",
        text[start - CONTEXT : start],
        text[start + 12 : start + 12 + CONTEXT],
        start,
        start + 12,
    )
    assert len(anchor.prefix) == len(anchor.suffix) == 32


def test_describe_trims_whitespace_and_rejects_bad_spans() -> None:
    text = "Un titre\n\n  Le premier paragraphe.  \n"
    anchor = describe(text, 8, 36)
    assert anchor.exact == "Le premier paragraphe."
    assert (anchor.start, anchor.end) == (12, 34)
    assert anchor.prefix == "Un titre\n\n  " and anchor.suffix == "  \n"
    for start, end in [(5, 5), (-1, 3), (3, 99), (8, 12)]:
        with pytest.raises(ValueError):
            describe(text, start, end)


def test_passage_at_the_very_start_does_not_attach_to_the_same_words_elsewhere() -> None:
    text = load("russie-otan")
    anchor = describe(text, 0, len("La Russie"))
    assert resolve(text, anchor) == (0, 9)
    assert resolve(load("azerbaidjan-otan"), anchor) is None
    assert resolve("Préambule. " + text, anchor) == (11, 20)


def test_refresh_describes_the_passage_at_its_new_place() -> None:
    old = load("azerbaidjan-otan")
    start = old.index("Bakou et l’OTAN")
    anchor = describe(old, start, start + 15)
    new = "Mise à jour du 12 septembre.\n\n" + old.replace("\u2019", "'")
    fresh = refresh(new, anchor)
    assert fresh == describe(new, start + 30, start + 45)
    assert fresh is not None and fresh.exact == "Bakou et l'OTAN"
    assert refresh(load("russie-otan"), anchor) is None


def test_resolve_all_matches_resolve_one_by_one() -> None:
    old = load("azerbaidjan-otan")
    anchors = [describe(old, s, e) for s, e in sentences(old)]
    new = old.replace("l’OTAN", "l'Alliance atlantique")
    assert resolve_all(new, anchors) == [resolve(new, a) for a in anchors]
    assert resolve_all(new, []) == []


def test_offsets_count_code_points_with_emoji_before_the_span() -> None:
    old = load("russie-otan")
    start = old.index("Négocié par")
    anchor = describe(old, start, start + 11)
    new = "🇦🇿 Bakou 👍🏽\n\n" + old
    found = resolve(new, anchor)
    assert found == (start + 13, start + 24)
    assert new[found[0] : found[1]] == "Négocié par"


def test_whitespace_and_apostrophes_fold_but_span_stays_tight() -> None:
    old = "Il a dit\u00a0: « l’accord   de paix\nest signé ».\nFin."
    start = old.index("l’accord")
    anchor = describe(old, start, old.index(" »"))
    new = "Il a dit : « l'accord de paix est signé » .\n\nFin."
    found = resolve(new, anchor)
    assert found is not None and new[found[0] : found[1]] == "l'accord de paix est signé"


def test_quote_twice_picks_the_copy_with_its_context() -> None:
    old = load("azerbaidjan-otan")
    start = old.index("la Russie")
    anchor = describe(old, start, start + 9)
    decoy = "Un autre sujet : la Russie, encore.\n"
    new = decoy + old
    assert resolve(new, anchor) == (start + len(decoy), start + len(decoy) + 9)


def test_identical_copies_pick_the_nearest() -> None:
    para = "Le sommet a lieu à Bakou. Les ministres se réunissent demain.\n"
    old = para * 3
    start = 2 * len(para) + para.index("Les ministres")
    anchor = describe(old, start, start + 13)
    new = "Nouveau : " + old
    assert resolve(new, anchor) == (start + 10, start + 23)


def test_short_quote_is_never_matched_approximately() -> None:
    old = load("russie-otan")
    start = old.index("le 8 août") + 3
    anchor = describe(old, start, start + 1)
    assert anchor.exact == "8"
    assert resolve(old, anchor) == (start, start + 1)
    assert resolve(old.replace("le 8 août", "le 9 août"), anchor) is None
    de = old.index(" de ", 500) + 1
    tiny_anchor = describe(old, de, de + 2)
    sentence = next(s for s in sentences(old) if s[0] <= de < s[1])
    assert resolve(old[: sentence[0]] + old[sentence[1] :], tiny_anchor) is None


def test_replaced_text_orphans_every_anchor() -> None:
    third = load("poutine-bakou")
    for name in ARTICLES:
        old = load(name)
        anchors = [describe(old, s, e) for kind in SPAN_KINDS.values() for s, e in kind(old)]
        assert resolve_all(third, anchors) == [None] * len(anchors)


def test_blank_or_empty_anchor_is_an_orphan() -> None:
    assert resolve("Du texte.", Anchor("", "", "", 0, 0)) is None
    assert resolve("Du texte.", Anchor("  ", "", "", 0, 2)) is None
    assert resolve("", describe("Du texte.", 0, 2)) is None


def test_fifty_anchors_in_a_5000_word_article_follow_an_insertion_at_the_top() -> None:
    text = long_article()
    assert len(text.split()) >= 5000
    step = len(text) // 50
    anchors = [describe(text, i * step + 10, i * step + 90) for i in range(50)]
    assert resolve_all(text, anchors) == [(a.start, a.end) for a in anchors]
    header = "Mise à jour.\n\n"
    moved = resolve_all(header + text, anchors)
    assert moved == [(a.start + len(header), a.end + len(header)) for a in anchors]
