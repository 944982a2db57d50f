"""Public results pages and open-data files: anonymous, cacheable (docs/publication.md)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from raqib.core.pagination import paginate
from raqib.followup.selectors import effective_recommendations_of_point
from raqib.missions.selectors import section_means_for_point
from raqib.registry.selectors import (
    governorate_list,
    public_body_get,
    public_service_point_by_code,
    public_service_points,
)

from . import catalog
from .figures import (
    body_figures,
    figures_row,
    min_visits,
    one_decimal,
    open_periods,
    parse_period,
    point_figures,
    rolling_period,
)

MAX_AGE = 600


def public_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Cacheable by anyone when the visitor is anonymous; private for a signed-in user (the
    page's header then carries their menu)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, max_age=0)
        else:
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    return wrapper


def _clean(value: str, limit: int) -> str:
    return value.replace("\x00", "").strip()[:limit]


@require_GET
@public_cache
def index(request: HttpRequest) -> HttpResponse:
    q = _clean(request.GET.get("q", ""), 100)
    governorate = _clean(request.GET.get("governorate", ""), 10)
    period = rolling_period()
    listing = paginate(request, public_service_points(q=q, governorate=governorate))
    return render(
        request,
        "publication/index.html",
        {
            "rows": point_figures(points=list(listing["page"].object_list), period=period),
            "period": period,
            "q": q,
            "governorate": governorate,
            "governorates": governorate_list(),
            "min_visits": min_visits(),
            **listing,
        },
    )


@require_GET
@public_cache
def point(request: HttpRequest, code: str) -> HttpResponse:
    found = public_service_point_by_code(code=code)
    period = rolling_period()
    (figures,) = point_figures(points=[found], period=period)
    minimum = min_visits()
    sections = [
        (label, n, one_decimal(mean) if n >= minimum else None)
        for _code, label, n, mean in section_means_for_point(
            service_point_id=found.pk, start=period.start, end=period.end
        )
    ]
    return render(
        request,
        "publication/point.html",
        {
            "point": found,
            "figures": figures,
            "sections": sections,
            "improvements": effective_recommendations_of_point(service_point_id=found.pk),
            "period": period,
            "min_visits": minimum,
        },
    )


@require_GET
@public_cache
def body(request: HttpRequest, code: str) -> HttpResponse:
    found = public_body_get(code=code)
    period = rolling_period()
    figures = body_figures(points=list(public_service_points(body_id=found.pk)), period=period)
    listing = paginate(request, figures.points)
    return render(
        request,
        "publication/body.html",
        {
            "body": found,
            "rows": listing["page"].object_list,
            "visits": figures.visits,
            "score": figures.score,
            "labelled": figures.labelled,
            "period": period,
            "min_visits": min_visits(),
            **listing,
        },
    )


@require_GET
@public_cache
def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "publication/open_data.html",
        {"periods": open_periods(), "licence": catalog.licence(), "min_visits": min_visits()},
    )


def _public_file(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def dataset_rows(label: str) -> list[dict[str, Any]]:
    """Every active point's row for the period, kept `MAX_AGE` seconds in the cache (the whole
    registry is read: one computation serves every download of the next minutes)."""
    from django.core.cache import cache

    period = parse_period(label)
    key = f"publication:dataset:{label}:{min_visits()}"
    rows: list[dict[str, Any]] | None = cache.get(key)
    if rows is None:
        points = list(public_service_points())
        rows = [figures_row(f, period) for f in point_figures(points=points, period=period)]
        cache.set(key, rows, MAX_AGE)
    return rows


@require_GET
def dataset(request: HttpRequest, period: str, fmt: str) -> HttpResponse:
    rows = dataset_rows(period)
    if fmt == "json":
        return _public_file(
            JsonResponse(
                {"period": period, "licence": catalog.licence()["url"], "rows": rows},
                json_dumps_params={"ensure_ascii": False},
            )
        )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(catalog.COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    # UTF-8 with a BOM: Excel opens Arabic text correctly.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="raqib-service-points-{period}.csv"'
    return _public_file(response)


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    content = catalog.dcat_catalog(base=request.build_absolute_uri("/").rstrip("/"))
    return _public_file(
        HttpResponse(
            json.dumps(content, ensure_ascii=False, indent=1),
            content_type="application/ld+json; charset=utf-8",
        )
    )
