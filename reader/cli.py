"""The `reader` command: no sub-command opens the window; sub-commands script the library."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from reader import __version__, cli_links
from reader.exporting import cli as cli_export
from reader.paths import default_db_path


class CliError(Exception):
    """A failure reported to the user as one line on stderr."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader", description="Read, annotate and link news articles.")
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument("--db", metavar="PATH", help="library file (default: $READER_DB or the user data dir)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("import", help="import articles (txt, md, html, pdf; folders recursively) or notes (.jsonld)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--json", action="store_true", help="one JSON object per input")
    p.add_argument("--no-entities", action="store_true", help="skip entity recognition")

    p = sub.add_parser("list", help="list the articles")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("search", help="full-text search, ranked, with snippets")
    p.add_argument("query")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=20)

    p = sub.add_parser("show", help="print an article's text")
    p.add_argument("id", type=int)

    p = sub.add_parser("entities", help="print the entities of text files as JSON lines (stores nothing)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--jsonl", action="store_true", help="JSON lines (the only format; accepted for clarity)")

    cli_links.add_parsers(sub)
    cli_export.add_parser(sub)

    p = sub.add_parser("gui", help="open the window (the default)")
    p.add_argument("--article", type=int, help="open this article")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command in (None, "gui"):
            check_display()
            from reader.ui.app import run_app

            return run_app(db_path(args), article=getattr(args, "article", None))
        handler = COMMANDS[args.command]
        return handler(args)
    except CliError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def check_display() -> None:
    """On Linux, say plainly that there is no screen, instead of Qt's advice to reinstall."""
    if sys.platform.startswith("linux") and not any(
            os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        raise CliError("no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set); "
                       "start it from a desktop session, or use the sub-commands: reader --help")


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db).expanduser() if args.db else default_db_path()


def open_store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from reader.store import Store, StoreError

    try:
        return Store(db_path(args))
    except StoreError as exc:
        raise CliError(str(exc)) from exc


def cmd_import(args: argparse.Namespace) -> int:
    from reader.library import import_paths

    store = open_store(args)
    recognizer = None
    if not args.no_entities:
        from reader.entities import EntityPipeline

        recognizer = EntityPipeline()
    show_progress = sys.stderr.isatty() and not args.json

    def progress(done: int, total: int, name: str) -> None:
        if show_progress and name:
            print(f"\r[{done + 1}/{total}] {name[:60]:<60}", end="", file=sys.stderr, flush=True)

    notes = [p for p in args.paths if p.suffix.lower() in (".jsonld", ".json")]
    files = [p for p in args.paths if p not in notes]
    failed = 0
    with store:
        outcomes, _ = import_paths(store, files, recognizer, progress=progress)
        if show_progress:
            print(file=sys.stderr)
        for outcome in outcomes:
            failed += outcome.status == "failed"
            if args.json:
                print(json.dumps({"path": outcome.path, "status": outcome.status, "id": outcome.id,
                                  "error": outcome.error or None, "notes": outcome.notes}, ensure_ascii=False))
            elif outcome.status == "failed":
                print(f"failed     {outcome.error}", file=sys.stderr)
            else:
                extra = ""
                if outcome.orphaned:
                    extra += (" (1 note lost its passage)" if outcome.orphaned == 1
                              else f" ({outcome.orphaned} notes lost their passage)")
                if outcome.notes:
                    extra += f" ({outcome.notes} highlight{'s' if outcome.notes > 1 else ''} brought in)"
                print(f"{outcome.status:<10} #{outcome.id} {outcome.path}{extra}")
        for path in notes:
            failed += _import_notes(store, path, args.json)
    return 1 if failed else 0


def _import_notes(store, path: Path, as_json: bool) -> int:  # type: ignore[no-untyped-def]
    try:
        from reader.exporting.notes_import import import_notes
    except ImportError as exc:  # pragma: no cover - packaging error
        raise CliError(f"{path}: notes import is not available ({exc})") from exc
    report = import_notes(store, path)
    if as_json:
        print(json.dumps({"path": str(path), "status": "failed" if report.error else "imported",
                          "annotations": report.attached, "links": report.links, "error": report.error or None,
                          "unplaced": report.unplaced}, ensure_ascii=False))
    else:
        if report.error:
            print(f"failed     {report.error}", file=sys.stderr)
        else:
            print(f"imported   {report.attached} notes and {report.links} links from {path}")
        for problem in report.unplaced:
            print(f"not placed {problem}", file=sys.stderr)
    return 1 if report.error else 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        rows = store.article_rows(store.article_ids(sort="published", descending=True))
    if args.json:
        print(json.dumps([{"id": r.id, "title": r.title, "source": r.source, "author": r.author,
                           "published": r.published} for r in rows], ensure_ascii=False, indent=2))
    else:
        for r in rows:
            print(f"{r.id:>5}  {r.published or '—':<10}  {r.title}" + (f"  ({r.source})" if r.source else ""))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from reader.store.articles import MAX_QUERY_WORDS, query_is_capped

    if query_is_capped(args.query):
        print(f"reader: the query is longer than {MAX_QUERY_WORDS} words; its first {MAX_QUERY_WORDS} are searched",
              file=sys.stderr)
    with open_store(args) as store:
        hits = store.search(args.query, limit=args.limit)
    if args.json:
        print(json.dumps([{"id": h.id, "title": h.title, "snippet": h.snippet, "score": round(h.score, 4)}
                          for h in hits], ensure_ascii=False, indent=2))
    else:
        if not hits:
            print(f"no article matches {args.query!r}", file=sys.stderr)
        for h in hits:
            print(f"{h.id:>5}  {h.title}\n       {h.snippet}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        try:
            article = store.get_article(args.id)
        except KeyError as exc:
            raise CliError(f"no article with id {args.id}") from exc
    print(article.title)
    print()
    print(article.text)
    return 0


def cmd_entities(args: argparse.Namespace) -> int:
    from reader.entities.cli import run

    return run(args.files, sys.stdout)


COMMANDS = {"import": cmd_import, "list": cmd_list, "search": cmd_search, "show": cmd_show,
            "entities": cmd_entities, **cli_links.COMMANDS, **cli_export.COMMANDS}
