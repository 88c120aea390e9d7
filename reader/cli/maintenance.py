"""`reader check`, `reader backup` and `reader restore`: is the library sound, a copy of it, and putting one back."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from reader.cli.common import CliError, db_path, open_store


def add_parsers(sub: Any) -> None:
    """Add the sub-commands to the parser of `reader` (``sub`` is its subparsers object)."""
    p = sub.add_parser("check", help="check the library (pages, references, search indexes); exit 1 when "
                                     "something is wrong, one line per problem with what to do")
    p.add_argument("--json", action="store_true")
    p.add_argument("--quick", action="store_true", help="quick_check instead of the full integrity_check")
    p.add_argument("--repair", action="store_true", help="rebuild the search indexes when they are what is wrong")
    p = sub.add_parser("backup", help="copy the library (into backups/ beside it, or to -o PATH)")
    p.add_argument("-o", "--output", type=Path, metavar="PATH", help="write the copy here")
    p = sub.add_parser("restore", help="put a backup in place of the library (checked first; the current file "
                                       "is kept aside, never deleted); close the window first")
    p.add_argument("backup", type=Path, metavar="BACKUP")


def _run_checks(args: argparse.Namespace) -> Any:
    from reader.operations.check import NEEDS_WRITE, Report, check_library
    from reader.store.opening import Mode, access_of, open_library

    path = db_path(args)
    with open_store(args) as store:
        report = check_library(store, args.quick).value
    pages_bad = any(p.check == "pages" for p in report.problems)
    if not pages_bad and store.read_only and access_of(path) == "rw":
        # the FTS5 integrity-check is an INSERT: it runs on a writable connection, once the pages are sound
        with open_library(path, Mode.WRITE, verify=False) as writable:
            more = check_library(writable, args.quick, names=NEEDS_WRITE).value
        report = Report(report.problems + more.problems, report.ran + more.ran,
                        [s for s in report.skipped if s.split(":")[0] not in more.ran])
    return report


def cmd_check(args: argparse.Namespace) -> int:
    from reader.operations.check import check_library, repair_library
    from reader.store.opening import Mode, open_library

    report = _run_checks(args)
    repaired: list[str] = []
    if args.repair and report.problems and not report.damaged:
        with open_library(db_path(args), Mode.WRITE, verify=False) as store:
            repaired = repair_library(store, report).value
            report = check_library(store, args.quick).value
    if args.json:
        print(json.dumps({"ok": report.ok, "problems": [p.as_json() for p in report.problems], "ran": report.ran,
                          "skipped": report.skipped, "repaired": repaired}, ensure_ascii=False, indent=2))
        return 0 if report.ok else 1
    for name in repaired:
        print(f"repaired {name}")
    for problem in report.problems:
        print(problem.line())
    for skipped in report.skipped:
        print(f"not checked: {skipped}", file=sys.stderr)
    if args.repair and report.damaged:
        print("not repaired: --repair rebuilds the search indexes; a damaged file needs a backup restored",
              file=sys.stderr)
    if report.ok:
        print(f"ok: {db_path(args)} ({', '.join(report.ran)} checked)")
    return 0 if report.ok else 1


def cmd_backup(args: argparse.Namespace) -> int:
    from reader.store import StoreError

    path = db_path(args)
    if args.output is not None and args.output.expanduser().resolve() == path.resolve():
        raise CliError(f"{args.output} is the library itself; choose another file for the backup")
    with open_store(args) as store:
        try:
            written = store.backup("manual", args.output)
        except StoreError as exc:
            raise CliError(str(exc)) from exc
    print(f"wrote backup {written}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from reader.store.backup import BackupError, restore_backup

    path = db_path(args)
    if args.backup.expanduser().resolve() == path.resolve():
        raise CliError(f"{args.backup} is the library itself, not a backup of it")
    try:
        aside = restore_backup(path, args.backup)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    kept = f"; the previous file is kept as {aside}" if aside != path else ""
    print(f"restored {path} from {args.backup}{kept}")
    return 0


COMMANDS = {"check": cmd_check, "backup": cmd_backup, "restore": cmd_restore}
