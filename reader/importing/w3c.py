"""W3C Web Annotation vocabulary (our IRIs) and reading JSON-LD as other tools write it: shapes, ids, targets."""

from __future__ import annotations

import json
import re
import uuid as uuidlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

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


FOREIGN_ID_URN = "urn:reader:foreign-id:"  # a tool's id that is not an IRI, made one to keep it as ``via``
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")


def is_iri(value: str) -> bool:
    return bool(_IRI.fullmatch(value))


def is_uuid(value: str) -> bool:
    try:
        return str(uuidlib.UUID(value)) == value.lower()
    except ValueError:
        return False


def annotation_iri(uuid: str) -> str:
    """``urn:uuid:`` for our UUIDs; ids brought in from other tools are IRIs and kept as they are.

    Anything else (an id kept as it was by an older version) gets a UUID derived from it rather
    than a malformed ``urn:uuid:<id>``.
    """
    if is_uuid(uuid):
        return ANNOTATION_URN + uuid.lower()
    if is_iri(uuid):
        return uuid
    return ANNOTATION_URN + str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, FOREIGN_ID_URN + uuid))


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


def ids_of(item: dict[str, Any]) -> tuple[str, str]:
    """(our uuid, via) for an annotation.

    Ours (``urn:uuid:<uuid>``) give their uuid; another tool's IRI is kept as the id. An id that is
    not an IRI (a Hypothesis row's ``id``) cannot be one: the note gets a UUID derived from it, and
    the tool's own address for it (Hypothesis ``links.html``) or the id made an IRI goes in ``via``.
    Without an id the note's content decides, so importing the same file twice adds nothing.
    """
    ident = id_of(item)
    via = str(item.get("via") or "") if isinstance(item.get("via"), str) else ""
    if ident.startswith(ANNOTATION_URN) and is_uuid(ident[len(ANNOTATION_URN):]):
        return ident[len(ANNOTATION_URN):].lower(), via
    if is_iri(ident):
        return ident, via
    if ident:
        links = item.get("links")
        page = links.get("html") if isinstance(links, dict) else None
        via = page if isinstance(page, str) and is_iri(page) else FOREIGN_ID_URN + quote(ident, safe="")
        return str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, via)), via
    digest = json.dumps(item, sort_keys=True, ensure_ascii=False)
    return str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, "reader:note:" + digest)), via


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


@dataclass(frozen=True)
class Bodies:
    """What an annotation's bodies say: the note and its format and language, tags, labels, entity."""

    note: str = ""
    format: str = ""  # "" for Markdown (ours, Hypothesis), else the body's format (text/plain ...)
    language: str = ""
    tags: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()  # describing bodies (and tagging ones of a link)
    entity_type: str = ""  # classifying body
    identifier: str = ""  # identifying body


def _purposes(node: dict[str, Any]) -> set[str]:
    return {str(p).removeprefix("oa:") for p in as_list(node.get("purpose"))}


def bodies_of(item: dict[str, Any]) -> Bodies:
    """The bodies of an annotation; Hypothesis API fields ``text`` and ``tags`` too."""
    notes: list[str] = []
    tags: list[str] = []
    labels: list[str] = []
    formats: list[str] = []
    language = entity_type = identifier = ""
    if isinstance(item.get("bodyValue"), str):  # the model says bodyValue is plain text
        notes.append(item["bodyValue"])
        formats.append("text/plain")
    for body in as_list(item.get("body")):
        if not isinstance(body, dict):
            continue
        purposes = _purposes(body)
        value = body.get("value")
        if "identifying" in purposes:
            source = body.get("source")
            found = id_of(source) if source is not None else (value if isinstance(value, str) else id_of(body))
            identifier = identifier or str(found)
            continue
        if not isinstance(value, str):
            continue
        if "classifying" in purposes:
            entity_type = entity_type or value
        elif "tagging" in purposes:
            tags.append(value)
        elif "describing" in purposes and "linking" in motivations(item):
            labels.append(value)
        elif value.strip():
            notes.append(value)
            formats.append(str(body.get("format") or ""))
            language = language or str(body.get("language") or "")
    if isinstance(item.get("text"), str) and item["text"].strip():  # Hypothesis: Markdown
        notes.append(item["text"])
        formats.append("text/markdown")
    tags += [str(t) for t in as_list(item.get("tags")) if isinstance(t, str)]
    first_format = formats[0] if formats else ""
    return Bodies(
        note="\n\n".join(n for n in notes if n.strip()),
        format="" if first_format in ("", "text/markdown") else first_format,
        language=language,
        tags=tuple(dict.fromkeys(t.strip() for t in tags if t.strip())),
        labels=tuple(labels),
        entity_type=entity_type,
        identifier=identifier,
    )


def creator_of(item: dict[str, Any]) -> str:
    """The creator as JSON (kept to export back); a Hypothesis row's ``user`` becomes a Person."""
    creator = item.get("creator")
    if creator:
        return json.dumps(creator, ensure_ascii=False, sort_keys=True)
    user = item.get("user")
    if isinstance(user, str) and user:
        agent: dict[str, str] = {"type": "Person", "id": user if is_iri(user) else FOREIGN_ID_URN + quote(user)}
        nickname = user.removeprefix("acct:").split("@")[0]
        if nickname:
            agent["nickname"] = nickname
        info = item.get("user_info")
        if isinstance(info, dict) and isinstance(info.get("display_name"), str) and info["display_name"]:
            agent["name"] = info["display_name"]
        return json.dumps(agent, ensure_ascii=False, sort_keys=True)
    return ""
