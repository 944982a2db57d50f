"""The planning problem as plain data, and the cost model (docs/planning.md).

Nothing here touches the database: `build.py` reads a campaign into a `Problem`, the
optimiser, the greedy baseline, the scheduler and the independent checker work on it. Amounts
are integers in millimes (1 dinar = 1,000 millimes).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

REMOTE_CHANNELS = ("phone", "email", "web")
IN_PERSON = "in_person"
EARTH_KM = 6371.0


@dataclass(frozen=True)
class CostModel:
    """What a visit costs. `fees` per channel (the allowance rates), travel per kilometre of
    road, road = great-circle distance × `detour`, a per diem on a trip whose one-way road
    distance reaches `per_diem_km`, a night on one reaching `night_km`; one trip (an observer,
    a delegation, a day) carries at most `visits_per_trip` visits."""

    fees: dict[str, int]
    km_rate: int
    detour: float
    per_diem_km: float
    per_diem: int
    night_km: float
    night: int
    visits_per_trip: int

    def road_km(self, a: tuple[float, float], b: tuple[float, float]) -> float:
        return great_circle_km(a, b) * self.detour

    def trip_cost(self, home: tuple[float, float], site: tuple[float, float]) -> int:
        km = self.road_km(home, site)
        cost = round(2 * km * self.km_rate)
        if km >= self.per_diem_km:
            cost += self.per_diem
        if km >= self.night_km:
            cost += self.night
        return cost


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Week:
    """A week of an observer's availability: its working days (Monday to Friday, inside both
    the campaign and the observer's dates)."""

    days: tuple[dt.date, ...]


@dataclass(frozen=True)
class PointIn:
    id: int
    code: str
    governorate: int
    interior: bool
    delegation: int
    priority: float
    # Channels this point can be visited by in this campaign (its own channels × the grids).
    channels: tuple[str, ...]
    visits: int = 1
    mandatory: bool = False
    # False for a point already covered in the period (or outside the campaign's governorates)
    # that is in the plan only as a mandatory item: visiting it adds no coverage.
    counts: bool = True


@dataclass(frozen=True)
class ObserverIn:
    id: int
    label: str
    home: tuple[float, float] | None
    per_week: int
    days_per_week: int
    weeks: tuple[Week, ...]
    remote: bool
    # What the observer is certified for (training's gate): in person, and which remote channels.
    in_person: bool = True
    remote_channels: tuple[str, ...] = REMOTE_CHANNELS

    def can_remote(self, channel: str | None) -> bool:
        return self.remote and channel is not None and channel in self.remote_channels

    def trip_slots(self, visits_per_trip: int) -> list[int]:
        """Trips each week can hold: one a day, and a trip counts as a full day of visits
        against the weekly missions (so a week holds per_week // visits_per_trip trips)."""
        per_week = self.per_week // max(1, visits_per_trip)
        return [min(per_week, self.days_per_week, len(week.days)) for week in self.weeks]

    def mission_capacity(self) -> int:
        return self.per_week * len(self.weeks)


@dataclass(frozen=True)
class Targets:
    coverage: float
    interior: float
    governorate_floor: float
    min_in_person: float


@dataclass(frozen=True)
class Problem:
    points: tuple[PointIn, ...]
    observers: tuple[ObserverIn, ...]
    budget: int
    targets: Targets
    costs: CostModel
    # Where trips go: a delegation's site (the mean of its points' coordinates).
    sites: dict[int, tuple[float, float]]
    # (observer id, point id) pairs the conflict rules forbid.
    conflicts: frozenset[tuple[int, int]]
    # Active points of the scope per governorate, and those already covered in the period.
    active: dict[int, int]
    covered: dict[int, int]
    interior_governorates: frozenset[int]
    candidates: int = 8

    def active_total(self, interior_only: bool = False) -> int:
        return sum(n for g, n in self.active.items() if not interior_only or self.is_interior(g))

    def covered_total(self, interior_only: bool = False) -> int:
        return sum(n for g, n in self.covered.items() if not interior_only or self.is_interior(g))

    def is_interior(self, governorate: int) -> bool:
        return governorate in self.interior_governorates

    def trip_cost(self, observer: ObserverIn, delegation: int) -> int | None:
        site = self.sites.get(delegation)
        if observer.home is None or site is None:
            return None
        return self.costs.trip_cost(observer.home, site)

    def remote_channel(self, point: PointIn) -> str | None:
        """The cheapest remote channel the point offers (ties: phone, e-mail, web)."""
        options = [c for c in REMOTE_CHANNELS if c in point.channels]
        if not options:
            return None
        return min(options, key=lambda c: (self.costs.fees.get(c, 0), REMOTE_CHANNELS.index(c)))


def need(target: float, total: int) -> int:
    """Points a coverage target asks for: ⌈target × total⌉ (with a tolerance for float noise)."""
    return math.ceil(target * total - 1e-9)


@dataclass(frozen=True)
class Visit:
    point: int
    observer: int
    channel: str
    day: dt.date
    # The week the visit belongs to (remote visits are planned for the week, not a day).
    week_start: dt.date
    week_end: dt.date
    trip: int | None = None


@dataclass(frozen=True)
class Trip:
    observer: int
    delegation: int
    day: dt.date
    visits: int
    cost: int


@dataclass
class Plan:
    visits: list[Visit] = field(default_factory=list)
    trips: list[Trip] = field(default_factory=list)

    def cost(self, costs: CostModel) -> int:
        return sum(costs.fees.get(v.channel, 0) for v in self.visits) + sum(
            t.cost for t in self.trips
        )

    def chosen_points(self) -> set[int]:
        return {v.point for v in self.visits}
