"""Library-level work shared by the CLI and the window: importing files with entities, re-processing."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from reader.domain import Article, Changes
from reader.entities.model import EntitySpan
from reader.exporting.notes_import import import_pdf_highlights
from reader.importing import ImportFailure, iter_files, read_file
from reader.paths import articles_dir
from reader.store import Store

Progress = Callable[[int, int, str], None]  # done, total, what
Cancelled = Callable[[], bool]


class Recognizer(Protocol):
    def analyze_many(self, items: Iterable[tuple[str, str]], batch_size: int = 32) -> Iterable[list[EntitySpan]]: ...


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one input file."""

    path: str
    status: str  # imported | updated | unchanged | failed | cancelled
    id: int | None = None
    error: str = ""
    orphaned: int = 0
    notes: int = 0  # highlights brought in from a PDF made in another reader


def import_paths(store: Store, paths: Sequence[Path], recognizer: Recognizer | None = None,
                 progress: Progress | None = None, cancelled: Cancelled | None = None,
                 batch: int = 256) -> tuple[list[ImportOutcome], Changes]:
    """Import files and folders; one bad file is reported and the rest go on.

    Each batch of files is read, recognised (outside any transaction, so the library stays writable
    meanwhile) and then stored in one transaction: a commit per file would cost more than the file.
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
    changes: list[Changes] = []
    total = len(files)
    for offset in range(0, total, batch):
        chunk = files[offset:offset + batch]
        read: list[tuple[Path, Article | ImportOutcome]] = []
        stop = False
        for i, path in enumerate(chunk):
            if cancelled and cancelled():
                stop = True
                break
            if progress:
                progress(offset + i, total, path.name)
            try:
                read.append((path, read_file(path)))
            except ImportFailure as exc:
                read.append((path, ImportOutcome(str(path), "failed", error=str(exc))))
            except OSError as exc:
                read.append((path, ImportOutcome(str(path), "failed", error=f"{path.name}: {exc.strerror or exc}")))
        spans: dict[int, list[EntitySpan]] = {}
        if recognizer is not None and not stop:
            # what is already in the library is not recognised again
            fresh = [k for k, (_, item) in enumerate(read) if isinstance(item, Article)
                     and not (item.content_hash and store.find_article(content_hash=item.content_hash))]
            texts = [(item.text, item.published) for k in fresh for item in [read[k][1]] if isinstance(item, Article)]
            spans = dict(zip(fresh, recognizer.analyze_many(texts), strict=True))
            stop = bool(cancelled and cancelled())
        if stop:
            outcomes.extend(ImportOutcome(str(p), "cancelled") for p in files[offset:])
            return outcomes, Changes.union(changes)
        with store.transaction():
            to_store = []
            for k, (path, item) in enumerate(read):
                if isinstance(item, ImportOutcome):
                    outcomes.append(item)
                    continue
                result = store.upsert_article(item)
                changes.append(result.changes)
                notes = 0
                if result.status != "unchanged" and path.suffix.lower() == ".pdf":
                    report = import_pdf_highlights(store, path, result.id)
                    notes = report.attached
                    changes.append(report.changes)
                outcomes.append(ImportOutcome(str(path), result.status, result.id, orphaned=result.orphaned,
                                              notes=notes))
                if result.status != "unchanged" and recognizer is not None:
                    found = spans.get(k)
                    if found is None:  # same text as an earlier file of this batch, stored under a new path
                        found = next(iter(recognizer.analyze_many([(item.text, item.published)])))
                    to_store.append((result.id, item.text, found))
            changes.append(store.store_spans_many(to_store))
    if progress:
        progress(total, total, "")
    return outcomes, Changes.union(changes)


def reprocess(store: Store, recognizer: Recognizer, article_ids: Sequence[int],
              progress: Progress | None = None) -> Changes:
    """Run the recogniser again on stored articles; user corrections are re-applied on top."""
    changes = Changes()
    articles = [store.get_article(i) for i in article_ids]
    for n, (article, spans) in enumerate(zip(articles, recognizer.analyze_many(
            (a.text, a.published) for a in articles), strict=True)):
        assert article.id is not None
        changes = changes | store.store_spans(article.id, spans)
        if progress:
            progress(n + 1, len(articles), article.title)
    return changes


def bundled_article_paths() -> list[Path]:
    folder = articles_dir()
    return [folder] if folder.is_dir() else []
