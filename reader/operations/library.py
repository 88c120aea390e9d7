"""Library work shared by the CLI and the window: import files and notes, re-run entity recognition."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from reader.domain import Article, Changes
from reader.entities.cli import span_from_json
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
                 batch: int = 256, entities: Mapping[str, list[EntitySpan]] | None = None,
                 ) -> Result[list[ImportOutcome]]:
    """Import files and folders; one bad file is reported and the rest go on.

    ``entities`` holds mentions found beforehand (see ``read_entities``), by absolute file path: those
    files are stored with them instead of being recognised.

    Each batch of files is read, recognised (outside any transaction, so the library stays writable
    meanwhile) and stored in one transaction: a commit per file would cost more than a small file.
    A cancelled import keeps the batches it finished.
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
            read.append((path, _read(path)))
        spans: dict[int, list[EntitySpan]] = {
            k: entities[item.path] for k, (_, item) in enumerate(read)
            if entities and isinstance(item, Article) and item.path in entities}
        if recognizer is not None and not stop:
            # what the library holds already is not recognised again
            fresh = [k for k, (_, item) in enumerate(read) if isinstance(item, Article) and k not in spans
                     and not (item.content_hash and store.articles.find(content_hash=item.content_hash))]
            texts = [(item.text, item.published) for k in fresh for item in [read[k][1]] if isinstance(item, Article)]
            spans.update(zip(fresh, recognizer.analyze_many(texts), strict=True))
            stop = bool(cancelled and cancelled())
        if stop:
            outcomes.extend(ImportOutcome(str(p), "cancelled") for p in files[offset:])
            break
        with store.transaction():
            to_store = []
            for k, (path, item) in enumerate(read):
                if isinstance(item, ImportOutcome):
                    outcomes.append(item)
                    continue
                outcome, article_changes = _store_one(store, path, item)
                outcomes.append(outcome)
                changes.append(article_changes)
                if outcome.status == "unchanged" or outcome.id is None:
                    continue
                found = spans.get(k)
                if found is None and recognizer is not None:  # stored meanwhile elsewhere under this text
                    found = next(iter(recognizer.analyze_many([(item.text, item.published)])))
                if found is not None:
                    to_store.append((outcome.id, item.text, found))
            changes.append(store.store_spans_many(to_store))
    else:
        if progress:
            progress(total, total, "")
    if any(o.status in ("imported", "updated") for o in outcomes):
        changes.append(Changes(library=True))  # new rows, or titles and dates that sort differently
    return Result(Changes.union(changes), outcomes)


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

    Batch by batch: the texts are recognised outside any transaction, then stored in one.
    """
    changes: list[Changes] = []
    for offset in range(0, len(article_ids), batch):
        articles = [store.articles.get(i) for i in article_ids[offset:offset + batch]]
        found = list(recognizer.analyze_many((a.text, a.published) for a in articles))
        changes.append(store.store_spans_many(
            (a.id, a.text, spans) for a, spans in zip(articles, found, strict=True) if a.id is not None))
        if progress and articles:
            progress(offset + len(articles), len(article_ids), articles[-1].title)
    return Result(Changes.union(changes), None)


def bundled_article_paths() -> list[Path]:
    folder = articles_dir()
    return [folder] if folder.is_dir() else []
