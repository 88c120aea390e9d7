"""Qt-free user operations: each mutates the library in one transaction and returns a Result.

The window wraps them in undoable commands or runs them in the background; the CLI calls them
directly. ``Result.changes`` says what changed, ``Result.value`` what the undo or the caller needs.
"""

from __future__ import annotations

from reader.operations.base import Result, done

__all__ = ["Result", "done"]
