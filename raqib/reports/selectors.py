"""Reads for dashboards and periodic reports (implemented by the rollups owner).

Contract (see figures.py):

* ``dashboard_build(*, filters, body_scope=None) -> Dashboard`` — national or scoped figures;
  ``body_scope`` is a set of body ids (a focal point's tree) that every figure is limited to.
* ``dashboard_for_user(*, user, filters) -> Dashboard`` — applies the user's scope: staff see
  everything, a focal point only their bodies (a body filter outside it → Http404).
* ``body_scorecard_get_for_user(*, user, body_id, filters) -> Dashboard`` — one body's
  figures; Http404 when the body is out of the user's scope or does not exist.
"""
