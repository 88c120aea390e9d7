"""Pools of worker processes, each a fresh interpreter: forking a process that runs Qt threads is not safe."""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any


def process_pool(workers: int, initializer: Callable[..., object] | None = None,
                 initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """``workers`` processes started from a fork server on Linux (fast, and never a copy of this
    process's threads), spawned elsewhere."""
    method = "forkserver" if sys.platform.startswith("linux") else "spawn"
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                               initializer=initializer, initargs=initargs)
