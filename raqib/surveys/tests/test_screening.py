"""Public answers stored at once, screened after: held out until then, decided exactly as
if screened one by one at submission, counted once, never lost (issue 18, R2)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django_tasks import default_task_backend
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from raqib.surveys import services
from raqib.surveys.models import SurveyResponse, WavePointTally
from raqib.surveys.selectors import quarantine_list
from raqib.surveys.services.screening import survey_responses_screen
from raqib.surveys.services.tallies import survey_tallies_rebuild
from raqib.surveys.tests.factories import (
    answer_url,
    counted_and_held,
    make_wave,
    old_stamp,
    submit,
)

pytestmark = pytest.mark.django_db
DEFERRED = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _no_recent_request(monkeypatch):
    """Each test starts as a fresh web process: no screening run asked for a moment ago."""
    from raqib.surveys import tasks

    monkeypatch.setattr(tasks, "_last_request", 0.0)


def test_the_public_page_stores_first_and_screens_in_a_task(
    client, settings, coordinator, django_capture_on_commit_callbacks
):
    settings.TASKS = DEFERRED
    wp = make_wave().points.get()
    posted = []
    with django_capture_on_commit_callbacks(execute=True):
        for value, device in ((5, "phone-a"), (4, "phone-a"), (3, "phone-b")):
            client.cookies["raqib_sv"] = device
            page = client.post(
                answer_url(wp),
                {
                    "q_SAT_OVERALL": str(value),
                    "started": old_stamp(wp),
                    "client_uuid": uuid.uuid4(),
                },
            )
            assert page.status_code == 302
            assert page["Location"].endswith(f"/s/{wp.token}/thanks/")
            posted.append(SurveyResponse.objects.latest("pk"))
    # Stored, held out of everything, a screening run asked for (once: the interval).
    assert [(r.screened, r.quarantined) for r in posted] == [(False, True)] * 3
    assert len(default_task_backend.results) == 1
    assert counted_and_held(wp.wave) == (0, 0)
    assert not quarantine_list(wave=wp.wave).exists()
    with translation.override("fr"), pytest.raises(ValidationError, match="n'attend pas"):
        services.survey_response_release(actor=coordinator, response=posted[1])
    # The task's run: the second answer of phone-a is the duplicate.
    assert survey_responses_screen() == 3
    reasons = [r.quarantine_reasons for r in SurveyResponse.objects.order_by("pk")]
    assert reasons == [[], ["duplicate_device"], []]
    assert counted_and_held(wp.wave) == (2, 1)
    assert WavePointTally.objects.get(wave_point=wp).responses == 2
    assert survey_responses_screen() == 0  # nothing left, nothing counted twice
    assert WavePointTally.objects.get(wave_point=wp).responses == 2


def test_a_retry_of_a_stored_answer_is_not_stored_again(client, settings):
    settings.TASKS = DEFERRED
    wp = make_wave().points.get()
    data = {"q_SAT_OVERALL": "5", "started": old_stamp(wp), "client_uuid": str(uuid.uuid4())}
    assert client.post(answer_url(wp), data).status_code == 302
    assert client.post(answer_url(wp), data).status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_a_remembered_link_of_a_paused_wave_stores_nothing(client, coordinator):
    """The page remembers an open wave's link; pausing the wave must still refuse the next
    answer (here inside a transaction, as with ATOMIC_REQUESTS)."""
    wp = make_wave().points.get()
    data = {"q_SAT_OVERALL": "5", "started": old_stamp(wp)}
    assert client.post(answer_url(wp), data).status_code == 302
    services.survey_wave_pause(actor=coordinator, wave=wp.wave)
    assert client.post(answer_url(wp), data).status_code == 410
    assert SurveyResponse.objects.count() == 1


def test_the_database_refuses_an_unscreened_answer_that_counts():
    wp = make_wave().points.get()
    stored = submit(wp, {"SAT_OVERALL": 5}).response
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.filter(pk=stored.pk).update(screened=False, quarantined=False)


def test_screening_order_decides_not_commit_order(settings):
    """An answer committed late (a lower id screened after a higher one) is judged against
    what was screened before it: of two answers from one device exactly one counts."""
    settings.TASKS = DEFERRED
    wp = make_wave().points.get()
    first = submit(wp, {"SAT_OVERALL": 5}, device_token="same", screen_later=True).response
    second = submit(wp, {"SAT_OVERALL": 2}, device_token="same", screen_later=True).response
    survey_responses_screen(ids=[second.pk])
    survey_responses_screen(ids=[first.pk])
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.quarantine_reasons == []
    assert first.quarantine_reasons == ["duplicate_device"]
    assert counted_and_held(wp.wave) == (1, 1)


def _tally(wp):
    """The point's tally (no row yet = all zero)."""
    fields = ("responses", "overall_n", "overall_sum", "satisfied", "dissatisfied")
    found = WavePointTally.objects.filter(wave_point=wp).values(*fields).first()
    return found or dict.fromkeys(fields, 0)


# --- Deferred screening decides exactly what screening at once decides ----------------------

_submission = st.tuples(
    st.sampled_from(["d1", "d2", "d3", ""]),  # device token ("" = cookies blocked)
    st.sampled_from(["41.1.1.1", "41.1.1.9", "41.1.2.1", "197.5.5.5"]),  # two share a /24
    st.sampled_from([1, 2, 5]),  # SAT_OVERALL
    st.integers(min_value=0, max_value=1800),  # seconds after the previous answer
    st.booleans(),  # honeypot filled
)


class TestDeferredEqualsAtOnce(HypothesisTestCase):
    @hsettings(max_examples=30, deadline=None)
    @given(
        answers=st.lists(_submission, min_size=1, max_size=14),
        chunk=st.integers(min_value=1, max_value=5),
    )
    def test_same_reasons_and_tallies(self, answers, chunk):
        with self.settings(
            RAQIB_SURVEY_RATE_LIMITS={"network": (3, 3600), "device": (2, 3600)},
            RAQIB_SURVEY_DUPLICATE_WINDOW_SECONDS=600,
        ):
            at_once, later = make_wave().points.get(), make_wave().points.get()
            now = timezone.now() - dt.timedelta(days=2)
            stored: dict[str, list[int]] = {"at_once": [], "later": []}
            for device, ip, value, gap, honeypot in answers:
                now += dt.timedelta(seconds=gap)
                for key, wp, later_flag in (("at_once", at_once, False), ("later", later, True)):
                    with self.settings(TASKS=DEFERRED if later_flag else self._immediate()):
                        outcome = submit(
                            wp,
                            {"SAT_OVERALL": value},
                            device_token=device,
                            client_ip=ip,
                            honeypot="x" if honeypot else "",
                            now=now,
                            started=old_stamp(wp, seconds=3600 * 24 * 3),
                            screen_later=later_flag,
                        )
                    stored[key].append(outcome.response.pk)
            # Deferred: screened in chunks, in order (as successive task runs would).
            ids = stored["later"]
            for start in range(0, len(ids), chunk):
                survey_responses_screen(ids=ids[start : start + chunk])

            def reasons(pks):
                rows = SurveyResponse.objects.in_bulk(pks)
                return [rows[pk].quarantine_reasons for pk in pks]

            assert reasons(stored["later"]) == reasons(stored["at_once"])
            tallies = {wp.pk: _tally(wp) for wp in (at_once, later)}
            assert tallies[later.pk] == tallies[at_once.pk]
            # And the running tallies are what a rebuild from the answers finds.
            survey_tallies_rebuild(wave=later.wave)
            assert _tally(later) == tallies[later.pk]

    @staticmethod
    def _immediate():
        return {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_an_answer_is_kept_and_thanked_when_its_screening_cannot_be_queued(
    client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import OperationalError
    from django_tasks.backends.dummy import DummyBackend

    settings.TASKS = DEFERRED

    def refuse(self, task, args, kwargs):
        raise OperationalError("the task table is unreachable")

    monkeypatch.setattr(DummyBackend, "enqueue", refuse)
    wp = make_wave().points.get()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(answer_url(wp), {"q_SAT_OVERALL": "4", "started": old_stamp(wp)})
    assert page.status_code == 302
    stored = SurveyResponse.objects.get()
    assert not stored.screened
    assert survey_responses_screen() == 1  # what the next run (or the command) does
    stored.refresh_from_db()
    assert stored.screened
    assert not stored.quarantined


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_one_insert_checks_the_wave_is_still_open(client, coordinator):
    """The production path (autocommit): the link is remembered after the first answer, and
    the INSERT itself refuses an answer once the wave is paused — nothing stored, the page
    explains."""
    wp = make_wave().points.get()
    data = {"q_SAT_OVERALL": "5", "DRV_COURTESY": "", "started": old_stamp(wp)}
    assert (
        client.post(answer_url(wp), {**data, "client_uuid": str(uuid.uuid4())}).status_code == 302
    )
    stored = SurveyResponse.objects.get()
    assert stored.answers == {"SAT_OVERALL": 5}
    assert stored.interviewer_id is None
    assert stored.screened  # the immediate backend of the tests screened it at once
    assert WavePointTally.objects.get(wave_point=wp).responses == 1
    services.survey_wave_pause(actor=coordinator, wave=wp.wave)
    page = client.post(answer_url(wp), {**data, "client_uuid": str(uuid.uuid4())})
    assert page.status_code == 410
    assert SurveyResponse.objects.count() == 1
