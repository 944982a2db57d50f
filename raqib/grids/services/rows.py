"""Editing a draft: sections, criteria, choice lists and choices.

Every service starts with `ensure_draft(version)`: a published or retired version refuses
every write with the same translated message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from raqib.core.writes import model_audit, model_create, model_delete, model_update

from .. import snapshot as snap
from ..models import Choice, ChoiceList, Criterion, GridVersion, Section
from ..validation import criterion_problems
from ._common import apply_fields, ensure_draft

if TYPE_CHECKING:
    from raqib.accounts.models import User

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


def _label(obj: Section | Criterion | ChoiceList | Choice, version: GridVersion) -> str:
    return f"{version} {getattr(obj, 'code', getattr(obj, 'name', ''))}"


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
    actor: User | None,
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
    return model_create(
        instance=section,
        actor=actor,
        action="grid_section.create",
        fields=SECTION_FIELDS,
        label=_label(section, version),
    )


@transaction.atomic
def section_update(*, actor: User | None, section: Section, **changes: Any) -> Section:
    ensure_draft(section.version)
    model_update(
        instance=section,
        actor=actor,
        action="grid_section.update",
        data=changes,
        fields=SECTION_FIELDS,
        allowed=SECTION_FIELDS,
        label=_label(section, section.version),
    )
    return section


@transaction.atomic
def section_delete(*, actor: User | None, section: Section) -> None:
    version = section.version
    ensure_draft(version)
    for criterion in Criterion.objects.filter(section=section):
        criterion.delete()
    model_delete(
        instance=section, actor=actor, action="grid_section.delete", label=_label(section, version)
    )


@transaction.atomic
def section_reorder(*, actor: User | None, version: GridVersion, section_ids: list[int]) -> None:
    ensure_draft(version)
    _reorder(Section.objects.filter(version=version), section_ids)
    model_audit(
        instance=version,
        actor=actor,
        action="grid_section.reorder",
        label=str(version),
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
    actor: User | None,
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
    return model_create(
        instance=criterion,
        actor=actor,
        action="grid_criterion.create",
        fields=CRITERION_FIELDS,
        label=_label(criterion, section.version),
        validate=_criterion_check,
    )


@transaction.atomic
def criterion_update(*, actor: User | None, criterion: Criterion, **changes: Any) -> Criterion:
    """Change fields; passing `section` moves the criterion to the end of that section."""
    version = criterion.version
    ensure_draft(version)
    old_section_id = criterion.section_id

    def move(row: Criterion) -> None:
        if row.section_id != old_section_id:
            if row.section.version_id != version.pk:
                raise ValidationError({"section": _("The section belongs to another version.")})
            row.position = _next_position(Criterion.objects.filter(section=row.section))

    model_update(
        instance=criterion,
        actor=actor,
        action="grid_criterion.update",
        data=changes,
        fields=CRITERION_FIELDS,
        allowed=CRITERION_FIELDS,
        label=_label(criterion, version),
        prepare=move,
        validate=_criterion_check,
    )
    return criterion


@transaction.atomic
def criterion_delete(*, actor: User | None, criterion: Criterion) -> None:
    version = criterion.version
    ensure_draft(version)
    model_delete(
        instance=criterion,
        actor=actor,
        action="grid_criterion.delete",
        label=_label(criterion, version),
    )


@transaction.atomic
def criterion_reorder(*, actor: User | None, section: Section, criterion_ids: list[int]) -> None:
    ensure_draft(section.version)
    _reorder(Criterion.objects.filter(section=section), criterion_ids)
    model_audit(
        instance=section,
        actor=actor,
        action="grid_criterion.reorder",
        label=_label(section, section.version),
        changes={"order": criterion_ids},
    )


# --- Choice lists and choices ----------------------------------------------------------------


@transaction.atomic
def choice_list_create(*, actor: User | None, version: GridVersion, name: str) -> ChoiceList:
    ensure_draft(version)
    return model_create(
        instance=ChoiceList(version=version, name=name),
        actor=actor,
        action="grid_choice_list.create",
        fields=["name"],
        label=f"{version} {name}",
    )


@transaction.atomic
def choice_list_update(*, actor: User | None, choice_list: ChoiceList, name: str) -> ChoiceList:
    ensure_draft(choice_list.version)
    model_update(
        instance=choice_list,
        actor=actor,
        action="grid_choice_list.update",
        data={"name": name},
        label=f"{choice_list.version} {name}",
    )
    return choice_list


@transaction.atomic
def choice_list_delete(*, actor: User | None, choice_list: ChoiceList) -> None:
    version = choice_list.version
    ensure_draft(version)
    used_by = list(choice_list.criteria.values_list("code", flat=True))
    if used_by:
        raise ValidationError(
            _("This choice list is used by: %(codes)s.") % {"codes": ", ".join(used_by)}
        )
    for choice in choice_list.choices.all():
        choice.delete()
    model_delete(
        instance=choice_list,
        actor=actor,
        action="grid_choice_list.delete",
        label=_label(choice_list, version),
    )


@transaction.atomic
def choice_create(
    *,
    actor: User | None,
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
    return model_create(
        instance=choice,
        actor=actor,
        action="grid_choice.create",
        fields=CHOICE_FIELDS,
        label=_label(choice, choice_list.version),
    )


@transaction.atomic
def choice_update(*, actor: User | None, choice: Choice, **changes: Any) -> Choice:
    version = choice.choice_list.version
    ensure_draft(version)
    model_update(
        instance=choice,
        actor=actor,
        action="grid_choice.update",
        data=changes,
        fields=CHOICE_FIELDS,
        allowed=CHOICE_FIELDS,
        label=_label(choice, version),
    )
    return choice


@transaction.atomic
def choice_delete(*, actor: User | None, choice: Choice) -> None:
    version = choice.choice_list.version
    ensure_draft(version)
    model_delete(
        instance=choice, actor=actor, action="grid_choice.delete", label=_label(choice, version)
    )


@transaction.atomic
def choice_reorder(*, actor: User | None, choice_list: ChoiceList, choice_ids: list[int]) -> None:
    ensure_draft(choice_list.version)
    _reorder(Choice.objects.filter(choice_list=choice_list), choice_ids)
    model_audit(
        instance=choice_list,
        actor=actor,
        action="grid_choice.reorder",
        label=_label(choice_list, choice_list.version),
        changes={"order": choice_ids},
    )
