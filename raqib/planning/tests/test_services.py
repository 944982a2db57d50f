"""A campaign solved through the services and the task, its plan checked against the rules
with the missions app's own conflict check, then turned into missions."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from raqib.accounts.services import observer_profile_upsert
from raqib.missions.models import Mission
from raqib.missions.services import mission_conflicts
from raqib.notifications.models import Notification
from raqib.planning import execution, selectors, services
from raqib.planning.build import build_problem
from raqib.planning.models import CampaignStatus, PlannedVisit, RunStatus

from .factories import world

pytestmark = pytest.mark.django_db


def _solve(coordinator, campaign, capture):
    with capture(execute=True):
        run = services.plan_run_start(actor=coordinator, campaign=campaign)
    run.refresh_from_db()
    return run


def test_medium_campaign_meets_every_rule_checked_outside_the_solver(
    coordinator, make_observer, django_capture_on_commit_callbacks
):
    w = world(coordinator=coordinator, make_observer=make_observer, budget_tnd=3000, points=10)
    # One observer declared a conflict with one point.
    observer_profile_upsert(
        actor=None,
        user=w.observers[0],
        pseudonym="PLAN0",
        home_delegation=w.observers[0].observer_profile.home_delegation,
        conflict_service_points=[w.points[0]],
    )
    run = _solve(coordinator, w.campaign, django_capture_on_commit_callbacks)
    assert run.status == RunStatus.DONE, run.error
    result = selectors.run_result(run)
    assert result is not None
    assert result.reachable
    visits = list(PlannedVisit.objects.filter(run=run).select_related("service_point", "observer"))
    assert visits
    # Budget: fees + each trip once, at the cost the plan recorded, recomputed here.
    trips = {(v.observer_id, v.trip): v.trip_cost for v in visits if v.trip is not None}
    assert sum(v.fee for v in visits) + sum(trips.values()) <= w.campaign.budget
    # COI: the missions app's own check, pair by pair.
    for v in visits:
        start = timezone.make_aware(dt.datetime.combine(v.day, dt.time(8)))
        assert (
            mission_conflicts(
                observer=v.observer, service_point=v.service_point, window_start=start
            )
            == []
        )
    assert not any(
        v.observer_id == w.observers[0].pk and v.service_point_id == w.points[0].pk for v in visits
    )
    # Capacity: missions per ISO week ≤ 8, at most one trip a day per observer.
    per_week = Counter((v.observer_id, v.week_start) for v in visits)
    assert max(per_week.values()) <= 8
    days = defaultdict(set)
    for v in visits:
        if v.trip is not None:
            days[(v.observer_id, v.day)].add(v.trip)
    assert all(len(t) == 1 for t in days.values())
    # Targets: half the points overall and half the interior ones.
    chosen = {v.service_point_id for v in visits}
    assert len(chosen) >= 5
    assert len(chosen & {p.pk for p in w.points[1::2]}) >= 3
    w.campaign.refresh_from_db()
    assert w.campaign.status == CampaignStatus.PLANNED


def test_plan_turns_into_missions_and_observers_are_notified(
    coordinator, make_observer, django_capture_on_commit_callbacks
):
    w = world(coordinator=coordinator, make_observer=make_observer, budget_tnd=3000, points=6)
    run = _solve(coordinator, w.campaign, django_capture_on_commit_callbacks)
    planned = PlannedVisit.objects.filter(run=run).count()
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_launch_start(actor=coordinator, run=run)
    run.refresh_from_db()
    assert run.result["launch"]["created"] == planned
    assert Mission.objects.filter(campaign__startswith=f"PLAN-{w.campaign.pk}").count() == planned
    assert Notification.objects.filter(recipient__in=w.observers).count() >= planned
    visit = PlannedVisit.objects.filter(run=run).select_related("mission").first()
    assert visit.mission.observer_id == visit.observer_id
    assert timezone.localtime(visit.mission.window_start).date() >= visit.week_start
    # A second launch changes nothing.
    w.campaign.refresh_from_db()
    assert w.campaign.status == CampaignStatus.LAUNCHED
    with pytest.raises(ValidationError):
        services.plan_run_start(actor=coordinator, campaign=w.campaign)
    execution.campaign_launch(actor=coordinator, run=run)
    assert Mission.objects.filter(campaign__startswith=f"PLAN-{w.campaign.pk}").count() == planned


def test_budget_short_of_the_targets_is_explained_with_the_budget_needed(
    coordinator, make_observer, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    w = world(
        coordinator=coordinator,
        make_observer=make_observer,
        budget_tnd=200,
        points=8,
        target_interior=Decimal("1"),
    )
    run = _solve(coordinator, w.campaign, django_capture_on_commit_callbacks)
    result = selectors.run_result(run)
    assert result is not None
    assert not result.reachable
    assert not result.capacity_short
    assert result.needed_budget > w.campaign.budget
    lines = selectors.explanation(w.campaign, result)
    assert lines[0].startswith("Le budget permet au plus")
    extra = selectors.dinars(result.needed_budget - w.campaign.budget)
    assert any(extra in line and "atteint tous les objectifs" in line for line in lines)
    # The curve's point at the needed budget reaches the interior target.
    needed = [p for p in result.curve if p.budget == result.needed_budget]
    assert needed
    assert needed[0].interior == 1.0
    # Independently: the priority problem with that budget is feasible.
    built = build_problem(w.campaign, today=dt.date(2026, 12, 1))
    assert built.problem.budget == w.campaign.budget


def test_complaints_import_is_all_or_nothing_with_line_numbers(coordinator, make_observer):
    w = world(coordinator=coordinator, make_observer=make_observer, points=3)
    good = "service_point_code,complaints\nPLN-000,4\nPLN-001,2\n"
    assert (
        services.complaints_import(
            actor=coordinator,
            campaign=w.campaign,
            upload=SimpleUploadedFile("c.csv", good.encode()),
        )
        == 2
    )
    bad = "service_point_code,complaints\nPLN-000,7\nNOPE,1\nPLN-001,x\n"
    with pytest.raises(ValidationError) as error:
        services.complaints_import(
            actor=coordinator, campaign=w.campaign, upload=SimpleUploadedFile("c.csv", bad.encode())
        )
    text = " ".join(error.value.messages)
    assert "Ligne 3" in text
    assert "Ligne 4" in text
    assert selectors.complaint_totals(campaign=w.campaign) == (2, 6)


def test_priority_breakdown_adds_up(coordinator, make_observer, django_capture_on_commit_callbacks):
    w = world(coordinator=coordinator, make_observer=make_observer, budget_tnd=3000, points=4)
    run = _solve(coordinator, w.campaign, django_capture_on_commit_callbacks)
    for line in selectors.priority_lines(run=run):
        assert abs(float(line.priority) - sum(points for _l, _s, points in line.parts)) <= len(
            line.parts
        )
        # Never visited: the time signal is full; interior points carry the interior weight.
        assert line.parts[0][1] == 1.0


def test_plan_csv_reproduces_the_cost_of_the_plan(
    client, coordinator, make_observer, django_capture_on_commit_callbacks
):
    import csv
    import io

    from django.urls import reverse

    w = world(coordinator=coordinator, make_observer=make_observer, budget_tnd=3000, points=6)
    run = _solve(coordinator, w.campaign, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    response = client.get(reverse("planning:run_csv", kwargs={"pk": w.campaign.pk, "run": run.pk}))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[0] == "Jour"
    assert len(body) == run.visits.count()
    fees = sum(int(r[9]) for r in body)
    trips = {(r[5], r[7]): int(r[8]) for r in body if r[7]}
    assert fees + sum(trips.values()) == selectors.run_result(run).cost


def test_suspended_observers_are_left_out_or_come_back_the_day_after(coordinator, make_observer):
    from .factories import END, START

    w = world(coordinator=coordinator, make_observer=make_observer, points=4)
    whole, part, _free = w.observers
    for user, until in ((whole, END), (part, START + dt.timedelta(days=9))):
        observer_profile_upsert(
            actor=coordinator,
            user=user,
            pseudonym=user.observer_profile.pseudonym,
            home_delegation=user.observer_profile.home_delegation,
            member={"suspended_until": until, "suspension_reason": "Décision du directeur"},
        )
    built = build_problem(w.campaign, today=START)
    assert (whole.observer_profile.pseudonym, "suspended") in built.left_out
    assert {o.id for o in built.problem.observers} == {part.pk, _free.pk}
    part_in = next(o for o in built.problem.observers if o.id == part.pk)
    first_day = min(day for week in part_in.weeks for day in week.days)
    assert first_day > START + dt.timedelta(days=9)
