"""Reporting periods: the department's semester, nine-month and annual reports, and others.

Accepted labels (``parse_period``): ``2026`` (year), ``2026-S1`` / ``2026-S2`` (semesters),
``2026-9M`` (January–September, the nine-month report), ``2026-Q1``…``Q4``, ``2026-03``
(a month). A custom period is two dates, both included.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

_LABEL = re.compile(r"^(?P<year>\d{4})(?:-(?P<part>S[12]|9M|Q[1-4]|\d{2}))?$")


@dataclass(frozen=True)
class Period:
    label: str  # "2026-S1", "2026-9M", "2026", … or "custom"
    start: dt.date
    end: dt.date  # included

    @property
    def months(self) -> list[dt.date]:
        """First days of the months the period touches."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        return months

    @property
    def month_aligned(self) -> bool:
        """Whether the period is whole months (monthly rollups then answer exactly)."""
        last = calendar.monthrange(self.end.year, self.end.month)[1]
        return self.start.day == 1 and self.end.day == last


def _check_years(*years: int) -> None:
    # Beyond these years date arithmetic overflows (year 9999) and no report is meaningful.
    if not all(2000 <= year <= 2100 for year in years):
        raise ValueError(_("The year must be between 2000 and 2100."))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_period(label: str) -> Period:
    """A period from its label; ValueError with a translated message when it is not one."""
    match = _LABEL.match((label or "").strip().upper())
    if not match:
        raise ValueError(
            _(
                "Unknown period “%(label)s”: "
                "use 2026, 2026-S1, 2026-S2, 2026-9M, 2026-Q1 or 2026-03."
            )
            % {"label": label}
        )
    year, part = int(match["year"]), match["part"]
    _check_years(year)
    label = f"{year}" if part is None else f"{year}-{part}"
    if part is None:
        return Period(label, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if part == "S1":
        return Period(label, dt.date(year, 1, 1), dt.date(year, 6, 30))
    if part == "S2":
        return Period(label, dt.date(year, 7, 1), dt.date(year, 12, 31))
    if part == "9M":
        return Period(label, dt.date(year, 1, 1), dt.date(year, 9, 30))
    if part.startswith("Q"):
        quarter = int(part[1])
        first = 3 * quarter - 2
        return Period(label, dt.date(year, first, 1), _month_end(year, first + 2))
    month = int(part)
    if not 1 <= month <= 12:
        raise ValueError(_("The month must be between 01 and 12."))
    return Period(label, dt.date(year, month, 1), _month_end(year, month))


def custom_period(start: dt.date, end: dt.date) -> Period:
    _check_years(start.year, end.year)
    if end < start:
        raise ValueError(_("The end of the period is before its start."))
    if (end - start).days > 366 * 5:
        raise ValueError(_("A period cannot be longer than five years."))
    return Period("custom", start, end)
