"""Fine-tune the named-entity component of fr_core_news_md on WiNER-fr news (BRAT, CC BY 4.0).

Only the NER component is trained and written (it carries its own tok2vec; the static vectors stay those
of fr_core_news_md). The reader loads it over the model's own NER when it is present (see
reader/entities/pipeline.py). Run it again with `make train-ner`.

  python scripts/train_ner.py --train ../shared/eval/winer-fr/2016 --dev ../shared/eval/winer-fr/2017
  python scripts/train_ner.py --train ../shared/eval/winer-fr/2016 ../shared/eval/winer-fr/2017 --epochs 12 \
      --out resources/ner

With --dev, the strict F1 of the NER alone (PER/ORG/LOC, outermost spans) on the other year is printed
after every epoch: that is how the number of epochs is chosen without looking at the year scored.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.entities.evaluate import Scores, find_documents, read_brat  # noqa: E402

# WiNER types as the model's labels: events and products are the model's MISC; hours and dates are
# left to the date rules (their words are taught as "no entity").
LABELS: dict[str, str | None] = {
    "Person": "PER", "Organization": "ORG", "Location": "LOC", "Event": "MISC", "Product": "MISC",
    "Date": None, "Hour": None,
}  # fmt: skip
SCORED = ("PER", "ORG", "LOC")


def read_spans(ann: Path) -> list[tuple[int, int, str | None]]:
    """The outermost annotated spans of a BRAT file (nested ones are inside another name)."""
    spans = sorted(((start, end, LABELS[kind]) for start, end, kind in read_brat(ann) if kind in LABELS),
                   key=lambda s: (s[0], -s[1]))
    outer: list[tuple[int, int, str | None]] = []
    for s in spans:
        if outer and s[0] < outer[-1][1]:
            continue
        outer.append(s)
    return outer


def load_year(folders: Iterable[Path]) -> list[tuple[str, list[tuple[int, int, str | None]]]]:
    return [(txt.read_text(encoding="utf-8"), read_spans(ann))
            for folder in folders for txt, ann in find_documents(folder)]


def make_examples(nlp, docs):  # type: ignore[no-untyped-def]
    from spacy.training import Example, offsets_to_biluo_tags

    examples = []
    # a name whose ends fall inside a word is left out of that document's lesson (spaCy's W030 says so)
    warnings.filterwarnings("ignore", message=r"\[W030\]")
    for text, spans in docs:
        doc = nlp.make_doc(text)
        ents = [(s, e, label) for s, e, label in spans if label]
        # words outside any name are taught as no entity ("O"), dates and hours included; a name whose
        # ends fall inside a word stays unknown ("-")
        tags = offsets_to_biluo_tags(doc, ents)
        examples.append(Example.from_dict(doc, {"entities": tags}))
    return examples


def ner_f1(nlp, docs) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Strict F1 of the NER alone, micro over PER/ORG/LOC and per type, scored as the evaluation scores."""
    scores = Scores()
    for (_, spans), doc in zip(docs, nlp.pipe([text for text, _ in docs], batch_size=32), strict=True):
        scores.add({s for s in spans if s[2] in SCORED}, {(e.start_char, e.end_char, e.label_) for e in doc.ents})
    return {"micro": scores.micro(SCORED).scores()[2], **{t: scores.strict[t].scores()[2] for t in SCORED}}


def main(argv: Sequence[str] | None = None) -> int:
    import spacy
    from spacy.util import minibatch

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, nargs="+", required=True, help="BRAT folders to learn from")
    parser.add_argument("--dev", type=Path, nargs="*", default=[], help="BRAT folders to score after each epoch")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--learn-rate", type=float, default=0.0005)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="write the trained NER component here")
    parser.add_argument("--model", default="fr_core_news_md")
    args = parser.parse_args(argv)

    random.seed(args.seed)
    spacy.util.fix_random_seed(args.seed)
    nlp = spacy.load(args.model, exclude=["parser", "attribute_ruler", "lemmatizer", "morphologizer", "tok2vec"])
    train = make_examples(nlp, load_year(args.train))
    dev = load_year(args.dev)
    print(f"{len(train)} training documents from {', '.join(map(str, args.train))}", flush=True)
    if dev:
        print(f"epoch 0 (fr_core_news_md as it is): {format_scores(ner_f1(nlp, dev))}", flush=True)
    optimizer = nlp.resume_training()
    optimizer.learn_rate = args.learn_rate
    for epoch in range(1, args.epochs + 1):
        t = time.perf_counter()
        random.shuffle(train)
        losses: dict[str, float] = {}
        for batch in minibatch(train, size=8):
            nlp.update(batch, drop=args.dropout, sgd=optimizer, losses=losses)
        line = f"epoch {epoch}: loss {losses.get('ner', 0.0):.0f}, {time.perf_counter() - t:.0f} s"
        if dev:
            line += f"; dev {format_scores(ner_f1(nlp, dev))}"
        print(line, flush=True)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        nlp.get_pipe("ner").to_disk(args.out, exclude=["vocab"])
        size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
        print(f"wrote {args.out} ({size / 1e6:.1f} MB)")
    return 0


def format_scores(scores: dict[str, float]) -> str:
    return " ".join(f"{k} {v:.3f}" for k, v in scores.items())


if __name__ == "__main__":
    raise SystemExit(main())
