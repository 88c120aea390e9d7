"""French date expressions found by rules and normalised to ISO values anchored on the article's date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTH_NAMES: tuple[str, ...] = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                                "septembre", "octobre", "novembre", "décembre")
MONTHS: dict[str, int] = {
    **{name: number for number, name in enumerate(MONTH_NAMES, start=1)},
    "janv": 1, "fevrier": 2, "févr": 2, "fev": 2, "avr": 4, "juil": 7, "aout": 8, "sept": 9, "oct": 10,
    "nov": 11, "decembre": 12, "déc": 12, "dec": 12,
}  # fmt: skip
_FULL_MONTHS = "|".join(
    sorted((m for m in MONTHS if len(m) > 4 or m in ("mars", "mai", "juin", "août", "aout")), key=len, reverse=True)
)
_ABBR_MONTHS = "janv|févr|fevr|avr|juil|sept|oct|nov|déc|dec"
_MONTH = rf"(?P<month>(?:{_FULL_MONTHS})\b|(?:{_ABBR_MONTHS})\.)"
_WEEKDAY = r"(?:(?P<weekday>lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)[ \t\u00a0\u202f]+)"
_DAY = r"(?P<day>1[ \u00a0\u202f]?er|[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?P<year>1[0-9]{3}|20[0-9]{2})"
_REL = r"(?:[ \t\u00a0\u202f]+(?P<rel>dernier|prochain))"
_PART = r"(?:(?P<part>début|fin|mi-|courant)[ \t\u00a0\u202f]*)"
_SEASON = r"(?:(?P<season>printemps|été|automne|hiver)[ \t\u00a0\u202f]+)"
_NUM = r"(?P<nday>0?[1-9]|[12]\d|3[01])[/.](?P<nmonth>0?[1-9]|1[0-2])[/.](?P<nyear>1[0-9]{3}|20[0-9]{2})"
_CENTURY = r"(?P<century>[IVXL]+)[ \u00a0\u202f]?(?:e|ème|è)[ \t\u00a0\u202f]+siècle"

# Longest alternatives first; the lookahead lets most word starts fail fast. A bare year is only taken when it is not a quantity ("2000 employés").
_DATE_RE = re.compile(
    rf"""(?<![\w-])(?=[\dlmjvsdfaoncpéhiIVXL])(?:
        {_WEEKDAY}?{_DAY}[ \t\u00a0\u202f]+{_MONTH}(?:[ \t\u00a0\u202f]+{_YEAR}\b)?{_REL}?
      | (?P<m2>(?:{_FULL_MONTHS}))[ \t\u00a0\u202f]+(?P<d2>[0-3]?\d),[ \t\u00a0\u202f]*(?P<y2>1[0-9]{{3}}|20[0-9]{{2}})\b
      | {_PART}?(?P<m3>(?:{_FULL_MONTHS}))[ \t\u00a0\u202f]+(?P<y3>1[0-9]{{3}}|20[0-9]{{2}})\b
      | (?P<p4>début|fin|mi-)[ \t\u00a0\u202f]*(?P<m4>(?:{_FULL_MONTHS}))\b
      | (?P<w5>lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)[ \t\u00a0\u202f]+(?P<d5>1[ \u00a0\u202f]?er|[12]\d|3[01]|0?[1-9])\b(?![ \t\u00a0\u202f]*[,.]?\d)
      | {_NUM}\b
      | {_CENTURY}
      | {_SEASON}?(?P<y6>1[5-9][0-9]{{2}}|20[0-9]{{2}})(?!\w|[.,\s]\d|[ \u00a0\u202f]?%|[ \t\u00a0\u202f]+(?:m|km|kg|t|ha|euros?|dollars?|€|\$)\b)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# A following lowercase plural noun marks a quantity, not a year: "1900 domiciles", "2000 membres".
_QUANTITY_AFTER = re.compile(r"\s+(?!dans\b|après\b|depuis\b|alors\b|mais\b|sans\b|selon\b|puis\b|plus\b|sous\b|avons\b|vers\b|lors\b|contre\b|hors\b|chez\b)[a-zéèêàç]{3,}[sx]\b")
_QUANTITY_BEFORE = re.compile(r"(?:environ|quelque|plus de|moins de|près de|les|ces|des|aux|sur)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    value: str  # ISO value or "" when it cannot be normalised


def _anchor(published: str) -> tuple[int | None, int | None]:
    parts = published[:10].split("-")
    try:
        year = int(parts[0]) if parts and len(parts[0]) == 4 else None
        month = int(parts[1]) if len(parts) > 1 and year else None
    except ValueError:
        return None, None
    return year, month


def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _iso(year: int | None, month: int | None = None, day: int | None = None) -> str:
    if year is None:
        return ""
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        date(year, month, day)
    except ValueError:
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def _day(text: str) -> int:
    return 1 if text.lower().replace(" ", "").startswith("1er") else int(text)


def _normalise(m: re.Match[str], published: str) -> str:
    g = m.groupdict()
    pub_year, pub_month = _anchor(published)
    if g["day"]:
        month, day = _month_number(g["month"]), _day(g["day"])
        if g["year"]:
            return _iso(int(g["year"]), month, day)
        if pub_year is None:
            return ""
        year = pub_year
        rel = (g["rel"] or "").lower()
        if pub_month is not None and rel == "dernier" and month > pub_month:
            year -= 1
        elif pub_month is not None and rel == "prochain" and month < pub_month:
            year += 1
        return _iso(year, month, day)
    if g["m2"]:
        return _iso(int(g["y2"]), _month_number(g["m2"]), int(g["d2"]))
    if g["m3"]:
        return _iso(int(g["y3"]), _month_number(g["m3"]))
    if g["m4"]:
        return _iso(pub_year, _month_number(g["m4"]))
    if g["w5"]:
        return _iso(pub_year, pub_month, _day(g["d5"])) if pub_month else ""
    if g["nday"]:
        return _iso(int(g["nyear"]), int(g["nmonth"]), int(g["nday"]))
    if g["y6"]:
        return g["y6"]
    return ""


def _is_quantity(text: str, start: int, end: int) -> bool:
    return bool(_QUANTITY_AFTER.match(text, end) or _QUANTITY_BEFORE.search(text, max(0, start - 12), start))


def find_dates(text: str, published: str = "") -> list[DateMatch]:
    """Every date expression in ``text``, without the preposition before it, with its ISO value."""
    found: list[DateMatch] = []
    for m in _DATE_RE.finditer(text):
        if m.group("y6") and not m.group("season") and _is_quantity(text, m.start(), m.end()):
            continue
        found.append(DateMatch(m.start(), m.end(), _normalise(m, published)))
    return found
