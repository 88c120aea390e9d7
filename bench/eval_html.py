"""Article extraction from saved news pages: per page, title and author found, every expected passage in
the text and no boilerplate; prints pass/fail per page and the total.

Usage: python bench/eval_html.py [FOLDER]   (FOLDER holds the pages and expected.json; default: the eval set)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.importing import read_file  # noqa: E402

DEFAULT = Path("/work/shared/eval/news-fr")


def _flat(text: str) -> str:
    return " ".join(text.split())


def check(path: Path, expected: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(text problems, metadata problems) of the article read from ``path``; empty when right."""
    article = read_file(path)
    text = _flat(article.text)
    wrong = [f"missing {s!r}" for s in expected.get("with", []) if _flat(s) not in text]
    wrong += [f"boilerplate {s!r}" for s in expected.get("without", []) if _flat(s) in text]
    meta: list[str] = []
    if expected.get("title") and _flat(expected["title"]) not in _flat(article.title):
        meta.append(f"title {article.title!r}")
    if expected.get("author") and _flat(expected["author"]).lower() not in _flat(article.author).lower():
        meta.append(f"author {article.author!r}")
    return wrong, meta


def main(folder: Path) -> int:
    expected: dict[str, dict[str, Any]] = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    passed = meta_passed = 0
    for name, wanted in sorted(expected.items()):
        wrong, meta = check(folder / name, wanted)
        passed += not wrong
        meta_passed += not meta
        print(f"{'pass' if not wrong else 'FAIL'}  {name}" + "".join(f"\n      {w}" for w in wrong)
              + "".join(f"\n      (metadata) {m}" for m in meta))
    print(f"\ntext: {passed} of {len(expected)} pages fully right (every passage, no boilerplate)")
    print(f"metadata: title and author right on {meta_passed} of {len(expected)} pages")
    return 0 if passed == len(expected) else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT))
