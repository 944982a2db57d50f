"""The agreement page's figures (docs/training.md § Agreement): per scenario, each observer's
latest attempt against the reference — share of criteria matched and Cohen's kappa over the
criteria — and, per criterion, the share of observers who answered as the reference; a
criterion read differently by many observers (share < `FLAG_BELOW`) is flagged for the grid's
authors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from raqib.core.bilingual import localized

from .agreement import cohen_kappa
from .selectors import practice_attempts_by_scenario

FLAG_BELOW = 70.0


@dataclass(frozen=True)
class ObserverRow:
    pseudonym: str
    percent: Any
    kappa: float | None


@dataclass(frozen=True)
class CriterionRow:
    code: str
    label: str
    agreeing: int
    observers: int

    @property
    def share(self) -> float:
        return 100.0 * self.agreeing / self.observers if self.observers else 0.0

    @property
    def flagged(self) -> bool:
        return self.share < FLAG_BELOW


@dataclass(frozen=True)
class ScenarioAgreement:
    scenario: Any
    observers: list[ObserverRow]
    criteria: list[CriterionRow]


def agreement_overview() -> list[ScenarioAgreement]:
    out = []
    for scenario, attempts in practice_attempts_by_scenario().items():
        reference = scenario.reference
        observers = [
            ObserverRow(
                pseudonym=getattr(getattr(a.observer, "observer_profile", None), "pseudonym", "")
                or "—",
                percent=a.percent,
                kappa=cohen_kappa(
                    [(a.answers.get(code), value) for code, value in reference.items()]
                ),
            )
            for a in attempts
        ]
        labels = {
            str(c["code"]): localized(
                str((c.get("label") or {}).get("ar", "")), str((c.get("label") or {}).get("fr", ""))
            )
            for section in (scenario.grid_version.snapshot or {}).get("sections", [])
            for c in section.get("criteria", [])
        }
        criteria = [
            CriterionRow(
                code=code,
                label=labels.get(code) or code,
                agreeing=sum(1 for a in attempts if a.agreement.get(code)),
                observers=len(attempts),
            )
            for code in reference
        ]
        out.append(ScenarioAgreement(scenario, observers, criteria))
    return out
