"""The shape of the package holds: the core stays free of Qt, the layers only import downwards, no circles."""

from __future__ import annotations

import ast
import graphlib
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reader"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
# They open the window on request, by a deferred import.
ENTRY_POINTS = {"cli/__init__.py", "__main__.py"}


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
    core = [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts
            and p.relative_to(PACKAGE).as_posix() not in ENTRY_POINTS]
    assert len(core) > 20
    offenders = [hit for path in core for hit in qt_imports(path)]
    assert offenders == []


def test_the_probe_sees_a_qt_import(tmp_path: Path) -> None:
    bad = tmp_path / "probe.py"
    bad.write_text("import json\n\ndef f():\n    from PySide6.QtCore import QObject\n", encoding="utf-8")
    assert qt_imports(bad, tmp_path) == ["probe.py:4 PySide6.QtCore"]


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports on the package in ``project`` with its pyproject.toml, nothing else on the path."""
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=project, capture_output=True, text=True,
                          env={"PYTHONPATH": str(project), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}, timeout=300)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    shutil.copytree(PACKAGE, tmp_path / "reader", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.mark.parametrize(("module", "bad_import"), [
    ("domain.py", "import reader.store"),  # the plain core reaching up into the store
    ("store/__init__.py", "from reader.exporting import FORMATS"),  # the store reaching into exports
    ("exporting/common.py", "import reader.cli"),  # an export reaching into the command line
])
def test_an_import_against_the_layers_breaks_the_contract(project_copy: Path, module: str, bad_import: str) -> None:
    kept = lint_imports(project_copy)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    path = project_copy / "reader" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{bad_import}  # noqa\n", encoding="utf-8")
    broken = lint_imports(project_copy)
    assert broken.returncode != 0
    assert "Layers: cli > ui" in broken.stdout and "BROKEN" in broken.stdout
    assert f"reader.{module.removesuffix('.py').removesuffix('/__init__').replace('/', '.')}" in broken.stdout


def import_cycle(package: str = "reader") -> list[str]:
    """Modules that import each other in a circle, directly or through others; [] if none.

    Imports made only for type hints count too: a window part that imports the window back for its type
    is still a circle a reader has to untangle."""
    graph = grimp.build_graph(package)
    imports = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    try:
        graphlib.TopologicalSorter(imports).prepare()
    except graphlib.CycleError as exc:
        return list(exc.args[1])
    return []


def test_no_import_circle_in_the_package() -> None:
    assert import_cycle() == []


def test_the_circle_probe_sees_a_circle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "probe"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text("from probe import b\n", encoding="utf-8")
    (package / "b.py").write_text("def f():\n    from probe import c\n", encoding="utf-8")
    (package / "c.py").write_text("import probe.a\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    cycle = import_cycle("probe")
    assert cycle[0] == cycle[-1] and sorted(set(cycle)) == ["probe.a", "probe.b", "probe.c"]


MAX_LINES = 450  # "about 400": past that, a module becomes a package


def test_no_module_is_over_about_400_lines() -> None:
    sizes = {p.relative_to(PACKAGE).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
             for p in PACKAGE.rglob("*.py")}
    assert len(sizes) > 50
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def test_the_circle_probe_sees_a_circle_made_for_type_hints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "hinted"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "window.py").write_text("from hinted import panel\n", encoding="utf-8")
    (package / "panel.py").write_text(
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from hinted.window import Window\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert sorted(set(import_cycle("hinted"))) == ["hinted.panel", "hinted.window"]
