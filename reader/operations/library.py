"""Library work shared by the CLI and the window: import files and notes, re-run entity recognition."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from reader.domain import Article, Changes
from reader.entities.model import EntitySpan
from reader.importing import ImportFailure, iter_files, read_file
from reader.importing.notes import NoteOutcome, NotesImportReport, import_pdf_highlights
from reader.importing.notes import import_notes as _import_notes
from reader.operations.base import Result
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
    notes: int = 0  # highlights made in another PDF reader and placed on their passage
    highlights: tuple[NoteOutcome, ...] = ()  # every highlight of the PDF: placed, or kept unplaced and why


def import_files(store: Store, paths: Sequence[Path], recognizer: Recognizer | None = None,
                 progress: Progress | None = None, cancelled: Cancelled | None = None,
                 batch: int = 16) -> Result[list[ImportOutcome]]:
    """Import files and folders; one bad file is reported and the rest go on.

    Each file is stored in its own transaction, so a cancelled or failed import keeps what it finished.
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
    changes = Changes()
    total = len(files)
    for offset in range(0, total, batch):
        chunk = files[offset:offset + batch]
        pending: list[tuple[int, Article]] = []
        for i, path in enumerate(chunk):
            if cancelled and cancelled():
                outcomes.extend(ImportOutcome(str(p), "cancelled") for p in files[offset + i:])
                return Result(changes, outcomes)
            if progress:
                progress(offset + i, total, path.name)
            try:
                article = read_file(path)
                result = store.upsert_article(article)
            except ImportFailure as exc:
                outcomes.append(ImportOutcome(str(path), "failed", error=str(exc)))
                continue
            except OSError as exc:
                outcomes.append(ImportOutcome(str(path), "failed", error=f"{path.name}: {exc.strerror or exc}"))
                continue
            changes = changes | result.changes
            highlights: tuple[NoteOutcome, ...] = ()
            if result.status != "unchanged" and path.suffix.lower() == ".pdf":
                report = import_pdf_highlights(store, path, result.id)
                highlights = tuple(report.placed + report.unplaced)
                if report.error:  # the article is in; say why its highlights are not
                    highlights += (NoteOutcome("highlight", "", "", reason=report.error),)
                changes = changes | report.changes
            outcomes.append(ImportOutcome(str(path), result.status, result.id, orphaned=result.orphaned,
                                          notes=sum(1 for h in highlights if h.placed), highlights=highlights))
            if result.status != "unchanged":
                pending.append((result.id, article))
        if recognizer is not None and pending:
            analysed = recognizer.analyze_many((a.text, a.published) for _, a in pending)
            for (article_id, _), spans in zip(pending, analysed, strict=True):
                changes = changes | store.store_spans(article_id, spans)
    if progress:
        progress(total, total, "")
    if any(o.status in ("imported", "updated") for o in outcomes):
        changes = changes | Changes(library=True)  # new rows, or titles and dates that sort differently
    return Result(changes, outcomes)


def import_notes(store: Store, path: Path | str) -> Result[NotesImportReport]:
    """Notes and links from a W3C Web Annotation file (ours or another tool's), in one transaction."""
    report = _import_notes(store, path)
    return Result(report.changes, report)


def reprocess(store: Store, recognizer: Recognizer, article_ids: Sequence[int],
              progress: Progress | None = None) -> Result[None]:
    """Run the recogniser again on stored articles; user corrections are re-applied on top."""
    changes = Changes()
    articles = [store.articles.get(i) for i in article_ids]
    for n, (article, spans) in enumerate(zip(articles, recognizer.analyze_many(
            (a.text, a.published) for a in articles), strict=True)):
        assert article.id is not None
        changes = changes | store.store_spans(article.id, spans)
        if progress:
            progress(n + 1, len(articles), article.title)
    return Result(changes, None)


def bundled_article_paths() -> list[Path]:
    folder = articles_dir()
    return [folder] if folder.is_dir() else []
