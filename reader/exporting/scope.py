"""What an export covers: one or more articles, the notes with a tag, or the whole library."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from reader.domain import Annotation, Article, Link, LinkEnd, Mention

if TYPE_CHECKING:  # the store is only needed by callers that have one
    from reader.store import Store


class ExportError(Exception):
    """An export that cannot be made; ``str()`` is one line for the user."""


@dataclass(frozen=True)
class Scope:
    """Exactly one of: ``article_ids``, ``tag``, ``everything``."""

    article_ids: tuple[int, ...] = ()
    tag: str = ""
    everything: bool = False

    def __post_init__(self) -> None:
        given = bool(self.article_ids) + bool(self.tag) + bool(self.everything)
        if given != 1:
            raise ExportError("choose what to export: articles, a tag, or the whole library")


@dataclass(frozen=True)
class EntitySummary:
    name: str
    type: str
    count: int


@dataclass(frozen=True)
class ArticleNotes:
    """One article of an export with the annotations exported for it (reading order)."""

    article: Article
    annotations: tuple[Annotation, ...]
    mentions: tuple[Mention, ...] = ()

    @property
    def id(self) -> int:
        assert self.article.id is not None
        return self.article.id

    def entities(self) -> list[EntitySummary]:
        """Distinct entities, most mentioned first."""
        counts = Counter((m.entity, m.type) for m in self.mentions)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][0].casefold()))
        return [EntitySummary(name, type_, n) for (name, type_), n in ranked]


@dataclass(frozen=True)
class ExportSet:
    """Everything an exporter writes, read from the store once."""

    items: tuple[ArticleNotes, ...]
    links: tuple[Link, ...] = ()
    tag: str = ""
    articles: dict[int, Article] = field(default_factory=dict)  # every article exported or at a link end
    uuids: dict[int, str] = field(default_factory=dict)  # annotation id -> uuid, for every link end too

    @property
    def titles(self) -> dict[int, str]:
        return {article_id: article.title for article_id, article in self.articles.items()}

    @property
    def label(self) -> str:
        if self.tag:
            return f"Notes tagged “{self.tag}”"
        if len(self.items) == 1:
            return self.items[0].article.title
        return f"Notes on {len(self.items)} articles"

    def annotation_count(self) -> int:
        return sum(len(item.annotations) for item in self.items)

    @cached_property
    def _annotation_index(self) -> dict[int, tuple[ArticleNotes, Annotation]]:
        return {ann.id: (item, ann) for item in self.items for ann in item.annotations if ann.id is not None}

    @cached_property
    def _article_ids(self) -> frozenset[int]:
        return frozenset(item.id for item in self.items)

    @cached_property
    def _links_by_annotation(self) -> dict[int, list[Link]]:
        index: dict[int, list[Link]] = {}
        for link in self.links:
            for end in dict.fromkeys((link.source.annotation_id, link.target.annotation_id)):
                if end is not None:
                    index.setdefault(end, []).append(link)
        return index

    def exported_annotation(self, annotation_id: int | None) -> tuple[ArticleNotes, Annotation] | None:
        return None if annotation_id is None else self._annotation_index.get(annotation_id)

    def has_article(self, article_id: int) -> bool:
        return article_id in self._article_ids

    def covers(self, end: LinkEnd) -> bool:
        """True when this end of a link is part of the export."""
        if end.annotation_id is not None:
            return self.exported_annotation(end.annotation_id) is not None
        return self.has_article(end.article_id)

    def links_of(self, annotation_id: int) -> list[Link]:
        return self._links_by_annotation.get(annotation_id, [])

    def article_links(self, article_id: int) -> list[Link]:
        """Links touching the article but none of its annotations (passage or article ends)."""
        out = []
        for link in self.links:
            for end in (link.source, link.target):
                if end.article_id == article_id and end.annotation_id is None:
                    out.append(link)
                    break
        return out


def collect(store: Store, scope: Scope) -> ExportSet:
    """Read what ``scope`` covers; raises ExportError for unknown articles or an empty scope."""
    items: list[ArticleNotes] = []
    if scope.article_ids:
        for article_id in dict.fromkeys(scope.article_ids):
            try:
                article = store.articles.get(article_id)
            except KeyError:
                raise ExportError(f"no article with id {article_id}") from None
            items.append(ArticleNotes(article, tuple(store.annotations.for_article(article_id)),
                                      tuple(store.entities.mentions(article_id))))
    elif scope.tag:
        by_article: dict[int, list[Annotation]] = {}
        for annotation_id in store.annotations.ids(tag=scope.tag):
            ann = store.annotations.get(annotation_id)
            by_article.setdefault(ann.article_id, []).append(ann)
        if not by_article:
            raise ExportError(f"no note is tagged “{scope.tag}”")
        for article_id, anns in by_article.items():
            anns.sort(key=lambda a: (a.start is None, a.start or 0, a.id or 0))
            items.append(ArticleNotes(store.articles.get(article_id), tuple(anns),
                                      tuple(store.entities.mentions(article_id))))
    else:
        for article in store.articles.all():
            assert article.id is not None
            items.append(ArticleNotes(article, tuple(store.annotations.for_article(article.id)),
                                      tuple(store.entities.mentions(article.id))))
        if not items:
            raise ExportError("the library has no articles to export")
    partial = ExportSet(tuple(items), tag=scope.tag)
    links: dict[int, Link] = {}
    for item in items:
        for link in [*store.links.from_article(item.id), *store.links.to_article(item.id)]:
            if link.id is not None and link.id not in links and (partial.covers(link.source)
                                                                 or partial.covers(link.target)):
                links[link.id] = link
    articles = {item.id: item.article for item in items}
    uuids = {ann.id: ann.uuid for item in items for ann in item.annotations if ann.id is not None}
    for link in links.values():
        for end in (link.source, link.target):
            if end.article_id not in articles:
                articles[end.article_id] = store.articles.get(end.article_id)
            if end.annotation_id is not None and end.annotation_id not in uuids:
                uuids[end.annotation_id] = store.annotations.get(end.annotation_id).uuid
    ordered = tuple(sorted(links.values(), key=lambda link: link.id or 0))
    return ExportSet(tuple(items), ordered, scope.tag, articles, uuids)
