"""The XLSForm import service, and the loader of the default grids shipped in the repo."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from raqib.core.writes import model_audit

from .. import snapshot as snap
from ..models import Grid, GridVersion, VersionStatus
from ..services import grid_create, grid_update, grid_version_create_draft, grid_version_publish
from ..validation import snapshot_problems
from .columns import SETTINGS, SURVEY, ImportProblem
from .reader import read_xlsform

if TYPE_CHECKING:
    from raqib.accounts.models import User

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MAX_BYTES = 5 * 1024 * 1024


@dataclass
class ImportResult:
    snapshot: dict[str, Any] | None
    problems: list[ImportProblem] = field(default_factory=list)
    grid: Grid | None = None
    version: GridVersion | None = None
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def content_hash(self) -> str:
        return snap.content_hash(self.snapshot) if self.snapshot else ""

    @property
    def criteria_count(self) -> int:
        if not self.snapshot:
            return 0
        return sum(len(s["criteria"]) for s in self.snapshot["sections"])


def _pyxform_problems(data: bytes) -> list[ImportProblem]:
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    try:
        convert(xlsform=data, file_type=".xlsx", form_name="data", warnings=[])
    # pyxform has many failure modes besides PyXFormError; the author must never see a traceback.
    except (PyXFormError, Exception) as exc:
        return [
            ImportProblem("", None, _("The XLSForm converter reports: %(error)s") % {"error": exc})
        ]
    return []


def xlsform_check(data: bytes, filename: str = "grid.xlsx") -> ImportResult:
    """Read and validate a workbook without writing anything (the preview and --dry-run)."""
    if len(data) > MAX_BYTES:
        return ImportResult(None, [ImportProblem("", None, _("The file is larger than 5 MB."))])
    read = read_xlsform(data, filename)
    problems = list(read.problems)
    if read.snapshot is not None and not problems:
        for problem in snapshot_problems(read.snapshot):
            sheet, row = read.locations.get(problem.element, (SURVEY, None))
            if problem.field in ("conformity_threshold", "critical_cap"):
                sheet, row = read.locations.get("", (SETTINGS, 2))
            problems.append(ImportProblem(sheet, row, problem.message))
    if read.snapshot is not None and not problems:
        problems = _pyxform_problems(data)
    return ImportResult(read.snapshot, problems)


def xlsform_import(
    *,
    actor: User | None,
    data: bytes,
    filename: str = "grid.xlsx",
    publish: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Import a workbook as a new draft (or published) version; all or nothing.

    A new code creates the grid; a known code opens the grid's next version and updates the
    grid's titles and settings from the workbook. With problems, nothing is written.
    """
    result = xlsform_check(data, filename)
    if not result.ok or dry_run or result.snapshot is None:
        return result
    snapshot = result.snapshot
    meta = snapshot["grid"]
    fields = {
        "kind": meta["kind"],
        "channel": meta["channel"],
        "title_ar": meta["title"]["ar"],
        "title_fr": meta["title"]["fr"],
        "description_ar": meta["description"]["ar"],
        "description_fr": meta["description"]["fr"],
        "conformity_threshold": snapshot["settings"]["conformity_threshold"],
        "critical_cap": snapshot["settings"]["critical_cap"],
    }

    try:
        with transaction.atomic():
            grid = Grid.objects.select_for_update().filter(code=meta["code"]).first()
            if grid is None:
                grid = grid_create(actor=actor, code=meta["code"], **fields)
                version = grid.versions.get()
            else:
                if grid.versions.filter(status=VersionStatus.DRAFT).exists():
                    raise ValidationError(
                        _(
                            "The grid “%(code)s” already has a draft version: "
                            "publish or discard it first."
                        )
                        % {"code": grid.code}
                    )
                grid_update(actor=actor, grid=grid, **fields)
                version = grid_version_create_draft(actor=actor, grid=grid)
            snap.rows_create(version, snapshot)
            model_audit(
                instance=version,
                actor=actor,
                action="grid_version.import_xlsform",
                label=str(version),
                changes={"file": [None, filename], "content_hash": [None, result.content_hash]},
            )
            if publish:
                version = grid_version_publish(actor=actor, version=version)
    except ValidationError as exc:
        messages = (
            [f"{k}: {m}" for k, ms in exc.message_dict.items() for m in ms]
            if hasattr(exc, "error_dict")
            else exc.messages
        )
        result.problems = [ImportProblem(SETTINGS, 2, m) for m in messages]
        return result
    result.grid, result.version = grid, version
    return result


def grid_defaults_load(*, actor: User | None) -> list[ImportResult]:
    """Import and publish the default grids; skip a file whose content is already published."""
    results = []
    for path in sorted(DATA_DIR.glob("*.xlsx")):
        data = path.read_bytes()
        checked = xlsform_check(data, path.name)
        if checked.ok and checked.snapshot is not None:
            existing = (
                GridVersion.objects.filter(
                    grid__code=checked.snapshot["grid"]["code"], content_hash=checked.content_hash
                )
                .select_related("grid")
                .first()
            )
            if existing is not None:
                checked.grid, checked.version, checked.skipped = existing.grid, existing, True
                results.append(checked)
                continue
        results.append(xlsform_import(actor=actor, data=data, filename=path.name, publish=True))
    return results
