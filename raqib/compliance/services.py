"""Writes of the compliance app (through raqib.core.writes, audited, atomic)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core.writes import model_audit, model_create, model_delete, model_update
from raqib.followup.files import checked_file, safe_name
from raqib.grids.models import Criterion, GridVersion
from raqib.missions.services import mission_create
from raqib.registry.models import ServicePoint

from . import marhba
from .labels import TRANSITIONS
from .models import (
    Chapter,
    LabelChannel,
    LabelDocument,
    LabelHolder,
    LabelStatus,
    LabelTransition,
    Referential,
    ReferentialStatus,
    Requirement,
    RequirementMapping,
)


def _check_draft(referential: Referential) -> None:
    if referential.is_published:
        raise ValidationError(_("A published referential cannot be changed."))


@transaction.atomic
def referential_create(
    *, actor: Any, code: str, edition: int, title_ar: str, title_fr: str
) -> Referential:
    return model_create(
        instance=Referential(code=code, edition=edition, title_ar=title_ar, title_fr=title_fr),
        actor=actor,
        action="referential.create",
        fields=["code", "edition", "title_ar", "title_fr"],
    )


@transaction.atomic
def chapter_create(
    *,
    actor: Any,
    referential: Referential,
    number: int,
    title_ar: str,
    title_fr: str,
    placeholder: bool = False,
) -> Chapter:
    _check_draft(referential)
    return model_create(
        instance=Chapter(
            referential=referential,
            number=number,
            title_ar=title_ar,
            title_fr=title_fr,
            placeholder=placeholder,
        ),
        actor=actor,
        action="referential_chapter.create",
        fields=["referential", "number", "title_fr", "placeholder"],
    )


@transaction.atomic
def requirement_create(
    *,
    actor: Any,
    chapter: Chapter,
    code: str,
    text_ar: str,
    text_fr: str,
    placeholder: bool = False,
    position: int = 0,
) -> Requirement:
    _check_draft(chapter.referential)
    return model_create(
        instance=Requirement(
            referential=chapter.referential,
            chapter=chapter,
            code=code,
            text_ar=text_ar,
            text_fr=text_fr,
            placeholder=placeholder,
            position=position,
        ),
        actor=actor,
        action="requirement.create",
        fields=["referential", "code", "text_fr", "placeholder"],
    )


@transaction.atomic
def requirement_map(
    *, actor: Any, requirement: Requirement, grid_version: GridVersion, criterion_code: str
) -> RequirementMapping:
    """Map a criterion of a grid version onto a requirement of a draft referential."""
    _check_draft(requirement.referential)
    if not Criterion.objects.filter(version=grid_version, code=criterion_code).exists():
        raise ValidationError(
            _("Criterion %(code)s is not in this grid version.") % {"code": criterion_code}
        )
    if RequirementMapping.objects.filter(
        grid_version=grid_version, criterion_code=criterion_code, requirement=requirement
    ).exists():
        raise ValidationError(_("This criterion is already mapped to this requirement."))
    return model_create(
        instance=RequirementMapping(
            grid_version=grid_version, criterion_code=criterion_code, requirement=requirement
        ),
        actor=actor,
        action="requirement_mapping.create",
        fields=["grid_version", "criterion_code", "requirement.code"],
    )


@transaction.atomic
def requirement_unmap(*, actor: Any, mapping: RequirementMapping) -> None:
    _check_draft(mapping.requirement.referential)
    model_delete(instance=mapping, actor=actor, action="requirement_mapping.delete")


@transaction.atomic
def referential_publish(*, actor: Any, referential: Referential) -> Referential:
    """Freeze the referential and its mapping; it can never change again."""
    locked = Referential.objects.select_for_update().get(pk=referential.pk)
    _check_draft(locked)
    if not locked.requirements.exists():
        raise ValidationError(_("A referential without requirements cannot be published."))
    model_update(
        instance=locked,
        actor=actor,
        action="referential.publish",
        data={"status": ReferentialStatus.PUBLISHED, "published_at": timezone.now()},
    )
    return locked


@transaction.atomic
def marhba_load(*, actor: Any) -> tuple[Referential, int]:
    """Marhba edition 3 (raqib.compliance.marhba) as a draft, and the default mapping of every
    grid version's criteria whose reference is a known "Marhba — …" text. Idempotent: an
    existing referential is kept and only missing mappings are added (when still a draft).
    Returns the referential and the number of mappings added."""
    referential = Referential.objects.filter(code=marhba.CODE, edition=marhba.EDITION).first()
    if referential is None:
        referential = referential_create(
            actor=actor,
            code=marhba.CODE,
            edition=marhba.EDITION,
            title_ar=marhba.TITLE_AR,
            title_fr=marhba.TITLE_FR,
        )
        chapters = {
            number: chapter_create(
                actor=actor,
                referential=referential,
                number=number,
                title_ar=title_ar,
                title_fr=title_fr,
                placeholder=True,
            )
            for number, title_ar, title_fr in marhba.CHAPTERS
        }
        for position, (code, chapter, text_ar, text_fr, tbc) in enumerate(marhba.REQUIREMENTS):
            requirement_create(
                actor=actor,
                chapter=chapters[chapter],
                code=code,
                text_ar=text_ar + (marhba.TBC_AR if tbc else ""),
                text_fr=text_fr + (marhba.TBC_FR if tbc else ""),
                placeholder=tbc,
                position=position + 1,
            )
    if referential.is_published:
        return referential, 0
    return referential, _default_mapping(actor=actor, referential=referential)


def _default_mapping(*, actor: Any, referential: Referential) -> int:
    requirements = {r.code: r for r in referential.requirements.all()}
    added = 0
    criteria = Criterion.objects.filter(reference__startswith="Marhba").select_related("version")
    for criterion in criteria.order_by("version_id", "code"):
        code = marhba.DEFAULT_MAPPING.get(criterion.reference.strip())
        requirement = requirements.get(code or "")
        if requirement is None:
            continue
        if RequirementMapping.objects.filter(
            grid_version=criterion.version,
            criterion_code=criterion.code,
            requirement=requirement,
        ).exists():
            continue
        requirement_map(
            actor=actor,
            requirement=requirement,
            grid_version=criterion.version,
            criterion_code=criterion.code,
        )
        added += 1
    return added


# --- Label register ---------------------------------------------------------------------------


def _clean_scope(scope: Sequence[str]) -> list[str]:
    chosen = list(dict.fromkeys(scope))
    if not chosen:
        raise ValidationError({"scope": [_("Choose at least one reception channel.")]})
    unknown = [c for c in chosen if c not in LabelChannel.values]
    if unknown:
        raise ValidationError({"scope": [_("Unknown reception channel.")]})
    return [c for c in LabelChannel.values if c in chosen]


@transaction.atomic
def label_holder_create(
    *, actor: Any, service_point: ServicePoint, scope: Sequence[str], note: str = ""
) -> LabelHolder:
    """A candidate for the label (certification is a transition, with its date and number)."""
    holder = model_create(
        instance=LabelHolder(service_point=service_point, scope=_clean_scope(scope)),
        actor=actor,
        action="label_holder.create",
        fields=["service_point.code", "scope", "status"],
    )
    _record(holder=holder, actor=actor, old="", note=note, on=timezone.localdate())
    return holder


def _record(*, holder: LabelHolder, actor: Any, old: str, note: str, on: dt.date) -> None:
    model_create(
        instance=LabelTransition(
            holder=holder,
            from_status=old,
            to_status=holder.status,
            on=on,
            note=note,
            actor=actor if getattr(actor, "pk", None) else None,
        ),
        actor=actor,
        action="label_status_change.create",
        fields=["holder", "from_status", "to_status", "on"],
    )


@transaction.atomic
def label_holder_transition(
    *,
    actor: Any,
    holder: LabelHolder,
    to_status: str,
    note: str = "",
    certified_on: dt.date | None = None,
    certificate_number: str = "",
    on: dt.date | None = None,
) -> LabelHolder:
    """Move the holder along labels.TRANSITIONS. Certifying from candidate or expired, or
    renewing, needs the certificate's date and number; the history keeps every change."""
    locked = LabelHolder.objects.select_for_update().get(pk=holder.pk)
    old = locked.status
    if to_status not in TRANSITIONS.get(old, frozenset()):
        raise ValidationError(_("This status change is not allowed."))
    data: dict[str, Any] = {"status": to_status}
    new_certificate = to_status == LabelStatus.CERTIFIED and (
        old in (LabelStatus.CANDIDATE, LabelStatus.EXPIRED, LabelStatus.CERTIFIED)
    )
    if new_certificate:
        if certified_on is None or not certificate_number.strip():
            raise ValidationError(_("A certification needs its date and certificate number."))
        if certified_on > timezone.localdate():
            raise ValidationError(_("The certification date cannot be in the future."))
        data.update(certified_on=certified_on, certificate_number=certificate_number.strip())
    model_update(instance=locked, actor=actor, action="label_holder.status", data=data)
    _record(holder=locked, actor=actor, old=old, note=note, on=on or timezone.localdate())
    return locked


def _targeted_version(referential: Referential) -> GridVersion | None:
    """The published grid version with the most criteria mapped to the referential."""
    row = (
        RequirementMapping.objects.filter(
            requirement__referential=referential, grid_version__status="published"
        )
        .values("grid_version")
        .annotate(n=Count("id"))
        .order_by("-n", "-grid_version")
        .first()
    )
    return None if row is None else GridVersion.objects.get(pk=row["grid_version"])


FOLLOWED = (LabelStatus.CERTIFIED, LabelStatus.FOLLOW_UP_DUE, LabelStatus.SUSPENDED)


@transaction.atomic
def label_follow_up_mission_create(
    *,
    actor: Any,
    holder: LabelHolder,
    referential: Referential,
    window_start: dt.datetime,
    window_end: dt.datetime,
) -> Any:
    """A visit of the holder's point on the grid whose criteria check the label's requirements
    (through the missions services: the same checks, audit and notifications as any mission)."""
    if holder.status not in FOLLOWED:
        raise ValidationError(
            _("Only a certified, follow-up due or suspended label gets follow-up visits.")
        )
    version = _targeted_version(referential)
    if version is None:
        raise ValidationError(
            _("No published grid has criteria mapped to the referential's requirements.")
        )
    mission = mission_create(
        actor=actor,
        service_point=holder.service_point,
        grid_version=version,
        window_start=window_start,
        window_end=window_end,
        campaign=f"marhba-{holder.pk}",
    )
    model_audit(
        instance=holder,
        actor=actor,
        action="label_holder.follow_up_mission",
        changes={"mission": mission.code},
    )
    return mission


@transaction.atomic
def label_document_add(
    *, actor: Any, holder: LabelHolder, title: str, upload: Any
) -> LabelDocument:
    """A PDF kept as sent, or a photo re-encoded (pixels only), as the follow-up's files."""
    if not title.strip():
        raise ValidationError({"title": [_("Give the document a title.")]})
    content, content_type, digest = checked_file(upload)
    document = LabelDocument(
        holder=holder,
        title=title.strip(),
        name=safe_name(getattr(upload, "name", "")),
        content_type=content_type,
        size=len(content),
        sha256=digest,
    )
    document.file.save("file", ContentFile(content), save=False)
    return model_create(
        instance=document,
        actor=actor,
        action="label_document.create",
        fields=["holder", "title", "name", "sha256", "size"],
    )
