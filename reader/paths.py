"""Where the reader keeps its data and finds its bundled resources (frozen-aware)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "reader"


def bundle_dir() -> Path:
    """The folder holding resources/ and articles/: the source tree, or the frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return bundle_dir() / "resources"


def articles_dir() -> Path:
    return bundle_dir() / "articles"


def default_db_path() -> Path:
    """READER_DB if set, else library.sqlite in the user data dir."""
    env = os.environ.get("READER_DB")
    if env:
        return Path(env).expanduser()
    return user_data_path(APP_NAME, appauthor=False) / "library.sqlite"
