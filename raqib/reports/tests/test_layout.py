"""The reports app's layout: packages rather than suffix modules; views read through selectors."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1]


def test_no_suffix_modules():
    # views_dashboard.py, urls_periodic.py, services_periodic.py… became dashboard/, periodic/.
    suffixed = [
        p.name
        for p in APP.glob("*.py")
        if p.stem.split("_")[0] in {"views", "urls", "services", "tasks"} and "_" in p.stem
    ]
    assert suffixed == []


def test_views_do_not_query_models():
    offenders = []
    for path in APP.rglob("views.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "objects":
                offenders.append(f"{path.relative_to(APP)}:{node.lineno} .objects")
            if isinstance(node, ast.Name) and node.id == "get_object_or_404":
                offenders.append(f"{path.relative_to(APP)}:{node.lineno} get_object_or_404")
    assert sorted(p.relative_to(APP).as_posix() for p in APP.rglob("views.py")) == [
        "dashboard/views.py",
        "periodic/views.py",
    ]
    assert offenders == []
