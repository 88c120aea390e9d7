"""Bring notes in: W3C Web Annotation JSON-LD (ours or another tool's) and highlights made in PDF readers.

An annotation whose target source is an article of the library (our IRI, its URL or content hash)
attaches there; one from an unknown source (a web page annotated in another tool) attaches to the
one article where its quote is found, and is reported when found nowhere or in several articles.
Ids are kept (ours are ``urn:uuid:<uuid>``), so importing the same file twice adds nothing.
"""

from __future__ import annotations

import json
import re
import uuid as uuidlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import anchoring
from reader.colors import nearest_color
from reader.domain import Anchor, Annotation, Changes, Link, LinkEnd
from reader.importing.common import shorten
from reader.importing.w3c import (
    ANNOTATION_URN,
    ARTICLE_URN,
    Invalid,
    Target,
    annotations_in,
    article_iri,
    as_list,
    bodies_of,
    color_of,
    id_of,
    motivations,
    target_of,
    timestamp,
    uuid_of,
)

if TYPE_CHECKING:
    from reader.store import Store

MAX_BYTES = 50 * 1024 * 1024
MAX_ITEMS = 100_000


@dataclass
class NotesImportReport:
    """What an import did; ``error`` set means nothing was imported."""

    path: str
    error: str = ""
    attached: int = 0  # new annotations
    links: int = 0  # new links
    skipped: int = 0  # already in the library
    orphans: int = 0  # attached to their article, but the passage is no longer in its text
    unplaced: list[str] = field(default_factory=list)  # one line per note that found no article
    changes: Changes = field(default_factory=Changes)


def place(text: str, exact: str, prefix: str = "", suffix: str = "", start: int | None = None,
          end: int | None = None) -> tuple[int, int] | None:
    """Where a quote sits in ``text``: anchoring's careful match, else its one and only occurrence."""
    if not exact.strip():
        return None
    hint = start if start is not None else 0
    span = anchoring.resolve(text, Anchor(exact, prefix, suffix, hint, end if end is not None else hint + len(exact)))
    if span is not None:
        return span
    # Without context anchoring rightly refuses short quotes; a quote found exactly once is safe.
    words = [re.escape(w).replace("'", "['’]").replace("’", "['’]") for w in exact.split()]
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
    hits = pattern.finditer(text)
    first = next(hits, None)
    if first is None or next(hits, None) is not None:
        return None
    return first.start(), first.end()


class _Importer:
    def __init__(self, store: Store, report: NotesImportReport) -> None:
        self.store = store
        self.report = report
        self._texts: dict[int, str] = {}

    def text(self, article_id: int) -> str:
        if article_id not in self._texts:
            self._texts[article_id] = self.store.articles.get(article_id).text
        return self._texts[article_id]

    def article_of(self, target: Target) -> int | None:
        for iri in (target.source, target.via):
            if not iri:
                continue
            if iri.startswith(ARTICLE_URN):
                found = self.store.articles.find(content_hash=iri[len(ARTICLE_URN):])
            else:
                found = self.store.articles.find(url=iri)
            if found is not None:
                return found
        return None

    def candidates(self, exact: str) -> list[int]:
        """Articles whose text may hold the quote: full-text search on its longest words."""
        words = sorted({w for w in re.findall(r"\w{4,}", exact)}, key=len, reverse=True)[:4]
        if not words:
            return []
        return [hit.id for hit in self.store.articles.search(" ".join(words) + " ", limit=50)]

    def annotation(self, item: dict[str, Any]) -> None:
        uuid = uuid_of(item)
        if self.store.annotations.by_uuid(uuid) is not None:
            self.report.skipped += 1
            return
        targets = [t for t in (target_of(n) for n in as_list(item.get("target"))) if t is not None]
        target = next((t for t in targets if t.exact), targets[0] if targets else None)
        name = f"{id_of(item) or 'a note'}"
        if target is None or not target.exact.strip():
            self.report.unplaced.append(f"{name}: no quoted passage (TextQuoteSelector) to attach it to")
            return
        note, tags, _ = bodies_of(item)
        quote = f"« {shorten(' '.join(target.exact.split()), 60)} »"
        article_id = self.article_of(target)
        span: tuple[int, int] | None = None
        if article_id is None:
            found = []
            for candidate in self.candidates(target.exact):
                where = place(self.text(candidate), target.exact, target.prefix, target.suffix, target.start,
                              target.end)
                if where is not None:
                    found.append((candidate, where))
            if not found:
                self.report.unplaced.append(f"{quote}: found in no article of the library")
                return
            if len(found) > 1:
                titles = ", ".join(f"#{a}" for a, _ in found[:5])
                self.report.unplaced.append(f"{quote}: found in several articles ({titles}); not attached")
                return
            article_id, span = found[0]
        else:
            span = place(self.text(article_id), target.exact, target.prefix, target.suffix, target.start,
                         target.end)
        text = self.text(article_id)
        start: int | None
        end: int | None
        if span is not None:
            anchor = anchoring.describe(text, *span)
            start, end = anchor.start, anchor.end
        else:
            position = target.start if target.start is not None else 0
            anchor = Anchor(target.exact, target.prefix, target.suffix, position,
                            target.end if target.end is not None else position + len(target.exact))
            start = end = None
            self.report.orphans += 1
            self.report.unplaced.append(f"{quote}: passage not in the text of article #{article_id}; kept as an orphan")
        new_id, changes = self.store.annotations.add(Annotation(
            article_id, anchor, color=color_of(item, target), note=note, tags=tags, start=start, end=end, uuid=uuid,
            created=timestamp(item.get("created")), modified=timestamp(item.get("modified"))))
        self.report.attached += 1
        self.report.changes = self.report.changes | changes

    def end(self, node: Any) -> LinkEnd | None:
        ident = id_of(node) if isinstance(node, str) or "source" not in node else ""
        if ident:
            uuid = ident[len(ANNOTATION_URN):] if ident.startswith(ANNOTATION_URN) else ident
            ann = self.store.annotations.by_uuid(uuid)
            if ann is not None:
                return LinkEnd(ann.article_id, ann.id)
            article_id = self.article_of(Target(ident, "", "", "", "", None, None, []))
            return LinkEnd(article_id) if article_id is not None else None
        target = target_of(node)
        if target is None:
            return None
        article_id = self.article_of(target)
        if article_id is None:
            return None
        if not target.exact:
            return LinkEnd(article_id)
        span = place(self.text(article_id), target.exact, target.prefix, target.suffix, target.start, target.end)
        return LinkEnd(article_id, None, anchoring.describe(self.text(article_id), *span)) if span else None

    def link(self, item: dict[str, Any], known: set[str]) -> None:
        uuid = uuid_of(item)
        if uuid in known:
            self.report.skipped += 1
            return
        ends = as_list(item.get("target"))
        if len(ends) == 1:  # the usual W3C form: the target links to the body
            ends = ends + [b for b in as_list(item.get("body")) if not (isinstance(b, dict) and "value" in b)][:1]
        _, _, label = bodies_of(item)
        note = "\n\n".join(b["value"] for b in as_list(item.get("body")) if isinstance(b, dict)
                           and isinstance(b.get("value"), str) and "commenting" in as_list(b.get("purpose")))
        resolved = [self.end(e) for e in ends[:2]]
        if len(resolved) != 2 or resolved[0] is None or resolved[1] is None:
            self.report.unplaced.append(f"link {id_of(item) or ''}: one of its ends is not in the library".strip())
            return
        new_id, changes = self.store.links.add(Link(resolved[0], resolved[1], label=label, note=note, uuid=uuid,
                                                   created=timestamp(item.get("created"))))
        known.add(uuid)
        self.report.links += 1
        self.report.changes = self.report.changes | changes


def _read(path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise Invalid(f"file is {size // (1024 * 1024)} MB, over the {MAX_BYTES // (1024 * 1024)} MB limit")
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise Invalid("file not found") from None
    except OSError as exc:
        raise Invalid(f"cannot read the file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise Invalid("not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise Invalid(f"not JSON ({exc.msg}, line {exc.lineno})") from None


def import_notes(store: Store, path: Path | str) -> NotesImportReport:
    """Import W3C annotations from a .jsonld/.json file; all or nothing if the file is unreadable."""
    path = Path(path)
    report = NotesImportReport(str(path))
    try:
        items = annotations_in(_read(path))
    except Invalid as exc:
        report.error = f"{path.name}: {exc}"
        return report
    if len(items) > MAX_ITEMS:
        report.error = f"{path.name}: {len(items)} annotations, over the limit of {MAX_ITEMS}"
        return report
    importer = _Importer(store, report)
    notes = [i for i in items if "linking" not in motivations(i)]
    links = [i for i in items if "linking" in motivations(i)]
    with store.transaction():
        for item in notes:
            importer.annotation(item)
        if links:
            known = {store.links.get(i).uuid for i in store.links.ids()}
            for item in links:
                importer.link(item, known)
    return report


def import_pdf_highlights(store: Store, pdf_path: Path | str, article_id: int | None = None) -> NotesImportReport:
    """Highlights made in a PDF reader become annotations of the article imported from that PDF.

    Colours go to the nearest of the five; the highlight's popup text becomes the note. Each highlight
    gets a uuid derived from the article, page and quote, so importing the PDF again adds nothing.
    """
    from reader.importing import ImportFailure, read_pdf_highlights

    path = Path(pdf_path).expanduser().absolute()
    report = NotesImportReport(str(path))
    if article_id is None:
        article_id = store.articles.find(path=str(path))
        if article_id is None:
            report.error = f"{path.name}: import the PDF as an article first"
            return report
    try:
        highlights = read_pdf_highlights(path)
    except ImportFailure as exc:
        report.error = str(exc)
        return report
    article = store.articles.get(article_id)
    key = article_iri(article)
    with store.transaction():
        for h in highlights:
            uuid = str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, f"reader:pdf-highlight:{key}:{h.page}:{h.quote}"))
            if store.annotations.by_uuid(uuid) is not None:
                report.skipped += 1
                continue
            if h.reason:
                report.unplaced.append(f"page {h.page}: {h.reason}")
                continue
            span = place(article.text, h.quote, h.prefix, h.suffix)
            if span is None:
                report.unplaced.append(f"page {h.page}: « {shorten(' '.join(h.quote.split()), 60)} » not found in the article text")
                continue
            anchor = anchoring.describe(article.text, *span)
            _, changes = store.annotations.add(Annotation(article_id, anchor, color=nearest_color(h.color),
                                                         note=h.note, start=anchor.start, end=anchor.end, uuid=uuid))
            report.attached += 1
            report.changes = report.changes | changes
    return report


def iter_report_lines(report: NotesImportReport) -> Iterator[str]:
    """The report as lines for a message box or the terminal."""
    if report.error:
        yield report.error
        return
    yield f"{report.attached} notes and {report.links} links imported" + (
        f", {report.skipped} already in the library" if report.skipped else "")
    yield from report.unplaced


__all__ = ["NotesImportReport", "annotations_in", "import_notes", "import_pdf_highlights", "place"]
