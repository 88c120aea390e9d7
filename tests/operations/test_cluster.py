"""The corpus recogniser on a local Dask cluster of two worker processes, and its JSON lines imported."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.cli import main
from reader.entities.pipeline import EntityPipeline
from reader.importing import read_text
from reader.store import Store

pytestmark = [pytest.mark.cluster, pytest.mark.slow]

TEXTS = {
    "otan.md": "# Sommet\n\nL’OTAN a réuni ses ministres à Bruxelles le 17 mars 2024.",
    "kremlin.txt": "Vladimir Poutine a reçu Ilham Aliyev à Moscou.",
    "rien.txt": "Rien à signaler.",
    "bakou.txt": "Le sommet de Bakou s’ouvre le 8 août ; Erevan n’y est pas invité.",
    "union.txt": "Emmanuel Macron et Olaf Scholz ont parlé de l’Union européenne.",
}


def test_two_dask_workers_find_what_one_process_finds_and_import_stores_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "vide.txt").write_text("", encoding="utf-8")
    assert main(["entities", "--jsonl", "--dask", "local:2", str(corpus)]) == 1  # the empty file is said
    out, err = capsys.readouterr()
    assert err.strip().splitlines() == [f"reader entities: cannot read {corpus / 'vide.txt'}: file is empty"]
    records = [json.loads(line) for line in out.splitlines()]
    assert [Path(r["doc"]).name for r in records] == sorted(TEXTS)
    pipeline = EntityPipeline()
    for record in records:  # the same spans as one process, on the text the import stores
        text = read_text(record["doc"])
        expected = [{"start": s.start, "end": s.end, "type": s.type, "text": s.text, "entity": s.entity,
                     **({"value": s.value} if s.value else {})} for s in pipeline.analyze(text)]
        assert record["entities"] == expected
    assert any(r["entities"] for r in records)

    jsonl = tmp_path / "mentions.jsonl"
    jsonl.write_text(out, encoding="utf-8")
    db = tmp_path / "lib.sqlite"
    os.remove(corpus / "vide.txt")
    assert main(["--db", str(db), "import", "--no-entities", "--entities", str(jsonl), str(corpus)]) == 0
    with Store(db) as store:
        kremlin = store.articles.find(path=str(corpus / "kremlin.txt"))
        assert kremlin is not None
        assert {m.text for m in store.entities.mentions(kremlin)} == {"Vladimir Poutine", "Ilham Aliyev", "Moscou"}
