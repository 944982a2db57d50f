"""No module imports a private name (``_x``) of another module.

A leading underscore means "this module's own business". When another module needs it, the
name becomes public (dropped underscore, or a public module such as
``raqib.reports.formatting``). Every module of the raqib package is walked, tests included;
only migrations are left out (Django writes them). A private *module* (``_scope.py``) may be
imported: it is its package's business, and its public names are meant for the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the raqib package


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _target(path: Path, node: ast.ImportFrom) -> str:
    """The absolute module an ``ImportFrom`` reads from."""
    if not node.level:
        return node.module or ""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package.pop()
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def private_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        target = _target(path, node)
        for alias in node.names:
            name = alias.name
            if name.startswith("_") and not name.startswith("__") and target != here:
                found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} {target}.{name}")
    return found


def test_no_module_imports_a_private_name_of_another():
    offenders = [
        hit
        for path in sorted(ROOT.rglob("*.py"))
        if "migrations" not in path.parts
        for hit in private_imports(path)
    ]
    assert offenders == []


def test_the_check_sees_relative_and_absolute_imports(monkeypatch):
    # The walk must flag both spellings, and leave a module's own names and dunders alone.
    package = ROOT / "core"
    probe = package / "tests" / "probe_private_imports.py"
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: SOURCE)
    assert [hit.split(" ", 1)[1] for hit in private_imports(probe)] == [
        "raqib.core.bilingual._pick",
        "raqib.core.tests.helpers._x",
        "raqib.core._y",
    ]


SOURCE = """
from raqib.core.bilingual import _pick
from .helpers import _x, public
from .. import _y
from raqib.core.tests.probe_private_imports import _own
from __future__ import annotations
from .helpers import __version__
"""
