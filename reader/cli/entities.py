"""`reader entities PATH...`: the entities of text files as JSON lines; the library is not touched."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from reader.cli.common import CliError, open_store


def add_parsers(sub: Any) -> None:
    """Add the sub-command to the parser of `reader` (``sub`` is its subparsers object)."""
    p = sub.add_parser("entities", help="print the entities of files as JSON lines (stores nothing); "
                                        "share the library's corrections as gazetteer lines")
    p.add_argument("files", nargs="*", metavar="PATH", help="files, or folders (recursively)")
    p.add_argument("--jsonl", action="store_true", help="JSON lines (the only format; accepted for clarity)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="run on a Dask cluster: its scheduler (tcp://host:8786), or local:N for N worker "
                        "processes here (needs the `cluster` extra)")
    p.add_argument("--export-corrections", type=Path, metavar="FILE",
                   help="write the library's corrections applied everywhere as gazetteer lines")
    p.add_argument("--import-corrections", type=Path, metavar="FILE",
                   help="apply gazetteer lines (a colleague's exported corrections) everywhere in the library")


def cmd_entities(args: argparse.Namespace) -> int:
    if args.export_corrections or args.import_corrections:
        return _share_corrections(args)
    if not args.files:
        raise CliError("give text files to read, or --export-corrections / --import-corrections FILE")
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


def _share_corrections(args: argparse.Namespace) -> int:
    from reader.entities.corrections import from_gazetteer_lines, to_gazetteer_lines
    from reader.operations.corrections import apply_correction

    with open_store(args, "create" if args.import_corrections else "read") as store:
        if args.export_corrections:
            def type_of(name: str) -> str:
                entity = store.entities.find(name)
                return entity.type if entity else ""

            lines, skipped = to_gazetteer_lines(store.entities.corrections(), type_of)
            header = "# Corrections shared from a reader library: gazetteer lines (name, type, aliases)\n"
            from reader.exporting import ExportError, check_target
            from reader.exporting.common import write_text

            try:
                check_target(args.export_corrections, library=store.path)
                write_text(args.export_corrections, header + "".join(line + "\n" for line in lines))
            except ExportError as exc:
                raise CliError(str(exc)) from exc
            kept = f"; {skipped} made in one article stay in the library" if skipped else ""
            print(f"wrote {len(lines)} correction{'s' if len(lines) != 1 else ''} to {args.export_corrections}{kept}")
        if args.import_corrections:
            try:
                text = args.import_corrections.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                raise CliError(f"cannot read {args.import_corrections}: {reason}") from exc
            known = {(c.kind, c.text, c.type, c.entity) for c in store.entities.corrections() if c.article_id is None}
            new = [c for c in from_gazetteer_lines(text.splitlines()) if (c.kind, c.text, c.type, c.entity) not in known]
            for correction in new:
                apply_correction(store, correction)
            print(f"applied {len(new)} correction{'s' if len(new) != 1 else ''} from {args.import_corrections}")
    return 0


COMMANDS = {"entities": cmd_entities}
