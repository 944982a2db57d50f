"""Public "you said, we did" pages: what each body changed after a recommendation.

Anonymous and cacheable. Only recommendations verified effective on the ground are shown,
with the before/after of their criteria (figures only: no person, no observer, no report).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from raqib.core import conf

from .. import selectors
from ..presenting import criteria_rows


@cache_control(public=True, max_age=600)
def public_index(request: HttpRequest) -> HttpResponse:
    bodies = selectors.public_bodies_with_effective()
    return render(request, "followup/public_index.html", {"bodies": bodies})


@cache_control(public=True, max_age=600)
def public_body(request: HttpRequest, code: str) -> HttpResponse:
    body = selectors.public_body_by_code(code=code)
    minimum = conf.followup_public_min_reports()
    items = []
    for rec in selectors.effective_recommendations_of_body(body_id=body.pk):
        rows = [r for r in criteria_rows(rec) if r.after_n is not None and r.after_n >= minimum]
        items.append({"rec": rec, "criteria": rows, "points": list(rec.service_points.all())})
    return render(
        request, "followup/public_body.html", {"body": body, "items": items, "minimum": minimum}
    )
