"""`reader entities PATH...`: the entities of text files as JSON lines; the library is not touched."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from reader.cli.common import CliError


def add_parsers(sub: Any) -> None:
    """Add the sub-command to the parser of `reader` (``sub`` is its subparsers object)."""
    p = sub.add_parser("entities", help="print the entities of files as JSON lines (stores nothing)")
    p.add_argument("files", nargs="+", metavar="PATH", help="files, or folders (recursively)")
    p.add_argument("--jsonl", action="store_true", help="JSON lines (the only format; accepted for clarity)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="run on a Dask cluster: its scheduler (tcp://host:8786), or local:N for N worker "
                        "processes here (needs the `cluster` extra)")


def cmd_entities(args: argparse.Namespace) -> int:
    from reader.importing import iter_files, read_text

    files = [str(p) for p in iter_files([Path(f) for f in args.files])]
    if args.dask:
        return _on_cluster(files, args.dask)
    from reader.entities.cli import run

    # offsets into the text an import stores, so `reader import --entities` can take them as they are
    return run(files, sys.stdout, read=read_text)


def _on_cluster(files: list[str], scheduler: str) -> int:
    from reader.entities.cli import span_to_json

    try:
        from reader.operations.cluster import recognise_on_cluster
    except ImportError as exc:
        raise CliError(f"--dask needs the cluster extra ({exc.name} is missing): pip install 'reader[cluster]'") \
            from exc
    failed = 0
    for name, found in recognise_on_cluster(files, scheduler):
        if isinstance(found, str):
            print(f"reader entities: cannot read {name}: {found}", file=sys.stderr)
            failed += 1
            continue
        print(json.dumps({"doc": name, "entities": [span_to_json(s) for s in found]}, ensure_ascii=False), flush=True)
    return 1 if failed else 0


COMMANDS = {"entities": cmd_entities}
