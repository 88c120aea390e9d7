"""Entities and mentions: storing recogniser output, corrections, the entity index and co-occurrence."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from reader.domain import Changes, Entity, Mention
from reader.entities.corrections import apply_corrections
from reader.entities.model import Correction, EntitySpan
from reader.store.base import now
from reader.store.links import LinkStore

MENTION_SQL = (
    'SELECT m.id, m.article_id, m.start, m."end", m.text, m.type, m.entity_id, e.name, m.value, m.source '
    "FROM mentions m JOIN entities e ON e.id = m.entity_id"
)


# Unlinked mentions read at most this many (entity, article) pairs, and at least this many per entity.
CANDIDATE_ROWS = 4_000
MIN_CANDIDATES_PER_ENTITY = 50


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


def _chunks(values: Sequence[int], size: int = 500) -> Iterator[list[int]]:
    for i in range(0, len(values), size):
        yield list(values[i:i + size])


def _mention(row: tuple) -> Mention:  # type: ignore[type-arg]
    return Mention(id=row[0], article_id=row[1], start=row[2], end=row[3], text=row[4], type=row[5],
                   entity_id=row[6], entity_name=row[7], value=row[8], source=row[9])


class EntityStore(LinkStore):
    def set_mentions(self, article_id: int, spans: Sequence[EntitySpan]) -> Changes:
        """Replace an article's mentions by these spans, creating canonical entities as needed."""
        return self.set_mentions_many([(article_id, spans)])

    def set_mentions_many(self, items: Iterable[tuple[int, Sequence[EntitySpan]]]) -> Changes:
        """set_mentions for many articles in one transaction, with a few statements whatever their number."""
        items = list(items)
        if not items:
            return Changes()
        article_ids = [article_id for article_id, _ in items]
        with self.transaction() as conn:
            touched: set[int] = set()
            for chunk in _chunks(article_ids):
                touched.update(r[0] for r in conn.execute(
                    f"SELECT DISTINCT entity_id FROM mentions WHERE article_id IN ({','.join('?' * len(chunk))})",
                    chunk))
            conn.executemany("DELETE FROM mentions WHERE article_id = ?", [(a,) for a in article_ids])
            ids = self._entity_ids({(span.entity or span.text, span.type) for _, spans in items for span in spans})
            touched.update(ids.values())
            conn.executemany(
                'INSERT INTO mentions (article_id, entity_id, start, "end", text, type, value, source) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(article_id, ids[span.entity or span.text, span.type], span.start, span.end, span.text, span.type,
                  span.value, span.source) for article_id, spans in items for span in spans])
            # only the entities these articles named can have lost their last mention
            for chunk in _chunks(sorted(touched)):
                conn.execute(f"DELETE FROM entities WHERE id IN ({','.join('?' * len(chunk))}) AND mentions = 0",
                             chunk)
        return Changes(mentions_of=frozenset(article_ids), entities=frozenset(touched))

    def _entity_ids(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
        conn = self.conn
        conn.executemany("INSERT OR IGNORE INTO entities (name, type) VALUES (?, ?)", sorted(keys))
        return {key: conn.execute("SELECT id FROM entities WHERE name = ? AND type = ?", key).fetchone()[0]
                for key in keys}

    def spans(self, article_id: int) -> list[EntitySpan]:
        return [EntitySpan(m.start, m.end, m.type, m.text, m.entity_name, m.value, m.source)
                for m in self.mentions(article_id)]

    def mentions(self, article_id: int) -> list[Mention]:
        return [_mention(r) for r in self.conn.execute(MENTION_SQL + " WHERE m.article_id = ? ORDER BY m.start",
                                                       (article_id,))]

    def entity(self, entity_id: int) -> Entity:
        row = self.conn.execute("SELECT id, name, type FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            raise KeyError(f"no entity {entity_id}")
        return Entity(*row)

    def find_entity(self, name: str, type_: str | None = None) -> Entity | None:
        sql, params = "SELECT id, name, type FROM entities WHERE name = ?", [name]
        if type_:
            sql += " AND type = ?"
            params.append(type_)
        row = self.conn.execute(sql + " LIMIT 1", params).fetchone()
        return Entity(*row) if row else None

    def entity_mentions(self, entity_id: int, limit: int = 500) -> list[Mention]:
        return [_mention(r) for r in self.conn.execute(
            MENTION_SQL + " WHERE m.entity_id = ? ORDER BY m.article_id, m.start LIMIT ?", (entity_id, limit))]

    def entity_article_count(self, entity_id: int) -> int:
        row = self.conn.execute("SELECT articles FROM entities WHERE id = ?", (entity_id,)).fetchone()
        return int(row[0]) if row else 0

    def entity_rows(self, *, type_: str = "", query: str = "", limit: int = 10000) -> list[EntityRow]:
        """The entity index: every entity with its mention and article counts, most mentioned first."""
        sql = "SELECT e.id, e.name, e.type, e.mentions, e.articles FROM entities e"
        where: list[str] = ["e.mentions > 0"]
        params: list[object] = []
        if type_:
            where.append("e.type = ?")
            params.append(type_)
        if query:
            where.append("e.name LIKE ?")
            params.append(f"%{query}%")
        sql += " WHERE " + " AND ".join(where) + " ORDER BY e.mentions DESC, e.name LIMIT ?"
        params.append(limit)
        return [EntityRow(*r) for r in self.conn.execute(sql, params)]

    def cooccurring(self, entity_id: int, limit: int = 20) -> list[tuple[EntityRow, int]]:
        """Entities sharing the most articles with this one, with the number shared."""
        rows = self.conn.execute(
            "SELECT e.id, e.name, e.type, count(DISTINCT m2.article_id) AS shared FROM mentions m1 "
            "JOIN mentions m2 ON m2.article_id = m1.article_id AND m2.entity_id != m1.entity_id "
            "JOIN entities e ON e.id = m2.entity_id WHERE m1.entity_id = ? "
            "GROUP BY e.id ORDER BY shared DESC, e.name LIMIT ?", (entity_id, limit)).fetchall()
        return [(EntityRow(r[0], r[1], r[2], 0, r[3]), r[3]) for r in rows]

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
        """Articles sharing entities with this one: by the summed rarity (idf) of what they share, then how many.

        Each shared entity brings its articles as candidates, at most its newest few hundred: a name found
        in thousands of articles says little about any one of them ("champion lists"), and this bounds the
        work by the open article's entities instead of the library's size. The best candidates are then
        scored exactly on everything they share.
        """
        total = max(self.count_articles(), 1)
        rows = self.conn.execute(
            "SELECT id, name, articles FROM entities WHERE id IN "
            "(SELECT entity_id FROM mentions WHERE article_id = ? AND type != 'DATE')", (article_id,)).fetchall()
        # idf: an entity found in every article says nothing of relatedness
        weight = {entity_id: math.log(total / max(df, 1)) for entity_id, _, df in rows}
        names = {entity_id: name for entity_id, name, _ in rows}
        if not weight:
            return []
        per_entity = max(MIN_CANDIDATES_PER_ENTITY, CANDIDATE_ROWS // len(weight))
        score: dict[int, float] = {}
        count: dict[int, int] = {}
        for entity_id, w in weight.items():
            for (other,) in self.conn.execute(
                    "SELECT DISTINCT article_id FROM mentions WHERE entity_id = ? AND article_id != ? "
                    "ORDER BY article_id DESC LIMIT ?", (entity_id, article_id, per_entity)):
                score[other] = score.get(other, 0.0) + w
                count[other] = count.get(other, 0) + 1
        best = heapq.nsmallest(max(limit * 4, 60), score, key=lambda a: (-score[a], -count[a], -a))
        shared: dict[int, list[int]] = {}
        if best:
            marks, entity_marks = ",".join("?" * len(best)), ",".join("?" * len(weight))
            for other, entity_id in self.conn.execute(
                    f"SELECT DISTINCT article_id, entity_id FROM mentions WHERE article_id IN ({marks}) "
                    f"AND entity_id IN ({entity_marks})", (*best, *weight)):
                shared.setdefault(other, []).append(entity_id)
        exact = {a: sum(weight[e] for e in shared.get(a, [])) for a in best}
        ranked = sorted(best, key=lambda a: (-exact[a], -len(shared.get(a, [])), -a))[:limit]
        titles = {r.id: r.title for r in self.article_rows(ranked)}
        return [RelatedArticle(a, titles.get(a, ""), round(exact[a], 3),
                               tuple(names[e] for e in sorted(shared.get(a, []), key=lambda e: (-weight[e], names[e]))))
                for a in ranked]

    def date_mentions(self) -> list[Mention]:
        """Every DATE mention with a normalised value, in time order."""
        return [_mention(r) for r in self.conn.execute(
            MENTION_SQL + " WHERE m.type = 'DATE' AND m.value != '' ORDER BY m.value, m.article_id, m.start")]

    # corrections -------------------------------------------------------------------------------

    def corrections(self, article_id: int | None = None) -> list[Correction]:
        """Corrections for one article plus those applied everywhere (all of them when no id)."""
        sql = 'SELECT id, kind, article_id, text, start, "end", type, entity, target FROM corrections'
        params: tuple[object, ...] = ()
        if article_id is not None:
            sql += " WHERE article_id = ? OR article_id IS NULL"
            params = (article_id,)
        return [Correction(kind=r[1], article_id=r[2], text=r[3], start=r[4], end=r[5], type=r[6], entity=r[7],
                           target=r[8], id=r[0]) for r in self.conn.execute(sql + " ORDER BY id", params)]

    def store_spans(self, article_id: int, spans: Sequence[EntitySpan]) -> Changes:
        """Store fresh recogniser output for an article, with the user's corrections applied on top."""
        text = self.get_article(article_id).text
        return self.set_mentions(article_id, apply_corrections(text, list(spans), self.corrections(article_id)))

    def store_spans_many(self, items: Iterable[tuple[int, str, Sequence[EntitySpan]]]) -> Changes:
        """store_spans for many (article id, text, spans) at once: corrections are read once for all."""
        items = list(items)
        if not items:
            return Changes()
        everywhere: list[Correction] = []
        by_article: dict[int, list[Correction]] = {}
        for correction in self.corrections():
            if correction.article_id is None:
                everywhere.append(correction)
            else:
                by_article.setdefault(correction.article_id, []).append(correction)
        fixed = []
        for article_id, text, spans in items:
            mine = sorted(everywhere + by_article.get(article_id, []), key=lambda c: c.id or 0)
            fixed.append((article_id, apply_corrections(text, list(spans), mine) if mine else list(spans)))
        return self.set_mentions_many(fixed)

    def apply_correction(self, correction: Correction) -> tuple[int, dict[int, list[EntitySpan]], Changes]:
        """Record a correction and apply it now; returns its id and the previous spans (for undo)."""
        affected = self._articles_for(correction)
        before: dict[int, list[EntitySpan]] = {}
        changes = Changes()
        with self.transaction() as conn:
            cur = conn.execute(
                'INSERT INTO corrections (kind, article_id, text, start, "end", type, entity, target, created) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (correction.kind, correction.article_id, correction.text, correction.start, correction.end,
                 correction.type, correction.entity, correction.target, now()))
            correction_id = int(cur.lastrowid or 0)
            for article_id in affected:
                before[article_id] = self.spans(article_id)
                text = self.get_article(article_id).text
                changes = changes | self.set_mentions(
                    article_id, apply_corrections(text, before[article_id], [correction]))
        return correction_id, before, changes

    def revert_correction(self, correction_id: int, before: dict[int, list[EntitySpan]]) -> Changes:
        """Undo apply_correction: forget the correction and put the previous spans back."""
        changes = Changes()
        with self.transaction() as conn:
            conn.execute("DELETE FROM corrections WHERE id = ?", (correction_id,))
            for article_id, spans in before.items():
                changes = changes | self.set_mentions(article_id, spans)
        return changes

    def _articles_for(self, c: Correction) -> list[int]:
        if c.article_id is not None:
            return [c.article_id]
        if c.kind in ("merge", "rename"):
            return [r[0] for r in self.conn.execute(
                "SELECT DISTINCT m.article_id FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE e.name = ?",
                (c.entity,))]
        if c.text:
            return self.article_ids(query=c.text, sort="imported", descending=False) or [
                r[0] for r in self.conn.execute("SELECT id FROM articles WHERE instr(text, ?) > 0", (c.text,))]
        return []

    def _entity_id(self, name: str, type_: str) -> int:
        row = self.conn.execute("SELECT id FROM entities WHERE name = ? AND type = ?", (name, type_)).fetchone()
        if row:
            return int(row[0])
        cur = self.conn.execute("INSERT INTO entities (name, type) VALUES (?, ?)", (name, type_))
        return int(cur.lastrowid or 0)
