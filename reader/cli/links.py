"""`reader links ARTICLE_ID` and `reader timeline`: links, backlinks, unlinked mentions and dates, for scripts."""

from __future__ import annotations

import argparse
import json
from typing import Any

from reader.cli.common import CliError, count, open_store, record_id
from reader.explore.links import links_report
from reader.explore.timeline import timeline_events


def add_parsers(sub: Any) -> None:
    """Add the sub-commands to the parser of `reader` (``sub`` is its subparsers object)."""
    p = sub.add_parser("links", help="an article's links out and in, and the articles sharing its entities")
    p.add_argument("id", type=record_id, metavar="ARTICLE_ID")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=count, default=20, help="unlinked mentions to show (default 20)")
    p = sub.add_parser("timeline", help="every date named in the library, in time order, with its sentence")
    p.add_argument("--json", action="store_true")


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cmd_links(args: argparse.Namespace) -> int:
    store = open_store(args)
    with store:
        try:
            title = store.articles.get(args.id).title
        except KeyError as exc:
            raise CliError(f"no article with id {args.id}") from exc
        report = links_report(store, args.id, limit=args.limit)
    if args.json:
        print(json.dumps({"title": title, **report}, ensure_ascii=False, indent=2))
        return 0
    print(f"#{args.id} {title}")
    for key, heading, arrow in (("out", "Links out", "→"), ("in", "Links in", "←")):
        rows: list[dict[str, Any]] = report[key]  # type: ignore[assignment]
        print(f"\n{heading} ({len(rows)})")
        for r in rows:
            label = f"[{r['label']}] " if r["label"] else ""
            print(f"  {arrow} {label}#{r['article_id']} {_short(r['title'], 70)}")
            here = f"« {_short(r['quote'], 60)} »" if r["quote"] else "the whole article"
            there = f"« {_short(r['target_quote'], 60)} »" if r["target_quote"] else "the whole article"
            print(f"      {here} {arrow} {there}")
            if r["note"]:
                print(f"      note: {_short(r['note'])}")
    unlinked: list[dict[str, Any]] = report["unlinked"]  # type: ignore[assignment]
    print(f"\nUnlinked mentions ({len(unlinked)})")
    for u in unlinked:
        print(f"  #{u['article_id']:<4} {u['score']:>6.2f}  {_short(u['title'], 70)}")
        print(f"        shares {_short(', '.join(u['shared']), 100)}")
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    store = open_store(args)
    with store:
        events = timeline_events(store)
    if args.json:
        print(json.dumps([{"value": e.value, "article_id": e.article_id, "quote": e.quote, "text": e.text,
                           "label": e.label, "title": e.article_title, "start": e.start, "end": e.end}
                          for e in events], ensure_ascii=False, indent=2))
        return 0
    for e in events:
        print(f"{e.value:<10}  #{e.article_id:<4} {e.label}\n            {_short(e.quote, 110)}")
    return 0


COMMANDS = {"links": cmd_links, "timeline": cmd_timeline}
