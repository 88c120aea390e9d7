"""From raw recogniser output to clean, linked, non-overlapping spans (no spaCy needed here)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from reader.entities.cleanup import clean_span, is_meaningful
from reader.entities.dates import find_dates
from reader.entities.french import chrome_ranges, glued_credits, refine
from reader.entities.gazetteer import IGNORE, Gazetteer, fold_apostrophes
from reader.entities.model import EntitySpan

MODEL_LABELS: dict[str, str] = {
    "PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "MISC": "MISC",
}  # fmt: skip
_PARTICLES = frozenset({"le", "la", "de", "du", "des", "van", "von", "der", "den", "di", "da", "dos", "del", "ben", "bin", "al", "el", "ibn"})


def canonical_name(surface: str) -> str:
    """The name a new entity gets from its surface text: spaces collapsed, apostrophes straight."""
    return fold_apostrophes(" ".join(surface.split()))


def _split_hyphenated(text: str, start: int, end: int, gazetteer: Gazetteer) -> list[EntitySpan] | None:
    """ "Azerbaïdjan-OTAN" is two known entities, not one; None when the span is not such a pair."""
    surface = text[start:end]
    if "-" not in surface or " " in surface or gazetteer.lookup(surface):
        return None
    left, _, right = surface.partition("-")
    a, b = gazetteer.lookup(left), gazetteer.lookup(right)
    if a is None or b is None:
        return None
    mid = start + len(left)
    return [
        EntitySpan(start, mid, a.type, left, a.name, source="gazetteer"),
        EntitySpan(mid + 1, end, b.type, right, b.name, source="gazetteer"),
    ]


_NAME_OF_PLACE = re.compile(r"(?P<name>.+?)\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])(?P<place>[^\s].*)")


def _split_person_place(text: str, start: int, end: int, gazetteer: Gazetteer) -> list[EntitySpan] | None:
    """ "Vladimir Poutine de Russie" is a person and a known place, not a person of that name."""
    surface = text[start:end]
    m = _NAME_OF_PLACE.fullmatch(surface)
    if m is None or gazetteer.lookup(surface):
        return None
    place = gazetteer.lookup(m["place"])
    if place is None or place.type != "LOC" or " " not in m["name"].strip():
        return None  # "Charles de Gaulle": the tail is no known place; a lone "X de Y" stays as it is
    person = gazetteer.lookup(m["name"])
    name_end = start + len(m["name"])
    place_start = start + m.start("place")
    return [
        EntitySpan(start, name_end, "PER", m["name"], person.name if person else canonical_name(m["name"])),
        EntitySpan(place_start, end, "LOC", m["place"], place.name, source="gazetteer"),
    ]


# "les Américains", "un Britannique", "des Kurdes": inhabitants are not places (nor entities, for the gold).
_DEMONYM = re.compile(r"[A-ZÉ][\w-]*(?:ais|aise|ain|aine|ien|ienne|éen|éenne|ois|oise|ol|ole|ique|e|[cdt])s?")
_NAME_AFTER = re.compile(r"[ \u00a0]+[A-ZÉÈ][a-zéèëïçñ]+[ \u00a0]+[A-ZÉÈ][\w-]+")
_CAPITAL_DETERMINER = re.compile(r"(?:Les|Des|Aux)\s+")
_PLURAL_DEMONYM = re.compile(r"[A-ZÉ][\w-]*[^s]s")
_DETERMINER_BEFORE = re.compile(
    r"(?:^|\W)(?:(les|des|aux|ces|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|plusieurs|nombreux|[0-9]+)"
    r"|le|la|un|une|du|au|l['’]|ce|cet|cette|chaque|\w+ième)"
    r"(?:\s+(?:jeune|jeunes|autre|autres|seul|seule|premier|première|nouveau|nouvelle|ancien|ancienne))?\s*$",
    re.IGNORECASE,
)
# "millions de Français", "une délégation de Guyanais": after "de", only unmistakable endings count.
_OF_BEFORE = re.compile(r"(?:^|\W)(?:de|d['’])\s*$", re.IGNORECASE)
_STRONG_ENDINGS = ("ais", "aise", "aises", "ain", "aine", "ains", "aines", "ien", "ienne", "iens", "iennes",
                   "éen", "éenne", "éens", "éennes", "ois", "oise", "oises", "ol", "ole", "ols", "oles",
                   "ique", "iques", "esse", "esses")


def _is_demonym(text: str, start: int, end: int) -> bool:
    surface = text[start:end]
    m = _CAPITAL_DETERMINER.match(surface)
    if m and _DEMONYM.fullmatch(surface[m.end():]) and surface.endswith("s"):
        return True  # "Les Kurdes ont proclamé": a sentence-initial determiner swept in by the model
    if not _DEMONYM.fullmatch(surface):
        return False
    m = _DETERMINER_BEFORE.search(text, max(0, start - 20), start)
    if m is None:
        plural_of = surface.endswith("s") and _OF_BEFORE.search(text, max(0, start - 4), start)
        return bool(plural_of) and surface.endswith(_STRONG_ENDINGS)
    if surface.endswith(_STRONG_ENDINGS):
        return True
    if _NAME_AFTER.match(text, end):
        return True  # "l'Allemand Jan Frodeno", "la Russe Anastasia Abrosimova": who, then the name
    # Other endings ("Russes", "Kurdes", "Britanniques") only in the plural after a plural determiner.
    return bool(_PLURAL_DEMONYM.fullmatch(surface)) and (m.group(1) is not None or m.group().strip().lower() == "le")


_EVENT_OF_PLACE = re.compile(r"(?P<event>[A-ZÉ].*?)\s+(?:de|d['’]|à)\s*(?P<place>[A-ZÉ][\w-]+)")


def _split_event_place(text: str, start: int, end: int, places: set[str],
                       gazetteer: Gazetteer) -> list[EntitySpan] | None:
    """ "Jeux olympiques de Rio": an event and the place it is held in, the place found as a place."""
    m = _EVENT_OF_PLACE.fullmatch(text, start, end)
    if m is None or gazetteer.lookup(text[start:end]) is not None:
        return None
    place = m["place"]
    entry = gazetteer.lookup(place)
    if (entry is None and place not in places) or (entry is not None and entry.type != "LOC"):
        return None
    event = m["event"]
    return [
        EntitySpan(start, start + len(event), "MISC", event, canonical_name(event)),
        EntitySpan(m.start("place"), end, "LOC", place, entry.name if entry else canonical_name(place),
                   source="gazetteer" if entry else "model"),
    ]


def _strip_demonym(text: str, start: int, end: int) -> int:
    """Start of the name after a leading demonym ("Britannique Alistair Brownlee"), else ``start``."""
    space = text.find(" ", start, end)
    if space < 0 or not _NAME_AFTER.match(text, space) or not _DEMONYM.fullmatch(text[start:space]):
        return start
    if _DETERMINER_BEFORE.search(text, max(0, start - 12), start) is None:
        return start
    return space + 1


def _candidates(text: str, folded: str, model_ents: Iterable[tuple[int, int, str]], published: str,
                gazetteer: Gazetteer, verbs: frozenset[int]) -> tuple[list[EntitySpan], list[EntitySpan], list[EntitySpan]]:
    # A date's entity is its ISO value when known, so "17 mars 2024" and "17/03/2024" are one entity.
    dates = [EntitySpan(d.start, d.end, "DATE", text[d.start:d.end], d.value or canonical_name(text[d.start:d.end]),
                        d.value, "rule") for d in find_dates(text, published)]
    # An agency credit glued to the next sentence ("AFPLa sécurité") is the agency, whatever the model saw;
    # like dates, found by rule and taken before the model's spans.
    for start, end in glued_credits(text):
        entry = gazetteer.lookup(text[start:end])
        dates.append(EntitySpan(start, end, "ORG", text[start:end], entry.name if entry else text[start:end],
                                source="rule"))
    named: list[EntitySpan] = []
    model_ents = list(model_ents)
    places = {text[s:e] for s, e, label in model_ents if MODEL_LABELS.get(label) == "LOC"}
    for start, end, label in model_ents:
        type_ = MODEL_LABELS.get(label)
        if type_ is None:
            continue
        if start in verbs:
            continue  # "Ont été arrêtés", "Loué soit", "Renforcer le partenariat": a verb is no name
        cleaned = clean_span(text, start, end, type_)
        if cleaned is None:
            continue
        refined = refine(text, *cleaned, type_, gazetteer)
        if len(refined) != 1:
            continue
        start, end, type_ = refined[0]
        if type_ in ("PER", "LOC") and gazetteer.lookup(text[start:end]) is None:
            start = _strip_demonym(text, start, end)
        pair = _split_hyphenated(text, start, end, gazetteer)
        if pair is None and type_ == "PER":
            pair = _split_person_place(text, start, end, gazetteer)
        if pair is None and type_ == "MISC":
            pair = _split_event_place(text, start, end, places, gazetteer)
        if pair is not None:
            named.extend(pair)
            continue
        surface = text[start:end]
        entry = gazetteer.lookup(surface)
        if entry is None and type_ in ("LOC", "MISC", "PER") and _is_demonym(text, start, end):
            continue
        if entry is not None:
            named.append(EntitySpan(start, end, entry.type, surface, entry.name, source="model"))
        else:
            named.append(EntitySpan(start, end, type_, surface, canonical_name(surface), source="model"))
    known = [EntitySpan(s, e, g.type, text[s:e], g.name, source="gazetteer") for s, e, g in gazetteer.find(folded)]
    return dates, named, known


def _select(groups: Iterable[list[EntitySpan]]) -> list[EntitySpan]:
    """Greedy non-overlapping choice: earlier groups first, then longer spans within a group."""
    taken: list[EntitySpan] = []
    occupied = bytearray()
    for group in groups:
        for span in sorted(group, key=lambda s: (s.start - s.end, s.source != "gazetteer", s.start)):
            if len(occupied) < span.end:
                occupied.extend(b"\0" * (span.end - len(occupied)))
            if any(occupied[span.start:span.end]):
                continue
            occupied[span.start:span.end] = b"\1" * (span.end - span.start)
            taken.append(span)
    return taken


def _surname_keys(name: str) -> list[str]:
    words = name.split()
    if len(words) < 2:
        return []
    keys = [words[-1]]
    if len(words) >= 3 and words[-2].lower() in _PARTICLES:
        keys.insert(0, " ".join(words[-2:]))
    return [k for k in keys if len(k) >= 3 and k[0].isupper()]


def _link_within(spans: list[EntitySpan]) -> tuple[list[EntitySpan], dict[str, tuple[str, str]]]:
    """Surnames link to the full name given in the article; one type per entity (majority of its mentions)."""
    surname_of: dict[str, set[str]] = defaultdict(set)
    for s in spans:
        if s.type == "PER":
            for key in _surname_keys(s.entity):
                surname_of[key].add(s.entity)
    full_name = {k: next(iter(v)) for k, v in surname_of.items() if len(v) == 1}
    linked = []
    for s in spans:
        if s.type != "DATE" and s.source != "gazetteer" and s.entity in full_name and s.entity != full_name[s.entity]:
            s = EntitySpan(s.start, s.end, "PER", s.text, full_name[s.entity], s.value, s.source)
        linked.append(s)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for s in linked:
        if s.type not in ("DATE", IGNORE):
            votes[s.entity][s.type] += 2 if s.source == "gazetteer" else 1
    type_of = {name: counts.most_common(1)[0][0] for name, counts in votes.items()}
    result = [s if s.type in ("DATE", IGNORE) or type_of[s.entity] == s.type
              else EntitySpan(s.start, s.end, type_of[s.entity], s.text, s.entity, s.value, s.source) for s in linked]
    # Surfaces worth finding again elsewhere in the article, with the entity they stand for.
    surfaces: dict[str, tuple[str, str]] = {}
    for s in result:
        if s.type not in ("DATE", IGNORE) and len(s.text) >= 3:
            surfaces.setdefault(canonical_name(s.text), (type_of[s.entity], s.entity))
    for key, name in full_name.items():
        surfaces.setdefault(key, (type_of.get(name, "PER"), name))
    return result, surfaces


def _propagate(text: str, folded: str, surfaces: dict[str, tuple[str, str]]) -> list[EntitySpan]:
    """Every other occurrence of a name recognised once in the article (whole words, case-sensitive)."""
    found = []
    size = len(folded)
    for name, (type_, entity) in surfaces.items():
        start = folded.find(name)
        while start >= 0:
            end = start + len(name)
            before = folded[start - 1] if start else " "
            after = folded[end] if end < size else " "
            if not (before.isalnum() or before in "-._") and not (after.isalnum() or after in "-_") and \
                    not (after in ".'" and end + 1 < size and folded[end + 1].isalnum()):
                found.append(EntitySpan(start, end, type_, text[start:end], entity, source="rule"))
            start = folded.find(name, start + 1)
    return found


def annotate(text: str, model_ents: Iterable[tuple[int, int, str]], published: str, gazetteer: Gazetteer,
             verbs: frozenset[int] = frozenset()) -> list[EntitySpan]:
    """Clean, date, link and propagate the recogniser's (start, end, label) spans over ``text``.

    ``verbs``: offsets of words the model's morphology reads as verbs (see morphology.verb_offsets).
    """
    folded = fold_apostrophes(text)
    dates, named, known = _candidates(text, folded, model_ents, published, gazetteer, verbs)
    chosen = _select([dates, named + known])
    linked, surfaces = _link_within(chosen)
    # A name found again is not taken where the words around make it an inhabitant ("les Kurdes").
    again = [s for s in _propagate(text, folded, surfaces)
             if s.type not in ("LOC", "MISC", "PER") or gazetteer.lookup(s.text) or not _is_demonym(text, s.start, s.end)]
    extra = _select([linked, again])
    chrome = chrome_ranges(text)
    return sorted((s for s in extra if (s.type == "DATE" or (s.type != IGNORE and is_meaningful(s.text)))
                   and not any(a <= s.start < b for a, b in chrome)), key=lambda s: s.start)
