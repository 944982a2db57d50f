"""Lists split into pages, and the query string the pagination partial keeps."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

DEFAULT_PER_PAGE = 50


def paginate(
    request: HttpRequest, items: Any, *, per_page: int = DEFAULT_PER_PAGE
) -> dict[str, Any]:
    """{"page": the asked page (?page=; out-of-range or junk gives the nearest valid page),
    "query": the other GET parameters, url-encoded} — the context of core/pagination.html."""
    page: Page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "query": query.urlencode()}
