"""Bring notes in: W3C Web Annotation JSON-LD (ours, another tool's, a Hypothesis API export) and PDF highlights.

Every quote goes through the one matcher (``reader.anchoring``): an annotation whose target source
is an article of the library (our IRI, its URL or content hash) is placed in that article; one from
an unknown source (a web page annotated in another tool) is placed where the quote and its context
are found, in whichever article. Every item is reported: placed and where, or not placed and why.
A note that cannot be placed is kept as an orphan: in its article when the source names one or when
the other notes made on the same page were all placed in one article, else in the library's "Notes
not placed" article; the window lists those under every article, to be attached by hand. What the
other tool said (its id, creator, dates, source, language, text format, entity type and identifier)
is kept and exported back. Importing the same file twice adds nothing.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import anchoring
from reader.anchoring import Matcher, Quote
from reader.anchoring.fold import INVISIBLE
from reader.colors import nearest_color
from reader.domain import (
    MAX_NOTE_CHARS,
    Anchor,
    Annotation,
    Article,
    Changes,
    Link,
    LinkEnd,
    NoteTooLong,
    Origin,
    clean_note_text,
)
from reader.importing.common import content_hash, shorten
from reader.importing.note_report import NoteOutcome, NotesImportReport, iter_report_lines
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
    creator_of,
    id_of,
    ids_of,
    motivations,
    target_of,
    timestamp,
)

if TYPE_CHECKING:
    from reader.importing.pdf import PdfHighlight
    from reader.store import Store

MAX_BYTES = 50 * 1024 * 1024
MAX_ITEMS = 100_000
BATCH_ITEMS = 500  # notes (or links) per transaction of an import ...
BATCH_SECONDS = 0.2  # ... or fewer, so another program's write never waits longer than about this
SCAN_ALL = 500  # a library this small is searched whole when full-text search cannot narrow it down

HOLDER_TITLE = "Notes not placed"
HOLDER_TEXT = (
    "Notes brought in from other tools whose passage was found in no article of the library are kept "
    "here, each with the reason it was not placed. To attach one: open the article it belongs to, "
    "select the passage, choose the note in the Notes list (notes not placed are listed under every "
    "article) and use \u201cRe-attach the selected note here\u201d."
)


HOLDER_HASH = content_hash(HOLDER_TEXT)


def holder_article(store: Store) -> int:
    """The article that keeps notes placed nowhere, created the first time one is kept."""
    found = holder_id(store)
    if found is None:
        found, _ = store.articles.add(Article(HOLDER_TITLE, HOLDER_TEXT, source="reader", content_hash=HOLDER_HASH))
    return found


def holder_id(store: Store) -> int | None:
    """The "Notes not placed" article, if the library has one (its text is always the same)."""
    return store.articles.find(content_hash=HOLDER_HASH)


def _searchable(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c not in INVISIBLE)


class _Importer:
    def __init__(self, store: Store, report: NotesImportReport) -> None:
        self.store = store
        self.report = report
        self._small = store.articles.count() <= SCAN_ALL
        self.matcher: Matcher[int] = Matcher(lambda i: self.store.articles.get(i).text, self.candidates)
        self._holder: int | None = None
        self.placed_from: dict[str, set[int]] = {}  # document annotated in another tool -> articles
        self.pending: list[tuple[str, Callable[[int], None]]] = []

    def text(self, article_id: int) -> str:
        return self.matcher.keyed(article_id).text

    def holder(self) -> int:
        if self._holder is None:
            self._holder = holder_article(self.store)
            self.report.changes = self.report.changes | Changes(library=True)
        return self._holder

    def article_of(self, target: Target) -> int | None:
        """The article the target's source names; never the "Notes not placed" one (it holds no passages)."""
        holder = holder_id(self.store)
        for iri in (target.source, target.via):
            if not iri:
                continue
            if iri.startswith(ARTICLE_URN):
                found = self.store.articles.find(content_hash=iri[len(ARTICLE_URN):])
            else:
                found = self.store.articles.find(url=iri)
            if found is not None and found != holder:
                return found
        return None

    def candidates(self, quote: Quote) -> list[int]:
        """Articles whose text may hold the quote: full-text search on its longest words."""
        words = sorted(set(re.findall(r"\w{4,}", _searchable(quote.exact))), key=len, reverse=True)[:4]
        found = [hit.id for hit in self.store.articles.search(" ".join(words) + " ", limit=200)] if words else []
        holder = holder_id(self.store)
        if not found and self._small:
            found = self.store.articles.ids(sort="imported", descending=False)
        return [i for i in found if i != holder]

    def place(self, target: Target | Quote, home: int | None) -> anchoring.Placement[int]:
        quote = target if isinstance(target, Quote) else Quote(target.exact, target.prefix, target.suffix,
                                                                 target.start, target.end)
        if home is not None and quote.start is not None and quote.end is not None:
            # Our own export into a library holding the same text: the position and context say it all.
            text, start, end = self.text(home), quote.start, quote.end
            if (0 <= start < end <= len(text) and text[start:end] == quote.exact
                    and text[max(0, start - len(quote.prefix)):start] == quote.prefix
                    and text[end:end + len(quote.suffix)] == quote.suffix):
                return anchoring.Placement(home, (start, end), how="exact", seen_in=(home,))
        return self.matcher.place(quote, home)

    def keep(self, annotation: Annotation, outcome: NoteOutcome) -> None:
        """Store a new annotation, placed or orphan, and report it; a note over the size limit is refused."""
        note = clean_note_text(annotation.note)
        if len(note) > MAX_NOTE_CHARS:
            self.report.add(dataclasses.replace(
                outcome, article_id=None, start=None, end=None, how="",
                reason=f"{NoteTooLong(len(note), 'its text')}; not imported"))
            return
        _, changes = self.store.annotations.add(dataclasses.replace(annotation, note=note))
        self.report.attached += 1
        self.report.changes = self.report.changes | changes
        self.report.add(outcome)

    def annotation(self, item: dict[str, Any]) -> None:
        uuid, via = ids_of(item)
        ident = id_of(item)
        targets = [t for t in (target_of(n) for n in as_list(item.get("target"))) if t is not None]
        target = next((t for t in targets if t.exact), targets[0] if targets else None)
        existing = self.store.annotations.by_uuid(uuid)
        if existing is not None:
            if existing.orphan and target is not None and target.exact.strip():
                self.retry(existing, target, ident)
            else:
                self.report.skipped += 1
            return
        bodies = bodies_of(item)
        home = self.article_of(target) if target is not None else None
        origin = Origin(via=via, creator=creator_of(item), language=bodies.language, format=bodies.format,
                        entity_type=bodies.entity_type, identifier=bodies.identifier)
        created = timestamp(item.get("created"))
        modified = timestamp(item.get("modified") or item.get("updated"))
        if target is None or not target.exact.strip():
            reason = "no quoted passage (TextQuoteSelector) to attach it to"
            found: anchoring.Placement[int] = anchoring.Placement(reason=reason)
        else:
            found = self.place(target, home)
        exact = target.exact if target is not None else ""
        page = (target.source or target.via) if target is not None else ""

        def keep(where: int) -> None:
            source = self.foreign_source(target, where) if target is not None else ""
            kept = Origin(**{**origin.__dict__, "source": source, "unplaced": "" if found.placed else found.reason})
            position = target.start if target is not None and target.start is not None else 0
            anchor, start, end = self.anchor_at(where, found, Anchor(
                exact, target.prefix if target else "", target.suffix if target else "", position,
                position + len(exact)))
            color = color_of(item, target) if target is not None else "yellow"
            self.keep(Annotation(where, anchor, color=color, note=bodies.note, tags=bodies.tags, start=start, end=end,
                                 uuid=uuid, created=created, modified=modified, origin=kept),
                      NoteOutcome("note", ident, exact, where, start, end, found.reason, found.how))

        if found.key is not None:
            self.placed_from.setdefault(page, set()).add(found.key)
            keep(found.key)
        elif home is not None:
            keep(home)
        else:  # kept once every note is placed: its page's other notes may say which article it is
            self.pending.append((page, keep))

    def anchor_at(self, article_id: int, found: anchoring.Placement[int],
                  unplaced: Anchor) -> tuple[Anchor, int | None, int | None]:
        """The anchor of the passage found, with its span; ``unplaced`` (and no span) when none was found."""
        if found.span is None:
            return unplaced, None, None
        anchor = anchoring.describe(self.text(article_id), *found.span)
        return anchor, anchor.start, anchor.end

    def keep_pending(self) -> None:
        """Notes placed nowhere: kept in the article where the other notes of their page went, else in the
        "Notes not placed" article."""
        for step in self.pending_steps():
            step()

    def pending_steps(self) -> Iterator[Callable[[], None]]:
        """``keep_pending`` one note at a time, for an import in batches."""
        for page, keep in self.pending:
            yield lambda page=page, keep=keep: keep(self.page_article(page) or self.holder())  # type: ignore[misc]
        self.pending.clear()

    def page_article(self, page: str) -> int | None:
        """The one article where the notes made on the document ``page`` were placed, now or before."""
        if not page:
            return None
        found = set(self.placed_from.get(page, ())) | set(self.store.annotations.articles_of_source(page))
        found.discard(holder_id(self.store) or -1)
        return found.pop() if len(found) == 1 else None

    def foreign_source(self, target: Target, article_id: int) -> str:
        """The document the tool annotated, unless it is the article's own IRI or URL."""
        if article_id == self._holder or article_id == holder_id(self.store):
            return target.source or target.via
        article = self.store.articles.get(article_id)
        ours = {article_iri(article), article.url}
        return next((iri for iri in (target.source, target.via) if iri and iri not in ours), "")

    def retry(self, existing: Annotation, target: Target, ident: str) -> None:
        """A note kept unplaced by an earlier import: the library may now hold its passage."""
        home = self.article_of(target)  # only an article its source names, not where it was kept
        found = self.place(target, home)
        if found.span is None or found.key is None:
            self.report.skipped += 1
            return
        assert existing.id is not None
        anchor = anchoring.describe(self.text(found.key), *found.span)
        changes = self.store.annotations.reattach(existing.id, anchor, found.key)
        self.report.changes = self.report.changes | changes
        self.report.add(NoteOutcome("note", ident, target.exact, found.key, anchor.start, anchor.end, how=found.how))

    def highlight(self, h: PdfHighlight, article_id: int, uuid: str) -> None:
        quote = Quote(h.quote, h.prefix, h.suffix)
        if h.quote.strip() and not h.reason:
            found = self.place(quote, article_id)
        else:
            found = anchoring.Placement[int](reason=h.reason or "no text under the highlight")
        origin = Origin(creator=json.dumps({"type": "Person", "name": h.author}, ensure_ascii=False, sort_keys=True)
                        if h.author else "", format="text/plain" if h.note else "",
                        unplaced="" if found.placed else found.reason)
        anchor, start, end = self.anchor_at(article_id, found, Anchor(h.quote, h.prefix, h.suffix, 0, len(h.quote)))
        self.keep(Annotation(article_id, anchor, color=nearest_color(h.color), note=h.note, start=start, end=end,
                             uuid=uuid, created=h.created, modified=h.modified, origin=origin),
                  NoteOutcome("highlight", f"page {h.page}", h.quote, article_id, start, end, found.reason, found.how))

    def end(self, node: Any) -> tuple[LinkEnd | None, str]:
        """One end of a link, or None and why."""
        ident = id_of(node) if isinstance(node, str) or "source" not in node else ""
        if ident:
            uuid = ident[len(ANNOTATION_URN):] if ident.startswith(ANNOTATION_URN) else ident
            ann = self.store.annotations.by_uuid(uuid)
            if ann is not None:
                return LinkEnd(ann.article_id, ann.id), ""
            article_id = self.article_of(Target(ident, "", "", "", "", None, None, []))
            if article_id is None:
                return None, f"{shorten(ident, 60)} is not in the library"
            return LinkEnd(article_id), ""
        target = target_of(node)
        if target is None:
            return None, "an end is neither a note, a passage nor an article"
        article_id = self.article_of(target)
        if not target.exact:
            if article_id is None:
                return None, f"{shorten(target.source, 60)} is not in the library"
            return LinkEnd(article_id), ""
        found = self.place(target, article_id)
        if found.span is None or found.key is None:
            return None, f"« {shorten(' '.join(target.exact.split()), 40)} »: {found.reason}"
        return LinkEnd(found.key, None, anchoring.describe(self.text(found.key), *found.span)), ""

    def link(self, item: dict[str, Any], known: set[str]) -> None:
        uuid, _ = ids_of(item)
        ident = id_of(item)
        if uuid in known:
            self.report.skipped += 1
            return
        ends = as_list(item.get("target"))
        if len(ends) == 1:  # the usual W3C form: the target links to the body
            ends = ends + [b for b in as_list(item.get("body")) if not (isinstance(b, dict) and "value" in b)][:1]
        bodies = bodies_of(item)
        label = " ".join(bodies.labels) or ", ".join(bodies.tags)  # describing, else tagging bodies
        resolved = [self.end(e) for e in ends[:2]]
        source, target = (resolved + [(None, "it has no second end")] * 2)[:2]
        if source[0] is None or target[0] is None:
            self.report.add(NoteOutcome("link", ident, label, reason=source[1] or target[1]))
            return
        new_id, changes = self.store.links.add(Link(source[0], target[0], label=clean_note_text(label),
                                                   note=clean_note_text(bodies.note)[:MAX_NOTE_CHARS], uuid=uuid,
                                                   created=timestamp(item.get("created"))))
        known.add(uuid)
        self.report.links += 1
        self.report.changes = self.report.changes | changes
        self.report.placed.append(NoteOutcome("link", ident, label, source[0].article_id))


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


def import_notes(store: Store, path: Path | str,
                 progress: Callable[[int, int], None] | None = None) -> NotesImportReport:
    """Import W3C annotations from a .jsonld/.json file; nothing if the file is unreadable.

    Notes go in by batches of at most ``BATCH_ITEMS`` or ``BATCH_SECONDS``, one transaction each, so that
    another program (the window, the command line) can write between two batches. A note comes in whole
    with its anchor, tags and origin; an import stopped midway keeps the batches it committed (the
    exception says how many notes), and importing the file again brings in the rest: a note already in
    the library (same id) is skipped. ``progress(done, total)`` is called after each committed batch.
    """
    path = Path(path)
    report = NotesImportReport(str(path))
    try:
        items = annotations_in(_read(path))
    except Invalid as exc:
        report.error = f"{path.name}: {exc}"
        return report
    except RecursionError:  # json (or our walk of it) gives up on thousands of nested brackets
        report.error = f"{path.name}: the JSON is nested too deeply to be notes"
        return report
    if len(items) > MAX_ITEMS:
        report.error = f"{path.name}: {len(items)} annotations, over the limit of {MAX_ITEMS}"
        return report
    importer = _Importer(store, report)
    notes = [i for i in items if "linking" not in motivations(i)]
    links = [i for i in items if "linking" in motivations(i)]

    def steps() -> Iterator[Callable[[], None]]:
        for item in notes:
            yield functools.partial(importer.annotation, item)
        yield from importer.pending_steps()
        if links:
            known = {store.links.get(i).uuid for i in store.links.ids()}
            for item in links:
                yield functools.partial(importer.link, item, known)

    _in_batches(store, steps(), len(items), report, progress)
    return report


def _in_batches(store: Store, steps: Iterator[Callable[[], None]], total: int, report: NotesImportReport,
                progress: Callable[[int, int], None] | None) -> None:
    """Run ``steps`` in short transactions; a failure rolls back only the batch it hit, and says what is saved."""
    done, saved = 0, (0, 0)
    finished = False
    while not finished:
        started, count = time.monotonic(), 0
        try:
            with store.transaction():
                for step in steps:
                    step()
                    count += 1
                    if count >= BATCH_ITEMS or time.monotonic() - started >= BATCH_SECONDS:
                        break
                else:
                    finished = True
        except Exception as exc:
            exc.add_note(f"{report.path}: {saved[0]} notes and {saved[1]} links were saved before this; "
                         "importing the file again brings in the rest")
            raise
        done += count
        saved = (report.attached, report.links)
        if progress is not None and count:
            progress(min(done, total), total)


__all__ = ["HOLDER_TITLE", "NoteOutcome", "NotesImportReport", "annotations_in", "holder_article", "holder_id",
           "import_notes", "iter_report_lines"]
