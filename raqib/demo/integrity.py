"""Demo integrity cases: the cases the demo year's bribe reports opened, moved along.

The demo reports with a bribe asked (G01, section `integrity`) opened their cases on
validation, like any report. Here the first four are assigned to the demo integrity officer
and spread over the statuses (open, under assessment, referred with its acknowledgement,
closed without referral), one external signal is opened by hand, a citizen's survey comment
flagged by the coordinator (raqib.demo.surveys) is taken up into a case, and facts learnt
later are added to the open case — all through the real
services, so everything is encrypted and audited like the rest. Idempotent: skipped once the
demo officer has a case.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from raqib.accounts.models import User
from raqib.integrity import referrals, services
from raqib.integrity.models import Case, CaseAssignment, Category, Origin
from raqib.surveys.selectors import comment_flag_open_get, comment_flags_open


@transaction.atomic
def seed_integrity(*, log: Callable[[str], None] | None = None) -> int:
    """Assign and move the demo cases; return how many the demo officer now has (0: skipped)."""
    officer = User.objects.filter(username="integrity").first()
    director = User.objects.filter(username="director").first()
    if officer is None or CaseAssignment.objects.filter(officer=officer).exists():
        return 0
    from_reports = Case.objects.filter(origin=Origin.REPORT)
    cases = list(from_reports.filter(category=Category.EXTORTION).order_by("pk")[:4])
    if len(cases) < 4:
        others = from_reports.exclude(pk__in=[c.pk for c in cases]).order_by("pk")
        cases += list(others[: 4 - len(cases)])
    for case in cases:
        services.case_assign(actor=director, case=case, officer=officer)
    if len(cases) > 1:
        services.case_act(actor=officer, case=cases[1], event="assess")
    if len(cases) > 2:
        services.case_act(actor=officer, case=cases[2], event="assess")
        services.case_act(
            actor=officer, case=cases[2], event="refer", authority="inspection", language="ar"
        )
        referrals.referral_acknowledge(
            actor=officer, referral=cases[2].referrals.get(), on=timezone.localdate()
        )
    if len(cases) > 3:
        services.case_act(
            actor=officer,
            case=cases[3],
            event="close_without_referral",
            reason="Le paiement demandé était un timbre fiscal prévu par les textes.",
        )
    body = cases[0].body if cases else None
    if body is not None:
        services.case_create(
            actor=officer,
            category=Category.FAVOURITISM,
            origin=Origin.EXTERNAL,
            body=body,
            facts=(
                "المصدر / Source : courriel d'un usager au numéro vert\n"
                "Un dossier aurait été traité avant son tour contre un service rendu."
            ),
            place_of_facts=body.name_fr,
        )
    if cases:
        services.case_fact_add(
            actor=officer,
            case=cases[0],
            text=(
                "أكّد عون آخر بالمكتب أنّ نفس الطلب تكرّر مع مواطنين آخرين.\n"
                "Un second agent confirme que la même demande a été faite à d'autres usagers."
            ),
        )
    waiting = comment_flags_open()
    if waiting:
        found = comment_flag_open_get(pk=waiting[0].pk)
        if found is not None:
            flag, comment = found
            services.case_open_from_comment(
                actor=officer,
                flag=flag,
                comment=comment,
                category=Category.EXTORTION,
                severity="high",
                facts="À rapprocher des visites de la même période dans ce bureau.",
            )
    made = CaseAssignment.objects.filter(officer=officer).count()
    if log is not None:
        log(f"integrity cases of the demo officer: {made}")
    return made
