"""Reads on grids. Every grid is visible to department staff; observers read published ones."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from .models import Choice, ChoiceList, Criterion, Grid, GridVersion, Section, VersionStatus

if TYPE_CHECKING:
    from raqib.accounts.models import User

FROZEN = (VersionStatus.PUBLISHED, VersionStatus.RETIRED)


def grid_list() -> QuerySet[Grid]:
    """Grids with their versions prefetched (newest first) and counts for the list page."""
    return Grid.objects.prefetch_related(
        Prefetch(
            "versions",
            queryset=GridVersion.objects.order_by("-number").select_related("published_by"),
        )
    ).annotate(
        published_count=Count("versions", filter=Q(versions__status=VersionStatus.PUBLISHED))
    )


def _id(pk: Any) -> int:
    """An id from a URL or a query string; anything that is not a plain number is a 404
    (int() alone accepts "²" or " 7 " only to fail later, or not at all)."""
    text = str(pk)
    if not (text.isascii() and text.isdigit()):
        raise Http404
    return int(text)


def grid_get(*, pk: Any) -> Grid:
    grid = Grid.objects.filter(pk=_id(pk)).first()
    if grid is None:
        raise Http404
    return grid


def grid_version_get(*, pk: Any, frozen_only: bool = False) -> GridVersion:
    """A version by id; with `frozen_only`, drafts answer 404 like missing ids."""
    qs = GridVersion.objects.select_related("grid", "published_by", "cloned_from")
    if frozen_only:
        qs = qs.filter(status__in=FROZEN)
    version = qs.filter(pk=_id(pk)).first()
    if version is None:
        raise Http404
    return version


def grid_version_published_list() -> QuerySet[GridVersion]:
    """Published versions (what observers may fill in), for the API and mission planning."""
    return (
        GridVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .select_related("grid")
        .order_by("grid__code", "-number")
    )


def grid_version_frozen_list() -> QuerySet[GridVersion]:
    return GridVersion.objects.filter(status__in=FROZEN).select_related("grid")


def grid_version_draft_rows(*, version: GridVersion) -> list[Section]:
    """A draft's sections with their criteria (and choice lists) in display order."""
    return list(
        Section.objects.filter(version=version)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch(
                "criteria",
                queryset=Criterion.objects.select_related("choice_list").order_by("position", "pk"),
            )
        )
    )


def grid_version_choice_lists(*, version: GridVersion) -> QuerySet[ChoiceList]:
    """A version's choice lists with their choices in display order (the editor's side panel)."""
    return (
        ChoiceList.objects.filter(version=version)
        .order_by("name", "pk")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "pk")))
    )


def grid_draft_of(*, grid: Grid) -> GridVersion | None:
    """The grid's draft, if any (the database allows one a grid)."""
    return GridVersion.objects.filter(grid=grid, status=VersionStatus.DRAFT).first()


def grid_version_previous(*, version: GridVersion) -> GridVersion | None:
    """The frozen version just before `version` of the same grid (for "what changed")."""
    return (
        GridVersion.objects.filter(grid_id=version.grid_id, number__lt=version.number)
        .filter(status__in=FROZEN)
        .order_by("-number")
        .first()
    )


def grid_versions_of(*, grid: Grid) -> Any:
    return grid.versions.order_by("-number").select_related("published_by", "cloned_from")


# Rows of one version: an id from another version answers 404 like a missing one. Every
# member of staff may read every grid, so the scope is the version in the URL.


def section_get_for_user(*, user: User, version: GridVersion, pk: Any) -> Section:
    section = Section.objects.filter(version=version, pk=_id(pk)).first()
    if section is None:
        raise Http404
    return section


def criterion_get_for_user(*, user: User, version: GridVersion, pk: Any) -> Criterion:
    criterion = (
        Criterion.objects.filter(version=version, pk=_id(pk)).select_related("section").first()
    )
    if criterion is None:
        raise Http404
    return criterion


def choice_list_get_for_user(*, user: User, version: GridVersion, pk: Any) -> ChoiceList:
    choice_list = ChoiceList.objects.filter(version=version, pk=_id(pk)).first()
    if choice_list is None:
        raise Http404
    return choice_list


def choice_get_for_user(*, user: User, version: GridVersion, pk: Any) -> Choice:
    choice = Choice.objects.filter(choice_list__version=version, pk=_id(pk)).first()
    if choice is None:
        raise Http404
    return choice


def row_sibling_ids(*, row: Section | Criterion | Choice) -> list[int]:
    """The ids of a row and its siblings (same version, section or list), in their order."""
    rows: QuerySet[Any]
    if isinstance(row, Section):
        rows = Section.objects.filter(version_id=row.version_id)
    elif isinstance(row, Criterion):
        rows = Criterion.objects.filter(section_id=row.section_id)
    else:
        rows = Choice.objects.filter(choice_list_id=row.choice_list_id)
    return list(rows.order_by("position", "pk").values_list("pk", flat=True))


def choice_list_choices(*, choice_list: ChoiceList) -> QuerySet[Choice]:
    return choice_list.choices.order_by("position", "pk")


def section_criteria_count(*, section: Section) -> int:
    return section.criteria.count()
