"""What a notes import did, item by item: placed and where, or not placed, why, and where it is kept."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from reader.domain import Changes
from reader.importing.common import shorten


@dataclass(frozen=True)
class NoteOutcome:
    """One item of an import: placed (where) or not placed (why, and where it is kept)."""

    kind: str  # note | link | highlight
    id: str  # the item's id in the file ("" without one); "page N" for a PDF highlight
    quote: str
    article_id: int | None = None  # where the note is (placed or kept); None when not kept (a link)
    start: int | None = None
    end: int | None = None
    reason: str = ""  # why it was not placed; "" when placed
    how: str = ""  # exact | approximate (placed from its context), or "" when not placed

    @property
    def placed(self) -> bool:
        return not self.reason

    def line(self) -> str:
        what = f"{self.kind} {self.id}".strip() if self.kind != "note" or not self.quote else ""
        quote = f"« {shorten(' '.join(self.quote.split()), 60)} »" if self.quote else ""
        head = ": ".join(p for p in (what, quote) if p) or self.kind
        if self.placed:
            where = f" at {self.start}-{self.end}" if self.start is not None else ""
            return f"{head} -> article #{self.article_id}{where}" + (
                " (from its context; the quote differs)" if self.how == "approximate" else "")
        kept = f"; kept as an orphan in article #{self.article_id}" if self.article_id is not None else ""
        return f"{head}: {self.reason}{kept}"

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "id": self.id, "quote": self.quote, "article": self.article_id}
        if self.placed:
            out.update(start=self.start, end=self.end)
            if self.how:
                out["how"] = self.how
        else:
            out["reason"] = self.reason
        return out


@dataclass
class NotesImportReport:
    """What an import did; ``error`` set means nothing was imported."""

    path: str
    error: str = ""
    attached: int = 0  # new annotations, placed or kept as orphans
    links: int = 0  # new links
    skipped: int = 0  # already in the library
    placed: list[NoteOutcome] = field(default_factory=list)
    unplaced: list[NoteOutcome] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)

    @property
    def orphans(self) -> int:
        """Notes kept without a passage."""
        return sum(1 for o in self.unplaced if o.article_id is not None)

    def add(self, outcome: NoteOutcome) -> None:
        (self.placed if outcome.placed else self.unplaced).append(outcome)

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "status": "failed" if self.error else "imported", "error": self.error or None,
                "annotations": self.attached, "links": self.links, "skipped": self.skipped,
                "placed": [o.as_json() for o in self.placed], "unplaced": [o.as_json() for o in self.unplaced]}


def iter_report_lines(report: NotesImportReport) -> Iterator[str]:
    """The report as lines for a message box or the terminal: a summary, then every item."""
    if report.error:
        yield report.error
        return
    notes = sum(1 for o in report.placed if o.kind != "link")
    summary = f"{notes} {'note' if notes == 1 else 'notes'} placed, {len(report.unplaced)} not placed"
    if report.links:
        summary += f", {report.links} {'link' if report.links == 1 else 'links'} imported"
    if report.skipped:
        summary += f", {report.skipped} already in the library"
    yield summary
    for outcome in report.placed:
        yield f"placed     {outcome.line()}"
    for outcome in report.unplaced:
        yield f"not placed {outcome.line()}"
