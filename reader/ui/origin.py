"""How a note made in another tool is described in tooltips: who, when, from where, what it names."""

from __future__ import annotations

from reader.domain import Annotation


def origin_text(a: Annotation) -> str:
    """What another tool said about a note, for tooltips: who, when, from where, what it names."""
    o = a.origin
    lines = []
    if o.unplaced:
        lines.append(f"Not placed: {o.unplaced}")
    if o.entity_type or o.identifier:
        lines.append(" · ".join(p for p in (o.entity_type, o.identifier) if p))
    who = o.creator_name
    if who or a.modified:
        lines.append("By " + " · ".join(p for p in (who, (a.modified or a.created)[:16].replace("T", " ")) if p))
    if o.source:
        lines.append(f"From {o.source}")
    if o.via:
        lines.append(f"Id in its tool: {o.via}")
    return "\n".join(lines)
