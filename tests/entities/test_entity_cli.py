"""The JSON-lines contract of `reader entities`: one line per file, clear errors for unreadable files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reader.entities import cli
from reader.entities.pipeline import EntityPipeline


@pytest.fixture(autouse=True)
def _one_model(monkeypatch: pytest.MonkeyPatch, pipeline: EntityPipeline) -> None:
    """run() builds its pipeline; hand it the session's, so the model loads once for all tests."""
    monkeypatch.setattr("reader.entities.pipeline.EntityPipeline", lambda *a, **k: pipeline)


@pytest.mark.slow
def test_one_json_line_per_file(tmp_path: Path) -> None:
    first = tmp_path / "un.txt"
    first.write_text("L’OTAN a réuni ses ministres à Bruxelles le 17 mars 2024.", encoding="utf-8")
    second = tmp_path / "deux.txt"
    second.write_text("Rien à signaler.", encoding="utf-8")
    out = io.StringIO()
    assert cli.run([str(first), str(second)], out) == 0
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["doc"] for r in records] == [str(first), str(second)]
    text = first.read_text(encoding="utf-8")
    for entity in records[0]["entities"]:
        assert set(entity) <= {"start", "end", "type", "text", "entity", "value"}
        assert entity["type"] in ("PER", "ORG", "LOC", "DATE", "MISC")
        assert text[entity["start"]:entity["end"]] == entity["text"]
    by_text = {e["text"]: e for e in records[0]["entities"]}
    assert by_text["OTAN"]["entity"] == "OTAN"
    assert by_text["17 mars 2024"]["value"] == "2024-03-17"
    assert records[1]["entities"] == []


@pytest.mark.slow
def test_missing_file_is_reported_and_the_others_still_processed(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "bon.txt"
    good.write_text("Vladimir Poutine est à Moscou.", encoding="utf-8")
    missing = tmp_path / "absent.txt"
    out = io.StringIO()
    assert cli.run([str(missing), str(good)], out) != 0
    lines = out.getvalue().splitlines()
    assert [json.loads(line)["doc"] for line in lines] == [str(good)]
    err = capsys.readouterr().err
    assert str(missing) in err
    assert len(err.strip().splitlines()) == 1
