"""Writes of the integrity app: every change and every read is audited (docs/integrity.md).

Audit events name the case by its reference and never carry its content (facts, reasons,
identities): the audit trail is readable by administrators, the case is not.
"""

from __future__ import annotations

import hashlib
import uuid as uuid_lib
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core.roles import Role
from raqib.core.writes import model_audit, model_create, model_update, no_check
from raqib.missions.models import ReportStatus

from . import crypto, notify
from .access import is_director, is_officer
from .authorities import authorities
from .models import (
    CLOSED,
    Case,
    CaseAssignment,
    CaseEvidence,
    CaseFact,
    CaseReport,
    Category,
    IdentityReveal,
    Origin,
    Referral,
    RevealStatus,
    Severity,
)
from .transitions import TRANSITIONS

CASE_FIELDS = ("reference", "category", "origin", "status", "severity", "body.code")
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def _new_reference() -> str:
    return f"INT-{timezone.now():%Y}-{uuid_lib.uuid4().hex[:6].upper()}"


def integrity_criteria(snapshot: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Criteria tagged integrity in a grid version snapshot: {code: criterion}.

    Tagged: every criterion of a section coded `integrity`, and every criterion whose code
    is listed in `settings.RAQIB_INTEGRITY_CRITERIA`.
    """
    from django.conf import settings

    listed = set(settings.RAQIB_INTEGRITY_CRITERIA or [])
    found: dict[str, dict[str, Any]] = {}
    for section in snapshot.get("sections", []):
        for criterion in section.get("criteria", []):
            if section.get("code") == "integrity" or criterion.get("code") in listed:
                found[str(criterion["code"])] = criterion
    return found


def _facts_from_report(report: Any, failed: list[str], criteria: dict[str, Any]) -> str:
    mission = report.mission
    point = mission.service_point
    lines = [
        f"{mission.code} — {point.name_ar} / {point.name_fr}",
        *(
            f"{code}: {criteria[code]['label']['ar']} / {criteria[code]['label']['fr']}"
            for code in failed
        ),
    ]
    if report.notes:
        lines.append(report.notes)
    return "\n".join(lines)


@transaction.atomic
def case_open_from_report(*, report: Any) -> Case | None:
    """Open a case for a validated report with a critical integrity failure, once per report."""
    snapshot = report.mission.grid_version.snapshot or {}
    criteria = integrity_criteria(snapshot)
    failures = list((report.score or {}).get("critical_failures", []))
    failed = [code for code in failures if code in criteria]
    if not failed or Case.objects.filter(origin_report=report).exists():
        return None
    case = _case_from_report(
        report=report,
        actor=None,
        category=Category.EXTORTION if _mentions_payment(failed, criteria) else Category.OTHER,
        severity=Severity.CRITICAL,
        facts=_facts_from_report(report, failed, criteria),
        failed=failed,
    )
    transaction.on_commit(lambda: notify.case_opened(case=case))
    return case


def _case_from_report(
    *, report: Any, actor: Any, category: str, severity: str, facts: str, failed: list[str]
) -> Case:
    """The case of a report (its point, date, observer by pseudonym), linked to it."""
    mission = report.mission
    case = model_create(
        instance=Case(
            reference=_new_reference(),
            category=category,
            origin=Origin.REPORT,
            facts=facts,
            body=mission.service_point.body,
            service_point=mission.service_point,
            occurred_at=report.started_at or report.submitted_at,
            place_of_facts=mission.service_point.name_fr,
            severity=severity,
            observer=report.observer,
            origin_report=report,
            criteria=failed,
        ),
        actor=actor,
        action="integrity_case.open",
        fields=CASE_FIELDS,
    )
    CaseReport.objects.create(case=case, report=report)
    return case


_PAYMENT_WORDS = ("bribe", "pot-de-vin", "indu", "رشوة", "مقابل")


def _mentions_payment(failed: list[str], criteria: dict[str, Any]) -> bool:
    parts = []
    for code in failed:
        criterion = criteria[code]
        label = criterion.get("label", {})
        parts += [label.get("ar", ""), label.get("fr", ""), criterion.get("reference", "")]
    text = " ".join(parts).lower()
    return any(word in text for word in _PAYMENT_WORDS)


@transaction.atomic
def case_create(
    *,
    actor: Any,
    category: str,
    facts: str,
    body: Any,
    service_point: Any = None,
    origin: str = Origin.MANUAL,
    severity: str = Severity.HIGH,
    place_of_facts: str = "",
    occurred_at: Any = None,
) -> Case:
    """An integrity officer opens a case by hand (external signal or own finding)."""
    if not is_officer(actor):
        raise PermissionDenied
    case = model_create(
        instance=Case(
            reference=_new_reference(),
            category=category,
            origin=origin,
            facts=facts,
            body=body,
            service_point=service_point,
            severity=severity,
            place_of_facts=place_of_facts,
            occurred_at=occurred_at,
        ),
        actor=actor,
        action="integrity_case.open",
        fields=CASE_FIELDS,
    )
    _assign(actor=actor, case=case, officers=[actor])
    return case


COMMENT_HEAD = "تعليق مواطن في استبيان / Commentaire d'un citoyen dans une enquête :"
MAX_FACTS = 20000


def _officer_facts(facts: str) -> str:
    facts = facts.strip()
    if len(facts) > MAX_FACTS:
        raise ValidationError(
            {"facts": [_("Keep the facts under %(n)s characters.") % {"n": MAX_FACTS}]}
        )
    return facts


@transaction.atomic
def case_open_from_chosen_report(
    *, actor: Any, report: Any, category: str, severity: str, facts: str = ""
) -> Case:
    """An integrity officer opens a case from a validated report they chose (any finding).

    One case per report: the report is the case's origin, so its automatic opening can never
    make a second one.
    """
    if not is_officer(actor):
        raise PermissionDenied
    if report.status != ReportStatus.VALIDATED or not report.is_active:
        raise ValidationError({"report": [_("Only a validated report can open a case.")]})
    if (
        Case.objects.filter(origin_report=report).exists()
        or CaseReport.objects.filter(report=report).exists()
    ):
        raise ValidationError(
            {
                "report": [
                    _(
                        "A case is already open for this report; ask the director to assign "
                        "you to it."
                    )
                ]
            }
        )
    snapshot = report.mission.grid_version.snapshot or {}
    criteria = integrity_criteria(snapshot)
    failed = [
        code for code in (report.score or {}).get("critical_failures", []) if code in criteria
    ]
    summary = _facts_from_report(report, failed, criteria)
    own = _officer_facts(facts)
    case = _case_from_report(
        report=report,
        actor=actor,
        category=category,
        severity=severity,
        facts=f"{summary}\n{own}" if own else summary,
        failed=failed,
    )
    _assign(actor=actor, case=case, officers=[actor])
    return case


@transaction.atomic
def case_open_from_comment(
    *, actor: Any, flag: Any, comment: Any, category: str, severity: str, facts: str = ""
) -> Case:
    """An integrity officer takes up a survey comment flagged by staff and opens a case.

    `comment` is the surveys' `FlaggedComment` contract of `flag`. The citizen is anonymous:
    the case has no observer.
    """
    from raqib.surveys.services import survey_comment_flag_take_up

    if not is_officer(actor):
        raise PermissionDenied
    survey_comment_flag_take_up(actor=actor, flag=flag)
    own = _officer_facts(facts)
    point = comment.service_point
    head = f"{COMMENT_HEAD} {comment.wave_code}\n{comment.text}"
    case = model_create(
        instance=Case(
            reference=_new_reference(),
            category=category,
            origin=Origin.SURVEY_COMMENT,
            facts=f"{head}\n{own}" if own else head,
            body=point.body,
            service_point=point,
            occurred_at=comment.submitted_at,
            place_of_facts=point.name_fr,
            severity=severity,
            origin_comment=flag,
        ),
        actor=actor,
        action="integrity_case.open",
        fields=CASE_FIELDS,
    )
    _assign(actor=actor, case=case, officers=[actor])
    return case


@transaction.atomic
def case_fact_add(*, actor: Any, case: Case, text: str) -> CaseFact:
    """Facts learnt after opening, added with their date; the first account is never edited.

    The audit event says that facts were added, never what they are.
    """
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Describe the facts.")]})
    if len(text) > MAX_FACTS:
        raise ValidationError(
            {"text": [_("Keep the facts under %(n)s characters.") % {"n": MAX_FACTS}]}
        )
    if case.status in CLOSED:
        raise ValidationError(_("This case is closed: its facts can no longer change."))
    return model_create(
        instance=CaseFact(case=case, text=text, added_by=actor),
        actor=actor,
        action="integrity_case.add_facts",
        label=case.reference,
        extra={"case": case.reference},
        validate=no_check,
    )


def _assign(*, actor: Any, case: Case, officers: Iterable[Any]) -> list[int]:
    added = []
    for officer in officers:
        if Role.INTEGRITY_OFFICER not in getattr(officer, "role_codes", frozenset()):
            raise ValidationError({"officer": [_("Only integrity officers can be assigned.")]})
        _link, created = CaseAssignment.objects.get_or_create(case=case, officer=officer)
        if created:
            added.append(officer.pk)
    if added:
        model_audit(
            instance=case, actor=actor, action="integrity_case.assign", changes={"officers": added}
        )
    return added


@transaction.atomic
def case_assign(*, actor: Any, case: Case, officer: Any) -> bool:
    """The director or an administrator assigns an officer (without reading the case)."""
    return bool(_assign(actor=actor, case=case, officers=[officer]))


def case_read_record(*, actor: Any, case: Case, what: str = "case") -> None:
    """Every read of a case, a field, a file or its API leaves an audit event (who, what)."""
    model_audit(instance=case, actor=actor, action="integrity_case.read", changes={"what": what})


@transaction.atomic
def case_act(
    *, actor: Any, case: Case, event: str, reason: str = "", authority: str = "", language: str = ""
) -> Case:
    """Move a case along the transition table (assigned officers and the director).

    Referring (`refer`) names a competent authority and the letter's language; it records a
    `Referral` whose letter is rendered on demand.
    """
    move = TRANSITIONS.get(event)
    if move is None or case.status not in move.sources:
        raise ValidationError(_("This step is not possible from the case's current status."))
    if move.needs_authority:
        if authority not in authorities():
            raise ValidationError({"authority": [_("Choose a competent authority.")]})
        if language not in ("ar", "fr"):
            raise ValidationError({"language": [_("Choose the language of the letter.")]})
        model_create(
            instance=Referral(case=case, authority=authority, language=language, created_by=actor),
            actor=actor,
            action="integrity_referral.create",
            fields=["authority", "language"],
            label=case.reference,
        )
    reason = reason.strip()
    if move.needs_reason and not reason:
        raise ValidationError({"reason": [_("Give the reason for closing without referral.")]})
    data: dict[str, Any] = {"status": move.target, "version": case.version + 1}
    if move.needs_reason:
        data["closing_reason"] = reason
    model_update(
        instance=case,
        actor=actor,
        action=f"integrity_case.{event}",
        data=data,
        fields=["status"],
        validate=no_check,
    )
    return case


@transaction.atomic
def evidence_add(
    *, actor: Any, case: Case, name: str, content: bytes, content_type: str
) -> CaseEvidence:
    """Store a file encrypted; its SHA-256 is the plaintext's, recorded in the custody log."""
    if not content:
        raise ValidationError({"file": [_("The file is empty.")]})
    if len(content) > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": [_("The file is too large.")]})
    evidence = CaseEvidence(
        case=case,
        name=name[:200] or "file",
        content_type=content_type[:60] or "application/octet-stream",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        added_by=actor,
    )
    evidence.file.save("evidence.bin", ContentFile(crypto.encrypt(content)), save=False)
    return model_create(
        instance=evidence,
        actor=actor,
        action="integrity_evidence.add",
        fields=["sha256", "size", "content_type"],
        validate=no_check,
    )


def evidence_plaintext(evidence: CaseEvidence) -> bytes:
    with evidence.file.open("rb") as handle:
        return crypto.decrypt(handle.read())


def evidence_read(*, actor: Any, evidence: CaseEvidence, action: str = "view") -> bytes:
    """The decrypted file, its read audited (custody: viewed or exported, by whom)."""
    content = evidence_plaintext(evidence)
    model_audit(
        instance=evidence,
        actor=actor,
        action=f"integrity_evidence.{action}",
        changes={"sha256": evidence.sha256, "case": evidence.case.reference},
    )
    return content


@transaction.atomic
def identity_reveal_request(*, actor: Any, case: Case, reason: str) -> IdentityReveal:
    """An officer asks to reveal the observer's identity, with a stated reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("State the reason for revealing the identity.")]})
    if case.observer_id is None:
        raise ValidationError(_("This case has no observer to reveal."))
    reveal = model_create(
        instance=IdentityReveal(case=case, requested_by=actor, reason=reason),
        actor=actor,
        action="integrity_reveal.request",
        fields=["status"],
        extra={"case": case.reference},
        label=case.reference,
    )
    transaction.on_commit(lambda: notify.reveal_requested(reveal=reveal))
    return reveal


@transaction.atomic
def identity_reveal_decide(*, actor: Any, reveal: IdentityReveal, approve: bool) -> IdentityReveal:
    """The director — a second person — approves or refuses."""
    if not is_director(actor):
        raise PermissionDenied
    if actor.pk == reveal.requested_by_id:
        raise ValidationError(_("The person who asked cannot approve their own request."))
    if reveal.status != RevealStatus.REQUESTED:
        raise ValidationError(_("This request was already decided."))
    model_update(
        instance=reveal,
        actor=actor,
        action="integrity_reveal.approve" if approve else "integrity_reveal.refuse",
        data={
            "status": RevealStatus.APPROVED if approve else RevealStatus.REFUSED,
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
        fields=["status"],
        label=reveal.case.reference,
        validate=no_check,
    )
    transaction.on_commit(lambda: notify.reveal_decided(reveal=reveal))
    return reveal
