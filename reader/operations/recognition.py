"""Entity recognition that always completes: run it on stored articles, record each outcome, resume the rest.

An article is stored as ``pending`` in the transaction that stores it, and becomes ``done`` in the
transaction that stores its mentions: a kill at any point leaves a pending article, which the next
window start, ``reader import`` of the same file or ``reader reprocess --missing`` recognises.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from reader.domain import Article, Changes
from reader.entities.chunks import CHUNK_CHARS
from reader.entities.model import EntitySpan
from reader.operations.base import Result
from reader.store import Store

Progress = Callable[[int, int, str], None]  # done, total, what
Cancelled = Callable[[], bool]
BATCH_ARTICLES = 256
BATCH_CHARS = 2_000_000  # texts held at once, recognised in one call (a longer one goes alone)


class Recognizer(Protocol):
    def analyze_many(self, items: Iterable[tuple[str, str]], batch_size: int = 32) -> Iterable[list[EntitySpan]]: ...


class MissingRecognition(NamedTuple):
    """An article whose entities are missing or out of date, as the check lists it."""

    article_id: int
    title: str
    status: str  # pending | failed | never | out of date
    detail: str = ""  # the error of a failure, the version of an out-of-date recognition

    def line(self) -> str:
        what = {"pending": "entity recognition was interrupted", "failed": "entity recognition failed",
                "never": "entities were never recognised",
                "out of date": "entities were recognised by another version of the recogniser"}[self.status]
        return f"#{self.article_id} {self.title}: {what}" + (f" ({self.detail})" if self.detail else "")


@dataclass
class RecognitionReport:
    """What a run of the recogniser did: articles recognised, and the ones that failed with why."""

    recognised: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)
    cancelled: bool = False


def recognizer_version(recognizer: object) -> str:
    """The version a recogniser records ("" for one that does not say: never out of date)."""
    return str(getattr(recognizer, "version", "") or "")


def current_version() -> str:
    from reader.entities.pipeline import pipeline_version

    return pipeline_version()


def missing_recognition(store: Store, current: str | None = None) -> list[MissingRecognition]:
    """Articles whose recognition is pending, failed, never ran, or ran under another version than ``current``
    (the bundled pipeline's by default). Articles imported with --no-entities are not listed. Qt-free, fast."""
    current = current_version() if current is None else current
    found = []
    for state in store.recognition.needing(current):
        if state.status == "done":
            found.append(MissingRecognition(state.article_id, state.title, "out of date", state.version))
        else:
            found.append(MissingRecognition(state.article_id, state.title, state.status, state.error))
    return found


def resume_recognition(store: Store, progress: Progress | None = None, cancelled: Cancelled | None = None,
                       recognizer: Recognizer | None = None) -> Result[RecognitionReport]:
    """Recognise every article missing_recognition lists (the check's repair; the window's start-up).

    Without a ``recognizer``, the bundled pipeline on every core, stopped at the end.
    """
    own = recognizer is None
    if recognizer is None:
        from reader.entities.parallel import ParallelRecognizer

        recognizer = ParallelRecognizer()
    try:
        ids = [m.article_id for m in missing_recognition(store, version_for(recognizer))]
        return recognise_articles(store, recognizer, ids, progress, cancelled)
    finally:
        if own:
            recognizer.close()  # type: ignore[attr-defined]


def version_for(recognizer: Recognizer) -> str:
    return recognizer_version(recognizer) or current_version()


def recognise_articles(store: Store, recognizer: Recognizer, article_ids: Sequence[int],
                       progress: Progress | None = None, cancelled: Cancelled | None = None
                       ) -> Result[RecognitionReport]:
    """Run the recogniser on stored articles; each is marked done with its mentions, or failed with why."""
    def articles() -> Iterator[Article]:
        for article_id in article_ids:
            yield store.articles.get(article_id)

    return recognise(store, recognizer, articles(), len(article_ids), progress, cancelled)


def recognise(store: Store, recognizer: Recognizer | None, articles: Iterable[Article], total: int,
              progress: Progress | None = None, cancelled: Cancelled | None = None,
              given: Mapping[int, list[EntitySpan]] | None = None) -> Result[RecognitionReport]:
    """Recognise these stored articles, a batch at a time: the texts outside any transaction, then their
    mentions and status in one. ``given``: spans found beforehand, by article id (stored as they are)."""
    report = RecognitionReport()
    changes: list[Changes] = []
    version = recognizer_version(recognizer)
    done = 0
    for batch in _batches(articles):
        if cancelled and cancelled():
            report.cancelled = True
            break
        found: dict[int, list[EntitySpan]] = {}
        todo = []
        for article in batch:
            assert article.id is not None
            if given is not None and article.id in given:
                found[article.id] = given[article.id]
            else:
                todo.append(article)
        failed: dict[int, str] = {}
        if todo and recognizer is not None:
            report_progress = _progress_of(progress, done, total, todo)
            found.update(_analyze(recognizer, todo, report_progress, failed))
        with store.transaction():
            changes.append(store.store_spans_many(
                (a.id, a.text, found[a.id]) for a in batch if a.id is not None and a.id in found))
            ids_done = [a.id for a in batch if a.id is not None and a.id in found]
            store.recognition.mark([i for i in ids_done if given is None or i not in given], "done", version)
            store.recognition.mark([i for i in ids_done if given is not None and i in given], "done", "")
            for article_id, error in failed.items():
                store.recognition.mark([article_id], "failed", version, error)
        report.recognised.extend(ids_done)
        report.failed.update(failed)
        done += len(batch)
        if progress is not None and batch:
            progress(done, total, batch[-1].title)
    return Result(Changes.union(changes), report)


def _batches(articles: Iterable[Article]) -> Iterator[list[Article]]:
    batch: list[Article] = []
    chars = 0
    for article in articles:
        if batch and (len(batch) >= BATCH_ARTICLES or chars + len(article.text) > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(article)
        chars += len(article.text)
    if batch:
        yield batch


def _progress_of(progress: Progress | None, done: int, total: int,
                 todo: list[Article]) -> Callable[[int, int], None] | None:
    """Characters done inside a long text, shown as a percentage beside its title."""
    if progress is None or not any(len(a.text) > CHUNK_CHARS for a in todo):
        return None
    title = todo[0].title if len(todo) == 1 else f"{len(todo)} articles"

    def report(chars: int, of: int) -> None:
        progress(done, total, f"{title}: entities {100 * chars // max(of, 1)}%")

    return report


def _analyze(recognizer: Recognizer, articles: list[Article], progress: Callable[[int, int], None] | None,
             failed: dict[int, str]) -> dict[int, list[EntitySpan]]:
    """Spans by article id; when the batch fails, each article alone, so one bad text fails alone."""
    items = [(a.text, a.published) for a in articles]
    try:
        return {a.id: spans for a, spans in zip(articles, _call(recognizer, items, progress), strict=True)
                if a.id is not None}
    except Exception as exc:
        if len(articles) == 1:
            assert articles[0].id is not None
            failed[articles[0].id] = _one_line(exc)
            return {}
    found: dict[int, list[EntitySpan]] = {}
    for article in articles:
        found.update(_analyze(recognizer, [article], None, failed))
    return found


def _call(recognizer: Recognizer, items: list[tuple[str, str]], progress: Any) -> list[list[EntitySpan]]:
    if progress is not None and "progress" in inspect.signature(recognizer.analyze_many).parameters:
        return list(recognizer.analyze_many(items, progress=progress))  # type: ignore[call-arg]
    return list(recognizer.analyze_many(items))


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:300]
