"""What every operation returns: the Changes it made and what its undo (or its caller) needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from reader.domain import Changes

T = TypeVar("T")


@dataclass(frozen=True)
class Result(Generic[T]):
    """``changes`` tells the views what to refresh; ``value`` is the new row, the rows before, or a report."""

    changes: Changes
    value: T


def done(changes: Changes) -> Result[None]:
    """The result of an operation whose undo needs nothing more than its arguments."""
    return Result(changes, None)
