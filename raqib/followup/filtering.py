"""Which sent recommendations a set of dashboard / report filters selects.

Shared by the selectors (dashboard, body scorecard, figures page) and the periodic report's
chapter (periodic.py), which must not import each other.
"""

from __future__ import annotations

from django.db.models import QuerySet

from raqib.core.activity import ActivityFilters
from raqib.registry.selectors import public_body_descendant_ids

from .models import Recommendation


def recommendations_for_filters(
    qs: QuerySet[Recommendation], filters: ActivityFilters
) -> QuerySet[Recommendation]:
    """Sent recommendations matching the dashboard's / report's filters: the body with the
    bodies under it; governorate, category and region through the points a recommendation
    names (a recommendation naming no point counts only without those filters). The channel
    filter does not apply: a recommendation is about a body, not a channel."""
    qs = qs.exclude(sent_at=None)
    if filters.body_id:
        qs = qs.filter(body_id__in=public_body_descendant_ids(root_ids=[filters.body_id]))
    if filters.governorate_id:
        qs = qs.filter(service_points__governorate_id=filters.governorate_id)
    if filters.category_id:
        qs = qs.filter(service_points__category_id=filters.category_id)
    if filters.region_tag:
        qs = qs.filter(service_points__governorate__region_tags__code=filters.region_tag)
    return qs.distinct()
