from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from raqib.core.access import roles_required
from raqib.core.pagination import paginate
from raqib.core.roles import Role

from . import selectors
from .forms import AuditFilterForm
from .labels import attach_related_names


# Read-only by design: the trail has no form that writes, edits or deletes.
@require_GET
@roles_required(Role.ADMINISTRATOR, Role.DIRECTOR)
def event_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(
        request.GET or None,
        actions=selectors.audit_action_choices(),
        object_types=selectors.audit_object_type_choices(),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_event_list(**{k: v for k, v in filters.items() if v})
    context = paginate(request, events, per_page=50)
    page = context["page"]
    page.object_list = list(page.object_list)  # the events the template shows, named once
    attach_related_names(page.object_list)
    return render(request, "audit/event_list.html", {"form": form, **context})
