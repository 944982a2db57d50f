"""The follow-up's chapter of the periodic activity report (contract: core.activity)."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from raqib.core.activity import ActivityFilters, ActivitySection, ActivityTable, Cell

from .figures import BodyFigures, followup_figures
from .filtering import recommendations_for_filters
from .measures import periodic_section_tables
from .models import Recommendation

MAX_OVERDUE_ROWS = 30


def _recommendations(filters: ActivityFilters) -> list[Recommendation]:
    qs = Recommendation.objects.select_related("body")
    return list(recommendations_for_filters(qs, filters))


def _row(b: BodyFigures, name: str = "") -> tuple[Cell, ...]:
    return (
        name or b.name,
        b.due,
        b.effective,
        b.rate,
        b.acknowledge_days,
        b.implement_days,
        b.overdue,
    )


def periodic_report_section(*, filters: ActivityFilters) -> ActivitySection | None:
    recs = _recommendations(filters)
    measures = periodic_section_tables(filters=filters)
    if not recs and not measures.rows:
        return None
    fig = followup_figures(recommendations=recs, start=filters.start, end=filters.end)
    total = fig.total
    paragraphs = [
        _(
            "Recommendations to public bodies due in the period: %(due)s; verified effective "
            "on the ground by its end: %(effective)s (implementation rate: %(rate)s)."
        )
        % {
            "due": total.due,
            "effective": total.effective,
            "rate": "—" if total.rate is None else f"{number_format(total.rate, 1)} %",
        },
        _("Recommendations overdue on %(date)s: %(overdue)s.")
        % {"date": fig.as_of.strftime("%d/%m/%Y"), "overdue": total.overdue},
    ]
    bodies = ActivityTable(
        caption=_("Implementation of recommendations by public body"),
        columns=(
            _("Public body"),
            _("Due"),
            _("Verified effective"),
            _("Implementation rate (%)"),
            _("Median days to acknowledge"),
            _("Median days to implement"),
            _("Overdue"),
        ),
        rows=(
            *(_row(b) for b in fig.bodies if b.due or b.overdue or b.acknowledged or b.implemented),
            _row(total, _("All bodies")),
        ),
        numeric=(False, True, True, True, True, True, True),
    )
    overdue = ActivityTable(
        caption=_("Overdue recommendations"),
        columns=(_("Reference"), _("Public body"), _("Due date"), _("Days late")),
        rows=tuple(
            (r.ref, r.body, r.due_date.strftime("%d/%m/%Y"), r.days_late)
            for r in fig.overdue[:MAX_OVERDUE_ROWS]
        ),
        numeric=(False, False, False, True),
        note=_("The %(n)s longest overdue, of %(total)s.")
        % {"n": min(MAX_OVERDUE_ROWS, len(fig.overdue)), "total": len(fig.overdue)}
        if len(fig.overdue) > MAX_OVERDUE_ROWS
        else "",
    )
    return ActivitySection(
        key="followup",
        title=_("Follow-up of recommendations"),
        paragraphs=tuple(paragraphs),
        tables=tuple(
            t
            for t, shown in (
                (bodies, bool(recs)),
                (overdue, bool(fig.overdue)),
                (measures, bool(measures.rows)),
            )
            if shown
        ),
        method="docs/followup.md, docs/simplification-measures.md",
    )
