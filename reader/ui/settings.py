"""What the window remembers between runs (QSettings, organisation and application "reader")."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

DEFAULT_FONT_SIZE = 12
MIN_FONT_SIZE, MAX_FONT_SIZE = 8, 32


class Settings:
    """Typed access to the few values the window keeps."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.q = settings or QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "reader", "reader")

    def _get(self, key: str, default: Any, type_: type) -> Any:
        value = self.q.value(key, default)
        if value is None or value == "":
            return default
        try:
            return type_(value)
        except (TypeError, ValueError):
            return default

    def bytes(self, key: str) -> QByteArray | None:
        value = self.q.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set(self, key: str, value: Any) -> None:
        self.q.setValue(key, value)

    @property
    def font_size(self) -> int:
        return max(MIN_FONT_SIZE, min(MAX_FONT_SIZE, int(self._get("view/font_size", DEFAULT_FONT_SIZE, int))))

    @font_size.setter
    def font_size(self, size: int) -> None:
        self.set("view/font_size", int(size))

    @property
    def theme(self) -> str:
        value = str(self._get("view/theme", "system", str))
        return value if value in ("system", "light", "dark") else "system"

    @theme.setter
    def theme(self, name: str) -> None:
        self.set("view/theme", name)

    @property
    def hidden_types(self) -> frozenset[str]:
        raw = str(self._get("view/hidden_entity_types", "", str))
        return frozenset(t for t in raw.split(",") if t)

    @hidden_types.setter
    def hidden_types(self, types: frozenset[str]) -> None:
        self.set("view/hidden_entity_types", ",".join(sorted(types)))

    @property
    def strong_entities(self) -> bool:
        return str(self._get("view/strong_entities", "false", str)).lower() == "true"

    @strong_entities.setter
    def strong_entities(self, on: bool) -> None:
        self.set("view/strong_entities", "true" if on else "false")

    def last_article(self, db_path: str) -> tuple[int | None, int]:
        """The article open at the last close of this library, and its scroll position."""
        if self._get("session/library", "", str) != db_path:
            return None, 0
        article = self._get("session/article", 0, int)
        return (article or None), int(self._get("session/scroll", 0, int))

    def set_last_article(self, db_path: str, article_id: int | None, scroll: int) -> None:
        self.set("session/library", db_path)
        self.set("session/article", article_id or 0)
        self.set("session/scroll", int(scroll))

    @property
    def damaged_libraries(self) -> frozenset[str]:
        """Libraries a check found damaged: opened read-only until a check passes."""
        raw = str(self._get("library/damaged", "", str))
        return frozenset(p for p in raw.split("\n") if p)

    def mark_damaged(self, db_path: str, damaged: bool) -> None:
        paths = set(self.damaged_libraries)
        (paths.add if damaged else paths.discard)(db_path)
        self.set("library/damaged", "\n".join(sorted(paths)))
        self.q.sync()

    def sync(self) -> None:
        self.q.sync()
