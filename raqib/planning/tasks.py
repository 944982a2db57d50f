"""Background tasks of planning (django-tasks: immediate in tests and the demo, the database
backend with a worker in production)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_plan(run_id: int) -> str:
    from .execution import plan_run_execute

    return str(plan_run_execute(run_id).status)


@task()
def launch_plan(run_id: int, actor_id: int) -> int:
    from raqib.accounts.models import User

    from .execution import campaign_launch
    from .models import PlanRun

    run = PlanRun.objects.select_related("campaign").get(pk=run_id)
    return int(campaign_launch(actor=User.objects.get(pk=actor_id), run=run)["created"])
