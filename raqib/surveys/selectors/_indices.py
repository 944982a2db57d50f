"""Indices by group: the wave's figures overall and per point, body, category, governorate
and region tag, and the same group wave after wave (method: docs/survey-indices.md)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import cache

from raqib.registry.models import Governorate, PublicBody, RegionTag, ServiceCategory

from .. import indices
from ..answer_counts import Counts, answer_counts
from ..bank import DRIVER_PREFIX, IMPORTANCE_PREFIX, OVERALL
from ..models import SurveyWave, WaveServicePoint
from ._scope import focal_ids

if TYPE_CHECKING:
    from raqib.accounts.models import User

GROUP_KINDS = ("point", "body", "category", "governorate", "region")


# --- Indices -------------------------------------------------------------------------------


def wave_driver_suffixes(wave: SurveyWave) -> list[str]:
    """The drivers of the wave's questionnaire, in its order (from the frozen snapshot)."""
    snapshot = wave.grid_version.snapshot or {}
    return [
        c["code"][len(DRIVER_PREFIX) :]
        for s in snapshot.get("sections", [])
        for c in s.get("criteria", [])
        if c["code"].startswith(DRIVER_PREFIX)
    ]


@dataclass
class GroupResult:
    kind: str
    key: int | None
    label: str
    code: str
    result: indices.GroupIndices
    quarantined: int


def _body_ancestors() -> dict[int, list[int]]:
    parent = dict(PublicBody.objects.values_list("id", "parent_id"))
    out: dict[int, list[int]] = {}
    for body_id in parent:
        chain: list[int] = []
        seen: set[int] = set()
        current: int | None = body_id
        while current is not None and current not in seen:
            seen.add(current)
            chain.append(current)
            current = parent.get(current)
        out[body_id] = chain
    return out


GroupKey = tuple[str, int | None]


def group_keys_of(kinds: list[str]) -> Callable[[int, int, int, int], list[GroupKey]]:
    """For one answer's point, body, category and governorate: the groups it counts in."""
    ancestors = _body_ancestors() if "body" in kinds else {}
    region_of: dict[int, list[int]] = defaultdict(list)
    if "region" in kinds:
        for tag_id, gov_id in RegionTag.governorates.through.objects.values_list(
            "regiontag_id", "governorate_id"
        ):
            region_of[gov_id].append(tag_id)

    def keys(point: int, body: int, category: int, governorate: int) -> list[GroupKey]:
        found: dict[str, list[GroupKey]] = {
            "point": [("point", point)],
            "body": [("body", b) for b in ancestors.get(body, [body])],
            "category": [("category", category)],
            "governorate": [("governorate", governorate)],
            "region": [("region", r) for r in region_of.get(governorate, [])],
        }
        return [("wave", None)] + [key for kind in kinds for key in found.get(kind, [])]

    return keys


def wave_indices(
    *, wave: SurveyWave, user: User | None = None, kinds: Iterable[str] = GROUP_KINDS
) -> dict[str, Any]:
    """The wave's figures overall and for every group of each kind (point, body — counting
    the points of its descendants —, category, governorate, region tag). Quarantined answers
    are counted apart and never enter a figure. With a focal point as `user`, only their
    bodies' points are read, and the "wave" total covers those points only.

    The answers are counted per point, item and value (`answer_counts`: grouped by the
    database on PostgreSQL) and the points rolled up to their groups; the figures are exactly
    those of `indices.group_indices` over each group's answers."""
    points = WaveServicePoint.objects.filter(wave=wave)
    bodies = focal_ids(user) if user is not None else None
    if bodies is not None:
        points = points.filter(service_point__body_id__in=bodies)
    drivers = wave_driver_suffixes(wave)
    codes = [OVERALL, *(f"{p}{d}" for d in drivers for p in (DRIVER_PREFIX, IMPORTANCE_PREFIX))]
    # Answers still being screened (a second or two) are neither counted nor held yet.
    per_point = answer_counts(
        wave_ids=[wave.pk],
        codes=codes,
        wave_point_ids=None if bodies is None else points.values_list("pk", flat=True),
    )
    # For each point read: its service point, body, category and governorate.
    where = {
        pk: rest
        for pk, *rest in WaveServicePoint.objects.filter(pk__in=list(per_point)).values_list(
            "pk",
            "service_point_id",
            "service_point__body_id",
            "service_point__category_id",
            "service_point__governorate_id",
        )
    }
    kinds = list(kinds)
    group_keys = group_keys_of(kinds)
    groups: dict[GroupKey, Counts] = defaultdict(Counts)
    for wave_point_id, counts in per_point.items():
        for key in group_keys(*where[wave_point_id]):
            groups[key].add(counts)
    labels = _labels(wave, set(groups))
    _t_quantiles_shared(groups.values(), wave.min_sample)

    def build(key: GroupKey) -> GroupResult:
        label, code = labels.get(key, ("", ""))
        counts = groups.get(key) or Counts()
        return GroupResult(
            kind=key[0],
            key=key[1],
            label=label,
            code=code,
            result=counts.result(min_sample=wave.min_sample, drivers=drivers),
            quarantined=counts.held,
        )

    out: dict[str, Any] = {"wave": build(("wave", None)), "drivers": drivers}
    for kind in kinds:
        keys = sorted({k for k in groups if k[0] == kind}, key=lambda k: k[1] or 0)
        out[kind] = sorted((build(k) for k in keys), key=lambda g: g.code)
    return out


# One cache entry ({df: quantile}), not one per df: the database cache keeps 300 entries by
# default and culls beyond, which would evict other users' entries (sign-in throttling).
# Bump the version when indices.t_quantile could give another float for the same df.
T_QUANTILES_CACHE_KEY = "surveys:t-quantiles:v1:0.975"
_T_KEEP = 50_000


def _t_quantiles_shared(groups: Iterable[Counts], min_sample: int) -> None:
    """Every t quantile the groups' figures need, read from the shared cache when another
    worker computed it already, computed and shared otherwise. Each costs ~1.5 ms and a
    national wave needs thousands of distinct ones: a fresh worker would spend seconds on
    them at its first results page. Exact: the cache holds the floats this code computed."""
    dfs = {
        n - 1
        for counts in groups
        for values in counts.items.values()
        if (n := sum(values.values())) >= max(min_sample, 2)
    }
    known: dict[int, float] = cache.get(T_QUANTILES_CACHE_KEY) or {}
    indices.t_quantile_seed(0.975, known)
    missing = dfs - known.keys()
    if not missing:
        return
    known = {**known, **{df: indices.t_quantile(0.975, df) for df in missing}}
    if len(known) > _T_KEEP:
        known = {df: known[df] for df in dfs}
    cache.set(T_QUANTILES_CACHE_KEY, known, timeout=None)


def _labels(
    wave: SurveyWave, keys: set[tuple[str, int | None]]
) -> dict[tuple[str, int | None], tuple[str, str]]:
    wanted: dict[str, set[int]] = defaultdict(set)
    for kind, key in keys:
        if key is not None:
            wanted[kind].add(key)
    out: dict[tuple[str, int | None], tuple[str, str]] = {}
    models: dict[str, tuple[Any, str]] = {
        "body": (PublicBody, "code"),
        "category": (ServiceCategory, "code"),
        "governorate": (Governorate, "iso_code"),
        "region": (RegionTag, "code"),
    }
    if wanted.get("point"):
        for wp in WaveServicePoint.objects.filter(
            wave=wave, service_point_id__in=wanted["point"]
        ).select_related("service_point"):
            out[("point", wp.service_point_id)] = (wp.service_point.name, wp.service_point.code)
    for kind, (model, code_field) in models.items():
        if wanted.get(kind):
            for obj in model.objects.filter(pk__in=wanted[kind]):
                out[(kind, obj.pk)] = (obj.name, getattr(obj, code_field))
    return out


def survey_trend(
    *,
    waves: Iterable[SurveyWave],
    kind: str = "wave",
    key: int | None = None,
    drivers: bool = True,
) -> list[tuple[SurveyWave, indices.GroupIndices]]:
    """One group's figures wave after wave, oldest first (e.g. kind="body", key=body id).
    With `drivers=False` only the figures of the overall item are computed (index, shares,
    net satisfaction; `drivers` and `importance` left empty): all the results page shows."""
    ordered = sorted(waves, key=lambda w: (w.starts_on, w.code))
    if kind != "wave":
        out = []
        for wave in ordered:
            match = next(
                (g for g in wave_indices(wave=wave, kinds=[kind])[kind] if g.key == key), None
            )
            if match is not None:
                out.append((wave, match.result))
        return out
    # The whole wave: one query for every wave, counted per wave rather than per point.
    suffixes = {w.pk: wave_driver_suffixes(w) if drivers else [] for w in ordered}
    codes = {OVERALL}
    for found in suffixes.values():
        codes.update(f"{p}{d}" for d in found for p in (DRIVER_PREFIX, IMPORTANCE_PREFIX))
    per_wave = answer_counts(wave_ids=[w.pk for w in ordered], codes=sorted(codes), by="wave_id")
    return [
        (
            wave,
            per_wave.get(wave.pk, Counts()).result(
                min_sample=wave.min_sample, drivers=suffixes[wave.pk]
            ),
        )
        for wave in ordered
    ]
