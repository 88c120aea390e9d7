"""What every command of `reader` shares: the one-line error, the library path, opening the store."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.paths import default_db_path

if TYPE_CHECKING:
    from reader.store import Store


class CliError(Exception):
    """A failure reported to the user as one line on stderr."""


def check_display() -> None:
    """On Linux, say plainly that there is no screen, instead of Qt's advice to reinstall."""
    if sys.platform.startswith("linux") and not any(
            os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        raise CliError("no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set); "
                       "start it from a desktop session, or use the sub-commands: reader --help")


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db).expanduser() if args.db else default_db_path()


def open_store(args: argparse.Namespace) -> Store:
    from reader.store import Store, StoreError

    try:
        return Store(db_path(args))
    except StoreError as exc:
        raise CliError(str(exc)) from exc
