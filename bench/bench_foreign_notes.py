"""Import notes written by other tools into a library of the bundled articles; print placed / unplaced / misplaced.

The notes are built from the stored article texts, so each one has a ground truth: the article and
the exact span it belongs to, or none (the passage is missing, or its context cannot tell). They
come as other tools write them: half as a Hypothesis API search result (``rows``), half as W3C
annotations from an annotation tool, with quote variants (apostrophes, quotation marks,
non-breaking and thin spaces, soft hyphens, ligatures, line breaks), contexts that decide between
duplicates, ties, contradicting contexts and missing passages.

    python bench/bench_foreign_notes.py [--verbose]

misplaced must be 0: a note on a wrong passage is a defect; an unplaced one is kept and listed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from reader.importing.notes import import_notes  # noqa: E402
from reader.operations.library import import_files  # noqa: E402
from reader.store import Store  # noqa: E402

CONTEXT = 32


@dataclass(frozen=True)
class Case:
    kind: str
    exact: str
    prefix: str
    suffix: str
    article: int | None  # where the note belongs (None: nowhere, it must stay unplaced)
    span: tuple[int, int] | None
    start: int | None = None  # a TextPositionSelector in the tool's copy, when it wrote one


def words(text: str, rng: random.Random, n: int, need: str = "") -> Iterator[tuple[int, int]]:
    """Spans of ``n`` consecutive words (containing ``need`` when given), in a random order."""
    tokens = [m.span() for m in re.finditer(r"\S+", text)]
    starts = list(range(len(tokens) - n))
    rng.shuffle(starts)
    for i in starts:
        start, end = tokens[i][0], tokens[i + n - 1][1]
        while end > start and text[end - 1] in ".,;:!?)»\"":
            end -= 1
        if need and need not in text[start:end]:
            continue
        yield start, end


def guillemets(text: str) -> str:
    """Straight double quotes as French guillemets with no-break spaces inside, the way a web page has them."""
    out = []
    for i, c in enumerate(text):
        if c != '"':
            out.append(c)
        elif i == 0 or not text[i - 1].isalnum():
            out.append("«\u00a0")
        else:
            out.append("\u00a0»")
    return "".join(out)


def curly(text: str) -> str:
    return text.replace("'", "\u2019").replace(" ", "\u00a0", 1)


def unique(texts: dict[int, str], exact: str) -> bool:
    return sum(t.count(exact) for t in texts.values()) == 1


def context(text: str, span: tuple[int, int]) -> tuple[str, str]:
    return text[max(0, span[0] - CONTEXT):span[0]], text[span[1]:span[1] + CONTEXT]


def build_cases(texts: dict[int, str], seed: int = 12) -> list[Case]:
    rng = random.Random(seed)
    cases: list[Case] = []
    ids = sorted(texts)

    def take(kind: str, article: int, n: int, count: int, need: str = "", variant: Any = None,
             with_context: bool = True, must_be_unique: bool = True) -> None:
        text = texts[article]
        got = 0
        for span in words(text, rng, n, need):
            exact = text[slice(*span)]
            if must_be_unique and not unique(texts, exact):
                continue
            if any(c.span == span and c.article == article for c in cases):
                continue
            prefix, suffix = context(text, span) if with_context else ("", "")
            quote = variant(exact) if variant else exact
            if quote == exact and variant:
                continue
            cases.append(Case(kind, quote, prefix, suffix, article, span, span[0] + 120))
            got += 1
            if got == count:
                return

    for article in ids:  # plain quotes with their context, as most tools write them
        take("exact with context", article, rng.randint(3, 9), 2)
    for article in ids[:3]:
        take("unique, no context", article, 5, 1, with_context=False)
    apostrophe = {"'": "\u2019", "\u2019": "'"}
    for article in ids:
        take("apostrophe ’ <-> '", article, 4, 1, need="'" if "'" in texts[article] else "\u2019",
             variant=lambda s: "".join(apostrophe.get(c, c) for c in s))
    for article in ids:
        take("modifier apostrophe ʼ", article, 3, 1, need="'" if "'" in texts[article] else "\u2019",
             variant=lambda s: s.replace("'", "\u02bc").replace("\u2019", "\u02bc"))
    for article in ids:
        take("quotation marks « » “ ”", article, 6, 2, need='"', variant=guillemets)
    for article in ids[:4]:
        take("no-break and thin spaces", article, 6, 1,
             variant=lambda s: s.replace(" ", "\u00a0", 2).replace(" ", "\u2009", 1))
    for article in ids:
        take("soft hyphen", article, 5, 1, variant=lambda s: re.sub(r"(\w{4})(\w{4,})", "\\1\u00ad\\2", s, count=1))
    for article in ids:
        take("ligature ﬁ/ﬂ", article, 5, 1, need="fi" if "fi" in texts[article] else "fl",
             variant=lambda s: s.replace("fi", "\ufb01").replace("fl", "\ufb02"))
    for article in ids:
        take("line break", article, 8, 1, variant=lambda s: s.replace(" ", "\n", 2).replace("\n", " ", 1))
    # Context written by a web page: typographic apostrophes and spaces in the quote and around it.
    for article in ids[:4]:
        text = texts[article]
        for span in words(text, rng, 4, need="'" if "'" in text else ""):
            exact = text[slice(*span)]
            if unique(texts, exact):
                prefix, suffix = context(text, span)
                cases.append(Case("context in typographic form", curly(exact), curly(prefix), curly(suffix),
                                  article, span))
                break
    # A paragraph's first words: the page had a photo caption before it, the text after is the same.
    for article in ids:
        text = texts[article]
        starts = [m.end() for m in re.finditer(r"\n\n(?=[A-ZÀ-Ý][a-zà-ÿ])", text)]
        rng.shuffle(starts)
        for at in starts:
            span = (at, at + len(" ".join(text[at:].split(" ")[:5])))
            if "\n" not in text[slice(*span)] and unique(texts, text[slice(*span)]):
                cases.append(Case("one side from another page layout", text[slice(*span)],
                                  "Photo : Reuters / Alamy. \n", context(text, span)[1], article, span))
                break
    # The article's very first words: the page had its menu before them.
    for article in ids[:3]:
        text = texts[article]
        span = (0, len(" ".join(text.split(" ")[:4])))
        if unique(texts, text[slice(*span)]):
            cases.append(Case("start of the article", text[slice(*span)], "Accueil > International > Europe\n",
                              context(text, span)[1], article, span))
    # Duplicates: a name found many times, the context of one occurrence decides.
    for name in ("Bakou", "Poutine", "OTAN", "Arménie", "Russie", "Azerbaïdjan"):
        spots = [(a, m.span()) for a in ids for m in re.finditer(name, texts[a])]
        for article, span in rng.sample(spots, min(2, len(spots))):
            cases.append(Case("duplicate, context decides", name, *context(texts[article], span), article, span))
    for name in ("Bakou", "l'Arménie", "Aliyev", "Stoltenberg"):
        spots = [(a, m.span()) for a in ids for m in re.finditer(name, texts[a])]
        for article, span in rng.sample(spots, min(1, len(spots))):
            cases.append(Case("duplicate, prefix only", name, context(texts[article], span)[0], "", article, span))
    # Ties: no context, or only context that every occurrence shares.
    for name in ("Bakou", "Kremlin", "Poutine", "l'Azerbaïdjan"):
        cases.append(Case("tie, no context", name, "", "", None, None))
    cases.append(Case("tie, shared context", "Azerbaïdjan", "l'", "", None, None))
    # Contradicting contexts: the quote is there, the text around it says another passage was meant.
    cases.append(Case("contradicting context", "Makhatchkala", "Le président du Daghestan a visité ",
                      " lundi matin pour inaugurer", None, None))
    other = [(a, s) for a in ids for _, s in zip(range(10), words(texts[a], rng, 6), strict=False)]
    for article in ids:
        for span in words(texts[article], rng, 4):
            exact = texts[article][slice(*span)]
            if not unique(texts, exact):
                continue
            far_article, far = rng.choice([o for o in other if o[0] != article])
            prefix = texts[far_article][max(0, far[0] - CONTEXT):far[0]]
            suffix = texts[far_article][far[1]:far[1] + CONTEXT]
            cases.append(Case("contradicting context", exact, prefix, suffix, None, None))
            break
    # Plausible contexts from another article on the same subject: the name is here, that sentence is not.
    for exact, prefix, suffix in (
            ("Bakou", "Le président est arrivé à ", " mardi soir pour un sommet régional."),
            ("OTAN", "Le secrétaire général de l'", " a démissionné hier soir."),
            ("Poutine", "Selon Vladimir ", ", la guerre est finie."),
            ("Arménie", "La frontière avec l'", " restera fermée jusqu'en mai."),
            ("Haut-Karabakh", "les réfugiés du ", " ont été relogés à Erevan")):
        cases.append(Case("plausible context, wrong", exact, prefix, suffix, None, None))
    # Missing passages: said in another article, not in ours.
    for exact, prefix, suffix in (
            ("le sommet de Vilnius a été reporté", "Selon nos informations, ", " à une date inconnue."),
            ("une délégation iranienne", "", ""),
            ("Le ministre a démenti toute négociation secrète", "Hier soir, ", ". Il a ajouté"),
            ("la frontière avec la Géorgie", "le long de ", " reste fermée")):
        cases.append(Case("missing passage", exact, prefix, suffix, None, None))
    # A passage reworded in the tool's copy of the page: found from its context, or left alone.
    for article in ids[:3]:
        for span in words(texts[article], rng, 10):
            exact = texts[article][slice(*span)]
            changed = re.sub(r"\b(\w{5,})\b", lambda m: m.group(1)[:-1], exact, count=1)
            if changed != exact and unique(texts, exact):
                cases.append(Case("reworded, context intact", changed, *context(texts[article], span), article, span))
                break
    return cases


def hypothesis_row(n: int, case: Case) -> dict[str, Any]:
    selectors: list[dict[str, Any]] = [{"type": "RangeSelector", "startContainer": "/div[1]/p[2]", "startOffset": 0,
                                        "endContainer": "/div[1]/p[2]", "endOffset": 10}]
    if case.start is not None:
        selectors.append({"type": "TextPositionSelector", "start": case.start, "end": case.start + len(case.exact)})
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": case.exact}
    if case.prefix:
        quote["prefix"] = case.prefix
    if case.suffix:
        quote["suffix"] = case.suffix
    selectors.append(quote)
    return {"id": f"bench{n:04d}Hx", "created": "2024-03-21T10:00:00.000000+00:00",
            "updated": "2024-03-22T08:30:00.000000+00:00", "user": "acct:analyste@hypothes.is",
            "uri": f"https://news.example/article-{n}", "text": f"bench:{n}", "tags": ["bench"],
            "group": "__world__", "permissions": {"read": ["group:__world__"]},
            "target": [{"source": f"https://news.example/article-{n}", "selector": selectors}],
            "document": {"title": [f"Article {n}"]}, "links": {"html": f"https://hypothes.is/a/bench{n:04d}Hx"},
            "flagged": False, "hidden": False, "references": []}


def w3c_annotation(n: int, case: Case) -> dict[str, Any]:
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": case.exact}
    if case.prefix:
        quote["prefix"] = case.prefix
    if case.suffix:
        quote["suffix"] = case.suffix
    return {"@context": "http://www.w3.org/ns/anno.jsonld", "id": f"https://annotations.example/bench/{n}",
            "type": "Annotation", "motivation": "commenting", "creator": {"id": "https://example.org/u/1",
                                                                           "name": "Analyste"},
            "created": "2024-03-21T10:00:00Z",
            "body": [{"type": "TextualBody", "value": f"bench:{n}", "format": "text/plain", "purpose": "commenting"}],
            "target": {"source": f"https://documents.example/{n}", "selector": [quote]}}


def run(verbose: bool, seed: int = 12) -> int:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "library.sqlite") as store:
        outcomes = import_files(store, sorted((ROOT / "articles").glob("*.md")), None).value
        ids = [o.id for o in outcomes if o.id is not None]
        texts = {i: store.articles.get(i).text for i in ids}
        cases = build_cases(texts)
        rows = {"total": 0, "rows": [hypothesis_row(n, c) for n, c in enumerate(cases) if n % 2 == 0]}
        rows["total"] = len(rows["rows"])
        w3c = {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
               "first": {"type": "AnnotationPage",
                         "items": [w3c_annotation(n, c) for n, c in enumerate(cases) if n % 2 == 1]}}
        (Path(tmp) / "hypothesis.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        (Path(tmp) / "tool.jsonld").write_text(json.dumps(w3c, ensure_ascii=False), encoding="utf-8")
        began = time.perf_counter()
        reports = [import_notes(store, Path(tmp) / name) for name in ("hypothesis.json", "tool.jsonld")]
        took = time.perf_counter() - began
        placed_at: dict[str, Any] = {}
        for article_id in store.articles.ids(sort="imported", descending=False):  # the holder too
            for ann in store.annotations.for_article(article_id):
                placed_at[ann.note] = (ann.article_id, (ann.start, ann.end)) if not ann.orphan else None
        reported = sum(len(r.placed) + len(r.unplaced) for r in reports)
    tally: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = {}
    for n, case in enumerate(cases):
        got = placed_at.get(f"bench:{n}", "missing")
        if got == "missing":
            verdict = "dropped"
        elif got is None:
            verdict = "unplaced" + (" (should be placed)" if case.article is not None else "")
        elif case.article is None or got != (case.article, case.span):
            verdict = "misplaced"
        else:
            verdict = "placed"
        tally[verdict] += 1
        by_kind.setdefault(case.kind, Counter())[verdict] += 1
        if verbose and verdict not in ("placed", "unplaced"):
            print(f"  {verdict}: {case.kind}: {case.exact!r} -> {got}", file=sys.stderr)
    should = sum(1 for c in cases if c.article is not None)
    print(f"{len(cases)} foreign notes against {len(texts)} bundled articles "
          f"({should} belong to a passage, {len(cases) - should} must stay unplaced); "
          f"{reported} reported; import took {took * 1000:.0f} ms\n")
    print(f"| {'kind':34} | notes | placed | unplaced | misplaced |")
    print(f"|{'-' * 36}|------:|-------:|---------:|----------:|")
    for kind, c in by_kind.items():
        unplaced = c["unplaced"] + c["unplaced (should be placed)"] + c["dropped"]
        print(f"| {kind:34} | {sum(c.values()):5} | {c['placed']:6} | {unplaced:8} | {c['misplaced']:9} |")
    unplaced = tally["unplaced"] + tally["unplaced (should be placed)"] + tally["dropped"]
    print(f"\nplaced {tally['placed']} / unplaced {unplaced} / misplaced {tally['misplaced']}"
          f"  (of the unplaced, {tally['unplaced (should be placed)']} had a passage; "
          f"{tally['dropped']} dropped from the library)")
    return 1 if tally["misplaced"] or tally["dropped"] or reported != len(cases) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list every note not placed where it belongs")
    parser.add_argument("--seed", type=int, default=12, help="another draw of passages (default 12)")
    args = parser.parse_args(argv)
    return run(args.verbose, args.seed)


if __name__ == "__main__":
    sys.exit(main())
