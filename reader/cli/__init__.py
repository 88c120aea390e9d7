"""The `reader` command: no sub-command opens the window; sub-commands script the library."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable, Sequence

from reader import __version__
from reader.cli import entities, export, library, links, maintenance, recognition
from reader.cli.common import CliError, check_display, database_error, db_path, record_id

GROUPS = (library, recognition, entities, links, export, maintenance)  # in the order `reader --help` lists them
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    name: handler for group in GROUPS for name, handler in group.COMMANDS.items()}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader", description="Read, annotate and link news articles.")
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument("--db", metavar="PATH", help="library file (default: $READER_DB or the user data dir)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in GROUPS:
        group.add_parsers(sub)
    p = sub.add_parser("gui", help="open the window (the default)")
    p.add_argument("--article", type=record_id, help="open this article")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command in (None, "gui"):
            check_display()
            from reader.ui.app import run_app

            return run_app(db_path(args), article=getattr(args, "article", None))
        return COMMANDS[args.command](args)
    except CliError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:  # locked after the wait, disk full, read-only, a damaged page: one line
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
            print(f"reader: {database_error(args, exc)}", file=sys.stderr)
            return 1
        from reader.store.errors import describe

        print(f"reader: {describe(exc, db_path(args))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


__all__ = ["COMMANDS", "CliError", "build_parser", "main"]
