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


# Every read goes through selectors: a view module (views.py, views/…, views_*.py, api.py)
# neither names a model manager nor builds a queryset.
QUERY_METHODS = {
    "filter",
    "exclude",
    "order_by",
    "select_related",
    "prefetch_related",
    "values_list",
    "annotate",
    "aggregate",
    "raw",
    "extra",
}
QUERY_FUNCTIONS = {"get_object_or_404", "get_list_or_404"}


def _view_modules() -> list[Path]:
    found = []
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        named = path.name in ("views.py", "api.py") or path.name.startswith("views_")
        if named or "views" in path.parts:
            found.append(path)
    return sorted(found)


def _queries(path: Path, root: Path = ROOT) -> list[str]:
    where = path.relative_to(root)
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            out.append(f"{where}:{node.lineno} .objects")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in QUERY_METHODS:
                out.append(f"{where}:{node.lineno} .{func.attr}(…)")
            elif isinstance(func, ast.Name) and func.id in QUERY_FUNCTIONS:
                out.append(f"{where}:{node.lineno} {func.id}(…)")
    return out


def test_views_do_not_query_models():
    modules = _view_modules()
    assert len(modules) >= 10  # the walk does find the view modules
    problems = [problem for path in modules for problem in _queries(path)]
    assert problems == [], "\n".join(problems)


def test_the_views_rule_sees_a_query(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text(
        "def v(request):\n"
        "    a = Thing.objects.all()\n"
        "    return a.filter(x=1), get_object_or_404(T), request.GET.get('q')\n",
        encoding="utf-8",
    )
    found = sorted(p.split(" ", 1)[1] for p in _queries(sample, tmp_path))
    assert found == [".filter(…)", ".objects", "get_object_or_404(…)"]


def test_no_suffix_modules():
    """One splitting style: a module past ~600 lines becomes a package (`views/`, `services/`),
    never a sibling with a suffix such as `views_authoring.py` or `urls_periodic.py`."""
    kinds = {"views", "urls", "forms", "services", "selectors", "tasks", "models"}
    suffixed = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts
        and "tests" not in path.parts
        and path.stem.split("_")[0] in kinds
        and "_" in path.stem
    ]
    assert suffixed == []
