"""The Store: one connection, its migrations and transactions, and the repositories that share them."""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader import anchoring
from reader.domain import Annotation, Article, Changes, Link
from reader.entities.corrections import apply_corrections
from reader.entities.model import Correction, EntitySpan
from reader.entities.surnames import KnownPerson, link_surnames, surname
from reader.store.annotations import AnnotationRepository
from reader.store.articles import ArticleRepository, UpsertResult
from reader.store.base import Handle, StoreError, is_locked
from reader.store.entities import EntityRepository
from reader.store.links import LinkRepository
from reader.store.meta import MetaRepository
from reader.store.recognition import RecognitionRepository, RecognitionState
from reader.store.schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from contextlib import AbstractContextManager

    import sqlite_utils


JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True)
class ArticleSnapshot:
    """Everything that belongs to one article, enough to put it back after a delete."""

    article: Article
    spans: list[EntitySpan]
    annotations: list[Annotation]
    links: list[Link]
    corrections: list[Correction]
    recognition: RecognitionState | None = None


class Store:
    """The library: owns the connection and hands it to one repository per kind of row.

    ``store.articles``, ``store.annotations``, ``store.links``, ``store.entities`` (with mentions and
    corrections) and ``store.meta`` each read and write their own tables. What spans several of them lives
    here: updating an article re-anchors its notes and link ends; deleting an article or a note can be undone.
    """

    def __init__(self, path: str | Path = ":memory:", *, connection: sqlite3.Connection | None = None,
                 read_only: bool = False) -> None:
        """Open (and create) the library at ``path``; ``reader.store.opening`` opens it in a mode instead.

        ``connection``: one opened already (read-only, immutable ...) by ``reader.store.opening``.
        ``read_only``: the library cannot be written; it is not upgraded, and says so if it needs to be.
        """
        self.path = str(path)
        self.read_only = read_only
        if self.path != ":memory:" and connection is None:
            Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = connection or sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 10000")
            if self.path != ":memory:" and not read_only:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                # a checkpoint that empties the WAL cuts the file back to this, instead of leaving it at its peak
                conn.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
                conn.execute("PRAGMA wal_autocheckpoint = 1000")
            self._handle = Handle(conn)
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a readable reader library ({exc})") from exc
        self.articles = ArticleRepository(self._handle)
        self.annotations = AnnotationRepository(self._handle)
        self.links = LinkRepository(self._handle, self.annotations)
        self.entities = EntityRepository(self._handle)
        self.meta = MetaRepository(self._handle)
        self.recognition = RecognitionRepository(self._handle)

    # the connection ----------------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        return self._handle.conn

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils view of the same connection (imported on first use), for introspection and tools."""
        return self._handle.db

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """All or nothing across every repository: nested calls join the outer transaction."""
        return self._handle.transaction()

    def close(self) -> None:
        self._handle.conn.close()

    def adopt(self, fresh: Store) -> None:
        """Take over another Store's connection to the same file (after a restore): every repository, and
        everything holding this Store, reads the new file from now on."""
        old, self._handle.conn = self._handle.conn, fresh._handle.conn
        self._handle.__dict__.pop("db", None)  # the sqlite-utils view of the old connection
        self.read_only = fresh.read_only
        old.close()  # after the new one is open: a read-write connection closing last would checkpoint its -wal

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def set_write_wait(self, seconds: float) -> None:
        """How long a write waits for another program's write before "database is locked" (default 10 s)."""
        self._handle.write_wait = seconds

    def data_version(self) -> int:
        """A number that changes when another connection (another program, a worker) commits: cheap to poll."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def checkpoint(self) -> bool:
        """Copy the WAL into the library without waiting for anyone; when all of it went, empty the WAL file.

        Meant for idle moments. True when the WAL is now empty. A reader still in a transaction keeps
        the part it may read: that part stays until the reader ends.
        """
        if self.path == ":memory:" or self._handle._depth:
            return False
        try:
            busy, frames, done = self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            if busy or frames < 0 or done < frames:
                return False
            self.conn.execute("PRAGMA busy_timeout = 0")
            try:
                busy, _, _ = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                self.conn.execute("PRAGMA busy_timeout = 10000")
            return not busy
        except sqlite3.OperationalError as exc:
            if is_locked(exc):
                return False
            raise

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def backup(self, reason: str, target: Path | None = None) -> Path:
        """A copy of the library as it is now (online backup API): into ``backups/`` beside it, rotated,
        or to ``target``. Raises StoreError (one line) when it cannot be written."""
        from reader.store.backup import make_backup

        if self.path == ":memory:":
            raise StoreError("a library in memory has no file to back up")
        return make_backup(self.conn, Path(self.path), reason, target)

    def has_notes(self) -> bool:
        return bool(self.conn.execute("SELECT EXISTS (SELECT 1 FROM annotations)").fetchone()[0])

    def rebuild_search_index(self) -> None:
        """Rebuild the full-text indexes of articles and notes from their tables (after damage or a bulk load)."""
        with self.transaction():
            for fts in ("articles_fts", "annotations_fts"):
                self.db.table(fts).rebuild_fts()

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: made by a newer version of the reader (schema {version} > {SCHEMA_VERSION})"
            )
        if version < SCHEMA_VERSION and self.read_only:
            raise StoreError(f"{self.path} is read-only and was made by an older version of the reader "
                             f"(schema {version}); make it writable once so that it can be upgraded")
        if 0 < version < SCHEMA_VERSION and self.path != ":memory:":
            from reader.store.backup import make_backup

            make_backup(self.conn, Path(self.path), f"before-schema-{SCHEMA_VERSION}")
        for number in range(version, SCHEMA_VERSION):
            with self.transaction() as conn:
                MIGRATIONS[number](conn)
                conn.execute(f"PRAGMA user_version = {number + 1}")

    # articles, with what points into them --------------------------------------------------------

    def upsert_article(self, article: Article) -> UpsertResult:
        """Same content: unchanged; same path with new content: updated and re-anchored; else imported."""
        same = self.articles.find(content_hash=article.content_hash) if article.content_hash else None
        if same is not None:
            return UpsertResult(same, "unchanged", Changes())
        existing = self.articles.find(path=article.path) if article.path else None
        if existing is None:
            new_id, changes = self.articles.add(article)
            return UpsertResult(new_id, "imported", changes)
        changes, orphaned = self.update_article_text(existing, article)
        return UpsertResult(existing, "updated", changes, orphaned)

    def update_article_text(self, article_id: int, article: Article) -> tuple[Changes, int]:
        """Replace an article's text and metadata; every annotation and link end is re-resolved."""
        text = article.text
        orphaned = 0
        with self.transaction():
            self.articles.replace(article_id, article)
            annotation_ids = set()
            for ann in self.annotations.for_article(article_id):
                assert ann.id is not None
                annotation_ids.add(ann.id)
                fresh = anchoring.refresh(text, ann.anchor)
                orphaned += fresh is None
                self.annotations.reanchor(ann.id, fresh)
            self.links.reanchor_ends(article_id, text)
            self.entities.drop_mentions(article_id)  # the recogniser runs again on the new text
            self.recognition.mark([article_id], "pending")
        return Changes(articles=frozenset({article_id}), annotations=frozenset(annotation_ids),
                       mentions_of=frozenset({article_id})), orphaned

    def snapshot_article(self, article_id: int) -> ArticleSnapshot:
        links = {link.id: link for link in self.links.from_article(article_id) + self.links.to_article(article_id)}
        return ArticleSnapshot(
            self.articles.get(article_id), self.entities.spans(article_id), self.annotations.for_article(article_id),
            list(links.values()), [c for c in self.entities.corrections(article_id) if c.article_id == article_id],
            self.recognition.get(article_id))

    def restore_article(self, snapshot: ArticleSnapshot) -> Changes:
        """Undo a delete of the article: it comes back with its mentions, notes, links and corrections, ids kept."""
        with self.transaction():
            article_id, changes = self.articles.add(snapshot.article)
            for correction in snapshot.corrections:
                self.entities.restore_correction(correction, article_id)
            changes = changes | self.entities.set_mentions(article_id, snapshot.spans)
            state = snapshot.recognition
            if state is not None and state.status != "never":
                self.recognition.mark([article_id], state.status, state.version, state.error)
            for annotation in snapshot.annotations:
                changes = changes | self.annotations.add(annotation)[1]
            for link in snapshot.links:
                changes = changes | self.links.add(link)[1]
        return changes

    # a note's links go and come back with it -----------------------------------------------------

    def delete_annotation(self, annotation_id: int) -> tuple[Annotation, list[Link], Changes]:
        """Delete an annotation and its links; returns them so an undo can restore both."""
        current = self.annotations.get(annotation_id)
        links = self.links.of_annotation(annotation_id)
        with self.transaction():
            self.links.delete_of_annotation(annotation_id)
            self.annotations.delete(annotation_id)
        changes = Changes(annotations=frozenset({annotation_id}), articles=frozenset({current.article_id}),
                          links=frozenset(link.id for link in links if link.id is not None))
        return current, links, changes

    def restore_annotation(self, annotation: Annotation, links: list[Link]) -> Changes:
        with self.transaction():
            _, changes = self.annotations.add(annotation)
            for link in links:
                _, more = self.links.add(link)
                changes = changes | more
        return changes

    # recogniser output and the user's corrections ------------------------------------------------

    def store_spans(self, article_id: int, spans: Sequence[EntitySpan]) -> Changes:
        """Store fresh recogniser output for an article: bare surnames linked to the one full name the
        library knows for them (with the evidence), then the user's corrections on top."""
        changes = self._link_and_store(article_id, spans)
        # A full name arriving now may be the one person a bare surname stood for in articles already in.
        surnames = {surname(s.entity) for s in spans if s.type == "PER"} - {""}
        for other in self.entities.articles_naming(sorted(surnames), exclude_article=article_id):
            changes = changes | self._link_and_store(other, self.entities.spans(other))
        return changes

    def _link_and_store(self, article_id: int, spans: Sequence[EntitySpan]) -> Changes:
        article = self.articles.get(article_id)
        linked, links = link_surnames(
            spans, article.published,
            lambda name: self.entities.people_with_surname(name, exclude_article=article_id, published=article.published),
            functools.partial(self.entities.names_a_place, exclude_article=article_id))
        with self.transaction():
            self.entities.set_name_links(article_id, links)
            return self.entities.set_mentions(
                article_id, apply_corrections(article.text, linked, self.entities.corrections(article_id)))

    def store_spans_many(self, items: Iterable[tuple[int, str, Sequence[EntitySpan]]]) -> Changes:
        """store_spans for many (article id, text, spans) at once: the corrections are read once for all.

        The mentions go in first, all together; then bare surnames are linked, each article seeing every
        other one of the batch, and the few articles where a link changed something are written again.
        """
        items = list(items)
        if not items:
            return Changes()
        everywhere: list[Correction] = []
        by_article: dict[int, list[Correction]] = {}
        for correction in self.entities.corrections():
            if correction.article_id is None:
                everywhere.append(correction)
            else:
                by_article.setdefault(correction.article_id, []).append(correction)

        def corrected(article_id: int, text: str, spans: Sequence[EntitySpan]) -> list[EntitySpan]:
            mine = sorted(everywhere + by_article.get(article_id, []), key=lambda c: c.id or 0)
            return apply_corrections(text, list(spans), mine) if mine else list(spans)

        with self.transaction() as conn:
            changes = self.entities.set_mentions_many(
                (article_id, corrected(article_id, text, spans)) for article_id, text, spans in items)
            published: dict[int, str] = {}
            ids = [article_id for article_id, _, _ in items]
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                published.update(conn.execute(
                    f"SELECT id, published FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk))
            relinked = []
            # read once for the batch, and only when a bare surname is there
            by_surname = functools.cache(self.entities.full_names_by_surname)
            for article_id, text, spans in items:

                def people(name: str, article_id: int = article_id) -> list[KnownPerson]:
                    return self.entities.people_with_surname(
                        name, exclude_article=article_id, published=published.get(article_id, ""),
                        by_surname=by_surname())

                linked, links = link_surnames(spans, published.get(article_id, ""), people, functools.partial(
                    self.entities.names_a_place, exclude_article=article_id))
                self.entities.set_name_links(article_id, links)
                if links:
                    relinked.append((article_id, corrected(article_id, text, linked)))
            if relinked:
                changes = changes | self.entities.set_mentions_many(relinked)
        return changes

    def apply_correction(self, correction: Correction) -> tuple[int, dict[int, list[EntitySpan]], Changes]:
        """Record a correction and apply it now; returns its id and the previous spans (for undo)."""
        affected = self._articles_for(correction)
        before: dict[int, list[EntitySpan]] = {}
        changes = Changes()
        with self.transaction():
            correction_id = self.entities.add_correction(correction)
            for article_id in affected:
                before[article_id] = self.entities.spans(article_id)
                text = self.articles.get(article_id).text
                changes = changes | self.entities.set_mentions(
                    article_id, apply_corrections(text, before[article_id], [correction]))
        return correction_id, before, changes

    def revert_correction(self, correction_id: int, before: dict[int, list[EntitySpan]]) -> Changes:
        """Undo apply_correction: forget the correction and put the previous spans back."""
        changes = Changes()
        with self.transaction():
            self.entities.delete_correction(correction_id)
            for article_id, spans in before.items():
                changes = changes | self.entities.set_mentions(article_id, spans)
        return changes

    def _articles_for(self, c: Correction) -> list[int]:
        if c.article_id is not None:
            return [c.article_id]
        if c.kind in ("merge", "rename", "unlink"):
            return self.entities.articles_mentioning(c.entity)
        found = []
        if c.text:
            found = self.articles.ids(query=c.text, sort="imported", descending=False) or self.articles.containing(c.text)
        if c.kind in ("reject", "retype") and c.entity:  # its aliases too
            found += [i for i in self.entities.articles_mentioning(c.entity) if i not in found]
        return found


__all__ = ["ArticleSnapshot", "Store"]
