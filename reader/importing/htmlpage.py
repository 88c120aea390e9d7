"""Saved news pages (.html): main text and metadata with trafilatura, offline, no scripts run."""

from __future__ import annotations

import logging
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

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

log = logging.getLogger(__name__)

# Blocks that point to other articles; trafilatura keeps them as if they were body text.
_RELATED_WORDS = (
    "read-also", "lire-aussi", "lireaussi", "readalso", "related", "read-more", "a-lire", "voir-aussi",
    "check-also", "also-read", "articles-lies", "more-stories",
)
_PRUNE_XPATH = [
    f"//*[contains(translate(@class,'ABCDEFGHIJKLMNOPQRSTUVWXYZ_','abcdefghijklmnopqrstuvwxyz-'),'{w}')"
    f" or contains(translate(@id,'ABCDEFGHIJKLMNOPQRSTUVWXYZ_','abcdefghijklmnopqrstuvwxyz-'),'{w}')]"
    for w in _RELATED_WORDS
] + ["//nav", "//footer", "//*[@role='navigation']"]
_RELATED_LINE = re.compile(
    r"^\W*(?:(?:à|a)\s+)?(?:lire|voir)\s+(?:aussi|également|egalement)\b"
    r"|^\W*(?:read|see)\s+(?:also|more)\b|^\W*sur le même sujet\b|^\W*check also\s*$|^\W*related\s*(?:articles|stories)?\s*:",
    re.IGNORECASE,
)
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(path: Path, data: bytes) -> str:
    """Decode with the page's declared charset when it has one and no BOM says otherwise."""
    match = _META_CHARSET.search(data[:4096])
    if match and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        encoding = match.group(1).decode("ascii").lower()
        if encoding not in ("utf-8", "utf8"):
            try:
                decode_text(path, data)  # the binary check
                return data.decode("cp1252" if encoding in ("iso-8859-1", "latin-1") else encoding)
            except (LookupError, UnicodeDecodeError):
                pass
    return decode_text(path, data)


def _drop_related(text: str, title: str) -> str:
    lines = [line for line in text.split("\n") if not (len(line) < 300 and _RELATED_LINE.match(line))]
    if lines and title and " ".join(lines[0].split()) == title:
        lines = lines[1:]  # the page heading repeats the title
    return "\n".join(lines)


class _VisibleText(HTMLParser):
    """Fallback: the text a browser would show, minus scripts, styles and page furniture."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form", "head"})
    _BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote", "pre"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


_BLOCK_TAGS = frozenset({
    "p", "div", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "blockquote", "pre", "figure", "aside", "header", "footer", "nav", "form",
})
_PROSE_END = re.compile(r"[.!?…»\"”)]\s*$")


def _prose_divs_as_paragraphs(tree: Any) -> Any:
    """A div holding a few sentences of its own, with no block inside, is a paragraph.

    Pages set their lead paragraph (chapô) that way; trafilatura reads paragraphs, not loose divs,
    so the lead was lost. Short labels and lists of links stay divs.
    """
    for div in tree.iter("div"):
        if any(isinstance(child.tag, str) and child.tag in _BLOCK_TAGS for child in div):
            continue
        own = " ".join(((div.text or "") + "".join(child.tail or "" for child in div)).split())
        if len(own.split()) >= 15 and _PROSE_END.search(own):
            div.tag = "p"
    return tree


def _trafilatura(html: str) -> Any:
    import trafilatura  # slow to import; only needed here
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return None
    return trafilatura.bare_extraction(
        _prose_divs_as_paragraphs(tree),
        include_comments=False,
        with_metadata=True,
        include_images=False,
        include_links=False,
        # Tables on news pages are layout and boxes around the article more often than data; with
        # recall favoured, an article set in layout tables is still found.
        include_tables=False,
        favor_recall=True,
        prune_xpath=_PRUNE_XPATH,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


_TAIL_LINE_MAX = 80
_TAIL_LINES_MAX = 10
# Lines never part of an article: photo credits, and lines that are mostly a web address (a viewer's
# toolbar, "share" links), wherever they stand.
_CREDIT_LINE = re.compile(r"^\W*(?:cr[ée]dits?\s+photos?|photos?\s*:|©)", re.IGNORECASE)
_URL = re.compile(r"https?://\S+")
# What marks a run of short lines after the article as an offer rather than its last words.
_OFFER = re.compile(
    r"\b(?:je m[’']abonne|abonnez-vous|s[’']abonner|abonnement|newsletter|sommaire|boutique)\b"
    r"|\d+[,.]\d{2}\s*(?:euros?\b|€)",
    re.IGNORECASE,
)


def _furniture_line(line: str) -> bool:
    if len(line) < 200 and _CREDIT_LINE.match(line):
        return True
    return sum(len(url) for url in _URL.findall(line)) > 0.5 * len(line.strip())


def _drop_tail_furniture(text: str) -> str:
    """Without photo credits and address lines, and without an offer (subscription, issue, price) after
    the last sentence."""
    lines = [line for line in text.rstrip().split("\n") if not _furniture_line(line)]
    tail = 0  # short lines after the last sentence
    while tail < min(_TAIL_LINES_MAX, len(lines) - 1):
        line = " ".join(lines[-1 - tail].split())
        if len(line) > _TAIL_LINE_MAX or _PROSE_END.search(line):
            break
        tail += 1
    if tail and any(_OFFER.search(line) for line in lines[len(lines) - tail :]):
        lines = lines[: len(lines) - tail]
    return "\n".join(lines)


def read_html_file(path: Path) -> Article:
    """Import a saved web page (size already checked by the caller); nothing is fetched."""
    html = _XML_INVALID.sub("", decode_html(path, read_bytes(path)))
    try:
        doc = _trafilatura(html)
    except Exception:  # a parser crash on a strange page must not stop the import: fall back to visible text
        log.warning("%s: the article extractor failed; importing the page's visible text", path, exc_info=True)
        doc = None
    meta: dict[str, str] = {}
    text = ""
    if doc is not None:
        for key in ("title", "author", "date", "sitename", "hostname", "url"):
            value = getattr(doc, key, None)
            meta[key] = " ".join(unescape(value).split()) if isinstance(value, str) else ""
        text = clean_text(_drop_tail_furniture(_drop_related(doc.text or "", meta["title"])))
    if not text:
        parser = _VisibleText()
        parser.feed(html)
        parser.close()
        meta.setdefault("title", " ".join(parser.title.split()))
        text = clean_text(_drop_related(parser.text(), meta.get("title", "")))
    if not text:
        raise ImportFailure(path, "no article text found")
    url = meta.get("url", "")
    return Article(
        title=meta.get("title") or first_line_title(text, path.stem),
        text=text,
        source=meta.get("sitename") or meta.get("hostname", ""),
        author=meta.get("author", ""),
        published=iso_date(meta.get("date", "")),
        url=url if re.match(r"^https?://", url, re.IGNORECASE) else "",
        path=str(path),
        content_hash=content_hash(text),
    )
