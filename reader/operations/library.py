"""Library work shared by the CLI and the window: import files and notes, re-run entity recognition."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from reader.domain import Article, Changes
from reader.entities.cli import span_from_json
from reader.entities.model import EntitySpan
from reader.importing import ImportFailure, iter_files, read_file
from reader.importing.notes import NoteOutcome, NotesImportReport
from reader.importing.notes import import_notes as _import_notes
from reader.importing.pdf_highlights import import_pdf_highlights
from reader.operations.base import Result
from reader.operations.recognition import (
    Recognizer,
    missing_recognition,
    recognise,
    recognise_articles,
    version_for,
)
from reader.paths import articles_dir
from reader.processes import process_pool
from reader.store import Store

Progress = Callable[[int, int, str], None]  # done, total, what
Cancelled = Callable[[], bool]

@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one input file."""

    path: str
    status: str  # imported | updated | unchanged | recognised (unchanged, its entities completed) | failed | cancelled
    id: int | None = None
    error: str = ""
    orphaned: int = 0
    notes: int = 0  # highlights made in another PDF reader and placed on their passage
    highlights: tuple[NoteOutcome, ...] = ()  # every highlight of the PDF: placed, or kept unplaced and why
    entities: str = ""  # done | pending (cancelled before) | failed | "" (not asked: unchanged, or --no-entities)
    entities_error: str = ""


def import_files(store: Store, paths: Sequence[Path], recognizer: Recognizer | None = None,
                 progress: Progress | None = None, cancelled: Cancelled | None = None,
                 batch: int = 256, entities: Mapping[str, list[EntitySpan]] | None = None,
                 ) -> Result[list[ImportOutcome]]:
    """Import files and folders; one bad file is reported and the rest go on.

    ``entities`` holds mentions found beforehand (see ``read_entities``), by absolute file path: those
    files are stored with them instead of being recognised.

    Each batch of files is read and stored in one transaction, every article marked pending (skipped
    without a recogniser); then recognised outside any transaction, and its mentions stored with the
    mark "done" in another (see operations/recognition.py). A file already in whose recognition did not
    complete is recognised now ("recognised"). A cancelled import keeps the batches it stored.
    """
    outcomes: list[ImportOutcome] = []
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            outcomes.append(ImportOutcome(str(path), "failed", error=f"{path}: no such file or folder"))
        elif path.is_dir():
            files.extend(iter_files([path]))
        else:
            files.append(path)
    # Without recognition, reading the files is half the work: a reading process reads the next batch
    # while this one is stored, so a big import runs on two cores.
    prefetch = _Prefetch(files, batch) if recognizer is None and not entities and len(files) >= PREFETCH_MIN else None
    try:
        return _import_batches(store, files, outcomes, recognizer, progress, cancelled, batch, entities, prefetch)
    finally:
        if prefetch is not None:
            prefetch.close()


def _import_batches(store: Store, files: list[Path], outcomes: list[ImportOutcome], recognizer: Recognizer | None,
                    progress: Progress | None, cancelled: Cancelled | None, batch: int,
                    entities: Mapping[str, list[EntitySpan]] | None, prefetch: _Prefetch | None,
                    ) -> Result[list[ImportOutcome]]:
    changes: list[Changes] = []
    total = len(files)
    needing = {m.article_id for m in missing_recognition(store, version_for(recognizer))} if recognizer else set()
    for offset in range(0, total, batch):
        chunk = files[offset:offset + batch]
        read: list[tuple[Path, Article | ImportOutcome]] = []
        stop = False
        ahead = prefetch.take(offset) if prefetch is not None else None
        if prefetch is not None:
            prefetch.ask(offset + batch)  # read while this batch is stored
        if ahead is not None:
            stop = bool(cancelled and cancelled())
            if not stop:
                if progress:
                    progress(offset, total, chunk[0].name)
                read = list(zip(chunk, ahead, strict=True))
        else:
            for i, path in enumerate(chunk):
                if cancelled and cancelled():
                    stop = True
                    break
                if progress:
                    progress(offset + i, total, path.name)
                read.append((path, _read(path)))
        if stop:
            outcomes.extend(ImportOutcome(str(p), "cancelled") for p in files[offset:])
            break
        to_recognise: list[tuple[int, Article]] = []  # (index in outcomes, article with its id)
        given: dict[int, list[EntitySpan]] = {}
        skipped: list[int] = []  # stored without recognition: marked so in one statement
        with store.transaction():
            for path, item in read:
                if isinstance(item, ImportOutcome):
                    outcomes.append(item)
                    continue
                outcome, article_changes = _store_one(store, path, item)
                outcomes.append(outcome)
                changes.append(article_changes)
                if outcome.id is None:
                    continue
                spans = entities.get(item.path) if entities and item.path else None
                if outcome.status == "unchanged":
                    if spans is not None or recognizer is None or outcome.id not in needing and \
                            store.recognition.get(outcome.id).status != "skipped":
                        continue
                elif spans is None and recognizer is None:
                    skipped.append(outcome.id)
                    continue
                store.recognition.mark([outcome.id], "pending")
                if spans is not None:
                    given[outcome.id] = spans
                to_recognise.append((len(outcomes) - 1, replace(item, id=outcome.id)))
            store.recognition.mark(skipped, "skipped")
        if not to_recognise:
            continue
        done = recognise(store, recognizer, [a for _, a in to_recognise], total,
                         _offset_progress(progress, offset, len(chunk), total), cancelled, given)
        changes.append(done.changes)
        report = done.value
        for index, article in to_recognise:
            outcome = outcomes[index]
            if article.id in report.failed:
                outcomes[index] = replace(outcome, entities="failed", entities_error=report.failed[article.id])
            elif article.id in report.recognised:
                outcomes[index] = replace(outcome, entities="done",
                                          status="recognised" if outcome.status == "unchanged" else outcome.status)
            else:
                outcomes[index] = replace(outcome, entities="pending")
        if report.cancelled or (cancelled and cancelled()):
            outcomes.extend(ImportOutcome(str(p), "cancelled") for p in files[offset + len(chunk):])
            break
    else:
        if progress:
            progress(total, total, "")
    if any(o.status in ("imported", "updated") for o in outcomes):
        changes.append(Changes(library=True))  # new rows, or titles and dates that sort differently
    return Result(Changes.union(changes), outcomes)


def _offset_progress(progress: Progress | None, offset: int, size: int, total: int) -> Progress | None:
    """The recogniser's progress through a batch, as the progress of the whole import."""
    if progress is None:
        return None

    def report(done: int, _of: int, what: str) -> None:
        progress(min(offset + done, offset + size, total), total, what)

    return report


def read_entities(jsonl: Path, paths: Sequence[Path]) -> dict[str, list[EntitySpan]]:
    """Mentions from `reader entities --jsonl` output for the files among ``paths``, checked against their text.

    Every span must hold exactly its text at its offsets in the text an import stores; else ValueError
    with one line naming the line of ``jsonl`` and the file, before anything is stored.
    """
    wanted = {os.path.abspath(p) for p in iter_files(paths)}
    found: dict[str, tuple[int, list[EntitySpan]]] = {}
    try:
        lines = jsonl.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{jsonl}: cannot read the entities file ({getattr(exc, 'strerror', None) or exc})") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            doc = os.path.abspath(str(record["doc"]))
            spans = [span_from_json(item) for item in record["entities"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{jsonl} line {number}: not a line of `reader entities --jsonl` ({exc})") from exc
        if doc in wanted:
            found[doc] = (number, spans)
    for doc, (number, spans) in found.items():
        try:
            text = read_file(Path(doc)).text
        except (ImportFailure, OSError):
            continue  # the import itself says why this file cannot be read
        for span in spans:
            if not (0 <= span.start < span.end <= len(text)) or text[span.start:span.end] != span.text:
                raise ValueError(
                    f"{jsonl} line {number}: {span.text!r} at {span.start}-{span.end} is not in the text of {doc} "
                    f"(it holds {text[span.start:span.end][:40]!r} there); nothing was imported")
    return {doc: spans for doc, (_, spans) in found.items()}


PREFETCH_MIN = 2048  # files: below this, starting the reading process costs about what it saves


def _read_paths(paths: list[Path]) -> list[Article | ImportOutcome]:
    return [_read(path) for path in paths]


class _Prefetch:
    """Batches of files read ahead in one worker process. If the process dies, the batch is read here instead."""

    def __init__(self, files: list[Path], batch: int) -> None:
        self._pool: ProcessPoolExecutor | None = process_pool(1)
        self._files, self._batch = files, batch
        self._pending: dict[int, Future[list[Article | ImportOutcome]]] = {}

    def ask(self, offset: int) -> None:
        if self._pool is not None and offset < len(self._files):
            self._pending[offset] = self._pool.submit(_read_paths, self._files[offset:offset + self._batch])

    def take(self, offset: int) -> list[Article | ImportOutcome] | None:
        """The batch at ``offset`` if it was asked for (None: read it here)."""
        future = self._pending.pop(offset, None)
        if future is None:
            return None
        try:
            return future.result()
        except BrokenProcessPool:
            self.close()
            return None

    def close(self) -> None:
        """Stop the process; a batch still being read (the import was cancelled or failed) is not waited for."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=not self._pending, cancel_futures=True)
        self._pending.clear()


def _read(path: Path) -> Article | ImportOutcome:
    try:
        return read_file(path)
    except ImportFailure as exc:
        return ImportOutcome(str(path), "failed", error=str(exc))
    except OSError as exc:
        return ImportOutcome(str(path), "failed", error=f"{path.name}: {exc.strerror or exc}")


def _store_one(store: Store, path: Path, article: Article) -> tuple[ImportOutcome, Changes]:
    result = store.upsert_article(article)
    changes = result.changes
    highlights: tuple[NoteOutcome, ...] = ()
    if result.status != "unchanged" and path.suffix.lower() == ".pdf":
        report = import_pdf_highlights(store, path, result.id)
        highlights = tuple(report.placed + report.unplaced)
        if report.error:  # the article is in; say why its highlights are not
            highlights += (NoteOutcome("highlight", "", "", reason=report.error),)
        changes = changes | report.changes
    return ImportOutcome(str(path), result.status, result.id, orphaned=result.orphaned,
                         notes=sum(1 for h in highlights if h.placed), highlights=highlights), changes


def import_notes(store: Store, path: Path | str,
                 progress: Callable[[int, int], None] | None = None) -> Result[NotesImportReport]:
    """Notes and links from a W3C Web Annotation file (ours or another tool's), in short transactions
    (another program's write waits at most about a fifth of a second); see ``reader.importing.notes``.

    The library is backed up first when it already holds notes (``backups/`` beside it, rotated).
    """
    if store.path != ":memory:" and not store.read_only and store.has_notes():
        store.backup("before-notes-import")
    report = _import_notes(store, path, progress)
    return Result(report.changes, report)


def reprocess(store: Store, recognizer: Recognizer, article_ids: Sequence[int],
              progress: Progress | None = None, batch: int = 256) -> Result[None]:
    """Run the recogniser again on stored articles; user corrections are re-applied on top.

    Batch by batch: the texts are recognised outside any transaction, then stored in one, each article
    marked done (or failed, with why: see operations/recognition.py).
    """
    return Result(recognise_articles(store, recognizer, article_ids, progress).changes, None)


def bundled_article_paths() -> list[Path]:
    folder = articles_dir()
    return [folder] if folder.is_dir() else []
