# ruff: noqa: T201
"""Build the default grids (XLSForm files in this folder) from the reviewable data in
default_grids/ (one module a grid).

    .venv/bin/python raqib/grids/data/build_default_grids.py

Written by the team from the public themes of reception-quality referentials (the Tunisian
"Marhba" label, the Citizen's charter, the French Marianne / Services Publics+ charters) and
the department's legal missions. References name a theme, never an invented clause number.
Weights: sections 1–2, criteria 1 unless a criterion matters more. Integrity findings are
critical: a "yes" caps the visit score (critical_cap) and flags the report.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    sys.path.insert(0, str(HERE.parent.parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "raqib.settings.dev")
    import django

    django.setup()
    from raqib.grids.data.default_grids import GRIDS
    from raqib.grids.validation import snapshot_problems
    from raqib.grids.xlsform import xlsform_export

    for filename, snapshot in GRIDS.items():
        problems = snapshot_problems(snapshot)
        if problems:
            raise SystemExit(f"{filename}: {[str(p) for p in problems]}")
        (HERE / filename).write_bytes(xlsform_export(snapshot))
        count = sum(len(s["criteria"]) for s in snapshot["sections"])
        print(f"{filename}: {count} criteria")


if __name__ == "__main__":
    main()
