"""Entity recognition of a corpus on a Dask cluster (the optional ``cluster`` extra): one model per worker.

The files are a dask.bag split in partitions; each worker process loads the recogniser once and runs it
over the partitions it is given, reading each file as `reader import` does, so the offsets it returns
hold for the text the library stores. The results come back in input order.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from reader.entities.model import EntitySpan
from reader.entities.pipeline import EntityPipeline
from reader.importing import read_text

Outcome = tuple[str, list[EntitySpan] | str]  # (file, its spans or why it could not be read)

_pipeline: EntityPipeline | None = None
_pipeline_lock = threading.Lock()


def _worker_pipeline() -> EntityPipeline:
    """The recogniser of this worker process, loaded on its first partition and kept."""
    global _pipeline
    with _pipeline_lock:
        if _pipeline is None:
            _pipeline = EntityPipeline()
        return _pipeline


def recognise_partition(names: Iterable[str]) -> list[Outcome]:
    """Spans for each file of one partition (or the reason it could not be read), in order."""
    texts: dict[int, str] = {}
    outcomes: list[Outcome] = []
    for index, name in enumerate(names):
        try:
            texts[index] = read_text(name)
            outcomes.append((name, []))
        except Exception as exc:  # one unreadable file is reported; the others go on
            outcomes.append((name, getattr(exc, "reason", None) or getattr(exc, "strerror", None) or str(exc)))
    found = _worker_pipeline().analyze_many((text, "") for text in texts.values())
    for index, spans in zip(texts, found, strict=True):
        outcomes[index] = (outcomes[index][0], spans)
    return outcomes


def recognise_on_cluster(files: Sequence[str], scheduler: str, partitions: int | None = None) -> Iterator[Outcome]:
    """Run the recogniser over ``files`` on the cluster at ``scheduler`` (``tcp://host:8786``).

    ``local:N`` starts a cluster of N worker processes on this machine instead (one thread each).
    """
    import dask.bag as db
    from distributed import Client, LocalCluster

    cluster: Any = None
    if scheduler.startswith("local"):
        workers = int(scheduler.partition(":")[2] or 2)
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
        count = partitions or max(1, min(len(files), 4 * workers))
        bag = db.from_sequence(list(files), npartitions=count)
        futures = client.compute(bag.map_partitions(recognise_partition).to_delayed())
        for future in futures:  # in input order; later partitions go on running meanwhile
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
