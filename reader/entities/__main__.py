"""`python -m reader.entities FILE...`: entities of each file as one JSON line."""

from __future__ import annotations

from reader.entities.cli import main

raise SystemExit(main())
