"""Check JSON against the W3C Web Annotation test suite's "must" assertions (schemas in tests/fixtures/w3c)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

W3C = Path(__file__).resolve().parent.parent / "fixtures" / "w3c"

# jsonschema only checks date-time and uri with optional packages; these two stand in for them.
FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", value):
        raise ValueError(f"not an RFC 3339 date-time: {value!r}")
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    return not isinstance(value, str) or bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", value))


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted(W3C.rglob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents.get("id", path.name), Resource(contents=contents, specification=DRAFT4)))
    return Registry().with_resources(resources)


@cache
def must_assertions(manifest: str) -> list[tuple[str, dict[str, Any]]]:
    """(name, schema) of every must assertion listed by a ``*Musts.test`` manifest."""
    listed = json.loads((W3C / manifest).read_text(encoding="utf-8"))["assertions"]
    out = []
    for name in listed:
        schema = json.loads((W3C / name).read_text(encoding="utf-8"))
        if schema.get("assertionType", "must") == "must":
            out.append((name, schema))
    return out


def failures(instance: Any, manifest: str = "annotations/annotationMusts.test") -> list[str]:
    """Names and messages of the must assertions ``instance`` does not satisfy as expected."""
    problems = []
    for name, schema in must_assertions(manifest):
        validator = jsonschema.Draft4Validator(schema, registry=_registry(),
                                               format_checker=FORMATS)
        valid = validator.is_valid(instance)
        if valid != (schema.get("expectedResult", "valid") == "valid"):
            problems.append(f"{name}: {schema.get('errorMessage', '')}")
    return problems
