"""Who a mention stands for: its Wikidata item, and why a bare surname was taken for a full name."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reader.domain import Mention
from reader.entities.gazetteer import GAZETTEER_FILE, Gazetteer
from reader.paths import resources_dir
from reader.store import Store


@lru_cache(maxsize=4)
def _gazetteer(path: Path) -> Gazetteer:
    return Gazetteer.load(path)


def wikidata_item(name: str, type_: str, gazetteer_path: Path | None = None) -> str:
    """The Wikidata item ("Q227") the gazetteer gives for this entity, "" when it knows none."""
    return _gazetteer(gazetteer_path or resources_dir() / GAZETTEER_FILE).identifier(name, type_)


def explain_mention(store: Store, mention: Mention, gazetteer_path: Path | None = None) -> list[str]:
    """Lines a tooltip adds under the entity's name: its identity, and the evidence of a library link."""
    lines = []
    item = wikidata_item(mention.entity, mention.type, gazetteer_path)
    if item:
        lines.append(f"Wikidata: {item}")
    if mention.source == "library":
        link = store.entities.name_link(mention.article_id, mention.text)
        if link is not None:
            lines.append(f"“{link.surface}” taken for {link.entity}: {link.evidence}")
    return lines
