"""The library's SQLite schema and its numbered migrations (PRAGMA user_version)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

FTS_TOKENIZE = "unicode61 remove_diacritics 2"

V1 = f"""
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    path TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX articles_hash ON articles(content_hash);
CREATE INDEX articles_path ON articles(path);
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    UNIQUE(name, type)
);
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'model'
);
CREATE INDEX mentions_article ON mentions(article_id, start);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE TABLE annotations (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    exact TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    pos_start INTEGER NOT NULL,
    pos_end INTEGER NOT NULL,
    start INTEGER,
    "end" INTEGER,
    color TEXT NOT NULL DEFAULT 'yellow',
    note TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE INDEX annotations_article ON annotations(article_id);
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE);
CREATE TABLE annotation_tags (
    annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (annotation_id, tag_id)
);
CREATE TABLE links (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    src_article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    src_annotation INTEGER REFERENCES annotations(id) ON DELETE CASCADE,
    src_exact TEXT, src_prefix TEXT, src_suffix TEXT, src_start INTEGER, src_end INTEGER,
    dst_article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    dst_annotation INTEGER REFERENCES annotations(id) ON DELETE CASCADE,
    dst_exact TEXT, dst_prefix TEXT, dst_suffix TEXT, dst_start INTEGER, dst_end INTEGER,
    label TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL
);
CREATE INDEX links_src ON links(src_article);
CREATE INDEX links_dst ON links(dst_article);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='id', tokenize='{FTS_TOKENIZE}'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
"""

# v2: user corrections of entities, and full-text search over annotation quotes and notes.
V2 = f"""
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
    text TEXT NOT NULL DEFAULT '',
    start INTEGER,
    "end" INTEGER,
    type TEXT NOT NULL DEFAULT '',
    entity TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL DEFAULT ''
);
CREATE INDEX corrections_article ON corrections(article_id);
CREATE VIRTUAL TABLE annotations_fts USING fts5(
    exact, note, content='annotations', content_rowid='id', tokenize='{FTS_TOKENIZE}'
);
CREATE TRIGGER annotations_ai AFTER INSERT ON annotations BEGIN
    INSERT INTO annotations_fts(rowid, exact, note) VALUES (new.id, new.exact, new.note);
END;
CREATE TRIGGER annotations_ad AFTER DELETE ON annotations BEGIN
    INSERT INTO annotations_fts(annotations_fts, rowid, exact, note) VALUES ('delete', old.id, old.exact, old.note);
END;
CREATE TRIGGER annotations_au AFTER UPDATE OF exact, note ON annotations BEGIN
    INSERT INTO annotations_fts(annotations_fts, rowid, exact, note) VALUES ('delete', old.id, old.exact, old.note);
    INSERT INTO annotations_fts(rowid, exact, note) VALUES (new.id, new.exact, new.note);
END;
INSERT INTO annotations_fts(annotations_fts) VALUES ('rebuild');
"""


# v3: the article list sorts and shows rows from indexes, without reading past the long text column.
V3 = """
CREATE INDEX articles_list ON articles(id, title, source, author, published);
CREATE INDEX articles_by_published ON articles(published, id);
CREATE INDEX articles_by_title ON articles(title COLLATE NOCASE, id);
CREATE INDEX articles_by_source ON articles(source COLLATE NOCASE, id);
"""


# v4: facts about the library itself (e.g. that the bundled articles were offered once), and the
# (entity, article) pairs that unlinked mentions and the entity index count, read from an index alone.
V4 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE INDEX mentions_entity_article ON mentions(entity_id, article_id);
"""



# v5: what other tools said about the notes brought in from them (see domain.Origin): their id as
# ``via``, creator, the document they annotated, language and format of the note, the entity type
# and identifier of the passage, and why a note could not be placed.
V5 = """
ALTER TABLE annotations ADD COLUMN via TEXT NOT NULL DEFAULT '';
ALTER TABLE annotations ADD COLUMN creator TEXT NOT NULL DEFAULT '';
ALTER TABLE annotations ADD COLUMN source_uri TEXT NOT NULL DEFAULT '';
ALTER TABLE annotations ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE annotations ADD COLUMN format TEXT NOT NULL DEFAULT '';
ALTER TABLE annotations ADD COLUMN entity_type TEXT NOT NULL DEFAULT '';
ALTER TABLE annotations ADD COLUMN identifier TEXT NOT NULL DEFAULT '';
ALTER TABLE annotations ADD COLUMN unplaced TEXT NOT NULL DEFAULT '';
"""


# v6: a bare surname linked to the one full name the library knows for it, and why (shown to the reader).
V6 = """
CREATE TABLE name_links (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    surface TEXT NOT NULL,
    entity TEXT NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (article_id, surface)
);
"""


# v7: each entity carries the number of articles naming it (its document frequency) and of its mentions,
# kept exact by triggers on every write path (cascades included), so ranking by rarity and the entity
# index read a few rows instead of counting the whole mentions table.
V7 = """
ALTER TABLE entities ADD COLUMN articles INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN mentions INTEGER NOT NULL DEFAULT 0;
UPDATE entities SET articles = (SELECT count(DISTINCT article_id) FROM mentions m WHERE m.entity_id = entities.id),
    mentions = (SELECT count(*) FROM mentions m WHERE m.entity_id = entities.id);
CREATE INDEX entities_by_mentions ON entities(mentions DESC, name);
CREATE TRIGGER mentions_counts_ai AFTER INSERT ON mentions BEGIN
    UPDATE entities SET mentions = mentions + 1, articles = articles + NOT EXISTS (
        SELECT 1 FROM mentions m WHERE m.entity_id = new.entity_id AND m.article_id = new.article_id AND m.id != new.id)
    WHERE id = new.entity_id;
END;
CREATE TRIGGER mentions_counts_ad AFTER DELETE ON mentions BEGIN
    UPDATE entities SET mentions = mentions - 1, articles = articles - NOT EXISTS (
        SELECT 1 FROM mentions m WHERE m.entity_id = old.entity_id AND m.article_id = old.article_id)
    WHERE id = old.entity_id;
END;
CREATE TRIGGER mentions_counts_au AFTER UPDATE OF entity_id, article_id ON mentions
WHEN old.entity_id != new.entity_id OR old.article_id != new.article_id BEGIN
    UPDATE entities SET mentions = mentions - 1, articles = articles - NOT EXISTS (
        SELECT 1 FROM mentions m WHERE m.entity_id = old.entity_id AND m.article_id = old.article_id)
    WHERE id = old.entity_id;
    UPDATE entities SET mentions = mentions + 1, articles = articles + NOT EXISTS (
        SELECT 1 FROM mentions m WHERE m.entity_id = new.entity_id AND m.article_id = new.article_id AND m.id != new.id)
    WHERE id = new.entity_id;
END;
"""


# v8: whether each article's entity recognition ran, and with what (model, gazetteer, rules: see
# reader.entities.pipeline.pipeline_version). status: pending (stored, not yet recognised: an import
# killed or cancelled there), done, failed (with the error), skipped (imported with --no-entities).
V8 = """
CREATE TABLE recognition (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    version TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    updated TEXT NOT NULL DEFAULT ''
);
CREATE INDEX recognition_status ON recognition(status, version);
"""


def _v8(conn: sqlite3.Connection) -> None:
    """Articles already in: with mentions, recognised (under today's version: nothing says otherwise);
    without any, pending, since an interrupted import, --no-entities and a text naming no one cannot be
    told apart, and recognising one more time loses nothing (corrections are replayed)."""
    from reader.entities.pipeline import pipeline_version

    _script(V8)(conn)
    conn.execute("INSERT INTO recognition (article_id, status, version) SELECT a.id, CASE WHEN EXISTS "
                 "(SELECT 1 FROM mentions m WHERE m.article_id = a.id) THEN 'done' ELSE 'pending' END, "
                 "CASE WHEN EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id) THEN ? ELSE '' END "
                 "FROM articles a", (pipeline_version(),))


def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        for statement in _split(sql):
            conn.execute(statement)

    return run


def _split(sql: str) -> list[str]:
    """Split a script into statements, keeping trigger bodies whole."""
    out: list[str] = []
    buf: list[str] = []
    depth = 0
    for line in sql.strip().splitlines():
        buf.append(line)
        upper = line.strip().upper()
        if upper.startswith("CREATE TRIGGER"):
            depth += 1
        if upper == "END;":
            depth -= 1
        if depth == 0 and line.rstrip().endswith(";"):
            out.append("\n".join(buf))
            buf = []
    if buf and "".join(buf).strip():
        out.append("\n".join(buf))
    return out


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _script(V1), _script(V2), _script(V3), _script(V4), _script(V5), _script(V6), _script(V7), _v8,
]
SCHEMA_VERSION = len(MIGRATIONS)
