"""`reader links` and `reader timeline`, as a script would call them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader import cli
from reader.anchoring import describe
from reader.domain import Article, Link, LinkEnd
from reader.entities.model import EntitySpan
from reader.store import Store

BAKOU = "Vladimir Poutine est arrivé à Bakou le 22 février 2022 pour voir Ilham Aliyev."
STOLTENBERG = "Jens Stoltenberg rencontre Ilham Aliyev à Bakou le 17 mars 2024."


def spans(text: str, *items: tuple[str, str, str]) -> list[EntitySpan]:
    out = []
    for words, type_, value in items:
        start = text.index(words)
        out.append(EntitySpan(start, start + len(words), type_, words, words, value))
    return sorted(out, key=lambda s: s.start)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lib.sqlite"
    with Store(path) as store:
        a, _ = store.articles.add(Article(title="Poutine à Bakou", text=BAKOU, content_hash="a"))
        b, _ = store.articles.add(Article(title="Stoltenberg à Bakou", text=STOLTENBERG, content_hash="b"))
        store.entities.set_mentions(a, spans(BAKOU, ("Vladimir Poutine", "PER", ""), ("Bakou", "LOC", ""),
                                    ("22 février 2022", "DATE", "2022-02-22"), ("Ilham Aliyev", "PER", "")))
        store.entities.set_mentions(b, spans(STOLTENBERG, ("Jens Stoltenberg", "PER", ""), ("Ilham Aliyev", "PER", ""),
                                    ("Bakou", "LOC", ""), ("17 mars 2024", "DATE", "2024-03-17")))
        start = BAKOU.index("Ilham Aliyev")
        store.links.add(Link(LinkEnd(b), LinkEnd(a, None, describe(BAKOU, start, start + 12)), label="confirme"))
    return path


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_links_json_lists_links_out_and_in_and_unlinked_mentions(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = run(capsys, db, "links", "--json", "1")
    assert code == 0
    report = json.loads(out)
    assert report["title"] == "Poutine à Bakou" and report["out"] == []
    [incoming] = report["in"]
    assert (incoming["article_id"], incoming["label"], incoming["quote"], incoming["target_quote"]) == (
        2, "confirme", "Ilham Aliyev", "")
    [related] = report["unlinked"]
    assert related["article_id"] == 2 and set(related["shared"]) == {"Ilham Aliyev", "Bakou"}
    code, out, _ = run(capsys, db, "links", "--json", "2")
    assert json.loads(out)["out"][0]["start"] == BAKOU.index("Ilham Aliyev")


def test_links_text_and_unknown_article(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = run(capsys, db, "links", "2")
    assert code == 0
    assert "Links out (1)" in out and "→ [confirme] #1 Poutine à Bakou" in out
    assert "the whole article → « Ilham Aliyev »" in out and "Unlinked mentions (1)" in out
    code, _, err = run(capsys, db, "links", "99")
    assert code == 1 and "no article with id 99" in err


def test_timeline_json_gives_iso_values_quotes_and_articles(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = run(capsys, db, "timeline", "--json")
    assert code == 0
    events = json.loads(out)
    assert [(e["value"], e["article_id"], e["text"]) for e in events] == [
        ("2022-02-22", 1, "22 février 2022"), ("2024-03-17", 2, "17 mars 2024")]
    assert "arrivé à Bakou le 22 février 2022 pour voir" in events[0]["quote"]
    code, out, _ = run(capsys, db, "timeline")
    assert out.splitlines()[0].startswith("2022-02-22  #1    22 février 2022")
