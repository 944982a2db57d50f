"""The member record on the observer profile: specialities, languages, availability and a
suspension that needs a reason (refused by the database too), saved through the page and
audited; what the administrator sees."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from raqib.accounts import services
from raqib.accounts.models import ObserverProfile
from raqib.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _upsert(admin, user, **member):
    profile = user.observer_profile
    return services.observer_profile_upsert(
        actor=admin,
        user=user,
        pseudonym=profile.pseudonym,
        home_delegation=profile.home_delegation,
        member=member,
    )


def test_a_suspension_needs_a_reason_and_lifting_it_clears_the_reason(admin_user, observer):
    until = dt.date(2027, 3, 31)
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        _upsert(admin_user, observer, suspended_until=until, suspension_reason="  ")
    assert "suspendu" in " ".join(refused.value.message_dict["suspension_reason"])
    assert ObserverProfile.objects.get(user=observer).suspended_until is None
    _upsert(admin_user, observer, suspended_until=until, suspension_reason="Enquête  interne")
    profile = ObserverProfile.objects.get(user=observer)
    assert (profile.suspended_until, profile.suspension_reason) == (until, "Enquête interne")
    assert profile.suspended_on(until)
    assert not profile.suspended_on(until + dt.timedelta(days=1))
    event = AuditEvent.objects.filter(action="observer_profile.upsert").latest("pk")
    assert event.changes["suspension_reason"] == ["", "Enquête interne"]
    assert event.changes["suspended_until"][1] == "2027-03-31"
    # Other member fields left out of the call keep their value.
    _upsert(admin_user, observer, availability="Matinées")
    assert ObserverProfile.objects.get(user=observer).suspended_until == until
    _upsert(admin_user, observer, suspended_until=None)
    profile = ObserverProfile.objects.get(user=observer)
    assert (profile.suspended_until, profile.suspension_reason) == (None, "")
    # The database holds the rule whatever the path.
    with pytest.raises(IntegrityError), transaction.atomic():
        ObserverProfile.objects.filter(user=observer).update(suspended_until=until)


def test_languages_are_checked_and_kept_in_the_referential_order(admin_user, observer):
    with translation.override("ar"), pytest.raises(ValidationError) as refused:
        _upsert(admin_user, observer, languages=["fr", "xx"])
    assert refused.value.message_dict["languages"] == ["لغة غير معروفة."]
    _upsert(admin_user, observer, languages=["ber", "fr", "ar", "fr"])
    assert ObserverProfile.objects.get(user=observer).languages == ["ar", "fr", "ber"]


def test_the_profile_page_saves_the_member_record_and_the_detail_shows_it(
    client, admin_user, observer
):
    with translation.override("fr"):  # the French pages (/fr/…)
        client.force_login(admin_user)
        url = reverse("accounts:user_observer_profile_edit", args=[observer.pk])
        profile = observer.observer_profile
        base = {
            "pseudonym": profile.pseudonym,
            "home_delegation": profile.home_delegation_id,
            "is_active": "on",
            "specialities": "Santé, accessibilité",
            "languages": ["ar", "ber"],
            "availability": "Matinées seulement",
        }
        until = timezone.localdate() + dt.timedelta(days=10)
        # A suspension without a reason: the form says why and nothing changes.
        answer = client.post(url, {**base, "suspended_until": until.isoformat()})
        assert answer.status_code == 200
        assert "Indiquez pourquoi" in answer.content.decode()
        assert ObserverProfile.objects.get(user=observer).specialities == ""
        answer = client.post(
            url,
            {
                **base,
                "suspended_until": until.isoformat(),
                "suspension_reason": "Absence prolongée",
            },
        )
        assert answer.status_code == 302
        saved = ObserverProfile.objects.get(user=observer)
        assert saved.languages == ["ar", "ber"]
        assert saved.specialities == "Santé, accessibilité"
        page = client.get(reverse("accounts:user_detail", args=[observer.pk])).content.decode()
        assert "Santé, accessibilité" in page
        assert "Tamazight" in page
        # The audit row names the languages, each side isolated for mixed directions.
        assert "<bdi>Arabe, Tamazight</bdi>" in page
        assert "Matinées seulement" in page
        assert f"suspendu jusqu’au {until:%d/%m/%Y}" in page
        assert "Absence prolongée" in page
        # The edit form shows what is saved.
        form = client.get(url).content.decode()
        assert until.isoformat() in form
        assert "Absence prolongée" in form
