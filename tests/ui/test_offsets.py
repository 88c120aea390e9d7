"""Python str offsets and QTextDocument positions meet in one place; emoji must not shift highlights."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import format_at, text_under_annotation

from reader import anchoring
from reader.domain import Annotation, Article
from reader.entities.model import EntitySpan
from reader.store import Store
from reader.ui.highlighting import OffsetMap
from reader.ui.theme import Palette

TEXT = "Réaction 😀👍🏽 à Bakou : 𝔘𝔫 président, Ilham Aliyev, a parlé.\nSuite 🇫🇷 du texte avec Ilham Aliyev."


def test_offset_map_round_trip() -> None:
    offsets = OffsetMap(TEXT)
    for i in range(len(TEXT) + 1):
        assert offsets.to_py(offsets.to_qt(i)) == i
    at = TEXT.index("Ilham")
    assert offsets.to_qt(at) == len(TEXT[:at].encode("utf-16-le")) // 2
    assert offsets.qt_length() == len(TEXT.encode("utf-16-le")) // 2


def test_highlight_after_emoji_covers_its_quote(open_window, tmp_path: Path) -> None:
    path = tmp_path / "emoji.sqlite"
    with Store(path) as store:
        article_id, _ = store.articles.add(Article("Émojis", TEXT, source="Test", content_hash="e"))
        start = TEXT.index("Ilham Aliyev")
        store.entities.set_mentions(article_id, [EntitySpan(start, start + 12, "PER", "Ilham Aliyev", "Ilham Aliyev")])
        last = TEXT.rindex("Ilham Aliyev")
        anchor = anchoring.describe(TEXT, last, last + 12)
        ann_id, _ = store.annotations.add(Annotation(article_id, anchor, color="green", start=last, end=last + 12))
    window = open_window(path)
    window.open_article(article_id)
    assert text_under_annotation(window, ann_id) == "Ilham Aliyev"
    assert format_at(window, start).underlineColor() == Palette(False).entity("PER")
    assert format_at(window, start - 2).underlineColor() != Palette(False).entity("PER")
    # a selection made in the widget comes back as str offsets, and a highlight lands on it
    assert window.article_view.select_text("président")
    assert window.selected_range() == (TEXT.index("président"), TEXT.index("président") + 9)
    new_id = window.notes.highlight("purple")
    assert window.session.store.annotations.get(new_id).anchor.exact == "président"
    assert text_under_annotation(window, new_id) == "président"
