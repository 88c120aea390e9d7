"""Plain, frozen data objects shared by every layer of the reader."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

ENTITY_TYPES: tuple[str, ...] = ("PER", "ORG", "LOC", "DATE", "MISC")
COLORS: tuple[str, ...] = ("yellow", "red", "green", "blue", "purple")


@dataclass(frozen=True)
class Article:
    """An article as stored in the library; ``id`` is None before it is stored."""

    title: str
    text: str
    source: str = ""
    author: str = ""
    published: str = ""  # ISO date (YYYY, YYYY-MM or YYYY-MM-DD) or ""
    url: str = ""
    path: str = ""  # file it was imported from, absolute, or ""
    content_hash: str = ""
    id: int | None = None
    imported_at: str = ""


@dataclass(frozen=True)
class Anchor:
    """Where a passage sits in an article: W3C TextQuote + TextPosition selectors."""

    exact: str
    prefix: str
    suffix: str
    start: int  # Python str offsets (code points)
    end: int


@dataclass(frozen=True)
class Entity:
    """A canonical entity, shared by all its mentions across the library."""

    id: int
    name: str
    type: str


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in an article's text."""

    article_id: int
    start: int
    end: int
    text: str
    type: str
    entity_id: int
    entity: str
    value: str = ""  # normalised ISO value for DATE mentions
    source: str = "model"  # model | gazetteer | rule | library | user
    id: int | None = None


@dataclass(frozen=True)
class Origin:
    """What another tool said about a note it made, kept to show and to export back; empty for ours."""

    via: str = ""  # the tool's id for the note when it is not an IRI we can keep as the note's own id
    creator: str = ""  # the W3C creator as JSON (an IRI string or an Agent object), or ""
    source: str = ""  # the document the tool annotated (its URI), when it is not the article's own IRI
    language: str = ""  # of the note's text (BCP 47), when the tool said
    format: str = ""  # of the note's text: "text/plain" stays plain; "" means Markdown, as ours
    entity_type: str = ""  # a classifying body: what the passage names (e.g. PLACE)
    identifier: str = ""  # an identifying body: the IRI of what the passage names (e.g. a Wikidata item)
    unplaced: str = ""  # why the note has no passage yet (not placed on import), or ""

    @property
    def creator_name(self) -> str:
        """A name to show for the creator: its name, nickname or id."""
        if not self.creator:
            return ""
        try:
            value = json.loads(self.creator)
        except ValueError:
            return self.creator
        if isinstance(value, dict):
            return str(value.get("name") or value.get("nickname") or value.get("id") or "")
        if isinstance(value, list):
            return ", ".join(Origin(creator=json.dumps(v)).creator_name for v in value)
        return str(value)


@dataclass(frozen=True)
class Annotation:
    """A highlight with an optional note and tags. ``start``/``end`` are None for an orphan."""

    article_id: int
    anchor: Anchor
    color: str = "yellow"
    note: str = ""
    tags: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None
    id: int | None = None
    uuid: str = ""
    created: str = ""
    modified: str = ""
    origin: Origin = Origin()

    @property
    def orphan(self) -> bool:
        return self.start is None


@dataclass(frozen=True)
class LinkEnd:
    """One end of a link: a whole article, an annotation, or a passage (anchor)."""

    article_id: int
    annotation_id: int | None = None
    anchor: Anchor | None = None


@dataclass(frozen=True)
class Link:
    """A labelled, directed link between two passages, annotations or articles."""

    source: LinkEnd
    target: LinkEnd
    label: str = ""
    note: str = ""
    id: int | None = None
    uuid: str = ""
    created: str = ""


@dataclass(frozen=True)
class Changes:
    """What a store operation changed, so views refresh only that."""

    articles: frozenset[int] = field(default_factory=frozenset)
    annotations: frozenset[int] = field(default_factory=frozenset)
    links: frozenset[int] = field(default_factory=frozenset)
    entities: frozenset[int] = field(default_factory=frozenset)
    mentions_of: frozenset[int] = field(default_factory=frozenset)  # article ids whose mentions changed
    library: bool = False  # articles added or removed

    @classmethod
    def union(cls, many: Iterable[Changes]) -> Changes:
        """All of them at once: linear, where chaining ``|`` over a big import copies ever larger sets."""
        many = list(many)
        return cls(frozenset().union(*(c.articles for c in many)), frozenset().union(*(c.annotations for c in many)),
                   frozenset().union(*(c.links for c in many)), frozenset().union(*(c.entities for c in many)),
                   frozenset().union(*(c.mentions_of for c in many)), any(c.library for c in many))

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.articles | other.articles,
            self.annotations | other.annotations,
            self.links | other.links,
            self.entities | other.entities,
            self.mentions_of | other.mentions_of,
            self.library or other.library,
        )


MAX_NOTE_CHARS = 100_000  # a note's text longer than this is refused on import and trimmed in the editor
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_note_text(text: str) -> str:
    """A note's text without NUL and other control characters (tab and newline stay; CR becomes newline)."""
    if not text:
        return text
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class NoteTooLong(ValueError):
    """A note's text over MAX_NOTE_CHARS; ``str()`` is one line for the user."""

    def __init__(self, length: int, what: str = "the note") -> None:
        super().__init__(f"{what} is {length:,} characters long, over the limit of {MAX_NOTE_CHARS:,}")
        self.length = length
