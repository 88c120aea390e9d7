"""W3C Web Annotation vocabulary (our IRIs) and reading JSON-LD as other tools write it: shapes, ids, targets."""

from __future__ import annotations

import json
import re
import uuid as uuidlib
from dataclasses import dataclass
from typing import Any

from reader.colors import nearest_color
from reader.domain import Article
from reader.importing.common import content_hash

ARTICLE_URN = "urn:reader:article:"
ANNOTATION_URN = "urn:uuid:"
STYLE_PREFIX = "reader-"  # our colour classes: reader-yellow, reader-red ...


def article_iri(article: Article) -> str:
    """A stable IRI for the article: its URL when it has one, else a URN from its content hash."""
    if article.url.startswith(("http://", "https://")):
        return article.url
    return ARTICLE_URN + (article.content_hash or content_hash(article.text))


def annotation_iri(uuid: str) -> str:
    """Our annotations have UUIDs; ids brought in from other tools are IRIs already and kept."""
    return uuid if ":" in uuid else ANNOTATION_URN + uuid


_HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


class Invalid(Exception):
    """The file is not something notes can be read from; the message says why."""


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def types_of(node: dict[str, Any]) -> set[str]:
    return {str(t) for t in as_list(node.get("type") or node.get("@type"))}


def id_of(node: Any) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, dict):
        return str(node.get("id") or node.get("@id") or "")
    return ""


def annotations_in(doc: Any) -> list[dict[str, Any]]:
    """The annotations of a file: one annotation, a list, a collection (items or first.items), a page."""
    if isinstance(doc, list):
        return [a for d in doc for a in annotations_in(d)]
    if not isinstance(doc, dict):
        raise Invalid("not a W3C annotation, list or collection")
    if "rows" in doc and isinstance(doc["rows"], list):  # a Hypothesis API search result
        return annotations_in(doc["rows"])
    kinds = types_of(doc)
    if kinds & {"AnnotationCollection", "AnnotationPage"} or "items" in doc or "first" in doc:
        items = doc.get("items")
        if items is None and isinstance(doc.get("first"), dict):
            items = doc["first"].get("items")
        if items is None:
            if isinstance(doc.get("first"), str):
                raise Invalid("the collection's pages are on a server (first is a link), not in the file")
            return []
        return [a for d in as_list(items) for a in annotations_in(d)]
    if "target" in doc or "Annotation" in kinds:
        return [doc]
    raise Invalid("not a W3C annotation, list or collection")


def uuid_of(item: dict[str, Any]) -> str:
    """Our uuid for an annotation: the uuid of a urn:uuid id, another tool's id as it is, else derived."""
    ident = id_of(item)
    if ident.startswith(ANNOTATION_URN):
        return ident[len(ANNOTATION_URN):]
    if ident:
        return ident
    digest = json.dumps(item, sort_keys=True, ensure_ascii=False)
    return str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, "reader:note:" + digest))


def timestamp(value: Any) -> str:
    return str(value).replace("Z", "+00:00") if isinstance(value, str) and value else ""


def motivations(item: dict[str, Any]) -> set[str]:
    return {str(m).removeprefix("oa:") for m in as_list(item.get("motivation"))}


@dataclass(frozen=True)
class Target:
    source: str
    via: str
    exact: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None
    style: list[str]


def target_of(node: Any) -> Target | None:
    if isinstance(node, str):
        return Target(node, "", "", "", "", None, None, [])
    if not isinstance(node, dict):
        return None
    source = node.get("source")
    if source is None:  # a bare resource
        return Target(id_of(node), "", "", "", "", None, None, [])
    exact = prefix = suffix = ""
    start = end = None
    for sel in as_list(node.get("selector")):
        if not isinstance(sel, dict):
            continue
        kinds = types_of(sel)
        if "TextQuoteSelector" in kinds and not exact:
            exact, prefix, suffix = (str(sel.get(k) or "") for k in ("exact", "prefix", "suffix"))
        elif "TextPositionSelector" in kinds and isinstance(sel.get("start"), int) and isinstance(sel.get("end"), int):
            start, end = sel["start"], sel["end"]
    via = str(source.get("via") or "") if isinstance(source, dict) else ""
    return Target(id_of(source), via, exact, prefix, suffix, start, end,
                   [str(s) for s in as_list(node.get("styleClass"))])


def color_of(item: dict[str, Any], target: Target) -> str:
    for style in target.style:
        name = style.removeprefix(STYLE_PREFIX).lower()
        if name != style.lower() or name in ("yellow", "red", "green", "blue", "purple"):
            return nearest_color(name)
    sheet = item.get("stylesheet")
    value = sheet.get("value") if isinstance(sheet, dict) else None
    if isinstance(value, str):
        found = _HEX.search(value)
        if found:
            return nearest_color(found.group(0))
    return "yellow"


def bodies_of(item: dict[str, Any]) -> tuple[str, tuple[str, ...], str]:
    """(note, tags, label) from the bodies; Hypothesis API fields ``text`` and ``tags`` too."""
    notes: list[str] = []
    tags: list[str] = []
    labels: list[str] = []
    if isinstance(item.get("bodyValue"), str):
        notes.append(item["bodyValue"])
    for body in as_list(item.get("body")):
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue
        purposes = {str(p).removeprefix("oa:") for p in as_list(body.get("purpose"))}
        if "tagging" in purposes:
            tags.append(body["value"])
        elif "describing" in purposes:
            labels.append(body["value"])
        else:
            notes.append(body["value"])
    if isinstance(item.get("text"), str):
        notes.append(item["text"])
    tags += [str(t) for t in as_list(item.get("tags")) if isinstance(t, str)]
    return "\n\n".join(n for n in notes if n.strip()), tuple(dict.fromkeys(t.strip() for t in tags if t.strip())), \
        " ".join(labels)
