"""The scores `python -m reader.entities.evaluate` prints: per type and micro-averaged, strict and partial."""

from __future__ import annotations

import io
from pathlib import Path

from reader.entities.evaluate import Scores, read_gold, report


def test_the_micro_line_pools_every_type_strictly_and_partially(tmp_path: Path) -> None:
    ann = tmp_path / "a.ann"
    ann.write_text("T1\tPerson 0 12\tIlham Aliyev\nT2\tOrganization 20 24\tOTAN\nT3\tLocation 30 35\tBakou\n"
                   "T4\tProduct 40 45\tAirbus\nT5\tLocation 50 55;60 65\tdeux morceaux\n", encoding="utf-8")
    gold = read_gold(ann)
    assert gold == {(0, 12, "PER"), (20, 24, "ORG"), (30, 35, "LOC")}  # products and split spans not scored
    scores = Scores()
    # the person exact, the organisation one character short (partial only), a spurious place
    scores.add(gold, {(0, 12, "PER"), (20, 23, "ORG"), (70, 75, "LOC")})
    out = io.StringIO()
    report(scores, out)
    strict, partial = out.getvalue().split("\n\n")[:2]
    assert strict.splitlines()[-1].split() == ["micro", "0.333", "0.333", "0.333", "3", "3"]
    assert partial.splitlines()[-1].split() == ["micro", "0.667", "0.667", "0.667", "3", "3"]
    assert scores.micro(("PER",)).scores() == (1.0, 1.0, 1.0)
