"""Score the entity pipeline on a BRAT folder (strict and partial precision, recall, F1 per type)."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

GOLD_TYPES: dict[str, str] = {"Person": "PER", "Organization": "ORG", "Location": "LOC", "Date": "DATE"}
SCORED_TYPES: tuple[str, ...] = ("PER", "ORG", "LOC", "DATE")
_DATE_IN_NAME = re.compile(r"(\d{4})[_-](\d{2})[_-](\d{2})")

Span = tuple[int, int, str]


@dataclass
class Counts:
    """Predictions and gold spans, and how many of each found a match (partial: one overlap is enough)."""

    pred: int = 0
    gold: int = 0
    pred_ok: int = 0
    gold_ok: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.pred, self.gold = self.pred + other.pred, self.gold + other.gold
        self.pred_ok, self.gold_ok = self.pred_ok + other.pred_ok, self.gold_ok + other.gold_ok
        return self

    def scores(self) -> tuple[float, float, float]:
        p = self.pred_ok / self.pred if self.pred else 0.0
        r = self.gold_ok / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Scores:
    strict: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in SCORED_TYPES})
    partial: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in SCORED_TYPES})

    def add(self, gold: set[Span], predicted: set[Span]) -> None:
        for t in SCORED_TYPES:
            g = {s for s in gold if s[2] == t}
            p = {s for s in predicted if s[2] == t}
            self.strict[t] += Counts(len(p), len(g), len(g & p), len(g & p))
            self.partial[t] += Counts(
                len(p), len(g),
                sum(1 for a in p if any(a[0] < b[1] and b[0] < a[1] for b in g)),
                sum(1 for b in g if any(a[0] < b[1] and b[0] < a[1] for a in p)),
            )

    def micro(self, types: Sequence[str] = SCORED_TYPES, strict: bool = True) -> Counts:
        """The counts of ``types`` pooled: micro-averaged precision, recall and F1."""
        table = self.strict if strict else self.partial
        total = Counts()
        for t in types:
            total += table[t]
        return total


def read_brat(ann: Path) -> list[tuple[int, int, str]]:
    """The text-bound annotations of a BRAT file as (start, end, BRAT type); discontinuous ones ("0 5;8 12") skipped."""
    spans = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0].startswith("T"):
            continue
        head = cols[1].split()
        if len(head) == 3:
            spans.append((int(head[1]), int(head[2]), head[0]))
    return spans


def read_gold(ann: Path) -> set[Span]:
    return {(start, end, GOLD_TYPES[kind]) for start, end, kind in read_brat(ann) if kind in GOLD_TYPES}


def find_documents(folder: Path) -> list[tuple[Path, Path]]:
    """(txt, ann) pairs under ``folder``, recursively, in a stable order."""
    return [(t, t.with_suffix(".ann")) for t in sorted(folder.rglob("*.txt")) if t.with_suffix(".ann").is_file()]


def published_from_name(path: Path) -> str:
    """The article date a news file name carries ("2017_01_05-002.txt" -> 2017-01-05), else ""."""
    m = _DATE_IN_NAME.search(path.name)
    return f"{m[1]}-{m[2]}-{m[3]}" if m else ""


def predict_pipeline(docs: Sequence[tuple[str, str]]) -> Iterable[set[Span]]:
    from reader.entities.pipeline import EntityPipeline

    for spans in EntityPipeline().analyze_many(docs):
        yield {(s.start, s.end, s.type) for s in spans}


def predict_raw(docs: Sequence[tuple[str, str]]) -> Iterable[set[Span]]:
    import spacy

    nlp = spacy.load("fr_core_news_md")
    for doc in nlp.pipe((text for text, _ in docs), batch_size=32):
        yield {(e.start_char, e.end_char, e.label_) for e in doc.ents}


def evaluate(folder: Path, raw: bool = False) -> Scores:
    pairs = find_documents(folder)
    docs = [(t.read_text(encoding="utf-8"), published_from_name(t)) for t, _ in pairs]
    scores = Scores()
    predict = predict_raw if raw else predict_pipeline
    for (_, ann), predicted in zip(pairs, predict(docs), strict=True):
        scores.add(read_gold(ann), {s for s in predicted if s[2] in SCORED_TYPES})
    return scores


def report(scores: Scores, out: TextIO) -> None:
    for title, table in (("strict", scores.strict), ("partial", scores.partial)):
        out.write(f"{title:8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}\n")
        for t in SCORED_TYPES:
            c = table[t]
            p, r, f = c.scores()
            out.write(f"{t:8} {p:6.3f} {r:6.3f} {f:6.3f} {c.gold:6d} {c.pred:6d}\n")
        micro = scores.micro(strict=title == "strict")
        p, r, f = micro.scores()
        out.write(f"{'micro':8} {p:6.3f} {r:6.3f} {f:6.3f} {micro.gold:6d} {micro.pred:6d}\n\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reader.entities.evaluate", description=__doc__)
    parser.add_argument("folder", type=Path, help="BRAT folder: .txt and .ann pairs, searched recursively")
    parser.add_argument("--raw", action="store_true", help="score raw fr_core_news_md, all components on (baseline)")
    parser.add_argument("--ner", metavar="FOLDER",
                        help='another fine-tuned NER component (scripts/train_ner.py --out), or "none" for '
                             "fr_core_news_md's own")
    args = parser.parse_args(argv)
    if args.ner:
        from reader.entities.pipeline import TRAINED_NER_ENV

        os.environ[TRAINED_NER_ENV] = args.ner
    if not args.folder.is_dir():
        print(f"not a folder: {args.folder}", file=sys.stderr)
        return 2
    report(evaluate(args.folder, raw=args.raw), sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
