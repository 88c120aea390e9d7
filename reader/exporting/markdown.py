"""Markdown notes for Obsidian and Zotero: YAML front matter, quotes with colours and tags, wiki links.

One article goes to one ``.md`` file. Several articles go to a folder with one ``<title>.md`` each;
a link to another exported note is an Obsidian wiki link to its block, ``[[Title#^ann-<uuid>]]``,
and every quote block carries its ``^ann-<uuid>`` block id so those links land on it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from reader.domain import Annotation, Link, LinkEnd, clean_note_text
from reader.exporting.common import (
    block_id,
    end_quote,
    file_stems,
    link_direction,
    safe_stem,
    shorten,
    write_text,
)
from reader.exporting.scope import ArticleNotes, ExportError, ExportSet
from reader.importing.w3c import article_iri

SWATCH = {"yellow": "🟨", "red": "🟥", "green": "🟩", "blue": "🟦", "purple": "🟪"}
TYPE_NAMES = {"PER": "People", "ORG": "Organisations", "LOC": "Places", "DATE": "Dates", "MISC": "Other"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~=$&])")
_LINE_START = re.compile(r"^(\s*)([-+]|\d+[.)])(\s)", re.MULTILINE)


def escape(text: str) -> str:
    """Article text shown literally: no emphasis, links, HTML or lists sneak in."""
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2) + m.group(3), _MD_SPECIAL.sub(r"\\\1", text))


# Code stays as written (it is shown as code, not run). Conservative: anything that is not surely code
# (a backslash before the backticks, a backtick in a fence's info string) is treated as prose and escaped.
_CODE = re.compile(r"(^ {0,3}(?P<fence>`{3,}|~{3,})[^`\n]*\n.*?^ {0,3}(?P=fence)[`~]*[ \t]*$"
                   r"|(?<![`\\])(?P<ticks>`+)(?!`)[^\n]+?(?<!`)(?P=ticks)(?!`))", re.DOTALL | re.MULTILINE)
_LT = re.compile(r"(\\*)<")
_UNSAFE_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*<?\s*((?:javascript|vbscript|data)\s*:[^)\n]*)\)", re.IGNORECASE)
_UNSAFE_REF = re.compile(r"^(\s*)\[([^\]\n]*)\]:(\s*<?\s*(?:javascript|vbscript|data)\s*:.*)$",
                         re.IGNORECASE | re.MULTILINE)


def inert(note: str) -> str:
    """A Markdown note that cannot act in a viewer: raw HTML comes out as text, javascript:/data:/vbscript:
    links as text, images as plain links (no remote load); code spans and blocks stay as written."""
    note = clean_note_text(note)
    out, at = [], 0
    for m in _CODE.finditer(note) if "`" in note or "~~~" in note else ():
        out += [_inert_prose(note[at:m.start()]), m.group(0)]
        at = m.end()
    return "".join([*out, _inert_prose(note[at:])])


def _inert_prose(text: str) -> str:
    if not any(c in text for c in "<[:"):  # most of a long note: nothing to make inert
        return text
    text = _UNSAFE_LINK.sub(lambda m: f"{escape(m.group(2))} ({escape(m.group(3).strip())})", text)
    text = _UNSAFE_REF.sub(lambda m: f"{m.group(1)}\\[{escape(m.group(2))}\\]:{escape(m.group(3))}", text)
    text = text.replace("![", "[")  # an image would load from anywhere; a link loads nothing
    # every < not already escaped: an even run of backslashes before it escapes only themselves
    return _LT.sub(lambda m: m.group(1) + ("\\" if len(m.group(1)) % 2 == 0 else "") + "<", text)


def guillemets(quote: str) -> str:
    return quote if quote.startswith("«") else f"« {quote} »"


def titled_quote(title: str, quote: str) -> str:
    """"Title: « quote »", without a title's own full stop or colon doubling the colon ("Russie.: «")."""
    title = title.rstrip()
    if title.endswith(("?", "!", "…")):
        return f"{title} {guillemets(quote)}"
    return f"{title.rstrip('.:;,')}: {guillemets(quote)}"


def yaml_scalar(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(value, ensure_ascii=False)


def obsidian_tag(tag: str) -> str:
    return re.sub(r"[^\w/-]+", "-", tag.strip().lstrip("#")).strip("-") or "tag"


def _wiki_alias(text: str) -> str:
    return re.sub(r"[\[\]|#^]", " ", " ".join(text.split()))


def front_matter(export: ExportSet, item: ArticleNotes) -> str:
    a = item.article
    tags = sorted({t for ann in item.annotations for t in ann.tags}, key=str.casefold)
    fields = [("title", yaml_scalar(a.title))]
    if a.source:
        fields.append(("source", yaml_scalar(a.source)))
    if a.url:
        fields.append(("url", yaml_scalar(a.url)))
    if a.author:
        fields.append(("author", yaml_scalar(a.author)))
    if a.published:
        fields.append(("date", yaml_scalar(a.published)))
    fields.append(("tags", "[" + ", ".join(yaml_scalar(obsidian_tag(t)) for t in tags) + "]"))
    fields.append(("entities", "[" + ", ".join(yaml_scalar(e.name) for e in item.entities()) + "]"))
    fields.append(("id", yaml_scalar(article_iri(a))))
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields) + "---\n"


class MarkdownWriter:
    """Renders the notes of an export; ``stems`` name each article's file for the wiki links."""

    def __init__(self, export: ExportSet) -> None:
        self.export = export
        self.stems = file_stems(export)

    def article(self, item: ArticleNotes) -> str:
        a = item.article
        out = [front_matter(self.export, item), f"\n# {escape(a.title)}\n"]
        meta = [escape(x) for x in (a.source, a.author, a.published) if x]
        if a.url:
            meta.append(f"<{a.url}>" if " " not in a.url and ">" not in a.url else escape(a.url))
        if meta:
            out.append("\n" + " · ".join(meta) + "\n")
        out.append("\n## Notes\n")
        if not item.annotations:
            out.append("\n*No notes.*\n")
        for ann in item.annotations:
            out.append(self.annotation(item, ann))
        loose = self.export.article_links(item.id)
        if loose:
            out.append("\n## Links\n\n")
            out.extend(self.link_line(link, None, item) for link in loose)
        entities = item.entities()
        if entities:
            out.append("\n## Entities\n\n")
            for type_ in TYPE_NAMES:
                names = [f"{escape(e.name)} ({e.count})" for e in entities if e.type == type_]
                if names:
                    out.append(f"- **{TYPE_NAMES[type_]}**: " + ", ".join(names) + "\n")
        return "".join(out)

    def annotation(self, item: ArticleNotes, ann: Annotation) -> str:
        quote = "\n".join("> " + escape(line) if line.strip() else ">" for line in ann.anchor.exact.split("\n"))
        meta = [f"{SWATCH.get(ann.color, '')} {ann.color}".strip()]
        meta += ["#" + obsidian_tag(t) for t in ann.tags]
        if ann.orphan:
            meta.append("*(passage no longer found in the article)*")
        parts = [f"\n{quote}\n\n^{block_id(ann.uuid)}\n\n", " · ".join(meta) + "\n"]
        if ann.note.strip():
            # Another tool's plain-text note stays as written: its * and _ are not emphasis.
            text = clean_note_text(ann.note.strip())
            note = escape(text) if ann.origin.format == "text/plain" else inert(text)
            parts.append("\n" + note + "\n")
        assert ann.id is not None
        links = self.export.links_of(ann.id)
        if links:
            # The "Links:" line ends any list the note finished with, so the two lists stay apart.
            parts.append("\nLinks:\n\n" + "".join(self.link_line(link, ann.id, item) for link in links))
        return "".join(parts)

    def link_line(self, link: Link, annotation_id: int | None, item: ArticleNotes) -> str:
        arrow, other = link_direction(link, annotation_id, item.id)
        text = f"- {arrow} {self.reference(other, item)}"
        if link.label:
            text += f" — *{escape(link.label)}*"
        if link.note.strip():
            text += ": " + inert(" ".join(link.note.split()))
        return text + "\n"

    def reference(self, end: LinkEnd, here: ArticleNotes) -> str:
        title = self.export.titles.get(end.article_id, f"article {end.article_id}")
        quote = end_quote(self.export, end)
        shown = titled_quote(title, shorten(quote, 60)) if quote else title
        found = self.export.exported_annotation(end.annotation_id)
        if end.article_id not in self.stems:
            # Not part of this export: a link to the note that article gets when it is exported too,
            # so a vault filled one export at a time links up (Obsidian offers to create it meanwhile).
            stem = safe_stem(title)
            return f"[[{stem}|{_wiki_alias(shown)}]]" if stem else escape(shown)
        # Same article: a bare block link, so it still works when the file was given another name.
        page = "" if end.article_id == here.id else self.stems[end.article_id]
        if found:
            return f"[[{page}#^{block_id(found[1].uuid)}|{_wiki_alias(shown)}]]"
        return f"[[{page}|{_wiki_alias(shown)}]]" if page else escape(shown)


def render(export: ExportSet) -> dict[str, str]:
    """File name -> Markdown for every exported article."""
    writer = MarkdownWriter(export)
    return {writer.stems[item.id] + ".md": writer.article(item) for item in export.items}


def preview(export: ExportSet) -> str:
    """The Markdown of the first article, for the export dialog."""
    if not export.items:
        return ""
    return MarkdownWriter(export).article(export.items[0])


def write(export: ExportSet, path: Path) -> list[Path]:
    """``x.md``: one article in one file; any other path: a folder with one ``.md`` per article."""
    path = Path(path)
    files = render(export)
    if path.suffix.lower() == ".md":
        if len(files) != 1:
            raise ExportError(f"{len(files)} articles make {len(files)} notes: give a folder, not {path.name}")
        write_text(path, next(iter(files.values())))
        return [path]
    if path.exists() and not path.is_dir():
        raise ExportError(f"{path} is a file; Markdown notes of several articles go into a folder")
    written = []
    for name, text in files.items():
        write_text(path / name, text)
        written.append(path / name)
    return written
