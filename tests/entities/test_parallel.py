"""Recognition in worker processes finds what the in-process pipeline finds, in the same order."""

from __future__ import annotations

import pytest

from reader.entities.parallel import ParallelRecognizer
from reader.entities.pipeline import EntityPipeline

TEXTS = [
    "L’OTAN a réuni ses ministres à Bruxelles le 17 mars 2024.",
    "Vladimir Poutine a reçu Ilham Aliyev à Moscou.",
    "Rien à signaler.",
    "Le sommet de Bakou s’ouvre le 8 août ; Erevan n’y est pas invité.",
    "Emmanuel Macron et Olaf Scholz ont parlé de l’Union européenne.",
    "La Russie et l’Azerbaïdjan ont signé un accord en 2022.",
]


@pytest.mark.slow
def test_worker_processes_give_the_same_spans_in_the_same_order(pipeline: EntityPipeline) -> None:
    items = [(text, "2024-01-01") for text in TEXTS * 2]
    expected = list(pipeline.analyze_many(items))
    with ParallelRecognizer(workers=2, min_parallel=4) as recognizer:
        recognizer.local = pipeline  # the small batch below needs no second model load
        assert list(recognizer.analyze_many(items)) == expected
        assert recognizer._pool is not None  # the batch went to the workers
        assert list(recognizer.analyze_many(items[:2])) == expected[:2]  # a small one stays here
    assert recognizer._pool is None
    assert any(spans for spans in expected)


def test_a_small_batch_never_starts_workers() -> None:
    class Local:
        def analyze_many(self, items, batch_size=32):  # type: ignore[no-untyped-def]
            return iter([[] for _ in items])

    recognizer = ParallelRecognizer(workers=2, min_parallel=24)
    recognizer.local = Local()  # type: ignore[assignment]
    assert list(recognizer.analyze_many([("texte", "")] * 23)) == [[]] * 23
    assert recognizer._pool is None
