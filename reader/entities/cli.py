"""Entities of text files as JSON lines, one per file, with a single model load for all of them."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import TextIO

from reader.entities.model import EntitySpan


def span_to_json(span: EntitySpan) -> dict[str, object]:
    item: dict[str, object] = {"start": span.start, "end": span.end, "type": span.type, "text": span.text,
                               "entity": span.entity}
    if span.value:
        item["value"] = span.value
    return item


def _readable(files: list[str], failures: list[str]) -> Iterator[tuple[str, str]]:
    for name in files:
        try:
            with open(name, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            print(f"reader entities: cannot read {name}: {reason}", file=sys.stderr)
            failures.append(name)
            continue
        yield name, text


def run(files: list[str], out: TextIO) -> int:
    """Print ``{"doc": path, "entities": [...]}`` for each readable file; non-zero if any could not be read."""
    from reader.entities.pipeline import EntityPipeline

    failures: list[str] = []
    names: list[str] = []

    def items() -> Iterator[tuple[str, str]]:
        for name, text in _readable(files, failures):
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
