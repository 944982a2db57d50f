"""Editing a draft: sections, criteria, choice lists and choices.

Every service starts with `ensure_draft(version)`: a published or retired version refuses
every write with the same translated message.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from raqib.audit.services import audit_event_record, diff_fields

from .. import snapshot as snap
from ..models import Choice, ChoiceList, Criterion, GridVersion, Section
from ..validation import criterion_problems
from ._common import apply_fields, ensure_draft, snapshot_of

SECTION_FIELDS = ["code", "label_ar", "label_fr", "weight"]
CRITERION_FIELDS = [
    "section",
    "code",
    "label_ar",
    "label_fr",
    "guidance_ar",
    "guidance_fr",
    "answer_type",
    "weight",
    "required",
    "relevant",
    "negative",
    "scale_min",
    "scale_max",
    "unit",
    "bands",
    "choice_list",
    "critical",
    "photo_required_when",
    "reference",
]
CHOICE_FIELDS = ["name", "label_ar", "label_fr", "score"]
# Snapshot keys → the model field a form shows the problem on.
_PROBLEM_FIELD = {
    "type": "answer_type",
    "scale": "scale_max",
    "choices": "choice_list",
    "evidence": "photo_required_when",
}


def _audit(actor: Any, action: str, obj: Any, version: GridVersion, changes: Any = None) -> None:
    audit_event_record(
        actor=actor,
        action=action,
        object_type=f"grids.{type(obj).__name__.lower()}",
        object_id=obj.pk,
        object_label=f"{version} {getattr(obj, 'code', getattr(obj, 'name', ''))}",
        changes=changes or {},
    )


def _next_position(qs: Any) -> int:
    current = qs.aggregate(p=Max("position"))["p"]
    return 0 if current is None else current + 1


def _reorder(qs: Any, ids: list[int]) -> None:
    rows = {row.pk: row for row in qs}
    if sorted(ids) != sorted(rows):
        raise ValidationError(_("The new order must list every element exactly once."))
    for position, pk in enumerate(ids):
        row = rows[pk]
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


# --- Sections --------------------------------------------------------------------------------


@transaction.atomic
def section_create(
    *,
    actor: Any,
    version: GridVersion,
    code: str,
    label_ar: str,
    label_fr: str,
    weight: float = 1.0,
) -> Section:
    ensure_draft(version)
    section = Section(
        version=version,
        code=code,
        label_ar=label_ar,
        label_fr=label_fr,
        weight=weight,
        position=_next_position(Section.objects.filter(version=version)),
    )
    section.full_clean()
    section.save()
    _audit(
        actor,
        "grid_section.create",
        section,
        version,
        diff_fields({}, snapshot_of(section, SECTION_FIELDS)),
    )
    return section


@transaction.atomic
def section_update(*, actor: Any, section: Section, **changes: Any) -> Section:
    ensure_draft(section.version)
    before = snapshot_of(section, SECTION_FIELDS)
    apply_fields(section, SECTION_FIELDS, changes)
    section.full_clean()
    section.save()
    _audit(
        actor,
        "grid_section.update",
        section,
        section.version,
        diff_fields(before, snapshot_of(section, SECTION_FIELDS)),
    )
    return section


@transaction.atomic
def section_delete(*, actor: Any, section: Section) -> None:
    version = section.version
    ensure_draft(version)
    _audit(actor, "grid_section.delete", section, version)
    for criterion in Criterion.objects.filter(section=section):
        criterion.delete()
    section.delete()


@transaction.atomic
def section_reorder(*, actor: Any, version: GridVersion, section_ids: list[int]) -> None:
    ensure_draft(version)
    _reorder(Section.objects.filter(version=version), section_ids)
    audit_event_record(
        actor=actor,
        action="grid_section.reorder",
        object_type="grids.gridversion",
        object_id=version.pk,
        object_label=str(version),
        changes={"order": section_ids},
    )


# --- Criteria --------------------------------------------------------------------------------


def _criterion_check(criterion: Criterion) -> None:
    """Field-level checks shared with publication, so forms can show them inline."""
    criterion.full_clean()
    lists = {
        cl.name: [{"name": c.name} for c in cl.choices.all()]
        for cl in ChoiceList.objects.filter(version_id=criterion.version_id).prefetch_related(
            "choices"
        )
    }
    data = {
        "code": criterion.code,
        "type": criterion.answer_type,
        "weight": criterion.weight,
        "scale": (
            {"min": criterion.scale_min, "max": criterion.scale_max}
            if criterion.answer_type == "scale"
            else None
        ),
        "bands": criterion.bands,
        "choices": criterion.choice_list.name if criterion.choice_list else None,
        "evidence": {"photo_required_when": criterion.photo_required_when or []},
        "relevant": criterion.relevant,
    }
    errors: dict[str, list[str]] = {}
    for problem in criterion_problems(data, lists):
        errors.setdefault(_PROBLEM_FIELD.get(problem.field, problem.field), []).append(
            problem.message
        )
    if errors:
        raise ValidationError(errors)
    criterion.bands = snap.norm_bands(criterion.bands)


@transaction.atomic
def criterion_create(
    *,
    actor: Any,
    section: Section,
    code: str,
    label_ar: str,
    label_fr: str,
    answer_type: str,
    **fields: Any,
) -> Criterion:
    """Add a criterion at the end of `section`. Optional `fields`: see CRITERION_FIELDS."""
    ensure_draft(section.version)
    criterion = Criterion(
        section=section,
        version_id=section.version_id,
        code=code,
        label_ar=label_ar,
        label_fr=label_fr,
        answer_type=answer_type,
        position=_next_position(Criterion.objects.filter(section=section)),
    )
    apply_fields(criterion, CRITERION_FIELDS, fields)
    _criterion_check(criterion)
    criterion.save()
    _audit(
        actor,
        "grid_criterion.create",
        criterion,
        section.version,
        diff_fields({}, snapshot_of(criterion, CRITERION_FIELDS)),
    )
    return criterion


@transaction.atomic
def criterion_update(*, actor: Any, criterion: Criterion, **changes: Any) -> Criterion:
    """Change fields; passing `section` moves the criterion to the end of that section."""
    version = criterion.version
    ensure_draft(version)
    before = snapshot_of(criterion, CRITERION_FIELDS)
    old_section_id = criterion.section_id
    apply_fields(criterion, CRITERION_FIELDS, changes)
    if criterion.section_id != old_section_id:
        if criterion.section.version_id != version.pk:
            raise ValidationError({"section": _("The section belongs to another version.")})
        criterion.position = _next_position(Criterion.objects.filter(section=criterion.section))
    _criterion_check(criterion)
    criterion.save()
    _audit(
        actor,
        "grid_criterion.update",
        criterion,
        version,
        diff_fields(before, snapshot_of(criterion, CRITERION_FIELDS)),
    )
    return criterion


@transaction.atomic
def criterion_delete(*, actor: Any, criterion: Criterion) -> None:
    version = criterion.version
    ensure_draft(version)
    _audit(actor, "grid_criterion.delete", criterion, version)
    criterion.delete()


@transaction.atomic
def criterion_reorder(*, actor: Any, section: Section, criterion_ids: list[int]) -> None:
    ensure_draft(section.version)
    _reorder(Criterion.objects.filter(section=section), criterion_ids)
    audit_event_record(
        actor=actor,
        action="grid_criterion.reorder",
        object_type="grids.section",
        object_id=section.pk,
        object_label=f"{section.version} {section.code}",
        changes={"order": criterion_ids},
    )


# --- Choice lists and choices ----------------------------------------------------------------


@transaction.atomic
def choice_list_create(*, actor: Any, version: GridVersion, name: str) -> ChoiceList:
    ensure_draft(version)
    choice_list = ChoiceList(version=version, name=name)
    choice_list.full_clean()
    choice_list.save()
    _audit(actor, "grid_choice_list.create", choice_list, version, {"name": [None, name]})
    return choice_list


@transaction.atomic
def choice_list_update(*, actor: Any, choice_list: ChoiceList, name: str) -> ChoiceList:
    ensure_draft(choice_list.version)
    before = choice_list.name
    choice_list.name = name
    choice_list.full_clean()
    choice_list.save()
    _audit(
        actor, "grid_choice_list.update", choice_list, choice_list.version, {"name": [before, name]}
    )
    return choice_list


@transaction.atomic
def choice_list_delete(*, actor: Any, choice_list: ChoiceList) -> None:
    version = choice_list.version
    ensure_draft(version)
    used_by = list(choice_list.criteria.values_list("code", flat=True))
    if used_by:
        raise ValidationError(
            _("This choice list is used by: %(codes)s.") % {"codes": ", ".join(used_by)}
        )
    _audit(actor, "grid_choice_list.delete", choice_list, version)
    for choice in choice_list.choices.all():
        choice.delete()
    choice_list.delete()


@transaction.atomic
def choice_create(
    *,
    actor: Any,
    choice_list: ChoiceList,
    name: str,
    label_ar: str,
    label_fr: str,
    score: float | None = None,
) -> Choice:
    ensure_draft(choice_list.version)
    choice = Choice(
        choice_list=choice_list,
        name=name,
        label_ar=label_ar,
        label_fr=label_fr,
        score=score,
        position=_next_position(Choice.objects.filter(choice_list=choice_list)),
    )
    choice.full_clean()
    choice.save()
    _audit(
        actor,
        "grid_choice.create",
        choice,
        choice_list.version,
        diff_fields({}, snapshot_of(choice, CHOICE_FIELDS)),
    )
    return choice


@transaction.atomic
def choice_update(*, actor: Any, choice: Choice, **changes: Any) -> Choice:
    version = choice.choice_list.version
    ensure_draft(version)
    before = snapshot_of(choice, CHOICE_FIELDS)
    apply_fields(choice, CHOICE_FIELDS, changes)
    choice.full_clean()
    choice.save()
    _audit(
        actor,
        "grid_choice.update",
        choice,
        version,
        diff_fields(before, snapshot_of(choice, CHOICE_FIELDS)),
    )
    return choice


@transaction.atomic
def choice_delete(*, actor: Any, choice: Choice) -> None:
    version = choice.choice_list.version
    ensure_draft(version)
    _audit(actor, "grid_choice.delete", choice, version)
    choice.delete()


@transaction.atomic
def choice_reorder(*, actor: Any, choice_list: ChoiceList, choice_ids: list[int]) -> None:
    ensure_draft(choice_list.version)
    _reorder(Choice.objects.filter(choice_list=choice_list), choice_ids)
    audit_event_record(
        actor=actor,
        action="grid_choice.reorder",
        object_type="grids.choicelist",
        object_id=choice_list.pk,
        object_label=f"{choice_list.version} {choice_list.name}",
        changes={"order": choice_ids},
    )
