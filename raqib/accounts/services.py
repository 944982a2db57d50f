"""Writes on accounts: every one atomic, taking the acting user explicitly, and audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from raqib.audit.services import audit_event_record, diff_fields
from raqib.core.roles import Role
from raqib.core.search import search_blob
from raqib.registry.models import Delegation, PublicBody, ServicePoint

from .models import FocalPointScope, ObserverProfile, User, UserRole


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
    user.full_clean()
    user.save()
    user_search_text_refresh(user=user)
    audit_event_record(
        actor=actor,
        action="user.create",
        object_type="accounts.user",
        object_id=user.pk,
        object_label=user.username,
        # The password never goes into the trail, only whether one was set.
        changes=diff_fields(
            {},
            {
                "username": user.username,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "is_demo": user.is_demo,
                "usable_password": user.has_usable_password(),
            },
        ),
    )
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
    audit_event_record(
        actor=actor,
        action="user.roles_set",
        object_type="accounts.user",
        object_id=user.pk,
        object_label=user.username,
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
    audit_event_record(
        actor=actor,
        action="user.focal_bodies_set",
        object_type="accounts.user",
        object_id=user.pk,
        object_label=user.username,
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
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_event_record(
        actor=actor,
        action="user.deactivate",
        object_type="accounts.user",
        object_id=user.pk,
        object_label=user.username,
        changes={"is_active": [True, False], "reason": [None, reason]},
    )
    return user


@transaction.atomic
def user_reactivate(*, actor: User, user: User) -> User:
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_event_record(
        actor=actor,
        action="user.reactivate",
        object_type="accounts.user",
        object_id=user.pk,
        object_label=user.username,
        changes={"is_active": [False, True]},
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
) -> ObserverProfile:
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
            "pseudonym": profile.pseudonym,
            "home_delegation": profile.home_delegation_id,
            "is_active": profile.is_active,
            "conflict_bodies": sorted(profile.conflict_bodies.values_list("id", flat=True)),
            "conflict_service_points": sorted(
                profile.conflict_service_points.values_list("id", flat=True)
            ),
        }
    profile.pseudonym = pseudonym.strip().upper()
    profile.home_delegation = home_delegation
    profile.is_active = is_active
    profile.full_clean()
    profile.save()
    user_search_text_refresh(user=user)
    bodies = sorted({b.pk for b in conflict_bodies})
    points = sorted({p.pk for p in conflict_service_points})
    profile.conflict_bodies.set(bodies)
    profile.conflict_service_points.set(points)
    after = {
        "pseudonym": profile.pseudonym,
        "home_delegation": profile.home_delegation_id,
        "is_active": profile.is_active,
        "conflict_bodies": bodies,
        "conflict_service_points": points,
    }

    audit_event_record(
        actor=actor,
        action="observer_profile.upsert",
        object_type="accounts.observer_profile",
        object_id=profile.pk,
        object_label=profile.pseudonym,
        changes=diff_fields(before, after),
    )
    return profile
