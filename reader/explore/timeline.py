"""Dates of the library placed in time: events, rows by article or entity, and the zoomable scale."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from reader.domain import Mention
from reader.entities.dates import MONTH_NAMES
from reader.explore.text import caption_for, format_iso_fr, parse_iso, quote_around, sentence_bounds

if TYPE_CHECKING:
    from reader.store import Store


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
            names = tuple(dict.fromkeys(o.entity for o in mentions
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
                        out.append(Tick(self.x(day), MONTH_NAMES[month - 1][:4].rstrip("."), False))
        if ppd >= 22:
            day = first
            while day <= last:
                if day.day != 1:
                    out.append(Tick(self.x(day), str(day.day), False))
                day += timedelta(days=1)
        out.sort(key=lambda t: (t.x, not t.major))
        return out
