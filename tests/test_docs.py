"""docs/architecture.md names only code that exists: every path, file:function and dotted name resolves."""

from __future__ import annotations

import argparse
import ast
import importlib
import re
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"

PATH = re.compile(r"(?<![\w./])reader/(?:\w+/)*(?:\w+\.py\b|\w*/?)")
BACKTICKED = re.compile(r"`([^`\n]+)`")
FILE_QUALNAME = re.compile(r"^(reader/[\w/]+\.py):([A-Za-z_][\w.]*)$")
MODULE_QUALNAME = re.compile(r"^(reader(?:\.\w+)*):([A-Za-z_][\w.]*)$")
DOTTED = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")
# Dotted names that are files of the repository rather than Python names.
FILE_SUFFIXES = {"md", "toml", "txt", "py", "spec", "tsv", "qss", "svg", "cfg", "yaml", "yml", "ini", "png"}


def module_path(module: str, root: Path = ROOT) -> Path | None:
    """The file of a module of the package (``reader.ui.session`` -> reader/ui/session.py), or None."""
    base = root.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _names(body: list[ast.stmt]) -> dict[str, ast.AST]:
    """What a module or class body defines: functions, classes, assigned and annotated names, imports."""
    found: dict[str, ast.AST] = {}
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found[node.name] = node
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            found[node.target.id] = node
        elif isinstance(node, ast.ImportFrom | ast.Import):
            for alias in node.names:
                found[(alias.asname or alias.name).split(".")[0]] = node
        elif isinstance(node, ast.If):  # TYPE_CHECKING blocks and the like
            found.update(_names(node.body))
    return found


def _instance_attributes(cls: ast.ClassDef) -> set[str]:
    """Names a class's methods assign on ``self``."""
    return {target.attr for node in ast.walk(cls) if isinstance(node, ast.Assign | ast.AnnAssign)
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"}


def _imported(node: ast.ImportFrom | ast.Import, name: str, module: str) -> tuple[str, list[str]] | None:
    """Where an imported name comes from: (module, [name]) or (module, []) for a module itself."""
    if isinstance(node, ast.Import):
        return None
    package = module.rsplit(".", 1)[0] if node.level else ""
    source = (package + "." + node.module if node.level and node.module else node.module or package)
    if not source.startswith("reader"):
        return None
    for alias in node.names:
        if (alias.asname or alias.name) == name:
            if module_path(f"{source}.{alias.name}") is not None:
                return f"{source}.{alias.name}", []
            return source, [alias.name]
    return None


def defines(module: str, qualname: list[str], root: Path = ROOT, depth: int = 0) -> bool:
    """Whether ``module`` defines ``qualname`` (a name, or Class.attribute, or an imported name's attribute)."""
    path = module_path(module, root)
    if path is None or depth > 8:
        return False
    if not qualname:
        return True
    found = _names(_tree(path).body).get(qualname[0])
    if found is None:
        return False
    if isinstance(found, ast.ImportFrom | ast.Import):
        origin = _imported(found, qualname[0], module)
        return origin is not None and defines(origin[0], origin[1] + qualname[1:], root, depth + 1)
    return _has_members(module, found, qualname[1:], root, depth)


def _has_members(module: str, node: ast.AST, rest: list[str], root: Path, depth: int) -> bool:
    if not rest:
        return True
    if not isinstance(node, ast.ClassDef):
        return False
    members = _names(node.body)
    if rest[0] in members:
        return _has_members(module, members[rest[0]], rest[1:], root, depth)
    if rest[0] in _instance_attributes(node) and len(rest) == 1:
        return True
    # Inherited: look the member up in the base classes the module can name.
    return any(isinstance(base, ast.Name) and defines(module, [base.id, *rest], root, depth + 1)
               for base in node.bases)


def all_modules(root: Path = ROOT) -> list[str]:
    return sorted(".".join(p.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
                  for p in (root / "reader").rglob("*.py"))


def resolves(reference: str, root: Path = ROOT) -> bool:
    """Whether a name written in the docs exists in the code (see ``problems`` for the forms)."""
    if m := FILE_QUALNAME.match(reference):
        return defines(".".join(Path(m[1]).with_suffix("").parts).removesuffix(".__init__"), m[2].split("."), root)
    if m := MODULE_QUALNAME.match(reference):
        return defines(m[1], m[2].split("."), root)
    parts = reference.split(".")
    if parts[0] in sys.stdlib_module_names:  # html.escape
        found: object = importlib.import_module(parts[0])
        for part in parts[1:]:
            if not hasattr(found, part):
                return False
            found = getattr(found, part)
        return True
    if parts[0] == "reader":  # reader.a.b.Name.attr: the longest module prefix, then names inside it
        return any(module_path(".".join(parts[:n]), root) is not None and defines(".".join(parts[:n]), parts[n:], root)
                   for n in range(len(parts), 0, -1))
    # A short name (Session.changed): defined at the top of some module of the package.
    return any(defines(module, parts, root) for module in all_modules(root))


def references(text: str) -> tuple[set[str], set[str]]:
    """The paths under reader/ named anywhere, and the backticked names to check."""
    paths = {m.group(0) for m in PATH.finditer(text)}
    names: set[str] = set()
    for span in BACKTICKED.findall(text):
        span = span.strip().removesuffix("()")
        python_name = DOTTED.match(span) and span.rsplit(".", 1)[1] not in FILE_SUFFIXES
        if FILE_QUALNAME.match(span) or MODULE_QUALNAME.match(span) or python_name:
            names.add(span)
        elif DOTTED.match(span):
            paths.add(span)  # a file of the repository named in backticks (pyproject.toml)
    return paths, names


def problems(text: str, root: Path = ROOT) -> list[str]:
    """Every path or name in ``text`` that the code does not have, one line each."""
    paths, names = references(text)
    missing = [f"no such file or folder: {p}" for p in sorted(paths) if not (root / p).exists()]
    missing += [f"not defined: {n}" for n in sorted(names) if not resolves(n, root)]
    return missing


def test_the_architecture_page_names_only_what_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    paths, names = references(text)
    assert len(paths) >= 30 and len(names) >= 30  # the page really points into the code
    assert problems(text) == []


def modules_named_by_room(text: str) -> list[Path]:
    """The modules the "Where each kind of code lives" block names by file name under each folder."""
    block = text.split("## Where each kind of code lives", 1)[1].split("```", 2)[1]
    named, folder = [], Path("reader")
    for line in block.splitlines():
        head = line.split(maxsplit=1)[0] if line.strip() else ""
        if head.startswith("reader/"):
            folder = Path(head) if head.endswith("/") else Path(head).parent
            named += [Path(head)] if head.endswith(".py") else []
        named += [folder / name for name in re.findall(r"(?<![/\w])\w+\.py\b", line)]
    return named


def test_the_rooms_name_every_module_and_only_modules_that_exist() -> None:
    named = modules_named_by_room(DOC.read_text(encoding="utf-8"))
    assert len(named) >= 50
    assert [str(p) for p in named if not (ROOT / p).is_file()] == []
    # and the other way round: a new module gets its line on the map (packages' __init__ files aside)
    modules = {p.relative_to(ROOT) for p in (ROOT / "reader").rglob("*.py")
               if p.name not in ("__init__.py", "__main__.py")}
    missing = sorted(str(p) for p in modules - set(named))
    assert missing == [], f"add these modules to 'Where each kind of code lives' in docs/architecture.md: {missing}"
    assert modules_named_by_room("## Where each kind of code lives\n```\nreader/ui/   nowhere.py\n```\n") == [
        Path("reader/ui/nowhere.py")]


def test_the_readme_links_the_architecture_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/architecture.md)" in readme


def readme_commands() -> dict[str, str]:
    """The README's command-line block: sub-command (or "" for the bare command) -> its lines, joined."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Command line", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    lines = [line.split("#", 1)[0].strip() for line in block.splitlines() if line.startswith("reader")]
    commands: dict[str, str] = {}
    for line in lines:  # a command may take several lines (one per way of using it)
        name = line.split()[1] if not line.split()[1].startswith("[") else ""
        commands[name] = (commands.get(name, "") + " " + line).strip()
    return commands


def mentioned(option: str, line: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", line) is not None


def test_the_readme_lists_every_command_and_option_of_reader_help() -> None:
    from reader.cli import build_parser

    parser = build_parser()
    commands = readme_commands()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    parsers: dict[str, argparse.ArgumentParser] = {"": parser, **sub.choices}
    assert sorted(commands) == sorted(parsers), "README's Command line block and `reader --help` differ"
    for name, p in parsers.items():
        for action in p._actions:
            options = [o for o in action.option_strings if o not in ("-h", "--help")]
            if options:
                assert any(mentioned(o, commands[name]) for o in options), f"README lacks {options[-1]} of `reader {name}`"
    # the check can fail: a line without its option is seen
    assert not mentioned("--limit", commands["list"])


@pytest.mark.parametrize("reference", [
    "reader/ui/session.py",
    "reader/ui/explore/",
    "`reader/ui/session.py:Session.run`",
    "`reader/ui/commands.py:AddAnnotationCommand.redo`",  # inherited from StoreCommand
    "`reader/store/facade.py:Store.annotations`",  # set in __init__
    "`reader.operations.notes:add_note`",
    "`reader.operations.notes.add_note`",
    "`reader.store.Store.transaction`",  # re-exported by the package
    "`Changes.mentions_of`",
    "`pyproject.toml`",
    "`html.escape`",
])
def test_the_check_accepts_what_exists(reference: str) -> None:
    assert problems(reference) == []


@pytest.mark.parametrize("reference", [
    "reader/ui/nowhere.py",
    "reader/nowhere/",
    "`reader/ui/session.py:Session.walk`",
    "`reader/ui/session.py:Nowhere`",
    "`reader.operations.notes:add_nothing`",
    "`reader.operations.nowhere.add_note`",
    "`reader.store.Store.nothing`",
    "`Session.nothing`",
    "`NoSuchClass.run`",
    "`nowhere.toml`",
    "`html.unescaped`",
])
def test_the_check_reports_what_does_not_exist(reference: str) -> None:
    assert len(problems(reference)) == 1
