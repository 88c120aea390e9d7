"""Entity recognition on every core: worker processes, each with its own model, for big batches."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor
from pathlib import Path
from types import TracebackType

from reader.entities.chunks import merge, split_items
from reader.entities.model import EntitySpan
from reader.entities.pipeline import DEFAULT_MODEL, EntityPipeline, Progress
from reader.processes import process_pool

# Below this many texts a batch stays in this process: starting workers and loading their models
# (about a second each) would cost more than it saves.
MIN_PARALLEL = 24
TEXTS_PER_TASK = 8  # small enough to keep every worker busy to the end, big enough for spaCy's batching

_worker: EntityPipeline | None = None


def _start_worker(gazetteer_path: Path | None, model: str) -> None:
    global _worker
    _worker = EntityPipeline(gazetteer_path, model)
    _ = _worker.nlp, _worker.gazetteer  # load now, not inside the first task


def _analyze_chunk(items: list[tuple[str, str]]) -> list[list[EntitySpan]]:
    assert _worker is not None, "worker started without its pipeline"
    return list(_worker.analyze_many(items, batch_size=TEXTS_PER_TASK))


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class ParallelRecognizer:
    """The entity pipeline, spread over worker processes when a batch is big enough.

    Small batches run on the in-process model, loaded once and kept: a window re-uses it for every
    import. The workers start on the first big batch and stay until ``close()`` (or the end of a
    ``with`` block), so the chunks of one import share them. One batch runs at a time.
    """

    def __init__(self, workers: int | None = None, *, gazetteer_path: Path | None = None,
                 model: str = DEFAULT_MODEL, min_parallel: int = MIN_PARALLEL) -> None:
        self.workers = default_workers() if workers is None else workers
        self.min_parallel = min_parallel
        self._gazetteer_path = gazetteer_path
        self._model = model
        self.local = EntityPipeline(gazetteer_path, model)
        self._pool: Executor | None = None
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        return self.local.version

    def analyze_many(self, items: Iterable[tuple[str, str]], batch_size: int = 32,
                     progress: Progress | None = None) -> Iterator[list[EntitySpan]]:
        """Spans of each (text, published) pair, in input order; the pieces of a long text are shared out too."""
        items = list(items)
        pieces, owners = split_items(items)
        with self._lock:
            if self.workers < 2 or len(pieces) < self.min_parallel:
                more = {"progress": progress} if progress is not None else {}
                results = list(self.local.analyze_many(items, batch_size=batch_size, **more))
            else:
                total, done = sum(len(text) for text, _ in pieces), 0
                chunks = [pieces[i:i + TEXTS_PER_TASK] for i in range(0, len(pieces), TEXTS_PER_TASK)]
                found: list[list[EntitySpan]] = []
                for chunk, spans in zip(chunks, self._workers().map(_analyze_chunk, chunks), strict=True):
                    found.extend(spans)
                    done += sum(len(text) for text, _ in chunk)
                    if progress is not None:
                        progress(done, total)
                results = list(merge(found, owners, len(items)))
        return iter(results)

    def _workers(self) -> Executor:
        if self._pool is None:
            self._pool = process_pool(self.workers, _start_worker, (self._gazetteer_path, self._model))
        return self._pool

    def close(self) -> None:
        """Stop the workers (their models go with them); the in-process model stays loaded."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ParallelRecognizer:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
