"""Users, the roles they hold, and the scopes that bound what they may see."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from raqib.core.models import TimeStampedModel
from raqib.core.roles import Role
from raqib.registry.models import Delegation, PublicBody, ServicePoint


class User(AbstractUser):
    """A person who signs in. Accounts are deactivated, never deleted: audit rows point here."""

    # Role codes in the audit trail («user.roles_set») read as the roles' names.
    AUDIT_VALUE_CHOICES = {"roles": Role.choices}

    is_demo = models.BooleanField(_("synthetic demo account"), default=False)
    # Folded names, e-mail and pseudonym, kept by the services, for the Arabic-aware search.
    search_text = models.TextField(editable=False, default="")
    focal_bodies = models.ManyToManyField(
        PublicBody,
        through="FocalPointScope",
        verbose_name=_("bodies answered for"),
        related_name="focal_points",
        blank=True,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def role_codes(self) -> frozenset[str]:
        # One query per request at most; selectors prefetch `roles` for lists of users.
        return frozenset(r.role for r in self.roles.all())

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(code).label) for code in sorted(self.role_codes)]

    def has_role(self, role: str) -> bool:
        return self.is_active and role in self.role_codes

    @cached_property
    def focal_body_ids(self) -> frozenset[int]:
        """Bodies a focal point may see, with their descendants (a ministry sees its bodies)."""
        if not self.has_role(Role.FOCAL_POINT):
            return frozenset()
        from raqib.registry.selectors import public_body_descendant_ids

        roots = list(self.focal_bodies.values_list("id", flat=True))
        return frozenset(public_body_descendant_ids(root_ids=roots))


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role held")
        verbose_name_plural = _("roles held")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="accounts_role_once_per_user"),
            models.CheckConstraint(
                condition=Q(role__in=[code for code, _label in Role.choices]),
                name="accounts_role_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class FocalPointScope(models.Model):
    """A body a focal point answers for; they see this body's findings and nothing else."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="focal_scopes")
    body = models.ForeignKey(PublicBody, on_delete=models.PROTECT, related_name="focal_scopes")

    class Meta:
        verbose_name = _("focal point scope")
        verbose_name_plural = _("focal point scopes")
        constraints = [
            models.UniqueConstraint(fields=["user", "body"], name="accounts_focal_body_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.body_id}"


# Languages a member works in (codes kept; labels shown in the reader's language).
MEMBER_LANGUAGES = (
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("en", _("English")),
    ("ber", _("Tamazight")),
)


class ObserverProfile(TimeStampedModel):
    """What the department knows of an observer. Bodies only ever see the pseudonym."""

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="observer_profile")
    pseudonym = models.CharField(
        _("pseudonym code"),
        max_length=20,
        unique=True,
        help_text=_("The only name public bodies ever see, e.g. OBS-0042."),
    )
    home_delegation = models.ForeignKey(
        Delegation, verbose_name=_("home delegation"), on_delete=models.PROTECT, related_name="+"
    )
    conflict_bodies = models.ManyToManyField(
        PublicBody, verbose_name=_("declared conflicts (bodies)"), blank=True, related_name="+"
    )
    conflict_service_points = models.ManyToManyField(
        ServicePoint,
        verbose_name=_("declared conflicts (service points)"),
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("active observer"), default=True)
    # The member record (issue 16, docs/training.md § Member record).
    specialities = models.CharField(
        _("specialities"),
        max_length=300,
        blank=True,
        help_text=_("e.g. health services, social affairs, accessibility, outside specialist."),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    availability = models.CharField(
        _("availability"),
        max_length=300,
        blank=True,
        help_text=_("e.g. mornings only; not available in August."),
    )
    suspended_until = models.DateField(_("suspended until (inclusive)"), null=True, blank=True)
    suspension_reason = models.CharField(_("reason for the suspension"), max_length=300, blank=True)
    # The audit trail shows the languages' names, not their codes (audit.labels.value_label).
    AUDIT_VALUE_CHOICES = {"languages": MEMBER_LANGUAGES}

    class Meta:
        verbose_name = _("observer profile")
        verbose_name_plural = _("observer profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(suspended_until__isnull=True) | ~Q(suspension_reason=""),
                name="accounts_suspension_has_reason",
            )
        ]

    def suspended_on(self, day: dt.date) -> bool:
        return self.suspended_until is not None and day <= self.suspended_until

    def __str__(self) -> str:
        return self.pseudonym


MAX_RENEWALS = 4


class Appointment(models.Model):
    """A member's appointment decision: the first term (renewal 0), then up to four renewals
    (the programme's rule); a fifth renewal needs a recorded reason (docs/training.md)."""

    user = models.ForeignKey(
        User, verbose_name=_("member"), on_delete=models.PROTECT, related_name="appointments"
    )
    decided_on = models.DateField(_("decision date"))
    decision_reference = models.CharField(_("decision reference"), max_length=100)
    term_start = models.DateField(_("term starts on"))
    term_end = models.DateField(_("term ends on"))
    renewal = models.PositiveSmallIntegerField(_("renewal number"))
    override_reason = models.CharField(
        _("reason for exceeding the renewal limit"), max_length=300, blank=True
    )
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["user", "renewal"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.UniqueConstraint(fields=["user", "renewal"], name="accounts_appointment_once"),
            models.CheckConstraint(
                condition=models.Q(term_end__gt=models.F("term_start")),
                name="accounts_appointment_term_order",
            ),
            models.CheckConstraint(
                condition=models.Q(renewal__lte=MAX_RENEWALS) | ~models.Q(override_reason=""),
                name="accounts_appointment_renewal_limit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_reference}"
