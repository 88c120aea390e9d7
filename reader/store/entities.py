"""Entities, their mentions and the user's corrections: the entity index, co-occurrence, related articles."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from reader.domain import Changes, Entity, Mention
from reader.entities.model import Correction, EntitySpan
from reader.entities.surnames import KnownPerson, NameLink, in_period
from reader.store.base import Repository, now

MENTION_SQL = (
    'SELECT m.id, m.article_id, m.start, m."end", m.text, m.type, m.entity_id, e.name, m.value, m.source '
    "FROM mentions m JOIN entities e ON e.id = m.entity_id"
)


# Unlinked mentions read at most this many (entity, article) pairs, and at least this many per entity.
CANDIDATE_ROWS = 4_000
MIN_CANDIDATES_PER_ENTITY = 50
# A person's articles read, newest first, to find one in an article's period (two years either side).
PERIOD_ROWS = 5_000


def _chunks(values: Sequence[int], size: int = 500) -> Iterator[list[int]]:
    for i in range(0, len(values), size):
        yield list(values[i:i + size])


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
    mention_id, article_id, start, end, text, type_, entity_id, entity, value, source = row
    return Mention(id=mention_id, article_id=article_id, start=start, end=end, text=text, type=type_,
                   entity_id=entity_id, entity=entity, value=value, source=source)


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
        return self.set_mentions_many([(article_id, spans)])

    def set_mentions_many(self, items: Iterable[tuple[int, Sequence[EntitySpan]]]) -> Changes:
        """set_mentions for many articles in one transaction, with a few statements whatever their number."""
        items = list(items)
        if not items:
            return Changes()
        article_ids = [article_id for article_id, _ in items]
        with self._handle.transaction() as conn:
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
            # only the entities these articles named can have lost their last mention (counts kept by triggers)
            for chunk in _chunks(sorted(touched)):
                conn.execute(f"DELETE FROM entities WHERE id IN ({','.join('?' * len(chunk))}) AND mentions = 0",
                             chunk)
        return Changes(mentions_of=frozenset(article_ids), entities=frozenset(touched))

    def _entity_ids(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
        conn = self.conn
        conn.executemany("INSERT OR IGNORE INTO entities (name, type) VALUES (?, ?)", sorted(keys))
        return {key: conn.execute("SELECT id FROM entities WHERE name = ? AND type = ?", key).fetchone()[0]
                for key in keys}

    def drop_mentions(self, article_id: int) -> None:
        """Forget an article's mentions (its text changed), keeping its entities for the next recognition."""
        with self._handle.transaction() as conn:
            conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))

    def spans(self, article_id: int) -> list[EntitySpan]:
        return [EntitySpan(m.start, m.end, m.type, m.text, m.entity, m.value, m.source)
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
        row = self.conn.execute("SELECT articles FROM entities WHERE id = ?", (entity_id,)).fetchone()
        return int(row[0]) if row else 0

    def rows(self, *, type_: str = "", query: str = "", limit: int = 10000) -> list[EntityRow]:
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
        """Articles sharing entities with this one: by the summed rarity (idf) of what they share, then how many.

        Each shared entity brings its articles as candidates, at most its newest few hundred: a name found
        in thousands of articles says little about any one of them ("champion lists"), and this bounds the
        work by the open article's entities instead of the library's size. The best candidates are then
        scored exactly on everything they share.
        """
        total = max(int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]), 1)
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
        titles = {r[0]: r[1] for r in self.conn.execute(
            f"SELECT id, title FROM articles WHERE id IN ({','.join('?' * len(ranked))})", ranked)} if ranked else {}
        return [RelatedArticle(a, titles.get(a, ""), round(exact[a], 3),
                               tuple(names[e] for e in sorted(shared.get(a, []), key=lambda e: (-weight[e], names[e]))))
                for a in ranked]

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

    def full_names_by_surname(self) -> dict[str, list[tuple[int, str, int]]]:
        """Every person of two words or more by surname: (id, name, articles), in one pass over the entities.

        For a batch of articles, read once instead of once per bare surname.
        """
        found: dict[str, list[tuple[int, str, int]]] = {}
        for entity_id, name, articles in self.conn.execute(
                "SELECT id, name, articles FROM entities WHERE type = 'PER' AND instr(name, ' ') > 0 ORDER BY name"):
            found.setdefault(name.split()[-1], []).append((entity_id, name, articles))
        return found

    def people_with_surname(self, surname: str, *, exclude_article: int | None = None, published: str = "",
                            by_surname: dict[str, list[tuple[int, str, int]]] | None = None) -> list[KnownPerson]:
        """Full names of people (PER, two words or more) ending with ``surname`` that other articles name.

        Each comes with the date of one of those articles, in the period of ``published`` when there is one,
        and how many articles name it. The work grows with the people of that surname, not with the library.
        """
        if by_surname is not None:
            candidates = by_surname.get(surname, [])
        else:
            candidates = [row for row in self.conn.execute(
                "SELECT id, name, articles FROM entities WHERE type = 'PER' AND name LIKE ? ORDER BY name",
                (f"% {surname}",)) if row[1].split()[-1] == surname]  # LIKE ignores case; a surname does not
        exclude = -1 if exclude_article is None else exclude_article
        people = []
        for entity_id, name, articles in candidates:
            seen: list[str] = []
            for (when,) in self.conn.execute(
                    "SELECT a.published FROM mentions m JOIN articles a ON a.id = m.article_id "
                    "WHERE m.entity_id = ? AND m.article_id != ? ORDER BY m.article_id DESC LIMIT ?",
                    (entity_id, exclude, PERIOD_ROWS)):
                if in_period(published, when):
                    seen = [when]
                    break
                if not seen:
                    seen.append(when)
            if seen:
                people.append(KnownPerson(name, tuple(seen), articles))
        return people

    def names_a_place(self, name: str, *, exclude_article: int) -> bool:
        """Whether an article other than this one names a place (LOC) so."""
        return self.conn.execute(
            "SELECT 1 FROM entities e JOIN mentions m ON m.entity_id = e.id WHERE e.name = ? AND e.type = 'LOC' "
            "AND m.article_id != ? LIMIT 1", (name, exclude_article)).fetchone() is not None

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
