"""`reader reprocess`: run entity recognition again on stored articles, with progress and a summary."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from reader.cli.common import CliError, open_store

if TYPE_CHECKING:
    from reader.store import Store

MAX_ID = 2 ** 63 - 1  # SQLite's largest integer


def add_parsers(sub: Any) -> None:
    """Add the sub-command to the parser of `reader` (``sub`` is its subparsers object)."""
    p = sub.add_parser("reprocess", help="recognise entities again: where it did not complete (the default), "
                                         "everywhere, or in the given articles")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--missing", action="store_true",
                       help="articles whose recognition was interrupted, failed or is out of date (the default)")
    which.add_argument("--all", action="store_true", help="every article")
    p.add_argument("ids", nargs="*", type=int, metavar="ID", help="these articles")


class ProgressLines:
    """Progress on stderr: one line rewritten on a terminal, else a line each 5% of the way."""

    def __init__(self, verb: str) -> None:
        self.verb = verb
        self.tty = sys.stderr.isatty()
        self._shown = -1
        self._what = ""

    def __call__(self, done: int, total: int, what: str) -> None:
        if self.tty:
            print(f"\r{self.verb} [{done}/{total}] {what[:60]:<60}", end="", file=sys.stderr, flush=True)
            return
        step = 100 * done // max(total, 1) // 5
        inside = what.endswith("0%") and what != self._what  # a long text, every 10% of it
        if step > self._shown or inside:
            self._shown, self._what = step, what
            print(f"{self.verb}: {done}/{total} articles" + (f" ({what})" if what else ""), file=sys.stderr)

    def end(self) -> None:
        if self.tty:
            print(file=sys.stderr)


def cmd_reprocess(args: argparse.Namespace) -> int:
    from reader.operations.recognition import missing_recognition, recognise_articles

    if args.ids and (args.missing or args.all):
        raise CliError("give article ids, or --missing, or --all: not both")
    store = open_store(args, "write")
    with store:
        if args.ids:
            absent = [i for i in args.ids if not 0 < i <= MAX_ID or not _exists(store, i)]
            if absent:
                raise CliError(f"no article with id {absent[0]}; nothing was recognised")
            ids = list(dict.fromkeys(args.ids))
        elif args.all:
            ids = store.articles.ids(sort="imported", descending=False)
        else:
            ids = [m.article_id for m in missing_recognition(store)]
        if not ids:
            print("nothing to recognise: every article's entities are complete", file=sys.stderr)
            return 0
        from reader.entities.parallel import ParallelRecognizer

        progress = ProgressLines("recognising")
        with ParallelRecognizer() as recognizer:
            report = recognise_articles(store, recognizer, ids, progress).value
        progress.end()
        titles = {row.id: row.title for row in store.articles.rows(list(report.failed))}
    for article_id, error in report.failed.items():
        print(f"failed     #{article_id} {titles.get(article_id, '')}: {error}", file=sys.stderr)
    print(f"recognised {len(report.recognised)} of {len(ids)} articles" +
          (f"; {len(report.failed)} failed (reader reprocess --missing tries them again)" if report.failed else ""))
    return 1 if report.failed else 0


def _exists(store: Store, article_id: int) -> bool:
    try:
        store.recognition.get(article_id)
    except KeyError:
        return False
    return True


COMMANDS = {"reprocess": cmd_reprocess}
