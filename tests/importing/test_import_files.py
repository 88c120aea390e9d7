"""Dispatch by file type, size limits, folder walking, and the bundled articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.importing import SUPPORTED_SUFFIXES, ImportFailure, common, iter_files, read_file
from reader.importing.plaintext import article_fields, split_front_matter

ARTICLES = Path(__file__).resolve().parents[2] / "articles"


def test_supported_suffixes() -> None:
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".markdown", ".html", ".htm", ".pdf"}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("photo.jpg", "photo.jpg: '.jpg' files are not supported"),
        ("README", "README: files without an extension are not supported"),
        ("absent.txt", "absent.txt: file not found"),
    ],
)
def test_unsupported_or_missing_files_fail_clearly(tmp_path: Path, name: str, message: str) -> None:
    if name != "absent.txt":
        (tmp_path / name).write_bytes(b"data")
    with pytest.raises(ImportFailure) as info:
        read_file(tmp_path / name)
    assert str(info.value).startswith(message)


def test_failure_keeps_path_and_reason_and_pickles(tmp_path: Path) -> None:
    import pickle

    failure = ImportFailure(tmp_path / "x.pdf", "the PDF is encrypted")
    copy = pickle.loads(pickle.dumps(failure))
    assert str(copy) == str(failure) == "x.pdf: the PDF is encrypted"
    assert (copy.path, copy.reason) == (tmp_path / "x.pdf", "the PDF is encrypted")


def test_upper_case_suffix_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "NOTE.TXT"
    path.write_text("Bakou\n", encoding="utf-8")
    assert read_file(path).title == "Bakou"


def test_binary_file_with_a_text_suffix_fails(tmp_path: Path) -> None:
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with pytest.raises(ImportFailure, match=r"^image\.md: not a text file"):
        read_file(path)


@pytest.mark.parametrize("name", ["big.txt", "big.html", "big.pdf"])
def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with path.open("wb") as handle:  # sparse: no 60 MB written to disk
        handle.truncate(int(61.2 * 1024 * 1024))
    with pytest.raises(ImportFailure) as info:
        read_file(path)
    assert str(info.value) == f"{name}: file is 61.2 MB, over the 50 MB limit"


def test_size_limit_is_a_constant_callers_can_lower(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "MAX_FILE_BYTES", 10)
    path = tmp_path / "court.txt"
    path.write_text("un texte de plus de dix octets", encoding="utf-8")
    with pytest.raises(ImportFailure, match="over the"):
        read_file(path)


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "dossier.txt"
    folder.mkdir()
    with pytest.raises(ImportFailure, match=r"^dossier\.txt: is a folder"):
        read_file(folder)


def test_iter_files_walks_folders_sorted_and_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for rel in ["b.txt", "a.md", "sub/c.pdf", "sub/deep/d.html", "sub/photo.jpg", ".cache.txt",
                ".hidden/e.txt", "sub/F.HTM", "z.markdown"]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    single = tmp_path / "notes.rtf"
    single.write_text("x", encoding="utf-8")
    found = list(iter_files([single, root, root / "a.md"]))
    assert found[0] == single  # a file given by name is kept, even unsupported: read_file explains
    assert [p.relative_to(root).as_posix() for p in found[1:]] == [
        "a.md", "b.txt", "sub/F.HTM", "sub/c.pdf", "sub/deep/d.html", "z.markdown",
    ]


def test_bundled_articles_import_with_their_front_matter() -> None:
    files = sorted(ARTICLES.glob("*.md"))
    assert len(files) == 5
    for path in files:
        article = read_file(path)
        assert article.title.strip(), path.name
        assert len(article.text) > 500, path.name
        assert "---" not in article.text.split("\n", 1)[0], path.name
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        for field, value in article_fields(meta).items():
            assert getattr(article, field) == value, (path.name, field)
        assert article.text in body  # the body is kept as written
        assert read_file(path) == article  # stable across re-imports


def test_bundled_article_metadata_is_what_the_texts_give() -> None:
    by_name = {p.name: read_file(p) for p in ARTICLES.glob("*.md")}
    artsakh = by_name["05-coulisses-artsakh.md"]
    assert (artsakh.source, artsakh.published) == ("Western Armenia", "2023-10-05")
    assert artsakh.title == "Dans les coulisses de l’Artsakh"
    stoltenberg = by_name["02-stoltenberg-caucase-sud.md"]
    assert (stoltenberg.author, stoltenberg.source) == ("Sébastien Boussois", "L-Post")
    assert len({a.content_hash for a in by_name.values()}) == 5
