"""Qt-free helpers for links, backlinks, the timeline and the entity graph: rows, dates, layout."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from reader.domain import Link, LinkEnd, Mention

if TYPE_CHECKING:
    from reader.store import Store

LABEL_SUGGESTIONS: tuple[str, ...] = ("confirme", "contredit", "même événement", "cause")

MONTHS_FR: tuple[str, ...] = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                              "septembre", "octobre", "novembre", "décembre")

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_SENTENCE_END = re.compile(r"[.!?…]\s|\n")
_ADJ_END = ("(?:é|ée|és|ées|aire|aires|al|ale|ales|aux|ique|iques|if|ive|ifs|ives|el|elle|els|elles|ien|ienne|"
            "iens|iennes|ain|aine|ains|aines|ais|aise|aises|oint|ointe|oints|ointes|eur|eure|eurs|ère|ères|ier|iers)")
# "du cessez-le-feu signé en", "la crise de", "une opération militaire en": the thing a date is the date of.
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:du|des|les|le|la|un|une|son|sa|ses|leur|leurs|ce|cet|cette)\s+|\b[lLdD][’'])"
    r"(?P<np>[\w-]{3,}(?:\s+de\s+[\w-]{3,})?(?:\s+[a-zàâçéèêëîïôûùüÿœ-]+" + _ADJ_END + r"){0,2})"
    r"\s+(?:en|de|du|d[’'])\s*$")
_PARTICIPLE = re.compile(r"(?:\s+[a-zàâçéèêëîïôûùüÿœ-]+(?:é|ée|és|ées))+$")


# dates ----------------------------------------------------------------------------------------

def parse_iso(value: str) -> tuple[date, date] | None:
    """The first and last day of an ISO value (YYYY, YYYY-MM or YYYY-MM-DD); None if it is not one."""
    match = _ISO.match(value.strip())
    if not match:
        return None
    year = int(match[1])
    try:
        if match[3]:
            day = date(year, int(match[2]), int(match[3]))
            return day, day
        if match[2]:
            month = int(match[2])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def precision(value: str) -> str:
    """year | month | day, from the shape of an ISO value."""
    return {4: "year", 7: "month"}.get(len(value.strip()), "day")


def format_iso_fr(value: str) -> str:
    """An ISO value as a French reader writes it: 1994, novembre 2020, 8 août 2025, 1er mars 2024."""
    period = parse_iso(value)
    if period is None:
        return value
    first = period[0]
    kind = precision(value)
    if kind == "year":
        return str(first.year)
    if kind == "month":
        return f"{MONTHS_FR[first.month - 1]} {first.year}"
    day = "1er" if first.day == 1 else str(first.day)
    return f"{day} {MONTHS_FR[first.month - 1]} {first.year}"


# text around a passage ----------------------------------------------------------------------------

def quote_around(text: str, start: int, end: int, context: int = 70) -> str:
    """The passage with about ``context`` characters either side, cut at word boundaries, one line."""
    return "".join(quote_parts(text, start, end, context))


def quote_parts(text: str, start: int, end: int, context: int = 70) -> tuple[str, str, str]:
    """quote_around() as (before, passage, after), so a view can set the passage apart.

    The context stays inside the passage's paragraph: a line break ends it."""
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end)
    paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
    left = max(paragraph_start, start - context)
    right = min(paragraph_end, end + context)
    if left > paragraph_start:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < paragraph_end:
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    before = _one_line(text[left:start], keep_end=True)
    after = _one_line(text[end:right], keep_start=True)
    return (("…" if left > paragraph_start else "") + before.lstrip(), _one_line(text[start:end]),
            after.rstrip() + ("…" if right < paragraph_end else ""))


def _one_line(text: str, keep_start: bool = False, keep_end: bool = False) -> str:
    """Whitespace runs as one space; a space at an end is kept when asked (it separates words)."""
    squeezed = " ".join(text.split())
    if keep_start and text[:1].isspace() and squeezed:
        squeezed = " " + squeezed
    if keep_end and text[-1:].isspace() and squeezed:
        squeezed += " "
    return squeezed


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) holding the span text[start:end]."""
    left = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        left = match.end()
    found = _SENTENCE_END.search(text, end)
    right = found.start() + 1 if found else len(text)
    return left, right


def caption_for(text: str, date_mention: Mention, mentions: Sequence[Mention]) -> str:
    """What a date is about: the noun phrase it dates ("cessez-le-feu signé en novembre 2020"), else the
    nearest other entity in its sentence (after it first), else the words that follow."""
    left, right = sentence_bounds(text, date_mention.start, date_mention.end)
    before = _NOUN_BEFORE.search(text, max(left, date_mention.start - 80), date_mention.start)
    if before:
        inside = [m for m in mentions if m.type != "DATE" and m.start < before.end("np") and before.start("np") < m.end]
        if inside:  # "le Partenariat pour la paix en 1994": the entity, not its last words
            return " ".join(text[inside[-1].start:inside[-1].end].split())
        phrase = _PARTICIPLE.sub("", " ".join(before["np"].split()))
        return re.sub(r"^(?:une?|des)\s+", "", phrase)
    others = [m for m in mentions if m.type != "DATE" and left <= m.start and m.end <= right]
    if others:
        def distance(m: Mention) -> tuple[int, int]:
            after = m.start >= date_mention.end
            gap = m.start - date_mention.end if after else date_mention.start - m.end
            return (gap if after else gap + 40, m.start)

        best = min(others, key=distance)
        return " ".join(text[best.start:best.end].split())
    words = re.findall(r"[\w’'-]+", text[date_mention.end:right])
    return " ".join(words[:4])


# links --------------------------------------------------------------------------------------------

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


# timeline -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TimelineEvent:
    """One DATE mention placed in time."""

    value: str  # ISO: YYYY, YYYY-MM or YYYY-MM-DD
    first: date
    last: date
    article_id: int
    article_title: str
    start: int
    end: int
    text: str  # the words of the mention, as written
    quote: str  # the mention with some context
    caption: str  # what it is about (the nearest entity, or a few words)
    entities: tuple[str, ...] = ()  # other entities named in the same sentence

    @property
    def label(self) -> str:
        shown = format_iso_fr(self.value)
        return f"{shown} ({self.caption})" if self.caption else shown

    @property
    def mid(self) -> date:
        return self.first + (self.last - self.first) / 2


def timeline_events(store: Store) -> list[TimelineEvent]:
    """Every normalised DATE mention of the library, in time order."""
    by_article: dict[int, list[Mention]] = {}
    for m in store.entities.date_mentions():
        by_article.setdefault(m.article_id, []).append(m)
    events: list[TimelineEvent] = []
    for article_id, dates in by_article.items():
        article = store.articles.get(article_id)
        mentions = store.entities.mentions(article_id)
        for m in dates:
            period = parse_iso(m.value)
            if period is None:
                continue
            left, right = sentence_bounds(article.text, m.start, m.end)
            names = tuple(dict.fromkeys(o.entity_name for o in mentions
                                        if o.type != "DATE" and left <= o.start and o.end <= right))
            events.append(TimelineEvent(m.value, period[0], period[1], article_id, article.title, m.start, m.end,
                                        m.text, quote_around(article.text, m.start, m.end),
                                        caption_for(article.text, m, mentions), names))
    events.sort(key=lambda e: (e.first, e.last, e.article_id, e.start))
    return events


@dataclass(frozen=True)
class TimelineRow:
    key: str
    title: str
    events: tuple[TimelineEvent, ...]


def timeline_rows(events: Iterable[TimelineEvent], by: str = "article", max_rows: int = 40) -> list[TimelineRow]:
    """Group events into rows: one per article (by its first date), or one per entity named with them."""
    groups: dict[str, list[TimelineEvent]] = {}
    titles: dict[str, str] = {}
    for event in events:
        if by == "entity":
            for name in event.entities:
                groups.setdefault(name, []).append(event)
                titles[name] = name
        else:
            key = str(event.article_id)
            groups.setdefault(key, []).append(event)
            titles[key] = event.article_title
    if by == "entity":
        keys = sorted(groups, key=lambda k: (-len(groups[k]), k))[:max_rows]
        keys.sort(key=lambda k: (min(e.first for e in groups[k]), k))
    else:
        keys = sorted(groups, key=lambda k: (min(e.first for e in groups[k]), int(k)))[:max_rows]
    return [TimelineRow(k, titles[k], tuple(sorted(groups[k], key=lambda e: (e.first, e.start)))) for k in keys]


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    major: bool


class TimeScale:
    """Maps days to x positions (pixels) and back, and picks readable ticks for any zoom."""

    def __init__(self, origin: date, pixels_per_day: float = 0.05) -> None:
        self.origin = origin
        self.pixels_per_day = pixels_per_day

    @classmethod
    def fitting(cls, first: date, last: date, width: float) -> TimeScale:
        days = max((last - first).days, 1)
        return cls(first, width / days)

    def x(self, day: date) -> float:
        return (day - self.origin).days * self.pixels_per_day

    def day_at(self, x: float) -> date:
        return self.origin + timedelta(days=round(x / self.pixels_per_day))

    def ticks(self, first: date, last: date) -> list[Tick]:
        """Year ticks when zoomed out; months, then days, appear as they get wide enough to read."""
        ppd = self.pixels_per_day
        out: list[Tick] = []
        year_step = next((s for s in (1, 2, 5, 10, 20, 50, 100) if s * 365 * ppd >= 60), 200)
        for year in range(first.year - first.year % year_step, last.year + 1, year_step):
            out.append(Tick(self.x(date(year, 1, 1)), str(year), True))
        if 30 * ppd >= 45:
            for year in range(first.year, last.year + 1):
                for month in range(2, 13):
                    day = date(year, month, 1)
                    if first <= day <= last:
                        out.append(Tick(self.x(day), MONTHS_FR[month - 1][:4].rstrip("."), False))
        if ppd >= 22:
            day = first
            while day <= last:
                if day.day != 1:
                    out.append(Tick(self.x(day), str(day.day), False))
                day += timedelta(days=1)
        out.sort(key=lambda t: (t.x, not t.major))
        return out


# entity graph ---------------------------------------------------------------------------------------

def graph_layout(nodes: Sequence[int], edges: Sequence[tuple[int, int, int]], seed: int = 7,
                 size: float = 1.0) -> dict[int, tuple[float, float]]:
    """Spring layout (networkx, fixed seed: the same graph always looks the same), scaled to ``size``."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(edges)
    if graph.number_of_nodes() == 0:
        return {}
    if graph.number_of_nodes() == 1:
        return {next(iter(graph.nodes)): (0.0, 0.0)}
    k = 1.6 / max(graph.number_of_nodes(), 1) ** 0.5
    positions = nx.spring_layout(graph, k=k, weight="weight", seed=seed, scale=size, iterations=200)
    return {int(n): (float(p[0]), float(p[1])) for n, p in positions.items()}
