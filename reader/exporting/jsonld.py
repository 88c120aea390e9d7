"""W3C Web Annotation JSON-LD: an AnnotationCollection of our notes, and of our links (motivation linking).

- target: a SpecificResource on the article (its URL, else ``urn:reader:article:<content hash>``),
  with a TextQuoteSelector and a TextPositionSelector, and the colour as ``styleClass``;
- the colour's CSS is the annotation's own ``stylesheet`` (the model puts stylesheets on annotations);
- the note is a TextualBody (purpose commenting, text/markdown), each tag a TextualBody (purpose tagging);
- what another tool said comes back as it said it: its id as ``via`` (when not kept as the id), the
  creator, the note's format and language, the document it annotated as the source's ``via``, and
  the passage's entity type and identifier as classifying and identifying bodies;
- a link is an annotation with motivation linking whose two targets are, in order, its source and its
  target end: an annotation id, a passage (SpecificResource with selectors) or an article IRI;
  its label is a TextualBody with purpose describing, its note one with purpose commenting;
- a note made on exactly one name whose Wikidata item is known carries the item as an identifying
  SpecificResource body (as Recogito writes them).
"""

from __future__ import annotations

import json
import uuid as uuidlib
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.colors import HEX
from reader.domain import Anchor, Annotation, Article, Link, LinkEnd, Mention, Origin
from reader.entities.gazetteer import wikidata_iri
from reader.explore.identity import wikidata_item
from reader.exporting.common import write_text
from reader.exporting.scope import ExportSet
from reader.importing.w3c import STYLE_PREFIX, annotation_iri, article_iri

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
GENERATOR = {"id": "urn:reader:app", "type": "Software", "name": "reader"}

Json = dict[str, Any]


def style_class(color: str) -> str:
    return STYLE_PREFIX + color


def stylesheet(color: str) -> Json:
    return {"type": "CssStylesheet", "value": f".{style_class(color)} {{ background-color: {HEX[color]}; }}"}


def selectors(anchor: Anchor) -> list[Json]:
    quote: Json = {"type": "TextQuoteSelector", "exact": anchor.exact}
    if anchor.prefix:
        quote["prefix"] = anchor.prefix
    if anchor.suffix:
        quote["suffix"] = anchor.suffix
    return [quote, {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end}]


def source(article: Article) -> Json:
    """The article as an External Web Resource; its title goes in ``label`` (rdfs:label)."""
    out: Json = {"id": article_iri(article), "type": "Text", "format": "text/plain", "label": article.title}
    if article.url and article_iri(article) != article.url:
        out["via"] = article.url
    return out


def _timestamp(value: str) -> str:
    """The model wants xsd:dateTime with a timezone; ours are UTC ISO strings."""
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _bodies(ann: Annotation) -> list[Json]:
    origin = ann.origin
    bodies: list[Json] = []
    if ann.note.strip():
        note: Json = {"type": "TextualBody", "value": ann.note, "format": origin.format or "text/markdown"}
        if origin.language:
            note["language"] = origin.language
        note["purpose"] = "commenting"
        bodies.append(note)
    bodies.extend({"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in ann.tags)
    # What another tool said the passage names, given back as it said it (Recogito and others).
    if origin.entity_type:
        bodies.append({"type": "TextualBody", "value": origin.entity_type, "purpose": "classifying"})
    if origin.identifier:
        bodies.append({"type": "SpecificResource", "source": origin.identifier, "purpose": "identifying"})
    return bodies


def _creator(origin: Origin) -> Any:
    try:
        return json.loads(origin.creator) if origin.creator else None
    except ValueError:
        return {"type": "Person", "name": origin.creator}


def annotation_json(ann: Annotation, article: Article) -> Json:
    # An orphan keeps the passage it was made on: a reader that still has that text can find it.
    bodies = _bodies(ann)
    motivation = "commenting" if ann.note.strip() else "classifying" if ann.origin.entity_type else \
        "identifying" if ann.origin.identifier else "highlighting"
    out: Json = {"@context": CONTEXT, "id": annotation_iri(ann.uuid), "type": "Annotation", "motivation": motivation}
    if ann.origin.via:
        out["via"] = ann.origin.via
    creator = _creator(ann.origin)
    if creator:
        out["creator"] = creator
    for key, value in (("created", _timestamp(ann.created)), ("modified", _timestamp(ann.modified))):
        if value:
            out[key] = value
    out["generator"] = GENERATOR
    if bodies:
        out["body"] = bodies
    resource = source(article)
    if ann.origin.source:  # the document the other tool annotated
        resource["via"] = ann.origin.source
    out["target"] = {"type": "SpecificResource", "source": resource, "styleClass": style_class(ann.color),
                     "selector": selectors(ann.anchor)}
    out["stylesheet"] = stylesheet(ann.color)
    return out


def _end_json(end: LinkEnd, export: ExportSet) -> Json | str:
    uuid = export.uuids.get(end.annotation_id) if end.annotation_id is not None else None
    if uuid:
        return annotation_iri(uuid)
    article = export.articles[end.article_id]
    if end.anchor is None:
        return article_iri(article)
    return {"type": "SpecificResource", "source": source(article), "selector": selectors(end.anchor)}


def link_json(link: Link, export: ExportSet) -> Json:
    bodies: list[Json] = []
    if link.label:
        bodies.append({"type": "TextualBody", "value": link.label, "purpose": "describing"})
    if link.note.strip():
        bodies.append({"type": "TextualBody", "value": link.note, "format": "text/markdown", "purpose": "commenting"})
    ends = [_end_json(link.source, export), _end_json(link.target, export)]
    out: Json = {"@context": CONTEXT, "id": annotation_iri(link.uuid), "type": "Annotation", "motivation": "linking"}
    created = _timestamp(link.created)
    if created:
        out["created"] = created
    out["generator"] = GENERATOR
    if bodies:
        out["body"] = bodies
    out["target"] = ends
    return out


def with_identity(out: Json, ann: Annotation, mentions: Sequence[Mention]) -> Json:
    """A note made on exactly one name whose Wikidata item is known also identifies it, as Recogito does."""
    if ann.start is None or any(b.get("purpose") == "identifying" for b in out.get("body", [])):
        return out
    for mention in mentions:
        if (mention.start, mention.end) == (ann.start, ann.end):
            qid = wikidata_item(mention.entity, mention.type)
            if qid:
                body = {"type": "SpecificResource", "source": wikidata_iri(qid), "purpose": "identifying"}
                out["body"] = [*out.get("body", []), body]
            break
    return out


def collection(export: ExportSet) -> Json:
    """The whole export as one AnnotationCollection with a single embedded page."""
    items = [with_identity(annotation_json(ann, item.article), ann, item.mentions)
             for item in export.items for ann in item.annotations]
    items += [link_json(link, export) for link in export.links]
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    collection_id = f"urn:uuid:{uuidlib.uuid4()}"
    return {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": export.label,
        "generator": GENERATOR,
        "generated": now,
        "total": len(items),
        "first": {"id": f"urn:uuid:{uuidlib.uuid4()}", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def render(export: ExportSet) -> str:
    return json.dumps(collection(export), ensure_ascii=False, indent=2) + "\n"


def write(export: ExportSet, path: Path) -> list[Path]:
    write_text(Path(path), render(export))
    return [Path(path)]
