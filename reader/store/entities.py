"""Entities, their mentions and the user's corrections: the entity index, co-occurrence, related articles."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reader.domain import Changes, Entity, Mention
from reader.entities.model import Correction, EntitySpan
from reader.entities.surnames import KnownPerson, NameLink
from reader.store.base import Repository, now

MENTION_SQL = (
    'SELECT m.id, m.article_id, m.start, m."end", m.text, m.type, m.entity_id, e.name, m.value, m.source '
    "FROM mentions m JOIN entities e ON e.id = m.entity_id"
)


@dataclass(frozen=True)
class EntityRow:
    """A line of the entity index."""

    id: int
    name: str
    type: str
    mentions: int
    articles: int


@dataclass(frozen=True)
class RelatedArticle:
    """Another article sharing entities with the open one ("unlinked mention")."""

    article_id: int
    title: str
    score: float
    shared: tuple[str, ...]


CORRECTION_SQL = 'SELECT id, kind, article_id, text, start, "end", type, entity, target FROM corrections'


def _row_to_mention(row: Any) -> Mention:
    mention_id, article_id, start, end, text, type_, entity_id, entity_name, value, source = row
    return Mention(id=mention_id, article_id=article_id, start=start, end=end, text=text, type=type_,
                   entity_id=entity_id, entity_name=entity_name, value=value, source=source)


def _row_to_entity(row: Any) -> Entity:
    entity_id, name, type_ = row
    return Entity(entity_id, name, type_)


def _row_to_entity_row(row: Any) -> EntityRow:
    return EntityRow(*row)


def _row_to_correction(row: Any) -> Correction:
    correction_id, kind, article_id, text, start, end, type_, entity, target = row
    return Correction(kind=kind, article_id=article_id, text=text, start=start, end=end, type=type_, entity=entity,
                      target=target, id=correction_id)


class EntityRepository(Repository):
    """The entities, mentions and corrections tables."""

    def set_mentions(self, article_id: int, spans: Sequence[EntitySpan]) -> Changes:
        """Replace an article's mentions by these spans, creating canonical entities as needed."""
        touched: set[int] = set()
        with self._handle.transaction() as conn:
            touched.update(r[0] for r in conn.execute(
                "SELECT DISTINCT entity_id FROM mentions WHERE article_id = ?", (article_id,)))
            conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
            rows = []
            for span in spans:
                entity_id = self._entity_id(span.entity or span.text, span.type)
                touched.add(entity_id)
                rows.append({"article_id": article_id, "entity_id": entity_id, "start": span.start, "end": span.end,
                             "text": span.text, "type": span.type, "value": span.value, "source": span.source})
            if rows:  # a bulk write: sqlite-utils batches it (and joins this transaction with a savepoint)
                self._handle.db.table("mentions").insert_all(rows)
            conn.execute("DELETE FROM entities WHERE id NOT IN (SELECT DISTINCT entity_id FROM mentions)")
        return Changes(mentions_of=frozenset({article_id}), entities=frozenset(touched))

    def drop_mentions(self, article_id: int) -> None:
        """Forget an article's mentions (its text changed), keeping its entities for the next recognition."""
        with self._handle.transaction() as conn:
            conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))

    def spans(self, article_id: int) -> list[EntitySpan]:
        return [EntitySpan(m.start, m.end, m.type, m.text, m.entity_name, m.value, m.source)
                for m in self.mentions(article_id)]

    def mentions(self, article_id: int) -> list[Mention]:
        return [_row_to_mention(r) for r in self.conn.execute(
            MENTION_SQL + " WHERE m.article_id = ? ORDER BY m.start", (article_id,))]

    def get(self, entity_id: int) -> Entity:
        row = self.conn.execute("SELECT id, name, type FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            raise KeyError(f"no entity {entity_id}")
        return _row_to_entity(row)

    def find(self, name: str, type_: str | None = None) -> Entity | None:
        sql, params = "SELECT id, name, type FROM entities WHERE name = ?", [name]
        if type_:
            sql += " AND type = ?"
            params.append(type_)
        row = self.conn.execute(sql + " LIMIT 1", params).fetchone()
        return _row_to_entity(row) if row else None

    def mentions_of(self, entity_id: int, limit: int = 500) -> list[Mention]:
        return [_row_to_mention(r) for r in self.conn.execute(
            MENTION_SQL + " WHERE m.entity_id = ? ORDER BY m.article_id, m.start LIMIT ?", (entity_id, limit))]

    def article_count(self, entity_id: int) -> int:
        return int(self.conn.execute("SELECT count(DISTINCT article_id) FROM mentions WHERE entity_id = ?",
                                     (entity_id,)).fetchone()[0])

    def rows(self, *, type_: str = "", query: str = "", limit: int = 10000) -> list[EntityRow]:
        """The entity index: every entity with its mention and article counts, most mentioned first."""
        sql = ("SELECT e.id, e.name, e.type, count(m.id), count(DISTINCT m.article_id) FROM entities e "
               "JOIN mentions m ON m.entity_id = e.id")
        where: list[str] = []
        params: list[object] = []
        if type_:
            where.append("e.type = ?")
            params.append(type_)
        if query:
            where.append("e.name LIKE ?")
            params.append(f"%{query}%")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " GROUP BY e.id ORDER BY count(m.id) DESC, e.name LIMIT ?"
        params.append(limit)
        return [_row_to_entity_row(r) for r in self.conn.execute(sql, params)]

    def cooccurring(self, entity_id: int, limit: int = 20) -> list[tuple[EntityRow, int]]:
        """Entities sharing the most articles with this one, with the number shared."""
        rows = self.conn.execute(
            "SELECT e.id, e.name, e.type, 0, count(DISTINCT m2.article_id) AS shared FROM mentions m1 "
            "JOIN mentions m2 ON m2.article_id = m1.article_id AND m2.entity_id != m1.entity_id "
            "JOIN entities e ON e.id = m2.entity_id WHERE m1.entity_id = ? "
            "GROUP BY e.id ORDER BY shared DESC, e.name LIMIT ?", (entity_id, limit)).fetchall()
        return [(_row_to_entity_row(r), r[4]) for r in rows]

    def cooccurrence_edges(self, *, types: Sequence[str] = (), min_weight: int = 1,
                           limit: int = 2000) -> list[tuple[int, int, int]]:
        """(entity a, entity b, number of articles mentioning both), strongest first."""
        type_filter = ""
        params: list[object] = []
        if types:
            marks = ",".join("?" * len(types))
            type_filter = f" AND m1.type IN ({marks}) AND m2.type IN ({marks})"
            params += [*types, *types]
        params += [min_weight, limit]
        sql = ("SELECT m1.entity_id, m2.entity_id, count(DISTINCT m1.article_id) AS w FROM "
               "(SELECT DISTINCT article_id, entity_id, type FROM mentions) m1 JOIN "
               "(SELECT DISTINCT article_id, entity_id, type FROM mentions) m2 "
               "ON m1.article_id = m2.article_id AND m1.entity_id < m2.entity_id" + type_filter +
               " GROUP BY m1.entity_id, m2.entity_id HAVING w >= ? ORDER BY w DESC LIMIT ?")
        return [(r[0], r[1], r[2]) for r in self.conn.execute(sql, params)]

    def related_articles(self, article_id: int, limit: int = 20) -> list[RelatedArticle]:
        """Articles sharing entities with this one: by the summed rarity (idf) of what they share, then how many."""
        total = max(int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]), 1)
        rows = self.conn.execute(
            "SELECT e.id, e.name, (SELECT count(DISTINCT m2.article_id) FROM mentions m2 WHERE m2.entity_id = e.id) "
            "FROM entities e WHERE e.id IN (SELECT entity_id FROM mentions WHERE article_id = ? AND type != 'DATE')",
            (article_id,)).fetchall()
        # idf: an entity found in every article says nothing of relatedness
        weight = {entity_id: math.log(total / df) for entity_id, _, df in rows}
        names = {entity_id: name for entity_id, name, _ in rows}
        if not weight:
            return []
        # SQLite sums per article (the library may be large); Python only weighs this article's few entities
        values = ", ".join("(?, ?)" for _ in weight)
        ranked = self.conn.execute(
            f"WITH w(entity_id, weight) AS (VALUES {values}) "
            "SELECT p.article_id, sum(w.weight) AS score, count(*) AS n FROM "
            "(SELECT DISTINCT article_id, entity_id FROM mentions WHERE entity_id IN (SELECT entity_id FROM w) "
            " AND article_id != ?) p JOIN w ON w.entity_id = p.entity_id "
            "GROUP BY p.article_id ORDER BY score DESC, n DESC, p.article_id LIMIT ?",
            (*[v for pair in weight.items() for v in pair], article_id, limit)).fetchall()
        ids = [r[0] for r in ranked]
        shared: dict[int, list[int]] = {}
        if ids:
            marks, entity_marks = ",".join("?" * len(ids)), ",".join("?" * len(weight))
            for other, entity_id in self.conn.execute(
                    f"SELECT DISTINCT article_id, entity_id FROM mentions WHERE article_id IN ({marks}) "
                    f"AND entity_id IN ({entity_marks})", (*ids, *weight)):
                shared.setdefault(other, []).append(entity_id)
        titles = {r[0]: r[1] for r in self.conn.execute(
            f"SELECT id, title FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids)} if ids else {}
        return [RelatedArticle(a, titles.get(a, ""), round(score, 3),
                               tuple(names[e] for e in sorted(shared.get(a, []), key=lambda e: (-weight[e], names[e]))))
                for a, score, _ in ranked]

    def date_mentions(self) -> list[Mention]:
        """Every DATE mention with a normalised value, in time order."""
        return [_row_to_mention(r) for r in self.conn.execute(
            MENTION_SQL + " WHERE m.type = 'DATE' AND m.value != '' ORDER BY m.value, m.article_id, m.start")]

    def articles_mentioning(self, name: str) -> list[int]:
        """Articles with a mention of the entity of this name (of any type)."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT m.article_id FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE e.name = ?",
            (name,))]

    # surnames linked across the library ---------------------------------------------------------

    def people_with_surname(self, surname: str, *, exclude_article: int | None = None) -> list[KnownPerson]:
        """Full names of people (PER, two words or more) ending with ``surname``, with their articles' dates."""
        rows = self.conn.execute(
            "SELECT e.name, a.published FROM entities e JOIN mentions m ON m.entity_id = e.id "
            "JOIN articles a ON a.id = m.article_id WHERE e.type = 'PER' AND e.name LIKE ? AND a.id != ? "
            "GROUP BY e.name, a.id ORDER BY e.name", (f"% {surname}", -1 if exclude_article is None else exclude_article))
        found: dict[str, list[str]] = {}
        for name, published in rows:
            if name.split()[-1] == surname:  # LIKE ignores case; a surname does not
                found.setdefault(name, []).append(published)
        return [KnownPerson(name, tuple(dates)) for name, dates in found.items()]

    def articles_naming(self, names: Sequence[str], *, exclude_article: int) -> list[int]:
        """Articles where one of these bare names is still an entity of its own (a person or untyped)."""
        if not names:
            return []
        marks = ",".join("?" * len(names))
        return [r[0] for r in self.conn.execute(
            f"SELECT DISTINCT m.article_id FROM mentions m JOIN entities e ON e.id = m.entity_id "
            f"WHERE e.name IN ({marks}) AND e.type IN ('PER', 'MISC') AND m.article_id != ? ORDER BY m.article_id",
            (*names, exclude_article))]

    def set_name_links(self, article_id: int, links: Sequence[NameLink]) -> None:
        with self._handle.transaction() as conn:
            conn.execute("DELETE FROM name_links WHERE article_id = ?", (article_id,))
            conn.executemany("INSERT INTO name_links (article_id, surface, entity, evidence) VALUES (?, ?, ?, ?)",
                             [(article_id, link.surface, link.entity, link.evidence) for link in links])

    def name_link(self, article_id: int, surface: str) -> NameLink | None:
        """Why this surname in this article was linked to a full name, if it was."""
        row = self.conn.execute("SELECT surface, entity, evidence FROM name_links WHERE article_id = ? AND surface = ?",
                                (article_id, surface)).fetchone()
        return NameLink(*row) if row else None

    # corrections -------------------------------------------------------------------------------

    def corrections(self, article_id: int | None = None) -> list[Correction]:
        """Corrections for one article plus those applied everywhere (all of them when no id)."""
        sql = CORRECTION_SQL
        params: tuple[object, ...] = ()
        if article_id is not None:
            sql += " WHERE article_id = ? OR article_id IS NULL"
            params = (article_id,)
        return [_row_to_correction(r) for r in self.conn.execute(sql + " ORDER BY id", params)]

    def add_correction(self, correction: Correction) -> int:
        """Record a new correction; returns its id."""
        return self._insert_correction(None, correction, correction.article_id, now())

    def restore_correction(self, correction: Correction, article_id: int) -> None:
        """Put a correction back with its id, for an article put back after a delete."""
        self._insert_correction(correction.id, correction, article_id, "")

    def _insert_correction(self, correction_id: int | None, c: Correction, article_id: int | None,
                           created: str) -> int:
        with self._handle.transaction() as conn:
            cur = conn.execute(
                'INSERT INTO corrections (id, kind, article_id, text, start, "end", type, entity, target, created) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (correction_id, c.kind, article_id, c.text, c.start, c.end, c.type, c.entity, c.target, created))
            return int(cur.lastrowid or 0)

    def delete_correction(self, correction_id: int) -> None:
        with self._handle.transaction() as conn:
            conn.execute("DELETE FROM corrections WHERE id = ?", (correction_id,))

    def _entity_id(self, name: str, type_: str) -> int:
        row = self.conn.execute("SELECT id FROM entities WHERE name = ? AND type = ?", (name, type_)).fetchone()
        if row:
            return int(row[0])
        cur = self.conn.execute("INSERT INTO entities (name, type) VALUES (?, ?)", (name, type_))
        return int(cur.lastrowid or 0)
