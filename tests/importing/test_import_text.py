"""Text and Markdown import: encodings, clean-up, front matter, titles."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from reader.importing import ImportFailure, read_file
from reader.importing.common import content_hash
from reader.importing.plaintext import split_front_matter, strip_markdown

FRENCH = "Le président Aliyev a reçu l’OTAN à Bakou.\nÉtats-Unis, Géorgie, Arménie : « accord » signé."


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_text_gives_title_from_first_line_and_keeps_the_whole_text(tmp_path: Path) -> None:
    path = write(tmp_path, "note.txt", ("\n\n" + FRENCH + "\n").encode())
    article = read_file(path)
    assert article.title == "Le président Aliyev a reçu l’OTAN à Bakou."
    assert article.text == FRENCH
    assert article.id is None
    assert article.path == str(path.absolute())
    assert (article.source, article.author, article.published, article.url) == ("", "", "", "")


@pytest.mark.parametrize(
    "data",
    [
        FRENCH.encode("cp1252"),
        b"\xef\xbb\xbf" + FRENCH.encode("utf-8"),
        b"\xff\xfe" + FRENCH.encode("utf-16-le"),
        b"\xfe\xff" + FRENCH.encode("utf-16-be"),
        FRENCH.encode("utf-16-le"),  # no BOM
    ],
    ids=["cp1252", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le-no-bom"],
)
def test_encodings_are_detected(tmp_path: Path, data: bytes) -> None:
    article = read_file(write(tmp_path, "legacy.txt", data))
    assert article.text == FRENCH
    assert not article.text.startswith("\ufeff")


RUSSIAN = "Президент Азербайджана Ильхам Алиев встретился в Баку с генеральным секретарём НАТО.\nПереговоры продолжатся в Тбилиси."
EURO = "Le prix du gaz a augmenté de 12 € par mégawattheure à Bakou.\nCœur de l'accord : un gazoduc de 3 500 km."


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (RUSSIAN, "cp1251"),
        (RUSSIAN, "koi8-r"),
        (EURO, "iso-8859-15"),  # Latin-9: "€" is 0xA4, "¤" in cp1252
        ("Prix : 12 € le kilo, été.", "iso-8859-15"),
        ("Été à Bakou.", "cp1252"),
        ("Zażółć gęślą jaźń, powiedział minister w Warszawie.", "cp1250"),
        ("Η Ελλάδα και η Τουρκία συζητούν για το φυσικό αέριο στη Μεσόγειο.", "cp1253"),
    ],
    ids=["cp1251", "koi8-r", "latin9", "latin9-short", "cp1252-short", "cp1250", "cp1253"],
)
def test_legacy_encodings_come_out_right(tmp_path: Path, text: str, encoding: str) -> None:
    assert read_file(write(tmp_path, "ancien.txt", text.encode(encoding))).text == text


def test_cyrillic_file_imported_from_the_command_line_reads_right(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli import main

    path = write(tmp_path, "bakou.txt", RUSSIAN.encode("cp1251"))
    db = str(tmp_path / "lib.sqlite")
    main(["--db", db, "import", "--no-entities", str(path)])
    capsys.readouterr()
    main(["--db", db, "show", "1"])
    assert "Ильхам Алиев встретился в Баку" in capsys.readouterr().out


def test_crlf_nul_and_control_characters_are_cleaned(tmp_path: Path) -> None:
    data = b"Titre\r\n\r\nUn\x00 texte\x07 avec\ttabulation\x1b.\r\nFin.\r\n"
    article = read_file(write(tmp_path, "dirty.txt", data))
    assert article.text == "Titre\n\nUn texte avec\ttabulation.\nFin."


def test_same_text_gives_same_hash_whatever_the_line_endings(tmp_path: Path) -> None:
    a = read_file(write(tmp_path, "a.txt", FRENCH.replace("\n", "\r\n").encode("cp1252")))
    b = read_file(write(tmp_path, "b.txt", FRENCH.encode("utf-8")))
    assert a.content_hash == b.content_hash == content_hash(FRENCH)
    assert a.content_hash == hashlib.sha256(" ".join(FRENCH.split()).encode()).hexdigest()


def test_front_matter_fills_metadata_and_is_not_part_of_the_text(tmp_path: Path) -> None:
    data = (
        "---\n"
        'title: "Bakou : la visite"\n'
        "source: L-Post\n"
        "author: Sébastien Boussois\n"
        "date: 17/03/2024\n"
        "url: https://example.org/bakou\n"
        "tags:\n  - otan\n"
        "---\n\n"
        "Premier paragraphe.\n"
    ).encode()
    article = read_file(write(tmp_path, "fm.txt", data))
    assert article.title == "Bakou : la visite"
    assert article.source == "L-Post"
    assert article.author == "Sébastien Boussois"
    assert article.published == "2024-03-17"
    assert article.url == "https://example.org/bakou"
    assert article.text == "Premier paragraphe."


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2023-10-05", "2023-10-05"), ("2023-10", "2023-10"), ("2023", "2023"), ("2023-10-05T08:00:00Z", "2023-10-05"),
     ("hier", ""), ("2023-13-40", "")],
)
def test_front_matter_dates_become_iso(tmp_path: Path, value: str, expected: str) -> None:
    article = read_file(write(tmp_path, "d.md", f"---\npublished: {value}\n---\nTexte.\n".encode()))
    assert article.published == expected


def test_a_leading_rule_followed_by_prose_is_not_front_matter() -> None:
    text = "---\nUn paragraphe, pas une clé.\n---\nSuite."
    assert split_front_matter(text) == ({}, text)


def test_markdown_markers_are_removed_lightly(tmp_path: Path) -> None:
    data = (
        "# La visite de Stoltenberg\n\n"
        "Le **président** a reçu l'*OTAN* à [Bakou](https://example.org).\n"
        "Les champs obligatoires sont indiqués avec *\n\n"
        "## Renforcer le partenariat\n\n"
        "Deuxième paragraphe avec `code` et 2 * 3 * 4.\n"
    ).encode()
    article = read_file(write(tmp_path, "visite.md", data))
    assert article.title == "La visite de Stoltenberg"
    assert article.text == (
        "La visite de Stoltenberg\n\n"
        "Le président a reçu l'OTAN à Bakou.\n"
        "Les champs obligatoires sont indiqués avec *\n\n"
        "Renforcer le partenariat\n\n"
        "Deuxième paragraphe avec code et 2 * 3 * 4."
    )


def test_markdown_reimport_is_stable(tmp_path: Path) -> None:
    path = write(tmp_path, "stable.md", b"---\ntitle: T\n---\n# Titre\n\nTexte *important* ici.\n")
    first, second = read_file(path), read_file(path)
    assert first == second
    assert strip_markdown(first.text) == first.text


def test_long_first_line_is_shortened_for_the_title(tmp_path: Path) -> None:
    line = "Des représentants de Turquie, Grèce, Hongrie, Monténégro, " * 5
    article = read_file(write(tmp_path, "long.txt", line.encode()))
    assert len(article.title) <= 121
    assert article.title.endswith("…")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty.txt: file is empty"),
        ("blank.txt", b"  \n\n\t\n", "blank.txt: no text found"),
        ("random.txt", bytes(range(256)) * 40, "random.txt: not a text file"),
        ("nuls.md", b"abc\x00\x00\x00\x00\x00def" * 100, "nuls.md: not a text file"),
    ],
)
def test_unreadable_text_files_fail_clearly(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    with pytest.raises(ImportFailure) as info:
        read_file(write(tmp_path, name, data))
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


def test_random_bytes_are_not_text(tmp_path: Path) -> None:
    import random

    data = random.Random(4).randbytes(20_000)
    with pytest.raises(ImportFailure, match=r"^noise\.txt: not a text file"):
        read_file(write(tmp_path, "noise.txt", data))


@pytest.mark.parametrize("marker", ["**", "[", "~~", "_a", "*b"])
def test_pathological_markdown_imports_or_fails_cleanly(tmp_path: Path, marker: str) -> None:
    # 200,000 repeated markers: patterns that backtrack would never finish here
    path = write(tmp_path, "hostile.md", ("# " + marker * 200_000 + "\n\nUn paragraphe lisible.\n").encode())
    article = read_file(path)
    assert article.text.endswith("Un paragraphe lisible.")
