"""`python -m reader` and the frozen entry point."""

from __future__ import annotations

import multiprocessing
import sys

from reader.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
