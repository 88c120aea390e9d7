"""The user-extendable gazetteer: canonical names, types and aliases, matched in text with one regex."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.domain import ENTITY_TYPES

GAZETTEER_FILE = "gazetteer.tsv"
IGNORE = "IGNORE"  # a gazetteer type meaning "never an entity": the user's stop list


WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
_QID = re.compile(r"Q[1-9][0-9]*")


@dataclass(frozen=True)
class GazetteerEntry:
    name: str  # canonical name
    type: str
    wikidata: str = ""  # Wikidata item ("Q227") when known


def wikidata_iri(qid: str) -> str:
    """The IRI of a Wikidata item ("Q227" -> http://www.wikidata.org/entity/Q227); "" for no item."""
    return WIKIDATA_ENTITY + qid if _QID.fullmatch(qid) else ""


def fold_apostrophes(text: str) -> str:
    """The same text with every apostrophe written ', same length so offsets still hold."""
    # str.replace is several times faster than str.translate on long texts.
    return text.replace("’", "'").replace("‘", "'").replace("ʼ", "'")


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation factored as a prefix trie, so matching stays fast with thousands of aliases."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return build(trie)


class Gazetteer:
    """Aliases -> canonical entities, read from a TSV file: ``canonical<TAB>TYPE<TAB>alias | alias ...``."""

    def __init__(self, entries: dict[str, GazetteerEntry]) -> None:
        self._aliases = entries
        self._regex: re.Pattern[str] | None = None
        if entries:
            # Not glued to a letter, digit or hyphen: "Guinée" is not found inside "Papouasie-Nouvelle-Guinée".
            self._regex = re.compile(r"(?<![\w\-.])(?:" + _trie_pattern(entries) + r")(?![\w\-]|['’]\w|\.\w)")

    @classmethod
    def load(cls, path: Path | None) -> Gazetteer:
        if path is None or not path.is_file():
            return cls({})
        return cls(dict(parse_lines(path.read_text(encoding="utf-8").splitlines())))

    def __len__(self) -> int:
        return len(self._aliases)

    def lookup(self, surface: str) -> GazetteerEntry | None:
        return self._aliases.get(fold_apostrophes(" ".join(surface.split())))

    def identifier(self, name: str, type_: str = "") -> str:
        """The Wikidata item of the entity of this canonical name (and type), "" when none is known."""
        entry = self.lookup(name)
        return entry.wikidata if entry and entry.name == fold_apostrophes(name) and type_ in ("", entry.type) else ""

    def find(self, folded_text: str) -> Iterator[tuple[int, int, GazetteerEntry]]:
        """Longest alias matches in text whose apostrophes were folded with fold_apostrophes."""
        if self._regex is None:
            return
        for m in self._regex.finditer(folded_text):
            entry = self._aliases[m.group()]
            yield m.start(), m.end(), entry


def parse_lines(lines: Iterable[str]) -> Iterator[tuple[str, GazetteerEntry]]:
    """(alias, entry) pairs; blank lines and lines starting with # are skipped, bad types ignored.

    Columns: canonical name, type, aliases separated by "|", and optionally a Wikidata item ("Q227").
    """
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 2 or cols[1].strip().upper() not in (*ENTITY_TYPES, IGNORE):
            continue
        name = " ".join(cols[0].split())
        qid = cols[3].strip() if len(cols) > 3 else ""
        entry = GazetteerEntry(name, cols[1].strip().upper(), qid if _QID.fullmatch(qid) else "")
        aliases = [name] + (cols[2].split("|") if len(cols) > 2 else [])
        for alias in aliases:
            alias = fold_apostrophes(" ".join(alias.split()))
            if alias:
                yield alias, entry
