"""The follow-up's published figures for a period (method: docs/followup.md).

- **Due**: recommendations sent, not withdrawn, whose due date falls in the period.
- **Verified effective**: of those, the ones verified effective on or before the period's end.
- **Implementation rate** = verified effective ÷ due (percent, one decimal, halves up);
  none when nothing was due.
- **Days to acknowledge** / **to implement**: calendar days (Africa/Tunis) from sending to the
  acknowledgement / to the claim of implementation, for those that happened in the period;
  the median is reported (the mean of the two middle values when their number is even).
- **Overdue** at a date D (the period's end, or today if earlier): sent on or before D, due
  before D, not claimed implemented by D and not closed by D — computed from the dated steps,
  so a past period's figure does not change when a body answers later.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from raqib.core.bilingual import localized

from .models import Outcome, Recommendation


def _day(value: dt.datetime | None) -> dt.date | None:
    return None if value is None else timezone.localdate(value)


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def median(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return Decimal(str(statistics.median(values))).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class BodyFigures:
    body_id: int | None  # None: every body together
    code: str
    name: str
    due: int
    effective: int
    rate: Decimal | None
    overdue: int
    acknowledge_days: Decimal | None
    implement_days: Decimal | None
    acknowledged: int
    implemented: int


@dataclass(frozen=True)
class OverdueRow:
    pk: int
    ref: str
    title: str
    body: str
    due_date: dt.date
    days_late: int
    status: str


@dataclass(frozen=True)
class FollowupFigures:
    start: dt.date
    end: dt.date
    as_of: dt.date
    total: BodyFigures
    bodies: tuple[BodyFigures, ...]
    overdue: tuple[OverdueRow, ...]


class _Tally:
    def __init__(self) -> None:
        self.due = 0
        self.effective = 0
        self.overdue = 0
        self.ack: list[int] = []
        self.impl: list[int] = []

    def add(self, rec: Recommendation, start: dt.date, end: dt.date, as_of: dt.date) -> bool:
        sent = _day(rec.sent_at)
        assert sent is not None
        if rec.outcome != Outcome.WITHDRAWN and start <= rec.due_date <= end:
            self.due += 1
            verified = _day(rec.verified_at)
            if rec.outcome == Outcome.EFFECTIVE and verified is not None and verified <= end:
                self.effective += 1
        ack, impl = _day(rec.acknowledged_at), _day(rec.implemented_at)
        if ack is not None and start <= ack <= end:
            self.ack.append((ack - sent).days)
        if impl is not None and start <= impl <= end:
            self.impl.append((impl - sent).days)
        closed = _day(rec.closed_at)
        late = (
            sent <= as_of
            and rec.due_date < as_of
            and (impl is None or impl > as_of)
            and (closed is None or closed > as_of)
        )
        if late:
            self.overdue += 1
        return late

    def figures(self, body_id: int | None, code: str, name: str) -> BodyFigures:
        return BodyFigures(
            body_id=body_id,
            code=code,
            name=name,
            due=self.due,
            effective=self.effective,
            rate=rate(self.effective, self.due),
            overdue=self.overdue,
            acknowledge_days=median(self.ack),
            implement_days=median(self.impl),
            acknowledged=len(self.ack),
            implemented=len(self.impl),
        )


def followup_figures(
    *,
    recommendations: Iterable[Recommendation],
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
) -> FollowupFigures:
    """Figures over the given (already scoped and filtered) recommendations; drafts ignored."""
    as_of = min(end, today or timezone.localdate())
    total = _Tally()
    per_body: dict[int, _Tally] = defaultdict(_Tally)
    names: dict[int, tuple[str, str]] = {}
    overdue: list[OverdueRow] = []
    for rec in recommendations:
        if rec.sent_at is None:
            continue
        names[rec.body_id] = (rec.body.code, localized(rec.body.name_ar, rec.body.name_fr))
        total.add(rec, start, end, as_of)
        if per_body[rec.body_id].add(rec, start, end, as_of):
            overdue.append(
                OverdueRow(
                    pk=rec.pk,
                    ref=rec.ref,
                    title=rec.title,
                    body=names[rec.body_id][1],
                    due_date=rec.due_date,
                    days_late=(as_of - rec.due_date).days,
                    status=rec.get_status_display(),
                )
            )
    bodies = tuple(
        sorted(
            (tally.figures(pk, *names[pk]) for pk, tally in per_body.items()),
            key=lambda b: b.code,
        )
    )
    return FollowupFigures(
        start=start,
        end=end,
        as_of=as_of,
        total=total.figures(None, "", ""),
        bodies=bodies,
        overdue=tuple(sorted(overdue, key=lambda r: (-r.days_late, r.ref))),
    )
