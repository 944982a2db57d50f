"""Reads of integrity cases: only the assigned officers and the director; 404 for anyone else.

Selectors do not audit: the views call `services.case_read_record` for every read they show.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from raqib.audit.labels import action_label
from raqib.audit.models import AuditEvent
from raqib.core.activity import ActivityFilters, ActivitySection, ActivityTable, Cell
from raqib.core.bilingual import localized
from raqib.core.roles import Role
from raqib.registry.selectors import public_body_descendant_ids

from .access import is_director, is_officer, may_assign
from .models import (
    CLOSED,
    Case,
    CaseEvidence,
    CaseFact,
    CaseReport,
    CaseStatus,
    Category,
    IdentityReveal,
    Referral,
    RevealStatus,
)


def case_list_for_user(*, user: Any) -> QuerySet[Case]:
    """The director and administrators: every case; an officer: the cases assigned to them."""
    qs = Case.objects.select_related("body").prefetch_related("assignments")
    if is_director(user) or may_assign(user):
        return qs
    if is_officer(user):
        return qs.filter(assignments__officer=user).distinct()
    return qs.none()


def _readable(user: Any) -> QuerySet[Case]:
    if is_director(user):
        return Case.objects.all()
    if is_officer(user):
        return Case.objects.filter(assignments__officer=user).distinct()
    return Case.objects.none()


def case_get_for_user(*, user: Any, pk: int) -> Case:
    """The case with its content, or 404 (administrators and unassigned officers included)."""
    case = (
        _readable(user)
        .select_related("body", "service_point", "observer", "origin_report")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    return case


def case_get_for_assignment(*, user: Any, pk: int) -> Case:
    """The case to assign officers to (director, administrator), or 404."""
    if not may_assign(user):
        raise Http404
    case = Case.objects.filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def evidence_get_for_user(*, user: Any, case_pk: int, uuid: str) -> CaseEvidence:
    case = case_get_for_user(user=user, pk=case_pk)
    found = CaseEvidence.objects.filter(case=case, uuid=_uuid(uuid)).first()
    if found is None:
        raise Http404
    return found


def _uuid(value: str) -> str:
    import uuid

    try:
        return str(uuid.UUID(value))
    except ValueError as exc:
        raise Http404 from exc


def integrity_officers() -> QuerySet[Any]:
    """Active integrity officers, for the assignment list."""
    return (
        get_user_model()
        .objects.filter(is_active=True, roles__role=Role.INTEGRITY_OFFICER)
        .distinct()
        .order_by("username")
    )


def integrity_officer_get(*, pk: int) -> Any:
    """An active integrity officer, or None."""
    return integrity_officers().filter(pk=pk).first()


def reveal_get(*, case: Case, pk: int) -> IdentityReveal:
    found = case.reveals.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def referral_get(*, case: Case, pk: int) -> Referral:
    found = case.referrals.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def identity_revealed(*, case: Case) -> bool:
    """True when the director approved a reveal of this case's observer."""
    return case.reveals.filter(status=RevealStatus.APPROVED).exists()


def facts_added(*, case: Case) -> list[CaseFact]:
    """Facts added after opening, oldest first (decrypted: for the case's readers only)."""
    return list(case.facts_added.select_related("added_by"))


def reveals_of(*, case: Case) -> QuerySet[IdentityReveal]:
    return case.reveals.select_related("requested_by", "decided_by")


def custody_log(*, case: Case) -> list[dict[str, Any]]:
    """Every audited event of the case, its files and its reveals, oldest first."""
    evidence_ids = [str(u) for u in case.evidence.values_list("uuid", flat=True)]
    reveal_ids = [str(pk) for pk in case.reveals.values_list("pk", flat=True)]
    fact_ids = [str(pk) for pk in case.facts_added.values_list("pk", flat=True)]
    events = AuditEvent.objects.filter(
        Q(object_type="integrity.case", object_id=str(case.pk))
        | Q(object_type="integrity.caseevidence", object_id__in=evidence_ids)
        | Q(object_type="integrity.identityreveal", object_id__in=reveal_ids)
        | Q(object_type="integrity.casefact", object_id__in=fact_ids)
    ).order_by("occurred_at", "pk")
    return [
        {
            "at": event.occurred_at.isoformat(),
            "who": event.actor_label,
            "action": event.action,
            "label": action_label(event.action),
            "object": f"{event.object_type}:{event.object_id}",
            "details": event.changes,
        }
        for event in events
    ]


# --- the periodic report (raqib.core.activity): counts by category only, suppressed ---------


def _suppressed(count: int, minimum: int) -> Cell:
    """The count, or «< minimum» when it is below (a small count could point at a person)."""
    return count if count >= minimum else f"< {minimum}"


def _referral_figures(cases: QuerySet[Case]) -> tuple[list[tuple[str, int]], float | None, int]:
    """(referrals by stage, median days from opening to first referral, cases referred).

    Stages: sent and not acknowledged, acknowledged without outcome, outcome received. The
    median counts calendar days (local dates) between a case's opening and its first referral.
    """
    import statistics

    from django.utils import timezone

    referrals = list(
        Referral.objects.filter(case__in=cases.order_by().values("pk")).select_related("case")
    )
    stages = [
        (_("Sent, no acknowledgement yet"), sum(1 for r in referrals if not r.acknowledged_on)),
        (
            _("Acknowledged, no outcome yet"),
            sum(1 for r in referrals if r.acknowledged_on and not r.outcome_on),
        ),
        (_("Outcome received"), sum(1 for r in referrals if r.outcome_on)),
    ]
    first: dict[int, int] = {}
    for r in referrals:
        days = (
            timezone.localtime(r.created_at).date() - timezone.localtime(r.case.created_at).date()
        ).days
        first[r.case_id] = min(days, first.get(r.case_id, days))
    median = float(statistics.median(first.values())) if first else None
    return [row for row in stages if row[1]], median, len(first)


def periodic_report_section(*, filters: ActivityFilters) -> ActivitySection | None:
    """Cases opened in the period, by category; counts below the minimum are not printed."""
    minimum = int(settings.RAQIB_INTEGRITY_MIN_COUNT)
    qs = Case.objects.filter(created_at__date__gte=filters.start, created_at__date__lte=filters.end)
    if filters.body_id:
        qs = qs.filter(body_id__in=public_body_descendant_ids(root_ids=[filters.body_id]))
    if filters.governorate_id:
        qs = qs.filter(service_point__governorate_id=filters.governorate_id)
    if filters.category_id:
        qs = qs.filter(service_point__category_id=filters.category_id)
    if filters.region_tag:
        qs = qs.filter(service_point__governorate__region_tags__code=filters.region_tag)
    counts = dict(qs.values_list("category").annotate(n=Count("pk", distinct=True)))
    total = sum(counts.values())
    if not total:
        return None
    rows = tuple(
        (str(label), _suppressed(counts.get(value, 0), minimum))
        for value, label in Category.choices
        if counts.get(value, 0)
    )
    by_body = qs.order_by().values_list("body__name_ar", "body__name_fr")
    body_rows = tuple(
        (localized(name_ar, name_fr), _suppressed(n, minimum))
        for name_ar, name_fr, n in sorted(
            by_body.annotate(n=Count("pk", distinct=True)), key=lambda row: (-row[2], row[1])
        )
    )
    by_governorate = (
        qs.exclude(service_point__isnull=True)
        .order_by()
        .values_list("service_point__governorate__name_ar", "service_point__governorate__name_fr")
        .annotate(n=Count("pk", distinct=True))
    )
    governorate_rows = tuple(
        (localized(name_ar, name_fr), _suppressed(n, minimum))
        for name_ar, name_fr, n in sorted(by_governorate, key=lambda row: (-row[2], row[1]))
    )
    referral_rows, median_days, referred = _referral_figures(qs)
    median_text = (
        _("Median time from opening to referral: %(days)s days (%(n)s cases referred).")
        % {"days": median_days, "n": referred}
        if median_days is not None and referred >= minimum
        else _(
            "Median time from opening to referral: not printed below %(minimum)s referred cases."
        )
        % {"minimum": minimum}
    )
    note = _("Counts below %(minimum)s are not printed, to protect the people concerned.") % {
        "minimum": minimum
    }
    return ActivitySection(
        key="integrity",
        title=_("Integrity"),
        paragraphs=(
            _("Integrity cases opened in the period: %(total)s.")
            % {"total": _suppressed(total, minimum)},
            median_text,
        ),
        tables=(
            ActivityTable(
                caption=_("Integrity cases by category"),
                columns=(_("Category"), _("Cases")),
                rows=rows,
                numeric=(False, True),
                note=_("Counts below %(minimum)s are not printed, to protect the people concerned.")
                % {"minimum": minimum},
            ),
            ActivityTable(
                caption=_("Integrity cases by public body"),
                columns=(_("Public body"), _("Cases")),
                rows=body_rows,
                numeric=(False, True),
                note=note,
            ),
            ActivityTable(
                caption=_("Integrity cases by governorate"),
                columns=(_("Governorate"), _("Cases")),
                rows=governorate_rows,
                numeric=(False, True),
                note=note,
            ),
            ActivityTable(
                caption=_("Referrals of the period's cases, by stage"),
                columns=(_("Stage"), _("Referrals")),
                rows=tuple((label, _suppressed(n, minimum)) for label, n in referral_rows),
                numeric=(False, True),
                note=note,
            ),
        ),
        method="docs/integrity.md",
    )


def officer_workspace(*, user: Any) -> dict[str, Any]:
    """The integrity officer's home panel: their cases by status, the active ones oldest first
    with their age in days, the referrals waiting past their time, and what waits to become a
    case — validated critical reports with no case yet, survey comments flagged by staff
    (references, statuses and dates only: no case content on the home page)."""
    from django.utils import timezone

    from raqib.missions.selectors import critical_reports_for_user
    from raqib.surveys.selectors import comment_flags_open

    from .referrals import referrals_due

    mine = Case.objects.filter(assignments__officer=user).distinct()
    by_status = dict(mine.order_by().values_list("status").annotate(n=Count("id", distinct=True)))
    mine_ids = set(mine.values_list("pk", flat=True))
    today = timezone.localdate()
    active = mine.exclude(status__in=CLOSED).order_by("created_at", "pk")[:20]
    critical = [
        r for r in critical_reports_for_user(user=user, limit=50) if r.status == "validated"
    ]
    cased = set(
        CaseReport.objects.filter(report_id__in=[r.pk for r in critical]).values_list(
            "report_id", flat=True
        )
    )
    return {
        "counts": [(status.label, by_status.get(status.value, 0)) for status in CaseStatus],
        "total": sum(by_status.values()),
        "active": [
            (case, (today - timezone.localtime(case.created_at).date()).days) for case in active
        ],
        "due": [
            (referral, stage)
            for referral, stage in referrals_due(today=today)
            if referral.case_id in mine_ids
        ],
        "uncased": [r for r in critical if r.pk not in cased][:10],
        "flagged": comment_flags_open()[:10],
    }
