"""Test helpers for dashboards and reports: points and validated reports, through the services.

Stable API (other test modules import it):

* ``make_point(*, governorate=None, delegation=None, body=None, category=None, code=None,
  started_on=DEFAULT_START, deactivated_on=None, **fields) -> ServicePoint`` — a point created
  with ``registry.services.service_point_create`` (so it has its activity period), in the given
  governorate (a ``Governorate`` or its ISO code, e.g. ``"TN-11"``) or delegation, of the given
  body / category (instances; fresh ones by default), active from ``started_on`` (default
  2020-01-01, so that past periods count it) and, when ``deactivated_on`` is given, closed on
  that date with ``service_point_deactivate`` (the period then ends that day).
* ``validated_report(*, point, day, answers=None, channel="", grid_version=None,
  observer=None) -> Report`` — a mission at ``point`` whose window starts on ``day`` at 10:00
  local time, assigned to ``observer`` (a fresh observer by default, so the conflict-of-interest
  rules never refuse it), answered (``VALID_ANSWERS`` of the missions factories by default,
  against the ``MISSIONTEST`` grid), submitted and validated by a coordinator, all through the
  real services: ``report_validated`` fires and the rollups are written. A photo is attached
  automatically for every answer that the grid says needs one. ``channel`` "" means the grid's.
* ``planned_mission(*, point, day, channel="", grid_version=None, observer=None,
  status="planned") -> Mission`` — a mission left ``planned``, ``assigned``, ``submitted`` or
  ``cancelled`` (for the planned/done counts).
* ``report_answers(q01="yes", q02=5, q03="good", q04="no", q05=4)`` — answers for the default
  grid (Q04 "yes" is the critical failure).
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from raqib.core.roles import Role
from raqib.grids.models import GridVersion
from raqib.missions import services as mission_services
from raqib.missions.models import Mission, Report
from raqib.missions.tests.factories import VALID_ANSWERS, image_bytes
from raqib.missions.tests.factories import grid_version as default_grid_version
from raqib.registry.models import Delegation, Governorate, PublicBody, ServicePoint
from raqib.registry.tests.factories import PublicBodyFactory, ServiceCategoryFactory

DEFAULT_START = dt.date(2020, 1, 1)
_counter = itertools.count(1)


def report_answers(
    q01: str = "yes", q02: int = 5, q03: str = "good", q04: str = "no", q05: int = 4
) -> dict[str, Any]:
    """Answers for the default MISSIONTEST grid (see raqib.grids.tests.factories.make_draft)."""
    return {"Q01": q01, "Q02": q02, "Q03": q03, "Q04": q04, "Q05": q05}


def _user(username: str, role: str) -> Any:
    from raqib.accounts.tests.factories import UserFactory

    return UserFactory(username=username, roles=[role])


def _coordinator() -> Any:
    return _user("rollups-coordinator", Role.COORDINATOR)


def _fresh_observer(*, away_from: ServicePoint) -> Any:
    from raqib.accounts.services import observer_profile_upsert

    n = next(_counter)
    user = _user(f"rollups-observer-{n}", Role.OBSERVER)
    home = Delegation.objects.exclude(pk=away_from.delegation_id).order_by("code").first()
    observer_profile_upsert(actor=None, user=user, pseudonym=f"ROLL-{n:04d}", home_delegation=home)
    return user


def make_point(
    *,
    governorate: Governorate | str | None = None,
    delegation: Delegation | None = None,
    body: PublicBody | None = None,
    category: Any = None,
    code: str | None = None,
    started_on: dt.date = DEFAULT_START,
    deactivated_on: dt.date | None = None,
    **fields: Any,
) -> ServicePoint:
    from raqib.registry.services import service_point_create, service_point_deactivate

    if delegation is None:
        delegations = Delegation.objects.order_by("-code")
        if isinstance(governorate, Governorate):
            delegations = delegations.filter(governorate=governorate)
        elif governorate:
            delegations = delegations.filter(governorate__iso_code=governorate)
        delegation = delegations.select_related("governorate").first()
        assert delegation is not None, f"no delegation in {governorate}"
    n = next(_counter)
    point = service_point_create(
        actor=None,
        code=code or f"RP-{n:05d}",
        name_ar=fields.pop("name_ar", f"نقطة خدمة {n}"),
        name_fr=fields.pop("name_fr", f"Point de service {n}"),
        body=body or PublicBodyFactory(),
        category=category or ServiceCategoryFactory(),
        delegation=delegation,
        started_on=started_on,
        **fields,
    )
    if deactivated_on is not None:
        point = service_point_deactivate(
            actor=None, service_point=point, on=deactivated_on, reason="test"
        )
    return point


def _window(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    return start, start + dt.timedelta(hours=4)


def planned_mission(
    *,
    point: ServicePoint,
    day: dt.date,
    channel: str = "",
    grid_version: GridVersion | None = None,
    observer: Any = None,
    status: str = "planned",
) -> Mission:
    """A mission on `day` left in `status`: planned, assigned, submitted or cancelled."""
    coordinator = _coordinator()
    start, end = _window(day)
    mission = mission_services.mission_create(
        actor=coordinator,
        service_point=point,
        grid_version=grid_version or default_grid_version(),
        window_start=start,
        window_end=end,
        channel=channel,
    )
    if status == "planned":
        return mission
    if status == "cancelled":
        return mission_services.mission_cancel(actor=coordinator, mission=mission)
    observer = observer or _fresh_observer(away_from=point)
    mission = mission_services.mission_assign(actor=coordinator, mission=mission, observer=observer)
    if status == "assigned":
        return mission
    if status == "submitted":
        report = _answer_and_submit(mission=mission, observer=observer, answers=VALID_ANSWERS)
        return report.mission
    raise ValueError(f"unsupported status {status}")


def _answer_and_submit(*, mission: Mission, observer: Any, answers: dict[str, Any]) -> Report:
    answers = dict(answers)
    photos: list[tuple[str, uuid.UUID]] = []
    snapshot = mission.grid_version.snapshot or {}
    for section in snapshot.get("sections", []):
        for criterion in section.get("criteria", []):
            rule = criterion.get("evidence") or {}
            triggers = {str(t) for t in rule.get("photo_required_when") or []}
            code = criterion["code"]
            value = answers.get(code)
            values = value if isinstance(value, list) else [value]
            if triggers & {str(v) for v in values} and f"{code}__photo" not in answers:
                photo = uuid.uuid4()
                answers[f"{code}__photo"] = str(photo)
                photos.append((code, photo))
    report, _created = mission_services.report_upsert(
        actor=observer, report_uuid=uuid.uuid4(), mission_id=mission.pk, answers=answers
    )
    for index, (code, photo) in enumerate(photos):
        mission_services.evidence_add(
            actor=observer,
            report_uuid=report.uuid,
            photo_uuid=photo,
            criterion=code,
            # A distinct image each time: the same hash twice is flagged as reused evidence.
            upload=SimpleUploadedFile("p.png", image_bytes("PNG", color=_color(index))),
        )
    return mission_services.report_submit(actor=observer, report_uuid=report.uuid)


def _color(index: int) -> str:
    n = next(_counter) * 7 + index
    return f"#{n % 256:02x}{(n // 256) % 256:02x}{(n // 65536) % 256:02x}"


def validated_report(
    *,
    point: ServicePoint,
    day: dt.date,
    answers: dict[str, Any] | None = None,
    channel: str = "",
    grid_version: GridVersion | None = None,
    observer: Any = None,
) -> Report:
    """A report validated through the real services (see the module docstring)."""
    coordinator = _coordinator()
    observer = observer or _fresh_observer(away_from=point)
    start, end = _window(day)
    mission = mission_services.mission_create(
        actor=coordinator,
        service_point=point,
        grid_version=grid_version or default_grid_version(),
        window_start=start,
        window_end=end,
        channel=channel,
        observer=observer,
    )
    report = _answer_and_submit(
        mission=mission, observer=observer, answers=VALID_ANSWERS if answers is None else answers
    )
    return mission_services.report_validate(actor=coordinator, report=report)
