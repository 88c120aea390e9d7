"""The core stays free of Qt: everything outside reader/ui/ must run without PySide6."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "reader"
ENTRY_POINTS = {"cli.py", "__main__.py"}  # they open the window on request, by a deferred import


def qt_imports(path: Path, root: Path = PACKAGE) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found += [f"{path.relative_to(root)}:{node.lineno} {n}" for n in names
                  if n.split(".")[0] == "PySide6" or n.startswith("reader.ui")]
    return found


def test_no_core_module_imports_qt_or_the_ui() -> None:
    core = [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts and p.name not in ENTRY_POINTS]
    assert len(core) > 20
    offenders = [hit for path in core for hit in qt_imports(path)]
    assert offenders == []


def test_the_probe_sees_a_qt_import(tmp_path: Path) -> None:
    bad = tmp_path / "probe.py"
    bad.write_text("import json\n\ndef f():\n    from PySide6.QtCore import QObject\n", encoding="utf-8")
    assert qt_imports(bad, tmp_path) == ["probe.py:4 PySide6.QtCore"]
