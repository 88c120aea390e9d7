"""A realistic synthetic corpus for benchmarks: sentences of the bundled articles, reshuffled."""

from __future__ import annotations

import hashlib
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.domain import Article  # noqa: E402
from reader.importing import iter_files, read_file  # noqa: E402
from reader.paths import articles_dir  # noqa: E402


def sentences() -> list[str]:
    out: list[str] = []
    for path in iter_files([articles_dir()]):
        text = read_file(path).text
        out += [s.strip() for s in re.split(r"(?<=[.!?»])\s+", text) if len(s.strip()) > 40]
    return out


def make_articles(count: int, words: int = 600, seed: int = 7, first: int = 0) -> list[Article]:
    """``count`` articles of about ``words`` words each, made of real French news sentences."""
    rng = random.Random(seed)
    pool = sentences()
    articles = []
    for i in range(count):
        body: list[str] = []
        n = 0
        while n < words:
            s = rng.choice(pool)
            body.append(s)
            n += s.count(" ") + 1
        paragraphs = ["\n".join(body[j:j + 4]) for j in range(0, len(body), 4)]
        text = "\n\n".join(paragraphs)
        title = f"{rng.choice(pool)[:70]} ({first + i})"
        articles.append(Article(title=title, text=text, source=rng.choice(["L-Post", "AFP", "Western Armenia"]),
                                published=f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                                content_hash=hashlib.sha256(text.encode()).hexdigest()))
    return articles
