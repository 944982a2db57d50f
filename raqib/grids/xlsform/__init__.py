"""XLSForm import/export for grids (column reference: docs/xlsform.md)."""

from .columns import ImportProblem
from .importer import ImportResult, grid_defaults_load, xlsform_check, xlsform_import
from .writer import xform_export, xlsform_export

__all__ = [
    "ImportProblem",
    "ImportResult",
    "grid_defaults_load",
    "xform_export",
    "xlsform_check",
    "xlsform_export",
    "xlsform_import",
]
