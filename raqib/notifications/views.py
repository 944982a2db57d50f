"""The inbox and the preferences page: every role sees its own notifications, nobody else's."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from raqib.core.access import roles_required
from raqib.core.forms import apply_service_errors
from raqib.core.pagination import paginate
from raqib.core.roles import Role

from . import selectors, services
from .forms import PreferencesForm

EVERY_ROLE = tuple(Role.values)


@require_GET
@roles_required(*EVERY_ROLE)
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    rows = selectors.notification_list_for_user(user=request.user, unread_only=unread_only)
    return render(
        request,
        "notifications/inbox.html",
        {"unread_only": unread_only, **paginate(request, rows, per_page=25)},
    )


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:inbox")


@require_POST
@roles_required(*EVERY_ROLE)
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    services.notification_mark_read(user=request.user, pk=pk)
    return _back(request)


@require_POST
@roles_required(*EVERY_ROLE)
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_all_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return _back(request)


@require_http_methods(["GET", "POST"])
@roles_required(*EVERY_ROLE)
def preferences(request: HttpRequest) -> HttpResponse:
    rows = selectors.notification_preference_rows(user=request.user)
    form = PreferencesForm(
        request.POST or None,
        rows=rows,
        language=selectors.notification_language(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.notification_preferences_set(
                actor=request.user,
                user=request.user,
                choices=form.choices(),
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
