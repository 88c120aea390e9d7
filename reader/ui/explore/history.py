"""Reading history for Back / Forward: plain Python, no Qt."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """Where the reader was: an article and, optionally, the passage start."""

    article_id: int
    start: int | None = None


class History:
    """A browser-like history: visiting after going back drops the forward part."""

    def __init__(self, limit: int = 200) -> None:
        self._places: list[Place] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> Place | None:
        return self._places[self._index] if self._index >= 0 else None

    def visit(self, place: Place) -> None:
        if place == self.current:
            return
        del self._places[self._index + 1:]
        self._places.append(place)
        if len(self._places) > self._limit:
            del self._places[0]
        self._index = len(self._places) - 1

    def can_back(self) -> bool:
        return self._index > 0

    def can_forward(self) -> bool:
        return self._index < len(self._places) - 1

    def back(self) -> Place | None:
        if not self.can_back():
            return None
        self._index -= 1
        return self._places[self._index]

    def forward(self) -> Place | None:
        if not self.can_forward():
            return None
        self._index += 1
        return self._places[self._index]

    def forget_article(self, article_id: int) -> None:
        """Drop the places in a deleted article, keeping the position on the nearest remaining one."""
        kept_before = sum(1 for p in self._places[:self._index + 1] if p.article_id != article_id)
        self._places = [p for p in self._places if p.article_id != article_id]
        # two neighbours may now be the same place
        merged: list[Place] = []
        for i, place in enumerate(self._places):
            if merged and merged[-1] == place:
                if i < kept_before:
                    kept_before -= 1
                continue
            merged.append(place)
        self._places = merged
        self._index = min(max(kept_before - 1, 0), len(self._places) - 1) if self._places else -1

    def article_ids(self) -> set[int]:
        return {p.article_id for p in self._places}

    def __len__(self) -> int:
        return len(self._places)
