"""Plain text and Markdown files: encoding, front matter, light Markdown clean-up."""

from __future__ import annotations

import re
from pathlib import Path

from reader.domain import Article
from reader.importing.common import (
    ImportFailure,
    clean_text,
    content_hash,
    decode_text,
    first_line_title,
    iso_date,
    read_bytes,
)

MARKDOWN_SUFFIXES = (".md", ".markdown")

_KEY_LINE = re.compile(r"^([A-Za-z][\w-]*)\s*:(?:\s+(.*))?$")
_FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "source": ("source", "sitename", "site", "publisher"),
    "author": ("author", "authors", "by"),
    "published": ("date", "published", "pubdate"),
    "url": ("url", "link"),
}


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """A leading ``---`` block of ``key: value`` lines as a dict (keys lowercased), and the body."""
    if not text.startswith("---\n"):
        return {}, text
    lines = text.split("\n")
    end = next((i for i in range(1, min(len(lines), 80)) if lines[i].rstrip() in ("---", "...")), 0)
    if not end:
        return {}, text
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        if not line.strip() or line.lstrip().startswith("#") or line[0] in " \t-":
            continue  # blank, comment, or nested YAML this reader does not use
        match = _KEY_LINE.match(line)
        if not match:
            return {}, text  # not front matter: a Markdown rule followed by prose
        meta[match[1].lower()] = _unquote(match[2] or "")
    return meta, "\n".join(lines[end + 1 :])


def article_fields(meta: dict[str, str]) -> dict[str, str]:
    """Article field values from front-matter keys (first non-empty alias wins)."""
    fields: dict[str, str] = {}
    for field, keys in _FIELD_KEYS.items():
        value = next((meta[k].strip() for k in keys if meta.get(k, "").strip()), "")
        if field == "published":
            value = iso_date(value)
        elif field == "url" and not re.match(r"^https?://", value, re.IGNORECASE):
            value = ""
        if value:
            fields[field] = " ".join(value.split())
    return fields


# Spans are bounded so that a hostile file with long runs of markers stays linear.
# Rules of whole lines run only on the lines that start (after up to 3 spaces) with their marker.
_LINE_MARKERS = "#=-*_>"
_LINE_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$"), r"\1"),  # ATX heading
    (re.compile(r"^ {0,3}#{1,6}[ \t]*$"), ""),  # empty heading
    (re.compile(r"^ {0,3}(?:=+|-{3,}|\*{3,}|_{3,})[ \t]*$"), ""),  # setext underline, rule
    (re.compile(r"^ {0,3}> ?"), ""),  # block quote marker
)
# Rules inside lines come with the markers they cannot match without: most files skip most of them.
_INLINE_RULES: tuple[tuple[tuple[str, ...], re.Pattern[str], str], ...] = (
    (("![",), re.compile(r"!\[([^\[\]\n]{0,300})\]\([^)\n]{0,2000}\)"), r"\1"),  # image -> alt text
    (("](",), re.compile(r"\[([^\[\]\n]{1,300})\]\([^)\n]{0,2000}\)"), r"\1"),  # link -> its text
    (("`",), re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (("**", "__"), re.compile(r"(\*\*|__)(?=\S)([^\n]{1,300}?)(?<=\S)\1"), r"\2"),  # strong
    (("*",), re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^\n*]+?)(?<=[^\s*\\])\*(?![\w*])"), r"\1"),  # emphasis
    (("_",), re.compile(r"(?<![\w\\])_(?=[^\s_])([^\n_]+?)(?<=[^\s_])_(?!\w)"), r"\1"),
    (("~~",), re.compile(r"~~(?=\S)([^\n]{1,300}?)(?<=\S)~~"), r"\1"),
    (("\\",), re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])"), r"\1"),  # backslash escapes
)


def strip_markdown(text: str) -> str:
    """Plain readable text from Markdown: markers of headings, emphasis, links and code removed."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        head = line.lstrip(" ")
        if head[:1] and head[0] in _LINE_MARKERS and len(line) - len(head) <= 3:
            for pattern, replacement in _LINE_RULES:
                line = pattern.sub(replacement, line, count=1)
            lines[i] = line
    text = "\n".join(lines)
    for needed, pattern, replacement in _INLINE_RULES:
        if any(marker in text for marker in needed):
            text = pattern.sub(replacement, text)
    return text


def read_text_file(path: Path) -> Article:
    """Import a .txt or .md file (size already checked by the caller)."""
    raw = clean_text(decode_text(path, read_bytes(path)).replace("\r\n", "\n"))
    meta, body = split_front_matter(raw + "\n")
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        body = strip_markdown(body)
    text = clean_text(body)
    if not text.strip():
        raise ImportFailure(path, "no text found in the file")
    fields = article_fields(meta)
    return Article(
        title=fields.get("title") or first_line_title(text, path.stem),
        text=text,
        source=fields.get("source", ""),
        author=fields.get("author", ""),
        published=fields.get("published", ""),
        url=fields.get("url", ""),
        path=str(path),
        content_hash=content_hash(text),
    )
