"""Account management for administrators. Thin: forms check, services write and audit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from raqib.core.access import roles_required
from raqib.core.forms import apply_service_errors
from raqib.core.pagination import paginate
from raqib.core.roles import Role

from . import forms, selectors, services
from .models import User

USERS_PER_PAGE = 25
admin_only = roles_required(Role.ADMINISTRATOR)


@require_http_methods(["GET"])
@admin_only
def user_list(request: HttpRequest) -> HttpResponse:
    form = forms.UserFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    users = selectors.user_list_for_user(
        user=request.user,
        query=filters.get("q", ""),
        role=filters.get("role", ""),
        status=filters.get("status", ""),
    )
    return render(
        request,
        "accounts/user_list.html",
        {"form": form, **paginate(request, users, per_page=USERS_PER_PAGE)},
    )


@require_http_methods(["GET"])
@admin_only
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.user_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "profile": getattr(account, "observer_profile", None),
            "history": selectors.user_history(user=account),
            "appointments": selectors.appointments_of(user=account),
            "member_status": selectors.member_status(user=account, today=timezone.localdate()),
            "today": timezone.localdate(),
            "language_labels": selectors.member_language_labels(
                profile=getattr(account, "observer_profile", None)
            ),
        },
    )


@require_POST
@admin_only
def appointment_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an appointment or its renewal; bad input changes nothing and says why."""
    account = selectors.user_get_for_user(user=request.user, pk=pk)
    days = {}
    for name in ("decided_on", "term_start", "term_end"):
        try:
            days[name] = parse_date(request.POST.get(name, "").strip())
        except ValueError:
            days[name] = None
    if None in days.values():
        messages.error(request, _("Give the three dates."))
        return redirect("accounts:user_detail", pk=account.pk)
    try:
        services.appointment_record(
            actor=request.user,  # type: ignore[arg-type]
            user=account,
            decided_on=days["decided_on"],  # type: ignore[arg-type]
            decision_reference=request.POST.get("decision_reference", ""),
            term_start=days["term_start"],  # type: ignore[arg-type]
            term_end=days["term_end"],  # type: ignore[arg-type]
            override_reason=request.POST.get("override_reason", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Appointment recorded."))
    return redirect("accounts:user_detail", pk=account.pk)


@require_http_methods(["GET", "POST"])
@admin_only
def user_create(request: HttpRequest) -> HttpResponse:
    form = forms.UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = services.user_create(
                actor=request.user,  # type: ignore[arg-type]
                username=data["username"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                roles=data["roles"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The account has been created."))
            return redirect("accounts:user_detail", pk=account.pk)
    return render(request, "accounts/user_form.html", {"form": form, "account": None})


def _edit(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type,
    initial: Callable[[User], dict[str, Any]],
    save: Callable[[User, dict[str, Any]], object],
    template: str,
    done: str,
    form_kwargs: Callable[[User], dict[str, Any]] | None = None,
) -> HttpResponse:
    """The shared GET-form / POST-service / redirect cycle of the per-account pages."""
    account = selectors.user_get_for_user(user=request.user, pk=pk)
    extra = form_kwargs(account) if form_kwargs else {}
    if request.method == "POST":
        form = form_class(request.POST, **extra)
        if form.is_valid():
            try:
                save(account, form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, done)
                return redirect("accounts:user_detail", pk=account.pk)
    else:
        form = form_class(initial=initial(account), **extra)
    return render(request, template, {"form": form, "account": account})


@require_http_methods(["GET", "POST"])
@admin_only
def user_roles_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(
        request,
        pk,
        form_class=forms.UserRolesForm,
        initial=lambda account: {"roles": sorted(account.role_codes)},
        save=lambda account, data: services.user_roles_set(
            actor=request.user,  # type: ignore[arg-type]
            user=account,
            roles=data["roles"],
        ),
        template="accounts/user_roles_form.html",
        done=_("The roles have been saved."),
    )


@require_http_methods(["GET", "POST"])
@admin_only
def user_focal_bodies_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(
        request,
        pk,
        form_class=forms.FocalBodiesForm,
        initial=lambda account: {"bodies": selectors.user_focal_bodies(user=account)},
        save=lambda account, data: services.user_focal_bodies_set(
            actor=request.user,  # type: ignore[arg-type]
            user=account,
            bodies=data["bodies"],
        ),
        template="accounts/focal_bodies_form.html",
        done=_("The bodies of the focal point have been saved."),
    )


def _profile_initial(account: User) -> dict[str, Any]:
    profile = getattr(account, "observer_profile", None)
    if profile is None:
        return {"is_active": True}
    conflict_bodies, conflict_codes = selectors.observer_conflicts(profile=profile)
    return {
        "pseudonym": profile.pseudonym,
        "home_delegation": profile.home_delegation_id,
        "conflict_bodies": conflict_bodies,
        "conflict_service_points": "\n".join(conflict_codes),
        "is_active": profile.is_active,
        **{name: getattr(profile, name) for name in services.MEMBER_FIELDS},
    }


@require_http_methods(["GET", "POST"])
@admin_only
def user_observer_profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(
        request,
        pk,
        form_class=forms.ObserverProfileForm,
        form_kwargs=lambda account: {"user": account},
        initial=_profile_initial,
        save=lambda account, data: services.observer_profile_upsert(
            actor=request.user,  # type: ignore[arg-type]
            user=account,
            pseudonym=data["pseudonym"],
            home_delegation=data["home_delegation"],
            conflict_bodies=data["conflict_bodies"],
            conflict_service_points=data["conflict_service_points"],
            is_active=data["is_active"],
            member={name: data[name] for name in services.MEMBER_FIELDS},
        ),
        template="accounts/observer_profile_form.html",
        done=_("The observer profile has been saved."),
    )


@require_http_methods(["GET", "POST"])
@admin_only
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(
        request,
        pk,
        form_class=forms.DeactivateForm,
        initial=lambda account: {},
        save=lambda account, data: services.user_deactivate(
            actor=request.user,  # type: ignore[arg-type]
            user=account,
            reason=data["reason"],
        ),
        template="accounts/user_deactivate.html",
        done=_("The account has been deactivated."),
    )


@require_http_methods(["GET", "POST"])
@admin_only
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(
        request,
        pk,
        form_class=forms.ConfirmForm,
        initial=lambda account: {},
        save=lambda account, data: services.user_reactivate(
            actor=request.user,  # type: ignore[arg-type]
            user=account,
        ),
        template="accounts/user_reactivate.html",
        done=_("The account has been reactivated."),
    )
