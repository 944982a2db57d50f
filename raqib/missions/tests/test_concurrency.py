"""16 phones' identical writes at the same instant against a live server (real threads).

Runs on the database of the run: SQLite (WAL, busy timeout, IMMEDIATE transactions, see
raqib/settings/base.py) and PostgreSQL. No answer may be a 500; exactly one report and one
photo exist afterwards.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
import uuid

import pytest
from django.conf import settings
from django.test import Client

from raqib.missions.models import Evidence, Report

from .factories import VALID_ANSWERS, image_bytes, make_mission

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

N = 16


def _session(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _together(send):
    """Call send() from N threads released at the same instant; the statuses."""
    barrier = threading.Barrier(N)
    statuses: list[int] = []
    lock = threading.Lock()

    def run():
        barrier.wait()
        try:
            status = send()
        except urllib.error.HTTPError as error:
            status = error.code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=run) for _ in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def test_sixteen_identical_writes_no_500(live_server, observer, coordinator):
    from raqib.core.tests.browser import ensure_territory

    ensure_territory()
    mission = make_mission(actor=coordinator, observer=observer)
    cookie = f"{settings.SESSION_COOKIE_NAME}={_session(observer)}"
    opener = urllib.request.build_opener()
    session = urllib.request.Request(  # noqa: S310 (http to the live server)
        f"{live_server.url}/api/v1/observer/session/", headers={"Cookie": cookie}
    )
    with opener.open(session) as answer:
        token = json.loads(answer.read())["csrf_token"]
        csrf_cookie = answer.headers.get("Set-Cookie", "").split(";")[0]
    headers = {"Cookie": f"{cookie}; {csrf_cookie}", "X-CSRFToken": token}
    report, photo = str(uuid.uuid4()), str(uuid.uuid4())
    base = f"{live_server.url}/api/v1/observer/reports/{report}/"
    body = json.dumps(
        {"mission": mission.pk, "answers": {**VALID_ANSWERS, "Q01": "no", "Q01__photo": photo}}
    ).encode()

    def put_report():
        request = urllib.request.Request(  # noqa: S310 (http to the live server)
            base,
            data=body,
            method="PUT",
            headers={**headers, "Content-Type": "application/json", "If-Match": '"0"'},
        )
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
            return answer.status

    boundary = "RaqibBoundary"
    jpeg = image_bytes()
    multipart = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="criterion"\r\n\r\nQ01\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        + jpeg
        + f"\r\n--{boundary}--\r\n".encode()
    )

    def put_photo():
        request = urllib.request.Request(  # noqa: S310 (http to the live server)
            f"{base}photos/{photo}/",
            data=multipart,
            method="PUT",
            headers={**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
            return answer.status

    def submit():
        request = urllib.request.Request(  # noqa: S310 (http to the live server)
            f"{base}submit/",
            data=b"{}",
            method="POST",
            headers={**headers, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
            return answer.status

    puts = _together(put_report)
    assert len(puts) == N
    assert 500 not in puts, puts
    assert sorted(set(puts)) == [200, 201], puts
    assert puts.count(201) == 1
    photos = _together(put_photo)
    assert 500 not in photos, photos
    assert photos.count(201) == 1, photos
    assert set(photos) == {200, 201}
    submits = _together(submit)
    assert submits == [200] * N, submits
    assert Report.objects.filter(uuid=report).count() == 1
    assert Report.objects.get(uuid=report).status == "submitted"
    assert Evidence.objects.filter(report__uuid=report).count() == 1
