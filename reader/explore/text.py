"""Text around a passage for every explore view: quotes with context, what a date is about, French dates."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date

from reader.domain import Mention
from reader.entities.dates import MONTH_NAMES

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
        return f"{MONTH_NAMES[first.month - 1]} {first.year}"
    day = "1er" if first.day == 1 else str(first.day)
    return f"{day} {MONTH_NAMES[first.month - 1]} {first.year}"


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


def counted(n: int, word: str, plural: str = "") -> str:
    """"1 mention", "3 mentions": a count with its noun agreeing."""
    return f"{n} {word if n == 1 else (plural or word + 's')}"
