"""Grid pages, one module per concern: versions (list, detail, changes, XLSForm import and
export), authoring (the draft editor and the observer preview), lifecycle (publish, clone,
retire, delete). Everything is re-exported here for the URLconf."""

from .authoring import (
    editor,
    grid_create,
    grid_settings,
    preview,
    preview_score,
    row_delete,
    row_form,
    row_move,
    validate,
)
from .lifecycle import version_clone, version_delete, version_publish, version_retire
from .versions import grid_list, version_detail, version_diff, version_export, xlsform_import_view

__all__ = [
    "editor",
    "grid_create",
    "grid_list",
    "grid_settings",
    "preview",
    "preview_score",
    "row_delete",
    "row_form",
    "row_move",
    "validate",
    "version_clone",
    "version_delete",
    "version_detail",
    "version_diff",
    "version_export",
    "version_publish",
    "version_retire",
    "xlsform_import_view",
]
