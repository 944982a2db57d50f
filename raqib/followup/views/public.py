"""Public "you said, we did" pages: what each body changed after a recommendation.

Anonymous and cacheable. Only recommendations verified effective on the ground are shown,
with the before/after of their criteria (figures only: no person, no observer, no report).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers

from raqib.core import conf

from .. import selectors
from ..presenting import criteria_rows


def _cacheable(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Shared caches may keep the page only as an anonymous visitor sees it: a signed-in
    person's page carries their name and form tokens (the site's header)."""
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=600)
    patch_vary_headers(response, ("Cookie",))
    return response


def public_index(request: HttpRequest) -> HttpResponse:
    bodies = selectors.public_bodies_with_effective()
    return _cacheable(request, render(request, "followup/public_index.html", {"bodies": bodies}))


def public_body(request: HttpRequest, code: str) -> HttpResponse:
    body = selectors.public_body_by_code(code=code)
    minimum = conf.followup_public_min_reports()
    items = []
    for rec in selectors.effective_recommendations_of_body(body_id=body.pk):
        rows = [r for r in criteria_rows(rec) if r.after_n is not None and r.after_n >= minimum]
        items.append({"rec": rec, "criteria": rows, "points": list(rec.service_points.all())})
    context = {"body": body, "items": items, "minimum": minimum}
    return _cacheable(request, render(request, "followup/public_body.html", context))
