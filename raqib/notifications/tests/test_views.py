"""The inbox and preferences pages, through HTTP."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from raqib.notifications.contract import Message
from raqib.notifications.models import Notification, NotificationPreference
from raqib.notifications.services import notification_send

pytestmark = pytest.mark.django_db


def _send(user, key, kind="report_submitted", code="M-1"):
    notification_send(
        message=Message(
            kind=kind,
            recipients=(user,),
            event_key=key,
            title=_("Report %(code)s submitted"),
            body=_("A report on %(point)s awaits your review."),
            params={"code": code, "point": "Bureau"},
        )
    )
    return Notification.objects.get(recipient=user, event_key=key)


def test_inbox_lists_own_notifications_with_the_unread_badge(client, coordinator, admin_user):
    _send(coordinator, "a", code="M-MINE")
    _send(admin_user, "b", code="M-THEIRS")
    client.force_login(coordinator)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "M-MINE" in page
    assert "M-THEIRS" not in page
    assert 'class="inbox-badge"' in page
    home = client.get(reverse("core:home")).content.decode()
    assert 'class="inbox-badge"' in home


def test_mark_read_own_only_and_all(client, coordinator, admin_user):
    mine = _send(coordinator, "a")
    _send(coordinator, "b")
    theirs = _send(admin_user, "c")
    client.force_login(coordinator)
    # Someone else's notification is a 404, like a missing one; GET is not allowed.
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("notifications:mark_read", args=[mine.pk])).status_code == 405
    theirs.refresh_from_db()
    assert theirs.read_at is None
    response = client.post(
        reverse("notifications:mark_read", args=[mine.pk]), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:inbox")
    mine.refresh_from_db()
    assert mine.read_at is not None
    unread = client.get(reverse("notifications:inbox") + "?show=unread").content.decode()
    assert unread.count('class="inbox-item unread"') == 1
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=coordinator, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert 'class="inbox-badge"' not in page


def test_inbox_pages(client, coordinator):
    for n in range(30):
        _send(coordinator, f"k{n}", code=f"M-{n:02d}")
    client.force_login(coordinator)
    first = client.get(reverse("notifications:inbox")).content.decode()
    second = client.get(reverse("notifications:inbox") + "?page=2").content.decode()
    assert first.count('class="inbox-item') == 25
    assert second.count('class="inbox-item') == 5
    assert client.get(reverse("notifications:inbox") + "?page=junk").status_code == 200


def test_preferences_page_saves_choices_and_language(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "email_report_submitted" in page
    assert "email_critical_finding" not in page  # not a coordinator's kind
    response = client.post(
        reverse("notifications:preferences"),
        {"language": "fr", "email_report_submitted": "never", "in_app_report_anomalies": "on"},
    )
    assert response.status_code == 302
    pref = NotificationPreference.objects.get(user=coordinator, kind="report_submitted")
    assert pref.email == "never"
    assert pref.in_app is False
    row = _send(coordinator, "after")
    assert row.language == "fr"
    assert row.title == "Rapport M-1 soumis"
    assert row.in_app is False


def test_preferences_refuse_bad_input(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("notifications:preferences"),
        {"language": "xx", "email_report_submitted": "sometimes"},
    )
    assert response.status_code == 200
    assert not NotificationPreference.objects.exists()
    assert 'class="errorlist' in response.content.decode() or "error" in response.content.decode()


def test_inbox_is_rtl_in_arabic_and_ltr_in_french(client, observer):
    client.force_login(observer)
    assert 'dir="rtl"' in client.get("/ar/notifications/").content.decode()
    french = client.get("/fr/notifications/").content.decode()
    assert 'dir="ltr"' in french
    assert "Aucune notification" in french
