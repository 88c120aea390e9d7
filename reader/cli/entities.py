"""`reader entities FILE...`: the entities of text files as JSON lines; the library is not touched."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parsers(sub: Any) -> None:
    """Add the sub-command to the parser of `reader` (``sub`` is its subparsers object)."""
    p = sub.add_parser("entities", help="print the entities of text files as JSON lines (stores nothing)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--jsonl", action="store_true", help="JSON lines (the only format; accepted for clarity)")


def cmd_entities(args: argparse.Namespace) -> int:
    from reader.entities.cli import run

    return run(args.files, sys.stdout)


COMMANDS = {"entities": cmd_entities}
