"""`reader check`: is the library sound? A list of checks, each saying what is wrong and what to do, and repairs.

Adding a check is one function: ``def my_check(store: Store, quick: bool) -> list[Problem]`` appended to
CHECKS (its name is the Problem's ``check``); a repair for it goes in REPAIRS under the same name, and
``Problem.repairable`` says ``--repair`` can fix it. Checks read only; repairs write.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.domain import Changes
from reader.operations.base import Result

if TYPE_CHECKING:
    from reader.store import Store

FTS_TABLES = ("articles_fts", "annotations_fts")


@dataclass(frozen=True)
class Problem:
    check: str  # the name of the check that found it (and of the repair that fixes it, if any)
    message: str  # what is wrong, one line
    advice: str  # what to do about it
    repairable: bool = False  # `reader check --repair` fixes it

    def line(self) -> str:
        return f"{self.message}: {self.advice}"

    def as_json(self) -> dict[str, object]:
        return {"check": self.check, "message": self.message, "advice": self.advice, "repairable": self.repairable}


@dataclass(frozen=True)
class Report:
    problems: list[Problem] = field(default_factory=list)
    ran: list[str] = field(default_factory=list)  # names of the checks that ran
    skipped: list[str] = field(default_factory=list)  # "name: why"

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def damaged(self) -> bool:
        """Damage a repair cannot fix: the file's pages or its references (restore a backup)."""
        return any(not p.repairable for p in self.problems)


RESTORE = "restore the newest sound backup with `reader restore BACKUP` (backups/ beside the library)"


def check_pages(store: Store, quick: bool) -> list[Problem]:
    """PRAGMA integrity_check (quick_check with ``quick``): every page and index of the file."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        rows = [str(r[0]) for r in store.conn.execute(f"PRAGMA {pragma}(20)")]
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    if rows == ["ok"]:
        return []
    return [Problem("pages", f"the file is damaged ({' '.join(row.split())[:160]})", RESTORE) for row in rows[:5]]


def check_foreign_keys(store: Store, quick: bool) -> list[Problem]:
    """Rows pointing at rows that are gone (PRAGMA foreign_key_check)."""
    try:
        rows = store.conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [Problem("foreign_keys", f"references cannot be checked ({exc})", RESTORE)]
    by_table: dict[str, int] = {}
    for table, *_ in rows:
        by_table[table] = by_table.get(table, 0) + 1
    return [Problem("foreign_keys", f"{n} row{'s' if n > 1 else ''} of {table} point at rows that are gone",
                    RESTORE) for table, n in sorted(by_table.items())]


def check_search_index(store: Store, quick: bool) -> list[Problem]:
    """FTS5 integrity-check of each full-text index, against its table (needs a writable connection)."""
    problems = []
    for fts in FTS_TABLES:
        try:
            store.conn.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            problems.append(Problem("search_index", f"the search index {fts} does not match its table ({exc})",
                                    "run `reader check --repair` to rebuild it", repairable=True))
    return problems


def repair_search_index(store: Store) -> Changes:
    store.rebuild_search_index()
    return Changes()


SHOWN_ARTICLES = 20  # articles named one per line; the rest are counted in one line


def check_recognition(store: Store, quick: bool) -> list[Problem]:
    """Articles whose entity recognition is missing, failed or out of date (not those imported without it)."""
    from reader.operations.recognition import missing_recognition

    missing = missing_recognition(store)
    advice = "run `reader check --repair` or `reader reprocess --missing` to recognise it again"
    problems = [Problem("recognition", m.line(), advice, repairable=True) for m in missing[:SHOWN_ARTICLES]]
    if len(missing) > SHOWN_ARTICLES:
        problems.append(Problem("recognition", f"{len(missing) - SHOWN_ARTICLES} more articles lack their entities",
                                advice, repairable=True))
    return problems


def repair_recognition(store: Store) -> Changes:
    from reader.operations.recognition import resume_recognition

    return resume_recognition(store).changes


Check = Callable[["Store", bool], list[Problem]]
CHECKS: list[tuple[str, Check]] = [
    ("pages", check_pages),
    ("foreign_keys", check_foreign_keys),
    ("search_index", check_search_index),
    ("recognition", check_recognition),
]
REPAIRS: dict[str, Callable[[Store], Changes]] = {"search_index": repair_search_index,
                                                  "recognition": repair_recognition}
NEEDS_WRITE = {"search_index"}  # FTS5's integrity-check is an INSERT: it cannot run on a read-only connection


def check_library(store: Store, quick: bool = False, names: set[str] | None = None) -> Result[Report]:
    """Run every check (or those ``names``); once the pages are damaged the others are skipped."""
    problems: list[Problem] = []
    ran: list[str] = []
    skipped: list[str] = []
    for name, check in CHECKS:
        if names is not None and name not in names:
            continue
        if problems and any(p.check == "pages" for p in problems):
            skipped.append(f"{name}: the file is damaged")
            continue
        if name in NEEDS_WRITE and store.read_only:
            skipped.append(f"{name}: the library is open read-only")
            continue
        ran.append(name)
        problems.extend(check(store, quick))
    return Result(Changes(), Report(problems, ran, skipped))


def repair_library(store: Store, report: Report) -> Result[list[str]]:
    """Run the repair of every repairable problem found; returns the names of the repairs made."""
    done: list[str] = []
    changes = Changes()
    for name in dict.fromkeys(p.check for p in report.problems if p.repairable):
        repair = REPAIRS.get(name)
        if repair is not None:
            changes = changes | repair(store)
            done.append(name)
    return Result(changes, done)


__all__ = ["CHECKS", "NEEDS_WRITE", "REPAIRS", "Problem", "Report", "check_library", "repair_library"]
