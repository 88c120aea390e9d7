"""Links of one article, out and in, with titles and quotes: the backlinks panel and `reader links`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.domain import Link, LinkEnd

if TYPE_CHECKING:
    from reader.store import Store

LABEL_SUGGESTIONS: tuple[str, ...] = ("confirme", "contredit", "même événement", "cause")


@dataclass(frozen=True)
class LinkRow:
    """A link as seen from one article: ``here`` is the end in that article, ``there`` the other one."""

    link: Link
    direction: str  # out | in
    here: LinkEnd
    there: LinkEnd
    there_title: str
    here_quote: str  # "" when the link starts at (or points to) the whole article
    there_quote: str

    @property
    def link_id(self) -> int:
        assert self.link.id is not None
        return self.link.id


def end_quote(store: Store, end: LinkEnd) -> str:
    """The passage a link end names: its anchor's quote, its annotation's quote, or "" for an article."""
    if end.anchor is not None:
        return end.anchor.exact
    if end.annotation_id is not None:
        try:
            return store.annotations.get(end.annotation_id).anchor.exact
        except KeyError:
            return ""
    return ""


def end_span(end: LinkEnd) -> tuple[int | None, int | None]:
    """Where to scroll for this end: its passage, or (None, None) for a whole article."""
    if end.anchor is not None:
        return end.anchor.start, end.anchor.end
    return None, None


def link_rows(store: Store, article_id: int) -> tuple[list[LinkRow], list[LinkRow]]:
    """Links going out of an article and links coming into it, with titles and quotes."""
    titles: dict[int, str] = {}

    def title(aid: int) -> str:
        if aid not in titles:
            rows = store.articles.rows([aid])
            titles[aid] = rows[0].title if rows else f"#{aid}"
        return titles[aid]

    out = [LinkRow(link, "out", link.source, link.target, title(link.target.article_id),
                   end_quote(store, link.source), end_quote(store, link.target))
           for link in store.links.from_article(article_id)]
    into = [LinkRow(link, "in", link.target, link.source, title(link.source.article_id),
                    end_quote(store, link.target), end_quote(store, link.source))
            for link in store.links.to_article(article_id)]
    return out, into


def links_report(store: Store, article_id: int, limit: int = 20) -> dict[str, object]:
    """Everything the backlinks panel shows for an article, as plain JSON-ready data."""
    out, into = link_rows(store, article_id)

    def row(r: LinkRow) -> dict[str, object]:
        span = end_span(r.there)
        return {"link": r.link.id, "label": r.link.label, "note": r.link.note, "quote": r.here_quote,
                "article_id": r.there.article_id, "title": r.there_title, "target_quote": r.there_quote,
                "start": span[0], "end": span[1]}

    related = [{"article_id": a.article_id, "title": a.title, "score": a.score, "shared": list(a.shared)}
               for a in store.entities.related_articles(article_id, limit=limit)]
    return {"article_id": article_id, "out": [row(r) for r in out], "in": [row(r) for r in into],
            "unlinked": related}
