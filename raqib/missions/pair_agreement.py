"""Agreement between the two observers of paired missions (docs/training.md § Agreement).

A pair is two missions at the same point and window for two observers (`Mission.pair`);
it counts once both reports are validated (the active report of each mission). For every
categorical criterion both answered (yes/no, yes/no/not applicable, single choice, scale
points), the pair gives one (answer A, answer B) rating: per criterion, the share of pairs
that agree and Cohen's kappa over them (`training.agreement.cohen_kappa`); per observer, the
share of their paired answers that agree with the other observer. A criterion agreed in fewer
than 70 % of pairs is flagged *read differently*: input for the grid's authors. In an
equal-treatment pair the two testers may be treated differently on purpose: read the flag on
criteria about treatment with that in mind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from raqib.core.bilingual import localized
from raqib.grids.scoring import is_blank
from raqib.training.agreement import cohen_kappa

from .models import Mission, Report, ReportStatus

CATEGORICAL = {"yes_no", "yes_no_na", "single_choice", "scale"}
FLAG_BELOW = 70.0


@dataclass(frozen=True)
class CriterionAgreement:
    grid: str
    code: str
    label: str
    pairs: int
    agreeing: int
    kappa: float | None

    @property
    def share(self) -> float:
        return 100.0 * self.agreeing / self.pairs if self.pairs else 0.0

    @property
    def flagged(self) -> bool:
        return self.share < FLAG_BELOW


@dataclass(frozen=True)
class ObserverAgreement:
    pseudonym: str
    answers: int
    agreeing: int

    @property
    def share(self) -> float:
        return 100.0 * self.agreeing / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class PairAgreement:
    pairs: int
    criteria: list[CriterionAgreement]
    observers: list[ObserverAgreement]


def _pseudonym(user: Any) -> str:
    return getattr(getattr(user, "observer_profile", None), "pseudonym", "") or "—"


def pair_agreement() -> PairAgreement:
    validated = {
        r.mission_id: r
        for r in Report.objects.filter(
            is_active=True, status=ReportStatus.VALIDATED, mission__pair__isnull=False
        ).select_related("observer__observer_profile")
    }
    missions = (
        Mission.objects.filter(pk__in=validated, pair__in=validated)
        .select_related("grid_version__grid")
        .order_by("pk")
    )
    ratings: dict[tuple[str, str], list[tuple[Any, Any]]] = {}
    labels: dict[tuple[str, str], str] = {}
    per_observer: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    pairs = 0
    for mission in missions:
        if mission.pk > (mission.pair_id or 0):
            continue  # each pair once, from its first mission
        first, second = validated[mission.pk], validated[mission.pair_id or 0]
        grid = f"{mission.grid_version.grid.code} v{mission.grid_version.number}"
        pairs += 1
        for section in (mission.grid_version.snapshot or {}).get("sections", []):
            for criterion in section.get("criteria", []):
                code = str(criterion["code"])
                a, b = first.answers.get(code), second.answers.get(code)
                if criterion.get("type") not in CATEGORICAL or is_blank(a) or is_blank(b):
                    continue
                key = (grid, code)
                ratings.setdefault(key, []).append((a, b))
                label = criterion.get("label") or {}
                labels[key] = localized(str(label.get("ar", "")), str(label.get("fr", "")))
                same = int(str(a) == str(b))
                for report in (first, second):
                    # Keyed by user, not by pseudonym: observers without a profile would
                    # otherwise merge under "—".
                    tally = per_observer.setdefault(report.observer_id, [0, 0])
                    names[report.observer_id] = _pseudonym(report.observer)
                    tally[0] += 1
                    tally[1] += same
    criteria = [
        CriterionAgreement(
            grid=grid,
            code=code,
            label=labels[(grid, code)] or code,
            pairs=len(found),
            agreeing=sum(1 for a, b in found if str(a) == str(b)),
            kappa=cohen_kappa(found),
        )
        for (grid, code), found in sorted(ratings.items())
    ]
    observers = [
        ObserverAgreement(pseudonym=names[user_id], answers=n, agreeing=k)
        for user_id, (n, k) in sorted(
            per_observer.items(), key=lambda item: (names[item[0]], item[0])
        )
    ]
    return PairAgreement(pairs=pairs, criteria=criteria, observers=observers)
