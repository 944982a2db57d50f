"""notification_send: one event → one row and one e-mail per recipient, in their language,
after the commit only; preferences, digests and the focal-point privacy rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from raqib.accounts.selectors import focal_points_of_body
from raqib.accounts.tests.factories import UserFactory
from raqib.audit.models import AuditEvent
from raqib.core.roles import Role
from raqib.notifications.bodies import recommendation_sent_message
from raqib.notifications.contract import Localized, Message
from raqib.notifications.emails import notification_digests_send
from raqib.notifications.kinds import EmailMode, NotificationKind
from raqib.notifications.models import Notification, NotificationDigest
from raqib.notifications.services import (
    notification_preferences_set,
    notification_send,
    notifications_paused,
)

pytestmark = pytest.mark.django_db


def _critical(*recipients, key="ev-1"):
    return Message(
        kind=NotificationKind.CRITICAL_FINDING,
        recipients=tuple(recipients),
        event_key=key,
        title=_("Critical finding at %(point)s"),
        body=_("Report %(code)s on %(point)s contains a critical finding."),
        params={"code": "M-1", "point": Localized("مكتب البريد", "Bureau de poste")},
        url_name="notifications:inbox",
    )


@pytest.fixture
def officer(integrity_officer):
    integrity_officer.email = "officer@example.tn"
    integrity_officer.save(update_fields=["email"])
    return integrity_officer


def test_same_event_twice_gives_one_row_and_one_email(officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notification_send(message=_critical(officer))
    with django_capture_on_commit_callbacks(execute=True):
        again = notification_send(message=_critical(officer))
    assert len(first) == 1
    assert again == []
    assert Notification.objects.filter(recipient=officer).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["officer@example.tn"]
    row = Notification.objects.get()
    assert row.emailed_at is not None
    # One audit event per send (not per row), none for the replay.
    assert AuditEvent.objects.filter(action="notification.send").count() == 1


def test_text_is_written_in_each_recipients_language(officer, director):
    notification_preferences_set(actor=director, user=director, choices={}, language="fr")
    notification_send(message=_critical(officer, director))
    arabic = Notification.objects.get(recipient=officer)
    french = Notification.objects.get(recipient=director)
    assert arabic.language == "ar"
    assert french.language == "fr"
    assert "مكتب البريد" in arabic.title
    assert "Bureau de poste" not in arabic.title
    assert french.title == "Constat critique à Bureau de poste"
    assert french.url.startswith("/fr/")
    assert arabic.url.startswith("/ar/")


def test_rolled_back_write_sends_nothing(officer, django_capture_on_commit_callbacks):
    def failing_write():
        with transaction.atomic():
            notification_send(message=_critical(officer))
            raise RuntimeError("the caller's write failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        failing_write()
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_preferences_are_honoured(officer, coordinator, django_capture_on_commit_callbacks):
    coordinator.email = "coord@example.tn"
    coordinator.save(update_fields=["email"])
    notification_preferences_set(
        actor=coordinator,
        user=coordinator,
        choices={NotificationKind.REPORT_SUBMITTED: (False, EmailMode.IMMEDIATE)},
    )
    # The critical finding's inbox entry is mandatory: switching it off is ignored.
    notification_preferences_set(
        actor=officer, user=officer, choices={NotificationKind.CRITICAL_FINDING: (False, "never")}
    )
    message = Message(
        kind=NotificationKind.REPORT_SUBMITTED,
        recipients=(coordinator,),
        event_key="submit-1",
        title=_("Report %(code)s submitted"),
        params={"code": "M-9"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(message=message)
        notification_send(message=_critical(officer))
    hidden = Notification.objects.get(recipient=coordinator)
    assert hidden.in_app is False
    shown = Notification.objects.get(recipient=officer)
    assert shown.in_app is True
    assert shown.email_mode == EmailMode.NEVER
    assert [m.to for m in mail.outbox] == [["coord@example.tn"]]


def test_preferences_refuse_kinds_of_other_roles(observer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        notification_preferences_set(
            actor=observer,
            user=observer,
            choices={NotificationKind.CRITICAL_FINDING: (True, "never")},
        )


def test_recipients_without_the_kinds_role_are_skipped(officer, observer):
    notification_send(message=_critical(officer, observer))
    assert list(Notification.objects.values_list("recipient", flat=True)) == [officer.pk]


def test_parameters_cannot_carry_a_person(officer, observer):
    with pytest.raises(TypeError):
        Message(
            kind=NotificationKind.CRITICAL_FINDING,
            recipients=(officer,),
            event_key="x",
            title=_("Critical finding at %(point)s"),
            params={"point": observer},  # type: ignore[dict-item]
        )


def test_daily_digest_is_sent_once_per_user_and_day(coordinator):
    coordinator.email = "coord@example.tn"
    coordinator.save(update_fields=["email"])
    for n in range(3):
        notification_send(
            message=Message(
                kind=NotificationKind.REPORT_SUBMITTED,
                recipients=(coordinator,),
                event_key=f"submit-{n}",
                title=_("Report %(code)s submitted"),
                params={"code": f"M-{n}"},
            )
        )
    assert mail.outbox == []  # digest kinds wait for the digest
    assert notification_digests_send() == 1
    assert notification_digests_send() == 0
    call_command("send_digests")
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert "M-0" in digest.body
    assert "M-2" in digest.body
    assert NotificationDigest.objects.get().count == 3
    # The next day, a new event makes a new digest.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    notification_send(
        message=Message(
            kind=NotificationKind.REPORT_SUBMITTED,
            recipients=(coordinator,),
            event_key="submit-late",
            title=_("Report %(code)s submitted"),
            params={"code": "M-late"},
        )
    )
    assert notification_digests_send(day=tomorrow) == 1
    assert len(mail.outbox) == 2


def test_digest_task_and_command(coordinator):
    from raqib.notifications.tasks import send_digests

    result = send_digests.enqueue(None)
    assert result.return_value == 0


def test_paused_sends_nothing(officer):
    with notifications_paused():
        assert notification_send(message=_critical(officer)) == []
    assert not Notification.objects.exists()


# --- Focal points: body-facing messages only, never a person ----------------------------------


def test_focal_points_of_a_body_include_those_of_a_parent(focal_point, focal_body):
    from raqib.accounts.services import user_focal_bodies_set
    from raqib.registry.tests.factories import PublicBodyFactory

    child = PublicBodyFactory(code="child-body", parent=focal_body)
    other = UserFactory(username="focal-child", roles=[Role.FOCAL_POINT])
    user_focal_bodies_set(actor=None, user=other, bodies=[child])
    stranger = UserFactory(username="focal-other", roles=[Role.FOCAL_POINT])
    user_focal_bodies_set(actor=None, user=stranger, bodies=[PublicBodyFactory(code="far")])
    assert focal_points_of_body(body_id=child.pk) == [focal_point, other]
    assert focal_points_of_body(body_id=focal_body.pk) == [focal_point]


def test_focal_point_messages_never_name_the_observer(
    focal_point, focal_body, observer, django_capture_on_commit_callbacks
):
    focal_point.email = "focal@example.tn"
    focal_point.save(update_fields=["email"])
    notification_preferences_set(
        actor=focal_point,
        user=focal_point,
        choices={NotificationKind.RECOMMENDATION_SENT: (True, EmailMode.IMMEDIATE)},
    )
    # A staff kind (which may name a mission's observer) never reaches a focal point.
    staff_message = Message(
        kind=NotificationKind.REPORT_RETURNED,
        recipients=(focal_point,),
        event_key="leak",
        title=_("Report %(code)s returned for correction"),
        params={"code": observer.observer_profile.pseudonym},
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_send(message=staff_message) == []
        sent = notification_send(
            message=recommendation_sent_message(
                recipients=tuple(focal_points_of_body(body_id=focal_body.pk)),
                recommendation_ref="REC-2026-001",
                body_name=Localized(focal_body.name_ar, focal_body.name_fr),
                point_name=Localized("مكتب", "Bureau"),
                event_key="recommendation.sent:1",
            )
        )
    assert len(sent) == 1
    texts = [n.title + n.body for n in Notification.objects.filter(recipient=focal_point)]
    texts += [m.subject + m.body for m in mail.outbox]
    assert len(texts) == 2
    for text in texts:
        for secret in (observer.username, observer.observer_profile.pseudonym):
            assert secret.casefold() not in text.casefold()
    assert "REC-2026-001" in texts[0]


def test_email_is_a_text_and_html_pair_in_the_recipients_language_and_sent_once(
    officer, django_capture_on_commit_callbacks, settings
):
    from raqib.notifications.emails import notification_email_send

    settings.RAQIB_PUBLIC_BASE_URL = "https://raqib.example.tn"
    notification_preferences_set(actor=officer, user=officer, choices={}, language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = notification_send(message=_critical(officer))
    (email,) = mail.outbox
    assert email.subject == "Constat critique à Bureau de poste"
    assert "Ouvrir dans Raqib" in email.body
    assert "https://raqib.example.tn/fr/notifications/" in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert 'lang="fr"' in html
    # A retried task finds the row already e-mailed.
    assert notification_email_send(notification_id=row.pk) is False
    assert len(mail.outbox) == 1


def test_a_refused_email_can_be_retried(officer, monkeypatch):
    from raqib.notifications import emails

    (row,) = notification_send(message=_critical(officer))

    def refuse(**kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(emails, "_send", refuse)
    with pytest.raises(OSError, match="SMTP down"):
        emails.notification_email_send(notification_id=row.pk)
    row.refresh_from_db()
    assert row.emailed_at is None
    monkeypatch.undo()
    assert emails.notification_email_send(notification_id=row.pk) is True
    assert len(mail.outbox) == 1
