"""Members' terms: appointment then at most four renewals, a fifth only with a recorded
reason; reminders before a term ends, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from raqib.accounts import services
from raqib.accounts.models import Appointment
from raqib.accounts.selectors import member_status
from raqib.audit.models import AuditEvent
from raqib.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _term(admin, user, year, reason=""):
    return services.appointment_record(
        actor=admin,
        user=user,
        decided_on=dt.date(year, 1, 1),
        decision_reference=f"Décision {year}",
        term_start=dt.date(year, 1, 15),
        term_end=dt.date(year + 1, 1, 14),
        override_reason=reason,
    )


def test_four_renewals_then_only_with_a_reason_audited(admin_user, observer):
    for year in range(2020, 2025):  # the appointment and four renewals
        _term(admin_user, observer, year)
    assert list(Appointment.objects.values_list("renewal", flat=True)) == [0, 1, 2, 3, 4]
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        _term(admin_user, observer, 2025)
    assert "au plus 4 fois" in " ".join(refused.value.messages)
    assert Appointment.objects.count() == 5
    fifth = _term(admin_user, observer, 2025, reason="Compétence rare, décision du directeur")
    assert fifth.renewal == 5
    event = AuditEvent.objects.filter(action="appointment.record").latest("pk")
    assert event.changes["override_reason"] == "Compétence rare, décision du directeur"
    # The database refuses it too, whatever the path.
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            user=observer,
            decided_on=dt.date(2027, 1, 1),
            decision_reference="x",
            term_start=dt.date(2027, 1, 2),
            term_end=dt.date(2028, 1, 1),
            renewal=6,
        )


def test_the_page_records_a_term_and_refuses_bad_input(client, admin_user, observer):
    client.force_login(admin_user)
    url = reverse("accounts:appointment_record", kwargs={"pk": observer.pk})
    data = {
        "decision_reference": "Décision 12/2026",
        "decided_on": "2026-01-02",
        "term_start": "2026-01-15",
        "term_end": "2026-01-10",
    }
    client.post(url, data)  # ends before it starts
    assert not Appointment.objects.exists()
    client.post(url, {**data, "term_end": "nope"})
    assert not Appointment.objects.exists()
    client.post(url, {**data, "term_end": "2027-01-14"})
    assert Appointment.objects.get().renewal == 0
    page = client.get(reverse("accounts:user_detail", kwargs={"pk": observer.pk}))
    assert "Décision 12/2026" in page.content.decode()
    assert member_status(user=observer, today=dt.date(2026, 6, 1)) == "active"
    assert member_status(user=observer, today=dt.date(2027, 6, 1)) == "ended"


def test_reminder_before_the_term_ends_once(admin_user, director, observer):
    today = timezone.localdate()
    services.appointment_record(
        actor=admin_user,
        user=observer,
        decided_on=today - dt.timedelta(days=300),
        decision_reference="D-1",
        term_start=today - dt.timedelta(days=300),
        term_end=today + dt.timedelta(days=20),
    )
    call_command("member_terms_remind", verbosity=0)
    call_command("member_terms_remind", verbosity=0)
    sent = Notification.objects.filter(kind="member_term_ending")
    assert {n.recipient for n in sent} == {admin_user, director}
