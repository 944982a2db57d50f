"""Reads for dashboards and periodic reports (implemented by the rollups owner).

Contract (see figures.py):

* ``dashboard_build(*, filters, body_scope=None) -> Dashboard`` — national or scoped figures;
  ``body_scope`` is a set of body ids (a focal point's tree) that every figure is limited to.
* ``dashboard_for_user(*, user, filters) -> Dashboard`` — applies the user's scope: staff see
  everything, a focal point only their bodies (a body filter outside it → Http404).
* ``body_scorecard_get_for_user(*, user, body_id, filters) -> Dashboard`` — one body's
  figures; Http404 when the body is out of the user's scope or does not exist.

How the figures are read (13–16 queries, whatever the volume; see the query-count test):

* planned / done / validated and the monthly trend: for national views (no governorate,
  region, body, scope or category; a channel may be set) on PostgreSQL, ``MissionDayCube``
  (missions per local day, channel and status, kept by a trigger); otherwise one aggregate
  over the missions whose window starts (local date) in the period, grouped by local month;
* scores, rankings, coverage and the survey waves' mystery-visit means: one aggregate of
  ``ReportFact`` per service point, rolled up in Python (a few thousand rows at most) into
  governorates, bodies and the total; the active points come from one query on the
  activity periods; the monthly means and grid versions from ``ReportDayCube`` for national
  views, else from one more aggregate of the facts;
* section and criterion means: ``ScoreDayCube`` for national views, else ``ScoreCube`` for
  the whole months of the period when no body filter or scope applies, and
  ``CriterionFact`` for the rest (partial months, bodies). All give the same numbers (see
  the tests); means are rounded to 6 decimals so that the order of the sums cannot show;
* report scores are summed in tenths of a point (exact integers, ``as_tenths``), so equal
  means are equal floats and ties follow the documented rule;
* labels from the grid versions' snapshots (``labels.py``, cached per content hash).

Every aggregate reads a covering index (models/facts.py) on PostgreSQL. The computation runs
with the garbage collector paused (dashboard.py explains why).
"""

from ._items import whole_months
from .dashboard import body_scorecard_get_for_user, dashboard_build, dashboard_for_user
from .records import (
    map_boundary_get,
    map_boundary_list,
    periodic_report_get,
    periodic_report_list,
    public_body_get,
)

__all__ = [
    "body_scorecard_get_for_user",
    "dashboard_build",
    "dashboard_for_user",
    "map_boundary_get",
    "map_boundary_list",
    "periodic_report_get",
    "periodic_report_list",
    "public_body_get",
    "whole_months",
]
