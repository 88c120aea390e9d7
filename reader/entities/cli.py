"""Entities of text files as JSON lines, one per file, with a single model load for all of them."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from typing import TextIO

from reader.entities.model import EntitySpan

Reader = Callable[[str], str]


def span_to_json(span: EntitySpan) -> dict[str, object]:
    item: dict[str, object] = {"start": span.start, "end": span.end, "type": span.type, "text": span.text,
                               "entity": span.entity}
    if span.value:
        item["value"] = span.value
    return item


def span_from_json(item: dict[str, object]) -> EntitySpan:
    """The inverse of span_to_json; KeyError or ValueError on a malformed item."""
    return EntitySpan(int(item["start"]), int(item["end"]), str(item["type"]),  # type: ignore[call-overload]
                      str(item["text"]), str(item.get("entity") or item["text"]), str(item.get("value", "")))


def read_utf8(name: str) -> str:
    with open(name, encoding="utf-8") as handle:
        return handle.read()


def _readable(files: list[str], failures: list[str], read: Reader) -> Iterator[tuple[str, str]]:
    for name in files:
        try:
            text = read(name)
        except Exception as exc:  # one unreadable file is reported, the others go on
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else getattr(exc, "reason", str(exc))
            print(f"reader entities: cannot read {name}: {reason}", file=sys.stderr)
            failures.append(name)
            continue
        yield name, text


def run(files: list[str], out: TextIO, read: Reader = read_utf8) -> int:
    """Print ``{"doc": path, "entities": [...]}`` for each readable file; non-zero if any could not be read.

    ``read`` gives a file's text; the offsets refer to it (the command passes the importer's reader, so
    they hold for the text `reader import` stores).
    """
    from reader.entities.pipeline import EntityPipeline

    failures: list[str] = []
    names: list[str] = []

    def items() -> Iterator[tuple[str, str]]:
        for name, text in _readable(files, failures, read):
            names.append(name)
            yield text, ""

    for index, spans in enumerate(EntityPipeline().analyze_many(items())):
        record = {"doc": names[index], "entities": [span_to_json(s) for s in spans]}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    files = sys.argv[1:] if argv is None else argv
    if not files or files[0] in ("-h", "--help"):
        print("usage: python -m reader.entities FILE...", file=sys.stderr)
        return 0 if files else 2
    return run(files, sys.stdout)
