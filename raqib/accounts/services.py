"""Writes on accounts: every one atomic, taking the acting user explicitly, and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from raqib.core.roles import Role
from raqib.core.search import search_blob
from raqib.core.writes import (
    diff_fields,
    model_audit,
    model_create,
    model_snapshot,
    model_update,
    no_check,
)
from raqib.registry.models import Delegation, PublicBody, ServicePoint

from .models import (
    MAX_RENEWALS,
    MEMBER_LANGUAGES,
    Appointment,
    FocalPointScope,
    ObserverProfile,
    User,
    UserRole,
)

# The member record's fields (docs/training.md § Member record); all audited with the profile.
MEMBER_FIELDS = (
    "specialities",
    "languages",
    "availability",
    "suspended_until",
    "suspension_reason",
)
PROFILE_AUDIT_FIELDS = ("pseudonym", "home_delegation", "is_active", *MEMBER_FIELDS)


def _member_clean(member: Mapping[str, Any]) -> dict[str, Any]:
    """Check and normalise the member-record part of a profile (errors per field)."""
    unknown_keys = set(member) - set(MEMBER_FIELDS)
    if unknown_keys:
        raise ValueError(f"unknown member fields: {sorted(unknown_keys)}")
    data: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    known = [code for code, _label in MEMBER_LANGUAGES]
    if "languages" in member:
        languages = list(dict.fromkeys(member["languages"] or []))
        wrong = [code for code in languages if code not in known]
        if wrong:
            errors["languages"] = [_("Unknown language.")]
        data["languages"] = sorted(languages, key=known.index) if not wrong else []
    for name in ("specialities", "availability", "suspension_reason"):
        if name in member:
            data[name] = " ".join(str(member[name] or "").split())[:300]
    if "suspended_until" in member:
        data["suspended_until"] = member["suspended_until"] or None
    if data.get("suspended_until") and not data.get("suspension_reason"):
        errors["suspension_reason"] = [_("Say why the observer is suspended.")]
    if "suspended_until" in data and data["suspended_until"] is None:
        # Lifting a suspension clears its reason: the audit trail keeps the old one.
        data["suspension_reason"] = ""
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def user_search_text_refresh(*, user: User) -> None:
    """Keep the folded text the user list searches (core.search, like every search box)."""
    pseudonym = getattr(getattr(user, "observer_profile", None), "pseudonym", "")
    text = search_blob(user.username, user.first_name, user.last_name, user.email, pseudonym)
    if text != user.search_text:
        user.search_text = text
        user.save(update_fields=["search_text"])


def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    roles: Iterable[str] = (),
    is_demo: bool = False,
) -> User:
    user = User(
        username=username, first_name=first_name, last_name=last_name, email=email, is_demo=is_demo
    )
    if password:
        validate_password(password, user=user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    model_create(
        instance=user,
        actor=actor,
        action="user.create",
        fields=["username", "first_name", "last_name", "email", "is_demo"],
        label=user.username,
        # The password never goes into the trail, only whether one was set.
        extra={"usable_password": [None, user.has_usable_password()]},
    )
    user_search_text_refresh(user=user)
    user_roles_set(actor=actor, user=user, roles=roles)
    return user


@transaction.atomic
def user_roles_set(*, actor: User | None, user: User, roles: Iterable[str]) -> User:
    wanted = set(roles)
    unknown = wanted - set(Role.values)
    if unknown:
        raise ValidationError(_("Unknown role: %(roles)s") % {"roles": ", ".join(sorted(unknown))})
    current = set(UserRole.objects.filter(user=user).values_list("role", flat=True))
    if wanted == current:
        return user
    if (
        actor is not None
        and actor.pk == user.pk
        and Role.ADMINISTRATOR in current
        and Role.ADMINISTRATOR not in wanted
    ):
        # Otherwise the last administrator can lock everybody out of account management.
        raise ValidationError(_("You cannot remove your own administrator role."))
    UserRole.objects.filter(user=user, role__in=current - wanted).delete()
    UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in sorted(wanted - current)])
    user.__dict__.pop("role_codes", None)
    model_audit(
        instance=user,
        actor=actor,
        action="user.roles_set",
        label=user.username,
        changes={"roles": [sorted(current), sorted(wanted)]},
    )
    if Role.FOCAL_POINT not in wanted and FocalPointScope.objects.filter(user=user).exists():
        # Bodies only mean something for a focal point; a stale scope would come back to life
        # silently if the role were granted again later.
        user_focal_bodies_set(actor=actor, user=user, bodies=())
    return user


@transaction.atomic
def user_focal_bodies_set(*, actor: User | None, user: User, bodies: Iterable[PublicBody]) -> User:
    wanted = {b.pk for b in bodies}
    if wanted and not UserRole.objects.filter(user=user, role=Role.FOCAL_POINT).exists():
        raise ValidationError(
            _("Only a user holding the focal point role can answer for public bodies.")
        )
    current = set(FocalPointScope.objects.filter(user=user).values_list("body_id", flat=True))
    if wanted == current:
        return user
    FocalPointScope.objects.filter(user=user, body_id__in=current - wanted).delete()
    FocalPointScope.objects.bulk_create(
        [FocalPointScope(user=user, body_id=pk) for pk in sorted(wanted - current)]
    )
    user.__dict__.pop("focal_body_ids", None)
    model_audit(
        instance=user,
        actor=actor,
        action="user.focal_bodies_set",
        label=user.username,
        changes={"bodies": [sorted(current), sorted(wanted)]},
    )
    return user


@transaction.atomic
def user_deactivate(*, actor: User, user: User, reason: str) -> User:
    """Accounts are never deleted (audit events and reports point at them): they stop working."""
    if actor.pk == user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if not reason.strip():
        raise ValidationError(_("Say why the account is deactivated."))
    if not user.is_active:
        return user
    model_update(
        instance=user,
        actor=actor,
        action="user.deactivate",
        data={"is_active": False},
        label=user.username,
        extra={"reason": [None, reason]},
        validate=no_check,
    )
    return user


@transaction.atomic
def user_reactivate(*, actor: User, user: User) -> User:
    if user.is_active:
        return user
    model_update(
        instance=user,
        actor=actor,
        action="user.reactivate",
        data={"is_active": True},
        label=user.username,
        validate=no_check,
    )
    return user


@transaction.atomic
def observer_profile_upsert(
    *,
    actor: User | None,
    user: User,
    pseudonym: str,
    home_delegation: Delegation,
    conflict_bodies: Iterable[PublicBody] = (),
    conflict_service_points: Iterable[ServicePoint] = (),
    is_active: bool = True,
    member: Mapping[str, Any] | None = None,
) -> ObserverProfile:
    """Create or update an observer's profile; `member` sets the member record's fields
    (MEMBER_FIELDS; those left out keep their value). A suspension needs a reason and blocks
    assignment until its last day (missions.services.mission_conflicts, planning)."""
    member_data = _member_clean(member or {})
    if not UserRole.objects.filter(user=user, role=Role.OBSERVER).exists():
        raise ValidationError(
            _("Only a user holding the observer role can have an observer profile.")
        )
    profile = ObserverProfile.objects.select_for_update().filter(user=user).first()
    before: dict[str, object] = {}
    if profile is None:
        profile = ObserverProfile(user=user)
    else:
        before = {
            **model_snapshot(profile, PROFILE_AUDIT_FIELDS),
            "conflict_bodies": sorted(profile.conflict_bodies.values_list("id", flat=True)),
            "conflict_service_points": sorted(
                profile.conflict_service_points.values_list("id", flat=True)
            ),
        }
    profile.pseudonym = pseudonym.strip().upper()
    profile.home_delegation = home_delegation
    profile.is_active = is_active
    for name, value in member_data.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    user_search_text_refresh(user=user)
    bodies = sorted({b.pk for b in conflict_bodies})
    points = sorted({p.pk for p in conflict_service_points})
    profile.conflict_bodies.set(bodies)
    profile.conflict_service_points.set(points)
    after = {
        **model_snapshot(profile, PROFILE_AUDIT_FIELDS),
        "conflict_bodies": bodies,
        "conflict_service_points": points,
    }
    # An upsert with many-to-many sets: saved above, recorded here as one old → new diff.
    model_audit(
        instance=profile,
        actor=actor,
        action="observer_profile.upsert",
        label=profile.pseudonym,
        changes=diff_fields(before, after),
    )
    return profile


@transaction.atomic
def appointment_record(
    *,
    actor: User,
    user: User,
    decided_on: dt.date,
    decision_reference: str,
    term_start: dt.date,
    term_end: dt.date,
    override_reason: str = "",
) -> Appointment:
    """Record a member's appointment or its next renewal.

    The first decision is renewal 0; each later one the next renewal. At most four renewals:
    a fifth (or more) is refused unless a reason for the exception is given, which the audit
    trail keeps (and the database enforces the rule too).
    """
    decision_reference = decision_reference.strip()
    override_reason = override_reason.strip()
    if not decision_reference:
        raise ValidationError({"decision_reference": [_("Give the decision's reference.")]})
    if term_end <= term_start:
        raise ValidationError({"term_end": [_("The term must end after it starts.")]})
    previous = list(Appointment.objects.select_for_update().filter(user=user).order_by("-renewal"))
    if previous and term_start < previous[0].term_start:
        raise ValidationError(
            {"term_start": [_("A renewal cannot start before the previous term.")]}
        )
    renewal = previous[0].renewal + 1 if previous else 0
    if renewal > MAX_RENEWALS and not override_reason:
        raise ValidationError(
            {
                "override_reason": [
                    _(
                        "A member may be renewed at most %(n)s times: give the reason for this "
                        "exception."
                    )
                    % {"n": MAX_RENEWALS}
                ]
            }
        )
    return model_create(
        instance=Appointment(
            user=user,
            decided_on=decided_on,
            decision_reference=decision_reference[:100],
            term_start=term_start,
            term_end=term_end,
            renewal=renewal,
            override_reason=override_reason[:300] if renewal > MAX_RENEWALS else "",
            recorded_by=actor,
        ),
        actor=actor,
        action="appointment.record",
        fields=["renewal", "term_start", "term_end", "decision_reference"],
        label=user.username,
        extra={"override_reason": override_reason} if renewal > MAX_RENEWALS else None,
    )
