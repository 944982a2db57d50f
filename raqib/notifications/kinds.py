"""What can be notified, to whom, and how by default.

One row per kind: the roles that may receive it (the preferences page lists only these), the
default e-mail mode, whether the recipient may switch its inbox entry off, and whether it is
addressed to public bodies (focal points). A body-facing kind is the only kind a focal point
can receive, and its message may carry no person (see `contract.Message`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from raqib.core.roles import Role


class NotificationKind(models.TextChoices):
    MISSION_ASSIGNED = "mission_assigned", _("New mission")
    MISSION_REASSIGNED = "mission_reassigned", _("Mission given to another observer")
    MISSION_CHANGED = "mission_changed", _("Mission window changed")
    MISSION_CANCELLED = "mission_cancelled", _("Mission cancelled")
    REPORT_RETURNED = "report_returned", _("Report returned for correction")
    REPORT_SUBMITTED = "report_submitted", _("Report submitted")
    REPORT_ANOMALIES = "report_anomalies", _("Report with anomalies")
    CRITICAL_FINDING = "critical_finding", _("Critical finding")
    RECOMMENDATION_SENT = "recommendation_sent", _("Recommendation sent to your body")
    RECOMMENDATION_DUE = "recommendation_due", _("Action plan due")
    RECOMMENDATION_OVERDUE = "recommendation_overdue", _("Recommendation overdue")
    RECOMMENDATION_ESCALATED = "recommendation_escalated", _("Overdue recommendation escalated")
    RECOMMENDATION_SENT_BACK = "recommendation_sent_back", _("Action plan sent back")
    RECOMMENDATION_VERIFIED = "recommendation_verified", _("Recommendation verified on the ground")
    RECOMMENDATION_CHANGED = "recommendation_changed", _("Recommendation status changed")
    RECOMMENDATION_ANSWERED = "recommendation_answered", _("A body answered a recommendation")
    LABEL_DUE = "label_due", _("Marhba label follow-up or renewal coming")
    LABEL_ALERT = "label_alert", _("Marhba label holder below the compliance level")
    INTEGRITY_CASE_OPENED = "integrity_case_opened", _("Integrity case opened")
    INTEGRITY_REVEAL_REQUESTED = "integrity_reveal_requested", _("Identity reveal requested")
    INTEGRITY_REVEAL_DECIDED = "integrity_reveal_decided", _("Identity reveal decided")
    INTEGRITY_REFERRAL_REMINDER = "integrity_referral_reminder", _("Referral without an answer")
    SURVEY_QUARANTINE_SURGE = "survey_quarantine_surge", _("Survey answers quarantined in numbers")
    MEMBER_TERM_ENDING = "member_term_ending", _("A member's term is ending")


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DIGEST = "digest", _("Daily digest")
    NEVER = "never", _("Never")


@dataclass(frozen=True)
class KindSpec:
    roles: frozenset[str]
    email: str = EmailMode.DIGEST
    # False: the inbox entry cannot be switched off (the recipient must act on it).
    in_app_optional: bool = True
    # Addressed to public bodies: the message may name bodies and points, never a person.
    body_facing: bool = False


_STAFF_REVIEW = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR})
_CRITICAL = frozenset({Role.INTEGRITY_OFFICER, Role.DIRECTOR})
_OBSERVER = frozenset({Role.OBSERVER})
_BODY = frozenset({Role.FOCAL_POINT})
_FOLLOWUP = frozenset({Role.COORDINATOR, Role.DIRECTOR})

K = NotificationKind
KINDS: dict[str, KindSpec] = {
    K.MISSION_ASSIGNED: KindSpec(_OBSERVER, in_app_optional=False),
    K.MISSION_REASSIGNED: KindSpec(_OBSERVER, in_app_optional=False),
    K.MISSION_CHANGED: KindSpec(_OBSERVER, in_app_optional=False),
    K.MISSION_CANCELLED: KindSpec(_OBSERVER, in_app_optional=False),
    K.REPORT_RETURNED: KindSpec(_OBSERVER, email=EmailMode.IMMEDIATE, in_app_optional=False),
    K.REPORT_SUBMITTED: KindSpec(_STAFF_REVIEW),
    K.REPORT_ANOMALIES: KindSpec(_STAFF_REVIEW),
    K.CRITICAL_FINDING: KindSpec(_CRITICAL, email=EmailMode.IMMEDIATE, in_app_optional=False),
    K.RECOMMENDATION_SENT: KindSpec(_BODY, in_app_optional=False, body_facing=True),
    K.RECOMMENDATION_DUE: KindSpec(_BODY, in_app_optional=False, body_facing=True),
    K.RECOMMENDATION_OVERDUE: KindSpec(
        _BODY, email=EmailMode.IMMEDIATE, in_app_optional=False, body_facing=True
    ),
    K.RECOMMENDATION_ESCALATED: KindSpec(
        _BODY, email=EmailMode.IMMEDIATE, in_app_optional=False, body_facing=True
    ),
    K.RECOMMENDATION_SENT_BACK: KindSpec(_BODY, in_app_optional=False, body_facing=True),
    K.RECOMMENDATION_VERIFIED: KindSpec(_BODY, body_facing=True),
    K.RECOMMENDATION_CHANGED: KindSpec(_BODY, in_app_optional=False, body_facing=True),
    K.RECOMMENDATION_ANSWERED: KindSpec(_FOLLOWUP),
    K.LABEL_DUE: KindSpec(_FOLLOWUP),
    K.LABEL_ALERT: KindSpec(_FOLLOWUP, email=EmailMode.IMMEDIATE),
    K.INTEGRITY_CASE_OPENED: KindSpec(_CRITICAL, email=EmailMode.IMMEDIATE, in_app_optional=False),
    K.INTEGRITY_REVEAL_REQUESTED: KindSpec(
        frozenset({Role.DIRECTOR}), email=EmailMode.IMMEDIATE, in_app_optional=False
    ),
    K.INTEGRITY_REVEAL_DECIDED: KindSpec(
        frozenset({Role.INTEGRITY_OFFICER}), email=EmailMode.IMMEDIATE, in_app_optional=False
    ),
    K.INTEGRITY_REFERRAL_REMINDER: KindSpec(_CRITICAL, in_app_optional=False),
    K.SURVEY_QUARANTINE_SURGE: KindSpec(_STAFF_REVIEW, email=EmailMode.IMMEDIATE),
    K.MEMBER_TERM_ENDING: KindSpec(frozenset({Role.ADMINISTRATOR, Role.DIRECTOR})),
}


def kind_spec(kind: str) -> KindSpec:
    return KINDS[kind]


def kinds_for_roles(roles: frozenset[str]) -> list[str]:
    """The kinds a holder of these roles may receive, in declaration order."""
    return [kind for kind, spec in KINDS.items() if spec.roles & roles]
