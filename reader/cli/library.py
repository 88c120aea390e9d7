"""`reader import`, `list`, `search` and `show`: put articles and notes in the library and read them back."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.cli.common import CliError, count, open_store, record_id

if TYPE_CHECKING:
    from reader.store import Store


def add_parsers(sub: Any) -> None:
    """Add the sub-commands to the parser of `reader` (``sub`` is its subparsers object)."""
    p = sub.add_parser("import", help="import articles (txt, md, html, pdf; folders recursively) or notes (.jsonld)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--json", action="store_true", help="one JSON object per input")
    p.add_argument("--no-entities", action="store_true", help="skip entity recognition")
    p.add_argument("--entities", type=Path, metavar="FILE.jsonl",
                   help="mentions found beforehand (`reader entities --jsonl`, on this machine or a cluster), "
                        "checked against each file's text; files it does not cover are recognised as usual")

    p = sub.add_parser("list", help="list the articles")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("search", help="full-text search, ranked, with snippets")
    p.add_argument("query")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=count, default=20)

    p = sub.add_parser("show", help="print an article's text")
    p.add_argument("id", type=record_id)


def cmd_import(args: argparse.Namespace) -> int:
    from reader.operations.library import import_files, read_entities

    notes = [p for p in args.paths if p.suffix.lower() in (".jsonld", ".json")]
    files = [p for p in args.paths if p not in notes]
    found = None
    if args.entities is not None:
        try:
            found = read_entities(args.entities, files)
        except ValueError as exc:
            raise CliError(str(exc)) from exc
    store = open_store(args, "create")
    recognizer = None
    if not args.no_entities:
        from reader.entities.parallel import ParallelRecognizer

        recognizer = ParallelRecognizer()  # worker processes for big batches, stopped at the end
    show_progress = sys.stderr.isatty() and not args.json

    shown = [""]

    def progress(done: int, total: int, name: str) -> None:
        if show_progress and name:
            print(f"\r[{min(done + 1, total)}/{total}] {name[:60]:<60}", end="", file=sys.stderr, flush=True)
        elif not args.json and name.endswith("0%") and name != shown[0]:  # a long text, every 10% of it
            shown[0] = name
            print(f"recognising {name}", file=sys.stderr)

    failed = 0
    with store:
        try:
            outcomes = import_files(store, files, recognizer, progress=progress, entities=found).value
        finally:
            if recognizer is not None:
                recognizer.close()
        if show_progress:
            print(file=sys.stderr)
        for outcome in outcomes:
            failed += outcome.status == "failed"
            if args.json:
                print(json.dumps({"path": outcome.path, "status": outcome.status, "id": outcome.id,
                                  "error": outcome.error or None, "entities": outcome.entities or None,
                                  "entities_error": outcome.entities_error or None, "notes": outcome.notes,
                                  "placed": [o.as_json() for o in outcome.highlights if o.placed],
                                  "unplaced": [o.as_json() for o in outcome.highlights if not o.placed]},
                                 ensure_ascii=False))
            elif outcome.status == "failed":
                print(f"failed     {outcome.error}", file=sys.stderr)
            else:
                extra = ""
                if outcome.orphaned:
                    extra += (" (1 note lost its passage)" if outcome.orphaned == 1
                              else f" ({outcome.orphaned} notes lost their passage)")
                if outcome.highlights:
                    total = len(outcome.highlights)
                    extra += f" ({outcome.notes} of {total} highlight{'s' if total > 1 else ''} placed)"
                print(f"{outcome.status:<10} #{outcome.id} {outcome.path}{extra}")
                for highlight in outcome.highlights:
                    if not highlight.placed:
                        print(f"not placed {highlight.line()}")
            if outcome.entities == "failed":
                failed += 1
                if not args.json:
                    print(f"no entities #{outcome.id} {outcome.path}: {outcome.entities_error} "
                          f"(reader reprocess {outcome.id} tries again)", file=sys.stderr)
        for path in notes:
            failed += _import_notes(store, path, args.json)
    return 1 if failed else 0


def _import_notes(store: Store, path: Path, as_json: bool) -> int:
    from reader.importing.notes import iter_report_lines
    from reader.operations.library import import_notes

    report = import_notes(store, path).value
    if as_json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    elif report.error:
        print(f"failed     {report.error}", file=sys.stderr)
    else:
        lines = iter_report_lines(report)
        print(f"imported   {path}: {next(lines)}")
        for line in lines:
            print(line)
    return 1 if report.error else 0


def cmd_list(args: argparse.Namespace) -> int:
    store = open_store(args)
    with store:
        rows = store.articles.rows(store.articles.ids(sort="published", descending=True))
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
    store = open_store(args)
    with store:
        hits = store.articles.search(args.query, limit=args.limit)
    if args.json:
        print(json.dumps([{"id": h.id, "title": h.title, "snippet": h.snippet,
                           "score": float(f"{h.score:.4g}")}  # bm25 is tiny on a small library: keep 4 digits
                          for h in hits], ensure_ascii=False, indent=2))
    else:
        if not hits:
            print(f"no article matches {args.query!r}", file=sys.stderr)
        for h in hits:
            print(f"{h.id:>5}  {h.title}\n       {' '.join(h.snippet.split())}")  # one line per snippet
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    store = open_store(args)
    with store:
        try:
            article = store.articles.get(args.id)
        except KeyError as exc:
            raise CliError(f"no article with id {args.id}") from exc
    print(article.title)
    print()
    print(article.text)
    return 0


COMMANDS = {"import": cmd_import, "list": cmd_list, "search": cmd_search, "show": cmd_show}
