"""Permission rows for reports: the dashboard's and the periodic reports' own modules."""

from .permissions_dashboard import ROWS as DASHBOARD_ROWS
from .permissions_dashboard import build as build_dashboard
from .permissions_periodic import ROWS as PERIODIC_ROWS
from .permissions_periodic import build as build_periodic

ROWS = [*DASHBOARD_ROWS, *PERIODIC_ROWS]


def build(ctx):
    build_dashboard(ctx)
    build_periodic(ctx)
