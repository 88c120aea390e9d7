"""What every command of `reader` shares: the one-line error, the library path, opening the store."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.paths import default_db_path

if TYPE_CHECKING:
    from reader.store import Store


class CliError(Exception):
    """A failure reported to the user as one line on stderr."""


MAX_ID = 2**63 - 1  # SQLite's largest integer: an id beyond it cannot exist


def _whole(text: str, low: int, not_number: str, out_of_range: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(not_number.format(text=repr(text))) from None
    if not low <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(out_of_range.format(text=text))
    return value


def record_id(text: str) -> int:
    """An argparse type for article and note ids: a whole number from 1 to SQLite's largest integer."""
    return _whole(text, 1, "{text} is not an id (ids are whole numbers like 12)",
                  f"{{text}} is not an id (ids go from 1 to {MAX_ID})")


def count(text: str) -> int:
    """An argparse type for --limit: a whole number from 0 to SQLite's largest integer."""
    return _whole(text, 0, "{text} is not a whole number", f"{{text}} is out of range (0 to {MAX_ID})")


def check_display() -> None:
    """On Linux, say plainly that there is no screen, instead of Qt's advice to reinstall."""
    if sys.platform.startswith("linux") and not any(
            os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        raise CliError("no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set); "
                       "start it from a desktop session, or use the sub-commands: reader --help")


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db).expanduser() if args.db else default_db_path()


def open_store(args: argparse.Namespace, mode: str = "read") -> Store:
    """The library in a mode: "read" never creates or writes it, "write" needs it to exist, "create" makes it.

    A write mode runs a quick check first and refuses a damaged library (see ``reader.store.opening``).
    """
    from reader.store import StoreError
    from reader.store.opening import Mode, open_library

    try:
        return open_library(db_path(args), Mode(mode))
    except StoreError as exc:
        raise CliError(str(exc)) from exc


def database_error(args: argparse.Namespace, exc: sqlite3.DatabaseError) -> str:
    """The one line for a damaged page met while reading or writing (not for "locked" and other busy states)."""
    from reader.store.opening import damaged_line

    return damaged_line(db_path(args), " ".join(str(exc).split()))
