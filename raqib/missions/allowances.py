"""Monthly allowance statements of a member (docs/training.md § Allowances).

For one observer and one calendar month (the local date of each mission's window start):

* every mission with a **validated** report earns the rate of its channel,
  `RAQIB_ALLOWANCE_RATES` (millimes; the rates are set by texts the department applies —
  the defaults are placeholders to replace);
* phone, e-mail, web and postal missions are **remote** (done from home): no per diem;
* an in-person mission at a service point outside the governorate of the observer's home
  delegation adds `RAQIB_ALLOWANCE_PER_DIEM` (millimes);
* missions done but not yet validated are listed, without amount, so nothing is forgotten.

Amounts are integers in millimes (1 dinar = 1,000 millimes), shown as dinars with three
decimals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.grids.models import GridChannel

from .models import Mission, MissionStatus

REMOTE = frozenset({GridChannel.PHONE, GridChannel.EMAIL, GridChannel.WEB, GridChannel.POSTAL})


@dataclass(frozen=True)
class StatementLine:
    mission: Mission
    day: dt.date
    remote: bool
    fee: int
    per_diem: int

    @property
    def total(self) -> int:
        return self.fee + self.per_diem


@dataclass
class Statement:
    observer: Any
    month: dt.date  # the first day
    lines: list[StatementLine] = field(default_factory=list)
    pending: list[Mission] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(line.total for line in self.lines)

    @property
    def fees(self) -> int:
        return sum(line.fee for line in self.lines)

    @property
    def per_diems(self) -> int:
        return sum(line.per_diem for line in self.lines)


def dinars(millimes: int) -> str:
    """12345 → "12.345" (dinars, three decimals)."""
    sign = "-" if millimes < 0 else ""
    whole, rest = divmod(abs(millimes), 1000)
    return f"{sign}{whole}.{rest:03d}"


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def monthly_statement(*, observer: Any, month: dt.date) -> Statement:
    first, last = month_bounds(month)
    rates: dict[str, int] = dict(settings.RAQIB_ALLOWANCE_RATES)
    per_diem = int(settings.RAQIB_ALLOWANCE_PER_DIEM)
    profile = getattr(observer, "observer_profile", None)
    home_governorate = profile.home_delegation.governorate_id if profile else None
    missions = (
        Mission.objects.filter(
            observer=observer,
            window_start__date__gte=first,
            window_start__date__lte=last,
        )
        .exclude(status=MissionStatus.CANCELLED)
        .select_related("service_point__governorate")
        .order_by("window_start", "code")
    )
    statement = Statement(observer=observer, month=first)
    for mission in missions:
        day = timezone.localtime(mission.window_start).date()
        if mission.status != MissionStatus.VALIDATED:
            if mission.status in (MissionStatus.SUBMITTED, MissionStatus.RETURNED):
                statement.pending.append(mission)
            continue
        remote = mission.channel in REMOTE
        away = (
            not remote
            and home_governorate is not None
            and mission.service_point.governorate_id != home_governorate
        )
        statement.lines.append(
            StatementLine(
                mission=mission,
                day=day,
                remote=remote,
                fee=int(rates.get(mission.channel, 0)),
                per_diem=per_diem if away else 0,
            )
        )
    return statement


def statement_table(statement: Statement) -> tuple[list[str], list[list[str]]]:
    """The statement as a sheet for the finance office: one row per mission, then the totals."""
    headers = [
        _("Mission"),
        _("Date"),
        _("Channel"),
        _("Remote"),
        _("Fee (TND)"),
        _("Per diem (TND)"),
        _("Total (TND)"),
    ]
    rows = [
        [
            line.mission.code,
            line.day.strftime("%d/%m/%Y"),
            str(line.mission.get_channel_display()),
            _("yes") if line.remote else _("no"),
            dinars(line.fee),
            dinars(line.per_diem),
            dinars(line.total),
        ]
        for line in statement.lines
    ]
    rows.append(
        [
            "",
            "",
            "",
            _("Total"),
            dinars(statement.fees),
            dinars(statement.per_diems),
            dinars(statement.total),
        ]
    )
    return headers, rows


def statement_pdf(statement: Statement, *, lang: str) -> bytes:
    """The statement as a one-page PDF for the finance office, Amiri embedded (Arabic shaped
    by WeasyPrint's HarfBuzz), in `lang`."""
    from pathlib import Path

    import fontpkg_amiri
    from django.template.loader import render_to_string
    from django.utils import timezone, translation
    from weasyprint import HTML

    fonts = Path(fontpkg_amiri.ROOT) / "files"
    profile = getattr(statement.observer, "observer_profile", None)
    with translation.override(lang):
        headers, rows = statement_table(statement)
        html = render_to_string(
            "missions/allowance_statement_pdf.html",
            {
                "lang": lang,
                "rtl": lang == "ar",
                "font_url": (fonts / "Amiri-Regular.ttf").as_uri(),
                "font_bold_url": (fonts / "Amiri-Bold.ttf").as_uri(),
                "statement": statement,
                "member": getattr(profile, "pseudonym", "") or statement.observer.username,
                "name": statement.observer.get_full_name(),
                "headers": headers,
                "rows": rows[:-1],
                "totals": rows[-1],
                "pending": statement.pending,
                "today": timezone.localdate(),
            },
        )
    return bytes(HTML(string=html, base_url="file:///").write_pdf())
