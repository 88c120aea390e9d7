"""Helpers shared by the exporters: file names, block ids, link descriptions, safe writes."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from reader.domain import Link, LinkEnd
from reader.exporting.scope import ExportError, ExportSet
from reader.exporting.target import check_target, resolved
from reader.importing.w3c import ANNOTATION_URN

_FILE_UNSAFE = re.compile(r'[\\/:*?"<>|#^\[\]\x00-\x1f]+')


def block_id(uuid: str) -> str:
    """An Obsidian block id (letters, digits and dashes) for an annotation."""
    return "ann-" + re.sub(r"[^A-Za-z0-9-]+", "-", uuid.removeprefix(ANNOTATION_URN)).strip("-")


def safe_stem(text: str, limit: int = 100) -> str:
    """A file name (without extension) from a title: no path or wiki-link characters."""
    return " ".join(_FILE_UNSAFE.sub(" ", text).split()).strip(". ")[:limit].rstrip()


def file_stems(export: ExportSet) -> dict[int, str]:
    """One distinct, file-system and wiki-link safe name per exported article."""
    stems: dict[int, str] = {}
    taken: set[str] = set()
    for item in export.items:
        base = safe_stem(item.article.title) or f"article-{item.id}"
        stem, n = base, 2
        while stem.casefold() in taken:
            stem, n = f"{base} ({n})", n + 1
        taken.add(stem.casefold())
        stems[item.id] = stem
    return stems


def link_direction(link: Link, annotation_id: int | None, article_id: int) -> tuple[str, LinkEnd]:
    """("→", other end) when the link leaves this annotation/article, ("←", other end) when it arrives."""
    if annotation_id is not None:
        outgoing = link.source.annotation_id == annotation_id
    else:
        outgoing = link.source.article_id == article_id and link.source.annotation_id is None
    return ("→", link.target) if outgoing else ("←", link.source)


def end_quote(export: ExportSet, end: LinkEnd) -> str:
    """The passage a link end points at, or "" for a whole article."""
    found = export.exported_annotation(end.annotation_id)
    if found is not None:
        return found[1].anchor.exact
    return end.anchor.exact if end.anchor is not None else ""


def shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file in the same folder, so a failed export leaves no half file.

    The target passes the guard first (never a library or any SQLite file). A symlink is written
    through: the file it points at gets the new content and the link stays. An existing file keeps
    its permissions.
    """
    check_target(path)
    path = Path(path)
    real = resolved(path) if path.is_symlink() or path.exists() else path
    folder = real.parent if str(real.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".part", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise ExportError(f"cannot write to {folder}: {exc.strerror or exc}") from exc
    try:
        write(Path(tmp))
        try:
            mode = stat.S_IMODE(os.stat(real).st_mode)
        except OSError:  # a new file: an ordinary one (mkstemp makes it private)
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        check_target(path)  # again just before the replace: the file may have changed meanwhile
        os.replace(tmp, real)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: Path, text: str) -> None:
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))
