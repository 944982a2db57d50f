"""Every write on grids. See raqib/grids/README-dev.md for the list and the contract."""

from ..diff import grid_version_diff
from ..snapshot import grid_version_build_snapshot
from ._common import ensure_draft
from .grids import (
    grid_create,
    grid_update,
    grid_version_create_draft,
    grid_version_delete_draft,
)
from .lifecycle import (
    grid_version_clone,
    grid_version_problems,
    grid_version_publish,
    grid_version_retire,
)
from .rows import (
    choice_create,
    choice_delete,
    choice_list_create,
    choice_list_delete,
    choice_list_update,
    choice_reorder,
    choice_update,
    criterion_create,
    criterion_delete,
    criterion_reorder,
    criterion_update,
    section_create,
    section_delete,
    section_reorder,
    section_update,
)

__all__ = [
    "choice_create",
    "choice_delete",
    "choice_list_create",
    "choice_list_delete",
    "choice_list_update",
    "choice_reorder",
    "choice_update",
    "criterion_create",
    "criterion_delete",
    "criterion_reorder",
    "criterion_update",
    "ensure_draft",
    "grid_create",
    "grid_update",
    "grid_version_build_snapshot",
    "grid_version_clone",
    "grid_version_create_draft",
    "grid_version_delete_draft",
    "grid_version_diff",
    "grid_version_problems",
    "grid_version_publish",
    "grid_version_retire",
    "section_create",
    "section_delete",
    "section_reorder",
    "section_update",
]
