"""Publish the standard item bank as a survey grid through the grid services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from raqib.grids import services as grid_services
from raqib.grids.models import Grid, GridVersion, VersionStatus

from .. import bank

if TYPE_CHECKING:
    from raqib.accounts.models import User


@transaction.atomic
def survey_default_questionnaire_load(*, actor: User | None) -> GridVersion:
    """The published standard questionnaire; created and published on the first call only.

    Idempotent: once SAT-STD has a published (or retired) version, that latest version is
    returned untouched — the bank changes through the grid editor (clone, edit, publish),
    never by re-running this service over the department's edits.
    """
    existing = (
        GridVersion.objects.filter(grid__code=bank.GRID_CODE)
        .exclude(status=VersionStatus.DRAFT)
        .order_by("-number")
        .first()
    )
    if existing is not None:
        return existing
    spec = bank.definition()
    grid = Grid.objects.filter(code=bank.GRID_CODE).first()
    if grid is None:
        grid = grid_services.grid_create(actor=actor, **spec["grid"])
    draft = grid.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        # A half-built draft left by hand: start again from the bank.
        grid_services.grid_version_delete_draft(actor=actor, version=draft)
    draft = grid_services.grid_version_create_draft(actor=actor, grid=grid)
    lists = {}
    for name, choices in spec["choice_lists"].items():
        choice_list = grid_services.choice_list_create(actor=actor, version=draft, name=name)
        for value, label_ar, label_fr in choices:
            grid_services.choice_create(
                actor=actor,
                choice_list=choice_list,
                name=value,
                label_ar=label_ar,
                label_fr=label_fr,
            )
        lists[name] = choice_list
    for section_spec in spec["sections"]:
        section = grid_services.section_create(
            actor=actor,
            version=draft,
            code=section_spec["code"],
            label_ar=section_spec["label_ar"],
            label_fr=section_spec["label_fr"],
        )
        for item in section_spec["items"]:
            # The grid model makes criteria required by default; a citizen may skip any
            # question but the overall one.
            fields = {"required": False, **item}
            if "choice_list" in fields:
                fields["choice_list"] = lists[fields["choice_list"]]
            grid_services.criterion_create(actor=actor, section=section, **fields)
    return grid_services.grid_version_publish(actor=actor, version=draft)
