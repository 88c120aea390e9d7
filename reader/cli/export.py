"""`reader export`: write notes, articles or entities of the library to a file or folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.cli.common import CliError, open_store, record_id
from reader.exporting import FORMATS, ExportError, Scope, export_notes

if TYPE_CHECKING:
    from reader.store import Store


def add_parsers(sub: Any) -> None:
    """Add the ``export`` sub-command to the parser of `reader` (``sub`` is its subparsers object)."""
    p = sub.add_parser(
        "export", help="export notes (md, html, pdf, json, csv), articles with highlights (annotated-pdf) "
             "or entity mentions (mentions-csv)",
        description="Markdown of several articles goes to a folder, one note per article; "
                    "an -o path ending in .md takes one article.")
    p.add_argument("--format", "-f", required=True, choices=list(FORMATS), help="what to write")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--article", type=record_id, action="append", metavar="ID", help="this article (repeat for more)")
    what.add_argument("--tag", help="only the notes with this tag, and their articles")
    what.add_argument("--all", action="store_true", help="the whole library")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="PATH", help="file (or folder for md)")


def scope_of(args: argparse.Namespace) -> Scope:
    if args.article:
        return Scope(article_ids=tuple(args.article))
    if args.tag:
        return Scope(tag=args.tag)
    return Scope(everything=True)


def run(store: Store, args: argparse.Namespace) -> int:
    """Export as the arguments say; raises ExportError (one line for the user) when it cannot."""
    written = export_notes(store, args.format, scope_of(args), args.output)
    where = written[0] if len(written) == 1 else args.output
    print(f"wrote {len(written)} file{'s' if len(written) != 1 else ''}: {where}", file=sys.stdout)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    store = open_store(args)
    with store:
        try:
            return run(store, args)
        except ExportError as exc:
            raise CliError(str(exc)) from exc


COMMANDS = {"export": cmd_export}
