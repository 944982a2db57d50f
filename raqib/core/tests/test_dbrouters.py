"""The replica router sends the dashboards' rollup reads to the replica when there is one,
and everything else — every write, every other read, reads inside a transaction — to the
primary."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connections

from raqib.accounts.models import User
from raqib.core.dbrouters import ReplicaRouter

# By name: nobody imports the reports app, its tests included.
ReportFact, CriterionFact, ScoreCube, ScoreDayCube, PeriodicReport = (
    apps.get_model("reports", name)
    for name in ("ReportFact", "CriterionFact", "ScoreCube", "ScoreDayCube", "PeriodicReport")
)

WITH_REPLICA = {"default": {}, "replica": {}}
WITHOUT_REPLICA = {"default": {}}
ROLLUPS = [ReportFact, CriterionFact, ScoreCube, ScoreDayCube]


@pytest.mark.parametrize("model", ROLLUPS)
def test_rollup_reads_go_to_the_replica_when_configured(model):
    assert ReplicaRouter(databases=WITH_REPLICA).db_for_read(model) == "replica"


@pytest.mark.parametrize("model", ROLLUPS)
def test_rollup_reads_stay_on_the_primary_without_a_replica(model):
    assert ReplicaRouter(databases=WITHOUT_REPLICA).db_for_read(model) == "default"


@pytest.mark.parametrize("model", [*ROLLUPS, PeriodicReport, User])
def test_writes_always_go_to_the_primary(model):
    assert ReplicaRouter(databases=WITH_REPLICA).db_for_write(model) == "default"


@pytest.mark.parametrize("model", [PeriodicReport, User])
def test_other_reads_stay_on_the_primary(model):
    # A periodic report just requested, an account just changed: read where it was written.
    assert ReplicaRouter(databases=WITH_REPLICA).db_for_read(model) == "default"


def test_reads_inside_a_transaction_stay_on_the_primary(monkeypatch):
    router = ReplicaRouter(databases=WITH_REPLICA)
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    assert router.db_for_read(ReportFact) == "default"
    monkeypatch.setattr(connections["default"], "in_atomic_block", False)
    assert router.db_for_read(ReportFact) == "replica"


def test_migrations_run_on_the_primary_only():
    router = ReplicaRouter(databases=WITH_REPLICA)
    assert router.allow_migrate("default", "reports") is True
    assert router.allow_migrate("replica", "reports") is False


def test_the_project_settings_have_no_replica_by_default():
    assert ReplicaRouter().enabled is False
