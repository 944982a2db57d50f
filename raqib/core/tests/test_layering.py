"""Apps depend downward only: an app imports the apps listed before it in INSTALLED_APPS.

`core` and `audit` are one base layer: `audit` imports only `core`, and the only module of
`core` that imports `audit` is `core/writes.py` (the one write path, which records audit events);
neither imports a domain app. Nobody imports `reports` (it reads everyone). Test modules
are left out of the order rule (the shell's tests sign in demo users, for instance), not out
of the `reports` one.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]  # the raqib package
ORDER = [a.split(".")[1] for a in settings.INSTALLED_APPS if a.startswith("raqib.")]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "raqib" and len(parts) > 1 and parts[1] in ORDER:
                if len(parts) > 3 and parts[2] == "tests":
                    continue  # test factories may be shared
                found.add(parts[1])
    return found


def test_apps_import_only_the_apps_before_them():
    problems = []
    for app in ORDER:
        allowed = set(ORDER[: ORDER.index(app) + 1])
        if app == "audit":
            allowed = {"core", "audit"}
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or "tests" in path.parts:
                continue
            mine = allowed | ({"audit"} if path == ROOT / "core" / "writes.py" else set())
            for imported in _imports(path) - mine:
                problems.append(f"{path.relative_to(ROOT)} imports raqib.{imported}")
    assert not problems, "\n".join(sorted(problems))


def test_nobody_imports_reports():
    offenders = [
        str(path.relative_to(ROOT))
        for app in ORDER
        if app != "reports"
        for path in (ROOT / app).rglob("*.py")
        if "reports" in _imports(path)
    ]
    assert offenders == []


def test_core_and_audit_import_each_other_without_a_loop():
    """core.writes → audit.services → core (never core.writes): no module imports itself back."""
    audit_needs = set()
    for path in (ROOT / "audit").rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                audit_needs.add(node.module)
    assert "raqib.core.writes" not in audit_needs
    core_users_of_audit = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "core").rglob("*.py")
        if "tests" not in path.parts and "audit" in _imports(path)
    ]
    assert core_users_of_audit == ["core/writes.py"]
