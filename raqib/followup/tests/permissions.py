"""The permission-matrix rows of every URL of the follow-up app (see raqib/core/testing.py)."""

from raqib.followup.tests import permissions_measures

ROWS = [*permissions_measures.ROWS]


def build(ctx):
    permissions_measures.build(ctx)
